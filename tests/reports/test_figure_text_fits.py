"""Every figure's title, subtitle and source line fit the figure: wrapped, never cut off (issue 11),
and figures are reused by the hash of their data."""

from __future__ import annotations

import functools
import gc
import os
import time
from contextlib import suppress

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cspkit.reports import charts, figure_cache, style
from cspkit.reports.document import Document, Paragraph, Section
from cspkit.reports.forked import forked_pool

TITLES = (
    "Violence and sexual offences: Hartbury against its comparators, October 2025 to September 2026",  # was cut
    "Violence and sexual offences: Cannock Chase against its comparators, October 2025 to September 2026",
    "WWWW MMMM QQQQ WWWW MMMM QQQQ WWWW MMMM QQQQ WWWW MMMM QQQQ WWWW MMMM QQQQ WWWW",  # the widest letters
    "Crimes (excluding ASB) per 1,000 residents each quarter: Newcastle-under-Lyme and its comparators",
    "Shoplifting and business crime: hot and cold spots by LSOA in Cannock Chase",
)


@pytest.mark.parametrize("width_cm", [8.0, 12.0, 16.0])
@pytest.mark.parametrize("title", TITLES)
def test_every_line_of_a_figures_text_fits_inside_the_figure(title: str, width_cm: float):
    with style.house_style():
        figure = style.new_figure(width_cm=width_cm, height_cm=8)
        figure.add_subplot().plot([0, 1], [0, 1])
        source = "data.police.uk street-level crime and ASB; ONS mid-2022 population estimates; " * 2
        style.finish(figure, id="f", title=title, alt_text="A line.", source=source, subtitle=title.lower())
    figure.set_dpi(style.PNG_DPI)  # as the PNG in the PDF and Word files is drawn
    renderer = FigureCanvasAgg(figure).get_renderer()
    drawn = {text.get_gid(): text for text in figure.texts}
    assert {"figure-title", "figure-subtitle", "figure-source"} <= set(drawn)
    for gid in ("figure-title", "figure-subtitle", "figure-source"):
        box = drawn[gid].get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= figure.bbox.width, (gid, box.x1, figure.bbox.width)
    # Wrapped, not truncated: the lines hold every word of the title, in order.
    assert drawn["figure-title"].get_text().split() == title.split()


def _chart(values: list[float]):
    frame = pd.DataFrame({"place": [f"LSOA {i}" for i in range(len(values))], "count": values})
    return charts.concentration_chart(frame, id="c", title="The LSOAs with most crime", source="test", unit="Crimes")


def test_a_figure_is_drawn_once_for_the_same_data_and_again_when_its_data_change(tmp_path):
    hits, misses = figure_cache.stats()
    with figure_cache.use_folder(tmp_path):
        first = _chart([5.0, 3.0, 2.0, 1.0])
        again = _chart([5.0, 3.0, 2.0, 1.0])
        changed = _chart([5.0, 3.0, 2.0, 9.0])
    assert again is first and changed.png != first.png
    assert figure_cache.stats() == (hits + 1, misses + 2)
    assert len(list(tmp_path.glob("*.pickle"))) == 2
    figure_cache._memory.clear()  # a new process: the folder still has it
    with figure_cache.use_folder(tmp_path):
        reread = _chart([5.0, 3.0, 2.0, 1.0])
    assert reread.png == first.png and figure_cache.stats() == (hits + 2, misses + 2)


def test_figures_drawn_in_parallel_are_those_drawn_in_turn_and_counted_once(tmp_path):
    def compose() -> list:
        return [_chart([5.0, 3.0, 2.0, float(n)]) for n in range(3)]

    in_turn = compose()
    figure_cache._memory.clear()
    hits, misses = figure_cache.stats()
    with figure_cache.use_folder(tmp_path):
        in_parallel = figure_cache.compose_in_parallel(compose)
    assert [f.png for f in in_parallel] == [f.png for f in in_turn] and all(f.png for f in in_parallel)
    assert figure_cache.stats() == (hits, misses + 3) and len(list(tmp_path.glob("*.pickle"))) == 3
    figure_cache._memory.clear()
    with figure_cache.use_folder(tmp_path):
        figure_cache.compose_in_parallel(compose)
    assert figure_cache.stats() == (hits + 3, misses + 3)


def test_a_composition_whose_figures_are_all_kept_runs_once(tmp_path):
    runs = []

    def compose() -> list:
        runs.append(1)
        return [_chart([6.0, 2.0, float(n)]) for n in range(2)]

    figure_cache._memory.clear()
    with figure_cache.use_folder(tmp_path):
        figure_cache.compose_in_parallel(compose)
        assert len(runs) == 2  # with stand-ins, then with the figures drawn
        runs.clear()
        kept = figure_cache.compose_in_parallel(compose)
    assert len(runs) == 1 and all(f.png.startswith(b"\x89PNG") for f in kept)


def test_a_composition_the_stand_ins_upset_is_composed_again_once_its_figures_are_drawn():
    def compose() -> bytes:
        figure = _chart([7.0, 4.0, 1.0])
        if not figure.png:
            raise ValueError("no image")
        return figure.png

    figure_cache._memory.clear()
    hits, misses = figure_cache.stats()
    assert figure_cache.compose_in_parallel(compose).startswith(b"\x89PNG")
    assert figure_cache.stats() == (hits, misses + 1)


