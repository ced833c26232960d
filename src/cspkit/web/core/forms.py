"""GOV.UK Design System markup for Django forms, from our own small templates.

Every form renders each field as a GOV.UK form group (label, hint, error message, input) and
pages show an error summary linking to each field in error, which is why forms are sent with
``novalidate``: the browser's own messages would hide ours.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations
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
            store_line_breaks_as_newlines(field)

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            limit_whole_number(field, _model_field(self, name))
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                extra = [ERROR_CLASSES[c] for c in classes if c in ERROR_CLASSES]
                widget.attrs["class"] = " ".join(dict.fromkeys(classes + extra))


def store_line_breaks_as_newlines(field: forms.Field) -> None:
    """Read a text box's line breaks as newlines, whatever the browser sent.

    Browsers send every line break in a text box as CR LF (the HTML standard says so), while the
    records the demo and imports write use LF. Without this, saving a page untouched changed every
    text with more than one line, stored CR LF, and the audit log recorded each as changed. A text
    stored with CR LF before is compared as if it had newlines too, so it is not logged as changed.
    Only text boxes: a password or a one-line answer is left exactly as typed.
    """
    if not isinstance(field, forms.CharField) or not isinstance(field.widget, forms.Textarea):
        return
    to_python, has_changed = field.to_python, field.has_changed

    def newlines(value: Any) -> Any:
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value

    field.to_python = lambda value: newlines(to_python(value))  # type: ignore[method-assign]
    field.has_changed = lambda initial, data: has_changed(newlines(initial), data)  # type: ignore[method-assign]


def _model_field(form: Any, name: str) -> Any:
    """The model field a model form's field edits, if any."""
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def limit_whole_number(field: forms.Field, model_field: Any = None) -> None:
    """Give a whole-number field a maximum and say its limits in plain words.

    Without one, a huge number reached the database's own limit and the page said "Ensure this
    value is less than or equal to 9223372036854775807". The maximum is the field's own, else the
    smallest of a billion and what the model field's column holds on every database Django supports.
    """
    if type(field) is not forms.IntegerField or isinstance(field.widget, forms.HiddenInput):
        return
    if field.max_value is None:
        field.max_value = _column_maximum(model_field)
        field.validators.append(MaxValueValidator(field.max_value))
    label = field.label or "The number"
    field.error_messages.setdefault("max_value", f"{label} must be {field.max_value:,} or less")
    if field.min_value is not None:
        field.error_messages.setdefault("min_value", f"{label} must be {field.min_value:,} or more")


#: The largest whole number a form takes when nothing smaller applies: no count, amount or length
#: a partnership records comes near it, and it fits every integer column.
MOST_WHOLE_NUMBER = 1_000_000_000


def _column_maximum(model_field: Any) -> int:
    internal_type = model_field.get_internal_type() if model_field is not None else ""
    _, column_max = BaseDatabaseOperations.integer_field_ranges.get(internal_type, (None, MOST_WHOLE_NUMBER))
    return min(MOST_WHOLE_NUMBER, column_max)


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
