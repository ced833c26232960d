"""``{{ pence|pounds }}``: whole pence shown as pounds and pence."""

from django import template

from cspkit.casework.funding import format_pence

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    return "–" if pence is None else format_pence(int(pence))
