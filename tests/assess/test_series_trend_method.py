"""The assessment's trend can be Fingertips' recent trend instead of the quasi-Poisson one, and says which."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from cspkit.assess.series import trend_table
from cspkit.stats.change import recent_trend_counts


def monthly(counts: list[float]) -> pd.DataFrame:
    months = pd.date_range("2018-01-01", periods=len(counts), freq="MS")
    return pd.DataFrame({"crime_group": "All crime", "month": months, "count": counts})


def test_fingertips_trend_uses_the_last_five_years_totals_and_names_its_method() -> None:
    counts = [float(100 + 2 * i) for i in range(66)]
    table = trend_table(monthly(counts), set(), method="fingertips").iloc[0]
    years = [sum(counts[end - 12:end]) for end in range(18, 67, 12)]
    assert table["method"] == "fingertips"
    assert table["months_used"] == 60
    assert table["chi_square"] == pytest.approx(recent_trend_counts(years).chi_square)
    assert table["verdict"] == "increasing"
    assert np.isnan(table["annual_percent_change"])


def test_fingertips_trend_stops_at_a_flagged_month_and_then_cannot_be_calculated() -> None:
    series = monthly([100.0] * 60)
    table = trend_table(series, {date(2019, 6, 1)}, method="fingertips").iloc[0]
    assert table["verdict"] == "cannot be calculated"
    assert table["months_used"] == 36


def test_default_trend_is_quasi_poisson_and_says_so() -> None:
    table = trend_table(monthly([100.0 + i for i in range(24)]), set()).iloc[0]
    assert table["method"] == "quasi-poisson"
    with pytest.raises(ValueError, match="trend method"):
        trend_table(monthly([1.0] * 12), set(), method="linear")
