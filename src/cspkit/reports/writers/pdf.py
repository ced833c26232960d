"""PDF through WeasyPrint, from the same HTML as the web page and its print rules.

A4 pages, a contents page with page numbers, the report title as a running header and
"Page x of y" in the footer; PDF bookmarks from the headings; a tagged PDF declared as
PDF/UA-1 (headings, tables with header cells, figures with their alt text) for screen readers.

Laying out a long report is most of the time of a build, and an analyst's usual rebuild
changes only the commentary of a chapter or two. So the report is laid out in parts that each
start on a new page (:func:`cspkit.reports.writers.html.print_chapters`), each kept in a folder
beside the PDF by the hash of its HTML and images, and the parts are joined
(:mod:`cspkit.reports.writers.pdf_join`): a rebuild lays out only the parts that changed, then
the contents page, whose numbers come from every part's length, then the page furniture
(running header, marking, "Page x of y"), laid out once and drawn over every page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import pickle
import threading
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cspkit.reports.document import Document, Figure
from cspkit.reports.figure_cache import Work, is_stand_in
from cspkit.reports.forked import forked_pool
from cspkit.reports.writers import writing_code
from cspkit.reports.writers.html import PrintPart, page_furniture_html, print_chapters, print_front
from cspkit.reports.writers.pdf_fill import MAX_PASSES, rule, smaller_figures
from cspkit.reports.writers.pdf_fonts import arrays_without_parsing
from cspkit.reports.writers.pdf_images import embed_png_as_is
from cspkit.reports.writers.pdf_join import Bookmark, join_parts
from cspkit.reports.writers.pdf_leaders import draw_leaders_as_runs
from cspkit.reports.writers.pdf_user_agent import ReportHTML
from cspkit.reports.writers.pdf_widths import measure_widths_once

VARIANT = "pdf/ua-1"
PX_TO_PT = 0.75


@dataclass(frozen=True)
class LaidOut:
    """A part as PDF, with what joining needs: its pages, where its sections start, its bookmarks."""

    pdf: bytes
    pages: int
    anchors: Mapping[str, int]
    bookmarks: tuple[Bookmark, ...]


def render_pdf(document: Document, parts_folder: Path | None = None, workers: int = 1) -> bytes:
    """The report as PDF bytes; parts laid out before are taken from ``parts_folder`` when given.

    With ``workers`` above 1, chapters are laid out in that many processes (forked: not for a
    web server's worker, which answers with what one process can do).
    """
    _quicker_weasyprint()
    used: set[str] = set()
    chapters = _chapters(print_chapters(document), parts_folder, used, workers)
    pages: dict[str, int] = {}
    # The cover's page, its details page, the contents: the contents' own length moves every
    # number after it, so a longer front part is laid out again with the numbers it makes.
    front_pages = 1 + bool(document.metadata or document.attributions) + document.contents
    for _ in range(3):
        start = front_pages
        for chapter in chapters:
            pages.update({anchor: start + index + 1 for anchor, index in chapter.anchors.items()})
            start += chapter.pages
        front = _laid_out(print_front(document, pages), parts_folder, used, links_to=pages)
        if front.pages == front_pages:
            break
        front_pages = front.pages
    parts = [front, *chapters]
    furniture = page_furniture_html(sum(part.pages for part in parts), document.title, document.marking)
    overlay = _overlay(furniture, parts_folder, used)
    if parts_folder is not None:
        _forget_others(parts_folder, used)
    return join_parts([part.pdf for part in parts], [part.bookmarks for part in parts], overlay)


def write_pdf(document: Document, path: str | Path) -> Path:
    """Write the report as a PDF file and return its path.

    Its parts are kept in a hidden folder beside it (``.<name>.parts``) for the next build
    (and found there when :func:`lay_out_ahead` laid them out already).
    """
    path = Path(path)
    path.write_bytes(render_pdf(document, _parts_folder(path), workers=2))
    return path


def lay_out_ahead(document: Document, path: str | Path) -> list[Work]:
    """Work that lays out the chapters of ``document``, for :func:`write_pdf` to ``path``, while figures are drawn.

    A first build spends its first seconds drawing figures (``figure_cache.compose_in_parallel``,
    whose ``meanwhile`` this is). A chapter none of whose figures is a stand-in is already what it
    will be, so it can be laid out meanwhile; a chapter with stand-ins is laid out as soon as its
    own figures are drawn, with them in place. Each is kept in the parts folder, where
    ``write_pdf`` finds it by the hash of its HTML. Should the final document differ, the hash
    differs and the chapter is laid out again, so this never changes what the PDF shows.
    """
    folder = _parts_folder(Path(path))
    works = []
    frozen: _Frozen | None = None
    for index, part in enumerate(print_chapters(document)):
        needs = frozenset(block.id for section in document.sections if section.id in part.ids
                          for block in section.blocks if isinstance(block, Figure) and is_stand_in(block))
        if not needs and _kept(folder, _key(part)) is not None:
            continue
        if needs and frozen is None:
            frozen = _Frozen(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
        run = (functools.partial(_lay_out_with_figures, frozen, index, folder) if needs
               else functools.partial(_lay_out_ready, part, folder))
        works.append(Work(run, needs, size=len(part.html) / HTML_CHARACTERS_A_SECOND))
    return works


@dataclass(frozen=True)
class _Frozen:
    """A document pickled once for every chapter's work (each is sent to a drawing process on its own),
    read back once in each process."""

    pickled: bytes

    def document(self) -> Document:
        if self.pickled not in _thawed:
            _thawed.clear()  # one build's document at a time
            _thawed[self.pickled] = pickle.loads(self.pickled)
        return _thawed[self.pickled]


_thawed: dict[bytes, Document] = {}


#: About how much of a part's HTML is laid out in a second: how the chapters' times are weighed.
HTML_CHARACTERS_A_SECOND = 30_000


def _lay_out_with_figures(frozen: _Frozen, index: int, folder: Path, figures: Mapping[str, Figure]) -> None:
    (part,) = print_chapters(frozen.document().with_figures(figures), only=index)
    if _kept(folder, _key(part)) is None:
        _lay_out_and_keep(part, folder)


def _lay_out_ready(part: PrintPart, folder: Path, figures: Mapping[str, Figure]) -> None:
    """A part that needs none of the figures ``Work`` gives it."""
    _lay_out_and_keep(part, folder)


def _lay_out_and_keep(part: PrintPart, folder: Path) -> None:
    _quicker_weasyprint()
    _keep(folder, _key(part), _render(part.html, part.images, (), part.css))


def _quicker_weasyprint() -> None:
    """WeasyPrint's slow steps that the report does not need done its way: PNGs embedded as they
    are (:mod:`.pdf_images`), leader dots drawn a line at a time (:mod:`.pdf_leaders`), the C types
    of font subsets' glyph arrays made without parsing C (:mod:`.pdf_fonts`), each text's preferred
    widths measured once for each font (:mod:`.pdf_widths`)."""
    embed_png_as_is()
    draw_leaders_as_runs()
    arrays_without_parsing()
    measure_widths_once()


def _parts_folder(path: Path) -> Path:
    return path.with_name(f".{path.name}.parts")


def _chapters(parts: list[PrintPart], folder: Path | None, used: set[str], workers: int) -> list[LaidOut]:
    """Every chapter laid out: those kept in ``folder`` read back, the rest in ``workers`` processes.

    Parts are independent of one another, so on a machine with two cores a first build lays
    out two at a time, the longest first so that neither process is left with a long one at the end.
    """
    keys = [_key(part) for part in parts]
    used.update(keys)
    found = [_kept(folder, key) for key in keys]
    missing = sorted((i for i, laid_out in enumerate(found) if laid_out is None), key=lambda i: -len(parts[i].html))
    arguments = [(parts[i].html, parts[i].images, (), parts[i].css) for i in missing]
    if workers > 1 and len(missing) > 1 and "fork" in multiprocessing.get_all_start_methods():
        with forked_pool(workers) as pool:
            drawn = list(pool.map(_render, *zip(*arguments, strict=True)))
    else:
        drawn = [_render(*argument) for argument in arguments]
    for index, laid_out in zip(missing, drawn, strict=True):
        found[index] = laid_out
        _keep(folder, keys[index], laid_out)
    return [laid_out for laid_out in found if laid_out is not None]


def _laid_out(
    part: PrintPart, folder: Path | None, used: set[str], links_to: Mapping[str, int] | None = None
) -> LaidOut:
    """The part from ``folder`` if it was laid out before, else laid out now (and kept there)."""
    key = _key(part)
    used.add(key)
    laid_out = _kept(folder, key)
    if laid_out is None:
        laid_out = _render(part.html, part.images, tuple(links_to or ()), part.css)
        _keep(folder, key, laid_out)
    return laid_out


def _kept(folder: Path | None, key: str) -> LaidOut | None:
    if folder is None:
        return None
    with suppress(OSError, ValueError, KeyError, TypeError):
        meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        pdf = (folder / f"{key}.pdf").read_bytes()
        return LaidOut(pdf, meta["pages"], meta["anchors"], tuple(Bookmark(*mark) for mark in meta["bookmarks"]))
    return None


def _keep(folder: Path | None, key: str, laid_out: LaidOut) -> None:
    if folder is None:
        return
    with suppress(OSError):  # a part that cannot be kept only costs time next build
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{key}.pdf").write_bytes(laid_out.pdf)
        meta = {"pages": laid_out.pages, "anchors": dict(laid_out.anchors), "bookmarks": laid_out.bookmarks}
        (folder / f"{key}.json").write_text(json.dumps(meta), encoding="utf-8")


def _overlay(html: str, folder: Path | None, used: set[str]) -> bytes:
    """The page furniture to lay over the report's pages (kept too: a rebuild seldom changes the page count)."""
    key = hashlib.sha256(writing_code() + html.encode()).hexdigest()
    used.add(key)
    path = None if folder is None else folder / f"{key}.pdf"
    with suppress(OSError):
        if path is not None and path.is_file():
            return path.read_bytes()
    pdf = ReportHTML(string=html).write_pdf(font_config=_fonts())
    if path is not None:
        with suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pdf)
    return pdf


