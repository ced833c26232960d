"""A plan's performance in one quarter, per priority: the tables the performance page and the
board report both show."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cspkit.web.performance.models import ActionUpdate, MeasureUpdate
from cspkit.web.performance.quarters import Quarter
from cspkit.web.performance.rag import Rating
from cspkit.web.performance.sparkline import Sparkline, sparkline
from cspkit.web.plan.models import Action, Measure, Plan, Priority

TREND_QUARTERS = 8
OFF_COURSE = {Action.Status.AT_RISK, Action.Status.OFF_TRACK}


@dataclass(frozen=True)
class MeasureLine:
    measure: Measure
    update: MeasureUpdate | None
    previous: MeasureUpdate | None
    trend: Sparkline | None

    @property
    def rating(self) -> Rating:
        return self.update.final_rating if self.update else Rating.NONE

    @property
    def is_exception(self) -> bool:
        return self.rating == Rating.RED


@dataclass(frozen=True)
class ActionLine:
    action: Action
    update: ActionUpdate | None

    @property
    def status(self) -> str:
        return self.update.status if self.update else ""

    @property
    def status_label(self) -> str:
        return Action.Status(self.status).label if self.status else "No update sent"

    @property
    def is_exception(self) -> bool:
        return self.status in OFF_COURSE


@dataclass
class PrioritySummary:
    priority: Priority
    measures: list[MeasureLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)

    @property
    def exceptions(self) -> list[MeasureLine | ActionLine]:
        """Red measures and actions at risk or off track: what the board must discuss."""
        return [line for line in [*self.measures, *self.actions] if line.is_exception]

    @property
    def off_course_actions(self) -> int:
        return sum(line.is_exception for line in self.actions)

    @property
    def rating_counts(self) -> dict[str, int]:
        counts = {rating.value: 0 for rating in Rating}
        for line in self.measures:
            counts[line.rating.value] += 1
        return counts


def summarise(plan: Plan, quarter: Quarter, priority_number: int | None = None) -> list[PrioritySummary]:
    """The plan's measures and actions in ``quarter``, with trends over the last eight quarters."""
    window = [quarter]
    for _ in range(TREND_QUARTERS - 1):
        window.insert(0, window[0].previous())
    priorities = plan.priorities.all()
    if priority_number is not None:
        priorities = priorities.filter(number=priority_number)
    summaries = {p.pk: PrioritySummary(p) for p in priorities}
    measures = Measure.objects.filter(priority__in=summaries).select_related("owner_agency").order_by("reference", "pk")
    by_measure: dict[int, dict[Quarter, MeasureUpdate]] = defaultdict(dict)
    updates = MeasureUpdate.objects.filter(measure__in=measures, year__gte=window[0].year, year__lte=quarter.year)
    for update in updates.select_related("updated_by", "overridden_by"):
        by_measure[update.measure_id][update.period] = update
    for measure in measures:
        series = by_measure[measure.pk]
        values = [series[q].value if q in series and series[q].value is not None else None for q in window]
        summaries[measure.priority_id].measures.append(
            MeasureLine(
                measure=measure,
                update=series.get(quarter),
                previous=series.get(quarter.previous()),
                trend=sparkline(values, [q.label for q in window]),
            )
        )
    actions = Action.objects.filter(priority__in=summaries).select_related("owner_agency").order_by("reference", "pk")
    action_updates = {
        u.action_id: u
        for u in ActionUpdate.objects.filter(action__in=actions, year=quarter.year, quarter=quarter.number)
    }
    for action in actions:
        summaries[action.priority_id].actions.append(ActionLine(action, action_updates.get(action.pk)))
    return list(summaries.values())
