"""The document model every report is built from and every writer reads.

A report is composed once, as plain data, and written to HTML, PDF, Word and Excel by
separate writers; keeping the model free of any output format is what lets the four files
say exactly the same thing.  Text is limited Markdown (bold, italics, links, lists) so
an analyst's words survive into every format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import pandas as pd

from cspkit.reports import markup
from cspkit.reports.markup import Run, inline_runs

ColumnKind = Literal["text", "integer", "number", "percent"]
Tone = Literal["higher", "similar", "lower", "neutral"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of limited Markdown: ``**bold**``, ``*italic*`` and ``[links](https://...)``."""

    text: str

    def runs(self) -> list[Run]:
        return inline_runs(self.text)


@dataclass(frozen=True)
class BulletList:
    """A list of short items (each limited Markdown); numbered when ``ordered``."""

    items: tuple[str, ...]
    ordered: bool = False

    def __init__(self, items: Iterable[str], ordered: bool = False) -> None:
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "ordered", ordered)


@dataclass(frozen=True)
class Heading:
    """A heading inside a section's text (below the section's own level), e.g. from analyst Markdown."""

    text: str


@dataclass(frozen=True)
class Status:
    """What a coloured cell means, always shown in words as well as colour.

    ``label`` is the short word printed in the cell ("Higher"); ``description`` explains it in
    the table's key ("Significantly higher than England and Wales (95% confidence)").
    ``tone`` picks the colour and nothing else.
    """

    label: str
    description: str
    tone: Tone = "neutral"

    def __post_init__(self) -> None:
        if self.tone not in ("higher", "similar", "lower", "neutral"):
            raise ValueError(f"status {self.label!r}: tone must be higher, similar, lower or neutral, "
                             f"not {self.tone!r}")


@dataclass(frozen=True)
class Cell:
    """A table value with an optional status (for significance colouring).

    ``decimals`` overrides the column's for this value: where one decimal place would print a
    comparator's rate on the edge of the interval it was judged against (1.5 beside "1.2 to 1.5"
    marked Lower), the row shows two, so the figures a reader sees agree with the verdict.
    """

    value: Any
    status: Status | None = None
    decimals: int | None = None


@dataclass(frozen=True)
class NotAvailable:
    """A number that does not exist, as against one withheld or zero: printed as ``text`` ("not
    recorded" for months before a record was kept), and in Excel as "[x]", the statistical
    shorthand for not available, keyed to ``text`` on the sheet."""

    text: str


def _unsigned_zero(text: str) -> str:
    """'-0%' and '+0.0' as '0%' and '0.0': a change that rounds to nothing has no direction."""
    return text[1:] if text[:1] in "+-" and not text.strip("+-0.,%") else text


@dataclass(frozen=True)
class Interval:
    """A range of two numbers, such as a 95% confidence interval: printed "101.3 to 103.8" in the
    column's kind and places, and written to Excel as two numbers a reader can calculate with."""

    lower: float
    upper: float


