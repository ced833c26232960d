"""The one house style for every chart and map: colours, fonts, sizes, title and source lines.

Colours are the Okabe-Ito palette, which people with any common colour-vision deficiency
can tell apart; because colour alone does not survive a black-and-white printer, every
series also has its own marker and line style, and every map class its own lightness.
Text is Liberation Sans (metrically identical to Arial, the GOV.UK typeface) where it is
installed, otherwise DejaVu Sans, which ships with matplotlib.

References
----------
Okabe, M. and Ito, K. (2008) *Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
Government Analysis Function (2023) *Data visualisation: charts*.
https://analysisfunction.civilservice.gov.uk/policy-store/data-visualisation-charts/
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from cspkit.reports.document import Figure, Table
from cspkit.reports.png import png_bytes

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

# matplotlib is imported inside the functions that draw, so the writers (which only need the
# colours) and the web pages that use them do not pay for loading it.

CM = 1 / 2.54
WIDTH_CM = 16.0  # the text width of an A4 page with 2.5 cm margins
HEIGHT_CM = 9.0
PNG_DPI = 150  # print quality at full text width (A4), and half the encoding time of 200

# Okabe-Ito, named for what they are used for.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#767676"  # the lightest grey with 4.5:1 contrast on white (WCAG AA)
LIGHT_GREY = "#D9D9D9"
TEXT = "#0B0C0C"  # GOV.UK text colour

FOCUS = BLUE  # the partnership's own line, bar or point


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn: colour, marker and line style, so it survives greyscale."""

    color: str
    marker: str
    linestyle: str


#: Series in the order they are used: the partnership first, then its comparators.
SERIES = (
    SeriesStyle(BLUE, "o", "-"),
    SeriesStyle(BLACK, "s", "--"),
    SeriesStyle(VERMILLION, "^", ":"),
    SeriesStyle(GREEN, "D", "-."),
    SeriesStyle(PURPLE, "v", (0, (5, 2, 1, 2, 1, 2))),
    SeriesStyle(ORANGE, "P", (0, (1, 1))),
    SeriesStyle(SKY_BLUE, "X", (0, (8, 3))),
)

#: Significance compared with a benchmark: a colour, a marker and always a word.
SIGNIFICANCE = {
    "higher": SeriesStyle(VERMILLION, "^", "-"),
    "similar": SeriesStyle(GREY, "o", "-"),
    "lower": SeriesStyle(BLUE, "v", "-"),
    "neutral": SeriesStyle(BLACK, "o", "-"),
}

#: Pale fills for table cells by status tone; the words in the cell carry the meaning.
CELL_FILLS = {
    "higher": "#F6C8A5",
    "similar": "#EDEDED",
    "lower": "#BFDDF0",
    "neutral": "#FFFFFF",
}

#: Five map classes, light to dark (ColorBrewer YlGnBu): ordered in lightness, so also in greyscale.
SEQUENTIAL = ("#FFFFCC", "#A1DAB4", "#41B6C4", "#2C7FB8", "#253494")

#: Hot and cold spots (ColorBrewer RdBu, safe for colour-blind readers), strongest first.
HOT = ("#B2182B", "#EF8A62", "#FDDBC7")
COLD = ("#2166AC", "#67A9CF", "#D1E5F0")
NO_DATA = "#FFFFFF"

TITLE_SIZE = 11.0
SUBTITLE_SIZE = 9.0
BODY_SIZE = 8.5
SOURCE_SIZE = 7.5


@cache
def font_family() -> str:
    """Liberation Sans (Arial's metric twin) if installed, else matplotlib's bundled DejaVu Sans."""
    from matplotlib import font_manager

    wanted = ("Liberation Sans", "Arial", "Helvetica")
    installed = {font.name for font in font_manager.fontManager.ttflist}
    if not installed.intersection(wanted):
        # matplotlib keeps a cache of the fonts it found the first time it ran: fonts installed
        # since (scripts/system-packages installs fonts-liberation) are looked for on disk.
        for path in font_manager.findSystemFonts(fontext="ttf"):
            if Path(path).name.startswith(("LiberationSans-", "Arial")):
                font_manager.fontManager.addfont(path)
        installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in wanted:
        if name in installed:
            return name
    return "DejaVu Sans"


def font_fallback_note() -> str | None:
    """What to tell the person writing a report when its typeface is missing, else None.

    Without Liberation Sans (or Arial) the charts and the PDF fall back to DejaVu Sans, which is
    wider, so tables and labels no longer fit as designed; nothing in the files themselves shows it.
    """
    family = font_family()
    if family in {"Liberation Sans", "Arial"}:
        return None
    return (f"Liberation Sans (or Arial) is not installed, so the charts and the PDF use {family} instead, "
            "which is wider. Install it with: sudo apt-get install fonts-liberation")


