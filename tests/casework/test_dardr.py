"""Clocks of a Domestic Abuse Related Death Review (2016 statutory guidance defaults)."""

from datetime import date

import pytest

from cspkit.casework import dardr
from cspkit.casework.dardr import ClockError, ClockState, Pause


def test_the_decision_is_due_one_calendar_month_after_notification() -> None:
    assert dardr.decision_due(date(2026, 1, 31)) == date(2026, 2, 28)
    assert dardr.decision_due(date(2026, 5, 6), months=2) == date(2026, 7, 6)


def test_the_report_is_due_six_months_after_the_decision() -> None:
    assert dardr.report_due(date(2026, 2, 10)) == date(2026, 8, 10)


def test_a_closed_pause_moves_the_due_date_by_the_days_paused() -> None:
    trial = Pause(date(2026, 3, 1), date(2026, 5, 1), "Criminal proceedings")  # 61 days
    assert dardr.report_due(date(2026, 2, 10), [trial]) == date(2026, 10, 10)


def test_an_open_pause_keeps_moving_the_due_date_until_today() -> None:
    trial = Pause(date(2026, 3, 1), None, "Criminal proceedings")
    assert dardr.report_due(date(2026, 2, 10), [trial], today=date(2026, 3, 11)) == date(2026, 8, 20)


def test_two_pauses_add_up() -> None:
    pauses = [Pause(date(2026, 3, 1), date(2026, 3, 11), "Trial"), Pause(date(2026, 4, 1), date(2026, 4, 6), "Inquest")]
    assert dardr.report_due(date(2026, 2, 10), pauses) == date(2026, 8, 25)


@pytest.mark.parametrize(
    ("pauses", "message"),
    [
        ([Pause(date(2026, 3, 1), date(2026, 3, 5), " ")], "reason"),
        ([Pause(date(2026, 1, 1), date(2026, 3, 5), "Trial")], "before the clock started"),
        ([Pause(date(2026, 3, 5), date(2026, 3, 1), "Trial")], "end before it starts"),
        ([Pause(date(2026, 3, 1), None, "Trial"), Pause(date(2026, 4, 1), None, "Inquest")], "latest pause"),
        ([Pause(date(2026, 3, 1), date(2026, 4, 5), "Trial"), Pause(date(2026, 4, 1), None, "Inquest")], "overlap"),
    ],
)
def test_impossible_pauses_are_refused(pauses, message) -> None:
    with pytest.raises(ClockError, match=message):
        dardr.report_due(date(2026, 2, 10), pauses, today=date(2026, 5, 1))


def test_an_imr_is_due_in_working_days_skipping_christmas() -> None:
    # 10 working days from Friday 18 December 2026: 21, 22, 23, 24, 29, 30, 31 Dec, 4, 5, 6 Jan
    # (25 and 28 December and 1 January are bank holidays).
    assert dardr.imr_due(date(2026, 12, 18), working_days=10) == date(2027, 1, 6)
    assert dardr.working_days_late(date(2026, 12, 24), date(2026, 12, 29)) == 1
    assert dardr.working_days_late(date(2026, 12, 24), date(2026, 12, 20)) == 0


def test_a_published_report_comes_down_after_twelve_months() -> None:
    assert dardr.withdrawal_due(date(2026, 10, 31)) == date(2027, 10, 31)


@pytest.mark.parametrize(
    ("today", "done", "paused", "state"),
    [
        (date(2026, 7, 1), None, False, ClockState.RUNNING),
        (date(2026, 8, 1), None, False, ClockState.DUE_SOON),
        (date(2026, 8, 11), None, False, ClockState.OVERDUE),
        (date(2026, 8, 11), None, True, ClockState.PAUSED),
        (date(2026, 9, 1), date(2026, 8, 10), False, ClockState.MET),
        (date(2026, 9, 1), date(2026, 8, 11), False, ClockState.MET_LATE),
    ],
)
def test_clock_state(today, done, paused, state) -> None:
    assert dardr.clock_state(date(2026, 8, 10), today, done, paused=paused) is state


def test_reminders_fall_two_weeks_before_and_on_the_due_date() -> None:
    due = date(2026, 8, 10)
    assert dardr.due_reminder_days(due, date(2026, 7, 27)) == 14
    assert dardr.due_reminder_days(due, due) == 0
    assert dardr.due_reminder_days(due, date(2026, 7, 28)) is None
