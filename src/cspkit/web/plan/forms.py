"""Forms for the plan and its parts; edit forms carry the version they were opened at."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from cspkit.web.accounts.models import Agency, Partnership
from cspkit.web.core.forms import DateInput, GovukForm, VersionedModelForm
from cspkit.web.plan.models import Action, Measure, Outcome, Plan, Priority, Risk, StrategyLink


class PlanForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = ("partnership", "title", "starts", "ends", "status", "assessment", "summary")
        widgets: ClassVar[dict[str, Any]] = {"starts": DateInput(), "ends": DateInput(), "status": forms.RadioSelect}

    def __init__(self, *args: Any, partnerships: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            del self.fields["partnership"]
        else:
            self.fields["partnership"].queryset = partnerships
            self.fields["partnership"].empty_label = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", "The plan must end after it starts")
        return data


class PriorityForm(VersionedModelForm):
    class Meta:
        model = Priority
        fields = ("number", "title", "description", "ranked_position", "assessment")

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        taken = Priority.objects.filter(plan=self.instance.plan, number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"Priority {number} already exists in this plan; choose another number")
        return number


class OutcomeForm(VersionedModelForm):
    class Meta:
        model = Outcome
        fields = ("description",)
        labels: ClassVar[dict[str, Any]] = {"description": "Outcome"}


def _agencies_of(plan: Plan) -> Any:
    return Agency.objects.filter(partnerships=plan.partnership_id)


class ActionForm(VersionedModelForm):
    class Meta:
        model = Action
        fields = ("reference", "outcome", "we_will", "how", "timescale", "lead", "owner_agency", "working_with")
        widgets: ClassVar[dict[str, Any]] = {
            "reference": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"})
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        priority = self.instance.priority
        self.fields["outcome"].queryset = priority.outcomes.all()
        self.fields["outcome"].empty_label = "None"
        self.fields["owner_agency"].queryset = _agencies_of(priority.plan)
        self.fields["owner_agency"].empty_label = "The partnership (coordinator updates it)"


class MeasureForm(VersionedModelForm):
    class Meta:
        model = Measure
        fields = (
            "reference",
            "name",
            "definition",
            "action",
            "lead",
            "owner_agency",
            "polarity",
            "unit",
            "baseline",
            "baseline_period",
            "target",
            "frequency",
            "source",
            "evidence_series",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "reference": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
            "polarity": forms.RadioSelect,
            "unit": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "source": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        priority = self.instance.priority
        self.fields["action"].queryset = priority.actions.all()
        self.fields["action"].empty_label = "None"
        self.fields["owner_agency"].queryset = _agencies_of(priority.plan)
        self.fields["owner_agency"].empty_label = "The partnership (coordinator updates it)"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("source") == Measure.Source.EVIDENCE and not data.get("evidence_series"):
            self.add_error("evidence_series", "Say what to count from the evidence store, e.g. Anti-social behaviour")
        return data


class RiskForm(VersionedModelForm):
    class Meta:
        model = Risk
        fields = ("kind", "description", "action", "mitigation")
        widgets: ClassVar[dict[str, Any]] = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = self.instance.priority.actions.all()
        self.fields["action"].empty_label = "The whole priority"


class StrategyLinkForm(VersionedModelForm):
    url = forms.URLField(label="Web address", required=False, assume_scheme="https")

    class Meta:
        model = StrategyLink
        fields = ("kind", "title", "url", "how_it_links", "priorities")
        widgets: ClassVar[dict[str, Any]] = {"kind": forms.RadioSelect, "priorities": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = self.instance.plan.priorities.all()


class PlanImportForm(GovukForm):
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none(), empty_label=None)
    workbook = forms.FileField(
        label="Plan workbook (.xlsx)",
        help_text="A delivery plan in the layout cspkit exports: one table per priority with Ref, Aims, "
        "Activity, Lead, Performance Measures and Assumptions and Key Risks",
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload", "accept": ".xlsx"}),
    )
    title = forms.CharField(max_length=200, help_text="e.g. Community Safety Plan 2025 to 2028")
    starts = forms.DateField(widget=DateInput())
    ends = forms.DateField(widget=DateInput())

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", "The plan must end after it starts")
        return data
