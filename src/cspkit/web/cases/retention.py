"""``cspkit retention``: find casework records whose retention period has lapsed, then anonymise or
delete them as the schedule says, recording each in the personal-data audit log and the run.

The anchors: a case's closing date; a case's notes, incidents and risk assessments follow their
case; a person lapses when every case they are in has been closed for the period (never while
one is open); a Case Review when closed (or, if never closed, its decision); access requests when
decided; tasks when done. The audit log itself is never deleted: it keeps user names, record
numbers, chosen values, the reasons given for decisions and the words searched for, but typed
text only as its length and digest (docs/decisions/0015).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from cspkit.casework.retention import Lapse, lapses
from cspkit.casework.settings import CaseworkSettings
from cspkit.web.audit import personal
from cspkit.web.cases.models import (
    ANONYMISED,
    AccessRequest,
    Alert,
    Case,
    Incident,
    Note,
    Person,
    Place,
    RiskAssessment,
    RunRecord,
    Task,
)
from cspkit.web.cases.services import casework_settings


class _System:
    """The retention run acts as the system, not a person, in the audit log."""

    pk = None
    agency = None

    def get_username(self) -> str:
        return "(system)"


def _people_anchors() -> dict[int, date | None]:
    anchors: dict[int, date | None] = {}
    rows = (
        Person.objects.filter(anonymised_at__isnull=True)
        .annotate(
            last_closed=Max("involvements__case__closed_on"),
            open_cases=Max("involvements__case__pk", filter=Q(involvements__case__closed_on__isnull=True)),
        )
        .values_list("pk", "last_closed", "open_cases")
    )
    for pk, last_closed, open_case in rows:
        anchors[pk] = None if open_case is not None else last_closed
    return anchors


def find_lapsed(today: date, settings: CaseworkSettings | None = None) -> list[Lapse]:
    """Every record whose retention has lapsed on ``today`` and that has not been dealt with yet."""
    rules = (settings or casework_settings()).retention
    found: list[Lapse] = []

    def add(record_type: str, anchors: dict) -> None:
        if record_type in rules:
            found.extend(lapses(record_type, anchors, rules[record_type], today))

    add("case", dict(Case.objects.filter(anonymised_at__isnull=True).values_list("pk", "closed_on")))
    add("case_note", dict(Note.objects.values_list("pk", "case__closed_on")))
    add("incident", dict(Incident.objects.exclude(description=ANONYMISED).values_list("pk", "case__closed_on")))
    add("risk_assessment", dict(RiskAssessment.objects.values_list("pk", "case__closed_on")))
    add("person", _people_anchors())
    add("access_request", dict(AccessRequest.objects.values_list("pk", "decided_on")))
    add("task", dict(Task.objects.values_list("pk", "done_on")))
    if "case_review" in rules:
        from cspkit.web.reviews.models import Application

        anchors = {
            pk: closed or decided
            for pk, closed, decided in Application.objects.filter(anonymised_at__isnull=True).values_list(
                "pk", "closed_on", "decision__decided_on"
            )
        }
        add("case_review", anchors)
    return found


def apply_retention(found: Iterable[Lapse]) -> dict[str, int]:
    """Anonymise or delete each lapsed record; all or nothing. Returns how many of each type."""
    from cspkit.web.reviews.models import Application

    now = timezone.now()
    system = _System()
    done: dict[str, int] = {}
    with transaction.atomic():
        for lapse in found:
            pk = lapse.record_id
            if lapse.record_type == "case":
                case = Case.objects.get(pk=pk)
                case.summary = ANONYMISED
                case.closure_reason = ""
                case.anonymised_at = now
                case.save(update_fields=["summary", "closure_reason", "anonymised_at"])
                case.interventions.update(details="", warnings="")
                Place.objects.filter(incidents__case=case).update(name=ANONYMISED, latitude=None, longitude=None)
                Alert.objects.filter(case=case).delete()
                case.consents.all().delete()
            elif lapse.record_type == "incident":
                Incident.objects.filter(pk=pk).update(description=ANONYMISED, reporter=None)
            elif lapse.record_type == "case_note":
                Note.objects.filter(pk=pk).delete()
            elif lapse.record_type == "risk_assessment":
                RiskAssessment.objects.filter(pk=pk).delete()
            elif lapse.record_type == "person":
                person = Person.objects.get(pk=pk)
                if lapse.action == "delete":
                    person.delete()
                else:
                    Person.objects.filter(pk=pk).update(
                        first_name="", last_name="", born_on=None, address="", phone="", anonymised_at=now
                    )
            elif lapse.record_type == "access_request":
                AccessRequest.objects.filter(pk=pk).delete()
            elif lapse.record_type == "task":
                Task.objects.filter(pk=pk).delete()
            elif lapse.record_type == "case_review":
                Application.objects.filter(pk=pk).update(
                    applicant_name=ANONYMISED, on_behalf_of="", contact="", description=ANONYMISED, anonymised_at=now
                )
            personal.record(
                system,
                personal.Action.RETENTION,
                lapse.record_type,
                pk,
                summary=f"{lapse.action} after {lapse.kept_until.isoformat()}",
            )
            done[lapse.record_type] = done.get(lapse.record_type, 0) + 1
        RunRecord.objects.create(
            command="retention",
            summary=", ".join(f"{n} {kind}" for kind, n in sorted(done.items())) or "nothing had lapsed",
        )
    return done
