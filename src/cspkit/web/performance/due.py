"""What each owner has to update this quarter.

Chosen and counted in SQL (with the access checks' filters), so a plan of thousands of actions
costs a few queries; only the page shown is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

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
    """The actions and measures due (as queries), their counts, and pages of them with updates."""

    quarter: Quarter
    action_query: QuerySet
    measure_query: QuerySet

    @cached_property
    def action_count(self) -> int:
        return self.action_query.count()

    @cached_property
    def measure_count(self) -> int:
        return self.measure_query.count()

    @cached_property
    def outstanding(self) -> int:
        return self.action_query.filter(sent=False).count() + self.measure_query.filter(sent=False).count()

    def action_page(self, window: slice) -> list[DueAction]:
        actions = list(self.action_query[window])
        updates = {u.action_id: u for u in self._updates(ActionUpdate, action__in=[a.pk for a in actions])}
        return [DueAction(a, updates.get(a.pk)) for a in actions]

    def measure_page(self, window: slice) -> list[DueMeasure]:
        measures = list(self.measure_query[window])
        updates = {u.measure_id: u for u in self._updates(MeasureUpdate, measure__in=[m.pk for m in measures])}
        return [DueMeasure(m, updates.get(m.pk)) for m in measures]

    def _updates(self, model: type, **which: Any) -> QuerySet:
        return model.objects.filter(year=self.quarter.year, quarter=self.quarter.number, **which)

    @property
    def actions(self) -> list[DueAction]:
        return self.action_page(slice(None))

    @property
    def measures(self) -> list[DueMeasure]:
        return self.measure_page(slice(None))


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
    this_quarter = {"year": quarter.year, "quarter": quarter.number}
    action_sent = Exists(ActionUpdate.objects.filter(action=OuterRef("pk"), **this_quarter))
    actions = (
        Action.objects.filter(priority__plan__in=plans)
        .filter(checks.actions_updatable_by(user))
        .annotate(sent=action_sent)
        .filter(~Q(status=Action.Status.COMPLETE) | Q(sent=True))
        .select_related("priority__plan", "owner_agency")
        .order_by("priority__plan", "priority__number", "reference", "pk")
    )
    measure_sent = Exists(MeasureUpdate.objects.filter(measure=OuterRef("pk"), **this_quarter))
    measures = (
        Measure.objects.filter(priority__plan__in=plans)
        .filter(checks.measures_updatable_by(user))
        .annotate(sent=measure_sent)
        .select_related("priority__plan", "owner_agency")
    )
    if quarter.number != 4:
        measures = measures.exclude(frequency=Measure.Frequency.ANNUAL)
    measures = measures.order_by("priority__plan", "priority__number", "reference", "pk")
    return Due(quarter=quarter, action_query=actions, measure_query=measures)
