"""Word (.docx) through python-docx, built from Word's own styles so councils can restyle it.

Headings use the built-in Heading 1-3 styles (so Word's navigation pane, contents and
accessibility checker see them), tables use the "Table Grid" table style with a repeating
header row, and figures are PNG pictures with their alt text.  A4, the report title as a
running header and "Page x of y" in the footer, as in the PDF.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile

import docx
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Tbl
from docx.parts.image import ImagePart
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree
from lxml.etree import SubElement

from cspkit.reports import style
from cspkit.reports.document import (
    Block,
    BulletList,
    Callout,
    Column,
    Document,
    Figure,
    Heading,
    Interval,
    KeyFigures,
    PageBreak,
    Paragraph,
    Status,
    Table,
    markdown_blocks,
)
from cspkit.reports.markup import inline_runs
from cspkit.reports.writers.common import safe_href

FONT = "Arial"
TEXT = RGBColor(0x0B, 0x0C, 0x0C)
SECONDARY = RGBColor(0x50, 0x5A, 0x5F)
NOTE_STYLE = "Table Note"
CALLOUT_STYLE = "Callout"
BODY_PT = 11
STATUS_PT = 8
TEXT_WIDTH_CM = 17.0
"""A4 (21 cm) less the 2 cm margins either side."""
TABLE_SIZES = ((BODY_PT, False), (10, False), (9, False), (9, True), (8, True))
"""The font sizes tried for a table's cells, largest first; True: an interval may wrap after "to"."""
MIN_TEXT_CM = 1.5
"""The narrowest a text column is made to keep a wide table on the page."""
#: Word's default left and right cell margin in a table (108 twips), which LibreOffice keeps.
CELL_MARGIN_CM = 0.19
NARROW = set(" .,;:!'|()[]-/ijlIft")
WIDE = set("mwMW@%")
TEXT_BREAKS = re.compile(r"([\t\r\n])")
W_PPR, W_R, W_RPR, W_B, W_VAL = qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:b"), qn("w:val")
_qn = lru_cache(maxsize=None)(qn)
"""``qn``, remembered: a table's cells call it tens of thousands of times."""


def render_docx(document: Document) -> bytes:
    """The report as .docx bytes."""
    word = docx.Document()
    _page_setup(word, document)
    _styles(word, document.language)
    _remember_style_ids(word)
    _properties(word, document)
    body = _Body(word)
    _cover(body, document)
    if document.contents:
        _contents(body, document)
    labels = document.numbering()
    for number, section in enumerate(document.sections, start=1):
        heading = body.add_heading(section.title, level=section.level)
        _bookmark(heading, section.id, number)
        if section.new_page:
            heading.paragraph_format.page_break_before = True
        previous: DocxParagraph | None = None
        for block in section.blocks:
            written = _block(body, block, labels, section.level)
            if isinstance(block, Paragraph) and previous is not None and written is not None:
                _keep_with_explanation(previous, written)
            previous = written if isinstance(block, Figure) else None
    return _package_bytes(word)


def write_docx(document: Document, path: str | Path) -> Path:
    """Write the report as a Word file and return its path."""
    path = Path(path)
    path.write_bytes(render_docx(document))
    return path


