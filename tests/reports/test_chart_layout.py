"""A chart of one plot is laid out in one measuring pass where it can, as constrained layout lays it out."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.layout_engine import ConstrainedLayoutEngine

from cspkit.reports import chart_layout, charts, style
from cspkit.reports.agg_text import TextCanvas
from cspkit.reports.chart_layout import OneAxesLayout


def _laid_out(engine, *, aspect: str = "auto", legend_labels: int = 6) -> np.ndarray:
    """The axes' box, in pixels, of a chart with the house legend under it, laid out by ``engine``."""
    with style.house_style():
        figure = style.new_figure()
        figure.set_layout_engine(engine)
        engine.set(rect=(0, 0.15, 1, 0.7))
        ax = figure.add_subplot()
        months = pd.date_range("2023-01-01", periods=36, freq="MS")
        for i in range(legend_labels):
            ax.plot(months, 1900 + 100 * np.sin(np.arange(36) / 5 + i), label=f"Series {i}: a label of some length")
        ax.set_aspect(aspect)
        charts._legend(figure, ax)
        figure.set_dpi(style.PNG_DPI)
        TextCanvas(figure).draw()
        return ax.get_position().transformed(figure.transFigure).extents


def test_one_plot_with_a_legend_under_it_fills_the_room_constrained_layout_gives_it():
    # constrained layout's first pass counts the legend's width; its second pass undoes that
    assert np.allclose(_laid_out(OneAxesLayout()), _laid_out(ConstrainedLayoutEngine()), atol=1.0)


def test_a_legend_centred_under_the_plot_needs_room_below_it_not_beside_it():
    with style.house_style():
        figure = style.new_figure()
        ax = figure.add_subplot()
        for i in range(4):
            ax.plot([0, 1], [i, i + 1], label=f"Series {i}: a label long enough to be wider")
        charts._legend(figure, ax)
        figure.set_dpi(style.PNG_DPI)
        renderer = TextCanvas(figure).get_renderer()
        legend = ax.get_legend().get_window_extent(renderer)
        everything = ax.get_tightbbox(renderer, for_layout_only=True)
        room = chart_layout._tight(ax, renderer, figure.bbox.width)
    assert everything.x0 == legend.x0  # the legend is wider than the plot and its tick labels
    assert room.x0 > legend.x0 and room.x1 < legend.x1
    assert room.y0 == legend.y0


def test_a_plot_of_fixed_aspect_is_left_to_constrained_layout():
    assert np.array_equal(_laid_out(OneAxesLayout(), aspect="equal"), _laid_out(ConstrainedLayoutEngine(),
                                                                                aspect="equal"))


def test_a_chart_keeps_the_rect_left_for_its_title_and_source():
    figure = style.new_chart()
    assert isinstance(figure.get_layout_engine(), ConstrainedLayoutEngine)
