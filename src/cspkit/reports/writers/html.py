"""Accessible, self-contained HTML: one file with its styles and images inside it.

Semantic markup (headings in order, ``<caption>`` and ``scope`` on tables, ``alt`` on every
image, a skip link) so screen readers and the GOV.UK accessibility regulations are
satisfied; print rules (A4, running header, page x of y, contents with page numbers) so the
same page becomes the PDF.  Figures are PNG inside ``<img>`` data URLs: the page needs no
other files, ``alt`` is read out reliably, and a reader can copy a chart into a slide.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Literal

from cspkit.reports import style
from cspkit.reports.document import (
    Block,
    BulletList,
    Callout,
    Cell,
    Column,
    Document,
    Figure,
    Heading,
    KeyFigure,
    KeyFigures,
    PageBreak,
    Paragraph,
    Section,
    Table,
    markdown_blocks,
)
from cspkit.reports.markup import inline_runs
from cspkit.reports.writers.common import safe_href

FONT_STACK = 'Arial, "Liberation Sans", Helvetica, sans-serif'
SMALL_PRINT = f"font:8pt {FONT_STACK};color:#505a5f"
"""The running header and the page numbers."""
PAGE_X_OF_Y = f'@bottom-right{{content:"Page " counter(page) " of " counter(pages);{SMALL_PRINT}}}'
PAGE_MARGINS = "size:A4;margin:22mm 20mm 20mm"
TEXT_COLOUR = "#0b0c0c"


def page_furniture_html(pages: int, title: str, marking: str = "") -> str:
    """What the PDF writer lays over the report's pages once every part's length is known.

    A page of "Page x of y" for each of ``pages`` pages, all at the place of the footer's right-hand
    margin box, one on top of another (the writer draws each over its own page), then the two
    pages of what does not change from page to page: the cover's (the marking) and every other
    page's (the running header and the marking). So the whole is laid out as three pages, not a
    page for each, and the running header and marking are drawn on every page from one copy
    rather than laid out again on each page of each part. The header and marking are the print
    styles' margin boxes; the number is placed as the footer's right-hand box places it (its
    line centred in the 20 mm margin, against the right-hand margin).
    """
    numbers = "".join(f'<div class="number">Page {number} of {pages}</div>' for number in range(1, pages + 1))
    header, marks = _header_box(f'"{_quoted(title)}"'), _marking_boxes(marking)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page furniture</title>'
            f"<style>html{{color:{TEXT_COLOUR}}} @page{{{PAGE_MARGINS}}}"
            f"@page cover{{{marks}}} @page furniture{{{header}{marks}}}"
            f".number{{position:absolute;left:0;right:0;bottom:-20mm;height:20mm;{SMALL_PRINT};line-height:20mm;"
            f"text-align:right}} .numbers{{break-after:page}} .cover{{page:cover;break-after:page}}"
            " .furniture{page:furniture}</style></head><body>"
            f'<div class="numbers">{numbers}</div><div class="cover"></div><div class="furniture"></div></body></html>')


def _quoted(text: str) -> str:
    """``text`` as the inside of a CSS string (no backslash escapes, double quotes made single)."""
    return text.replace("\\", "").replace('"', "'")


def _header_box(content: str) -> str:
    return f"@top-left{{content:{content};{SMALL_PRINT}}}"


def _marking_boxes(marking: str) -> str:
    """The protective marking at the top and foot of a page, as margin boxes (none without a marking)."""
    if not marking:
        return ""
    box = f'{{content:"{_quoted(marking)}";font:bold 8pt {FONT_STACK}}}'
    return f"@top-center{box}@bottom-center{box}"


def render_html(document: Document) -> str:
    """The whole report as one HTML page (UTF-8 text), figures inside it."""
    labels = document.numbering()
    body = [_cover(document)]
    if document.contents:
        body.append(_contents(document))
    body.append('<main id="main" tabindex="-1">')
    body += [_section(section, labels, "inline", True) for section in document.sections]
    body.append("</main>")
    return _page(document, stylesheet(document.marking), body, skip_link=True)


@dataclass(frozen=True)
class PrintPart:
    """A run of the PDF's pages laid out on its own: the cover and contents, or a chapter.

    ``images`` maps each ``src`` in ``html`` to its PNG (WeasyPrint reads a URL quicker than
    a long data URL); ``ids`` are the sections it holds, which the contents page links to.
    ``css`` is the print stylesheet, kept out of ``html`` so that the PDF writer parses it once
    for every part rather than once for each.
    """

    html: str
    images: Mapping[str, bytes]
    ids: tuple[str, ...]
    css: str = ""


def print_chapters(document: Document, only: int | None = None) -> list[PrintPart]:
    """The report after its contents page, in parts that each start on a new page.

    A part is laid out without the others, so a rebuild after an edit to one chapter lays out
    that chapter only. Page numbers are left to the PDF writer, which knows every part's length.
    Paper cannot unfold the "show the data" tables under figures: they are in the Excel file.
    With ``only``, just that part (by its place among them) is made: the list holds it alone.
    """
    labels = document.numbering()
    groups: list[list[Section]] = []
    for section in document.sections:
        if not groups or section.new_page:
            groups.append([])
        groups[-1].append(section)
    css = stylesheet(pdf_part=True)
    parts = []
    for group in groups if only is None else groups[only : only + 1]:
        images: dict[str, bytes] = {}
        body = ["<main>", *(_section(section, labels, images, False) for section in group), "</main>"]
        parts.append(PrintPart(_page(document, None, body), images, tuple(section.id for section in group), css))
    return parts


def print_front(document: Document, pages: Mapping[str, int]) -> PrintPart:
    """The cover and the contents page, which gives the page each section starts on (``pages``)."""
    body = [_cover(document)]
    if document.contents:
        body.append(_contents(document, pages))
    css = stylesheet(pdf_part=True)
    return PrintPart(_page(document, None, body), {}, (), css)


def _page(document: Document, css: str | None, body: list[str], *, skip_link: bool = False) -> str:
    """The whole page; its styles inside it, unless ``css`` is None (a part of the PDF: the writer adds them)."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(document.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(document.title)}</title>",
    ]
    if document.author:
        parts.append(f'<meta name="author" content="{escape(document.author)}">')
    if document.subtitle:
        parts.append(f'<meta name="description" content="{escape(document.subtitle)}">')
    if css is not None:
        parts.append(f"<style>{css}</style>")
    parts += ["</head>", "<body>"]
    if skip_link:
        parts.append('<a class="skip-link" href="#main">Skip to main content</a>')
    parts += [*body, "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def write_html(document: Document, path: str | Path) -> Path:
    """Write the report as an HTML file and return its path."""
    path = Path(path)
    path.write_text(render_html(document), encoding="utf-8")
    return path


def _cover(document: Document) -> str:
    parts = ['<header class="cover">', '<div class="cover-page">']
    if document.marking:
        parts.append(f'<p class="marking">{escape(document.marking)}</p>')
    if document.logo:
        data = base64.b64encode(document.logo).decode("ascii")
        parts.append(f'<img class="logo" src="data:{escape(document.logo_type)};base64,{data}" '
                     f'alt="{escape(document.organisation or document.author)} logo">')
    parts.append(f'<h1 class="title">{escape(document.title)}</h1>')
    if document.subtitle:
        parts.append(f'<p class="subtitle">{escape(document.subtitle)}</p>')
    if document.organisation:
        parts.append(f'<p class="organisation">{escape(document.organisation)}</p>')
    issued = ", ".join(part for part in (f"Version {document.version}" if document.version else "",
                                         document.date) if part)
    if issued:
        parts.append(f'<p class="issued">{escape(issued)}</p>')
    parts.append("</div>")
    if document.metadata:
        rows = "".join(f'<tr><th scope="row">{escape(k)}</th><td>{_inline(v)}</td></tr>' for k, v in document.metadata)
        parts.append(f'<table class="metadata"><caption class="visually-hidden">About this report</caption>'
                     f"<tbody>{rows}</tbody></table>")
    if document.attributions:
        lines = "".join(f"<p>{_inline(line)}</p>" for line in document.attributions)
        parts.append(f'<div class="attributions">{lines}</div>')
    parts.append("</header>")
    return "\n".join(parts)


def _contents(document: Document, pages: Mapping[str, int] | None = None) -> str:
    """The contents; in print, ``pages`` gives the page each section starts on."""
    items = []
    for section in document.sections:
        if section.level <= 2:
            page = f' data-page="{pages[section.id]}"' if pages else ""
            items.append(f'<li class="level-{section.level}"><a href="#{section.id}"{page}>'
                         f"{escape(section.title)}</a></li>")
    return ('<nav class="contents" aria-labelledby="contents-heading">'
            '<h2 id="contents-heading">Contents</h2>'
            f'<ol>{"".join(items)}</ol></nav>')


Images = Literal["inline"] | dict[str, bytes]
"""How figures are written: inside the page as data URLs, or (print) a URL per PNG, noted in the dict."""


def _section(section: Section, labels: dict[str, str], images: Images, data: bool) -> str:
    level = section.level + 1
    classes = f"level-{section.level}" + (" new-page" if section.new_page else "")
    parts = [f'<section id="{section.id}" aria-labelledby="{section.id}-heading" class="{classes}">',
             f'<h{level} id="{section.id}-heading">{escape(section.title)}</h{level}>']
    parts += [_block(block, labels, level, images, data) for block in section.blocks]
    parts.append("</section>")
    return "\n".join(parts)


def _block(block: Block, labels: dict[str, str], level: int, images: Images, data: bool) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_inline(block.text)}</p>"
    if isinstance(block, BulletList):
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{_inline(item)}</li>" for item in block.items) + f"</{tag}>"
    if isinstance(block, Heading):
        sub = min(level + 1, 6)
        return f"<h{sub}>{escape(block.text)}</h{sub}>"
    if isinstance(block, Table):
        return table_html(block, labels.get(block.id, ""))
    if isinstance(block, Figure):
        return _figure(block, labels.get(block.id, ""), images, data)
    if isinstance(block, KeyFigures):
        items = "".join(_key_figure(item) for item in block.items)
        return f'<ul class="key-figures">{items}</ul>'
    if isinstance(block, Callout):
        body = "".join(_block(inner, labels, level, images, data) for inner in markdown_blocks(block.text))
        return f'<div class="callout"><p class="callout-title"><strong>{escape(block.title)}</strong></p>{body}</div>'
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    raise TypeError(f"the HTML writer cannot write a {type(block).__name__}")