class _Body:
    """The document's body, added to as python-docx's ``Document.add_*`` methods add to it (the same
    XML), in time that does not grow with the document. For every paragraph or table python-docx
    adds, it looks for the body's closing ``w:sectPr`` past every block already written; for every
    picture it searches the whole document for the next shape id and hashes every image already
    added to see whether the picture is one of them. Here the ``w:sectPr`` is found once, shape ids
    are counted and each image is hashed once.
    """

    def __init__(self, word: docx.document.Document) -> None:
        self.word = word
        self._container = word._body
        self._sect_pr = word.element.body.sectPr
        self._block_width = word._block_width
        self._images: dict[str, ImagePart] = {}
        self._shape_id = 0

    def add_paragraph(self, text: str = "", style: str | None = None) -> DocxParagraph:
        """A paragraph in ``style`` (a name; the default paragraph style when None) holding ``text``."""
        p = OxmlElement("w:p")
        self._sect_pr.addprevious(p)
        if style is not None:
            ppr = SubElement(p, W_PPR)
            style_id = self.word.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            if style_id is not None:
                SubElement(ppr, qn("w:pStyle"), {W_VAL: style_id})
        if text:
            _run_text(SubElement(p, W_R), text)
        return DocxParagraph(p, self._container)

    def add_heading(self, text: str, level: int) -> DocxParagraph:
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def add_page_break(self) -> DocxParagraph:
        paragraph = self.add_paragraph()
        SubElement(SubElement(paragraph._p, W_R), qn("w:br"), {qn("w:type"): "page"})
        return paragraph

    def add_table(self, rows: int, cols: int, style: str | None = None) -> DocxTable:
        tbl = CT_Tbl.new_tbl(rows, cols, self._block_width)
        self._sect_pr.addprevious(tbl)
        table = DocxTable(tbl, self._container)
        table.style = style
        return table

    def add_picture(self, png: bytes, width: Length | None = None, height: Length | None = None) -> DocxParagraph:
        """The picture in a paragraph of its own, scaled to ``width`` or ``height`` (the paragraph)."""
        image = Image.from_blob(png)
        part = self._images.get(image.sha1)
        if part is None:
            image_parts = self.word.part.package.image_parts
            part = ImagePart.from_image(image, PackURI(f"/word/media/image{len(image_parts) + 1}.{image.ext}"))
            image_parts.append(part)
            self._images[image.sha1] = part
        rid = self.word.part.relate_to(part, RELATIONSHIP_TYPE.IMAGE)
        self._shape_id += 1
        inline = CT_Inline.new_pic_inline(self._shape_id, rid, image.filename, *image.scaled_dimensions(width, height))
        paragraph = self.add_paragraph()
        SubElement(SubElement(paragraph._p, W_R), qn("w:drawing")).append(inline)
        return paragraph


def _package_bytes(word: docx.document.Document) -> bytes:
    """The saved .docx, as ``Document.save`` writes it but with the pictures stored as they are:
    deflating PNG data, compressed already, took a fifth of this writer's time to save 4% of the size."""
    package = word.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    with ZipFile(buffer, "w", compression=ZIP_DEFLATED) as archive:
        writer = _ZipWriter(archive)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
    return buffer.getvalue()


@dataclass
class _ZipWriter:
    """The ``PhysPkgWriter`` that ``PackageWriter`` writes parts through: PNG stored, the rest deflated."""

    archive: ZipFile

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        stored = pack_uri.ext == "png"
        self.archive.writestr(pack_uri.membername, blob, compress_type=ZIP_STORED if stored else ZIP_DEFLATED)


def _page_setup(word: docx.document.Document, document: Document) -> None:
    section = word.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = document.title
    header.style = word.styles["Header"]
    header.runs[0].font.size = Pt(8)
    header.runs[0].font.color.rgb = SECONDARY
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for part in ("Page ", "PAGE", " of ", "NUMPAGES"):
        if part.isupper():
            _field(footer, part)
        else:
            footer.add_run(part)
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = SECONDARY


def _styles(word: docx.document.Document, language: str) -> None:
    """Arial throughout (GOV.UK), headings in black, plus the few styles the report adds."""
    styles = word.styles
    for name in ("Normal", "Title", "Subtitle", "Caption", "Header", "Footer", "List Bullet", "List Number",
                 *(f"Heading {n}" for n in range(1, 7))):
        font = styles[name].font
        font.name = FONT
        _drop_theme_fonts(styles[name].element)
        if name.startswith(("Heading", "Title", "Subtitle")):
            font.color.rgb = TEXT
    styles["Normal"].font.size = Pt(BODY_PT)
    for name, size in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12), ("Title", 26), ("Caption", 9)):
        styles[name].font.size = Pt(size)
    styles["Caption"].font.color.rgb = TEXT
    styles["Caption"].font.italic = False
    styles["Caption"].font.bold = False
    rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.size = Pt(9)
    note.font.color.rgb = SECONDARY
    note.paragraph_format.space_after = Pt(2)
    note.paragraph_format.keep_together = True  # a table's note is never broken across pages
    callout = styles.add_style(CALLOUT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    callout.base_style = styles["Normal"]
    callout.paragraph_format.left_indent = Cm(0.4)
    _paragraph_shading(callout.element.get_or_add_pPr(), "F3F2F1", left_border=True)
    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = styles["Normal"]
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(3)
        # page numbers at the right margin (A4, 20 mm margins), joined to the title by dots
        toc.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x1D, 0x70, 0xB8)
    link.font.underline = True


