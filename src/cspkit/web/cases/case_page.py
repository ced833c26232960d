"""What the case page shows, read in written-out SQL: a dozen short queries sent together.

The case page is the page case officers open most, twenty at once in a busy office. Built by
the ORM, its reads cost about 20 ms of CPU a request (the databases' own share was under 2 ms);
written out they cost about 3 ms. Each list is a list of dictionaries, the shape the template
reads fastest, with names and labels already made. The rows and their order are the ones the
models' own queries gave (tests/web/cases/test_case_page.py compares them).

Only the caller's permission check (``checks.can_view_case``) decides whether this is read at
all; the other cases shown beside a person are limited here by the same rule, as SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator

from cspkit.casework.dates import working_days_between
from cspkit.casework.powers import LABELS, Power
from cspkit.casework.victims import Reported
from cspkit.web.accounts.models import agency_name, user_name
from cspkit.web.cases import services
from cspkit.web.cases.access import visibility
from cspkit.web.cases.models import AccessRequest, CasePerson, Consent, RiskAssessment, person_name
from cspkit.web.core.sql import aware, rows, rows_together

INCIDENTS_PER_PAGE = 20
ROLES = dict(CasePerson.Role.choices)
LEVELS = dict(RiskAssessment._meta.get_field("level").choices)
BASES = dict(Consent.Basis.choices)
STATUSES = dict(AccessRequest.Status.choices)


class Incidents:
    """The case's incidents, newest first, for Django's Paginator: the page asked for comes with
    the total (``COUNT(*) OVER ()``) among the page's other reads; a COUNT of its own only past
    the last page."""

    def __init__(self, case_id: int, start: int, page: list[dict[str, Any]]) -> None:
        self.case_id, self._start, self._page = case_id, start, page
        self._count = page[0]["total"] if page else None

    @staticmethod
    def query(case_id: int, start: int, size: int = INCIDENTS_PER_PAGE) -> tuple[str, list[Any]]:
        return (
            "SELECT i.id, i.occurred_on, i.description, i.hate, pl.name AS place, pl.lsoa_code,"
            " r.id AS reporter_id, r.first_name, r.last_name, COUNT(*) OVER () AS total"
            " FROM cases_incident i LEFT JOIN cases_place pl ON pl.id = i.place_id"
            " LEFT JOIN cases_person r ON r.id = i.reporter_id"
            " WHERE i.case_id = %s ORDER BY i.occurred_on DESC, i.id DESC LIMIT %s OFFSET %s",
            [case_id, size, start],
        )

    @staticmethod
    def shape(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for row in found:
            row["reporter"] = person_name(row["reporter_id"], row["first_name"], row["last_name"])
        return found

    def count(self) -> int:
        if self._count is None:
            self._count = rows("SELECT COUNT(*) AS n FROM cases_incident WHERE case_id = %s", [self.case_id])[0]["n"]
        return self._count

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        if page.start == self._start and self._page:
            return self._page[: page.stop - page.start]
        return self.shape(rows(*self.query(self.case_id, page.start, page.stop - page.start)))


_LATEST_RISK = "FROM cases_riskassessment ra WHERE ra.person_id = p.id ORDER BY ra.assessed_on DESC, ra.id DESC LIMIT 1"
_IN_CASE = "SELECT person_id FROM cases_caseperson WHERE case_id = %s"
_VICTIM_ROLES = ", ".join(f"'{role.value}'" for role in services.VICTIM_ROLES)


def queries(user: Any, case_id: int, incidents_start: int) -> dict[str, tuple[str, list[Any]]]:
    """Every list on the page as SQL and parameters; none needs another's answer."""
    rule = visibility(user)
    return {
        # The people, each with the level and vulnerability of their latest risk assessment.
        "people": (
            "SELECT p.id, cp.role, p.first_name, p.last_name, p.born_on,"
            f" (SELECT ra.level {_LATEST_RISK}) AS last_level, (SELECT ra.vulnerable {_LATEST_RISK}) AS last_vulnerable"
            " FROM cases_caseperson cp JOIN cases_person p ON p.id = cp.person_id"
            " WHERE cp.case_id = %s ORDER BY cp.role, p.last_name, cp.id",
            [case_id],
        ),
        # Each person's other cases that the user may read in full (``checks.can_view_case``).
        "other_cases": (
            "SELECT cp.person_id, c.id, c.reference FROM cases_caseperson cp JOIN cases_case c ON c.id = cp.case_id"
            f" WHERE cp.person_id IN ({_IN_CASE}) AND cp.case_id <> %s AND {rule.readable} ORDER BY cp.id",
            [case_id, case_id, *rule.readable_params],
        ),
        # Every incident each victim or complainant reported, in any case: the repeat victim rule.
        "reported": (  # driven from the case's people: SQLite would otherwise scan every incident
            "SELECT DISTINCT i.id, i.reporter_id, i.reported_on, i.category"
            " FROM cases_caseperson cp JOIN cases_incident i ON i.reporter_id = cp.person_id"
            f" WHERE cp.case_id = %s AND cp.role IN ({_VICTIM_ROLES})",
            [case_id],
        ),
        "incidents": Incidents.query(case_id, incidents_start),
        "interventions": (  # oldest first, one row per breach
            'SELECT i.id, i.power, i."on", i.comply_by, i.indefinite, i.amount, i.ends_on, i.review_on, i.warnings,'
            ' p.id AS person_id, p.first_name, p.last_name, b.id AS breach_id, b."on" AS breach_on, b.description'
            " FROM cases_intervention i LEFT JOIN cases_person p ON p.id = i.person_id"
            " LEFT JOIN cases_breach b ON b.intervention_id = i.id"
            ' WHERE i.case_id = %s ORDER BY i."on", i.id, b."on", b.id',
            [case_id],
        ),
        "tasks": (
            "SELECT t.title, t.due_on, t.done_on, u.first_name, u.last_name, u.username FROM cases_task t"
            " JOIN accounts_user u ON u.id = t.owner_id WHERE t.case_id = %s ORDER BY t.due_on, t.id",
            [case_id],
        ),
        "notes": (
            "SELECT n.at, n.text, u.first_name, u.last_name, u.username"
            " FROM cases_note n LEFT JOIN accounts_user u ON u.id = n.author_id"
            " WHERE n.case_id = %s ORDER BY n.at DESC, n.id DESC",
            [case_id],
        ),
        "assessments": (
            "SELECT a.level, a.score, a.assessed_on, p.id AS person_id, p.first_name, p.last_name,"
            " u.first_name AS assessor_first, u.last_name AS assessor_last, u.username AS assessor_username"
            " FROM cases_riskassessment a JOIN cases_person p ON p.id = a.person_id"
            " LEFT JOIN accounts_user u ON u.id = a.assessor_id"
            " WHERE a.case_id = %s ORDER BY a.assessed_on DESC, a.id DESC",
            [case_id],
        ),
        "alerts": (  # those raised for the user's own agency
            "SELECT id, raised_at, message FROM cases_alert WHERE case_id = %s AND agency_id = %s ORDER BY id",
            [case_id, user.agency_id],
        ),
        "consents": (
            'SELECT c.given, c."on", c.basis, p.id AS person_id, p.first_name, p.last_name'
            " FROM cases_consent c JOIN cases_person p ON p.id = c.person_id WHERE c.case_id = %s ORDER BY c.id",
            [case_id],
        ),
        "shares": (
            "SELECT s.shared_on, s.basis, a.short_name, a.name FROM cases_share s"
            " JOIN accounts_agency a ON a.id = s.agency_id WHERE s.case_id = %s ORDER BY s.id",
            [case_id],
        ),
        "access_requests": (
            "SELECT r.id, r.requested_at, r.reason, r.status, a.short_name, a.name FROM cases_accessrequest r"
            " JOIN accounts_agency a ON a.id = r.agency_id WHERE r.case_id = %s ORDER BY r.id",
            [case_id],
        ),
    }


