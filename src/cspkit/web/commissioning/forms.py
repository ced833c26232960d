"""Forms for funds, allocations, projects, outputs and quarterly returns; money is typed in pounds
and kept in pence."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Sum
from django.utils import timezone

from cspkit.casework.funding import MoneyError, check_allocation, format_pence, parse_pounds
from cspkit.web.accounts.models import Agency
from cspkit.web.commissioning.models import Allocation, Fund, Output, Project, QuarterlyReturn
from cspkit.web.core.forms import DateInput, GovukForm, VersionedModelForm
from cspkit.web.plan.models import Action, Priority

#: The most any amount or count may be: far beyond a CSP's budgets, well inside the database's integers.
MOST_PENCE = 100_000_000_000  # £1,000,000,000.00
MOST_COUNT = 1_000_000_000
PLAUSIBLE_YEARS = 10  # funds and projects run within this many years of today


def _plausible_year(form: forms.Form, field: str, year: int | None, what: str) -> None:
    """A year no partnership's fund or project could have (1066, 2199) is a typing slip: say so."""
    today = timezone.localdate()
    if year is not None and not today.year - PLAUSIBLE_YEARS <= year <= today.year + PLAUSIBLE_YEARS:
        form.add_error(field, f"{what} must be within {PLAUSIBLE_YEARS} years of today: check the year")


class PoundsField(forms.CharField):
    """An amount typed as '£65,000' or '1250.50', cleaned to whole pence, never negative."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs["maxlength"] = "20"
        self.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"})

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 20:
            raise forms.ValidationError("Give the amount in pounds and pence, e.g. 65000 or 1250.50")
        try:
            pence = parse_pounds(value)
        except MoneyError as error:
            raise forms.ValidationError(str(error)) from error
        if pence < 0:
            raise forms.ValidationError("The amount cannot be negative: give it in pounds and pence, e.g. 1250.50")
        if pence > MOST_PENCE:
            raise forms.ValidationError(f"The amount cannot be more than {format_pence(MOST_PENCE)}")
        return pence

    def prepare_value(self, value: Any) -> Any:
        return format_pence(value).lstrip("£") if isinstance(value, int) else value


class _PenceModelForm(VersionedModelForm):
    """Shows the model's ``*_pence`` field as pounds."""

    pence_field = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["pounds"].initial = getattr(self.instance, self.pence_field)

    def save(self, commit: bool = True):  # type: ignore[override]
        setattr(self.instance, self.pence_field, self.cleaned_data["pounds"])
        return super().save(commit=commit)


class FundForm(_PenceModelForm):
    pence_field = "amount_pence"
    pounds = PoundsField(label="Amount (£)", help_text="The whole fund over its years, e.g. 65000")

    class Meta:
        model = Fund
        fields = (
            "name",
            "funder",
            "kind",
            "pounds",
            "first_year",
            "last_year",
            "reporting",
            "conditions",
            "funder_measures",
        )
        widgets: ClassVar[dict[str, Any]] = {"kind": forms.RadioSelect, "reporting": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        _plausible_year(self, "first_year", first, "The first financial year")
        _plausible_year(self, "last_year", last, "The last financial year")
        if first and last and last < first:
            self.add_error("last_year", "The last financial year cannot be before the first")
        amount = data.get("pounds")
        if amount is not None and self.instance.pk is not None and amount < self.instance.allocated_pence:
            self.add_error(
                "pounds",
                f"{format_pence(self.instance.allocated_pence)} is already allocated from this fund; "
                "reduce the allocations first",
            )
        if amount is not None and amount <= 0:
            self.add_error("pounds", "The amount must be more than £0.00")
        return data


class AllocationForm(_PenceModelForm):
    pence_field = "amount_pence"
    pounds = PoundsField(label="Amount (£)")

    class Meta:
        model = Allocation
        fields = ("project", "pounds", "note")

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.fields["project"].queryset = Project.objects.filter(partnership=fund.partnership_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        amount = data.get("pounds")
        if amount is None:
            return data
        others = self.fund.allocations.exclude(pk=self.instance.pk).aggregate(total=Sum("amount_pence"))["total"] or 0
        try:
            check_allocation(self.fund.name, self.fund.amount_pence, others, amount)
        except MoneyError as error:
            self.add_error("pounds", str(error))
        return data


class ProjectForm(_PenceModelForm):
    pence_field = "budget_pence"
    pounds = PoundsField(label="Budget (£)", help_text="The whole project's budget")

    class Meta:
        model = Project
        fields = (
            "reference",
            "name",
            "provider",
            "purpose",
            "priority",
            "actions",
            "places",
            "starts",
            "ends",
            "pounds",
            "status",
            "risks",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "starts": DateInput(),
            "ends": DateInput(),
            "status": forms.RadioSelect,
            "actions": forms.CheckboxSelectMultiple,
        }
        labels: ClassVar[dict[str, Any]] = {"places": "Where it works", "actions": "Plan actions it delivers"}

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["provider"].queryset = Agency.objects.filter(partnerships=partnership)
        self.fields["priority"].queryset = Priority.objects.filter(plan__partnership=partnership)
        self.fields["actions"].queryset = Action.objects.filter(priority__plan__partnership=partnership)

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        taken = Project.objects.filter(partnership=self.partnership, reference=reference).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"Project {reference} already exists; choose another reference")
        return reference

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        _plausible_year(self, "starts", starts.year if starts else None, "The start")
        _plausible_year(self, "ends", ends.year if ends else None, "The end")
        if starts and ends and ends < starts:
            self.add_error("ends", "The project must end on or after the day it starts")
        return data


class OutputForm(VersionedModelForm):
    class Meta:
        model = Output
        fields = ("name", "unit", "promised")

    # "promised" takes at most a billion, as every whole number in a GOV.UK form (core.forms.limit_whole_number)


class ReturnForm(GovukForm):
    """A quarterly return sent through the web: spend, each promised output delivered, outcomes."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    spend = PoundsField(label="Spend this quarter (£)")
    progress = forms.CharField(label="Progress this quarter", widget=forms.Textarea, required=False)
    outcomes = forms.CharField(label="Outcomes achieved", widget=forms.Textarea, required=False)
    evidence = forms.CharField(
        label="Evidence of the outcomes",
        widget=forms.Textarea,
        required=False,
        help_text="How you know: surveys, case records, police data, partner feedback",
    )
    risks = forms.CharField(label="Risks and issues", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, project: Project, existing: QuarterlyReturn | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.outputs = list(project.outputs.all())
        for output in self.outputs:
            self.fields[f"output_{output.pk}"] = forms.IntegerField(
                label=f"{output.name} delivered this quarter ({output.unit})",
                min_value=0,
                max_value=MOST_COUNT,
                error_messages={"max_value": f"Give a number up to {MOST_COUNT:,}"},
                help_text=f"{output.promised:,} promised over the project",
            )
        if existing is not None:
            self.fields["opened_version"].initial = existing.version
            self.initial.update(
                spend=existing.spend_pence,
                progress=existing.progress,
                outcomes=existing.outcomes,
                evidence=existing.evidence,
                risks=existing.risks,
                **{f"output_{d.output_id}": d.delivered for d in existing.deliveries.all()},
            )
        from cspkit.web.core.forms import style_widget

        for field in self.fields.values():
            style_widget(field)

    def deliveries(self) -> dict[int, int]:
        return {output.pk: self.cleaned_data[f"output_{output.pk}"] for output in self.outputs}
