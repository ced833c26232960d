"""The demo's partner indicators: the generic layout, valid periods, plausible partner patterns."""

from __future__ import annotations

from collections import Counter

from cspkit.demo.indicators import COLUMNS, FIRES, REOFFENDING, TREATMENT
from cspkit.demo.partnership import DemoFiles
from cspkit.sources.indicators import parse_period, read_indicators

from .files import read_rows


def test_rows_name_a_district_a_period_cspkit_knows_and_a_measure(demo: DemoFiles) -> None:
    rows = read_rows(demo.files["indicators"])
    districts = {r["LAD21CD"] for r in read_rows(demo.files["lookup"])}
    assert tuple(rows[0]) == COLUMNS
    assert {r["area_code"] for r in rows} == districts
    assert all(parse_period(r["period"]) is not None for r in rows)
    assert read_indicators(demo.files["indicators"][0]).table.num_rows == len(rows)


def test_each_partner_reports_at_its_own_frequency(demo: DemoFiles) -> None:
    rows = read_rows(demo.files["indicators"])
    per_district = Counter(r["measure"] for r in rows if r["area_code"] == rows[0]["area_code"])
    assert per_district[FIRES] == 36 and per_district[TREATMENT] == 12 and per_district[REOFFENDING] == 3


def test_deliberate_fires_peak_in_spring_and_completions_never_exceed_those_in_treatment(demo: DemoFiles) -> None:
    rows = read_rows(demo.files["indicators"])
    fires = Counter()
    for r in rows:
        if r["measure"] == FIRES:
            fires[r["period"][5:]] += int(r["value"])
    assert fires["04"] > 1.8 * fires["12"]
    for r in rows:
        if r["denominator"]:
            assert 0 <= int(r["value"]) <= int(r["denominator"])
