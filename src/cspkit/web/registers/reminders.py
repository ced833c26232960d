"""Reminders the registers need sent today, for `cspkit remind` to deliver.

Each is a plain record (who, subject, text, due date). PSPO reminders go to the partnership's
coordinators ahead of expiry; review reminders go to the coordinators named on the review, two
weeks before and on each due date (decision, agency reports, overview report, actions). Texts
name the review by its anonymised reference only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cspkit.casework import dardr, pspo
from cspkit.web.permissions.roles import Role
from cspkit.web.registers.models import DeathReview, Pspo, ReviewAction


@dataclass(frozen=True)
class Reminder:
    recipient: Any  # a User
    subject: str
    text: str
    due: date


def due_reminders(today: date) -> list[Reminder]:
    return [*_pspo_reminders(today), *_review_reminders(today)]


def _coordinators(partnership) -> list[Any]:
    return list(partnership.members.filter(role=Role.COORDINATOR, is_active=True))


def _pspo_reminders(today: date) -> list[Reminder]:
    out = []
    for order in Pspo.objects.select_related("partnership").prefetch_related("extensions"):
        if order.status(today) is not pspo.OrderStatus.IN_FORCE:
            continue
        expires = order.expires_on
        for reminder in pspo.due_reminders(expires, today):
            for person in _coordinators(order.partnership):
                out.append(
                    Reminder(
                        person,
                        f"PSPO {order.title}: {reminder.subject}",
                        f"The public spaces protection order for {order.title} expires at the end of "
                        f"{expires:%-d %B %Y}. To extend it, review it and consult the police, the Police and "
                        "Crime Commissioner and the community, then decide before it expires (s.60, s.72).",
                        expires,
                    )
                )
    return out


def _review_reminders(today: date) -> list[Reminder]:
    out = []
    reviews = DeathReview.objects.exclude(decision=DeathReview.Decision.NO_REVIEW).prefetch_related(
        "clock_pauses", "agency_reports__agency", "named_people"
    )
    for review in reviews:
        people = [p for p in review.named_people.all() if p.role == Role.COORDINATOR and p.is_active]
        steps: list[tuple[str, date]] = []
        if review.decided_on is None:
            steps.append(("decision whether to hold a review", review.decision_due))
        due = review.report_due(today)
        if due and review.report_completed_on is None and not review.is_paused:
            steps.append(("overview report and executive summary", due))
        steps += [
            (f"{r.get_kind_display()} from {r.agency}", r.due_on)
            for r in review.agency_reports.all()
            if r.received_on is None
        ]
        steps += [
            (f"action for recommendation {a.recommendation.number}", a.due_on)
            for a in ReviewAction.objects.filter(
                recommendation__review=review, completed_on__isnull=True
            ).select_related("recommendation")
        ]
        for step, step_due in steps:
            days = dardr.due_reminder_days(step_due, today)
            if days is None:
                continue
            when = "today" if days == 0 else f"in {days} days"
            for person in people:
                out.append(
                    Reminder(
                        person,
                        f"{review.reference}: {step} due {when}",
                        f"{step} is due on {step_due:%-d %B %Y}.",
                        step_due,
                    )
                )
    return out
