"""Forms of the registers. Each date rule is the casework module's, so the page says what the Act says."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms

from cspkit.casework import dardr, pspo
from cspkit.web.core.forms import DateInput, GovukForm, GovukModelForm, VersionedModelForm
from cspkit.web.registers import geometry
from cspkit.web.registers.models import (
    AgencyReport,
    ClockPause,
    DeathReview,
    Pspo,
    PspoConsultation,
    PspoEnforcement,
    PspoExtension,
    PspoVariation,
    Recommendation,
    ReviewAction,
)


def _dates(model: type, names: list[str]) -> dict[str, Any]:
    return {name: DateInput() for name in names}


class AreaFieldsMixin(forms.Form):
    area_file = forms.FileField(
        label="Restricted area (GeoJSON file)",
        required=False,
        help_text="A GeoJSON file of the area's outline, as drawn in QGIS, geojson.io or your council's GIS",
    )
    area_geojson = forms.CharField(
        label="Or paste the GeoJSON",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )

    def clean_area(self, required: bool) -> dict[str, Any] | None:
        upload = self.cleaned_data.get("area_file")
        text = upload.read() if upload else (self.cleaned_data.get("area_geojson") or "").strip()
        if not text:
            if required:
                self.add_error("area_file", "Upload or paste the restricted area as GeoJSON")
            return None
        try:
            return geometry.parse_area(text)
        except geometry.AreaError as error:
            self.add_error("area_file" if upload else "area_geojson", str(error))
            return None


class PspoForm(AreaFieldsMixin, VersionedModelForm):
    class Meta:
        model = Pspo
        fields = (
            "title",
            "reference",
            "area_description",
            "prohibitions",
            "requirements",
            "evidence",
            "months",
            "expedited",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        area = self.clean_area(required=self.instance.pk is None)
        if area is not None:
            self.instance.geometry = area
        months = data.get("months")
        if months is not None:
            try:
                pspo.check_period(months, bool(data.get("expedited")))
            except pspo.RuleError as error:
                self.add_error("months", str(error))
        return data


class DecisionForm(VersionedModelForm):
    """Make the order: the decision, the date made and the date in force."""

    class Meta:
        model = Pspo
        fields = ("decision", "made_on", "in_force_from")
        widgets = _dates(Pspo, ["made_on", "in_force_from"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        made, starts = data.get("made_on"), data.get("in_force_from")
        if made and starts and starts < made:
            self.add_error("in_force_from", "An order cannot come into force before it is made")
        consulted = self.instance.consultations.filter(stage=PspoConsultation.Stage.MAKING).exists()
        if not self.instance.expedited and not consulted:
            self.add_error(
                None,
                "Record the consultation first: the chief officer of police, the Police and Crime Commissioner "
                "and the community must be consulted before an order is made (s.72).",
            )
        return data


class DischargeForm(VersionedModelForm):
    class Meta:
        model = Pspo
        fields = ("discharged_on", "discharge_reason")
        widgets = _dates(Pspo, ["discharged_on"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("discharged_on"):
            try:
                pspo.check_discharge(self.instance.dates(), data["discharged_on"])
            except pspo.RuleError as error:
                self.add_error("discharged_on", str(error))
        return data


class ConsultationForm(GovukModelForm):
    class Meta:
        model = PspoConsultation
        fields = ("stage", "consultee", "consulted_on", "response")
        widgets = _dates(PspoConsultation, ["consulted_on"])


class ExtensionForm(GovukModelForm):
    class Meta:
        model = PspoExtension
        fields = ("review_summary", "consultation_summary", "decided_on", "months")
        widgets = _dates(PspoExtension, ["decided_on"])

    def __init__(self, *args: Any, order: Pspo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order = order

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        current = self.order.expires_on
        if current is None:
            raise forms.ValidationError("Only an order that has been made and has a date in force can be extended.")
        months_so_far = self.order.months + sum(e.months for e in self.order.extensions.all())
        try:
            pspo.extend(
                current,
                pspo.Extension(data["decided_on"], data["months"]),
                expedited=self.order.expedited,
                months_so_far=months_so_far,
            )
        except pspo.RuleError as error:
            raise forms.ValidationError(str(error)) from None
        return data


class VariationForm(AreaFieldsMixin, GovukModelForm):
    new_prohibitions = forms.CharField(
        label="New prohibitions (if they change)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = PspoVariation
        fields = ("varied_on", "summary")
        widgets = _dates(PspoVariation, ["varied_on"])

    def __init__(self, *args: Any, order: Pspo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order = order
        self.fields["area_file"].label = "New restricted area (GeoJSON file), if it changes"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["new_area"] = self.clean_area(required=False)
        if data.get("varied_on"):
            try:
                pspo.check_variation(self.order.dates(), data["varied_on"])
            except pspo.RuleError as error:
                self.add_error("varied_on", str(error))
        return data


class EnforcementForm(GovukModelForm):
    class Meta:
        model = PspoEnforcement
        fields = ("kind", "on", "outcome")
        widgets = _dates(PspoEnforcement, ["on"])
        labels: ClassVar[dict[str, str]] = {"kind": "What happened"}


# Death reviews ---------------------------------------------------------------------------------


class NewReviewForm(GovukModelForm):
    class Meta:
        model = DeathReview
        fields = (
            "reference",
            "subject",
            "notified_on",
            "notified_by",
            "circumstances",
            "decision_months",
            "report_months",
        )
        widgets = _dates(DeathReview, ["notified_on"])
        labels: ClassVar[dict[str, str]] = {
            "decision_months": "Months allowed for the decision",
            "report_months": "Months allowed for the overview report",
        }


REVIEW_STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "decision": (
        "Decision and Home Office notification",
        ("decision", "decided_on", "decision_reason", "home_office_told_on"),
    ),
    "panel": ("Chair, panel, scope and terms of reference", ("chair", "panel", "scope", "terms_of_reference")),
    "report": ("Overview report and executive summary", ("report_completed_on",)),
    "qa": ("Home Office Quality Assurance Panel", ("qa_submitted_on", "qa_outcome", "qa_outcome_on")),
    "publication": ("Publication", ("published_on", "withdrawn_on")),
    "learning": ("Learning review sign-off", ("learning_signed_off_on",)),
}
DATE_FIELDS = {
    "decided_on",
    "home_office_told_on",
    "report_completed_on",
    "qa_submitted_on",
    "qa_outcome_on",
    "published_on",
    "withdrawn_on",
    "learning_signed_off_on",
}


class ReviewStepForm(VersionedModelForm):
    class Meta:
        model = DeathReview
        fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        review = self.instance
        if "decision" in data and data.get("decision") != DeathReview.Decision.PENDING and not data.get("decided_on"):
            self.add_error("decided_on", "Enter the date of the decision")
        if data.get("decided_on") and data["decided_on"] < review.notified_on:
            self.add_error("decided_on", "The decision cannot come before the notification")
        if data.get("published_on") and review.qa_outcome != DeathReview.QaOutcome.APPROVED:
            self.add_error("published_on", "Publish only after the Quality Assurance Panel has approved the report")
        if data.get("withdrawn_on") and data.get("published_on") and data["withdrawn_on"] < data["published_on"]:
            self.add_error("withdrawn_on", "A report cannot be withdrawn before it is published")
        if data.get("qa_submitted_on") and not review.report_completed_on:
            self.add_error("qa_submitted_on", "Record the completed overview report first")
        if data.get("learning_signed_off_on") and review.decision != DeathReview.Decision.LEARNING:
            self.add_error("learning_signed_off_on", "This case is not a learning review")
        return data


def review_step_form(step: str) -> type[ReviewStepForm]:
    _, fields = REVIEW_STEPS[step]
    meta = type(
        "Meta",
        (),
        {"model": DeathReview, "fields": fields, "widgets": {f: DateInput() for f in fields if f in DATE_FIELDS}},
    )
    return type(f"{step.title()}StepForm", (ReviewStepForm,), {"Meta": meta})


class PauseForm(GovukModelForm):
    class Meta:
        model = ClockPause
        fields = ("starts", "ends", "reason")
        widgets = _dates(ClockPause, ["starts", "ends"])
        labels: ClassVar[dict[str, str]] = {"starts": "Paused from", "ends": "Resumed on"}

    def __init__(self, *args: Any, review: DeathReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review = review

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        if self.review.decided_on is None:
            raise forms.ValidationError("The report clock starts with the decision: record the decision first.")
        others = [
            dardr.Pause(p.starts, p.ends, p.reason) for p in self.review.clock_pauses.exclude(pk=self.instance.pk)
        ]
        try:
            dardr.check_pauses(
                [*others, dardr.Pause(data["starts"], data.get("ends"), data["reason"])], self.review.decided_on
            )
        except dardr.ClockError as error:
            raise forms.ValidationError(str(error)) from None
        return data


class AgencyReportForm(GovukModelForm):
    class Meta:
        model = AgencyReport
        fields = ("agency", "kind", "requested_on", "working_days")
        widgets = _dates(AgencyReport, ["requested_on"])

    def __init__(self, *args: Any, review: DeathReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = review.partnership.agencies.all()


class ReceivedForm(GovukForm):
    received_on = forms.DateField(label="Received on", widget=DateInput)


class RecommendationForm(GovukModelForm):
    class Meta:
        model = Recommendation
        fields = ("number", "text")
        labels: ClassVar[dict[str, str]] = {"text": "Recommendation"}

    def __init__(self, *args: Any, review: DeathReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review = review
        if not self.is_bound:
            self.fields["number"].initial = review.recommendations.count() + 1

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        if self.review.recommendations.filter(number=number).exists():
            raise forms.ValidationError(f"There is already a recommendation {number}")
        return number


class ReviewActionForm(GovukModelForm):
    class Meta:
        model = ReviewAction
        fields = ("recommendation", "action", "owner_agency", "owner", "due_on")
        widgets = _dates(ReviewAction, ["due_on"])
        labels: ClassVar[dict[str, str]] = {"owner_agency": "Owning agency", "due_on": "Due by"}

    def __init__(self, *args: Any, review: DeathReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = review.recommendations.all()
        self.fields["owner_agency"].queryset = review.partnership.agencies.all()


class CompleteActionForm(GovukModelForm):
    class Meta:
        model = ReviewAction
        fields = ("completed_on", "evidence_of_completion")
        widgets = _dates(ReviewAction, ["completed_on"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].required = True


class AccessForm(GovukForm):
    person = forms.ModelChoiceField(queryset=None, label="Give access to")

    def __init__(self, *args: Any, review: DeathReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cspkit.web.accounts.models import User
        from cspkit.web.permissions.roles import PERSONAL_DATA_ROLES

        self.fields["person"].queryset = (
            User.objects.filter(partnerships=review.partnership, role__in=PERSONAL_DATA_ROLES)
            .exclude(pk__in=review.named_people.all())
            .order_by("last_name", "first_name")
        )


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
