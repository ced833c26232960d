"""What each owner has to update this quarter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cspkit.web.performance.models import ActionUpdate, MeasureUpdate
from cspkit.web.performance.quarters import Quarter
from cspkit.web.permissions import checks
from cspkit.web.plan.models import Action, Measure, Plan


@dataclass(frozen=True)
class DueAction:
    action: Action
    update: ActionUpdate | None


@dataclass(frozen=True)
class DueMeasure:
    measure: Measure
    update: MeasureUpdate | None


@dataclass(frozen=True)
class Due:
    quarter: Quarter
    actions: list[DueAction]
    measures: list[DueMeasure]

    @property
    def outstanding(self) -> int:
        return sum(item.update is None for item in [*self.actions, *self.measures])


def live_plans(user: Any, quarter: Quarter) -> Any:
    """The user's partnerships' plans that run during the quarter and are not closed."""
    plans = Plan.objects.filter(starts__lte=quarter.ends, ends__gte=quarter.starts).exclude(status=Plan.Status.CLOSED)
    if not user.is_superuser:
        plans = plans.filter(partnership__in=checks.partnership_ids(user))
    return plans


def due_for(user: Any, quarter: Quarter) -> Due:
    """Actions and measures the user may update for the quarter, each with its update if sent.

    Annual measures are due in quarter 4 only; actions already complete before the quarter
    are not asked about again.
    """
    plans = live_plans(user, quarter)
    actions = (
        Action.objects.filter(priority__plan__in=plans)
        .select_related("priority__plan", "owner_agency")
        .order_by("priority__plan", "priority__number", "reference", "pk")
    )
    measures = Measure.objects.filter(priority__plan__in=plans).select_related("priority__plan", "owner_agency")
    if quarter.number != 4:
        measures = measures.exclude(frequency=Measure.Frequency.ANNUAL)
    measures = measures.order_by("priority__plan", "priority__number", "reference", "pk")
    action_updates = {
        u.action_id: u
        for u in ActionUpdate.objects.filter(action__in=actions, year=quarter.year, quarter=quarter.number)
    }
    measure_updates = {
        u.measure_id: u
        for u in MeasureUpdate.objects.filter(measure__in=measures, year=quarter.year, quarter=quarter.number)
    }
    return Due(
        quarter=quarter,
        actions=[
            DueAction(a, action_updates.get(a.pk))
            for a in actions
            if checks.can_update_action(user, a) and (a.status != Action.Status.COMPLETE or a.pk in action_updates)
        ],
        measures=[DueMeasure(m, measure_updates.get(m.pk)) for m in measures if checks.can_update_measure(user, m)],
    )
