"""Each text's preferred widths measured once for each font, not once for each box that holds it.

WeasyPrint's automatic table layout asks every cell how narrow and how wide it can be, and
answers by laying the cell's text out in Pango once for each line it could break into (every
word, for the narrowest). A report's tables repeat their header words, status words and many of
their values, so in the demo report about half of those 6,144 layouts (0.56 of 4.3 CPU-seconds
of laying out its chapters) measured a text already measured in the same font. Here each answer
is kept by the text, the width asked for and everything of the style that WeasyPrint's text
layout reads (:data:`TEXT_PROPERTIES`; a test checks that list against WeasyPrint's own
source), and given back as it was: the widths, so the layout, are the same.

It relies on how WeasyPrint 70 calls Pango (what ``split_first_line`` returns, and that preferred
widths use only two of its six answers), so it is made only in that version; the font
configuration in the key is the report's, whose stylesheets add no fonts (no ``@font-face``).
A cell of long prose is measured as before, not kept: a process keeps short texts only, and a
bounded number of them, for the web server's long-lived workers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import weasyprint
from weasyprint.layout import preferred

#: Every computed style property that WeasyPrint's ``weasyprint.text`` modules read.
TEXT_PROPERTIES = (
    "direction", "font_family", "font_feature_settings", "font_kerning", "font_language_override",
    "font_size", "font_stretch", "font_style", "font_variant_alternates", "font_variant_caps",
    "font_variant_east_asian", "font_variant_ligatures", "font_variant_numeric", "font_variant_position",
    "font_variation_settings", "font_weight", "hyphenate_character", "hyphenate_limit_chars",
    "hyphenate_limit_zone", "hyphens", "lang", "letter_spacing", "line_height", "overflow_wrap",
    "tab_size", "text_decoration_line", "white_space", "word_break", "word_spacing",
)
KEPT_AT_MOST = 20_000  # answers a process keeps (a report asks for some 3,000 different ones)
LONGEST_KEPT = 200  # characters: a table cell's text; longer ones are measured every time
MADE_FOR = "70."  # the WeasyPrint version whose text layout this relies on

_library: dict[str, Callable[..., tuple]] = {}
_kept: dict[tuple, tuple[Any, float]] = {}


def measure_widths_once() -> bool:
    """Make WeasyPrint's preferred widths measure each text once per font; False for a WeasyPrint
    other than :data:`MADE_FOR` or one that measures them elsewhere (it then measures each as
    before: slower, the same widths)."""
    current = getattr(preferred, "split_first_line", None)
    if current is None or not weasyprint.__version__.startswith(MADE_FOR):
        return False
    if current is not _measured:
        _library["split first line"] = current
        preferred.split_first_line = _measured
    return True


def _measured(text: str, style: Any, context: Any, max_width: float | None, justification_spacing: float,
              is_line_start: bool = True, minimum: bool = False) -> tuple:
    """``split_first_line`` as preferred widths use it: only where the next line starts and the first's width."""
    def measure() -> tuple:
        return _library["split first line"](
            text, style, context, max_width, justification_spacing, is_line_start=is_line_start, minimum=minimum)

    if len(text) > LONGEST_KEPT:
        return measure()
    key = (text, max_width, justification_spacing, is_line_start, minimum, style.font_config,
           tuple(_frozen(style[name]) for name in TEXT_PROPERTIES))
    try:
        found = _kept.get(key)
    except TypeError:  # a style value that cannot be part of a key (none found in WeasyPrint 70 but a set)
        return measure()
    if found is None:
        _, _, resume_index, width, _, _ = measure()
        if len(_kept) >= KEPT_AT_MOST:
            _kept.clear()
        found = _kept[key] = (resume_index, width)
    return None, None, found[0], found[1], None, None


def _frozen(value: Any) -> Any:
    """A style value as a key: an underline's set of lines frozen, anything else as it is."""
    return frozenset(value) if isinstance(value, set) else value
