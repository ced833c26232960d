"""The dashboard: for each live plan, the reporting quarter's ratings by priority and what is due."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from cspkit.web.board.models import BoardReport
from cspkit.web.core.generation import cached
from cspkit.web.performance.due import due_for, live_plans
from cspkit.web.performance.quarters import Quarter
from cspkit.web.performance.summary import PriorityCounts, count_ratings
from cspkit.web.performance.views import latest_reported, reporting_quarter
from cspkit.web.permissions import checks
from cspkit.web.plan.models import Plan


@dataclass(frozen=True)
class PlanPanel:
    plan: Plan
    quarter: Quarter
    priorities: list[PriorityCounts]
    latest_report: BoardReport | None


def panel(plan: Plan, reporting: Quarter) -> PlanPanel:
    """A plan's panel; its figures are kept until anything is written (see core.generation)."""

    def figures() -> tuple[Quarter, list[PriorityCounts], BoardReport | None]:
        quarter = latest_reported(plan, reporting)
        latest_report = plan.board_reports.order_by("-year", "-quarter").first()
        return quarter, count_ratings(plan, quarter), latest_report

    quarter, counts, latest_report = cached(("dashboard panel", plan.pk, reporting), figures)
    return PlanPanel(plan, quarter, counts, latest_report)


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Members see their dashboard; everyone else the published reports."""
    if checks.role_of(request.user) == "provider" and request.user.partnerships.exists():
        return redirect("commissioning:index")  # a provider's work is its projects' returns
    if not checks.can_view_dashboard(request.user):
        if checks.can_work_any_cases(request.user):
            return redirect("cases:list")  # case officers and supervisors start at their cases
        return redirect("board:published")
    quarter: Quarter = reporting_quarter()

    def content() -> str:
        panels = [panel(plan, quarter) for plan in live_plans(request.user, quarter).select_related("partnership")]
        due = due_for(request.user, quarter) if checks.can_see_updates_due(request.user) else None
        context = {
            "quarter": quarter,
            "panels": panels,
            "due": due,
            "can_view_log": any(checks.can_view_access_log(request.user, p.plan.partnership) for p in panels),
        }
        return render_to_string("dashboard/home_content.html", context, request)

    # The page holds no form, and depends only on the person, the day and the data: it is kept
    # whole until anything is written (see core.generation); a changed role is a write too.
    html = cached(("dashboard page", request.user.pk, quarter, timezone.localdate()), content)
    return render(request, "dashboard/home.html", {"content_html": html})