def _properties(word: docx.document.Document, document: Document) -> None:
    properties = word.core_properties
    properties.title = document.title
    properties.subject = document.subtitle
    properties.author = document.author
    properties.language = document.language


def _cover(body: _Body, document: Document) -> None:
    if document.marking:
        first = body.word.sections[0]
        for part in (first.header, first.footer, first.first_page_header, first.first_page_footer):
            marked = part.add_paragraph()
            marked.alignment = WD_ALIGN_PARAGRAPH.CENTER
            marked.add_run(document.marking).bold = True
    if document.logo and document.logo_type in ("image/png", "image/jpeg"):
        body.add_picture(document.logo, height=Cm(2.5))
    body.add_paragraph(document.title, style="Title")
    if document.subtitle:
        body.add_paragraph(document.subtitle, style="Subtitle")
    if document.organisation:
        body.add_paragraph().add_run(document.organisation).bold = True
    issued = ", ".join(p for p in (f"Version {document.version}" if document.version else "", document.date) if p)
    if issued:
        body.add_paragraph(issued)
    if document.metadata:
        body.add_page_break()
        table = body.add_table(rows=0, cols=2)
        table.style = body.word.styles["Table Grid"]
        for key, value in document.metadata:
            row = table.add_row().cells
            row[0].paragraphs[0].add_run(key).bold = True
            _runs(row[1].paragraphs[0], value)
        body.add_paragraph()
    for line in document.attributions:
        _runs(body.add_paragraph(style=NOTE_STYLE), line)
    body.add_page_break()


def _contents(body: _Body, document: Document) -> None:
    """The contents: each entry links to its heading and gives its page through a page reference
    field, which LibreOffice works out as it lays the pages out and Word when it updates the fields,
    as it offers to on opening. A page number written here would be wrong: Word breaks pages where
    this writer cannot know. (Inside a Word contents field LibreOffice shows no numbers at all.)"""
    body.add_paragraph("Contents", style="TOC Heading")
    for section in (s for s in document.sections if s.level <= 2):
        paragraph = body.add_paragraph(style=f"TOC {section.level}")
        _internal_link(paragraph, section.title, section.id)
        paragraph.add_run().add_tab()
        _field_start(paragraph, f"PAGEREF {section.id} \\h")
        _field_end(paragraph)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    body.word.settings.element.append(update)
    body.add_page_break()


def _keep_with_explanation(caption: DocxParagraph, explanation: DocxParagraph) -> None:
    """A figure's caption kept on the page of the paragraph after it ("In the chart above..."),
    which is never broken, as in the PDF: the explanation never opens the next page alone."""
    caption.paragraph_format.keep_with_next = True
    explanation.paragraph_format.keep_together = True


def _block(
    body: _Body, block: Block, labels: dict[str, str], level: int
) -> DocxParagraph | None:
    """Write ``block``; a paragraph or a figure returns the paragraph written last (the figure's caption)."""
    if isinstance(block, Paragraph):
        paragraph = body.add_paragraph()
        _runs(paragraph, block.text)
        return paragraph
    if isinstance(block, Figure):
        return _figure(body, block, labels.get(block.id, ""))
    if isinstance(block, BulletList):
        list_style = "List Number" if block.ordered else "List Bullet"
        restart = _new_numbering(body.word) if block.ordered else None
        for item in block.items:
            paragraph = body.add_paragraph(style=list_style)
            if restart is not None:
                _use_numbering(paragraph, restart)
            _runs(paragraph, item)
    elif isinstance(block, Heading):
        body.add_heading(block.text, level=min(level + 1, 9))
    elif isinstance(block, Table):
        _table(body, block, labels.get(block.id, ""))
    elif isinstance(block, KeyFigures):
        _key_figures(body, block)
    elif isinstance(block, Callout):
        title = body.add_paragraph(style=CALLOUT_STYLE)
        title.add_run(block.title).bold = True
        title.paragraph_format.keep_with_next = True
        for inner in markdown_blocks(block.text):
            items = inner.items if isinstance(inner, BulletList) else (inner.text,)
            for item in items:
                paragraph = body.add_paragraph(style=CALLOUT_STYLE)
                _runs(paragraph, ("• " if isinstance(inner, BulletList) else "") + item)
    elif isinstance(block, PageBreak):
        body.add_page_break()
    else:
        raise TypeError(f"the Word writer cannot write a {type(block).__name__}")
    return None


