"""A plan's performance in one quarter, per priority: the tables the performance page and the
board report both show, and the counts the dashboard shows.

Counting is done in SQL, so the number of queries and the Python work do not grow with the
number of actions; a page shows one slice of each priority's actions (see
:mod:`cspkit.web.core.paging`), while the board's exceptions always list every action off course.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from cspkit.web.core.paging import Paging
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
    """One priority's measures, the shown slice of its actions (all of them without paging),
    how many actions it has and every action at risk or off track."""

    priority: Priority
    measures: list[MeasureLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    action_count: int = 0
    off_course: list[ActionLine] = field(default_factory=list)

    @property
    def exceptions(self) -> list[MeasureLine | ActionLine]:
        """Red measures and actions at risk or off track: what the board must discuss."""
        return [*(line for line in self.measures if line.is_exception), *self.off_course]

    @property
    def off_course_actions(self) -> int:
        return len(self.off_course)

    @property
    def rating_counts(self) -> dict[str, int]:
        counts = {rating.value: 0 for rating in Rating}
        for line in self.measures:
            counts[line.rating.value] += 1
        return counts


def summarise(
    plan: Plan, quarter: Quarter, priority_number: int | None = None, paging: Paging | None = None
) -> list[PrioritySummary]:
    """The plan's measures and actions in ``quarter``, with trends over the last eight quarters.

    With ``paging``, each priority's ``actions`` hold only that page's slice (in reference order).
    """
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
    _add_actions(summaries, quarter, paging)
    return list(summaries.values())


def _add_actions(summaries: dict[int, PrioritySummary], quarter: Quarter, paging: Paging | None) -> None:
    """Each priority's action count, its actions off course, and the page's slice of its actions."""
    actions = Action.objects.filter(priority__in=summaries)
    for priority_id, count in actions.order_by().values_list("priority").annotate(n=Count("pk")):
        summaries[priority_id].action_count = count
    in_order = actions.select_related("owner_agency").order_by("reference", "pk")
    page = in_order
    if paging is not None:
        ranked = in_order.annotate(
            row=Window(RowNumber(), partition_by=F("priority_id"), order_by=[F("reference").asc(), F("pk").asc()])
        )
        page = ranked.filter(row__gt=paging.window.start, row__lte=paging.window.stop)
    page = list(page)
    off_course = in_order.filter(
        updates__year=quarter.year, updates__quarter=quarter.number, updates__status__in=OFF_COURSE
    )
    this_quarter = ActionUpdate.objects.filter(
        action__priority__in=summaries, year=quarter.year, quarter=quarter.number
    )
    updates = {
        u.action_id: u for u in this_quarter.filter(Q(action__in=[a.pk for a in page]) | Q(status__in=OFF_COURSE))
    }
    for action in page:
        summaries[action.priority_id].actions.append(ActionLine(action, updates.get(action.pk)))
    for action in off_course:
        summaries[action.priority_id].off_course.append(ActionLine(action, updates.get(action.pk)))


@dataclass(frozen=True)
class PriorityCounts:
    """What the dashboard shows of a priority: its measures' ratings and its actions off course."""

    priority: Priority
    rating_counts: dict[str, int]
    off_course_actions: int


def count_ratings(plan: Plan, quarter: Quarter) -> list[PriorityCounts]:
    """Per priority, how many measures are rated each way in ``quarter`` (the override if any;
    no figure is 'none') and how many actions are at risk or off track: four queries, counted in SQL."""
    priorities = list(plan.priorities.all())
    measures = dict(
        Measure.objects.filter(priority__plan=plan).order_by().values_list("priority").annotate(n=Count("pk"))
    )
    ratings: dict[int, dict[str, int]] = {p.pk: {rating.value: 0 for rating in Rating} for p in priorities}
    sent = (
        MeasureUpdate.objects.filter(measure__priority__plan=plan, year=quarter.year, quarter=quarter.number)
        .order_by()
        .values_list("measure__priority", "override", "rating")
        .annotate(n=Count("pk"))
    )
    for priority_id, override, rating, n in sent:
        ratings[priority_id][Rating(override or rating).value] += n
    for priority_id, counts in ratings.items():
        counts[Rating.NONE.value] += measures.get(priority_id, 0) - sum(counts.values())
    off_course = dict(
        ActionUpdate.objects.filter(
            action__priority__plan=plan, year=quarter.year, quarter=quarter.number, status__in=OFF_COURSE
        )
        .order_by()
        .values_list("action__priority")
        .annotate(n=Count("pk"))
    )
    return [PriorityCounts(p, ratings[p.pk], off_course.get(p.pk, 0)) for p in priorities]


def longest_action_list(plan: Plan, priority_number: int | None = None) -> int:
    """How many actions the priority with the most has (only the chosen one, if any): for paging."""
    priorities = plan.priorities.all() if priority_number is None else plan.priorities.filter(number=priority_number)
    counts = Action.objects.filter(priority__in=priorities).order_by().values("priority").annotate(n=Count("pk"))
    return max((row["n"] for row in counts), default=0)
