"""What both registers tell the board and the yearly statement, as counts safe to publish.

Counts of 1 to 4 are shown as "fewer than 5" (and 0 as 0), the usual rule for statistics about
people; the order counts are about places, not people, and are shown in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cspkit.casework import dardr
from cspkit.casework.pspo import OrderStatus
from cspkit.web.registers.models import DeathReview, Pspo, PspoEnforcement, ReviewAction

SMALL = range(1, 5)


def suppressed(count: int) -> str:
    """A count safe to publish: 1-4 become "fewer than 5"."""
    return "fewer than 5" if count in SMALL else f"{count:,}"


@dataclass(frozen=True)
class Line:
    label: str
    value: str


@dataclass(frozen=True)
class RegisterStatement:
    partnership: str
    year_from: date
    year_to: date
    as_at: date
    orders: tuple[Line, ...]
    reviews: tuple[Line, ...]


def financial_year(today: date, year: int | None = None) -> tuple[date, date]:
    start = year if year is not None else (today.year if today.month >= 4 else today.year - 1)
    return date(start, 4, 1), date(start + 1, 3, 31)


def register_statement(partnership, today: date, year: int | None = None) -> RegisterStatement:
    """Counts for the financial year starting in `year` (the current one by default), as at `today`."""
    starts, ends = financial_year(today, year)
    as_at = min(today, ends)
    orders = list(Pspo.objects.filter(partnership=partnership).prefetch_related("extensions"))
    in_force = [o for o in orders if o.status(as_at) is OrderStatus.IN_FORCE]
    expiring = [o for o in in_force if o.expires_on and (o.expires_on - as_at).days <= 182]
    made = [o for o in orders if o.made_on and starts <= o.made_on <= ends]
    extended = {e.pspo_id for o in orders for e in o.extensions.all() if starts <= e.decided_on <= ends}
    discharged = [o for o in orders if o.discharged_on and starts <= o.discharged_on <= ends]
    enforcement = PspoEnforcement.objects.filter(pspo__partnership=partnership, on__range=(starts, ends))

    reviews = list(
        DeathReview.objects.filter(partnership=partnership).prefetch_related("clock_pauses", "agency_reports")
    )
    notified = [r for r in reviews if starts <= r.notified_on <= ends]
    open_reviews = [r for r in reviews if r.notified_on <= as_at and r.is_open]
    published = [r for r in reviews if r.published_on and starts <= r.published_on <= ends]
    learning = [r for r in reviews if r.learning_signed_off_on and starts <= r.learning_signed_off_on <= ends]
    actions = ReviewAction.objects.filter(recommendation__review__partnership=partnership)
    outstanding = actions.filter(completed_on__isnull=True)
    return RegisterStatement(
        partnership=str(partnership),
        year_from=starts,
        year_to=ends,
        as_at=as_at,
        orders=(
            Line("Orders in force", f"{len(in_force):,}"),
            Line("Orders expiring within six months", f"{len(expiring):,}"),
            Line("Orders made in the year", f"{len(made):,}"),
            Line("Orders extended in the year", f"{len(extended):,}"),
            Line("Orders discharged in the year", f"{len(discharged):,}"),
            *(
                Line(f"{label} in the year", suppressed(enforcement.filter(kind=kind).count()))
                for kind, label in PspoEnforcement.Kind.choices
            ),
        ),
        reviews=(
            Line("Deaths notified in the year", suppressed(len(notified))),
            Line("Reviews open", suppressed(len(open_reviews))),
            Line("Reviews with an overdue step", suppressed(sum(1 for r in open_reviews if overdue_steps(r, as_at)))),
            Line("Reviews published in the year", suppressed(len(published))),
            Line("Learning reviews signed off in the year", suppressed(len(learning))),
            Line("Actions outstanding", suppressed(outstanding.count())),
            Line("Actions overdue", suppressed(outstanding.filter(due_on__lt=as_at).count())),
        ),
    )


def overdue_steps(review: DeathReview, today: date) -> list[str]:
    """The steps of a review past their due date and not done."""
    late = []
    if review.decided_on is None and today > review.decision_due:
        late.append("decision")
    due = review.report_due(today)
    if due and review.report_completed_on is None and not review.is_paused and today > due:
        late.append("overview report")
    late += [
        f"{r.get_kind_display()} from {r.agency}"
        for r in review.agency_reports.all()
        if r.received_on is None and dardr.clock_state(r.due_on, today) is dardr.ClockState.OVERDUE
    ]
    return late
