"""What is still running on a case when an officer asks to close it: open tasks, orders and
interventions still in force or awaiting compliance, and ASB Case Reviews not yet finished.

Closing is not refused for these (an order can outlive the case that led to it), but the officer
is shown them first and the audit log records how many were left running."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from cspkit.casework.powers import Power
from cspkit.web.cases.models import Case, Intervention, Task


@dataclass(frozen=True)
class StillRunning:
    tasks: list[Task]
    interventions: list[Intervention]
    case_reviews: list  # reviews.Application

    def __bool__(self) -> bool:
        return bool(self.tasks or self.interventions or self.case_reviews)

    def counted(self) -> str:
        """For the audit log: "2 open tasks, 1 live intervention, 0 case reviews under way"."""
        return (
            f"{len(self.tasks)} open task{'s' * (len(self.tasks) != 1)}, "
            f"{len(self.interventions)} live intervention{'s' * (len(self.interventions) != 1)}, "
            f"{len(self.case_reviews)} case review{'s' * (len(self.case_reviews) != 1)} under way"
        )


def in_force(item: Intervention, today: dt.date) -> bool:
    """Still running today: terms a person can break that have not ended (no end date for an order
    with none, such as a Community Protection Notice, which lasts until discharged), a time to
    comply not yet past, or a review still to come."""
    power = Power(item.power)
    if (item.review_on and item.review_on >= today) or (item.comply_by and item.comply_by >= today):
        return True
    if not power.breachable:
        return False
    if item.indefinite or (item.ends_on and item.ends_on >= today):
        return True
    return item.ends_on is None and power.formal and power is not Power.COMMUNITY_PROTECTION_WARNING


def live_interventions(case: Case, today: dt.date) -> list[Intervention]:
    return [item for item in case.interventions.select_related("person") if in_force(item, today)]


def case_reviews_under_way(case: Case):
    """Applications not closed, leaving out those found below the threshold with no appeal pending."""
    from cspkit.web.reviews.models import Appeal, Application

    status = Application.Status
    return (
        Application.objects.filter(case=case)
        .exclude(status=status.CLOSED)
        .filter(~Q(status=status.THRESHOLD_NOT_MET) | Q(appeals__outcome=Appeal.Outcome.PENDING))
        .distinct()
        .order_by("received_on", "id")
    )


def still_running(case: Case, today: dt.date) -> StillRunning:
    return StillRunning(
        tasks=list(case.tasks.filter(done_on__isnull=True).select_related("owner").order_by("due_on", "id")),
        interventions=live_interventions(case, today),
        case_reviews=list(case_reviews_under_way(case)),
    )
