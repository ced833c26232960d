"""No traceback reaches a user (issue 9): every failure is a message naming what to do, and
``--debug`` shows the details for a report."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cspkit.cli import load as load_command
from cspkit.cli.main import app
from cspkit.config import get_settings

runner = CliRunner()


def _broken(*args, **kwargs):
    raise ValueError("something cspkit did not expect")


def test_an_unexpected_error_is_a_message_not_a_traceback(cspkit_home, monkeypatch, tmp_path):
    monkeypatch.setattr(load_command, "loader_for", lambda kind: _broken)
    result = runner.invoke(app, ["load", "lookup", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "unexpected problem (ValueError: something cspkit did not expect)" in result.output
    assert "--debug" in result.output


def test_debug_shows_the_details(cspkit_home, monkeypatch, tmp_path):
    monkeypatch.setattr(load_command, "loader_for", lambda kind: _broken)
    monkeypatch.delenv("CSPKIT_TRACEBACKS", raising=False)
    result = runner.invoke(app, ["--debug", "load", "lookup", str(tmp_path)])
    assert isinstance(result.exception, ValueError)
    monkeypatch.delenv("CSPKIT_TRACEBACKS", raising=False)


def test_a_data_folder_that_is_a_file_is_named(tmp_path, monkeypatch, shared_data):
    home = tmp_path / "home"
    home.write_text("not a folder")
    monkeypatch.setenv("CSPKIT_HOME", str(home))
    get_settings.cache_clear()
    result = runner.invoke(app, ["load", "lookup", str(shared_data / "geography" / "lookup_ward21_ltla21.csv")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{home} is a file, not a folder" in " ".join(result.output.split())


def test_a_read_only_data_folder_is_named(cspkit_home, monkeypatch, shared_data):
    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    result = runner.invoke(app, ["load", "lookup", str(shared_data / "geography" / "lookup_ward21_ltla21.csv")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "read-only" in result.output and "CSPKIT_HOME" in result.output


def test_the_load_summary_counts_the_files_rows_and_the_rows_stored(cspkit_home, shared_data, tmp_path):
    source = (shared_data / "population" / "population20_lsoa11.csv").read_bytes().splitlines(keepends=True)
    path = tmp_path / "population20_lsoa11.csv"
    path.write_bytes(b"".join(source[:101]))
    result = runner.invoke(app, ["load", "population", str(path)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Loaded 100 rows of population from 1 file(s) (" in text
    assert "rows stored)" in text


@pytest.mark.parametrize("damage", [b"\0" * 4096, b"z" * (2 << 20)])
def test_a_damaged_file_is_named_with_its_byte_offset(cspkit_home, shared_data, tmp_path, damage):
    source = shared_data / "police-uk" / "2022-01" / "2022-01-staffordshire-street.csv"
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes() + damage)
    result = runner.invoke(app, ["load", "police-uk", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"byte {source.stat().st_size:,}" in " ".join(result.output.split())


@pytest.mark.parametrize("mark", ["[x]", "[/x]", "[red]12"])
def test_square_brackets_in_a_file_are_printed_as_they_are(cspkit_home, shared_data, tmp_path, mark):
    """ONS marks a suppressed value "[x]": the message showed '' for it, and "[/x]" crashed the command."""
    folder = tmp_path / "b[final]"
    folder.mkdir()
    lines = (shared_data / "population" / "population20_lsoa11.csv").read_text(encoding="utf-8").splitlines()[:4]
    cells = lines[2].split(",")
    cells[2] = mark
    path = folder / "population20_lsoa11.csv"
    path.write_text("\n".join([*lines[:2], ",".join(cells), lines[3]]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["load", "population", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    text = " ".join(result.output.split())
    assert f"'{mark}'" in text and "b[final]" in text, text
