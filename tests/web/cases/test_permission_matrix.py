"""Every role and agency against every casework page and action: own, shared, locked-down, unrelated,
other partnership, anonymous. Allowed reads must appear in the personal-data audit log; refused
requests must change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cspkit.web.audit.models import PersonalDataEvent
from cspkit.web.cases import models as m

# Who is who in the demo: (username, agency relation to each case: noise, youth, locked).
# lead = leads it; shared = shared with and readable; exists = shared but locked down; none = not shared.
CASE_USERS = {
    "asbofficer": {"noise": "lead", "youth": "shared", "locked": "none"},
    "supervisor": {"noise": "lead", "youth": "shared", "locked": "none"},
    "coordinator": {"noise": "lead", "youth": "shared", "locked": "none"},
    "pcso": {"noise": "shared", "youth": "lead", "locked": "exists"},
    "housingofficer": {"noise": "shared", "youth": "none", "locked": "lead"},
}
NO_CASEWORK = ["analyst", "officer", "board", "public", "outsider"]  # outsider: another partnership's coordinator
EVERYONE = [*CASE_USERS, *NO_CASEWORK, None]


def relation(username: str | None, case_name: str) -> str:
    if username is None:
        return "anonymous"
    return CASE_USERS.get(username, {}).get(case_name, "outside")


MODELS = (
    m.Case,
    m.Person,
    m.CasePerson,
    m.Place,
    m.Incident,
    m.Note,
    m.RiskAssessment,
    m.Intervention,
    m.Breach,
    m.Consent,
    m.AccessRequest,
    m.Task,
    m.Alert,
    m.Share,
)


def fingerprint() -> tuple:
    """Everything casework holds, so a refused request can be shown to have changed nothing (one query)."""
    from django.db import connection

    counts = ", ".join(f"(SELECT count(*) FROM {model._meta.db_table})" for model in MODELS)
    states = (
        "(SELECT group_concat(id || status || locked_down || coalesce(closed_on, ''), ',') FROM cases_case)"
        if connection.vendor == "sqlite"
        else "(SELECT string_agg(id || status || locked_down::text || coalesce(closed_on::text, ''), ',' "
        "ORDER BY id) FROM cases_case)"
    )
    requests = (
        "(SELECT group_concat(id || status, ',') FROM cases_accessrequest)"
        if connection.vendor == "sqlite"
        else "(SELECT string_agg(id || status, ',' ORDER BY id) FROM cases_accessrequest)"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}, {states}, {requests}")
        return tuple(cursor.fetchone())


def _prepare(case, action_name: str = "") -> dict:
    """Make sure the case has a person, an intervention and a pending access request to act on, and is
    in the state the action applies to (closed to reopen, open to close, locked down to open up)."""
    person = m.Person.objects.filter(involvements__case=case).first()
    intervention = case.interventions.first() or m.Intervention.objects.create(
        case=case, person=person, power="warning_letter", on=date(2026, 1, 5), agency=case.lead_agency
    )
    pending = case.access_requests.filter(status="pending").first() or m.AccessRequest.objects.create(
        case=case, agency=case.lead_agency, reason="test"
    )
    if action_name in {"reopen"}:
        m.Case.objects.filter(pk=case.pk).update(status="closed", closed_on=date(2026, 11, 1))
    elif action_name in {"close", "close form"}:
        m.Case.objects.filter(pk=case.pk).update(status="open", closed_on=None)
    elif action_name == "unlock form":
        m.Case.objects.filter(pk=case.pk).update(locked_down=True)
    case.refresh_from_db()
    return {"person": person, "intervention": intervention, "pending": pending}


# (name, method, url maker, form data maker, who may: set of relations)
READ = {"lead", "shared"}
ACTIONS = [
    ("detail", "get", lambda c, x: reverse("cases:detail", args=[c.pk]), None, READ),
    ("note form", "get", lambda c, x: reverse("cases:note", args=[c.pk]), None, READ),
    ("person", "get", lambda c, x: reverse("cases:person", args=[x["person"].pk]), None, READ),
    (
        "note",
        "post",
        lambda c, x: reverse("cases:note", args=[c.pk]),
        lambda c, x: {"text": "Called the victim."},
        READ,
    ),
    (
        "incident",
        "post",
        lambda c, x: reverse("cases:incident", args=[c.pk]),
        lambda c, x: {
            "occurred_on": "2026-11-01",
            "reported_on": "2026-11-02",
            "category": "Noise",
            "description": "More noise",
        },
        READ,
    ),
    (
        "add person",
        "post",
        lambda c, x: reverse("cases:add_person", args=[c.pk]),
        lambda c, x: {"role": "witness", "first_name": "Wendy", "last_name": "Witness"},
        READ,
    ),
    (
        "risk",
        "post",
        lambda c, x: reverse("cases:risk", args=[c.pk]),
        lambda c, x: {"person": x["person"].pk, "q_health": "on"},
        READ,
    ),
    (
        "intervention",
        "post",
        lambda c, x: reverse("cases:intervention", args=[c.pk]),
        lambda c, x: {"power": "warning_letter", "on": "2026-11-20"},
        READ,
    ),
    (
        "breach",
        "post",
        lambda c, x: reverse("cases:breach", args=[c.pk, x["intervention"].pk]),
        lambda c, x: {"on": "2026-11-25", "description": "Seen again"},
        READ,
    ),
    (
        "task",
        "post",
        lambda c, x: reverse("cases:task", args=[c.pk]),
        lambda c, x: {"title": "Visit", "owner": c.lead_officer_id or "", "due_on": "2026-12-20"},
        READ,
    ),
    (
        "consent",
        "post",
        lambda c, x: reverse("cases:consent", args=[c.pk]),
        lambda c, x: {"person": x["person"].pk, "given": "on", "on": "2026-11-20", "basis": "consent"},
        READ,
    ),
    (
        "share",
        "post",
        lambda c, x: reverse("cases:share", args=[c.pk]),
        lambda c, x: {"agency": m.Agency.objects.get(name="Probation Service").pk, "basis": "s.115"},
        {"lead"},
    ),
    (
        "lock or unlock",
        "post",
        lambda c, x: reverse("cases:unlock" if c.locked_down else "cases:lock", args=[c.pk]),
        lambda c, x: {"reason": "Victim moved; no longer at risk"} if c.locked_down else {"locked": "1"},
        {"lead"},
    ),
    ("unlock form", "get", lambda c, x: reverse("cases:unlock", args=[c.pk]), None, {"lead"}),
    ("close form", "get", lambda c, x: reverse("cases:close", args=[c.pk]), None, {"lead"}),
    (
        "close",
        "post",
        lambda c, x: reverse("cases:close", args=[c.pk]),
        lambda c, x: {"outcome": "resolved", "reason": "No incidents for three months"},
        {"lead"},
    ),
    (
        "reopen",
        "post",
        lambda c, x: reverse("cases:reopen", args=[c.pk]),
        lambda c, x: {"reason": "The noise has started again"},
        {"lead"},
    ),
    (
        "decide access",
        "post",
        lambda c, x: reverse("cases:decide_access", args=[c.pk, x["pending"].pk]),
        lambda c, x: {"decision": "grant"},
        {"lead"},
    ),
    (
        "ask for access",
        "post",
        lambda c, x: reverse("cases:request_access", args=[c.pk]),
        lambda c, x: {"reason": "Need it"},
        {"exists"},
    ),
]
CASES = ["noise", "youth", "locked"]


@pytest.mark.django_db
@pytest.mark.parametrize("username", EVERYONE, ids=[u or "anonymous" for u in EVERYONE])
@pytest.mark.parametrize("action", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_case_pages_and_actions(client, casework, username, action):
    from cspkit.web.accounts.models import User

    name, method, url_for, data_for, allowed = action
    if username:
        client.force_login(User.objects.get(username=username))
    for case_name in CASES:
        case = getattr(casework, case_name)
        case.refresh_from_db()
        extra = _prepare(case, name)
        rel = relation(username, case_name)
        before = fingerprint()
        last_event = PersonalDataEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        url = url_for(case, extra)
        response = client.get(url) if method == "get" else client.post(url, data_for(case, extra))
        events = PersonalDataEvent.objects.filter(id__gt=last_event)
        where = f"{username} {name} {case_name} ({rel}): {response.status_code}"
        if rel in allowed:
            expected = 200 if method == "get" else 302
            assert response.status_code == expected, where
            assert events.filter(username=username).exists(), f"{where}: not audited"
            if method == "post":
                assert fingerprint() != before, f"{where}: nothing changed"
        else:
            if rel == "anonymous":
                assert response.status_code == 302 and "/accounts/sign-in" in response["Location"], where
            elif rel == "exists" and name == "detail":
                assert response.status_code == 200 and "This case is locked down" in response.text, where
                assert extra["person"].last_name not in response.text, f"{where}: leaked a name"
            else:
                assert response.status_code in (403, 404), where
            assert fingerprint() == before, f"{where}: a refused request changed something"
            assert not events.exclude(action="denied").exists(), f"{where}: a refused read was logged as a read"


PAGES = [
    ("case list", lambda: reverse("cases:list")),
    ("case search", lambda: reverse("cases:list") + "?q=Whitfield"),
    ("my tasks", lambda: reverse("cases:my_tasks")),
    ("new case form", lambda: reverse("cases:create")),
    ("case reviews", lambda: reverse("reviews:list")),
    ("audit review", lambda: reverse("cases:audit")),
]
PAGE_ACCESS = {  # the outsider works cases in another partnership: their lists open, empty of Hartbury's
    "case list": {*CASE_USERS, "outsider"},
    "case search": {*CASE_USERS, "outsider"},
    "my tasks": {*CASE_USERS, "outsider"},
    "new case form": set(CASE_USERS),
    "case reviews": {"coordinator", "supervisor", "outsider"},
    "audit review": {"supervisor"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("username", EVERYONE, ids=[u or "anonymous" for u in EVERYONE])
def test_casework_pages(client, casework, username):
    from cspkit.web.accounts.models import User

    if username:
        client.force_login(User.objects.get(username=username))
    for name, url in PAGES:
        last_event = PersonalDataEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url())
        where = f"{username} {name}: {response.status_code}"
        if username in PAGE_ACCESS[name]:
            assert response.status_code == 200, where
            if username == "outsider":  # no case's reference (the search hint's made-up example aside)
                from cspkit.web.cases.models import Case

                for reference in Case.objects.values_list("reference", flat=True):
                    assert reference not in response.text, f"{where} shows {reference}"
            if name not in {"new case form", "audit review"}:
                assert PersonalDataEvent.objects.filter(id__gt=last_event, username=username).exists(), where
        elif username is None:
            assert response.status_code == 302, where
        else:
            assert response.status_code in (403, 404), where
            assert not PersonalDataEvent.objects.filter(id__gt=last_event).exists(), where


@pytest.mark.django_db
def test_search_shows_only_cases_the_agency_holds_or_shares(client, casework):
    from cspkit.web.accounts.models import User

    client.force_login(User.objects.get(username="asbofficer"))
    response = client.get(reverse("cases:list"), {"status": "all"})
    assert casework.noise.reference in response.text and casework.youth.reference in response.text
    assert casework.locked.reference not in response.text
    client.force_login(User.objects.get(username="pcso"))
    response = client.get(reverse("cases:list"), {"status": "all"})
    assert casework.locked.reference in response.text and "Locked down" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("username", EVERYONE, ids=[u or "anonymous" for u in EVERYONE])
def test_subject_access_and_case_reviews_are_for_their_roles(client, casework, username):
    from cspkit.web.accounts.models import User
    from cspkit.web.reviews.models import Application

    if username:
        client.force_login(User.objects.get(username=username))
    victim = casework.noise.involved.get(role="victim").person
    application = Application.objects.filter(case=casework.noise).first()
    before = fingerprint(), Application.objects.filter(decision__isnull=False).count()
    checks = [
        ("subject access", reverse("cases:subject_access", args=[victim.pk]), {"supervisor"}),
        ("review", reverse("reviews:detail", args=[application.pk]), {"coordinator", "supervisor"}),
    ]
    for name, url, allowed in checks:
        last = PersonalDataEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url)
        where = f"{username} {name}: {response.status_code}"
        if username in allowed:
            assert response.status_code == 200, where
            assert PersonalDataEvent.objects.filter(id__gt=last, username=username).exists(), where
        else:
            assert response.status_code in (302, 403, 404), where
            assert not PersonalDataEvent.objects.filter(id__gt=last).exists(), where
    fresh = Application.objects.create(
        partnership=application.partnership, received_on=date(2026, 11, 30), applicant_name="Test", description="Test"
    )
    response = client.post(reverse("reviews:decide", args=[fresh.pk]))
    decided = Application.objects.filter(decision__isnull=False).count()
    if username in {"coordinator", "supervisor"}:
        assert response.status_code == 302 and decided == before[1] + 1
    else:
        assert response.status_code in (302, 403, 404) and decided == before[1]
        assert fingerprint() == before[0]


@pytest.mark.django_db
def test_a_persons_other_cases_show_only_to_those_who_may_read_them(client, casework):
    from cspkit.web.accounts.models import User

    victim = casework.noise.involved.get(role="victim").person
    m.CasePerson.objects.create(case=casework.locked, person=victim, role="witness")
    url = reverse("cases:detail", args=[casework.noise.pk])
    client.force_login(User.objects.get(username="housingofficer"))  # leads the locked case
    assert casework.locked.reference in client.get(url).text
    client.force_login(User.objects.get(username="pcso"))  # the locked case is shared with police, but locked
    assert casework.locked.reference not in client.get(url).text
    client.force_login(User.objects.get(username="asbofficer"))  # not shared with the council at all
    assert casework.locked.reference not in client.get(url).text
