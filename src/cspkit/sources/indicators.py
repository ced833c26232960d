"""Partner indicators in one generic CSV layout: fire incidents, treatment completions,
reoffending and the like.

Columns: ``area`` (an ONS code: LSOA, ward, district, CSP or force area), ``period``,
``measure``, ``value``, and optionally ``denominator`` and ``source``. A period is written as
a month ``2022-03``, a calendar quarter ``2022-Q1``, a financial quarter ``2022/23 Q1``, a
financial year ``2022/23`` or a calendar year ``2022``; it is stored as written together with
its first and last day, so periods of different lengths can be compared by their dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from cspkit.sources.csvcheck import read_csv

COLUMNS = {
    "area": ("area", "area_code", "code", "geography_code"),
    "period": ("period",),
    "measure": ("measure", "indicator"),
    "value": ("value",),
    "denominator": ("denominator",),
    "source": ("source",),
}
PERIOD_FORMATS = "2022-03 (month), 2022-Q1 (quarter), 2022/23 Q1 (financial quarter), 2022/23 (financial year), 2022"
_ONS_CODE = r"^[EWSNK]\d{8}$"


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def parse_period(text: str) -> Period | None:
    """First and last day of a period written as in :data:`PERIOD_FORMATS`; ``None`` if not one.

    Financial years run from 1 April to 31 March, as in Home Office and partner reporting;
    quarter 1 of a financial year is April to June.
    """
    text = re.sub(r"\s+", " ", text.strip()).upper()
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(match[1]), int(match[2])
        return Period(date(year, month, 1), _month_end(year, month)) if 1 <= month <= 12 else None
    if match := re.fullmatch(r"(\d{4}) ?-? ?Q([1-4])", text):
        year, quarter = int(match[1]), int(match[2])
        return _quarter(year, 3 * quarter - 2)
    if match := re.fullmatch(r"(\d{4})/(\d{2})(?: ?-? ?Q([1-4]))?", text):
        year = int(match[1])
        if (year + 1) % 100 != int(match[2]):
            return None
        if match[3] is None:
            return Period(date(year, 4, 1), date(year + 1, 3, 31))
        first_month = 3 * int(match[3]) + 1
        return _quarter(year + (first_month > 12), (first_month - 1) % 12 + 1)
    if re.fullmatch(r"\d{4}", text):
        return Period(date(int(text), 1, 1), date(int(text), 12, 31))
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter(year: int, first_month: int) -> Period:
    return Period(date(year, first_month, 1), _month_end(year, first_month + 2))


@dataclass(frozen=True)
class Indicators:
    """Checked indicators: ``table`` has the columns of ``indicators`` (no load_id)."""

    path: Path
    table: pa.Table


def read_indicators(path: Path | str, *, source: str | None = None) -> Indicators:
    """Read and check a partner indicator file.

    ``source`` (e.g. "Fire and rescue service") is used where the file has no ``source``
    column; it defaults to the file name.
    """
    csv = read_csv(path)
    found = csv.find_columns(COLUMNS, what="a partner indicator file", optional=("denominator", "source"))
    area, period, measure = found["area"], found["period"], found["measure"]
    csv.require_filled(area, "the area code")
    csv.require(
        pc.match_substring_regex(csv.column(area), _ONS_CODE),
        lambda row: (
            f"area {csv.value(area, row)!r} is not an ONS area code (a letter and eight digits, e.g. E06000021)"
        ),
    )
    csv.require_filled(measure, "the measure")
    periods = {text: parse_period(text) for text in pc.unique(csv.column(period)).to_pylist()}
    csv.require(
        pc.is_in(csv.column(period), pa.array([t for t, p in periods.items() if p], pa.string())),
        lambda row: f"period {csv.value(period, row)!r} is not a period cspkit knows: write it like {PERIOD_FORMATS}",
    )
    value = csv.numbers(found["value"], what="the value")
    denominator = (
        csv.numbers(found["denominator"], what="the denominator", blank=True, minimum=0)
        if found["denominator"]
        else pa.nulls(csv.rows, pa.float64())
    )
    csv.check_unique(
        [area, period, measure],
        lambda row: f"{csv.value(measure, row)!r} for {csv.value(area, row)} in {csv.value(period, row)}",
    )
    texts = csv.column(period).to_pylist()
    sources = (
        pc.if_else(pc.equal(csv.column(found["source"]), ""), source or csv.path.name, csv.column(found["source"]))
        if found["source"]
        else pa.array([source or csv.path.name] * csv.rows, pa.string())
    )
    table = pa.table(
        {
            "area_code": csv.column(area),
            "period": csv.column(period),
            "period_start": pa.array([periods[t].start for t in texts], pa.date32()),
            "period_end": pa.array([periods[t].end for t in texts], pa.date32()),
            "measure": csv.column(measure),
            "value": value,
            "denominator": denominator,
            "source": sources,
        }
    )
    return Indicators(csv.path, table)
