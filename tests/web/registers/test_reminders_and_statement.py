"""Reminders due from both registers, and the statement's counts with small numbers suppressed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cspkit.casework.dates import add_months
from cspkit.web.registers.models import DeathReview, Pspo, ReviewAction
from cspkit.web.registers.reminders import due_reminders
from cspkit.web.registers.statement import register_statement, suppressed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (1234, "1,234")]
)
def test_small_numbers_are_suppressed(count, shown) -> None:
    assert suppressed(count) == shown


def test_the_pspo_reminder_goes_to_coordinators_91_days_before_expiry(demo) -> None:
    order = Pspo.objects.get(title="Hartbury Bus Station and Market Square")
    day = order.expires_on - timedelta(days=91)
    reminders = [r for r in due_reminders(day) if "PSPO" in r.subject]
    assert [(r.recipient.username, r.due) for r in reminders] == [("coordinator", order.expires_on)]
    assert "consultation should be under way" in reminders[0].subject
    assert [r for r in due_reminders(day + timedelta(days=1)) if "PSPO" in r.subject] == []


def test_review_reminders_come_two_weeks_before_and_on_the_day(demo) -> None:
    action = ReviewAction.objects.get()
    before = [r for r in due_reminders(action.due_on - timedelta(days=14)) if "recommendation 1" in r.subject]
    on_the_day = [r for r in due_reminders(action.due_on) if "recommendation 1" in r.subject]
    assert [r.recipient.username for r in before] == ["coordinator"]
    assert "due in 14 days" in before[0].subject
    assert "due today" in on_the_day[0].subject
    assert "Adult A" not in before[0].text  # reminders name the review by its reference only


def test_the_overdue_imr_shows_in_the_statement(demo) -> None:
    review = DeathReview.objects.get()
    late = review.agency_reports.get(received_on__isnull=True)
    statement = register_statement(review.partnership, late.due_on + timedelta(days=1))
    lines = {line.label: line.value for line in (*statement.orders, *statement.reviews)}
    assert lines["Reviews with an overdue step"] == "fewer than 5"
    assert lines["Orders in force"] == "1"
    assert lines["Actions outstanding"] == "fewer than 5"


def test_the_statement_counts_a_year_of_orders(demo) -> None:
    order = Pspo.objects.get(title="Hartbury Bus Station and Market Square")
    made = order.made_on
    year = made.year if made.month >= 4 else made.year - 1
    statement = register_statement(order.partnership, add_months(made, 1), year)
    lines = {line.label: line.value for line in statement.orders}
    assert statement.year_from == date(year, 4, 1)
    assert lines["Orders made in the year"] == "1"


def test_the_board_report_carries_the_registers_counts(demo, sign_in) -> None:
    from django.urls import reverse

    page = sign_in("board").get(reverse("board:report", args=[demo.published_report.pk])).content.decode()
    assert "Statutory registers" in page
    assert "Orders in force" in page and "Actions outstanding" in page


def test_cspkit_remind_sends_the_registers_reminders(demo) -> None:
    from cspkit.web.cases.reminders import SOURCES

    order = Pspo.objects.get(title="Hartbury Bus Station and Market Square")
    day = order.expires_on - timedelta(days=91)
    lines = [(r.recipient.username, r.line) for r in SOURCES["PSPOs and death reviews"](day)]
    assert any(user == "coordinator" and "PSPO Hartbury Bus Station" in line for user, line in lines)
