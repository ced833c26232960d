"""Constrained layout for a chart of one plot, measured once where matplotlib measures twice.

Constrained layout measures everything round the axes (tick labels, axis labels, the legend)
twice, because tick labels can change once the axes are resized; measuring is a good part of
drawing a chart. With one plot the layout is simple: the axes fill the room left, less what
sticks out round them and a pad. So this measures once, at about the final size, places the axes,
and measures again only when the new size changed the ticks (as constrained layout's second pass).
Anything else (several axes, a fixed aspect, colorbars) is left to constrained layout.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.transforms import Bbox


class OneAxesLayout(ConstrainedLayoutEngine):
    """:class:`ConstrainedLayoutEngine` (same settings, same ``rect``) that lays out one plot in a pass."""

    def execute(self, fig: Figure):
        axes = [ax for ax in fig.axes if ax.get_in_layout()]
        if len(axes) != 1 or fig.subfigs or not _plain(axes[0]):
            return super().execute(fig)
        ax = axes[0]
        width, height = fig.get_size_inches()
        pads = self._params["w_pad"] / width, self._params["h_pad"] / height
        renderer = fig._get_renderer()
        start = ax.get_position(original=True).frozen()
        ax._set_position(_first_guess(ax, renderer, self._params["rect"], pads))
        for _ in range(2):  # as constrained layout: a second pass only if the first changed the ticks
            ticks = _ticks(ax)
            tight = _tight(ax, renderer, fig.bbox.width)
            if tight is None:  # constrained layout, from where it would have started
                ax._set_position(start)
                return super().execute(fig)
            ax._set_position(_placed(ax, tight, self._params["rect"], pads))
            if _same(_ticks(ax), ticks):
                break
        return None


def _plain(ax: Axes) -> bool:
    """Whether the axes are a subplot whose box may take any shape (no fixed aspect, no colorbars)."""
    return ax.get_subplotspec() is not None and ax.get_aspect() == "auto" and not ax._colorbars


def _first_guess(ax: Axes, renderer, rect, pads: tuple[float, float]) -> Bbox:
    """Where to measure first: reaching the room's top and right, and down to the legend hanging
    under it. The number of ticks follows the axes' size, and tick labels near an end stick out by
    more or less with it, so measuring at about the final size usually finds the final ticks and
    margins, and one pass is enough. (The left margin, the value labels' width, is not known yet.)"""
    box = ax.get_position(original=True)
    legend = ax.get_legend()
    if legend is None or not legend.get_in_layout():
        return box
    fig = ax.get_figure(root=True)
    under = box.y0 - fig.transFigure.inverted().transform_bbox(legend.get_window_extent(renderer)).y0
    left, bottom, room_w, room_h = rect
    w_pad, h_pad = pads
    return Bbox.from_extents(box.x0, bottom + h_pad + under, left + room_w - w_pad, bottom + room_h - h_pad)


def _tight(ax: Axes, renderer, width: float) -> Bbox | None:
    """What the layout must leave room for round the axes, in pixels, or None where this layout cannot.

    The legend under a chart is centred on the figure (``charts._legend``), so it does not move
    sideways with the axes: only its height counts. Constrained layout counted its width too, in
    its first pass, then undid it in the second once the axes had moved out from under it; a legend
    that does not fit the figure's width is left to constrained layout as before.
    """
    legend = ax.get_legend()
    if legend is None or not legend.get_in_layout():
        return ax.get_tightbbox(renderer, for_layout_only=True)
    under = legend.get_window_extent(renderer)
    if under.x0 < 0 or under.x1 > width:
        return None
    legend.set_in_layout(False)
    try:
        tight = ax.get_tightbbox(renderer, for_layout_only=True)
    finally:
        legend.set_in_layout(True)
    return Bbox.from_extents(tight.x0, min(tight.y0, under.y0), tight.x1, max(tight.y1, under.y1))


def _placed(ax: Axes, tight: Bbox, rect, pads: tuple[float, float]) -> Bbox:
    """The axes' box in the room ``rect`` (left, bottom, width, height), in figure fractions, that
    leaves round it what stuck out of its current box in ``tight`` (pixels) and the pads."""
    fig = ax.get_figure(root=True)
    tight = fig.transFigure.inverted().transform_bbox(tight)
    box = ax.get_position(original=True)
    w_pad, h_pad = pads
    left, bottom, room_w, room_h = rect
    return Bbox.from_extents(left + w_pad + box.x0 - tight.x0, bottom + h_pad + box.y0 - tight.y0,
                             left + room_w - w_pad - (tight.x1 - box.x1),
                             bottom + room_h - h_pad - (tight.y1 - box.y1))


def _ticks(ax: Axes) -> tuple[np.ndarray, np.ndarray]:
    """Where the major ticks fall at the axes' current size (their labels follow from them)."""
    return ax.xaxis.get_majorticklocs(), ax.yaxis.get_majorticklocs()


def _same(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