def _table(body: _Body, table: Table, label: str) -> None:
    """A "Table Grid" table with a repeating header row and fixed column widths that fit the page.

    The table shell (style, alignment, fixed layout, grid) goes through python-docx, but the
    rows are built straight as ``w:tr`` elements: python-docx's row, cell and run proxies
    re-walk the table for every cell and made this nine tenths of the writer's time.
    As in the PDF, no row is split across pages, the header stays with the first three rows,
    and the last three rows stay together and with the first note under the table.
    """
    caption = body.add_paragraph(style="Caption")
    if label:
        caption.add_run(f"{label}: ").bold = True
    caption.add_run(table.caption).bold = True
    caption.paragraph_format.keep_with_next = True
    # The style by name, which _remember_style_ids looks up once rather than for every table.
    grid = body.add_table(rows=0, cols=len(table.columns), style="Table Grid")
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    fitted = table_fit(table)
    widths = []
    for grid_column, width in zip(grid.columns, fitted.widths, strict=True):
        grid_column.width = width
        widths.append(str(width.twips))
    aligns = [_align(column) for column in table.columns]
    size = fitted.size_pt
    header = SubElement(grid._tbl, qn("w:tr"))
    header_pr = SubElement(header, qn("w:trPr"))
    SubElement(header_pr, qn("w:cantSplit"))
    SubElement(header_pr, qn("w:tblHeader"), {qn("w:val"): "true"})
    for column, width, align in zip(table.columns, widths, aligns, strict=True):
        _table_cell(header, width, align, column.label, bold=True, size_pt=size, keep_next=True)
    count = len(table.rows)
    for number, row in enumerate(table.rows):
        tr = SubElement(grid._tbl, qn("w:tr"))
        SubElement(SubElement(tr, qn("w:trPr")), qn("w:cantSplit"))
        keep_next = number < 2 or number >= count - 3
        indent = str(Cm(0.4 * row.level).twips) if row.level else ""
        for column, cell, width, align in zip(table.columns, row.cells, widths, aligns, strict=True):
            text = column.format(cell.value, table.missing, cell.decimals)
            _table_cell(tr, width, align, text, bold=row.bold, indent=indent, status=cell.status, size_pt=size,
                        keep_next=keep_next)
            indent = ""  # only the first column is indented
    _table_notes(body, table)


def _table_cell(
    tr: etree._Element, width: str, align: str, text: str, *, bold: bool,
    indent: str = "", status: Status | None = None, size_pt: float = BODY_PT, keep_next: bool = False,
) -> None:
    """One ``w:tc``, as python-docx writes it for ``cell.width``, ``keep_with_next``, ``paragraph.alignment``,
    ``left_indent``, ``add_run(text).bold`` (``w:b w:val="0"`` when not bold), the font size of a
    table set smaller than the body text (``font.size``) and the status run."""
    tc = SubElement(tr, _qn("w:tc"))
    tc_pr = SubElement(tc, _qn("w:tcPr"))
    SubElement(tc_pr, _qn("w:tcW"), {_qn("w:type"): "dxa", _qn("w:w"): width})
    paragraph = SubElement(tc, _qn("w:p"))
    p_pr = SubElement(paragraph, _qn("w:pPr"))
    if keep_next:
        SubElement(p_pr, _qn("w:keepNext"))
    if indent:
        SubElement(p_pr, _qn("w:ind"), {_qn("w:left"): indent})
    SubElement(p_pr, _qn("w:jc"), {_qn("w:val"): align})
    run = SubElement(paragraph, _qn("w:r"))
    r_pr = SubElement(run, _qn("w:rPr"))
    SubElement(r_pr, _qn("w:b"), {} if bold else {_qn("w:val"): "0"})
    if size_pt != BODY_PT:
        SubElement(r_pr, _qn("w:sz"), {_qn("w:val"): str(round(size_pt * 2))})
    _run_text(run, text)
    if status is not None:
        _cell_shading(tc_pr, style.CELL_FILLS[status.tone])
        status_run = SubElement(paragraph, _qn("w:r"))
        status_size = str(round(status_pt(size_pt) * 2))
        SubElement(SubElement(status_run, _qn("w:rPr")), _qn("w:sz"), {_qn("w:val"): status_size})
        _run_text(status_run, f" {status.label}")