def _one_row_each(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per person, with every role they have in the case ("Complainant, Victim"), where
    their first role put them: a complainant who is also the victim is one person, not two."""
    by_person: dict[int, dict[str, Any]] = {}
    for row in found:
        role = ROLES.get(row["role"], row["role"])
        if row["id"] in by_person:
            by_person[row["id"]]["roles"].append(role)
        else:
            by_person[row["id"]] = {**row, "roles": [role]}
    return list(by_person.values())


def _people(
    found: list[dict[str, Any]], others: list[dict[str, Any]], reported: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    by_reporter: dict[int, list[Reported]] = {}
    for row in reported:
        by_reporter.setdefault(row["reporter_id"], []).append(Reported(row["reported_on"], row["category"]))
    victims = {
        row["id"]: (row["last_level"], bool(row["last_vulnerable"]))
        for row in found
        if row["role"] in services.VICTIM_ROLES
    }
    flags = services.victim_flags(by_reporter, victims)
    other_cases: dict[int, list[dict[str, Any]]] = {}
    for row in others:
        listed = other_cases.setdefault(row["person_id"], [])
        if all(other["id"] != row["id"] for other in listed):
            listed.append(row)
    people = _one_row_each(found)
    for row in people:
        row["name"] = person_name(row["id"], row["first_name"], row["last_name"])
        row["role_label"] = ", ".join(row["roles"])
        row["other_cases"] = other_cases.get(row["id"], [])
        row["flags"] = flags.get(row["id"], {})
    return people


def _interventions(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id: dict[int, dict[str, Any]] = {}
    for row in found:
        item = by_id.get(row["id"])
        if item is None:
            item = by_id[row["id"]] = row
            item["label"] = LABELS[Power(row["power"])]
            item["breachable"] = Power(row["power"]).breachable
            item["person"] = person_name(row["person_id"], row["first_name"], row["last_name"])
            item["breaches"] = []
        if row["breach_id"] is not None:
            item["breaches"].append({"on": row["breach_on"], "description": row["description"]})
    return list(by_id.values())


def read(user: Any, case: Any, incidents_page: int, today: dt.date) -> dict[str, Any]:
    """Everything the case page shows of ``case``, which ``user`` may read in full: a dozen
    queries run together (:func:`cspkit.web.core.sql.rows_together`), then named and labelled."""
    start = (incidents_page - 1) * INCIDENTS_PER_PAGE
    asked = queries(user, case.pk, start)
    found = dict(zip(asked, rows_together(list(asked.values())), strict=True))
    people = _people(found["people"], found["other_cases"], found["reported"])
    for row in found["tasks"]:
        row["owner"] = user_name(row["first_name"], row["last_name"], row["username"])
        row["working_days_left"] = working_days_between(today, row["due_on"]) if row["done_on"] is None else None
    for row in found["notes"]:
        row["at"] = aware(row["at"])
        row["author"] = user_name(row["first_name"], row["last_name"], row["username"])
    for row in found["assessments"]:
        row["person"] = person_name(row["person_id"], row["first_name"], row["last_name"])
        row["level_label"] = LEVELS.get(row["level"], row["level"])
        row["assessor"] = user_name(row["assessor_first"], row["assessor_last"], row["assessor_username"])
    for row in found["alerts"]:
        row["raised_at"] = aware(row["raised_at"])
    for row in found["consents"]:
        row["person"] = person_name(row["person_id"], row["first_name"], row["last_name"])
        row["basis_label"] = BASES.get(row["basis"], row["basis"])
    for row in found["shares"]:
        row["agency"] = agency_name(row["short_name"], row["name"])
    for row in found["access_requests"]:
        row["agency"] = agency_name(row["short_name"], row["name"])
        row["requested_at"] = aware(row["requested_at"])
        row["status_label"] = STATUSES.get(row["status"], row["status"])
    incidents = Incidents(case.pk, start, Incidents.shape(found["incidents"]))
    return {
        "people": people,
        "lead_officer": case.lead_officer_name,
        "shares": found["shares"],
        "incidents": Paginator(incidents, INCIDENTS_PER_PAGE).get_page(incidents_page),
        "notes": found["notes"],
        "assessments": found["assessments"],
        "interventions": _interventions(found["interventions"]),
        "tasks": found["tasks"],
        "alerts": found["alerts"],
        "consents": found["consents"],
        "access_requests": found["access_requests"],
    }
