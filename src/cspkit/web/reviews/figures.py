"""What the ASB Case Review rules say about an application, and the yearly figures partnerships publish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cspkit.casework.case_review import Complaint, ReviewClock, ThresholdDecision, review_clock, threshold
from cspkit.web.cases.services import casework_settings
from cspkit.web.reviews.models import Application


def complaints_of(application: Application) -> list[Complaint]:
    if application.case is None:
        return []
    return [
        Complaint(made_on=i.reported_on, behaviour_on=i.occurred_on, hate=i.hate, id=i.pk)
        for i in application.case.incidents.all()
    ]


def threshold_for(application: Application) -> ThresholdDecision:
    return threshold(complaints_of(application), application.received_on, casework_settings().case_review)


def clock_for(application: Application) -> ReviewClock:
    return review_clock(application.received_on, casework_settings().case_review)


@dataclass(frozen=True)
class YearFigures:
    """The figures the statutory guidance asks partnerships to publish each year."""

    year: int
    applications: int
    threshold_met: int
    reviews: int
    with_recommendations: int
    appeals: int


def year_figures(partnership, year: int) -> YearFigures:
    """Applications received from 1 April ``year`` to 31 March next (the financial year)."""
    applications = Application.objects.filter(
        partnership=partnership, received_on__gte=date(year, 4, 1), received_on__lte=date(year + 1, 3, 31)
    )
    return YearFigures(
        year,
        applications.count(),
        applications.filter(decision__met=True).count(),
        applications.filter(meetings__isnull=False).distinct().count(),
        applications.filter(recommendations__isnull=False).distinct().count(),
        applications.filter(appeals__isnull=False).distinct().count(),
    )