def _run_text(run: etree._Element, text: str) -> None:
    """``text`` in a ``w:r`` as ``add_run`` writes it (tabs and line breaks as elements, edge
    spaces preserved), without its per-character loop and the XPath in ``CT_R.text``."""
    for part in TEXT_BREAKS.split(text):
        if part == "\t":
            SubElement(run, _qn("w:tab"))
        elif part in ("\r", "\n"):
            SubElement(run, _qn("w:br"))
        elif part:
            t = SubElement(run, _qn("w:t"), {_qn("xml:space"): "preserve"} if part.strip() != part else {})
            t.text = part


@dataclass(frozen=True)
class TableFit:
    """How a table is printed in Word: the font size of its cells and each column's width."""

    size_pt: float
    widths: list[Length]


def table_fit(table: Table, total_cm: float = TEXT_WIDTH_CM) -> TableFit:
    """The largest of :data:`TABLE_SIZES` at which every column fits the text width, and the widths.

    Wide tables (eight or more columns of comparators and intervals) would otherwise run off
    the page in Word and lose their last columns. At each size the columns must hold their
    longest unbreakable text (a number, a header word); an interval may then wrap after "to".
    Should even the smallest size not fit, the widest text columns are narrowed (a file name
    wraps inside its cell) and the numbers keep their width: the table stays on the page.
    """
    for size, break_intervals in TABLE_SIZES:
        natural, least = _column_needs(table, size, break_intervals)
        if sum(least) <= total_cm:
            return TableFit(size, [Cm(width_cm) for width_cm in _share_out(total_cm, natural, least)])
    text = [not column.numeric for column in table.columns]
    return TableFit(size, [Cm(width_cm) for width_cm in _narrow_widest(total_cm, least, text)])


def _narrow_widest(total: float, least: list[float], narrowable: list[bool]) -> list[float]:
    """``least`` brought down to ``total`` by capping the widest ``narrowable`` columns at one width
    (the others keep theirs); in proportion, every column alike, if that cannot be done."""
    fixed = sum(width for width, can in zip(least, narrowable, strict=True) if not can)
    widths = sorted(width for width, can in zip(least, narrowable, strict=True) if can)
    room = total - fixed
    for index, width in enumerate(widths):
        cap = (room - sum(widths[:index])) / (len(widths) - index)
        if cap <= width:
            if cap < MIN_TEXT_CM:
                break
            return [min(width, cap) if can else width for width, can in zip(least, narrowable, strict=True)]
    scale = total / sum(least)
    return [width * scale for width in least]


def _column_widths(table: Table, total_cm: float = TEXT_WIDTH_CM) -> list[Length]:
    """Each column's width in Word (see :func:`table_fit`)."""
    return table_fit(table, total_cm).widths


def status_pt(size_pt: float) -> float:
    """The size of a status word ("Higher") in a cell of ``size_pt``: smaller than the number it follows."""
    return min(STATUS_PT, size_pt - 1)


def _column_needs(table: Table, size_pt: float, break_intervals: bool) -> tuple[list[float], list[float]]:
    """Each column's weight (its longest text, in characters) and least width in cm at ``size_pt``:
    never narrower than its longest unbreakable text plus the cell margins, so none is split mid-word.
    """
    natural, least = [], []
    for index, column in enumerate(table.columns):
        longest = max(max((len(word) for word in column.label.split()), default=0), 0.6 * len(column.label))
        widest = max((_text_cm(word, size_pt, bold=True) for word in column.label.split()), default=0.0)
        for row in table.rows:
            cell = row.cells[index]
            value = column.format(cell.value, table.missing, cell.decimals)
            text = value + (f" {cell.status.label}" if cell.status else "")
            longest = max(longest, len(text) + 2 * row.level)
            if not column.numeric:
                unbroken = value.split()
            elif break_intervals and isinstance(cell.value, Interval):
                unbroken = value.replace(" to ", " to\n").split("\n")
            else:
                unbroken = [value]
            indent = 0.4 * row.level if index == 0 else 0.0
            widest = max(widest, *(indent + _text_cm(word, size_pt, bold=row.bold) for word in unbroken), 0.0)
            if cell.status:
                widest = max(widest, *(_text_cm(word, status_pt(size_pt)) for word in cell.status.label.split()))
        natural.append(max(longest, 6.0))
        least.append(widest + 2 * CELL_MARGIN_CM)
    return natural, least


