"""The analyst's words survive every rebuild; untouched parts follow the latest figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspkit.errors import InputError
from cspkit.reports.analyst_text import fingerprint, read_analyst_text, sync_analyst_text
from cspkit.reports.document import BulletList, Paragraph

FIRST = {
    "direction-of-travel": ("Overall direction of travel", "Recorded crime rose by 24.5% in the year."),
    "priority-asb": ("Anti-social behaviour", "ASB fell by 17%.\n\n- Use Community Protection Notices."),
}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_first_build_writes_the_generated_statements_under_headings(tmp_path):
    path = tmp_path / "words.md"
    result = sync_analyst_text(path, FIRST)
    assert result.created and result.added == ("direction-of-travel", "priority-asb")
    text = path.read_text(encoding="utf-8")
    assert "## Overall direction of travel\n<!-- section: direction-of-travel | generated: " in text
    assert "Recorded crime rose by 24.5% in the year." in text
    assert result.text("priority-asb") == "ASB fell by 17%.\n\n- Use Community Protection Notices."
    assert result.blocks("priority-asb") == [Paragraph("ASB fell by 17%."),
                                             BulletList(["Use Community Protection Notices."])]


def test_an_edited_part_is_kept_when_the_figures_change(tmp_path):
    path = tmp_path / "words.md"
    sync_analyst_text(path, FIRST)
    edit(path, "Recorded crime rose by 24.5% in the year.", "Crime rose by a quarter, driven by **recording**.")
    rebuilt = sync_analyst_text(path, {**FIRST, "direction-of-travel": ("Overall direction of travel",
                                                                        "Recorded crime rose by 26.0% in the year.")})
    assert rebuilt.text("direction-of-travel") == "Crime rose by a quarter, driven by **recording**."
    assert rebuilt.kept == ("direction-of-travel",) and rebuilt.outdated == ("direction-of-travel",)
    assert "Crime rose by a quarter" in path.read_text(encoding="utf-8")
    again = sync_analyst_text(path, FIRST)
    assert again.text("direction-of-travel") == "Crime rose by a quarter, driven by **recording**."


def test_an_untouched_part_is_refreshed_with_the_new_statement(tmp_path):
    path = tmp_path / "words.md"
    sync_analyst_text(path, FIRST)
    rebuilt = sync_analyst_text(path, {**FIRST, "priority-asb": ("Anti-social behaviour", "ASB fell by 12%.")})
    assert rebuilt.text("priority-asb") == "ASB fell by 12%."
    assert rebuilt.refreshed == ("priority-asb",) and rebuilt.kept == ()
    assert "ASB fell by 17%" not in path.read_text(encoding="utf-8")


def test_a_new_section_is_added_and_one_no_longer_generated_stays_in_the_file(tmp_path):
    path = tmp_path / "words.md"
    sync_analyst_text(path, FIRST)
    edit(path, "ASB fell by 17%.", "ASB fell, as the board asked us to watch.")
    rebuilt = sync_analyst_text(path, {"direction-of-travel": FIRST["direction-of-travel"],
                                       "priority-fraud": ("Fraud", "Fraud rose by 3%.")})
    assert rebuilt.added == ("priority-fraud",) and rebuilt.orphaned == ("priority-asb",)
    assert set(rebuilt.sections) == {"direction-of-travel", "priority-fraud"}
    _, parts = read_analyst_text(path)
    assert [part.id for part in parts] == ["direction-of-travel", "priority-fraud", "priority-asb"]
    assert "ASB fell, as the board asked us to watch." in path.read_text(encoding="utf-8")


def test_an_emptied_part_stays_empty(tmp_path):
    path = tmp_path / "words.md"
    sync_analyst_text(path, FIRST)
    edit(path, "Recorded crime rose by 24.5% in the year.", "")
    assert sync_analyst_text(path, FIRST).text("direction-of-travel") == ""


def test_windows_line_endings_and_trailing_spaces_are_not_edits(tmp_path):
    path = tmp_path / "words.md"
    sync_analyst_text(path, FIRST)
    text = path.read_text(encoding="utf-8").replace("\n", "  \r\n")
    path.write_bytes(text.encode("utf-8"))
    rebuilt = sync_analyst_text(path, {**FIRST, "priority-asb": ("Anti-social behaviour", "ASB fell by 12%.")})
    assert rebuilt.kept == () and rebuilt.text("priority-asb") == "ASB fell by 12%."


def test_the_analysts_notes_above_the_first_part_are_kept(tmp_path):
    path = tmp_path / "words.md"
    path.write_text("Notes to self: check the ASB figures with the council.\n", encoding="utf-8")
    sync_analyst_text(path, FIRST)
    sync_analyst_text(path, FIRST)
    assert path.read_text(encoding="utf-8").startswith("Notes to self: check the ASB figures with the council.\n")


def test_a_changed_marker_is_reported_with_its_line(tmp_path):
    path = tmp_path / "words.md"
    sync_analyst_text(path, FIRST)
    edit(path, "<!-- section: priority-asb | generated:", "<!-- section: priority asb | generated:")
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(number for number, text in enumerate(lines, start=1) if "priority asb" in text)
    with pytest.raises(InputError, match=rf"words.md, line {line}: this section marker has been changed"):
        sync_analyst_text(path, FIRST)


def test_a_section_pasted_twice_is_reported(tmp_path):
    path = tmp_path / "words.md"
    path.write_text(f"## A\n<!-- section: intro | generated: {fingerprint('x')} -->\nx\n\n"
                    f"## B\n<!-- section: intro | generated: {fingerprint('y')} -->\ny\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 6: the section 'intro' appears twice \\(first on line 2\\)"):
        read_analyst_text(path)


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "words.md"
    path.write_bytes("Caf\xe9 crime".encode("latin-1"))
    with pytest.raises(InputError, match=r"words\.md: is not UTF-8 text"):
        sync_analyst_text(path, FIRST)


def test_a_failed_read_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "words.md"
    sync_analyst_text(path, FIRST)
    edit(path, "<!-- section: priority-asb |", "<!-- section: priority-asb ||")
    before = path.read_bytes()
    with pytest.raises(InputError):
        sync_analyst_text(path, FIRST)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["words.md"]
