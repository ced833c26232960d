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
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from cspkit.errors import InputError
from cspkit.sources.csvcheck import CsvTable, plausible_years, read_csv

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
    warnings: tuple[str, ...] = ()


def read_indicators(
    path: Path | str, *, source: str | None = None, known_codes: Collection[str] | None = None
) -> Indicators:
    """Read and check a partner indicator file.

    ``source`` (e.g. "Fire and rescue service") is used where the file has no ``source``
    column; it defaults to the file name. ``known_codes``, the area codes the store knows,
    lets the rows of codes it does not know be counted in a warning.
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
    _check_years(csv, period, periods)
    _refuse_measures_written_two_ways(csv, measure)
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
    warnings = _unknown_areas(csv, area, known_codes) if known_codes is not None else []
    return Indicators(csv.path, table, tuple(warnings))


def _check_years(csv: CsvTable, column: str, periods: dict[str, Period | None]) -> None:
    """Refuse a period no partnership could report (year 0001, 2099): a typing or export slip."""
    first, last = plausible_years()
    bad = [t for t, p in periods.items() if p and not (first <= p.start.year and p.end.year <= last)]
    csv.require(
        pc.invert(pc.is_in(csv.column(column), pa.array(bad, pa.string()))),
        lambda row: f"period {csv.value(column, row)!r} is outside the years a partnership's figures can cover "
                    f"({first} to {last}): is the year mistyped?",
    )


def _refuse_measures_written_two_ways(csv: CsvTable, column: str) -> None:
    """Refuse two spellings of one measure that differ only in capitals or spaces ("Deliberate
    fires", "deliberate  fires"): they would be stored, counted and charted as two measures."""
    spellings: dict[str, str] = {}
    for name in pc.unique(csv.column(column)).to_pylist():
        key = " ".join(name.split()).casefold()
        if key in spellings:
            lines = [csv.line_of(_first_row(csv, column, n)) for n in (spellings[key], name)]
            raise InputError(
                csv.path,
                f"the measure is written {spellings[key]!r} on line {lines[0]:,} but {name!r} here: they differ only "
                "in capitals or spaces, so they would be two measures. Write each measure the same way on every line",
                line=lines[1],
            )
        spellings[key] = name


def _first_row(csv: CsvTable, column: str, value: str) -> int:
    return int(pc.index(csv.column(column), value).as_py())


def _unknown_areas(csv: CsvTable, column: str, known: Collection[str]) -> list[str]:
    """A warning for rows whose area code the store does not know, judged only for kinds of code
    (the first three characters: E01 LSOA, E07 district, ...) of which it knows some."""
    known_kinds = {code[:3] for code in known}
    codes = csv.column(column)
    unknown = [c for c in pc.unique(codes).to_pylist() if c[:3] in known_kinds and c not in known]
    if not unknown:
        return []
    rows = pc.is_in(codes, pa.array(unknown, pa.string()))
    count = pc.sum(rows).as_py()
    first = int(pc.index(rows, True).as_py())
    return [
        f"{csv.path}: {count:,} {'row has an area code' if count == 1 else 'rows have area codes'} that no loaded "
        f"lookup knows ({', '.join(unknown[:3])}{' and more' if len(unknown) > 3 else ''}; first on line "
        f"{csv.line_of(first):,}): {'it is' if count == 1 else 'they are'} loaded, but cannot be placed in any area "
        "the store knows. Check the codes, or load the lookup that holds them"
    ]
