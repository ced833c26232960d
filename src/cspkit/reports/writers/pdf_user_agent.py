"""The report's HTML is laid out without the user-agent rules for footnotes and notes it never uses.

WeasyPrint's HTML stylesheet gives every element five pseudo-elements of its own
(``::footnote-call``, ``::footnote-marker``, ``::note-call``, ``::note-marker``,
``::note-callback``) and a ``::marker``, and works out a style for each: six styles more for
each of a chapter's two or three thousand elements, about a twelfth of laying a chapter out.
The report has no footnotes or notes (CSS ``float: footnote``), and markers only on list items
and summaries, so those rules are left out and ``::marker`` kept for those elements alone. Every
other rule is the library's own, read from the library's own file.
"""

from __future__ import annotations

import functools
import re

from weasyprint import CSS, HTML
from weasyprint import html as weasyprint_html

#: The rules left out: pseudo-elements for footnotes and notes, which the report never makes.
UNUSED = ("footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback")


class ReportHTML(HTML):
    """An HTML document laid out with :func:`user_agent_stylesheet` instead of the library's."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        if forms:  # the report has no forms: this is the library's way
            return super()._ua_stylesheets(forms)
        return [user_agent_stylesheet()]


@functools.cache
def user_agent_stylesheet() -> CSS:
    """WeasyPrint's HTML stylesheet without the rules in ``UNUSED``, with ``::marker`` for list items only."""
    return CSS(string=user_agent_css(), counter_style=weasyprint_html.UA_COUNTER_STYLE)


def user_agent_css() -> str:
    """The stylesheet's text; the library's own, unchanged, should a later version not have these
    rules as this one does (a test says so then: the report is right, only slower)."""
    css = weasyprint_html.UA
    for name in UNUSED:
        css, found = re.subn(rf"^::{name} \{{[^}}]*\}}", "", css, flags=re.MULTILINE)
        if found != 1:
            return weasyprint_html.UA
    css, found = re.subn(r"^::marker \{", "li::marker, summary::marker {", css, flags=re.MULTILINE)
    return css if found == 1 else weasyprint_html.UA