def _share_out(total: float, weights: list[float], least: list[float]) -> list[float]:
    """``total`` split in proportion to ``weights``, each part at least its ``least``.

    Parts that would fall below their least get it; the rest share what is left, again in
    proportion.  When even the least widths overflow, every column gets its least and the
    table runs wider than the text (better than breaking numbers).
    """
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        left = total - sum(fixed.values())
        weight = sum(weights[i] for i in free)
        short = [i for i in free if left * weights[i] / weight < least[i]] if free else []
        if not short:
            return [fixed.get(i, left * weights[i] / weight if weight else 0.0) for i in range(len(weights))]
        fixed.update({i: least[i] for i in short})


@lru_cache(maxsize=4096)
def _text_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """A generous estimate of the printed width of ``text`` in Arial (or its metric twin,
    Liberation Sans), from the advance widths of its glyph classes."""
    ems = sum(0.28 if ch in NARROW else 0.95 if ch in WIDE else 0.73 if ch.isupper() else 0.58 for ch in text)
    return ems * size_pt * (1.08 if bold else 1.0) / 72 * 2.54


def _table_notes(body: _Body, table: Table) -> None:
    """The key to the shading, source, method and notes under a table, kept together and with the
    table's last rows (as in the PDF): a key or a note never opens the next page alone."""
    written: list[DocxParagraph] = []
    key = table.statuses_used()
    if key:
        written.append(body.add_paragraph("Key to the shading:", style=NOTE_STYLE))
        written[-1].paragraph_format.space_before = Pt(4)
        for status in key:
            paragraph = body.add_paragraph(style=NOTE_STYLE)
            swatch = paragraph.add_run(f" {status.label} ")
            _run_shading(swatch, style.CELL_FILLS[status.tone])
            paragraph.add_run(f" {status.description}")
            written.append(paragraph)
    lines = [f"Source: {table.source}"] if table.source else []
    lines += [f"How this was calculated: {table.method}"] if table.method else []
    for line in [*lines, *table.notes]:
        written.append(body.add_paragraph(style=NOTE_STYLE))
        _runs(written[-1], line)
    for paragraph in written[:-1]:
        paragraph.paragraph_format.keep_with_next = True
    body.add_paragraph()


def _figure(body: _Body, figure: Figure, label: str) -> DocxParagraph:
    """The picture, kept with its caption, and the caption (returned)."""
    width = Cm(min(figure.width_cm, TEXT_WIDTH_CM))
    picture = body.add_picture(figure.png, width=width)
    picture.paragraph_format.keep_with_next = True
    doc_pr = picture._p.xpath(".//wp:docPr")[0]
    doc_pr.set("descr", figure.alt_text)
    doc_pr.set("title", figure.title)
    caption = body.add_paragraph(style="Caption")
    if label:
        caption.add_run(f"{label}: ").bold = True
    caption.add_run(figure.title)
    return caption


def _key_figures(body: _Body, block: KeyFigures) -> None:
    grid = body.add_table(rows=1, cols=len(block.items))
    for cell, item in zip(grid.rows[0].cells, block.items, strict=True):
        value = cell.paragraphs[0].add_run(item.value)
        value.bold = True
        value.font.size = Pt(20)
        _runs(cell.add_paragraph(), item.label)
        if item.detail:
            _runs(cell.add_paragraph(style=NOTE_STYLE), item.detail)
    body.add_paragraph()


def _runs(paragraph: DocxParagraph, text: str) -> None:
    """Limited Markdown as Word runs: bold, italic and real hyperlinks."""
    for run in inline_runs(text):
        href = safe_href(run.href)
        if href:
            _hyperlink(paragraph, run.text, href, bold=run.bold, italic=run.italic)
            continue
        _plain_run(paragraph._p, run.text, bold=run.bold, italic=run.italic)


