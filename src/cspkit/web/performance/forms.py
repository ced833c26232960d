"""Forms for quarterly updates, RAG overrides and the RAG rule."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from cspkit.web.core.forms import VersionedModelForm
from cspkit.web.performance.models import ActionUpdate, MeasureUpdate, RagRule
from cspkit.web.performance.rag import Rating
from cspkit.web.plan.models import Measure


class ActionUpdateForm(VersionedModelForm):
    class Meta:
        model = ActionUpdate
        fields = ("status", "commentary")
        widgets: ClassVar[dict[str, Any]] = {"status": forms.RadioSelect}
        help_texts: ClassVar[dict[str, Any]] = {
            "commentary": "What was done this quarter, what is next, and anything the board should know"
        }


class MeasureUpdateForm(VersionedModelForm):
    class Meta:
        model = MeasureUpdate
        fields = ("value", "denominator", "commentary")
        labels: ClassVar[dict[str, Any]] = {"value": "Figure for the quarter"}
        help_texts: ClassVar[dict[str, Any]] = {
            "commentary": "What the figure shows and why, and what is being done about it"
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measure = self.instance.measure
        if measure.unit not in {Measure.Unit.PERCENT, Measure.Unit.RATE}:
            del self.fields["denominator"]
        elif measure.unit == Measure.Unit.RATE:
            self.fields["denominator"].label = "Population"
            self.fields["denominator"].help_text = "The number of people the rate per 1,000 is of"
        else:
            self.fields["denominator"].label = "Out of how many"
        self.fields["value"].required = True
        hint = {Measure.Unit.PERCENT: "A percentage, e.g. 42.5", Measure.Unit.RATE: "Per 1,000 people"}
        self.fields["value"].help_text = hint.get(measure.unit, "")


class OverrideForm(VersionedModelForm):
    override = forms.ChoiceField(
        label="RAG rating the board should see",
        choices=[("", "The computed rating (no override)")] + [(r.value, r.label) for r in Rating],
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = MeasureUpdate
        fields = ("override", "override_reason")
        labels: ClassVar[dict[str, Any]] = {"override_reason": "Reason for the override"}
        help_texts: ClassVar[dict[str, Any]] = {"override_reason": "Shown to the board beside the rating"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("override") and not data.get("override_reason", "").strip():
            self.add_error("override_reason", "Give the reason for overriding the computed rating")
        if not data.get("override"):
            data["override_reason"] = ""
        return data


class RagRuleForm(VersionedModelForm):
    class Meta:
        model = RagRule
        fields = ("method", "tolerance_percent", "confidence", "min_history")
        widgets: ClassVar[dict[str, Any]] = {"method": forms.RadioSelect}
