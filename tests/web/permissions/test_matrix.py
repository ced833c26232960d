"""Every role against every page and action of the web app.

Given the demo partnership with one user per role (and "outsider", the coordinator of the
neighbouring partnership), when each asks for each page or sends each change, then exactly
the roles the permissions module allows get through: the others are refused (403), sent to
sign in (anonymous visitors), or told the thing does not exist (a draft report, for those
who may only read published ones). A refused change leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from cspkit.web.performance.models import ActionUpdate, RagRule

ROLES = ("coordinator", "analyst", "officer", "board", "public", None, "outsider")
MEMBERS = {"coordinator", "analyst", "officer", "board"}
EVERYONE = {*ROLES}
#: Pages and changes under one plan: outside its partnership the plan does not exist (404, as for
#: a missing id), so a 403/404 difference cannot reveal which plan ids other partnerships have.
PLAN_SCOPED = {
    "plan",
    "edit the plan",
    "plan as Excel",
    "add a priority",
    "add a linked strategy",
    "add outcomes",
    "add actions",
    "add measures",
    "add risks",
    "edit an action",
    "edit a measure",
    "history of an action",
    "history of the plan",
    "plan performance",
    "RAG rule",
    "a plan's board reports",
    "add an action",
    "link a strategy",
    "set the RAG rule",
    "start a board report",
}


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable  # demo -> url
    allowed: set
    public: bool = False  # open without signing in (it checks access itself)
    hidden: bool = False  # a draft: it does not exist for anyone outside the partnership


def _quarter(demo) -> str:
    from cspkit.web.performance.views import reporting_quarter

    return reporting_quarter().slug


PAGES = [
    Page("plan list", lambda d: reverse("plan:list"), MEMBERS | {"outsider"}),
    Page("plan", lambda d: reverse("plan:detail", args=[d.plan.pk]), MEMBERS),
    Page("create a plan", lambda d: reverse("plan:create"), {"coordinator", "outsider"}),
    Page("import a plan", lambda d: reverse("plan:import"), {"coordinator", "outsider"}),
    Page("edit the plan", lambda d: reverse("plan:edit", args=[d.plan.pk]), {"coordinator"}),
    Page("plan as Excel", lambda d: reverse("plan:export", args=[d.plan.pk]), MEMBERS),
    Page("add a priority", lambda d: reverse("plan:part_create", args=[d.plan.pk, "priorities"]), {"coordinator"}),
    Page("add a linked strategy", lambda d: reverse("plan:part_create", args=[d.plan.pk, "links"]), {"coordinator"}),
    *[
        Page(
            f"add {kind}",
            lambda d, kind=kind: reverse(
                "plan:priority_part_create", args=[d.plan.pk, d.police_action.priority_id, kind]
            ),
            {"coordinator"},
        )
        for kind in ("outcomes", "actions", "measures", "risks")
    ],
    Page(
        "edit an action",
        lambda d: reverse("plan:part_edit", args=[d.plan.pk, "actions", d.police_action.pk]),
        {"coordinator"},
    ),
    Page(
        "edit a measure",
        lambda d: reverse("plan:part_edit", args=[d.plan.pk, "measures", d.police_measure.pk]),
        {"coordinator"},
    ),
    Page(
        "history of an action",
        lambda d: reverse("plan:history", args=[d.plan.pk, "actions", d.police_action.pk]),
        MEMBERS,
    ),
    Page("history of the plan", lambda d: reverse("plan:history", args=[d.plan.pk, "plan", d.plan.pk]), MEMBERS),
    Page("updates due", lambda d: reverse("performance:due"), {"coordinator", "analyst", "officer", "outsider"}),
    Page(
        "update the police's action",
        lambda d: reverse("performance:action_update", args=[_quarter(d), d.police_action.pk]),
        {"coordinator", "officer"},
    ),
    Page(
        "update the council's action",
        lambda d: reverse("performance:action_update", args=[_quarter(d), d.council_action.pk]),
        {"coordinator"},
    ),
    Page(
        "send the police's figure",
        lambda d: reverse("performance:measure_update", args=[_quarter(d), d.police_measure.pk]),
        {"coordinator", "analyst", "officer"},
    ),
    Page(
        "send the council's figure",
        lambda d: reverse("performance:measure_update", args=[_quarter(d), d.council_measure.pk]),
        {"coordinator", "analyst"},
    ),
    Page("override a rating", lambda d: reverse("performance:override", args=[d.figure.pk]), {"coordinator"}),
    Page("a measure's figures", lambda d: reverse("performance:measure", args=[d.police_measure.pk]), MEMBERS),
    Page("plan performance", lambda d: reverse("performance:plan", args=[d.plan.pk]), MEMBERS),
    Page("RAG rule", lambda d: reverse("performance:rag_rule", args=[d.plan.pk]), {"coordinator", "analyst"}),
    Page("board reports", lambda d: reverse("board:list"), MEMBERS | {"outsider"}),
    Page("a plan's board reports", lambda d: reverse("board:plan", args=[d.plan.pk]), MEMBERS),
    Page(
        "published board report", lambda d: reverse("board:report", args=[d.published_report.pk]), EVERYONE, public=True
    ),
    Page(
        "draft board report",
        lambda d: reverse("board:report", args=[d.draft_report.pk]),
        MEMBERS,
        public=True,
        hidden=True,
    ),
    Page(
        "edit a report's summary",
        lambda d: reverse("board:edit_summary", args=[d.draft_report.pk]),
        {"coordinator"},
        hidden=True,
    ),
    Page(
        "edit a report's highlights",
        lambda d: reverse("board:edit_section", args=[d.draft_report.pk, d.police_action.priority_id]),
        {"coordinator"},
        hidden=True,
    ),
    Page(
        "published report as Word",
        lambda d: reverse("board:download", args=[d.published_report.pk, "docx"]),
        EVERYONE,
        public=True,
    ),
    Page(
        "draft report as Word",
        lambda d: reverse("board:download", args=[d.draft_report.pk, "docx"]),
        MEMBERS,
        public=True,
        hidden=True,
    ),
    Page("published reports", lambda d: reverse("board:published"), EVERYONE, public=True),
    Page("evidence", lambda d: reverse("evidence:index"), MEMBERS | {"outsider"}),
    Page("access log", lambda d: reverse("audit:log"), {"coordinator", "outsider"}),
]


def expected_status(page: Page, role: str | None) -> int:
    if role in page.allowed:
        return 200
    if role is None and not page.public:
        return 302
    if (page.hidden or page.name in PLAN_SCOPED) and role not in MEMBERS:
        return 404
    return 403


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_each_role_sees_a_page_only_if_allowed(page: Page, demo, client) -> None:
    from cspkit.web.accounts.models import User

    url = page.url(demo)
    for role in ROLES:
        client.logout()
        if role is not None:
            client.force_login(User.objects.get(username=role))
        response = client.get(url)
        wanted = expected_status(page, role)
        assert response.status_code == wanted, f"{role or 'anonymous'} on {page.name}: {response.status_code}"
        if wanted == 302:
            assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_dashboard_is_for_members_and_the_public_are_sent_to_published_reports(demo, sign_in) -> None:
    for role in ("coordinator", "analyst", "officer", "board", "outsider"):
        client = sign_in(role)
        assert client.get(reverse("dashboard:home")).status_code == 200, role
        client.logout()
    for role in ("public", None):
        response = sign_in(role).get(reverse("dashboard:home"))
        assert response.status_code == 302 and response["Location"] == reverse("board:published"), role


@pytest.mark.django_db
def test_a_partner_officer_updates_their_own_agencys_action(demo, sign_in) -> None:
    from cspkit.web.performance.views import reporting_quarter

    quarter = reporting_quarter()
    url = reverse("performance:action_update", args=[quarter.slug, demo.police_action.pk])
    response = sign_in("officer").post(url, {"status": "at_risk", "commentary": "Staff shortage", "opened_version": ""})
    assert response.status_code == 302
    update = ActionUpdate.objects.get(action=demo.police_action, year=quarter.year, quarter=quarter.number)
    assert (update.status, update.commentary, update.updated_by.username) == ("at_risk", "Staff shortage", "officer")


@dataclass(frozen=True)
class Change:
    name: str
    url: Callable  # demo -> url
    data: Callable  # demo -> form data that the allowed roles' change succeeds with
    allowed: tuple  # roles allowed, the first is used to show the change works
    hidden: bool = False
    refused: tuple = ()  # (role, status) pairs that differ from the usual refusal


def _today_quarter():
    from cspkit.web.performance.views import reporting_quarter

    return reporting_quarter()


CHANGES = [
    Change(
        "create a plan",
        lambda d: reverse("plan:create"),
        lambda d: {
            "partnership": d.plan.partnership_id,
            "title": "New plan",
            "starts": "2026-04-01",
            "ends": "2029-03-31",
            "status": "draft",
        },
        ("coordinator",),
        refused=(("outsider", 200),),
    ),  # outsider: not their partnership, form refuses it
    Change(
        "edit the plan",
        lambda d: reverse("plan:edit", args=[d.plan.pk]),
        lambda d: {
            "title": "Renamed",
            "starts": d.plan.starts,
            "ends": d.plan.ends,
            "status": "agreed",
            "opened_version": d.plan.version,
        },
        ("coordinator",),
    ),
    Change(
        "add an action",
        lambda d: reverse("plan:priority_part_create", args=[d.plan.pk, d.police_action.priority_id, "actions"]),
        lambda d: {"reference": "9.9", "we_will": "Something new"},
        ("coordinator",),
    ),
    Change(
        "edit an action",
        lambda d: reverse("plan:part_edit", args=[d.plan.pk, "actions", d.police_action.pk]),
        lambda d: {"reference": "1.3", "we_will": "Changed", "opened_version": d.police_action.version},
        ("coordinator",),
    ),
    Change(
        "link a strategy",
        lambda d: reverse("plan:part_create", args=[d.plan.pk, "links"]),
        lambda d: {"kind": "pcc", "title": "Police and Crime Plan"},
        ("coordinator",),
    ),
    Change(
        "update the police's action",
        lambda d: reverse("performance:action_update", args=[_today_quarter().slug, d.police_action.pk]),
        lambda d: {"status": "at_risk", "commentary": "Late"},
        ("officer", "coordinator"),
    ),
    Change(
        "update the council's action",
        lambda d: reverse("performance:action_update", args=[_today_quarter().slug, d.council_action.pk]),
        lambda d: {"status": "off_track", "commentary": "Late"},
        ("coordinator",),
    ),
    Change(
        "send the police's figure",
        lambda d: reverse("performance:measure_update", args=[_today_quarter().slug, d.police_measure.pk]),
        lambda d: {"value": "900", "commentary": "Fell"},
        ("officer", "analyst", "coordinator"),
    ),
    Change(
        "send the council's figure",
        lambda d: reverse("performance:measure_update", args=[_today_quarter().slug, d.council_measure.pk]),
        lambda d: {"value": "4", "commentary": "Fewer"},
        ("analyst", "coordinator"),
    ),
    Change(
        "override a rating",
        lambda d: reverse("performance:override", args=[d.figure.pk]),
        lambda d: {"override": "green", "override_reason": "Data error", "opened_version": d.figure.version},
        ("coordinator",),
    ),
    Change(
        "set the RAG rule",
        lambda d: reverse("performance:rag_rule", args=[d.plan.pk]),
        lambda d: {
            "method": "statistical",
            "tolerance_percent": "5",
            "confidence": "95",
            "min_history": "8",
            "opened_version": RagRule.objects.get(plan=d.plan).version,
        },
        ("analyst", "coordinator"),
    ),
    Change(
        "start a board report",
        lambda d: reverse("board:plan", args=[d.plan.pk]),
        lambda d: {"quarter": _today_quarter().previous().previous().slug},
        ("coordinator",),
    ),
    Change(
        "write a report's summary",
        lambda d: reverse("board:edit_summary", args=[d.draft_report.pk]),
        lambda d: {"summary": "All well", "opened_version": d.draft_report.version},
        ("coordinator",),
        hidden=True,
    ),
    Change(
        "write a report's highlights",
        lambda d: reverse("board:edit_section", args=[d.draft_report.pk, d.police_action.priority_id]),
        lambda d: {"highlights": "Good", "exceptions": "", "opened_version": 1},
        ("coordinator",),
        hidden=True,
    ),
    Change(
        "publish a report",
        lambda d: reverse("board:publish", args=[d.draft_report.pk]),
        lambda d: {"version": d.draft_report.version},
        ("coordinator",),
        hidden=True,
    ),
]


def history_rows() -> int:
    """Every recorded change, across all the models with a history."""
    from django.apps import apps

    return sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES, ids=[c.name for c in CHANGES])
def test_each_change_is_made_only_by_the_roles_allowed(change: Change, demo, client) -> None:
    from cspkit.web.accounts.models import User

    url, data = change.url(demo), change.data(demo)
    before = history_rows()
    special = dict(change.refused)
    for role in ROLES:
        if role in change.allowed:
            continue
        client.logout()
        if role is not None:
            client.force_login(User.objects.get(username=role))
        status = client.post(url, data).status_code
        wanted = special.get(role) or (
            302
            if role is None
            else 404
            if (change.hidden or change.name in PLAN_SCOPED) and role not in MEMBERS
            else 403
        )
        assert status == wanted, f"{role or 'anonymous'} sending {change.name}: {status}"
    assert history_rows() == before, f"a refused {change.name} changed something"
    client.force_login(User.objects.get(username=change.allowed[0]))
    response = client.post(url, data)
    assert response.status_code == 302, f"{change.allowed[0]} could not {change.name}"
    assert history_rows() > before


@pytest.mark.django_db
def test_the_public_sees_only_published_reports(demo, sign_in) -> None:
    published = sign_in("public").get(reverse("board:published"))
    body = published.content.decode()
    assert reverse("board:report", args=[demo.published_report.pk]) in body
    assert reverse("board:report", args=[demo.draft_report.pk]) not in body
