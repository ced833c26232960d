"""The PDF laid out in parts and joined: a rebuild lays out only what changed, and the joined
file is one document to its readers (one structure tree, contents links, nested bookmarks)."""

from __future__ import annotations

import pickle
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from cspkit.reports.document import Document, Paragraph, Section
from cspkit.reports.writers import pdf

pytestmark = pytest.mark.slow

LONG = "Partners met every month to review the hot spots and agree who would act on each. " * 30


def report(changed: str = "The second chapter's part has one page.") -> Document:
    return Document(
        "Parts of a report",
        [
            Section("one", "One", [Paragraph("The first chapter.")]),
            Section("two", "Two", [Paragraph("The second chapter.")], new_page=True),
            Section("two-a", "Two A", [Paragraph(changed)], level=2, new_page=True),
            Section("three", "Three", [Paragraph(LONG) for _ in range(8)], new_page=True),
        ],
        metadata={"Produced by": "Hartbury Community Safety Partnership"},
    )


def pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return text.stdout.split("\f")[:-1]


def nested(item: pikepdf.OutlineItem) -> tuple:
    return item.title, [nested(child) for child in item.children]


def kept(folder: Path) -> dict[str, int]:
    """The parts kept in ``folder``: file name -> when it was written."""
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_a_rebuild_lays_out_only_the_chapter_that_changed_and_matches_a_fresh_build(tmp_path):
    path = pdf.write_pdf(report(), tmp_path / "kept" / "report.pdf")
    folder = tmp_path / "kept" / ".report.pdf.parts"
    first = kept(folder)
    assert (
        sorted(Path(name).suffix for name in first) == [".json"] * 5 + [".pdf"] * 6
    )  # front, 4 chapters, page numbers
    pdf.write_pdf(report("The analyst rewrote this part."), path)
    second = kept(folder)
    new = [name for name in second if name not in first]
    assert sorted(Path(name).suffix for name in new) == [".json", ".pdf"]  # one part laid out again
    laid_out = folder / next(name for name in new if name.endswith(".pdf"))
    assert "The analyst rewrote this part." in " ".join(pages(laid_out))
    assert all(second[name] == first[name] for name in second if name in first)  # the others read, not rewritten
    assert len(second) == len(first)  # the part the edit replaced is gone
    fresh = pdf.write_pdf(report("The analyst rewrote this part."), tmp_path / "fresh" / "report.pdf")
    assert pages(path) == pages(fresh)


def test_the_joined_pdf_is_one_document_to_its_readers(tmp_path):
    path = pdf.write_pdf(report(), tmp_path / "report.pdf")
    text = pages(path)
    joined = pikepdf.open(path)
    index = {page.obj.objgen: number for number, page in enumerate(joined.pages)}
    tree = joined.Root.StructTreeRoot
    numbers = tree.ParentTree.Nums
    keys = [int(numbers[i]) for i in range(0, len(numbers), 2)]
    assert keys == sorted(set(keys))
    used = [int(page.obj.StructParents) for page in joined.pages]
    used += [int(a.StructParent) for page in joined.pages for a in page.obj.get("/Annots", []) if "/StructParent" in a]
    assert set(used) <= set(keys) and len(set(used)) == len(used)
    headings = []

    def walk(element, parent):
        assert element.P.objgen == parent.objgen
        assert "/Pg" not in element or element.Pg.objgen in index
        if element.S in ("/H2", "/H3"):
            headings.append(element)
        for kid in element.K if isinstance(element.get("/K"), pikepdf.Array) else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, element)

    for kid in tree.K[0].K:
        walk(kid, tree.K[0])
    assert len(headings) == 5  # the contents' heading and the four sections'
    names = joined.Root.Names.Dests.Names
    destinations = {str(names[i]): index[names[i + 1][0].objgen] for i in range(0, len(names), 2)}
    contents = next(number for number, page in enumerate(text) if "Contents" in page)
    links = [str(a.Dest) for a in joined.pages[contents].obj.Annots]
    assert {"one", "two", "two-a", "three"} <= set(links)
    for section in ("one", "two", "two-a", "three"):
        title = {"one": "One", "two": "Two", "two-a": "Two A", "three": "Three"}[section]
        lines = [line.strip() for line in text[destinations[section]].splitlines() if line.strip()]
        assert lines[1] == title, section  # the heading, under the running header
    with joined.open_outline() as outline:
        assert [nested(item) for item in outline.root] == [
            ("Parts of a report", [("Contents", []), ("One", []), ("Two", [("Two A", [])]), ("Three", [])])
        ]
    total = len(text)
    assert all(f"Page {number} of {total}" in page for number, page in enumerate(text, start=1))


