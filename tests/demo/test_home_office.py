"""The demo's Home Office CSP table: the published layout, the shipped offence hierarchy, and
counts that agree with the demo's own police.uk crimes."""

from __future__ import annotations

import csv
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

from cspkit.demo.home_office import COLUMNS, financial_quarter
from cspkit.demo.partnership import DemoFiles
from cspkit.sources.home_office import read_recorded_crime

from .files import first_line, read_rows


def test_the_layout_is_the_force_table_with_a_csp_column(demo: DemoFiles, shared_data: Path) -> None:
    real = first_line(shared_data / "home-office" / "prc-pfa-mar2013-onwards-tables201718.csv").decode().strip()
    columns = real.split(",")
    assert list(COLUMNS) == [*columns[:3], "CSP Name", *columns[3:]]
    assert first_line(demo.files["home_office"][0]).decode().strip() == ",".join(COLUMNS)


def test_counts_are_padded_as_published_with_zero_written_minus_00(demo: DemoFiles) -> None:
    rows = read_rows(demo.files["home_office"])
    assert all(re.fullmatch(r" \d+ |-00 ", r["Number of Offences"]) for r in rows)
    assert any(r["Number of Offences"] == "-00 " for r in rows)


def test_offence_groups_and_subgroups_are_in_the_shipped_hierarchy(demo: DemoFiles) -> None:
    with (files("cspkit.store") / "reference" / "offence_hierarchy.csv").open(encoding="utf-8") as handle:
        known = {(r["offence_group"], r["offence_subgroup"]) for r in csv.DictReader(handle)}
    assert {(r["Offence Group"], r["Offence Subgroup"]) for r in read_rows(demo.files["home_office"])} <= known


def test_each_csp_quarter_total_equals_its_police_uk_crimes(demo: DemoFiles, street) -> None:
    district = {r["LSOA11CD"]: r["CSP21NM"] for r in read_rows(demo.files["lookup"])}
    police_uk = Counter(
        (district[r["LSOA code"]], financial_quarter(int(r["Month"][:4]), int(r["Month"][5:])))
        for r in street
        if r["LSOA code"] in district and r["Crime type"] != "Anti-social behaviour"
    )
    home_office = Counter()
    for r in read_rows(demo.files["home_office"]):
        count = int(r["Number of Offences"].strip().replace("-00", "0"))
        home_office[r["CSP Name"], (r["Financial Year"], int(r["Financial Quarter"]))] += count
    assert home_office == police_uk


def test_financial_quarters_run_from_april() -> None:
    assert financial_quarter(2023, 10) == ("2023/24", 3)
    assert financial_quarter(2024, 3) == ("2023/24", 4)
    assert financial_quarter(2024, 4) == ("2024/25", 1)
    assert financial_quarter(1999, 12) == ("1999/00", 3)


def test_the_table_reads_back_as_a_csp_table(demo: DemoFiles) -> None:
    read = read_recorded_crime(demo.files["home_office"][0])
    assert read.area_type == "csp" and read.warnings == ()
    assert len(read.quarters) == 12