def test_a_figure_drawn_for_the_evidence_page_is_copied_not_drawn_again(tmp_path):
    assessment, report = tmp_path / "assessment" / ".figures", tmp_path / "report" / ".figures"
    with figure_cache.use_folder(assessment):
        drawn = _chart([9.0, 3.0, 1.0])
    figure_cache._memory.clear()
    hits, misses = figure_cache.stats()
    with figure_cache.use_folder(report, also=[assessment, tmp_path / "no such folder"]):
        again = _chart([9.0, 3.0, 1.0])
    assert figure_cache.stats() == (hits + 1, misses) and again.png == drawn.png
    assert [p.name for p in report.glob("*.pickle")] == [p.name for p in assessment.glob("*.pickle")]
    figure_cache._memory.clear()
    with figure_cache.use_folder(report):  # the report's own folder now has it
        _chart([9.0, 3.0, 1.0])
    assert figure_cache.stats() == (hits + 2, misses)


def _write(path, text: str) -> None:
    path.write_text(text)


def _keep(path, figures) -> None:
    path.write_bytes(b"".join(figures[key].png for key in sorted(figures)) or b"none")


def test_work_given_meanwhile_runs_beside_the_drawing_and_its_failure_is_left_to_a_later_step(tmp_path):
    def compose() -> list:
        return [_chart([4.0, 3.0, float(n)]) for n in range(2)]

    def meanwhile(planned: list) -> list:
        assert all(figure_cache.is_stand_in(figure) for figure in planned)  # before any figure is drawn
        return [functools.partial(_write, tmp_path / "ahead.txt", "laid out"), functools.partial(divmod, 1, 0)]

    figure_cache._memory.clear()
    composed = figure_cache.compose_in_parallel(compose, meanwhile=meanwhile)
    assert (tmp_path / "ahead.txt").read_text() == "laid out"  # written by a process of the pool
    assert all(figure.png.startswith(b"\x89PNG") for figure in composed)
    figure_cache._memory.clear()
    with figure_cache.use_folder(tmp_path / "kept"):
        figure_cache.compose_in_parallel(compose)
        (tmp_path / "ahead.txt").unlink()
        figure_cache.compose_in_parallel(compose, meanwhile=meanwhile)  # every figure kept: nothing to overlap
    assert not (tmp_path / "ahead.txt").exists()


def test_work_waiting_for_figures_is_given_them_as_drawn_and_the_rest_runs_beside_the_drawing(tmp_path):
    def chart(n: int):
        frame = pd.DataFrame({"place": ["LSOA A", "LSOA B"], "count": [8.0, float(n)]})
        return charts.concentration_chart(frame, id=f"c{n}", title="The LSOAs with most crime", source="test",
                                          unit="Crimes")

    def compose() -> list:
        return [chart(n) for n in range(3)]

    def meanwhile(planned: list) -> list:  # work is sent to the drawing processes: it must pickle
        return [figure_cache.Work(functools.partial(_keep, tmp_path / "first-two"), frozenset({"c0", "c1"}), size=1.0),
                figure_cache.Work(functools.partial(_keep, tmp_path / "alone")),
                figure_cache.Work(functools.partial(_keep, tmp_path / "never"), frozenset({"no such figure"}))]

    figure_cache._memory.clear()
    composed = figure_cache.compose_in_parallel(compose, meanwhile=meanwhile)
    assert (tmp_path / "first-two").read_bytes() == composed[0].png + composed[1].png
    assert (tmp_path / "alone").read_bytes() == b"none"
    assert not (tmp_path / "never").exists()  # waits for a figure nobody draws: left to a later step


@figure_cache.cached
def _drawn_where(folder, id: str):
    """A figure that says which process drew it (found by name, as the drawing processes find figures)."""
    (folder / f"{id}.pid").write_text(str(os.getpid()))
    return _chart([5.0, 4.0, 2.0])


def test_figures_are_drawn_in_another_process_while_the_composition_is_still_running(tmp_path):
    seen = []

    def compose() -> list:
        first = _drawn_where(tmp_path, id="early")
        marker, waited = tmp_path / "early.pid", 0.0
        while not marker.exists() and waited < 30:  # drawn meanwhile, or never before this returns
            time.sleep(0.05)
            waited += 0.05
        seen.append(marker.exists() and marker.read_text())
        return [first, _drawn_where(tmp_path, id="late")]

    figure_cache._memory.clear()
    composed = figure_cache.compose_in_parallel(compose, given=lambda first, drawn: [drawn[f.id] for f in first])
    assert seen[0] and seen[0] != str(os.getpid())  # drawn by a drawing process before composing ended
    assert len(seen) == 1 and all(figure.png.startswith(b"\x89PNG") for figure in composed)  # composed once


