"""``cspkit demo``: writes the fictional partnership, loads it, and says what it loaded."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cspkit.cli.main import app
from cspkit.config import get_settings
from cspkit.store import open_store


def test_demo_writes_loads_and_reports_each_kind_of_evidence(tmp_path: Path, cspkit_home: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "demo"), "--seed", "5"])
    assert result.exit_code == 0, result.output
    for label in ("Geography lookup", "Boundaries", "Population", "police.uk crime, outcomes, searches",
                  "Partner indicators", "Census ethnic groups"):
        assert label in result.output
    assert "Data-quality flags" in result.output and "low volume" in result.output
    assert (tmp_path / "demo" / "police-uk" / "2026-09" / "2026-09-mercia-vale-street.csv").is_file()
    with open_store(cspkit_home / "demo" / "evidence.duckdb", read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM street_crimes").fetchone()[0] > 100_000


def test_demo_writes_into_the_data_folder_by_default_and_its_own_store(cspkit_home: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert (cspkit_home / "demo" / "README.txt").is_file()
    assert (cspkit_home / "demo" / "evidence.duckdb").is_file()
    assert not (cspkit_home / "evidence.duckdb").exists()  # real data's store: untouched
    assert "cspkit --demo assess" in " ".join(result.output.split())

    demo_areas = CliRunner().invoke(app, ["--demo", "assess", "--list-areas"])
    assert demo_areas.exit_code == 0 and "Hartbury" in demo_areas.output
    get_settings.cache_clear()  # a new process: without --demo, the real store
    real_areas = CliRunner().invoke(app, ["assess", "--list-areas"])
    assert real_areas.exit_code == 1 and "No areas are known" in real_areas.output
    assert "Hartbury" not in real_areas.output