def rc() -> dict[str, object]:
    """matplotlib settings for the house style (used through :func:`house_style`)."""
    return {
        "font.family": [font_family()],
        "font.size": BODY_SIZE,
        "text.color": TEXT,
        "axes.edgecolor": GREY,
        "axes.labelcolor": TEXT,
        "axes.labelsize": BODY_SIZE,
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": LIGHT_GREY,
        "grid.linewidth": 0.6,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "xtick.labelsize": BODY_SIZE,
        "ytick.labelsize": BODY_SIZE,
        "legend.frameon": False,
        "legend.fontsize": BODY_SIZE,
        "lines.linewidth": 1.8,
        "lines.markersize": 5,
        "hatch.color": GREY,
    }


@contextmanager
def house_style() -> Iterator[None]:
    """Draw inside this block to get the house style without touching global matplotlib state."""
    import matplotlib

    with matplotlib.rc_context(rc()):
        yield


def new_figure(width_cm: float = WIDTH_CM, height_cm: float = HEIGHT_CM) -> MplFigure:
    """An empty figure of the given size, not registered with pyplot (no global state, no leaks)."""
    from matplotlib.figure import Figure as MplFigure

    return MplFigure(figsize=(width_cm * CM, height_cm * CM), layout="constrained")


def new_chart(width_cm: float = WIDTH_CM, height_cm: float = HEIGHT_CM) -> MplFigure:
    """An empty figure for a chart of one plot: laid out as :func:`new_figure`'s, measured once
    instead of twice where the plot's ticks allow (``chart_layout``)."""
    from cspkit.reports.chart_layout import OneAxesLayout

    figure = new_figure(width_cm, height_cm)
    figure.set_layout_engine(OneAxesLayout())
    return figure


def finish(
    figure: MplFigure,
    *,
    id: str,
    title: str,
    alt_text: str,
    source: str,
    subtitle: str = "",
    data: Table | None = None,
    footnote: str = "",
) -> Figure:
    """Add the title, subtitle (units) and source line, then render to PNG.

    The title and source are drawn on the image as well as kept on the returned figure, so
    a chart copied out of the report on its own still says what it shows and where from.
    """
    if not title.strip() or not alt_text.strip() or not source.strip():
        raise ValueError(f"figure {id!r}: every chart needs a title, alt text and a source line")
    width_in, height_in = figure.get_size_inches()
    frame = _frame_text(figure, title, subtitle, source, footnote)
    left, pt = 4 / 72 / width_in, 1 / 72
    figure.text(left, 1 - 4 * pt / height_in, "\n".join(frame.title), ha="left", va="top",
                fontsize=TITLE_SIZE, fontweight="bold", linespacing=1.2, gid="figure-title")
    if frame.subtitle:
        figure.text(left, 1 - (4 + len(frame.title) * TITLE_SIZE * 1.3) * pt / height_in,
                    "\n".join(frame.subtitle), ha="left", va="top", fontsize=SUBTITLE_SIZE, color=TEXT,
                    gid="figure-subtitle")
    figure.text(left, 3 * pt / height_in, "\n".join(frame.foot), ha="left", va="bottom",
                fontsize=SOURCE_SIZE, color=TEXT, linespacing=1.25, gid="figure-source")
    _set_rect(figure, frame)
    png = _png(figure, title, alt_text)
    return Figure(id=id, title=title, alt_text=alt_text, png=png, source=source,
                  width_cm=width_in / CM, height_cm=height_in / CM, data=data)


@dataclass(frozen=True)
class _Frame:
    """The lines of a figure's title, subtitle and source, as wrapped to fit its width."""

    title: list[str]
    subtitle: list[str]
    foot: list[str]


_FRAMES: dict[tuple, _Frame] = {}


def _frame_text(figure: MplFigure, title: str, subtitle: str, source: str, footnote: str) -> _Frame:
    """The wrapped lines, measured once per width and text: a map asks for them several times while
    it is laid out, and measuring is a good part of its drawing time."""
    from matplotlib import rcParams

    key = (round(float(figure.get_size_inches()[0]), 4), tuple(rcParams["font.family"]), title, subtitle, source,
           footnote)
    if key not in _FRAMES:
        if len(_FRAMES) > 512:
            _FRAMES.clear()
        _FRAMES[key] = _measure_frame(figure, title, subtitle, source, footnote)
    return _FRAMES[key]


