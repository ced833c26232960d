"""The clocks of a Domestic Abuse Related Death Review (formerly Domestic Homicide Review).

Domestic Violence, Crime and Victims Act 2004 s.9 (renamed by the Victims and Prisoners Act
2024); Home Office *Multi-agency statutory guidance for the conduct of Domestic Homicide
Reviews* (2016):

- the partnership's chair decides whether to hold a review **within one month** of the police's
  notification *(configurable)*, and tells the Home Office;
- the overview report and executive summary are due **within six months of the decision**
  *(configurable)*; the clock may be paused with a reason, most often while criminal
  proceedings run, and the pause moves the due date by the days paused;
- after the Home Office Quality Assurance Panel the report is published anonymised and kept
  online for a local period (12 months by default, *configurable*) before withdrawal;
- agencies' Individual Management Reviews and chronologies are due a number of working days
  after they are asked (a local service level, 30 working days by default, *configurable*).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cspkit.casework.dates import add_months, add_working_days, working_days_between

DECISION_MONTHS = 1
REPORT_MONTHS = 6
PUBLICATION_MONTHS = 12
IMR_WORKING_DAYS = 30
#: Days ahead of a due date on which a reminder is sent *(configurable)*.
REMINDER_DAYS = (14, 0)


class ClockError(ValueError):
    """A pause or date that cannot be, in plain words."""


@dataclass(frozen=True)
class Pause:
    starts: date
    ends: date | None  # None: still paused
    reason: str

    def days(self, today: date) -> int:
        """Whole days the clock stood still: from `starts` up to the day before `ends` (or today)."""
        until = self.ends if self.ends is not None else today
        return max(0, (until - self.starts).days)


class ClockState(StrEnum):
    RUNNING = "running"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"
    PAUSED = "paused"
    MET = "met"
    MET_LATE = "met late"


def check_pauses(pauses: Iterable[Pause], started: date) -> list[Pause]:
    """Pauses in order; refuses one without a reason, ending before it starts, before the clock
    starts, overlapping another, or a second open pause."""
    ordered = sorted(pauses, key=lambda p: p.starts)
    previous_end: date | None = None
    for index, pause in enumerate(ordered):
        if not pause.reason.strip():
            raise ClockError("Give the reason for pausing the clock (for example, criminal proceedings).")
        if pause.starts < started:
            raise ClockError(f"A pause cannot start before the clock started on {started:%-d %B %Y}.")
        if pause.ends is not None and pause.ends < pause.starts:
            raise ClockError("A pause cannot end before it starts.")
        if pause.ends is None and index != len(ordered) - 1:
            raise ClockError("Only the latest pause can still be open.")
        if previous_end is not None and pause.starts < previous_end:
            raise ClockError("Pauses cannot overlap.")
        previous_end = pause.ends
    return ordered


def due_date(started: date, months: int, pauses: Iterable[Pause] = (), today: date | None = None) -> date:
    """The calendar due date: `months` after `started`, moved on by every day paused.

    An open pause counts up to `today` (the due date keeps moving while it lasts).
    """
    today = today or started
    ordered = check_pauses(pauses, started)
    return add_months(started, months) + timedelta(days=sum(p.days(today) for p in ordered))


def decision_due(notified_on: date, months: int = DECISION_MONTHS) -> date:
    return add_months(notified_on, months)


def report_due(
    decided_on: date, pauses: Iterable[Pause] = (), today: date | None = None, months: int = REPORT_MONTHS
) -> date:
    return due_date(decided_on, months, pauses, today)


def imr_due(requested_on: date, working_days: int = IMR_WORKING_DAYS) -> date:
    """When an agency's Individual Management Review (or chronology) is due."""
    return add_working_days(requested_on, working_days)


def withdrawal_due(published_on: date, months: int = PUBLICATION_MONTHS) -> date:
    """When a published report may come down from the website after the local period."""
    return add_months(published_on, months)


def clock_state(
    due: date, today: date, done_on: date | None = None, *, paused: bool = False, soon_days: int = 14
) -> ClockState:
    """Where one step stands: met (on time or late), paused, overdue, due soon, or running."""
    if done_on is not None:
        return ClockState.MET if done_on <= due else ClockState.MET_LATE
    if paused:
        return ClockState.PAUSED
    if today > due:
        return ClockState.OVERDUE
    if (due - today).days <= soon_days:
        return ClockState.DUE_SOON
    return ClockState.RUNNING


def working_days_late(due: date, done_on: date) -> int:
    """Working days between the due date and the day the step was done (0 if on time)."""
    return working_days_between(due, done_on) if done_on > due else 0


def due_reminder_days(due: date, today: date, lead_days: Iterable[int] = REMINDER_DAYS) -> int | None:
    """Days before `due` if a reminder falls on `today`, else None."""
    for days in lead_days:
        if due - timedelta(days=days) == today:
            return days
    return None
