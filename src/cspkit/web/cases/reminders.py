"""``cspkit remind``: e-mail each person what is due or overdue, through Django's mail settings,
and record that it did. Other registers add their own reminders with :func:`reminder_source`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from cspkit.web.cases.models import RunRecord, Task


@dataclass(frozen=True)
class Reminder:
    """One line in someone's reminder e-mail; ``sent`` is called once the e-mail has gone."""

    recipient: Any  # a User
    line: str
    sent: Callable[[date], None] = lambda day: None


ReminderSource = Callable[[date], Iterable[Reminder]]
SOURCES: dict[str, ReminderSource] = {}


def reminder_source(name: str) -> Callable[[ReminderSource], ReminderSource]:
    """Register a function that lists the reminders due on a day (e.g. PSPO expiries, DARDR actions)."""

    def register(source: ReminderSource) -> ReminderSource:
        SOURCES[name] = source
        return source

    return register


@reminder_source("casework tasks")
def casework_tasks(today: date) -> Iterable[Reminder]:
    """Open tasks due today or overdue, not already reminded today."""
    tasks = (
        Task.objects.filter(done_on__isnull=True, due_on__lte=today, owner__is_active=True)
        .exclude(reminded_on=today)
        .select_related("owner", "case")
    )

    def mark(task: Task) -> Callable[[date], None]:
        def sent(day: date) -> None:
            Task.objects.filter(pk=task.pk).update(reminded_on=day)

        return sent

    for task in tasks:
        when = "due today" if task.due_on == today else f"overdue since {task.due_on:%-d %B %Y}"
        where = f" (case {task.case.reference})" if task.case else ""
        yield Reminder(task.owner, f"{task.title}{where}: {when}", mark(task))


@reminder_source("ASB Case Review deadlines")
def case_review_deadlines(today: date) -> Iterable[Reminder]:
    """Applications whose acknowledgement or threshold decision is due or overdue, to the partnership's
    coordinators and supervisors."""
    from cspkit.web.accounts.models import User
    from cspkit.web.permissions.roles import Role
    from cspkit.web.reviews.figures import clock_for
    from cspkit.web.reviews.models import Application

    for application in Application.objects.filter(closed_on__isnull=True, decision__isnull=True):
        clock = clock_for(application)
        due = [
            (label, day)
            for label, day, done in (
                ("acknowledge", clock.acknowledge_by, application.acknowledged_on),
                ("decide the threshold", clock.decide_by, None),
            )
            if done is None and day <= today
        ]
        if not due:
            continue
        staff = User.objects.filter(
            partnerships=application.partnership, is_active=True, role__in=[Role.COORDINATOR, Role.SUPERVISOR]
        )
        for user in staff:
            for label, day in due:
                yield Reminder(user, f"ASB Case Review application {application.pk}: {label} by {day:%-d %B %Y}")


@dataclass(frozen=True)
class RemindResult:
    emails: int
    lines: int
    skipped_no_address: int


def send_reminders(today: date, dry_run: bool = False) -> RemindResult:
    """One e-mail per person listing every reminder due; records the run."""
    by_person: dict[Any, list[Reminder]] = defaultdict(list)
    for source in SOURCES.values():
        for reminder in source(today):
            by_person[reminder.recipient].append(reminder)
    emails = lines = skipped = 0
    for person, reminders in by_person.items():
        if not person.email:
            skipped += 1
            continue
        body = "\n".join(f"- {r.line}" for r in reminders)
        if not dry_run:
            send_mail(
                f"Casework: {len(reminders)} thing(s) due or overdue",
                f"Hello {person.get_full_name() or person.username},\n\nThese are due or overdue:\n\n{body}\n\n"
                "Sign in to see them under My tasks.\n",
                getattr(settings, "DEFAULT_FROM_EMAIL", None),
                [person.email],
            )
            with transaction.atomic():
                for reminder in reminders:
                    reminder.sent(today)
        emails += 1
        lines += len(reminders)
    if not dry_run:
        RunRecord.objects.create(
            command="remind",
            summary=f"{today.isoformat()}: {emails} e-mail(s), {lines} reminder(s); {skipped} person(s) without an "
            "e-mail address",
        )
    return RemindResult(emails, lines, skipped)


@reminder_source("PSPOs and death reviews")
def register_deadlines(today: date) -> Iterable[Reminder]:
    """PSPO expiries and Domestic Abuse Related Death Review clocks, from the registers."""
    from cspkit.web.registers.reminders import due_reminders

    for reminder in due_reminders(today):
        yield Reminder(reminder.recipient, f"{reminder.subject}: {reminder.text}")
