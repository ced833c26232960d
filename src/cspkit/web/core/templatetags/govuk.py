"""Template helpers for GOV.UK markup."""

from __future__ import annotations

import datetime as dt

from django import forms, template

from cspkit.web.core.links import link

register = template.Library()


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """The id an error summary link should jump to: the field's first input."""
    if isinstance(field.field.widget, forms.RadioSelect):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


STATUS_COLOURS = {
    "not_started": "govuk-tag--grey",
    "on_track": "govuk-tag--green",
    "at_risk": "govuk-tag--yellow",
    "off_track": "govuk-tag--red",
    "complete": "govuk-tag--blue",
    "draft": "govuk-tag--grey",
    "agreed": "govuk-tag--green",
    "closed": "govuk-tag--grey",
    "published": "govuk-tag--green",
    "green": "govuk-tag--green",
    "amber": "govuk-tag--orange",
    "red": "govuk-tag--red",
    "none": "govuk-tag--grey",
}


SENTENCE_ENDS = (".", "!", "?", "…")


@register.filter
def sentence(value: object) -> str:
    """Someone's words as a sentence: a full stop is added only if they did not end it themselves,
    so "reported this week." followed by the page's own full stop does not read "this week.."."""
    text = str(value or "").rstrip()
    if not text or text.rstrip("\"')”’»").endswith(SENTENCE_ENDS):
        return text
    return text + "."


@register.inclusion_tag("govuk/tag.html")
def status_tag(value: str, label: str) -> dict[str, str]:
    """A GOV.UK tag whose colour follows the status; the words always say it too."""
    return {"css": STATUS_COLOURS.get(str(value), "govuk-tag--grey"), "label": label}


@register.filter
def figure(value: object) -> str:
    """A number as people write it (12,345 or 12.5), or an en dash when there is none."""
    if value is None or value == "":
        return "–"
    number = float(value)
    rounded = round(number, 1)
    return f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.1f}"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter(expects_localtime=True)
def day(value: dt.date | None) -> str:
    """A date as ``date:"j M Y"`` gives it ("3 Dec 2026"), formatted directly: the case pages show
    dozens, and Django's general formatter cost more than the rest of a row."""
    if not value:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@register.filter(expects_localtime=True)
def day_time(value: dt.datetime | None) -> str:
    """A time as ``date:"j M Y H:i"`` gives it ("3 Dec 2026 14:05"), in UK time."""
    if not value:
        return ""
    return f"{day(value)} {value.hour:02d}:{value.minute:02d}"


@register.simple_tag(name="link")
def link_tag(name: str, *numbers: int) -> str:
    """``{% link "cases:detail" case.pk %}``: as ``{% url %}`` for whole-number arguments, quicker
    (see :mod:`cspkit.web.core.links`)."""
    return link(name, *numbers)
