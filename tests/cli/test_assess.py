"""``cspkit assess`` runs for every Staffordshire CSP from the command line, in every output format."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from cspkit.cli.main import app

STAFFORDSHIRE_CSPS = ("Cannock Chase", "East Staffordshire", "Lichfield", "Newcastle-under-Lyme",
                      "South Staffordshire", "Stafford", "Staffordshire Moorlands", "Tamworth", "Stoke-on-Trent")


@pytest.fixture
def home_with_staffordshire(staffordshire_store_file, cspkit_home):
    cspkit_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(staffordshire_store_file, cspkit_home / "evidence.duckdb")
    return cspkit_home


def test_every_staffordshire_csp_can_be_assessed_from_the_command_line(home_with_staffordshire):
    runner = CliRunner()
    for name in STAFFORDSHIRE_CSPS:
        result = runner.invoke(app, ["assess", "--area", name, "--period", "2022-01..2022-11", "--format", "json",
                                      "--no-figures"])
        assert result.exit_code == 0, (name, result.output)
        document = json.loads(result.stdout)
        assert document["area"]["name"] == name
        assert document["area"]["level"] == "csp"
        rates = [r for r in document["tables"]["rates"] if r["comparator_kind"] == "area"]
        assert rates and all(r["rate"] >= 0 for r in rates)
    saved = sorted(p.name for p in (home_with_staffordshire / "assessments").iterdir())
    assert len(saved) == len(STAFFORDSHIRE_CSPS)


def test_the_table_format_shows_the_rates_and_the_caveats(home_with_staffordshire):
    result = CliRunner().invoke(app, ["assess", "--area", "E22000263", "--period", "2022-01..2022-11"])
    assert result.exit_code == 0, result.output
    assert "Rates per 1,000 residents: Cannock Chase" in result.stdout
    assert "Staffordshire (force area)" in result.stdout
    assert "January 2022" in result.stdout
    # The evidence page's figures are drawn now, beside the saved assessment, not on its first view.
    assert "figures for the web evidence page" in result.stderr
    saved = home_with_staffordshire / "assessments" / "E22000263_202201-202211"
    assert len(list((saved / ".figures").glob("*.pickle"))) >= 10


def test_xlsx_output_holds_every_table_with_numbers_as_numbers(home_with_staffordshire, tmp_path):
    out = tmp_path / "sa.xlsx"
    arguments = ["assess", "-a", "Tamworth", "-p", "2022-04..2022-11", "-f", "xlsx", "-o", str(out), "--no-figures"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert {"Notes", "rates", "change", "trend", "lsoas", "wards"} <= set(book.sheetnames)
    sheet = book["rates"]
    header = [c.value for c in sheet[1]]
    rate = sheet.cell(row=2, column=header.index("rate") + 1).value
    assert isinstance(rate, float) and rate > 0


def test_a_period_that_is_not_a_period_is_explained(home_with_staffordshire):
    result = CliRunner().invoke(app, ["assess", "--area", "Tamworth", "--period", "last year"])
    assert result.exit_code == 1
    assert "is not a period" in result.output


def test_listing_areas_names_the_staffordshire_csps(home_with_staffordshire):
    result = CliRunner().invoke(app, ["assess", "--list-areas"])
    assert result.exit_code == 0
    for name in ("Cannock Chase", "Stoke-on-Trent", "Staffordshire"):
        assert name in result.stdout
