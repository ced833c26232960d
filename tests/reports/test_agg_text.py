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