def _render(html: str, images: Mapping[str, bytes], links_to: tuple[str, ...], css: str = "") -> LaidOut:
    """Lay out and write one part. ``links_to``: sections in other parts that this part links to.

    WeasyPrint drops a link whose target is not in the same document, so each is given a
    stand-in target here; joining the parts points the link at the real one.
    """
    sheets = [_stylesheet(css)] if css else []
    document = ReportHTML(string=html, url_fetcher=_Figures(images)).render(
        stylesheets=sheets, pdf_variant=VARIANT, font_config=_fonts()
    )
    smaller: dict[str, float] = {}
    for _ in range(MAX_PASSES):  # a page left half empty before a figure: the figures a little smaller
        widths = smaller_figures(document.pages, smaller)
        if not widths:
            break
        smaller.update(widths)
        sheets.append(CSS(string=rule(widths)))
        document = ReportHTML(string=html, url_fetcher=_Figures(images)).render(
            stylesheets=sheets, pdf_variant=VARIANT, font_config=_fonts()
        )
    anchors: dict[str, int] = {}
    bookmarks = []
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
        for level, label, (x, y), _ in page.bookmarks:
            bookmarks.append(Bookmark(level, label, index, x * PX_TO_PT, (page.height - y) * PX_TO_PT))
    if links_to and document.pages:
        stand_in = document.pages[0].anchors
        for anchor in links_to:
            stand_in.setdefault(anchor, (0, 0, 0, 0))
    pdf = document.write_pdf(pdf_variant=VARIANT)
    return LaidOut(pdf, len(document.pages), anchors, tuple(bookmarks))


