"""Small, realistic inputs for the report tests (shapes follow seed 002, the Cannock Chase assessment)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cspkit.reports.document import Cell, Column, Row, Status, Table

HIGHER = Status("Higher", "Significantly higher than England and Wales (95% confidence)", "higher")
SIMILAR = Status("Similar", "Not significantly different from England and Wales", "similar")
LOWER = Status("Lower", "Significantly lower than England and Wales (95% confidence)", "lower")

CANNOCK_CHASE = "E07000192"


def rates_frame() -> pd.DataFrame:
    """Recorded crime per 1,000 residents, Cannock Chase and benchmarks (seed 002, figure 1 shape)."""
    rows = []
    for area, rates in {
        "Cannock Chase": [62.1, 66.0, 58.4, 70.2, 83.0],
        "Staffordshire": [65.3, 68.9, 60.2, 71.8, 87.0],
        "England and Wales": [80.4, 83.1, 75.9, 84.0, 91.7],
    }.items():
        for period, rate in zip(["2018/19", "2019/20", "2020/21", "2021/22", "2022/23"], rates, strict=True):
            rows.append({"period": period, "area": area, "rate": rate})
    return pd.DataFrame(rows)


def monthly_points() -> pd.DataFrame:
    """An XmR-style frame: 24 months with limits and one special cause in October 2022."""
    months = pd.period_range("2021-04", periods=24, freq="M")
    values = np.array([610, 598, 640, 655, 630, 602, 611, 590, 575, 560, 588, 620,
                       633, 649, 668, 671, 640, 615, 760, 601, 587, 570, 596, 628], dtype=float)
    return pd.DataFrame({"value": values, "centre": 619.0, "lower": 540.0, "upper": 698.0,
                         "signal_high": values > 698, "signal_low": values < 540}, index=months)


def monthly_forecast() -> pd.DataFrame:
    months = pd.period_range("2023-04", periods=6, freq="M")
    return pd.DataFrame({"forecast": 625.0, "lower": 560.0, "upper": 690.0}, index=months)


def rates_table() -> Table:
    columns = [Column("offence", "Offence group"), Column("csp", "Cannock Chase", "number"),
               Column("force", "Staffordshire", "number"), Column("ew", "England and Wales", "number")]
    rows = [
        Row((Cell("Total crime (excluding fraud)"), Cell(83.0, SIMILAR), Cell(87.0), Cell(91.7)), bold=True),
        ("Theft offences", Cell(24.0, LOWER), 24.0, 29.4),
        Row((Cell("Burglary"), Cell(3.0, LOWER), Cell(4.0), Cell(4.5)), level=1),
        ("Violence against the person", Cell(38.0, HIGHER), 38.0, 34.3),
        ("Anti-social behaviour incidents", 11.0, 17.0, None),
    ]
    return Table.build("rates-table", "Rates of recorded crime per 1,000 residents, April 2022 to March 2023",
                       columns, rows, source="Home Office, police recorded crime by CSP, year ending March 2023",
                       method="Crimes divided by the mid-2022 population, times 1,000; 95% confidence intervals "
                              "by Byar's method.",
                       notes=["Homicide is not compared: the numbers are too small."])


def change_table() -> Table:
    return Table.build("year-to-date", "Recorded crime, April to October",
                       [Column("area", "Area"), Column("crimes", "Crimes", "integer"),
                        Column("change", "Change on a year earlier", "percent")],
                       [("Cannock Chase", 9123, 0.53), ("Staffordshire", 81234, 0.39)], source="data.police.uk")
