"""``cspkit report assessment --casework/--projects`` refuses a bad file at once, naming the file,
line and problem, before any work starts and without a stack trace."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cspkit.cli.main import app

ARGUMENTS = ["report", "assessment", "--area", "Hartbury", "--period", "2025-10..2026-09", "--no-record"]


def test_a_small_count_that_was_not_withheld_stops_the_report(cspkit_home: Path, tmp_path: Path):
    bad = tmp_path / "counts.csv"
    bad.write_text("period,period_start,period_end,group,measure,count,smallest_shown\n"
                   "2025/26,2025-04-01,2026-03-31,Powers used,Closure order,2,5\n", encoding="utf-8")
    result = CliRunner().invoke(app, [*ARGUMENTS, "--casework", str(bad)])
    assert result.exit_code != 0
    assert "counts.csv, line 2: the count of 'Closure order' is 2, below the smallest count shown (5)" in result.output
    assert "Traceback" not in result.output
    assert not (cspkit_home / "reports").exists()


def test_a_projects_file_with_a_wrong_amount_stops_the_report(cspkit_home: Path, tmp_path: Path):
    bad = tmp_path / "projects.csv"
    bad.write_text("reference,project,provider,priority,places,starts,ends,budget,spent\n"
                   "P1,Sport,Sport Trust,ASB,,2026-04-01,2027-03-31,lots,0\n", encoding="utf-8")
    result = CliRunner().invoke(app, [*ARGUMENTS, "--projects", str(bad)])
    assert result.exit_code != 0
    assert "projects.csv, line 2: the budget of project P1 'lots' is not an amount in pounds" in result.output
    assert "Traceback" not in result.output


def test_counts_for_another_period_than_the_assessments_are_pointed_out(tmp_path: Path):
    from datetime import date
    from types import SimpleNamespace

    from cspkit.assess.period import parse_period
    from cspkit.cli.report_records import period_mismatch
    from cspkit.sources.casework_counts import read_casework_counts

    path = tmp_path / "counts.csv"
    path.write_text("period,period_start,period_end,group,measure,count,smallest_shown\n"
                    "2025/26,2025-04-01,2026-03-31,Cases,Cases opened,12,5\n", encoding="utf-8")
    counts = read_casework_counts(path)
    assert counts.periods[0].ends == date(2026, 3, 31)
    assert period_mismatch(counts, SimpleNamespace(period=parse_period("2025/26"))) is None
    warning = period_mismatch(counts, SimpleNamespace(period=parse_period("2025-10..2026-09")))
    assert warning is not None and "export-counts --period 2025-10..2026-09" in warning
