"""The case page's reads, written out in SQL (cases.case_page), give the rows, values and order
the models' own queries give, for every demo case; the other cases beside a person are exactly
those ``checks.can_view_case`` lets each demo user read."""

from __future__ import annotations

from datetime import date

import pytest

from cspkit.web.accounts.models import Agency, User
from cspkit.web.cases import case_page
from cspkit.web.cases.access import find_case
from cspkit.web.cases.models import Breach, Case, CasePerson, Intervention
from cspkit.web.core.sql import rows
from cspkit.web.permissions import checks

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 3)


def _text(value) -> str | None:
    return None if value is None else str(value)


def _pick(rows: list[dict], *keys: str) -> list[tuple]:
    return [tuple(row[key] for key in keys) for row in rows]


def _one_row_per_person(case: Case) -> list[tuple]:
    """Each person once, with all their roles in the case, where their first role lists them."""
    rows: dict[int, tuple] = {}
    for link in case.involved.select_related("person").order_by("role", "person__last_name", "id"):
        person = link.person
        if person.pk in rows:
            pk, roles, name, born = rows[person.pk]
            rows[person.pk] = (pk, f"{roles}, {link.get_role_display()}", name, born)
        else:
            rows[person.pk] = (person.pk, link.get_role_display(), str(person), person.born_on)
    return list(rows.values())


def _expected(case: Case, agency: Agency | None) -> dict[str, list[tuple]]:
    """What the page showed when it read through the ORM."""
    return {
        "lead_officer": [(_text(case.lead_officer),)],
        "people": _one_row_per_person(case),
        "notes": [(n.at, n.text, _text(n.author)) for n in case.notes.select_related("author")],
        "assessments": [
            (str(a.person), a.get_level_display(), a.score, a.assessed_on, _text(a.assessor))
            for a in case.risk_assessments.select_related("person", "assessor")
        ],
        "interventions": [
            (
                i.label,
                _text(i.person),
                i.on,
                i.amount,
                i.indefinite,
                i.ends_on,
                [(b.on, b.description) for b in i.breaches.all()],
            )
            for i in case.interventions.select_related("person").prefetch_related("breaches")
        ],
        "tasks": [(t.title, str(t.owner), t.due_on, t.done_on) for t in case.tasks.select_related("owner")],
        "consents": [(str(c.person), c.given, c.get_basis_display(), c.on) for c in case.consents.order_by("id")],
        "access_requests": [
            (r.pk, str(r.agency), r.requested_at, r.reason, r.get_status_display())
            for r in case.access_requests.order_by("id")
        ],
        "shares": [(str(s.agency), s.shared_on, s.basis) for s in case.shares.order_by("id")],
        "alerts": [(a.message, a.raised_at) for a in case.alerts.filter(agency=agency).order_by("id")]
        if agency
        else [],
        "incidents": [
            (
                i.occurred_on,
                _text(i.place),
                i.place.lsoa_code if i.place else None,
                i.description,
                i.hate,
                _text(i.reporter),
            )
            for i in case.incidents.select_related("place", "reporter")[: case_page.INCIDENTS_PER_PAGE]
        ],
    }


def _shown(user: User, case: Case) -> dict[str, list[tuple]]:
    read = case_page.read(user, find_case(user, case.pk), 1, TODAY)
    return {
        "lead_officer": [(read["lead_officer"],)],
        "people": _pick(read["people"], "id", "role_label", "name", "born_on"),
        "notes": _pick(read["notes"], "at", "text", "author"),
        "assessments": _pick(read["assessments"], "person", "level_label", "score", "assessed_on", "assessor"),
        "interventions": [
            (*row, [(b["on"], b["description"]) for b in breaches])
            for row, breaches in zip(
                _pick(read["interventions"], "label", "person", "on", "amount", "indefinite", "ends_on"),
                (i["breaches"] for i in read["interventions"]),
                strict=True,
            )
        ],
        "tasks": _pick(read["tasks"], "title", "owner", "due_on", "done_on"),
        "consents": _pick(read["consents"], "person", "given", "basis_label", "on"),
        "access_requests": _pick(read["access_requests"], "id", "agency", "requested_at", "reason", "status_label"),
        "shares": _pick(read["shares"], "agency", "shared_on", "basis"),
        "alerts": _pick(read["alerts"], "message", "raised_at"),
        "incidents": _pick(read["incidents"], "occurred_on", "place", "lsoa_code", "description", "hate", "reporter"),
    }


