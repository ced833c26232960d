"""One entry point writes any format from the file name."""

from __future__ import annotations

import pytest

from cspkit.reports.document import Document, Paragraph, Section
from cspkit.reports.writers import write


def test_the_file_name_picks_the_format(tmp_path):
    document = Document("Report", [Section("intro", "Introduction", [Paragraph("Text.")])])
    path = write(document, tmp_path / "report.HTML")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_unknown_format_is_refused_naming_the_ones_there_are(tmp_path):
    with pytest.raises(ValueError, match=r"report\.odt: reports can be written as html, pdf, docx, xlsx, not odt"):
        write(Document("Report", []), tmp_path / "report.odt")


def _report(words: str) -> Document:
    from ..samples import rates_table

    return Document("Report", [Section("intro", "Introduction", [Paragraph(words), rates_table()])])


def test_a_rebuild_after_editing_only_words_keeps_the_workbook_and_rewrites_the_rest(tmp_path):
    from cspkit.reports.writers import write_all

    paths = [tmp_path / "report.html", tmp_path / "report.xlsx"]
    written, kept = [], []

    def build(words: str) -> None:
        written.clear(), kept.clear()
        write_all(_report(words), paths, workers=1, keep_unchanged=True,
                  done=lambda path, _: written.append(path.suffix), unchanged=lambda path: kept.append(path.suffix))

    build("First words.")
    assert sorted(written) == [".html", ".xlsx"] and kept == []
    workbook = paths[1].read_bytes()
    build("Edited words.")
    assert written == [".html"] and kept == [".xlsx"]
    assert "Edited words." in paths[0].read_text(encoding="utf-8") and paths[1].read_bytes() == workbook
    build("Edited words.")
    assert written == [] and sorted(kept) == [".html", ".xlsx"]


def test_files_written_by_two_processes_are_keyed_so_the_rebuild_keeps_the_unchanged_workbook(tmp_path):
    """As a first build does: the files are written in forked processes while this one works out
    their keys; the rebuild after an edit to the words then keeps the workbook and only it."""
    from cspkit.reports.writers import write_all

    paths = [tmp_path / "report.html", tmp_path / "report.xlsx", tmp_path / "report.docx"]
    kept: list[str] = []
    write_all(_report("First words."), paths, workers=2, keep_unchanged=True, unchanged=lambda p: kept.append(p.name))
    assert kept == [] and all((tmp_path / f".{path.name}.sha256").is_file() for path in paths)
    write_all(_report("Edited words."), paths, workers=2, keep_unchanged=True, unchanged=lambda p: kept.append(p.name))
    assert kept == ["report.xlsx"] and "Edited words." in paths[0].read_text(encoding="utf-8")


def test_a_kept_file_someone_changed_or_removed_is_written_again(tmp_path):
    from cspkit.reports.writers import write_all

    paths = [tmp_path / "report.html", tmp_path / "report.xlsx"]
    write_all(_report("Words."), paths, workers=1, keep_unchanged=True)
    paths[0].write_text("changed by hand", encoding="utf-8")
    paths[1].unlink()
    kept: list[str] = []
    write_all(_report("Words."), paths, workers=1, keep_unchanged=True, unchanged=lambda path: kept.append(path.name))
    assert kept == [] and "Words." in paths[0].read_text(encoding="utf-8") and paths[1].exists()


def test_the_workbook_is_rewritten_when_a_table_changes():
    from dataclasses import replace

    from cspkit.reports.writers import inputs_key

    document = _report("Words.")
    table = document.sections[0].blocks[1]
    changed = replace(document, sections=(replace(document.sections[0], blocks=(
        Paragraph("Words."), replace(table, caption=table.caption + " (revised)"))),))
    assert inputs_key(document, "xlsx") == inputs_key(_report("Other words."), "xlsx")
    assert inputs_key(document, "xlsx") != inputs_key(changed, "xlsx")
    assert inputs_key(document, "html") != inputs_key(_report("Other words."), "html")


def test_the_whole_documents_digest_is_worked_out_once_for_the_formats_that_show_it_all(monkeypatch):
    """A first build's writing process keys the PDF and then the HTML file by the same digest of the
    whole document: pickled once, not once a format; a new document, even one equal to the
    last, is digested anew (a digest is never taken from a document that has gone)."""
    import gc

    from cspkit.reports import writers
    from cspkit.reports.writers import inputs_key

    digested: list[str] = []
    digest = writers._digest
    monkeypatch.setattr(writers, "_digest", lambda document, fmt: digested.append(fmt) or digest(document, fmt))
    monkeypatch.setattr(writers, "_digests", {})
    document = _report("Words.")
    keys = {fmt: inputs_key(document, fmt) for fmt in ("pdf", "html", "docx", "xlsx", "pdf")}
    assert digested == ["pdf", "xlsx"] and len(set(keys.values())) == 4
    other = _report("Other words.")
    assert inputs_key(other, "html") != keys["html"] and digested[-1] == "html"
    del document, other
    gc.collect()
    again = _report("Words.")
    assert inputs_key(again, "docx") == keys["docx"] and digested[-1] == "docx" and len(digested) == 4
