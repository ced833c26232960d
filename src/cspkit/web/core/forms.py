"""GOV.UK Design System markup for Django forms, from our own small templates.

Every form renders each field as a GOV.UK form group (label, hint, error message, input) and
pages show an error summary linking to each field in error, which is why forms are sent with
``novalidate``: the browser's own messages would hide ours.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.TextInput: "govuk-input",
    forms.EmailInput: "govuk-input",
    forms.URLInput: "govuk-input",
    forms.PasswordInput: "govuk-input govuk-input--width-20",
}
ERROR_CLASSES = {
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-input": "govuk-input--error",
}


class GovukFormRenderer(TemplatesSetting):
    """Render fields with ``govuk/field.html`` and forms with ``govuk/form.html``."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class DateInput(forms.DateInput):
    """A browser date picker; the value is an ISO date either way."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class NumberInput(forms.TextInput):
    """A text input with a numeric keyboard, as GOV.UK advises over type=number; shows 960, not 960.000."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={**(attrs or {}), "inputmode": "decimal", "spellcheck": "false"})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return super().format_value(value)


class GovukFormMixin:
    """Give each widget its GOV.UK class and template, and mark fields in error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_widget(field)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                extra = [ERROR_CLASSES[c] for c in classes if c in ERROR_CLASSES]
                widget.attrs["class"] = " ".join(dict.fromkeys(classes + extra))


def style_widget(field: forms.Field) -> None:
    """Swap Django's default widget markup for the GOV.UK component's."""
    widget = field.widget
    if isinstance(widget, forms.NumberInput):
        widget = field.widget = NumberInput({k: v for k, v in widget.attrs.items() if k not in {"step", "min", "max"}})
        widget.attrs.setdefault("class", "govuk-input govuk-input--width-10")
    if isinstance(widget, forms.RadioSelect):
        widget.template_name = "govuk/widgets/radios.html"
        return
    if isinstance(widget, forms.CheckboxSelectMultiple):
        widget.template_name = "govuk/widgets/checkboxes.html"
        return
    if isinstance(widget, forms.CheckboxInput):
        widget.attrs["class"] = "govuk-checkboxes__input"
        return
    if isinstance(widget, forms.Textarea) and widget.attrs.get("rows") == "10":
        widget.attrs["rows"] = 5  # Django's default of 10 rows is taller than most answers
    for kind, css in WIDGET_CLASSES.items():
        if isinstance(widget, kind):
            widget.attrs.setdefault("class", css)
            break


class GovukForm(GovukFormMixin, forms.Form):
    """A plain form in GOV.UK style."""


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    """A model form in GOV.UK style."""


class VersionedModelForm(GovukModelForm):
    """An edit form that remembers which version of the record it was opened at."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # 0 means "opened as a new record": saving it clashes if someone created it meanwhile.
        self.fields["opened_version"].initial = self.instance.version if self.instance.pk is not None else 0