def test_chapters_are_laid_out_ahead_each_once_its_figures_are_drawn_and_then_read_not_laid_out_again(tmp_path):
    from cspkit.reports.document import Figure
    from cspkit.reports.figure_cache import StandIn

    chart = Figure(id="chart", title="A chart", alt_text="A chart of nothing.", png=_png(), source="test")
    stand_in = StandIn(id="later", title="", alt_text="", png=b"")  # what a first composition gets meanwhile
    later = Figure(id="later", title="Drawn later", alt_text="A chart drawn meanwhile.", png=_png(), source="test")
    sections = report().sections
    planned = Document(report().title, [*sections[:2], Section("fig", "Figure", [chart], new_page=True),
                                        Section("wait", "Waiting", [stand_in], new_page=True), *sections[2:]],
                       metadata=report().metadata)
    path = tmp_path / "report.pdf"
    works = pdf.lay_out_ahead(planned, path)
    # "one", "two", "two-a", "three" and the chart's chapter now; the stand-in's once its figure is drawn
    assert sorted(work.needs for work in works) == [frozenset()] * 5 + [frozenset({"later"})]
    for work in works:  # each is sent to a drawing process: pickled there and back
        pickle.loads(pickle.dumps(work.run))({"later": later} if work.needs else {})
    folder = tmp_path / ".report.pdf.parts"
    ahead = kept(folder)
    assert sorted(Path(name).suffix for name in ahead) == [".json"] * 6 + [".pdf"] * 6
    final = planned.with_figures({"later": later})
    assert pdf.lay_out_ahead(final, path) == []  # nothing left to do ahead
    pdf.write_pdf(final, path)
    after = kept(folder)
    assert all(after[name] == ahead[name] for name in ahead)  # read, not laid out again
    assert len(after) == len(ahead) + 3  # the front (.pdf and .json) and the page numbers
    fresh = pdf.write_pdf(final, tmp_path / "fresh" / "report.pdf")
    assert pages(path) == pages(fresh)
    assert any("Drawn later" in page for page in pages(path))


def _drawn_last(page: pikepdf.Page) -> list[tuple[int, int]]:
    """The forms the last content stream of ``page`` draws (the furniture laid over it), in order."""
    names = re.findall(rb"(/[^\s/]+) Do", page.obj.Contents[-1].read_bytes())
    return [page.obj.Resources.XObject[name.decode()].objgen for name in names]


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "#1d70b8").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_marking_and_running_header_are_on_every_page_from_one_copy_in_the_file(tmp_path):
    """The page furniture is laid over the joined pages: the marking at the top and foot of every page,
    the running header on every page but the cover, "Page x of y" on each, as artifacts."""
    marked = Document(report().title, report().sections, metadata=report().metadata, marking="OFFICIAL-SENSITIVE")
    path = pdf.write_pdf(marked, tmp_path / "report.pdf")
    text = pages(path)
    total = len(text)
    for number, page in enumerate(text, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0].endswith("OFFICIAL-SENSITIVE") and lines[-1].startswith("OFFICIAL-SENSITIVE"), number
        assert lines[-1].endswith(f"Page {number} of {total}"), number
        assert lines[0].startswith("Parts of a report") == (number > 1), number
    joined = pikepdf.open(path)
    drawn = [_drawn_last(page) for page in joined.pages]
    assert all(len(forms) == 2 for forms in drawn)  # the page's number, and the header and marking
    assert len(set.intersection(*(set(forms) for forms in drawn[1:]))) == 1  # one form for every page after the cover
    assert drawn[0][1] not in drawn[1]  # the cover's has no running header
    assert all(b"/Artifact BMC" in page.obj.Contents[-1].read_bytes() for page in joined.pages)


def test_each_thread_lays_out_with_its_own_fonts():
    """A Pango font map used by two threads at once corrupts its memory: the web server's threads
    each get their own configuration, while the parts a thread lays out share one."""
    import threading

    found: dict[str, tuple] = {}

    def fonts(name: str) -> None:
        found[name] = (pdf._fonts(), pdf._fonts())

    threads = [threading.Thread(target=fonts, args=(f"t{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(first is second for first, second in found.values())
    assert found["t0"][0] is not found["t1"][0]


def _fonts_in_child(_: int) -> bool:
    """Does the forked process start without the parent's font configuration?"""
    return getattr(pdf._per_thread, "fonts", None) is None


def test_a_forked_process_lays_out_with_a_font_configuration_of_its_own():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    parent = pdf._fonts()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(_fonts_in_child, 0).result()
    assert pdf._fonts() is parent


def test_one_part_made_alone_is_that_part_as_made_among_the_others():
    from cspkit.reports.writers.html import print_chapters

    parts = print_chapters(report())
    assert len(parts) > 2
    assert all(print_chapters(report(), only=index) == [part] for index, part in enumerate(parts))
