"""The casework counts file the strategic assessment reads (:mod:`cspkit.sources.casework_counts`):
the same :func:`~cspkit.web.cases.counts.casework_counts` the board report uses, for a period and
the year before it, one row per measure, for the whole partnership (area "All") and then for each
ward. Counts only, small numbers already withheld.

Per-ward rows count the cases with an incident whose nearest LSOA lies in the ward, so a case in two
wards counts in both and a case with no known place in none: ward rows do not add up to the
partnership's. ASB Case Reviews are not counted by ward (an application belongs to the partnership).

Secondary disclosure: a withheld ward cell could be worked out as partnership minus ward when all
other cases are in that ward. A ward count that is 1 to ``smallest_shown - 1`` below the
partnership's shown count is therefore withheld too (the rest of the area would be small). And
where only one ward's count of a measure is withheld, a second ward's is withheld with it
(:func:`withhold_complements`), so subtracting the shown wards from the partnership does not
bound it. Sums of wards are not exact anyway (cases may be in several wards or none); no ward
totals are written.

Each withheld count says why in the last column, ``withheld``: ``small`` (1 to ``smallest_shown - 1``)
or ``secondary`` (withheld so that a small one cannot be worked out), so a report can say how many
are withheld for each reason.

A year before the period in which the case management system holds nothing at all (no case open at
any time in it, nothing done) is written with blank counts: its casework was not recorded in the
system, so its counts are unknown, not zero. The report prints those as "not recorded"."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping
from datetime import date, timedelta

from cspkit.sources.casework_counts import (
    ALL_AREAS,
    AREA_COLUMN,
    COLUMNS,
    SECONDARY,
    SMALL,
    WITHHELD_COLUMN,
)
from cspkit.sources.records_csv import SUPPRESSED_MARK
from cspkit.web.cases.counts import CaseworkCounts, casework_counts


def count_rows(counts: CaseworkCounts, label: str, area: str = ALL_AREAS) -> list[list[str]]:
    """One period's counts as rows of the file, in the order of :data:`COLUMNS`, then the area and
    why a count is withheld (blank when it is shown)."""
    return [
        [label, counts.starts.isoformat(), counts.ends.isoformat(), group, measure,
         SUPPRESSED_MARK if value is None else str(value), str(counts.smallest_shown), area,
         "" if value is not None else SECONDARY if key in counts.secondary else SMALL]
        for group, measure, value, key in _measures(counts)
    ]


def _measures(counts: CaseworkCounts) -> list[tuple[str, str, int | None, str]]:
    """(group, measure, count, key in ``counts.secondary``) for each measure of the file."""
    measures: list[tuple[str, str, int | None, str]] = [
        ("Cases", "Cases opened", counts.cases_opened, "cases_opened"),
        ("Cases", "Cases closed", counts.cases_closed, "cases_closed"),
        ("Cases", "Cases open at the end of the period", counts.open_at_end, "open_at_end"),
        *(("Powers used", power, value, "") for power, value in counts.interventions.items()),
        ("Breaches", "Breaches recorded", counts.breaches, ""),
        *(("Risk assessments", f"Assessed {level} risk", counts.risk_levels[level], f"risk_levels:{level}")
          for level in ("high", "medium", "standard")),
        ("Victims", "Repeat victims", counts.repeat_victims, ""),
        ("ASB Case Reviews", "Applications", counts.case_review_applications, ""),
        ("ASB Case Reviews", "Threshold met", counts.case_reviews_threshold_met, ""),
        ("ASB Case Reviews", "Leading to recommendations", counts.case_reviews_with_recommendations, ""),
    ]
    return measures


def _withhold(row: list[str]) -> list[str]:
    """The row with its count withheld to protect another (secondary suppression), saying so."""
    return [*row[:5], SUPPRESSED_MARK, row[6], row[7], SECONDARY]


def area_rows(whole: list[list[str]], rows: list[list[str]], smallest: int) -> list[list[str]]:
    """An area's rows without ASB Case Reviews, withholding a count 1 to ``smallest - 1`` below the
    partnership's (``whole``, the same period's rows) so the rest of the area cannot be worked out."""
    totals = {(row[3], row[4]): row[5] for row in whole}
    kept = []
    for row in rows:
        if row[3] == "ASB Case Reviews":
            continue
        total, value = totals[(row[3], row[4])], row[5]
        if SUPPRESSED_MARK not in (total, value) and 0 < int(total) - int(value) < smallest:
            row = _withhold(row)
        kept.append(row)
    return kept


def counts_csv(
    partnership, starts: date, ends: date, areas: Mapping[str, Collection[str]] | None = None
) -> str:
    """The file's text: the year before the period, then the period (``ends`` is its last day), for
    the partnership and then each of ``areas`` (a name and its LSOA codes, e.g. from :func:`wards`)."""
    earlier_starts, earlier_ends = _year_before(starts), _year_before(ends + timedelta(days=1)) - timedelta(days=1)
    periods = ((earlier_starts, earlier_ends), (starts, ends))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*COLUMNS, AREA_COLUMN, WITHHELD_COLUMN))
    whole = {first: count_rows(casework_counts(partnership, first, last), _label(first, last))
             for first, last in periods}
    by_area: list[list[str]] = []
    for name, codes in (areas or {}).items():
        for first, last in periods:
            counts = casework_counts(partnership, first, last, lsoa_codes=codes)
            by_area += area_rows(whole[first], count_rows(counts, _label(first, last), name), counts.smallest_shown)
    by_area = withhold_complements(by_area, [row for rows in whole.values() for row in rows])
    unrecorded = {whole[earlier_starts][0][0]} if not_recorded(whole[earlier_starts], whole[starts]) else set()
    for row in [*whole[earlier_starts], *whole[starts], *by_area]:
        writer.writerow([*row[:5], "", *row[6:8], ""] if row[0] in unrecorded else row)
    return out.getvalue()


def not_recorded(earlier: list[list[str]], later: list[list[str]]) -> bool:
    """Whether the year before holds no casework at all while the period does: then the system was
    not in use for it (no case was open at any time in it, nothing was done), and its counts are
    unknown rather than zero. Every count is 0 exactly then: a case open at the start of the year
    is either closed in it or still open at its end, and zero is never withheld."""
    return all(row[5] == "0" for row in earlier) and any(row[5] != "0" for row in later)


def withhold_complements(rows: list[list[str]], whole: list[list[str]]) -> list[list[str]]:
    """Where one ward's count of a measure is withheld but the partnership's and the other wards'
    are shown, withhold a second ward's too (the smallest non-zero, else a zero), so the withheld
    one cannot be bounded by subtracting the shown wards from the partnership."""
    totals = {(row[0], row[4]): row[5] for row in whole}
    cells: dict[tuple[str, str], list[list[str]]] = {}
    for row in rows:
        cells.setdefault((row[0], row[4]), []).append(row)
    for key, same in cells.items():
        withheld = [row for row in same if row[5] == SUPPRESSED_MARK]
        shown = [row for row in same if row[5] != SUPPRESSED_MARK]
        if len(withheld) == 1 and shown and totals.get(key) != SUPPRESSED_MARK:
            second = min(shown, key=lambda row: (row[5] == "0", int(row[5])))
            rows[next(i for i, row in enumerate(rows) if row is second)] = _withhold(second)
    return rows


def wards(partnership) -> dict[str, list[str]]:
    """The partnership's wards and their LSOA codes, from the evidence store; empty when the store
    or the partnership's area code is missing (the file then has partnership rows only)."""
    from cspkit.assess.areas import children_of, lsoas_in, resolve_area
    from cspkit.errors import CspkitError
    from cspkit.store import open_store

    if not partnership.area_code:
        return {}
    try:
        with open_store(read_only=True) as store:
            area = resolve_area(store.con, partnership.area_code)
            return {ward.name: lsoas_in(store.con, ward) for ward in children_of(store.con, area, "ward")}
    except (CspkitError, OSError):
        return {}


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else date(day.year - 1, 2, 28)


def _label(starts: date, ends: date) -> str:
    if starts.year == ends.year:
        return f"{starts:%B} to {ends:%B %Y}"
    return f"{starts:%B %Y} to {ends:%B %Y}"