class _Figures(URLFetcher):
    """Serves the figures' PNGs to WeasyPrint by the URLs the print HTML gives them."""

    def __init__(self, images: Mapping[str, bytes]) -> None:
        super().__init__()
        self._images = images

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        if url in self._images:
            return URLFetcherResponse(url, self._images[url], {"Content-Type": "image/png"})
        return super().fetch(url, headers)


@functools.lru_cache(maxsize=4)
def _stylesheet(css: str) -> CSS:
    """The print stylesheet parsed once in a process (a report's parts share one)."""
    return CSS(string=css)


_per_thread = threading.local()


def _forget_fonts() -> None:
    """A forked process makes its own font configuration: fonts read through the file descriptors
    they were opened with, which a fork shares with the parent and its other children."""
    global _per_thread
    _per_thread = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_fonts)


def _fonts() -> FontConfiguration:
    """One font configuration for every part laid out in a thread of a process.

    WeasyPrint makes a new one for each document unless given one: a new Pango font map whose
    fonts are loaded and whose shaping caches fill again, some milliseconds a part. The print
    stylesheet has no ``@font-face``, so the parts have nothing to keep apart in it. Not shared
    between threads: a Pango font map used by two at once corrupts its memory (the web server's
    threads render PDFs too).
    """
    fonts = getattr(_per_thread, "fonts", None)
    if fonts is None:
        fonts = _per_thread.fonts = FontConfiguration()
    return fonts


def _key(part: PrintPart) -> str:
    digest = hashlib.sha256(writing_code() + part.css.encode() + b"\0" + part.html.encode())
    for url in sorted(part.images):
        digest.update(url.encode() + hashlib.sha256(part.images[url]).digest())
    return digest.hexdigest()


def _forget_others(folder: Path, keep: set[str]) -> None:
    """Remove parts this build did not use, so the folder holds one report's parts, not every edit's."""
    with suppress(OSError):
        for path in folder.iterdir():
            if path.suffix in (".pdf", ".json") and path.stem not in keep:
                path.unlink(missing_ok=True)
