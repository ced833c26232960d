"""Every role against every page and change of both registers.

Roles are the demo's (coordinator, analyst, officer, board, public, anonymous, and "outsider",
the neighbouring partnership's coordinator) plus a case officer, a casework supervisor and a
commissioned provider of the demo partnership, a second coordinator who is not named on the
demo review, and a case officer who is named on it. Allowed: 200. Anonymous: sent to sign in
(public pages excepted). Others: 403, or 404 where a thing must not be seen to exist.
A refused change leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from cspkit.web.registers.models import DeathReview, Pspo

pytestmark = pytest.mark.django_db

ROLES = (
    "coordinator",
    "analyst",
    "officer",
    "board",
    "public",
    None,
    "outsider",
    "caseofficer",
    "supervisor",
    "provider",
    "coordinator2",
    "named_caseofficer",
)
EVERYONE = set(ROLES)
READERS = {
    "coordinator",
    "analyst",
    "officer",
    "board",
    "caseofficer",
    "supervisor",
    "coordinator2",
    "named_caseofficer",
}
MEMBERS = {"coordinator", "analyst", "officer", "board", "coordinator2"}
CASEWORK = {"coordinator", "caseofficer", "supervisor", "coordinator2", "named_caseofficer"}
EDITORS = {"coordinator", "coordinator2"}


@pytest.fixture
def people(demo):
    from cspkit.web.accounts.models import User
    from cspkit.web.permissions.roles import Role

    partnership = demo.plan.partnership
    for username, role in (
        ("caseofficer", Role.CASE_OFFICER),
        ("supervisor", Role.SUPERVISOR),
        ("provider", Role.PROVIDER),
        ("coordinator2", Role.COORDINATOR),
        ("named_caseofficer", Role.CASE_OFFICER),
    ):
        # The demo has its own supervisor and provider; the others are made here.
        user = User.objects.filter(username=username).first() or User.objects.create_user(username, role=role)
        user.partnerships.add(partnership)
    review = DeathReview.objects.get()
    review.named_people.add(User.objects.get(username="named_caseofficer"))
    return demo


def _order() -> Pspo:
    return Pspo.objects.get(title="Hartbury Bus Station and Market Square")


def _proposed() -> Pspo:
    return Pspo.objects.get(title="Riverside Park dog control")


def _review() -> DeathReview:
    return DeathReview.objects.get()


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]
    allowed: set
    public: bool = False
    hidden: bool = False  # refused with 404, not 403


PAGES = [
    Page("PSPO register", lambda: reverse("registers:pspos"), READERS | {"outsider"}),
    Page("propose an order", lambda: reverse("registers:pspo_create"), EDITORS | {"outsider"}),
    Page("an order", lambda: reverse("registers:pspo", args=[_order().pk]), READERS),
    Page("a proposed order", lambda: reverse("registers:pspo", args=[_proposed().pk]), READERS),
    *[
        Page(f"order {step}", lambda step=step: reverse("registers:pspo_step", args=[_order().pk, step]), EDITORS)
        for step in ("proposal", "decision", "discharge")
    ],
    *[
        Page(f"order add {part}", lambda part=part: reverse("registers:pspo_add", args=[_order().pk, part]), EDITORS)
        for part in ("consultation", "extension", "variation", "enforcement")
    ],
    Page("orders in force (public)", lambda: reverse("registers:public"), EVERYONE, public=True),
    Page("map of an order in force", lambda: reverse("registers:pspo_map", args=[_order().pk]), EVERYONE, public=True),
    Page(
        "map of a proposed order",
        lambda: reverse("registers:pspo_map", args=[_proposed().pk]),
        READERS,
        public=True,
        hidden=True,
    ),
    Page("register statement", lambda: reverse("registers:statement"), MEMBERS | {"outsider"}),
    Page("death reviews list", lambda: reverse("registers:reviews"), CASEWORK | {"outsider"}),
    Page("record a notification", lambda: reverse("registers:review_create"), EDITORS | {"outsider"}),
    Page(
        "a death review", lambda: reverse("registers:review", args=[_review().pk]), {"coordinator", "named_caseofficer"}
    ),
    *[
        Page(
            f"review step {step}",
            lambda step=step: reverse("registers:review_step", args=[_review().pk, step]),
            {"coordinator"},
        )
        for step in ("decision", "panel", "report", "qa", "publication", "learning")
    ],
    *[
        Page(
            f"review add {part}",
            lambda part=part: reverse("registers:review_add", args=[_review().pk, part]),
            {"coordinator"},
        )
        for part in ("pause", "agency-report", "recommendation", "action")
    ],
    Page("review access", lambda: reverse("registers:review_access", args=[_review().pk]), {"coordinator"}),
]


def expected_status(page: Page, role: str | None) -> int:
    if role in page.allowed:
        return 200
    if role is None and not page.public:
        return 302
    return 404 if page.hidden else 403


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_each_role_sees_a_page_only_if_allowed(page: Page, people, client) -> None:
    from cspkit.web.accounts.models import User

    for role in ROLES:
        client.logout()
        if role is not None:
            client.force_login(User.objects.get(username=role))
        response = client.get(page.url())
        wanted = expected_status(page, role)
        assert response.status_code == wanted, f"{role or 'anonymous'} on {page.name}: {response.status_code}"
        if wanted == 302:
            assert response["Location"].startswith(reverse("accounts:login"))


def test_every_check_of_the_registers_is_in_the_matrix() -> None:
    from cspkit.web.permissions import checks

    names = {n for n in checks.CHECKS if "pspo" in n or "death_review" in n or "register" in n}
    assert names == {
        "can_use_registers",
        "can_view_pspo_register",
        "can_edit_pspo_register",
        "can_view_register_statement",
        "can_list_death_reviews",
        "can_create_death_review",
        "can_view_death_review",
        "can_edit_death_review",
    }


@pytest.mark.parametrize("role", sorted(EVERYONE - {"coordinator", None}, key=str))
def test_a_refused_change_to_a_review_changes_nothing(role, people, sign_in) -> None:
    review = _review()
    url = reverse("registers:review_step", args=[review.pk, "panel"])
    response = sign_in(role).post(url, {"chair": "Someone else", "opened_version": review.version})
    assert response.status_code == 403
    assert _review().chair == review.chair


@pytest.mark.parametrize("role", ["analyst", "board", "caseofficer", "outsider"])
def test_a_refused_extension_changes_nothing(role, people, sign_in) -> None:
    order = _order()
    url = reverse("registers:pspo_add", args=[order.pk, "extension"])
    data = {
        "review_summary": "x",
        "consultation_summary": "y",
        "decided_on": order.in_force_from.isoformat(),
        "months": 12,
    }
    assert sign_in(role).post(url, data).status_code == 403
    assert not order.extensions.exists()


def test_the_named_case_officer_reads_the_review_and_each_read_is_audited(people, sign_in) -> None:
    from cspkit.web.audit.models import PersonalDataEvent

    client = sign_in("named_caseofficer")
    review = _review()
    for _ in range(2):
        assert client.get(reverse("registers:review", args=[review.pk])).status_code == 200
    views = PersonalDataEvent.objects.filter(username="named_caseofficer", action="view", record_type="dardr")
    assert views.count() == 2
    assert "Mark complete" not in client.get(reverse("registers:review", args=[review.pk])).content.decode()


def test_giving_and_removing_access_is_audited_and_takes_effect(people, sign_in) -> None:
    from cspkit.web.accounts.models import User
    from cspkit.web.audit.models import PersonalDataEvent

    review = _review()
    supervisor = User.objects.get(username="supervisor")
    coordinator = sign_in("coordinator")
    response = coordinator.post(reverse("registers:review_access", args=[review.pk]), {"person": supervisor.pk})
    assert response.status_code == 302
    assert PersonalDataEvent.objects.filter(action="access_granted", summary__contains="supervisor").exists()
    coordinator.logout()
    assert sign_in("supervisor").get(reverse("registers:review", args=[review.pk])).status_code == 200
    sign_in("coordinator").post(reverse("registers:review_access_remove", args=[review.pk, supervisor.pk]))
    assert sign_in("supervisor").get(reverse("registers:review", args=[review.pk])).status_code == 403
