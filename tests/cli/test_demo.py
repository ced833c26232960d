"""``cspkit demo``: writes the fictional partnership, loads it, and says what it loaded."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cspkit.cli.main import app
from cspkit.store import open_store


def test_demo_writes_loads_and_reports_each_kind_of_evidence(tmp_path: Path, cspkit_home: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "demo"), "--seed", "5"])
    assert result.exit_code == 0, result.output
    for label in ("Geography lookup", "Boundaries", "Population", "police.uk crime, outcomes, searches",
                  "Partner indicators", "Census ethnic groups"):
        assert label in result.output
    assert "Data-quality flags" in result.output and "low volume" in result.output
    assert (tmp_path / "demo" / "police-uk" / "2026-09" / "2026-09-mercia-vale-street.csv").is_file()
    with open_store(read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM street_crimes").fetchone()[0] > 100_000


def test_demo_writes_into_the_data_folder_by_default(cspkit_home: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert (cspkit_home / "demo" / "README.txt").is_file()
