"""Forms for board reports."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from cspkit.web.board.models import BoardReport, BoardSection
from cspkit.web.core.forms import GovukForm, VersionedModelForm
from cspkit.web.performance.quarters import Quarter


class NewReportForm(GovukForm):
    quarter = forms.ChoiceField(label="Quarter", widget=forms.Select)

    def __init__(self, *args: Any, quarters: list[Quarter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(q.slug, f"{q.label} ({q.months})") for q in reversed(quarters)]


class ReportForm(VersionedModelForm):
    class Meta:
        model = BoardReport
        fields = ("summary",)


class SectionForm(VersionedModelForm):
    class Meta:
        model = BoardSection
        fields = ("highlights", "exceptions")
        widgets: ClassVar[dict[str, Any]] = {
            "highlights": forms.Textarea(attrs={"rows": 6}),
            "exceptions": forms.Textarea(attrs={"rows": 6}),
        }
