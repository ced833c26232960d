"""``cspkit status`` shows what police.uk data is loaded and its data-quality flags."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from cspkit.cli.main import app
from cspkit.store import open_store
from cspkit.store.loaders.police_uk import load

runner = CliRunner()


@pytest.fixture
def staffordshire(cspkit_home, shared_data):
    """The real Staffordshire files loaded into the test's own data folder."""
    with open_store() as store:
        load(store, [shared_data / "police-uk"])


@pytest.fixture(scope="module")
def monthly_rows(shared_data):
    counted = Counter()
    for path in (shared_data / "police-uk").glob("*/*.csv"):
        with open(path, newline="", encoding="utf-8") as stream:
            counted.update(row["Month"] for row in csv.DictReader(stream))
    return counted


@pytest.mark.slow
def test_status_shows_the_coverage_and_the_low_early_2022_months(staffordshire):
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert ["staffordshire", "street", "2022-01..2022-11", "0", "102,793"] in lines
    # the published rows without a place have neither coordinates nor an LSOA: kept apart from rows lacking one
    assert ["staffordshire", "street", "0", "0", "569"] in lines
    assert [line[2] for line in lines if "volume" in line] == ["2022-01", "2022-02", "2022-03"]
    assert "not checked, as no LSOA lookup is loaded" in " ".join(result.output.split())


@pytest.mark.slow
def test_status_as_csv_gives_one_row_per_force_kind_and_month(staffordshire, monthly_rows):
    result = runner.invoke(app, ["status", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["month"]: int(r["rows"]) for r in rows} == monthly_rows
    assert [r["month"] for r in rows if "low volume" in r["flags"]] == ["2022-01", "2022-02", "2022-03"]
    assert {r["rows_lsoa_not_in_lookup"] for r in rows} == {""}


@pytest.mark.slow
def test_status_as_json_gives_coverage_flags_and_notes(staffordshire, monthly_rows):
    result = runner.invoke(app, ["status", "--format", "json"])
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert {c["month"]: c["rows"] for c in status["coverage"]} == monthly_rows
    assert [(f["flag"], f["month"]) for f in status["flags"] if f["month"]] == [
        ("low volume", "2022-01"), ("low volume", "2022-02"), ("low volume", "2022-03"),
        ("one crime type low", "2022-11"), ("one crime type high", "2022-04"), ("one crime type low", "2022-05")]
    assert len(status["notes"]) == 2


def test_status_of_a_store_with_no_police_uk_data_says_how_to_load_some(cspkit_home):
    open_store().close()
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0
    assert "cspkit load police-uk" in result.output


def test_status_without_a_store_explains_and_exits_non_zero(cspkit_home):
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert "No evidence store" in result.output


def test_an_unknown_format_is_refused(cspkit_home):
    result = runner.invoke(app, ["status", "--format", "xml"])
    assert result.exit_code != 0
    assert "xml" in result.output
