"""Retention: when a record's time is up, and what happens to it then.

Each record type has a period in years after an anchor event (a case closed, a task done) and an
action: anonymise (keep the record for counts, remove what identifies anyone) or delete. Records
whose anchor has not happened (an open case) are kept. The shipped defaults (``defaults.yaml``)
follow the six years most councils' retention schedules give ASB case files (the Limitation Act
1980 period for civil claims); partnerships set their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cspkit.casework.dates import add_years
from cspkit.casework.settings import RetentionRule


@dataclass(frozen=True)
class Lapse:
    record_type: str
    record_id: int | str
    anchor: date
    kept_until: date
    action: str


def kept_until(anchor: date | None, rule: RetentionRule) -> date | None:
    """The last day the record is kept in full, or None while its anchor event has not happened."""
    return None if anchor is None else add_years(anchor, rule.years)


def lapsed(anchor: date | None, rule: RetentionRule, today: date) -> bool:
    """True once the day after the retention period has come."""
    until = kept_until(anchor, rule)
    return until is not None and today > until


def lapses(record_type: str, anchors: dict[int | str, date | None], rule: RetentionRule, today: date) -> list[Lapse]:
    """The records of one type whose retention has lapsed on ``today``, oldest first."""
    found = [
        Lapse(record_type, record_id, anchor, kept_until(anchor, rule), rule.action)
        for record_id, anchor in anchors.items()
        if anchor is not None and lapsed(anchor, rule, today)
    ]
    return sorted(found, key=lambda lapse: (lapse.anchor, str(lapse.record_id)))
