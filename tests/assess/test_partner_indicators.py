"""Partners' measures for an area: the months read, the sums, the change and the force comparison.

Expected values are worked out here by hand or with scipy (Wilson's interval from its formula,
the score test for two proportions as Pearson's chi-squared test), not by the code under test.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from scipy.stats import binomtest, chi2_contingency

from cspkit.assess.areas import Area
from cspkit.assess.partner_indicators import partner_indicators, partner_monthly
from cspkit.assess.period import parse_period

CSP = Area("E22000001", "Riverside", "csp")
FORCE = Area("E23000001", "Shire", "pfa")
DISTRICTS = ("E07000001", "E07000002")  # Riverside CSP is made of the first; the force of both
PERIOD = parse_period("2025-10..2026-09")
PEOPLE = {"area": 50_000.0, "force": 120_000.0}


@pytest.fixture
def con(store):
    con = store.con
    areas = [(CSP.code, CSP.name, "csp"), (FORCE.code, FORCE.name, "pfa"),
             (DISTRICTS[0], "Riverside", "lad"), (DISTRICTS[1], "Hillside", "lad")]
    con.executemany("INSERT INTO areas VALUES (?, ?, ?, '2021', 1)", areas)
    links = [(DISTRICTS[0], "lad", CSP.code, "csp"), (DISTRICTS[0], "lad", FORCE.code, "pfa"),
             (DISTRICTS[1], "lad", FORCE.code, "pfa")]
    con.executemany("INSERT INTO area_links VALUES (?, ?, '2021', ?, ?, '2021', 1)", links)
    return con


def add(con, code: str, period: str, start: date, end: date, measure: str, value: float,
        denominator: float | None = None, source: str = "Shire Police") -> None:
    con.execute("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                [code, period, start, end, measure, value, denominator, source])


def months(first_year: int, first_month: int, count: int):
    for i in range(count):
        year, month = first_year + (first_month - 1 + i) // 12, (first_month - 1 + i) % 12 + 1
        following = date(year + month // 12, month % 12 + 1, 1)
        yield f"{year}-{month:02d}", date(year, month, 1), date.fromordinal(following.toordinal() - 1)


def test_a_monthly_count_is_summed_over_the_period_and_tested_against_a_year_earlier(con):
    for label, start, end in months(2024, 10, 24):  # October 2024 to September 2026
        now = start >= date(2025, 10, 1)
        add(con, DISTRICTS[0], label, start, end, "Domestic abuse incidents", 150 if now else 100)
        add(con, DISTRICTS[1], label, start, end, "Domestic abuse incidents", 100)
    row = partner_indicators(con, CSP, FORCE, PERIOD, PEOPLE).iloc[0]
    assert (row["start"], row["end"], bool(row["latest_available"])) == (date(2025, 10, 1), date(2026, 9, 30), False)
    assert row["periods"] == "12 months" and row["kind"] == "count"
    assert row["value"] == 1800 and row["earlier_value"] == 1200
    assert row["rate"] == pytest.approx(1800 / 50_000 * 1000)
    assert row["change_pct"] == pytest.approx(50.0)
    # an exact test of the later period's share of the two equal-length periods' events agrees
    assert binomtest(1800, 3000, 0.5).pvalue < 0.05 and row["change_verdict"] == "increase"
    assert row["force_rate"] == pytest.approx((1800 + 1200) / 120_000 * 1000)
    assert row["compared_with_force"] == "higher"  # 36.0 (35.3 to 36.7) against 25.0
    assert row["source"] == "Shire Police"


def test_a_small_change_is_not_called_an_increase(con):
    for label, start, end in months(2024, 10, 24):
        add(con, DISTRICTS[0], label, start, end, "Deliberate fires", 10 if start >= date(2025, 10, 1) else 9)
    row = partner_indicators(con, CSP, None, PERIOD, PEOPLE).iloc[0]
    assert (row["value"], row["earlier_value"]) == (120, 108)
    assert binomtest(120, 228, 0.5).pvalue > 0.05 and row["change_verdict"] == "no significant change"
    assert row["compared_with_force"] == ""  # no force asked for


def test_financial_quarters_that_cover_the_period_are_read_as_it(con):
    quarters = [("2025/26 Q3", date(2025, 10, 1), date(2025, 12, 31)), ("2025/26 Q4", date(2026, 1, 1),
                date(2026, 3, 31)), ("2026/27 Q1", date(2026, 4, 1), date(2026, 6, 30)),
                ("2026/27 Q2", date(2026, 7, 1), date(2026, 9, 30))]
    for label, start, end in quarters:
        add(con, CSP.code, label, start, end, "Treatment completions", 50, 250, "Recovery service")
    row = partner_indicators(con, CSP, FORCE, PERIOD, PEOPLE).iloc[0]
    assert row["kind"] == "proportion" and row["periods"] == "4 quarters" and not row["latest_available"]
    assert (row["value"], row["denominator"]) == (200, 1000)
    z, p, n = 1.959963984540054, 0.2, 1000  # Wilson's score interval from its formula
    centre, half = (p + z * z / (2 * n)), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert row["lower_95"] == pytest.approx((centre - half) / (1 + z * z / n), rel=1e-9)
    assert row["upper_95"] == pytest.approx((centre + half) / (1 + z * z / n), rel=1e-9)
    assert row["change_verdict"] == ""  # no earlier year loaded, so no change is claimed
    assert math.isnan(row["force_rate"])  # the CSP's own code is not the force's districts


def test_a_yearly_measure_gives_the_latest_year_that_ends_within_the_period(con):
    add(con, DISTRICTS[0], "2024/25", date(2024, 4, 1), date(2025, 3, 31), "Proven reoffending", 200, 800)
    add(con, DISTRICTS[0], "2025/26", date(2025, 4, 1), date(2026, 3, 31), "Proven reoffending", 150, 750)
    add(con, DISTRICTS[1], "2025/26", date(2025, 4, 1), date(2026, 3, 31), "Proven reoffending", 300, 1000)
    row = partner_indicators(con, CSP, FORCE, PERIOD, PEOPLE).iloc[0]
    assert (row["start"], row["end"], bool(row["latest_available"])) == (date(2025, 4, 1), date(2026, 3, 31), True)
    assert row["periods"] == "1 year"
    assert row["rate"] == pytest.approx(0.2) and row["earlier_rate"] == pytest.approx(0.25)
    assert row["change_points"] == pytest.approx(-5.0)
    # the score test for two proportions is Pearson's chi-squared test (to a factor n / (n - 1))
    chi = chi2_contingency([[150, 600], [200, 600]], correction=False)
    assert chi.pvalue < 0.05 and row["change_verdict"] == "decrease"
    assert row["force_rate"] == pytest.approx(450 / 1750)
    assert row["compared_with_force"] == "lower"  # 20.0% (17.3% to 23.0%) against 25.7%


def test_a_measure_given_by_month_and_by_quarter_is_counted_once(con):
    for label, start, end in months(2025, 10, 12):
        add(con, CSP.code, label, start, end, "Deliberate fires", 10)
    quarters = [("2025-Q4", date(2025, 10, 1), date(2025, 12, 31)), ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
                ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)), ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30))]
    for label, start, end in quarters:  # a revised quarterly return: 33 where the months add up to 30
        add(con, CSP.code, label, start, end, "Deliberate fires", 33)
    row = partner_indicators(con, CSP, None, PERIOD, PEOPLE).iloc[0]
    assert row["value"] == 120 and row["periods"] == "12 months"  # the finest periods, not both


def test_a_month_missing_falls_back_to_the_latest_whole_year_or_to_nothing(con):
    for label, start, end in months(2024, 9, 24):  # September 2024 to August 2026: September 2026 missing
        add(con, CSP.code, label, start, end, "Deliberate fires", 10)
    row = partner_indicators(con, CSP, None, PERIOD, PEOPLE).iloc[0]
    assert (row["start"], row["end"], bool(row["latest_available"])) == (date(2025, 9, 1), date(2026, 8, 31), True)
    con.execute("DELETE FROM indicators WHERE period = '2026-02'")
    row = partner_indicators(con, CSP, None, PERIOD, PEOPLE).iloc[0]
    assert (row["start"], row["end"]) == (date(2025, 2, 1), date(2026, 1, 31))
    con.execute("DELETE FROM indicators WHERE period < '2025-06'")
    assert partner_indicators(con, CSP, None, PERIOD, PEOPLE).empty  # no twelve whole months end in the period


def test_an_area_reported_by_its_districts_needs_every_district(con):
    wide, pair = Area("E22000009", "Two districts", "csp"), ("E07000003", "E07000004")
    con.executemany("INSERT INTO areas VALUES (?, ?, ?, '2021', 1)",
                    [(wide.code, wide.name, "csp"), (pair[0], "East", "lad"), (pair[1], "West", "lad")])
    con.executemany("INSERT INTO area_links VALUES (?, 'lad', '2021', ?, 'csp', '2021', 1)",
                    [(pair[0], wide.code), (pair[1], wide.code)])
    for label, start, end in months(2025, 10, 12):
        add(con, pair[0], label, start, end, "Deliberate fires", 10)
    assert partner_indicators(con, wide, None, PERIOD, PEOPLE).empty
    for label, start, end in months(2025, 10, 11):  # the second district has not sent September 2026
        add(con, pair[1], label, start, end, "Deliberate fires", 5)
    assert partner_indicators(con, wide, None, PERIOD, PEOPLE).empty
    add(con, pair[1], "2026-09", date(2026, 9, 1), date(2026, 9, 30), "Deliberate fires", 5)
    assert partner_indicators(con, wide, None, PERIOD, PEOPLE).iloc[0]["value"] == 180


def test_no_partner_measures_gives_an_empty_table_with_its_columns(con):
    table = partner_indicators(con, CSP, FORCE, PERIOD, PEOPLE)
    assert table.empty and {"measure", "rate", "change_verdict", "compared_with_force"} <= set(table.columns)


def test_monthly_counts_are_the_latest_unbroken_run_of_months_within_the_period(con):
    """What the control chart of a partner-evidenced priority draws: the CSP's own months only,
    stopping at a gap, never after the period, never a proportion or a quarter."""
    for index, (label, start, end) in enumerate(months(2024, 1, 36)):  # January 2024 to December 2026
        if label == "2024-11":
            continue  # a month the partner did not send: the run starts after it
        add(con, DISTRICTS[0], label, start, end, "Domestic abuse incidents", 100 + index)
        add(con, DISTRICTS[1], label, start, end, "Domestic abuse incidents", 1000)  # another district's
        add(con, DISTRICTS[0], label, start, end, "Treatment completions", 5, 20)  # a proportion
    add(con, DISTRICTS[0], "2025/26 Q3", date(2025, 10, 1), date(2025, 12, 31), "Fires by quarter", 30)
    found = partner_monthly(con, CSP, PERIOD)
    assert set(found["measure"]) == {"Domestic abuse incidents"}
    assert [f"{m:%Y-%m}" for m in found["month"]] == [label for label, _, _ in months(2024, 12, 22)]
    assert found["count"].tolist() == [100.0 + i for i in range(11, 33)]  # December 2024 is the 12th month


def test_no_monthly_counts_when_the_months_stop_before_the_figures_they_would_sit_beside(con):
    """The measure's figures come from quarters covering the period; its months stop two years
    earlier. Charting those months beside this year's figures would show the wrong years."""
    for label, start, end in months(2023, 1, 24):  # January 2023 to December 2024, by month
        add(con, DISTRICTS[0], label, start, end, "Domestic abuse incidents", 100)
    for year, first in ((2025, 1), (2025, 4), (2025, 7), (2025, 10), (2026, 1), (2026, 4), (2026, 7)):
        start = date(year, first, 1)
        end = date.fromordinal(date(year + (first + 2) // 12, (first + 2) % 12 + 1, 1).toordinal() - 1)
        add(con, DISTRICTS[0], f"{year} Q{(first + 2) // 3}", start, end, "Domestic abuse incidents", 300)
    row = partner_indicators(con, CSP, None, PERIOD, PEOPLE).iloc[0]
    assert (row["start"], row["end"], row["periods"]) == (date(2025, 10, 1), date(2026, 9, 30), "4 quarters")
    found = partner_monthly(con, CSP, PERIOD)
    assert found.empty and str(found["month"].dtype).startswith("datetime64")
