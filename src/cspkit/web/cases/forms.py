"""Forms of the case pages, in GOV.UK style."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from cspkit.casework.powers import LABELS, Power
from cspkit.casework.risk import RiskLevel
from cspkit.web.accounts.models import Agency, User
from cspkit.web.cases.models import AccessRequest, Case, CasePerson, Consent, Person
from cspkit.web.core.forms import DateInput, GovukFormMixin, style_widget
from cspkit.web.permissions.roles import PERSONAL_DATA_ROLES


def _categories() -> list[tuple[str, str]]:
    from cspkit.web.cases.services import casework_settings

    return [(c, c) for c in casework_settings().categories]


#: Where a place in England and Wales can be, in degrees (with a margin).
GB_LATITUDE, GB_LONGITUDE = (49.5, 61.5), (-9.0, 2.5)
OLDEST_YEARS = 120  # no one alive was born longer ago


def _not_future(form: forms.Form, field: str, what: str) -> None:
    value = form.cleaned_data.get(field)
    if value and value > timezone.localdate():
        form.add_error(field, f"{what} must be today or in the past")


def _born(form: forms.Form, field: str = "born_on") -> None:
    value = form.cleaned_data.get(field)
    today = timezone.localdate()
    if value and value > today:
        form.add_error(field, "A date of birth must be in the past")
    elif value and value.year < today.year - OLDEST_YEARS:
        form.add_error(field, f"A date of birth more than {OLDEST_YEARS} years ago is not possible: check the year")


def _in_britain(form: forms.Form) -> None:
    latitude, longitude = form.cleaned_data.get("latitude"), form.cleaned_data.get("longitude")
    if (latitude is None) != (longitude is None):
        form.add_error("longitude" if longitude is None else "latitude", "Give both latitude and longitude, or neither")
    elif latitude is not None and not (GB_LATITUDE[0] <= latitude <= GB_LATITUDE[1]
                                       and GB_LONGITUDE[0] <= longitude <= GB_LONGITUDE[1]):
        form.add_error("latitude", "The place is not in England or Wales: latitude is about 50 to 56, longitude "
                                   "about -6 to 2 (for example 52.69, -2.03)")


class NewCaseForm(GovukFormMixin, forms.Form):
    category = forms.ChoiceField(choices=())
    summary = forms.CharField(widget=forms.Textarea, help_text="What the complaint is about, in a sentence or two")
    occurred_on = forms.DateField(label="When did it happen?", widget=DateInput)
    description = forms.CharField(label="What happened", widget=forms.Textarea)
    place = forms.CharField(label="Where (address or description)", max_length=300)
    latitude = forms.DecimalField(required=False, max_digits=8, decimal_places=5)
    longitude = forms.DecimalField(required=False, max_digits=8, decimal_places=5)
    first_name = forms.CharField(label="Complainant's first name", required=False, max_length=100)
    last_name = forms.CharField(label="Complainant's last name", required=False, max_length=100)
    born_on = forms.DateField(label="Complainant's date of birth", required=False, widget=DateInput)
    is_victim = forms.BooleanField(label="The complainant is also the victim", required=False, initial=True)
    hate = forms.BooleanField(label="Hate incident or crime", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _categories()

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date it happened must be today or in the past")
        return value

    def clean(self):
        data = super().clean()
        _born(self)
        _in_britain(self)
        return data


class NoteForm(GovukFormMixin, forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea)


class IncidentForm(GovukFormMixin, forms.Form):
    occurred_on = forms.DateField(label="When did it happen?", widget=DateInput)
    reported_on = forms.DateField(label="When was it reported?", widget=DateInput)
    category = forms.ChoiceField(choices=())
    description = forms.CharField(widget=forms.Textarea)
    place = forms.CharField(label="Where (address or description)", max_length=300, required=False)
    latitude = forms.DecimalField(required=False, max_digits=8, decimal_places=5)
    longitude = forms.DecimalField(required=False, max_digits=8, decimal_places=5)
    reporter = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label="Reported by")
    hate = forms.BooleanField(label="Hate incident or crime", required=False)

    def __init__(self, *args: Any, people=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _categories()
        self.fields["reporter"].queryset = people

    def clean(self):
        data = super().clean()
        _not_future(self, "occurred_on", "The date it happened")
        _not_future(self, "reported_on", "The date it was reported")
        if data.get("occurred_on") and data.get("reported_on") and data["reported_on"] < data["occurred_on"]:
            self.add_error("reported_on", "It cannot have been reported before it happened")
        _in_britain(self)
        return data


class PersonForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(choices=CasePerson.Role.choices, widget=forms.RadioSelect)
    existing = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Someone already in another of your cases",
        help_text="Find them by name above, or give a new person's details below",
        widget=forms.RadioSelect,
    )
    first_name = forms.CharField(required=False, max_length=100, help_text="Leave empty if not known")
    last_name = forms.CharField(required=False, max_length=100)
    born_on = forms.DateField(label="Date of birth", required=False, widget=DateInput)
    is_body = forms.BooleanField(label="This is a body (a company or landlord), not a person", required=False)
    address = forms.CharField(required=False, max_length=300)

    def __init__(self, *args: Any, shown=(), **kwargs: Any) -> None:
        """``shown``: the few people the search found (among hundreds of thousands), offered as
        choices; only they can be chosen, so a choice the page did not offer is refused, not used."""
        super().__init__(*args, **kwargs)
        self.fields["existing"].queryset = Person.objects.filter(pk__in=[person.pk for person in shown])
        self.fields["existing"].widget.choices = [("", "No: someone new")] + [
            (person.pk, f"{person}, born {person.born_on:%-d %B %Y}" if person.born_on else str(person))
            for person in shown
        ]
        if not shown:
            self.fields["existing"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        _born(self)
        return data


class RiskForm(GovukFormMixin, forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Who is assessed")

    def __init__(self, *args: Any, people=(), questionnaire=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.question_ids = []
        for question in questionnaire.questions:
            self.fields[f"q_{question.id}"] = forms.BooleanField(label=question.text, required=False)
            self.question_ids.append(question.id)
        self.fields["judgement"] = forms.ChoiceField(
            label="Your professional judgement (raises the level, never lowers it)",
            required=False,
            choices=[("", "Agree with the score"), *[(lvl.value, lvl.value.title()) for lvl in RiskLevel]],
        )
        for name in ["judgement", *[f"q_{qid}" for qid in self.question_ids]]:
            style_widget(self.fields[name])  # added after the mixin styled the first fields

    def answers(self) -> dict[str, bool]:
        return {qid: bool(self.cleaned_data.get(f"q_{qid}")) for qid in self.question_ids}


INSPECTOR = (("", "Not recorded"), ("yes", "Yes"), ("no", "No"))


class InterventionForm(GovukFormMixin, forms.Form):
    power = forms.ChoiceField(choices=[(p.value, LABELS[p]) for p in Power], label="Intervention or power")
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Against", help_text="Leave empty for premises"
    )
    on = forms.DateField(label="Date given or made", widget=DateInput)
    comply_by = forms.DateField(label="Comply by (warnings)", required=False, widget=DateInput)
    months = forms.IntegerField(label="Length in months", required=False, min_value=1, max_value=600)
    indefinite = forms.BooleanField(label="No end date (adults only)", required=False)
    hours = forms.IntegerField(label="Length in hours (dispersal, closure notice)", required=False, min_value=1)
    amount = forms.IntegerField(label="Fixed penalty amount in pounds", required=False, min_value=1)
    convicted_on = forms.DateField(
        label="Date of conviction (Criminal Behaviour Order)", required=False, widget=DateInput
    )
    senior_authorisation = forms.BooleanField(
        label="Closure notice approved by a superintendent or the council's chief executive", required=False
    )
    authorised_by_inspector = forms.ChoiceField(
        label="Dispersal authorised by an inspector or above?", choices=INSPECTOR, required=False
    )
    details = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, case=None, people=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["person"].queryset = people
        self.outcome = None

    def clean(self):
        from cspkit.casework.powers import check
        from cspkit.web.cases.services import proposal_for

        data = super().clean()
        _not_future(self, "on", "The date it was given or made")
        if data.get("on") and data.get("comply_by") and data["comply_by"] <= data["on"]:
            self.add_error("comply_by", "The date to comply by must be after the date it was given")
        person = data.get("person")
        if data.get("on") and person is not None and person.born_on and data["on"] < person.born_on:
            self.add_error("on", f"This is before {person} was born ({person.born_on:%-d %B %Y})")
        if self.errors or not data.get("power"):
            return data
        self.outcome = check(proposal_for(self.case, data))
        for message in self.outcome.refusals:
            self.add_error(None, message)
        return data


class BreachForm(GovukFormMixin, forms.Form):
    on = forms.DateField(label="Date of the breach", widget=DateInput)
    description = forms.CharField(widget=forms.Textarea)

    def __init__(self, *args: Any, intervention=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.intervention = intervention

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date of the breach must be today or in the past")
        if self.intervention and value < self.intervention.on:
            raise forms.ValidationError("A breach cannot come before the intervention it breaches")
        return value

    def clean(self):
        data = super().clean()
        if self.intervention is not None and not Power(self.intervention.power).breachable:
            self.add_error(None, f"A {LABELS[Power(self.intervention.power)].lower()} has no terms to breach: record "
                                 "what happened next as an incident or a new intervention")
        return data


class TaskForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    due_on = forms.DateField(label="Due", widget=DateInput)

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError("A new task cannot be due in the past")
        if value.year > today.year + 5:
            raise forms.ValidationError("A task due more than five years ahead is not possible: check the year")
        return value

    def __init__(self, *args: Any, case=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = [a.pk for a in case.agencies()]
        self.fields["owner"].queryset = User.objects.filter(
            agency__in=agencies, role__in=list(PERSONAL_DATA_ROLES), partnerships=case.partnership, is_active=True
        ).order_by("last_name")


class ShareForm(GovukFormMixin, forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none())
    basis = forms.CharField(
        max_length=200, initial="Crime and Disorder Act 1998 s.115", help_text="Why sharing is lawful"
    )

    def __init__(self, *args: Any, case=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(partnerships=case.partnership).exclude(
            pk__in=[a.pk for a in case.agencies()]
        )


class ConsentForm(GovukFormMixin, forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none())
    given = forms.BooleanField(label="Agrees to their information being shared", required=False)
    on = forms.DateField(label="Date", widget=DateInput)
    basis = forms.ChoiceField(choices=Consent.Basis.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, people=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AccessRequestForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = ("reason",)
        labels: ClassVar[dict[str, str]] = {"reason": "Why your agency needs to see this case"}


#: Reasons are kept in full in the audit log (docs/decisions/0015): the hint asks for the decision, not people.
REASON_HINT = "Kept in the audit log. Say why, without naming or describing people."


class ReasonForm(GovukFormMixin, forms.Form):
    """A decision that needs a reason: reopening a case, opening a locked-down case to shared agencies."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=500, help_text=REASON_HINT,
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args: Any, label: str = "Reason", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class CloseCaseForm(ReasonForm):
    outcome = forms.ChoiceField(
        label="Outcome", choices=Case.Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the case"},
    )
    field_order = ("outcome", "reason")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, label="Why the case can close", **kwargs)
