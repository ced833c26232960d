"""An Agg canvas that measures and rasterises each piece of text once per process, not once per figure.

Text is most of the cost of drawing a chart: FreeType shapes a line at tens of microseconds a
character and renders every glyph of it, and matplotlib gives every figure a renderer of its own,
so the same source line, legend label and tick label were measured, shaped and rendered again for
every chart (and measured once more when the title was wrapped). Here a text's size, its shaping
and each glyph's bitmap (at its position within a pixel) are kept for the process, so a repeat
costs only the copying of its glyphs onto the image: the pixels are exactly those Agg draws.

Glyphs are drawn this way only where matplotlib shapes text as 3.11 does (``FT2Font._layout``) and
the text is plain; mathtext, font features, languages and older matplotlib use Agg's own drawing.
"""

from __future__ import annotations

import math
import os
import threading
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import FT2Font, RenderMode

_LIMIT = 20_000  # entries in each store before it is emptied: a long-running server must not grow without end
_SIZES: dict[tuple, tuple[float, float, float]] = {}
_SHAPES: dict[tuple, tuple[tuple[Any, float, int, float, float], ...]] = {}
_GLYPHS: dict[tuple, tuple[np.ndarray, int, int]] = {}
_HEIGHTS: dict[tuple, tuple[float | None, float | None, float | None]] = {}
_SHAPES_GLYPHS = all(hasattr(FT2Font, name) for name in ("_layout", "_render_glyph", "_set_transform"))


def _forget_fonts() -> None:
    """In a process just forked: the kept shapes hold the parent's fonts, and a font reads its file
    through a descriptor the processes share, so two children reading glyphs of one font at once read
    each other's bytes ("invalid outline"). matplotlib empties its own font cache at a fork for this
    reason; the shapes and the glyphs keyed by those fonts go too (sizes and heights are numbers only)."""
    _SHAPES.clear()
    _GLYPHS.clear()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_forget_fonts)


class TextRenderer(RendererAgg):
    """Agg's renderer, remembering text sizes, shapes and glyph bitmaps across figures."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath == "TeX":
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, prop.copy(), ismath, self.dpi)  # a copy: FontProperties are mutable
        size = _SIZES.get(key)
        if size is None:
            size = _remember(_SIZES, key, super().get_text_width_height_descent(s, prop, ismath))
        return size

    def _get_font_height_metrics(self, prop) -> tuple[float | None, float | None, float | None]:
        """A font's ascent, descent and line gap, as ``Text`` lays out every line (matplotlib 3.11 asks
        a renderer for them first, else finds the font and reads its tables for every text it places).

        Worked out as ``Text._get_layout`` does, at the renderer's resolution (the figure's, in Agg).
        """
        key = (prop.copy(), self.dpi)
        heights = _HEIGHTS.get(key)
        if heights is None:
            heights = _remember(_HEIGHTS, key, _font_heights(prop, self.dpi))
        return heights

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or not _SHAPES_GLYPHS or (mtext is not None and (mtext.get_fontfeatures() is not None
                                                                   or mtext.get_language() is not None)):
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags, mono = get_hinting_flag(), not gc.get_antialiased()
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        for font, size, glyph, dx, dy in self._shape(s, prop, flags):  # dy is upwards
            # the glyph's origin in FreeType's 26.6 fixed point, y upwards, as Agg's own drawing places it
            fx = round(0x40 * (x + dx * cos - dy * sin))
            fy = round(0x40 * (self.height - y + dx * sin + dy * cos))
            key = (font, size, self.dpi, glyph, angle, fx % 0x40, fy % 0x40, flags, mono)
            bitmap = _GLYPHS.get(key) or _remember(_GLYPHS, key, self._render(font, size, glyph, matrix, key))
            buffer, left, top = bitmap
            self._renderer.draw_text_image(buffer, left + fx // 0x40,
                                           int(self.height) - (top + fy // 0x40) + buffer.shape[0], 0, gc)

    def _shape(self, s: str, prop, flags) -> tuple[tuple[Any, float, int, float, float], ...]:
        """Each glyph of ``s`` as (font, size, glyph index, x, y), shaped once per text, font and resolution."""
        # per thread: matplotlib gives each thread its own FreeType fonts (one font's size and
        # transform set by two threads at once would render wrong glyphs), and a shape holds its font
        key = (s, prop.copy(), self.dpi, flags, threading.get_ident())
        shape = _SHAPES.get(key)
        if shape is None:
            size = prop.get_size_in_points()
            items = self._prepare_font(prop)._layout(s, flags=flags)
            shape = _remember(_SHAPES, key, tuple((item.ft_object, size, item.glyph_index, item.x, item.y)
                                                  for item in items))
        return shape

    def _render(self, font, size: float, glyph: int, matrix: np.ndarray, key: tuple) -> tuple[np.ndarray, int, int]:
        """The glyph's bitmap at its position within a pixel, and its offset from the origin's whole pixel.

        Moving a glyph by whole pixels moves its bitmap and nothing else, so one rendering serves
        every place the glyph falls at the same fraction of a pixel.
        """
        *_, phase_x, phase_y, flags, mono = key
        font.set_size(size, self.dpi)
        font._set_transform(matrix, [phase_x, phase_y])
        bitmap = font._render_glyph(glyph, flags, RenderMode.MONO if mono else RenderMode.NORMAL)
        buffer = bitmap.buffer * 0xFF if mono else bitmap.buffer.copy()
        return buffer, bitmap.left, bitmap.top


class TextCanvas(FigureCanvasAgg):
    """Agg's canvas, drawing with a :class:`TextRenderer`."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if getattr(self, "_lastKey", None) != key:  # as FigureCanvasAgg decides to make a new renderer
            self.renderer = TextRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def _font_heights(prop, dpi: float) -> tuple[float | None, float | None, float | None]:
    """(ascent, descent, line gap) from the font's OS/2 or hhea table, in the arithmetic of
    ``matplotlib.text.Text._get_layout`` so the numbers are the same to the last bit."""
    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"), ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
        return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None


def _remember(store: dict, key: tuple, value):
    """Keep ``value`` under ``key``, emptying the store first when it is full; return the value."""
    if len(store) >= _LIMIT:
        store.clear()
    store[key] = value
    return value
