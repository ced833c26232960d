"""Counts of ASB casework exported by the web app (``cspkit casework export-counts``) for the
strategic assessment: counts only, never people, with small numbers already withheld.

The file has one row per period and measure::

    period,period_start,period_end,group,measure,count,smallest_shown
    October 2025 to September 2026,2025-10-01,2026-09-30,Powers used,Warning letter,23,5
    October 2025 to September 2026,2025-10-01,2026-09-30,Powers used,Fixed penalty notice,[c],5

``count`` is a whole number or ``[c]`` where it was withheld. The reader refuses a count from 1 to
``smallest_shown - 1``: a small number that should have been withheld never reaches a report.

An optional last column, ``area``, names the ward a row counts; ``All`` (or blank, or no such
column, as in older files) is the whole partnership. Each area needs every period of its measures.

A blank ``count`` means the period's casework was not recorded in the case management system (unknown,
not zero): every count of such a period is blank. An optional column ``withheld`` says why a ``[c]`` is
withheld: ``small`` (1 to ``smallest_shown - 1``) or ``secondary`` (so that a small one cannot be
worked out); older files without it leave the reason unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cspkit.errors import InputError
from cspkit.sources.records_csv import SUPPRESSED_MARK, read_records

COLUMNS = ("period", "period_start", "period_end", "group", "measure", "count", "smallest_shown")
GROUPS = ("Cases", "Powers used", "Breaches", "Risk assessments", "Victims", "ASB Case Reviews")
AREA_COLUMN = "area"
WITHHELD_COLUMN = "withheld"
SMALL = "small"
SECONDARY = "secondary"
ALL_AREAS = "All"
WHAT = "a casework counts file (from cspkit casework export-counts)"


@dataclass(frozen=True)
class CountPeriod:
    label: str
    starts: date
    ends: date


@dataclass(frozen=True)
class CountLine:
    """One measure: its count in each period (None where withheld, or where the period was not
    recorded: see :attr:`CaseworkCountsFile.recorded`), in the file's period order. ``reasons``:
    why each withheld count is withheld (``small``, ``secondary``, or "" where the file does not
    say); "" for a shown count. Empty for a line made without reasons."""

    group: str
    measure: str
    counts: tuple[int | None, ...]
    reasons: tuple[str, ...] = ()

    def reason(self, index: int) -> str:
        return self.reasons[index] if self.reasons else ""


@dataclass(frozen=True)
class AreaCounts:
    """One area's (ward's) counts, in the file's period order."""

    name: str
    lines: tuple[CountLine, ...]

    def count(self, measure: str, index: int) -> int | None:
        """The measure's count in period ``index``; 0 when the file has no such measure for the area."""
        return next((line.counts[index] for line in self.lines if line.measure == measure), 0)


@dataclass(frozen=True)
class CaseworkCountsFile:
    path: Path
    periods: tuple[CountPeriod, ...]
    lines: tuple[CountLine, ...]
    smallest_shown: int
    groups: tuple[str, ...] = field(default=GROUPS)
    areas: tuple[AreaCounts, ...] = ()
    #: Whether each period's casework was recorded in the system; empty means every period was.
    recorded: tuple[bool, ...] = ()

    def is_recorded(self, index: int) -> bool:
        return not self.recorded or self.recorded[index]

    def in_group(self, group: str) -> list[CountLine]:
        return [line for line in self.lines if line.group == group]


def read_casework_counts(path: Path) -> CaseworkCountsFile:
    """Read and check a casework counts file; raises :class:`InputError` naming the line and problem."""
    periods: dict[str, CountPeriod] = {}
    found: dict[str, dict[tuple[str, str], dict[str, tuple[int | None, str]]]] = {ALL_AREAS: {}}
    blank: dict[str, set[bool]] = {}
    smallest: int | None = None
    for record in read_records(path, COLUMNS, WHAT):
        label = record["period"]
        if not label:
            raise record.error("the period has no name")
        starts = record.day("period_start", "the period's first day")
        ends = record.day("period_end", "the period's last day")
        if ends < starts:
            raise record.error(f"the period ends ({ends}) before it starts ({starts})")
        known = periods.setdefault(label, CountPeriod(label, starts, ends))
        if (known.starts, known.ends) != (starts, ends):
            raise record.error(
                f"the period '{label}' has other dates on an earlier line ({known.starts} to {known.ends})"
            )
        group = record["group"]
        if group not in GROUPS:
            raise record.error(f"'{group}' is not a group of counts; use one of {', '.join(GROUPS)}")
        measure = record["measure"]
        if not measure:
            raise record.error("the measure has no name")
        shown = record.whole("smallest_shown", "the smallest count shown")
        if not shown:
            raise record.error("the smallest count shown must be 1 or more")
        if smallest is not None and shown != smallest:
            raise record.error(f"the smallest count shown is {shown} here but {smallest} on an earlier line")
        smallest = shown
        count = None if record["count"] == SUPPRESSED_MARK else record.whole(
            "count", f"the count of '{measure}'", blank_ok=True)
        unrecorded = not record["count"]
        blank.setdefault(label, set()).add(unrecorded)
        if len(blank[label]) > 1:
            raise record.error(f"some counts of {label} are blank and some are not: blank means the period's "
                               "casework was not recorded at all, so every count of it is blank or none is")
        reason = record[WITHHELD_COLUMN] if count is None and not unrecorded else ""
        if reason not in ("", SMALL, SECONDARY):
            raise record.error(f"'{reason}' is not a reason for withholding; use {SMALL} or {SECONDARY}")
        if count is not None and 0 < count < shown:
            raise record.error(
                f"the count of '{measure}' is {count}, below the smallest count shown ({shown}): small numbers "
                f"could identify people and must be written as {SUPPRESSED_MARK}"
            )
        area = record[AREA_COLUMN] or ALL_AREAS
        cells = found.setdefault(area, {}).setdefault((group, measure), {})
        if label in cells:
            where = "" if area == ALL_AREAS else f" for {area}"
            raise record.error(f"'{measure}' in {label}{where} is on an earlier line too")
        cells[label] = (count, reason)
    if smallest is None:
        raise InputError(path, f"the file has no counts (expected {WHAT})")
    order = list(periods)
    recorded = tuple(not next(iter(blank[label])) for label in order)
    if not any(recorded):
        raise InputError(path, "every count is blank: no period's casework was recorded")
    if not found[ALL_AREAS]:
        raise InputError(path, f"the file has counts by area but none for the whole partnership (area '{ALL_AREAS}')")
    by_area = {area: _lines(path, area, cells, order) for area, cells in found.items()}
    lines = by_area.pop(ALL_AREAS)
    areas = tuple(AreaCounts(area, area_lines) for area, area_lines in by_area.items())
    return CaseworkCountsFile(Path(path), tuple(periods.values()), lines, smallest, areas=areas,
                              recorded=recorded)


def _lines(
    path: Path, area: str, found: dict[tuple[str, str], dict[str, tuple[int | None, str]]], order: list[str]
) -> tuple[CountLine, ...]:
    lines = []
    for (group, measure), cells in found.items():
        absent = [p for p in order if p not in cells]
        if absent:
            where = "" if area == ALL_AREAS else f" in {area}"
            raise InputError(path, f"'{measure}'{where} has no count for {absent[0]}")
        lines.append(CountLine(group, measure, tuple(cells[p][0] for p in order), tuple(cells[p][1] for p in order)))
    lines.sort(key=lambda line: GROUPS.index(line.group))  # stable: the file's order within a group
    return tuple(lines)