@dataclass(frozen=True)
class Column:
    """A table column: ``kind`` types the values; ``decimals`` fixes how numbers are shown.

    ``percent`` values are fractions (0.245 is shown as 24.5%), so Excel gets real numbers.
    ``signed`` prints a plus before a rise ("+7%"). A column of :class:`Interval` values is
    written to Excel as two columns, the label followed by each of ``ends``.
    """

    key: str
    label: str
    kind: ColumnKind = "text"
    decimals: int = 1
    signed: bool = False
    ends: tuple[str, str] = ("lower", "upper")

    def format(self, value: Any, missing: str, decimals: int | None = None) -> str:
        if isinstance(value, Interval):
            if value.lower == value.upper:  # a range of one (a rank that cannot move) is that number
                return self.format(value.lower, missing, decimals)
            return f"{self.format(value.lower, missing, decimals)} to {self.format(value.upper, missing, decimals)}"
        if isinstance(value, NotAvailable):
            return value.text
        if is_missing(value):
            return missing
        places = self.decimals if decimals is None else decimals
        sign = "+" if self.signed else ""
        if self.kind == "integer":
            return _unsigned_zero(f"{round(float(value)):{sign},}")
        if self.kind == "number":
            return _unsigned_zero(f"{float(value):{sign},.{places}f}")
        if self.kind == "percent":
            return _unsigned_zero(f"{float(value) * 100:{sign},.{places}f}%")
        return str(value)

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class Row:
    """A table row; ``level`` indents a sub-row (Burglary under Theft offences), ``bold`` marks totals."""

    cells: tuple[Cell, ...]
    level: int = 0
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A table with typed columns, a caption, its source and notes.

    The first column names what each row is about and is written as a row header.
    ``method`` says how the numbers were made; it goes to the notes of the Excel file and
    under the table elsewhere.  Build one with :meth:`Table.build` or :meth:`Table.from_frame`.
    """

    id: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    source: str = ""
    notes: tuple[str, ...] = ()
    method: str = ""
    missing: str = "N/A"
    sheet_name: str | None = None
    #: A longer table behind this one, for the workbook only (its own sheet): e.g. every file, with its
    #: checksum, behind a sources table of one row per source, which is all a printed report needs.
    detail: Table | None = None

    @classmethod
    def build(
        cls,
        id: str,
        caption: str,
        columns: Sequence[Column],
        rows: Iterable[Row | Sequence[Any]],
        *,
        source: str = "",
        notes: Iterable[str] = (),
        method: str = "",
        missing: str = "N/A",
        sheet_name: str | None = None,
        detail: Table | None = None,
    ) -> Table:
        """A table from plain rows: each row a ``Row`` or a sequence of values and ``Cell`` objects."""
        built = tuple(_as_row(row, len(columns), caption) for row in rows)
        return cls(id, caption, tuple(columns), built, source, tuple(notes), method, missing, sheet_name, detail)

    @classmethod
    def from_frame(
        cls,
        id: str,
        caption: str,
        frame: pd.DataFrame,
        columns: Sequence[Column],
        *,
        statuses: Mapping[str, str] | None = None,
        status_key: Mapping[str, Status] | None = None,
        **options: Any,
    ) -> Table:
        """A table from a data frame: one ``Column`` per frame column used (matched by ``key``).

        ``statuses`` maps a value column to the frame column holding its status word (e.g.
        ``{"rate": "rate_vs_england"}``), looked up in ``status_key``
        (e.g. ``{"higher": Status(...), "lower": Status(...)}``); unknown words are an error.
        """
        statuses = dict(statuses or {})
        status_key = dict(status_key or {})
        missing_columns = [c.key for c in columns if c.key not in frame.columns]
        missing_columns += [s for s in statuses.values() if s not in frame.columns]
        if missing_columns:
            raise ValueError(f"table {caption!r}: the data has no column {', '.join(missing_columns)}")
        rows = []
        for record in frame.to_dict("records"):
            cells = []
            for column in columns:
                status = None
                if column.key in statuses:
                    word = record[statuses[column.key]]
                    if not is_missing(word):
                        if word not in status_key:
                            raise ValueError(f"table {caption!r}: no status called {word!r} in the key")
                        status = status_key[word]
                cells.append(Cell(record[column.key], status))
            rows.append(Row(tuple(cells)))
        return cls.build(id, caption, columns, rows, **options)

    def statuses_used(self) -> list[Status]:
        """The distinct statuses in the table, in order of first use: the text key under the table."""
        seen: dict[Status, None] = {}
        for row in self.rows:
            for cell in row.cells:
                if cell.status is not None:
                    seen.setdefault(cell.status, None)
        return list(seen)

    def columns_with_status(self) -> list[int]:
        return [i for i in range(len(self.columns)) if any(row.cells[i].status for row in self.rows)]


@dataclass(frozen=True)
class Figure:
    """A chart or map: the image as PNG (every format and the web page), its words and its data.

    One raster image at print resolution serves everywhere (ADR 14): drawing it again as SVG
    cost a third of a figure's time and tripled the HTML file for maps no sharper to read.
    ``alt_text`` describes what the figure shows for people who cannot see it; ``data`` is the
    table behind it (written to Excel and offered under the figure on the web page).
    """

    id: str
    title: str
    alt_text: str
    png: bytes
    source: str = ""
    width_cm: float = 16.0
    height_cm: float = 9.0
    data: Table | None = None
    max_height_cm: float | None = None  # printed no taller than this (see ``fitted``)

    def fitted(self, max_height_cm: float) -> Figure:
        """The figure printed no taller than ``max_height_cm`` (a map of a tall area would fill a page):
        only the printed size changes, in proportion; the image keeps its resolution. The limit is
        kept, so a stand-in for a figure still being drawn passes it on (``Document.with_figures``)."""
        if self.height_cm <= max_height_cm:
            return replace(self, max_height_cm=max_height_cm)
        return replace(self, width_cm=self.width_cm * max_height_cm / self.height_cm, height_cm=max_height_cm,
                       max_height_cm=max_height_cm)


@dataclass(frozen=True)
class KeyFigure:
    """A headline number: ``value`` is already formatted ("+53%"), ``label`` says what it is."""

    value: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class KeyFigures:
    """A row of headline numbers at the start of a section."""

    items: tuple[KeyFigure, ...]

    def __init__(self, items: Iterable[KeyFigure]) -> None:
        object.__setattr__(self, "items", tuple(items))


@dataclass(frozen=True)
class Callout:
    """A boxed note: a key message, a caveat or a recommendation to draw the eye."""

    title: str
    text: str


@dataclass(frozen=True)
class PageBreak:
    """Start a new page in paged formats (PDF and Word); ignored on screen and in Excel."""


Block = Paragraph | BulletList | Heading | Table | Figure | KeyFigures | Callout | PageBreak

_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Section:
    """A numbered part of the report: ``level`` 1 is a chapter, 2 and 3 sit inside the one before.

    ``id`` (lower case letters, digits and hyphens) is the anchor in HTML and the key of the
    analyst's text for this section; ``new_page`` starts it on a fresh page in PDF and Word.
    """

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    level: int = 1
    new_page: bool = False

    def __init__(self, id: str, title: str, blocks: Iterable[Block] = (), level: int = 1, *,
                 new_page: bool = False) -> None:
        if not _ID.match(id):
            raise ValueError(f"section id {id!r}: use lower-case letters, digits and hyphens")
        if level not in (1, 2, 3):
            raise ValueError(f"section {id!r}: level must be 1, 2 or 3, not {level}")
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "blocks", tuple(blocks))
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "new_page", new_page)


@dataclass(frozen=True)
class Document:
    """A whole report.

    ``metadata`` is the cover table (Produced by, Date created, Contact...) in order;
    ``attributions`` are the licence and copyright lines every format must carry.
    """

    title: str
    sections: tuple[Section, ...]
    subtitle: str = ""
    metadata: tuple[tuple[str, str], ...] = ()
    attributions: tuple[str, ...] = ()
    author: str = ""
    language: str = "en-GB"
    contents: bool = True
    marking: str = ""  # protective marking (OFFICIAL...), on the cover and every page
    organisation: str = ""  # who publishes it (the partnership), on the cover
    date: str = ""
    version: str = ""
    logo: bytes | None = None
    logo_type: str = ""  # image/png, image/jpeg or image/svg+xml

    def __init__(
        self,
        title: str,
        sections: Iterable[Section],
        *,
        subtitle: str = "",
        metadata: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        attributions: Iterable[str] = (),
        author: str = "",
        language: str = "en-GB",
        contents: bool = True,
        marking: str = "",
        organisation: str = "",
        date: str = "",
        version: str = "",
        logo: bytes | None = None,
        logo_type: str = "",
    ) -> None:
        sections = tuple(sections)
        _check_unique([s.id for s in sections], "section")
        _check_unique([b.id for s in sections for b in s.blocks if isinstance(b, Table | Figure)], "table or figure")
        items = metadata.items() if isinstance(metadata, Mapping) else metadata
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "sections", sections)
        object.__setattr__(self, "subtitle", subtitle)
        object.__setattr__(self, "metadata", tuple((str(k), str(v)) for k, v in items))
        object.__setattr__(self, "attributions", tuple(attributions))
        object.__setattr__(self, "author", author)
        object.__setattr__(self, "language", language)
        object.__setattr__(self, "contents", contents)
        for name, value in (("marking", marking), ("organisation", organisation), ("date", date),
                            ("version", version), ("logo", logo), ("logo_type", logo_type)):
            object.__setattr__(self, name, value)

    def tables(self) -> list[Table]:
        """Every table in reading order (figure data excluded)."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def with_figures(self, figures: Mapping[str, Figure]) -> Document:
        """This document with each figure whose id is in ``figures`` replaced by that figure (a
        composition made with stand-ins for figures still being drawn, once they are drawn), fitted
        to the height the stand-in was given."""

        def put(block: Block) -> Block:
            if not isinstance(block, Figure) or block.id not in figures:
                return block
            drawn = figures[block.id]
            return drawn if block.max_height_cm is None else drawn.fitted(block.max_height_cm)

        sections = [Section(s.id, s.title, [put(b) for b in s.blocks], s.level, new_page=s.new_page)
                    for s in self.sections]
        return replace(self, sections=tuple(sections))

    def numbering(self) -> dict[str, str]:
        """'Table 3' / 'Figure 2' for every table and figure id, numbered in reading order."""
        labels: dict[str, str] = {}
        counts = {"Table": 0, "Figure": 0}
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table | Figure):
                    kind = "Table" if isinstance(block, Table) else "Figure"
                    counts[kind] += 1
                    labels[block.id] = f"{kind} {counts[kind]}"
        return labels


def markdown_blocks(text: str) -> list[Block]:
    """Paragraphs, bullet lists and sub-headings from Markdown (the analyst's words).

    Anything else Markdown can express (raw HTML, images, code) is kept as plain text, so
    what the analyst typed is never silently lost.
    """
    blocks: list[Block] = []
    for kind, content in markup.parse_blocks(text):
        if kind == "heading":
            blocks.append(Heading(content[0]))
        elif kind in ("bullets", "numbers"):
            blocks.append(BulletList(content, ordered=kind == "numbers"))
        else:
            blocks.append(Paragraph(content[0]))
    return blocks


def is_missing(value: Any) -> bool:
    """True for None and NaN/NA: shown as the table's ``missing`` text; in Excel, as that text where it
    is a shorthand such as "[c]", as "[x]" (not available) where it is another word, else left blank."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_row(row: Row | Sequence[Any], width: int, caption: str) -> Row:
    if not isinstance(row, Row):
        row = Row(tuple(value if isinstance(value, Cell) else Cell(value) for value in row))
    if len(row.cells) != width:
        raise ValueError(f"table {caption!r}: a row has {len(row.cells)} values for {width} columns")
    return row


def _check_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"two of the report's parts use the {what} id {item!r}")
        seen.add(item)