def test_every_list_on_the_page_matches_the_models_for_every_demo_case(casework) -> None:
    # Something in every list: a breach with an amount, a note by someone with no full name.
    noise = casework.noise
    officer = User.objects.get(username="asbofficer")
    fine = Intervention.objects.create(
        case=noise,
        power="fixed_penalty",
        on=date(2026, 11, 2),
        agency=noise.lead_agency,
        amount=100,
        recorded_by=officer,
    )
    Breach.objects.create(intervention=fine, on=date(2026, 11, 20), description="Music again at 1am")
    shown_any = {key: 0 for key in _expected(noise, None)}
    for case in Case.objects.order_by("id"):
        for agency in (case.lead_agency, None):
            reader = User(username="auditor", is_superuser=True, agency=agency)  # reads every case
            assert _shown(reader, case) == _expected(case, agency), case.reference
            for key, listed in _expected(case, agency).items():
                shown_any[key] += len(listed)
    assert all(shown_any.values()), shown_any  # the demo exercised every list


def test_the_lead_officer_and_task_clocks(casework) -> None:
    noise, officer = casework.noise, User.objects.get(username="asbofficer")
    read = case_page.read(officer, find_case(officer, noise.pk), 1, TODAY)
    assert read["lead_officer"] == (str(noise.lead_officer) if noise.lead_officer else None)
    for task in read["tasks"]:
        assert (task["working_days_left"] is None) == (task["done_on"] is not None)


def test_the_other_cases_beside_a_person_are_those_each_user_may_read(demo, casework) -> None:
    # The noise case's victim is also a witness in the police's case and in housing's locked one.
    victim = casework.noise.involved.get(role="victim").person
    for case in (casework.youth, casework.locked):
        CasePerson.objects.create(case=case, person=victim, role=CasePerson.Role.WITNESS)
    cases = list(Case.objects.prefetch_related("shares", "access_requests", "involved").select_related("partnership"))
    readers = [u for u in User.objects.all() if checks.can_work_any_cases(u)]
    assert len(readers) >= 4
    compared = 0
    for case in cases:
        people = sorted({link.person_id for link in case.involved.all()})
        for user in readers:
            shown: dict[int, set[int]] = {person: set() for person in people}
            for row in rows(*case_page.queries(user, case.pk, 0)["other_cases"]):
                shown[row["person_id"]].add(row["id"])
            for person in people:
                expected = sorted(
                    other.pk
                    for other in cases
                    if other.pk != case.pk
                    and person in {link.person_id for link in other.involved.all()}
                    and checks.can_view_case(user, other)
                )
                assert sorted(shown[person]) == expected, (user.username, case.reference)
                compared += len(expected)
    assert compared > 0


def test_incidents_are_paged_newest_first_with_their_total(casework) -> None:
    noise = casework.noise
    newest = list(noise.incidents.values_list("id", flat=True))
    size = case_page.INCIDENTS_PER_PAGE

    def page(start: int) -> case_page.Incidents:
        return case_page.Incidents(noise.pk, start, rows(*case_page.Incidents.query(noise.pk, start)))

    first = page(0)
    assert first.count() == len(newest) > 0
    assert [i["id"] for i in first[0:size]] == newest[:size]
    assert [i["id"] for i in first[1:3]] == newest[1:3]  # any other slice is read afresh
    assert page(size * 99).count() == len(newest)  # past the end: counted on its own
    assert [i["id"] for i in page(size)[size : size * 2]] == newest[size : size * 2]


def test_a_person_with_two_roles_is_one_row_with_both(sign_in, casework) -> None:
    # Margaret Whitfield complained and is the victim: one row, "Complainant, Victim", not two.
    victim = casework.noise.involved.get(role="victim").person
    assert casework.noise.involved.filter(person=victim).count() == 2
    page = sign_in("asbofficer").get(f"/cases/{casework.noise.pk}/").text
    people = page.split('<h2 class="govuk-heading-m">People</h2>')[1].split("</table>")[0]
    assert people.count(str(victim)) == 1
    assert "Complainant, Victim" in people