def _measure_frame(figure: MplFigure, title: str, subtitle: str, source: str, footnote: str) -> _Frame:
    width_in = figure.get_size_inches()[0]
    chars = max(30, int(width_in * 72 / (TITLE_SIZE * 0.55)))
    left = 4 / 72 / width_in
    title_lines = _fitted(figure, title, chars, left, fontsize=TITLE_SIZE, fontweight="bold")
    sub_lines = (_fitted(figure, subtitle, int(chars * TITLE_SIZE / SUBTITLE_SIZE), left, fontsize=SUBTITLE_SIZE)
                 if subtitle else [])
    foot_text = f"Source: {source}" + (f"\n{footnote}" if footnote else "")
    foot_lines = [line for part in foot_text.split("\n")
                  for line in _fitted(figure, part, int(chars * TITLE_SIZE / SOURCE_SIZE), left, fontsize=SOURCE_SIZE)]
    return _Frame(title_lines, sub_lines, foot_lines)


def _set_rect(figure: MplFigure, frame: _Frame) -> None:
    """Leave the layout the room between the title lines at the top and the source lines at the bottom."""
    height_in, pt = figure.get_size_inches()[1], 1 / 72
    top = (len(frame.title) * TITLE_SIZE * 1.3 + len(frame.subtitle) * SUBTITLE_SIZE * 1.35 + 8) * pt
    bottom = (len(frame.foot) * SOURCE_SIZE * 1.35 + 6) * pt
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    engine = figure.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):  # not once the layout is held (``hold_layout``)
        # rect is (left, bottom, width, height) in figure fractions
        engine.set(rect=(0, bottom / height_in, 1, 1 - (top + bottom) / height_in))


def frame_lines(figure: MplFigure, *, title: str, source: str, subtitle: str = "", footnote: str = "") -> int:
    """How many lines of title, subtitle and source :func:`finish` will print on the figure."""
    frame = _frame_text(figure, title, subtitle, source, footnote)
    return len(frame.title) + len(frame.subtitle) + len(frame.foot)


def lay_out(figure: MplFigure, *, title: str, source: str, subtitle: str = "", footnote: str = ""):
    """Run the figure's layout now, as :func:`finish` will with these lines, and return a renderer at
    the PNG's resolution: a map places its labels against the axes' final size before it is finished.

    The figure keeps ``PNG_DPI`` afterwards (``finish`` draws at it anyway).
    """
    _set_rect(figure, _frame_text(figure, title, subtitle, source, footnote))
    figure.set_dpi(PNG_DPI)
    renderer = _canvas(figure).get_renderer()
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
        for ax in figure.axes:
            ax.apply_aspect()
    return renderer


def hold_layout(figure: MplFigure) -> None:
    """Keep the layout :func:`lay_out` made: drawing would lay the figure out again from where it
    now stands and could move what was placed against it (a map's ward names). :func:`finish` then
    keeps the room ``lay_out`` left for the title and source lines."""
    figure.set_layout_engine("none")


def _fitted(figure: MplFigure, text: str, chars: int, left: float, **font) -> list[str]:
    """``text`` wrapped so that every line, measured in the figure's own font, fits its width.

    Wrapping by a character count alone cut titles short where wide letters (capitals, bold)
    added up; each line is measured and the wrap narrowed until the widest fits.
    """
    dpi = figure.get_dpi()
    figure.set_dpi(PNG_DPI)  # measured as the PNG is drawn: hinted text is not exactly proportional to size
    try:
        renderer = _canvas(figure).get_renderer()
        room = figure.bbox.width * (1 - 2 * left) * 0.98
        while True:
            lines = textwrap.wrap(text, chars, break_on_hyphens=False) or [""]
            probe = figure.text(0, 0, "\n".join(lines), **font)
            width = probe.get_window_extent(renderer).width
            probe.remove()
            if width <= room or chars <= 10:
                return lines
            chars = max(10, int(chars * room / width) - 1)
    finally:
        figure.set_dpi(dpi)


def _png(figure: MplFigure, title: str, alt_text: str) -> bytes:
    """The PNG, with the title and alt text written into the file's own metadata too.

    It is saved without an alpha channel (the background is white anyway): Word files are
    smaller and the PDF takes its compressed pixels as they are (``writers.pdf_images``).
    """
    canvas = _canvas(figure)
    figure.set_dpi(PNG_DPI)
    canvas.draw()
    return png_bytes(np.asarray(canvas.buffer_rgba()), PNG_DPI,
                     {"Title": title, "Description": alt_text, "Software": "cspkit"})


def _canvas(figure: MplFigure) -> FigureCanvasAgg:
    """An Agg canvas for ``figure`` that measures, shapes and renders each text once per process
    (``agg_text``): every chart repeats its source line, legend labels and tick labels."""
    from cspkit.reports.agg_text import TextCanvas

    return TextCanvas(figure)


def series_style(index: int) -> SeriesStyle:
    """The style of the n-th series (the partnership is 0); repeats only after seven series."""
    return SERIES[index % len(SERIES)]