def test_the_drawn_figures_are_given_to_the_first_composition_which_is_not_composed_again():
    runs = []

    def compose() -> Document:
        runs.append(1)
        charts_ = [charts.concentration_chart(pd.DataFrame({"place": ["A", "B"], "count": [6.0, float(n)]}),
                                              id=f"g{n}", title="Most crime", source="test", unit="Crimes")
                   for n in range(2)]
        return Document("T", [Section("s", "S", [Paragraph("Two charts."), *charts_])])

    figure_cache._memory.clear()
    composed = figure_cache.compose_in_parallel(compose, given=Document.with_figures)
    figure_cache._memory.clear()
    assert len(runs) == 1 and composed == compose()  # as if composed with the figures drawn
    assert not any(figure_cache.is_stand_in(figure) for figure in composed.figures())


def test_a_composition_that_reads_a_figure_still_being_drawn_is_composed_again_not_given_the_figures():
    titles = []

    def compose() -> list:
        figure = _chart([3.0, 2.0, 1.5])
        with suppress(Exception):  # even when the composition hides it, reading a stand-in is noticed
            titles.append(figure.title)
        return [figure]

    def given(first: list, drawn: dict) -> list:
        raise AssertionError("a composition that read a stand-in must not be given the drawn figures")

    figure_cache._memory.clear()
    composed = figure_cache.compose_in_parallel(compose, given=given)
    assert composed[0].png.startswith(b"\x89PNG") and titles == [composed[0].title]


def _frozen_here() -> int:
    return gc.get_freeze_count()


def test_a_forked_process_is_started_with_its_parents_objects_frozen_and_the_parent_thawed():
    made_before = [[n] for n in range(1000)]  # objects the collector tracks, made before the fork
    assert gc.get_freeze_count() == 0
    with forked_pool(1) as pool:
        frozen_there = pool.submit(_frozen_here).result()
    assert frozen_there >= len(made_before)  # the child's collector never looks at what it inherited
    assert gc.get_freeze_count() == 0  # while the parent's goes on as before


_started: list[str] = []


def _note_started() -> None:
    _started.append("the caller's first step")


def _collecting_here() -> tuple[bool, list[str]]:
    return gc.isenabled(), list(_started)


def test_a_forked_process_does_not_collect_and_still_runs_the_callers_first_step():
    with forked_pool(1, initializer=_note_started) as pool:
        collecting, started = pool.submit(_collecting_here).result()
    assert (collecting, started) == (False, ["the caller's first step"])  # its garbage goes when it ends
    assert gc.isenabled() and not _started  # the parent collects as before


@figure_cache.cached
def _drawn_with(how, id: str):
    """A figure drawn with ``how``: a function another process cannot be sent (a lambda), or one that fails."""
    how()
    return _chart([8.0, 5.0, 3.0])


def test_a_figure_no_drawing_process_can_draw_is_drawn_here_and_its_error_raised_here():
    figure_cache._memory.clear()
    composed = figure_cache.compose_in_parallel(lambda: [_drawn_with(lambda: None, id="unsent")],
                                                given=lambda first, drawn: [drawn[f.id] for f in first])
    assert composed[0].png.startswith(b"\x89PNG")  # its argument would not pickle: drawn in this process

    def fails() -> None:
        raise ValueError("no LSOA boundaries for this map")

    def compose() -> list:
        with suppress(Exception):  # a composition that drops a figure it cannot have
            return [_drawn_with(fails, id="failing"), _chart([2.0, 1.0])]
        return []

    with pytest.raises(ValueError, match="no LSOA boundaries"):  # not a stand-in left in the report
        figure_cache.compose_in_parallel(compose, given=lambda first, drawn: [drawn.get(f.id, f) for f in first])


def test_two_figures_given_one_id_are_each_put_where_they_belong():
    def compose() -> list:
        return [_chart([5.0, 4.0, float(n)]) for n in range(3)]  # each with the id "c"

    in_turn = compose()
    figure_cache._memory.clear()
    composed = figure_cache.compose_in_parallel(compose, given=lambda first, drawn: [drawn[f.id] for f in first])
    assert [f.png for f in composed] == [f.png for f in in_turn] and len({f.png for f in composed}) == 3


@figure_cache.cached
def _named_in_turn(name: str):
    return _chart([4.0, 1.0, float(len(name))])


def test_a_stand_in_left_in_what_given_returns_is_not_returned():
    def compose() -> list:  # no id given by name: the stand-in cannot be matched to its figure
        return [_named_in_turn("unnamed")]

    figure_cache._memory.clear()
    composed = figure_cache.compose_in_parallel(compose, given=lambda first, drawn: [drawn.get(f.id, f) for f in first])
    assert not figure_cache.is_stand_in(composed[0]) and composed[0].png.startswith(b"\x89PNG")


def test_a_figure_drawn_before_in_this_process_is_kept_in_each_folder_it_is_asked_for_in(tmp_path):
    figure_cache._memory.clear()
    with figure_cache.use_folder(tmp_path / "first"):
        _chart([6.0, 6.0, 1.0])
    with figure_cache.use_folder(tmp_path / "second"):  # found in memory: the evidence page's folder needs it too
        _chart([6.0, 6.0, 1.0])
    assert len(list((tmp_path / "second").glob("*.pickle"))) == 1
