"""The hot spot trend sentence counts the period's hot spots, so it reconciles with the sentence before it."""

from __future__ import annotations

from datetime import date

import pandas as pd

from cspkit.assess.build import trend_quarters
from cspkit.assess.period import parse_period
from cspkit.assess.statements import _hotspot_trends

ALL = "All crime (excluding ASB)"


def test_only_whole_quarters_without_flagged_or_missing_months_are_read():
    period = parse_period("2025-01..2026-02")  # 14 months: four quarters and two months over
    loaded = set(period.month_starts()) - {date(2025, 8, 1)}
    used, summary = trend_quarters(period, {date(2025, 2, 1)}, loaded)
    assert used == [(pd.Timestamp("2025-04-01"), pd.Timestamp("2025-06-01")),
                    (pd.Timestamp("2025-10-01"), pd.Timestamp("2025-12-01"))]
    assert summary["left_out"] == [
        {"quarter": "January to March 2025", "reason": "months the data-quality checks flagged"},
        {"quarter": "July to September 2025", "reason": "months with no police.uk file loaded"},
        {"quarter": "January to February 2026", "reason": "not a whole quarter"},
    ]


def test_the_pattern_is_told_of_the_periods_hot_spots_and_others_are_counted_apart():
    hot = pd.DataFrame({"crime_group": ALL, "lsoa_code": list("ABCDE"),
                        "hotspot": ["hot spot"] * 4 + ["not significant"]})
    trends = pd.DataFrame({"lsoa_code": list("ABCDEF"),
                           "trend": ["persistent", "emerging", "new", "intermittent", "new", "none"]})
    quarters = {"used": ["q1", "q2", "q3", "q4"], "needed": 3,
                "left_out": [{"quarter": "January to February 2026", "reason": "not a whole quarter"}]}
    assert _hotspot_trends(trends, hot, quarters) == (
        "Quarter by quarter (4 whole quarters; left out: January to February 2026: not a whole quarter), of the 4 "
        "hot spots above, 1 was a hot spot in every quarter (persistent), 2 were hot spots only in the "
        "latest quarters (emerging or new) and 1 was not a hot spot consistently from quarter to quarter. 1 other "
        "LSOA was a hot spot in the latest quarters without being one over the period as a whole."
    )


def test_when_every_hot_spot_shares_a_pattern_the_sentence_says_all():
    hot = pd.DataFrame({"crime_group": ALL, "lsoa_code": list("ABC"), "hotspot": ["hot spot"] * 3})
    trends = pd.DataFrame({"lsoa_code": list("ABC"), "trend": ["persistent"] * 3})
    quarters = {"used": ["q1", "q2", "q3", "q4"], "needed": 3, "left_out": []}
    assert _hotspot_trends(trends, hot, quarters) == (
        "Quarter by quarter (4 whole quarters), of the 3 hot spots above, all 3 were hot spots in every "
        "quarter (persistent)."
    )


def test_persistent_says_how_many_quarters_not_nearly_every():
    """Persistent is hot in at least 90% of the quarters, the latest among them: with four, that is every one,
    which "nearly every quarter" left a reader to guess; with twelve, at least eleven."""
    hot = pd.DataFrame({"crime_group": ALL, "lsoa_code": ["A"], "hotspot": ["hot spot"]})
    trends = pd.DataFrame({"lsoa_code": ["A"], "trend": ["persistent"]})
    twelve = {"used": [f"q{n}" for n in range(12)], "needed": 3, "left_out": []}
    assert "1 was a hot spot in at least 11 of the 12 quarters, the latest among them (persistent)." in \
        _hotspot_trends(trends, hot, twelve)
    ten = {**twelve, "used": [f"q{n}" for n in range(10)]}
    assert "in at least 9 of the 10 quarters" in _hotspot_trends(trends, hot, ten)


def test_comparators_are_grouped_by_verdict_each_said_once_without_nested_brackets():
    from cspkit.assess.statements import describe_comparisons

    text = describe_comparisons([("higher", "Mercia Vale (force area)", 85.94),
                                 ("similar", "West Midlands (region)", 80.2),
                                 ("higher", "England and Wales", 88.0), ("lower", "Most Similar Group", 110.0)])
    assert text == ("statistically significantly higher than Mercia Vale (force area) at 85.9 and England and Wales "
                    "at 88.0 per 1,000; similar to West Midlands (region) at 80.2 per 1,000; significantly lower than "
                    "Most Similar Group at 110.0 per 1,000")
    assert describe_comparisons([("not compared", "England and Wales", 88.0)]) == ""
    # a test that finds no difference does not show the rates are alike: never "statistically similar"
    assert describe_comparisons([("similar", "Staffordshire (force area)", 1.84)]) == (
        "similar to Staffordshire (force area) at 1.8 per 1,000")
