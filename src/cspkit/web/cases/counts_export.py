"""The casework counts file the strategic assessment reads (:mod:`cspkit.sources.casework_counts`):
the same :func:`~cspkit.web.cases.counts.casework_counts` the board report uses, for a period and
the year before it, one row per measure. Counts only, small numbers already withheld."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from cspkit.sources.casework_counts import COLUMNS
from cspkit.sources.records_csv import SUPPRESSED_MARK
from cspkit.web.cases.counts import CaseworkCounts, casework_counts


def count_rows(counts: CaseworkCounts, label: str) -> list[list[str]]:
    """One period's counts as rows of the file, in the order of :data:`COLUMNS`."""
    measures: list[tuple[str, str, int | None]] = [
        ("Cases", "Cases opened", counts.cases_opened),
        ("Cases", "Cases closed", counts.cases_closed),
        ("Cases", "Cases open at the end of the period", counts.open_at_end),
        *(("Powers used", power, value) for power, value in counts.interventions.items()),
        ("Breaches", "Breaches recorded", counts.breaches),
        *(("Risk assessments", f"Assessed {level} risk", counts.risk_levels[level])
          for level in ("high", "medium", "standard")),
        ("Victims", "Repeat victims", counts.repeat_victims),
        ("ASB Case Reviews", "Applications", counts.case_review_applications),
        ("ASB Case Reviews", "Threshold met", counts.case_reviews_threshold_met),
        ("ASB Case Reviews", "Leading to recommendations", counts.case_reviews_with_recommendations),
    ]
    return [
        [label, counts.starts.isoformat(), counts.ends.isoformat(), group, measure,
         SUPPRESSED_MARK if value is None else str(value), str(counts.smallest_shown)]
        for group, measure, value in measures
    ]


def counts_csv(partnership, starts: date, ends: date) -> str:
    """The file's text: the year before the period, then the period (``ends`` is its last day)."""
    earlier_starts, earlier_ends = _year_before(starts), _year_before(ends + timedelta(days=1)) - timedelta(days=1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for first, last in ((earlier_starts, earlier_ends), (starts, ends)):
        writer.writerows(count_rows(casework_counts(partnership, first, last), _label(first, last)))
    return out.getvalue()


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else date(day.year - 1, 2, 28)


def _label(starts: date, ends: date) -> str:
    if starts.year == ends.year:
        return f"{starts:%B} to {ends:%B %Y}"
    return f"{starts:%B %Y} to {ends:%B %Y}"
