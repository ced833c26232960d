"""Counts without people: the one function reports and the strategic assessment use to describe
casework. Nothing about a person leaves here; counts of 1-4 (by default) are suppressed."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from cspkit.casework.counts import suppress, suppress_flow, suppress_row
from cspkit.casework.powers import LABELS, Power
from cspkit.casework.risk import RiskLevel
from cspkit.casework.victims import Reported, repeat_victim
from cspkit.web.cases.models import Breach, Case, Incident, Intervention, RiskAssessment
from cspkit.web.cases.services import casework_settings


@dataclass(frozen=True)
class CaseworkCounts:
    """Counts for one period (and optionally one area), each None where suppressed."""

    starts: date
    ends: date
    smallest_shown: int
    cases_opened: int | None
    cases_closed: int | None
    open_at_end: int | None
    interventions: dict[str, int | None] = field(default_factory=dict)  # by power, in escalation order
    breaches: int | None = None
    risk_levels: dict[str, int | None] = field(default_factory=dict)
    repeat_victims: int | None = None
    case_review_applications: int | None = None
    case_reviews_threshold_met: int | None = None
    case_reviews_with_recommendations: int | None = None
    #: The counts withheld only so that a small one cannot be worked out from them (secondary
    #: suppression), by field name ("open_at_end"), or "risk_levels:<level>" for a risk level.
    secondary: frozenset[str] = frozenset()


def casework_counts(partnership, starts: date, ends: date, lsoa_codes: Collection[str] | None = None) -> CaseworkCounts:
    """Cases, interventions by power, breaches, risk levels, repeat victims and Case Reviews in
    ``starts``..``ends`` for ``partnership``; with ``lsoa_codes``, only cases with an incident there."""
    from cspkit.web.reviews.models import Application

    smallest = casework_settings().smallest_shown

    def s(value: int) -> int | None:
        return suppress(value, smallest)

    cases = Case.objects.filter(partnership=partnership)
    if lsoa_codes is not None:
        cases = cases.filter(incidents__place__lsoa_code__in=list(lsoa_codes)).distinct()
    case_ids = cases.values("pk")
    by_power = dict(
        Intervention.objects.filter(case__in=case_ids, on__range=(starts, ends))
        .values_list("power")
        .annotate(n=Count("pk"))
        .values_list("power", "n")
    )
    by_level = dict(
        RiskAssessment.objects.filter(case__in=case_ids, assessed_on__range=(starts, ends))
        .values_list("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    rule = casework_settings().repeat_victim
    reported: dict[int, list[Reported]] = {}
    for reporter, on, category in Incident.objects.filter(
        case__in=case_ids, reported_on__range=(starts, ends), reporter__isnull=False
    ).values_list("reporter", "reported_on", "category"):
        reported.setdefault(reporter, []).append(Reported(on, category))
    applications = Application.objects.filter(partnership=partnership, received_on__range=(starts, ends))
    still_open = Q(closed_on__isnull=True) | Q(closed_on__gt=ends)
    flow = {
        "cases_opened": cases.filter(opened_on__range=(starts, ends)).count(),
        "cases_closed": cases.filter(closed_on__range=(starts, ends)).count(),
        "open_at_end": cases.filter(Q(opened_on__lte=ends) & still_open).count(),
    }
    opened, closed, open_at_end = suppress_flow(
        cases.filter(Q(opened_on__lt=starts) & (Q(closed_on__isnull=True) | Q(closed_on__gte=starts))).count(),
        *flow.values(),
        smallest,
    )
    levels = {level.value: by_level.get(level.value, 0) for level in RiskLevel}
    # the levels share out the assessments: one withheld beside the others shown is withheld with another
    risk = suppress_row(levels, smallest).cells
    secondary = _secondary(flow, dict(zip(flow, (opened, closed, open_at_end), strict=True)), smallest)
    secondary |= {f"risk_levels:{level}" for level in _secondary(levels, risk, smallest)}
    return CaseworkCounts(
        starts,
        ends,
        smallest,
        cases_opened=opened,
        cases_closed=closed,
        open_at_end=open_at_end,
        interventions={LABELS[p]: s(by_power.get(p.value, 0)) for p in Power},
        breaches=s(Breach.objects.filter(intervention__case__in=case_ids, on__range=(starts, ends)).count()),
        risk_levels=risk,
        repeat_victims=s(sum(1 for items in reported.values() if repeat_victim(items, rule))),
        case_review_applications=s(applications.count()),
        case_reviews_threshold_met=s(applications.filter(decision__met=True).count()),
        case_reviews_with_recommendations=s(applications.filter(recommendations__isnull=False).distinct().count()),
        secondary=frozenset(secondary),
    )


def _secondary(raw: dict[str, int], shown: dict[str, int | None], smallest: int) -> set[str]:
    """The keys withheld although their own count is not small: withheld to protect another, so a
    report can say why each count is withheld."""
    return {key for key, value in raw.items() if shown[key] is None and suppress(value, smallest) is not None}
