"""Rendering a report document's blocks in GOV.UK markup."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cspkit.reports.document import Cell, Column
from cspkit.reports.markup import inline_runs
from cspkit.reports.writers.common import safe_href

register = template.Library()


@register.filter
def block_kind(block: object) -> str:
    """'paragraph', 'bulletlist', 'heading', 'table', 'figure', 'keyfigures', 'callout' or 'pagebreak'."""
    return type(block).__name__.lower()


@register.filter
def inline(text: str) -> SafeString:
    """Limited Markdown (bold, italics, links) as escaped HTML."""
    out = []
    for run in inline_runs(text or ""):
        html = escape(run.text).replace("\n", "<br>")
        href = safe_href(run.href)
        if href:
            html = f'<a class="govuk-link" href="{escape(href)}">{html}</a>'
        if run.italic:
            html = f"<em>{html}</em>"
        if run.bold:
            html = f"<strong>{html}</strong>"
        out.append(html)
    return mark_safe("".join(out))  # every piece of text above is escaped


@register.simple_tag
def cell_text(column: Column, cell: Cell, missing: str) -> str:
    return column.format(cell.value, missing, cell.decimals)


@register.filter
def cells_with_columns(row, columns) -> list[tuple[Column, Cell]]:
    return list(zip(columns, row.cells, strict=True))


@register.filter
def get_label(labels: dict[str, str], block_id: str) -> str:
    """'Table 3' or 'Figure 2' for a block of the document."""
    return labels.get(block_id, "")