def _plain_run(p: etree._Element, text: str, *, bold: bool, italic: bool) -> None:
    """A ``w:r`` as ``add_run(text)`` then setting ``bold`` and ``italic`` (True or None) writes it,
    its empty ``w:rPr`` too, without python-docx's look for the elements' place in the schema."""
    run = SubElement(p, W_R)
    r_pr = SubElement(run, W_RPR)
    if bold:
        SubElement(r_pr, W_B)
    if italic:
        SubElement(r_pr, qn("w:i"))
    _run_text(run, text)


def _align(column: Column) -> str:
    """The ``w:jc`` value: numbers right-aligned, text left."""
    return "right" if column.numeric else "left"


def _hyperlink(paragraph: DocxParagraph, text: str, href: str, *, bold: bool, italic: bool) -> None:
    rel = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    link.append(_styled_run(text, "Hyperlink", bold=bold, italic=italic))
    paragraph._p.append(link)


def _internal_link(paragraph: DocxParagraph, text: str, anchor: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.append(_styled_run(text, None))
    paragraph._p.append(link)


def _styled_run(text: str, style_id: str | None, *, bold: bool = False, italic: bool = False):
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    if style_id:
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), style_id)
        rpr.append(rstyle)
    for flag, tag in ((bold, "w:b"), (italic, "w:i")):
        if flag:
            rpr.append(OxmlElement(tag))
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


def _bookmark(paragraph: DocxParagraph, name: str, number: int) -> None:
    """A bookmark on a heading, so contents entries can link to it."""
    bookmark_id = str(number)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), bookmark_id)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), bookmark_id)
    paragraph._p.insert(1, start)
    paragraph._p.append(end)


def _field(paragraph: DocxParagraph, code: str) -> None:
    _field_start(paragraph, code)
    paragraph.add_run("1")
    _field_end(paragraph)


def _field_start(paragraph: DocxParagraph, code: str) -> None:
    for kind, text in (("begin", None), (None, code), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)


def _field_end(paragraph: DocxParagraph) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(char)


def _cell_shading(tc_pr: etree._Element, colour: str) -> None:
    SubElement(tc_pr, _qn("w:shd"), {_qn("w:val"): "clear", _qn("w:color"): "auto", _qn("w:fill"): colour.lstrip("#")})


def _run_shading(run, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    run._r.get_or_add_rPr().append(shading)


def _paragraph_shading(ppr, colour: str, *, left_border: bool) -> None:
    if left_border:
        borders = OxmlElement("w:pBdr")
        left = OxmlElement("w:left")
        for key, value in (("w:val", "single"), ("w:sz", "36"), ("w:space", "8"), ("w:color", "B1B4B6")):
            left.set(qn(key), value)
        borders.append(left)
        ppr.append(borders)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    ppr.append(shading)


def _remember_style_ids(word: docx.document.Document) -> None:
    """Look each style up once: python-docx scans every style for every paragraph it styles,
    a quarter of the time this file took to write. The styles are all set up by now."""
    part = word.part
    look_up = part.get_style_id
    known: dict[tuple[str, object], str | None] = {}

    def get_style_id(style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return look_up(style_or_name, style_type)
        if (style_or_name, style_type) not in known:
            known[style_or_name, style_type] = look_up(style_or_name, style_type)
        return known[style_or_name, style_type]

    part.get_style_id = get_style_id


def _drop_theme_fonts(style_element) -> None:
    """Theme fonts (Calibri) override a style's named font in Word, so remove them."""
    rpr = style_element.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _new_numbering(word: docx.document.Document) -> str:
    """A fresh numbering instance for "List Number", so each numbered list starts at 1."""
    numbering = word.part.numbering_part.element
    list_style = word.styles["List Number"]
    num_pr = list_style.element.pPr.numPr if list_style.element.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return ""
    base = numbering.num_having_numId(num_pr.numId.val)
    abstract_id = base.abstractNumId.val
    num = numbering.add_num(abstract_id)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    return str(num.numId)


def _use_numbering(paragraph: DocxParagraph, num_id: str) -> None:
    if not num_id:
        return
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = int(num_id)
