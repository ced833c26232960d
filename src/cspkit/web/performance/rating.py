"""Applying a plan's RAG rule to the quarterly figures kept in the database."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from cspkit.web.performance import rag
from cspkit.web.performance.models import MeasureUpdate, RagRule
from cspkit.web.plan.models import Measure, Plan


def rule_for(plan: Plan) -> rag.Rule:
    """The plan's rule, or the default (5% tolerance) if nobody has set one."""
    stored = RagRule.objects.filter(plan=plan).first()
    return stored.as_rule() if stored else rag.Rule()


def figure_for(update: MeasureUpdate) -> rag.Figure:
    """The update's value with its measure's target and the earlier quarters' values."""
    measure: Measure = update.measure
    earlier = (
        MeasureUpdate.objects.filter(measure=measure, value__isnull=False)
        .exclude(pk=update.pk)
        .filter(Q(year__lt=update.year) | Q(year=update.year, quarter__lt=update.quarter))
        .order_by("year", "quarter")
        .values_list("value", flat=True)
    )
    return rag.Figure(
        value=None if update.value is None else float(update.value),
        target=None if measure.target is None else float(measure.target),
        polarity=measure.polarity,
        unit=measure.unit,
        denominator=None if update.denominator is None else float(update.denominator),
        history=[float(v) for v in earlier],
    )


def apply_rating(update: MeasureUpdate, rule: rag.Rule | None = None) -> None:
    """Set the update's computed rating and reason (not saved)."""
    result = rag.rate(figure_for(update), rule or rule_for(update.measure.priority.plan))
    update.rating, update.rating_reason = result.rating.value, result.reason


@transaction.atomic
def _rerate(updates: QuerySet[MeasureUpdate], rule: rag.Rule, why: str) -> int:
    changed = 0
    for update in updates.select_related("measure").order_by("year", "quarter"):
        before = (update.rating, update.rating_reason)
        apply_rating(update, rule)
        if (update.rating, update.rating_reason) != before:
            update._change_reason = why
            update.version += 1
            update.save()
            changed += 1
    return changed


def rerate_plan(plan: Plan) -> int:
    """Recompute every rating of the plan after its rule changed; returns how many changed."""
    return _rerate(MeasureUpdate.objects.filter(measure__priority__plan=plan), rule_for(plan), "RAG rule changed")


def rerate_later(update: MeasureUpdate) -> int:
    """Recompute the ratings of later quarters, whose control limits include this figure."""
    later = MeasureUpdate.objects.filter(measure=update.measure_id).filter(
        Q(year__gt=update.year) | Q(year=update.year, quarter__gt=update.quarter)
    )
    why = f"Figure for {update.period.label} changed"
    return _rerate(later, rule_for(update.measure.priority.plan), why)
