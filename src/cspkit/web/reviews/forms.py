"""Forms of the ASB Case Review pages."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from cspkit.web.accounts.models import Agency
from cspkit.web.cases.models import Case
from cspkit.web.core.forms import DateInput, GovukFormMixin
from cspkit.web.reviews.models import Appeal, Application, Meeting, Recommendation


class CaseReferenceField(forms.ModelChoiceField):
    """A case chosen by typing its reference: a partnership may hold a hundred thousand cases, too
    many for a list. Only cases in the queryset (those the person may read) are accepted."""

    widget = forms.TextInput
    default_error_messages: ClassVar[dict[str, str]] = {
        "invalid_choice": "Enter the reference of a case you can read, like ASB-2025-000123"
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Case.objects.none(), to_field_name="reference", **kwargs)

    def to_python(self, value: Any) -> Any:
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class ApplicationForm(GovukFormMixin, forms.ModelForm):
    case = CaseReferenceField(
        required=False,
        label="The case it is about",
        help_text="Its reference, like ASB-2025-000123. Its incidents are the complaints the threshold is checked "
        "against",
    )

    class Meta:
        model = Application
        fields = ("received_on", "applicant_name", "on_behalf_of", "contact", "description", "case")
        widgets: ClassVar[dict[str, Any]] = {"received_on": DateInput}

    def __init__(self, *args: Any, cases=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class MeetingForm(GovukFormMixin, forms.ModelForm):
    agencies = forms.ModelMultipleChoiceField(queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Meeting
        fields = ("held_on", "agencies", "notes")
        widgets: ClassVar[dict[str, Any]] = {"held_on": DateInput}

    def __init__(self, *args: Any, partnership=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(partnerships=partnership)


class RecommendationForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ("agency", "text", "due_on")
        widgets: ClassVar[dict[str, Any]] = {"due_on": DateInput}

    def __init__(self, *args: Any, partnership=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(partnerships=partnership)


class AppealForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ("received_on", "grounds")
        widgets: ClassVar[dict[str, Any]] = {"received_on": DateInput}


class AppealDecisionForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        choices=[c for c in Appeal.Outcome.choices if c[0] != "pending"], widget=forms.RadioSelect
    )