def _key_figure(item: KeyFigure) -> str:
    detail = f' <span class="kf-detail">{_inline(item.detail)}</span>' if item.detail else ""
    return (f'<li><span class="kf-value">{escape(item.value)}</span> '
            f'<span class="kf-label">{_inline(item.label)}</span>{detail}</li>')


def table_html(table: Table, label: str = "") -> str:
    """One table with caption, column and row headers, status words and its notes."""
    caption = f'<span class="label">{escape(label)}:</span> {escape(table.caption)}' if label else escape(table.caption)
    head = "".join(f'<th scope="col" class="{_kind(c)}">{escape(c.label)}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        classes = [f"level-{row.level}"] + (["total"] if row.bold else [])
        cells = [_cell(column, cell, table.missing, first=index == 0)
                 for index, (column, cell) in enumerate(zip(table.columns, row.cells, strict=True))]
        body.append(f'<tr class="{" ".join(classes)}">{"".join(cells)}</tr>')
    parts = [f'<div class="table-wrap" id="{escape(table.id)}">',
             f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
             f"<tbody>{''.join(body)}</tbody></table>"]
    key = table.statuses_used()
    if key:
        entries = "".join(f'<li><span class="status status-{s.tone}">{escape(s.label)}</span> '
                          f"{escape(s.description)}</li>" for s in key)
        parts.append(f'<div class="table-key"><p>Key to the shading:</p><ul>{entries}</ul></div>')
    parts.append(_table_notes(table))
    parts.append("</div>")
    return "\n".join(parts)


def _table_notes(table: Table) -> str:
    parts = []
    if table.source:
        parts.append(f'<p class="source">Source: {_inline(table.source)}</p>')
    if table.method:
        parts.append(f'<p class="method">How this was calculated: {_inline(table.method)}</p>')
    parts += [f'<p class="note">{_inline(note)}</p>' for note in table.notes]
    return "".join(parts)


def _cell(column: Column, cell: Cell, missing: str, *, first: bool) -> str:
    text = escape(column.format(cell.value, missing, cell.decimals))
    classes = [_kind(column)]
    if cell.status is not None:
        classes.append(f"status-{cell.status.tone}")
        text += f' <span class="status-word">{escape(cell.status.label)}</span>'
    if first:
        return f'<th scope="row" class="{" ".join(classes)}">{text}</th>'
    return f'<td class="{" ".join(classes)}">{text}</td>'


def _kind(column: Column) -> str:
    return "num" if column.numeric else "text"


def _figure(figure: Figure, label: str, images: Images, with_data: bool) -> str:
    if isinstance(images, dict):
        source = f"cspkit-figure:{len(images)}"
        images[source] = figure.png
    else:
        source = "data:image/png;base64," + base64.b64encode(figure.png).decode("ascii")
    caption = f'<span class="label">{escape(label)}:</span> {escape(figure.title)}' if label else escape(figure.title)
    parts = [f'<figure id="{escape(figure.id)}">',
             f'<img src="{source}" alt="{escape(figure.alt_text)}" '
             f'style="width: 100%; max-width: {figure.width_cm:.1f}cm">',
             f"<figcaption>{caption}</figcaption>"]
    if with_data and figure.data is not None:
        summary = f"Show the data in {escape(label or 'this figure')}"
        parts.append(f'<details class="figure-data"><summary>{summary}</summary>{table_html(figure.data)}</details>')
    parts.append("</figure>")
    return "\n".join(parts)


def _inline(text: str) -> str:
    out = []
    for run in inline_runs(text):
        html = escape(run.text).replace("\n", "<br>")
        href = safe_href(run.href)
        if href:
            html = f'<a href="{escape(href)}">{html}</a>'
        if run.italic:
            html = f"<em>{html}</em>"
        if run.bold:
            html = f"<strong>{html}</strong>"
        out.append(html)
    return "".join(out)


def stylesheet(marking: str = "", *, pdf_part: bool = False) -> str:
    """Screen and print styles (GOV.UK colours and type scale; A4 page rules for the PDF).

    ``marking`` (OFFICIAL...) is printed at the top and foot of every page, as protective markings are.
    With ``pdf_part``, the rules are those of a part of the PDF laid out on its own
    (:class:`PrintPart`): the contents take their page numbers from the links, and the pages'
    margins are left empty for the PDF writer to lay the running header, the marking and
    "Page x of y" over them (:func:`page_furniture_html`) once every part's length is known.

    Paper breaks pages where a screen does not, so the print rules say where not to: a table's
    header stays with its first three rows, its last three rows stay together, a bold row heading
    a group stays with the row after it (WeasyPrint's ``orphans`` and ``widows`` do not apply to
    rows), its key, source and method follow it unbroken (its further notes may start the next page:
    kept with it, the overview's eight notes pushed its last rows onto a page of their own, leaving half
    a page blank), and the paragraph straight after a figure (its explanation, "In the chart above...")
    stays on the figure's page. A page is narrower than a screen, so
    a table's numbers are printed a little smaller, each on one line: a rate and its verdict, or an
    interval, broken over two lines ("101.30 to / 103.82") read as two figures. Four headline figures
    fit on one row (the fourth took a row of its own).
    """
    if pdf_part:
        page_rules, page_number = f"@page{{{PAGE_MARGINS}}}", "attr(data-page)"
    else:
        page_rules = (f"@page{{{PAGE_MARGINS};{_header_box('string(report-title)')}{PAGE_X_OF_Y}}}"
                      f"@page cover{{@top-left{{content:none}}}}@page{{{_marking_boxes(marking)}}}")
        page_number = "target-counter(attr(href), page)"
    fills = "".join(f".status-{tone}{{background:{colour}}}" for tone, colour in style.CELL_FILLS.items())
    return f"""
:root{{--text:{TEXT_COLOUR};--secondary:#505a5f;--link:#1d70b8;--focus:#ffdd00;--border:#b1b4b6}}
html{{font-family:{FONT_STACK};color:var(--text);line-height:1.4;font-size:16px}}
body{{margin:0 auto;max-width:60rem;padding:0 1rem 3rem}}
a{{color:var(--link)}}
a:focus{{outline:3px solid transparent;background:var(--focus);box-shadow:0 -2px var(--focus),0 4px var(--text);
  color:var(--text);text-decoration:none}}
.skip-link{{position:absolute;left:-9999px}}
.skip-link:focus{{position:static;display:inline-block;padding:.5rem}}
.visually-hidden{{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}
h1{{font-size:2.2rem;line-height:1.1;margin:1.5rem 0 .5rem}}
h2{{font-size:1.6rem;margin:2rem 0 .75rem}} h3{{font-size:1.25rem;margin:1.5rem 0 .5rem}}
h4,h5,h6{{font-size:1.05rem;margin:1.25rem 0 .5rem}}
.subtitle{{font-size:1.25rem;color:var(--secondary);margin-top:0}}
table{{border-collapse:collapse;margin:.5rem 0 .25rem;font-size:.9rem;width:100%}}
caption{{text-align:left;font-weight:bold;padding-bottom:.4rem}}
th,td{{border-bottom:1px solid var(--border);padding:.35rem .5rem .35rem 0;vertical-align:top}}
thead th{{border-bottom:2px solid var(--text);text-align:left}}
.num{{text-align:right;font-variant-numeric:tabular-nums;padding-left:.5rem}}
tbody th{{font-weight:normal;text-align:left}}
tr.total th,tr.total td{{font-weight:bold}}
tr.level-1 th:first-child{{padding-left:1.25rem}} tr.level-2 th:first-child{{padding-left:2.5rem}}
table.metadata{{width:auto;margin:1.5rem 0;font-size:.85rem}}
.marking{{font-weight:bold;letter-spacing:.05em;margin:0 0 1rem}}
.organisation{{font-size:1.25rem;font-weight:bold;margin:2rem 0 .25rem}} .issued{{color:var(--secondary)}}
img.logo{{display:block;max-height:25mm;max-width:60mm;margin:1rem 0}}
table.metadata th{{font-weight:bold;padding-right:2rem}}
{fills}
.status-word{{font-size:.8em;display:inline-block;margin-left:.3em}}
.status{{padding:0 .3em;border:1px solid var(--border)}}
.table-key p{{margin:.4rem 0 .2rem;font-size:.85rem}}
.table-key ul{{list-style:none;padding:0;margin:0 0 .3rem;font-size:.85rem}}
.source,.method,.note{{font-size:.85rem;color:var(--secondary);margin:.2rem 0}}
.table-wrap{{margin-bottom:1.5rem;overflow-x:auto}}
figure{{margin:1rem 0 1.5rem}} figure img{{display:block;height:auto}}
figcaption{{font-size:.9rem;margin-top:.4rem}} .label{{font-weight:bold}}
details.figure-data summary{{color:var(--link);cursor:pointer;margin-top:.5rem}}
.key-figures{{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}}
.key-figures li{{flex:1 1 10rem;border-left:5px solid {style.FOCUS};padding:.25rem .75rem}}
.kf-value{{display:block;font-size:2rem;font-weight:bold;line-height:1.1}}
.kf-label{{display:block}} .kf-detail{{display:block;font-size:.85rem;color:var(--secondary)}}
.callout{{border-left:10px solid var(--border);padding:.5rem 1rem;margin:1rem 0;background:#f3f2f1}}
.callout-title{{margin-top:0}}
.attributions{{font-size:.85rem;color:var(--secondary)}}
nav.contents ol{{list-style:none;padding:0}} nav.contents li.level-2{{padding-left:1.5rem}}
@media print{{
  {page_rules}
  html{{font-size:10.5pt}} body{{max-width:none;padding:0}}
  h1.title{{string-set:report-title content();font-size:24pt;margin-top:30mm}}
  h2{{font-size:16pt}} h3{{font-size:13pt}}
  h2,h3,h4,caption{{break-after:avoid}}
  .cover{{break-after:page}} nav.contents{{break-after:page}}
  .cover-page{{break-after:page;page:cover}} .cover .marking{{display:none}}
  nav.contents a{{color:var(--text);text-decoration:none}}
  nav.contents a::after{{content:leader('.') {page_number}}}
  .skip-link,details.figure-data{{display:none}}
  thead{{display:table-header-group}} tr,figure,.key-figures,.callout{{break-inside:avoid}}
  tbody tr:nth-child(-n+2),tbody tr.total{{break-after:avoid}} tbody tr:nth-last-child(-n+2){{break-before:avoid}}
  .table-wrap>table~*:not(.note){{break-before:avoid}} .table-key,.source,.method,.note{{break-inside:avoid}}
  figure+p{{break-before:avoid;break-inside:avoid}}
  .table-wrap{{overflow:visible}} table{{font-size:.82rem}} td.num{{white-space:nowrap}}
  .key-figures li{{flex-basis:7rem}}
  .page-break{{break-after:page}} section.new-page{{break-before:page}}
  .visually-hidden{{display:none}}
  a{{color:var(--text)}}
}}
"""
