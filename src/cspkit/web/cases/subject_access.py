"""Subject access: everything held about one person, as one JSON document (UK GDPR article 15)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from cspkit.web.audit.models import PersonalDataEvent
from cspkit.web.cases.models import Case, Person


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


#: Said in every export made through the web app, which holds only the cases its user may read.
NOT_INCLUDED = (
    "Only the cases the agency answering this request may read are included. Cases held by another agency, "
    "or locked down by it, are for that agency to answer: the request should be passed to each partner agency."
)


def subject_access_export(person: Person, case_ids: Collection[int] | None = None) -> dict[str, Any]:
    """The person's details, every case they are in (their role, the incidents they reported or that
    name the case, the interventions against them, risk assessments, consents) and who read their record.

    Other people's names are left out: a subject access answer must not disclose third parties.
    With ``case_ids``, only those cases: each agency answers for the records it holds or is shared,
    never for a case another agency locked down (whose victim may fear reprisals).
    """
    cases = []
    roles: dict[int, list[str]] = {}
    for link in person.involvements.select_related("case__lead_agency").order_by("case__opened_on", "role"):
        if case_ids is None or link.case_id in case_ids:
            roles.setdefault(link.case_id, []).append(link.get_role_display())
    for case in Case.objects.filter(pk__in=roles).select_related("lead_agency").order_by("opened_on"):
        cases.append(
            {
                "reference": case.reference,
                "roles": roles[case.pk],
                "lead_agency": case.lead_agency.name,
                "category": case.category,
                "opened_on": _iso(case.opened_on),
                "closed_on": _iso(case.closed_on),
                "incidents_reported": [
                    {
                        "occurred_on": _iso(i.occurred_on),
                        "reported_on": _iso(i.reported_on),
                        "description": i.description,
                    }
                    for i in case.incidents.filter(reporter=person)
                ],
                "interventions": [
                    {
                        "power": item.label,
                        "on": _iso(item.on),
                        "ends_on": _iso(item.ends_on),
                        "breaches": [{"on": _iso(b.on), "description": b.description} for b in item.breaches.all()],
                    }
                    for item in case.interventions.filter(person=person)
                ],
                "risk_assessments": [
                    {"assessed_on": _iso(r.assessed_on), "level": r.level, "score": r.score, "answers": r.answers}
                    for r in case.risk_assessments.filter(person=person)
                ],
                "consents": [
                    {"on": _iso(c.on), "given": c.given, "basis": c.get_basis_display()}
                    for c in case.consents.filter(person=person)
                ],
            }
        )
    reads = PersonalDataEvent.objects.filter(record_type="person", record_id=str(person.pk)).order_by("id")
    return {
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_of_birth": _iso(person.born_on),
            "address": person.address,
            "phone": person.phone,
        },
        "cases": cases,
        **({"not_included": NOT_INCLUDED} if case_ids is not None else {}),
        "who_has_read_this_record": [
            {"at": _iso(e.at), "agency": e.agency, "action": e.get_action_display()} for e in reads
        ],
    }
