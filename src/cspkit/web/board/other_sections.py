"""The board report's parts beyond the priorities: ASB casework, the statutory registers and
commissioned activity, as the page shows them (counts only, small numbers suppressed)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cspkit.web.board.models import BoardReport
from cspkit.web.cases.report_section import casework_rows
from cspkit.web.commissioning.summary import commissioned_activity_section
from cspkit.web.registers.statement import register_statement


def other_sections_context(report: BoardReport) -> dict[str, Any]:
    partnership, quarter = report.plan.partnership, report.period
    return {
        "quarter": quarter,
        "casework": casework_rows(partnership, quarter.starts, quarter.ends),
        "registers": register_statement(partnership, min(timezone.localdate(), quarter.ends), quarter.year),
        "commissioned": commissioned_activity_section(partnership, quarter),
    }
