"""The canvas that remembers text draws exactly the pixels matplotlib's own Agg canvas draws."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cspkit.reports import agg_text, style


def _figure(shift: float):
    """Texts of several sizes, weights, angles and colours, some repeated at other fractions of a pixel."""
    figure = style.new_figure()
    ax = figure.add_subplot()
    ax.plot([0, 1, 2], [3, 1, 2], label="Recorded")
    ax.set_xlabel("Crimes per 1,000 residents (lines show 95% confidence intervals)")
    ax.set_ylabel("Cumulative share of crimes")
    ax.legend(loc="upper right")
    for i, y in enumerate((0.1, 0.37, 0.6413)):
        figure.text(0.05 + shift + i * 0.0031, y, "Source: data.police.uk; ONS mid-2022 population estimates",
                    fontsize=style.SOURCE_SIZE)
    figure.text(0.3 + shift, 0.8, "Title over\ntwo lines", fontsize=style.TITLE_SIZE, fontweight="bold")
    figure.text(0.9, 0.5 + shift, "Rotated label", rotation=33, color=style.VERMILLION)
    figure.text(0.6, 0.2 + shift, "Not antialiased", antialiased=False)
    return figure


def _pixels(canvas_type, shift: float) -> np.ndarray:
    with style.house_style():
        figure = _figure(shift)
        canvas = canvas_type(figure)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("shift", [0.0, 0.0137])
def test_text_drawn_from_what_is_remembered_is_pixel_for_pixel_agg(shift: float):
    agg_text._GLYPHS.clear()
    agg_text._SHAPES.clear()
    first = _pixels(agg_text.TextCanvas, shift)  # shapes and renders every glyph
    again = _pixels(agg_text.TextCanvas, shift + 0.0005)  # mostly from the stores, at other positions
    assert np.array_equal(first, _pixels(FigureCanvasAgg, shift))
    assert np.array_equal(again, _pixels(FigureCanvasAgg, shift + 0.0005))
    assert agg_text._GLYPHS and agg_text._SHAPES


def test_a_full_store_is_emptied_not_grown(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(agg_text, "_LIMIT", 3)
    store: dict = {}
    for key in range(7):
        agg_text._remember(store, (key,), key)
    assert len(store) <= 3 and store[(6,)] == 6


def test_each_thread_shapes_with_its_own_fonts_and_draws_what_agg_draws():
    """matplotlib gives each thread its own FreeType fonts; a shape kept by one thread must not hand
    its font to another, which could set its size while the first renders (the web server's threads)."""
    import threading

    agg_text._SHAPES.clear()
    drawn: dict[str, np.ndarray] = {}
    both_alive = threading.Barrier(2)  # a thread that has ended may lend its identity to the next

    def draw(name: str) -> None:
        drawn[name] = _pixels(agg_text.TextCanvas, 0.0)
        both_alive.wait(timeout=60)

    threads = [threading.Thread(target=draw, args=(f"t{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fonts_by_thread: dict[int, set[int]] = {}
    for key, shape in agg_text._SHAPES.items():
        fonts_by_thread.setdefault(key[-1], set()).update(id(font) for font, *_ in shape)
    assert len(fonts_by_thread) == 2 and not set.intersection(*fonts_by_thread.values())
    assert np.array_equal(drawn["t0"], drawn["t1"])
    assert np.array_equal(drawn["t0"], _pixels(FigureCanvasAgg, 0.0))


def _shapes_in_child(_: int) -> int:
    return len(agg_text._SHAPES) + len(agg_text._GLYPHS)


def test_a_forked_process_does_not_read_glyphs_through_its_parents_fonts():
    """A font reads its file through a descriptor that forked processes share: two drawing processes
    using the parent's kept fonts at once read each other's bytes (FreeType's "invalid outline")."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _pixels(agg_text.TextCanvas, 0.0)
    assert agg_text._SHAPES and agg_text._GLYPHS
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(_shapes_in_child, 0).result() == 0
    assert agg_text._SHAPES  # the parent keeps its own
