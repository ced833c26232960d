"""What the case pages do beyond saving a form: apply the casework rules, raise alerts and tasks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from cspkit.casework.dates import add_working_days
from cspkit.casework.powers import Earlier, Outcome, Power, Proposal, Subject
from cspkit.casework.risk import RiskLevel, read_questionnaire, score
from cspkit.casework.settings import CaseworkSettings, default_settings, read_settings
from cspkit.casework.victims import Reported, repeat_victim, vulnerable
from cspkit.web.cases.models import Alert, Case, CasePerson, Intervention, Person, RiskAssessment, Task


def casework_settings() -> CaseworkSettings:
    from django.conf import settings

    path = getattr(settings, "CSPKIT_CASEWORK_SETTINGS", None)
    return read_settings(path) if path else default_settings()


def questionnaire():
    from django.conf import settings

    return read_questionnaire(getattr(settings, "CSPKIT_RISK_QUESTIONNAIRE", None))


def next_reference(case: Case) -> str:
    return f"ASB-{case.opened_on.year}-{case.pk:06d}"


def earlier_interventions(case: Case, person: Person | None) -> list[Earlier]:
    """Interventions already on the case against the same person (or the premises, for closures)."""
    found = []
    for item in case.interventions.filter(person=person).prefetch_related("breaches"):
        breaches = [b.on for b in item.breaches.all()]
        found.append(
            Earlier(Power(item.power), item.on, item.comply_by, min(breaches) if breaches else None, item.months)
        )
    return found


def proposal_for(case: Case, data: dict[str, Any]) -> Proposal:
    person = data.get("person")
    subject = Subject(born=person.born_on, is_body=person.is_body) if person else Subject()
    inspector = {"yes": True, "no": False}.get(data.get("authorised_by_inspector") or "")
    return Proposal(
        power=Power(data["power"]),
        on=data["on"],
        subject=subject,
        earlier=earlier_interventions(case, person),
        months=data.get("months"),
        indefinite=bool(data.get("indefinite")),
        hours=data.get("hours"),
        amount=data.get("amount"),
        convicted_on=data.get("convicted_on"),
        senior_authorisation=bool(data.get("senior_authorisation")),
        authorised_by_inspector=inspector,
    )


def record_intervention(case: Case, data: dict[str, Any], outcome: Outcome, user: Any) -> Intervention:
    with transaction.atomic():
        item = Intervention.objects.create(
            case=case,
            person=data.get("person"),
            power=data["power"],
            on=data["on"],
            agency=user.agency or case.lead_agency,
            comply_by=data.get("comply_by"),
            months=data.get("months"),
            indefinite=bool(data.get("indefinite")),
            hours=data.get("hours"),
            amount=data.get("amount"),
            convicted_on=data.get("convicted_on"),
            ends_on=outcome.ends,
            review_on=outcome.reviews[0] if outcome.reviews else None,
            warnings="\n".join([*outcome.warnings, *outcome.notes]),
            details=data.get("details", ""),
            recorded_by=user,
        )
        owner = case.lead_officer or user
        for review in outcome.reviews:
            Task.objects.create(
                case=case, title=f"Review the {item.label.lower()}", owner=owner, due_on=review, statutory=True
            )
        if item.comply_by:
            Task.objects.create(
                case=case, title=f"Check compliance with the {item.label}", owner=owner, due_on=item.comply_by
            )
    return item


def assess(case: Case, person: Person, answers: dict[str, bool], judgement: str, user: Any, on: date):
    result = score(questionnaire(), answers, RiskLevel(judgement) if judgement else None)
    with transaction.atomic():
        assessment = RiskAssessment.objects.create(
            case=case,
            person=person,
            assessed_on=on,
            assessor=user,
            answers=answers,
            score=result.score,
            level=result.level.value,
            vulnerable=result.vulnerable,
        )
        if result.level is RiskLevel.HIGH:
            for agency in case.agencies():
                message = f"High risk assessed on {on:%-d %B %Y} for a person on {case}"
                Alert.objects.create(case=case, agency=agency, message=message)
            Task.objects.create(
                case=case,
                title="High risk: contact the victim and agree a safety plan",
                owner=case.lead_officer or user,
                due_on=add_working_days(on, 1),
                statutory=False,
            )
    return assessment


VICTIM_ROLES = (CasePerson.Role.VICTIM, CasePerson.Role.COMPLAINANT)


def victim_flags(
    reported: dict[int, list[Reported]], latest: dict[int, tuple[str | None, bool]]
) -> dict[int, dict[str, bool]]:
    """Repeat and vulnerable flags for each victim or complainant: ``reported``, the incidents each
    reported (in any case); ``latest``, the level and vulnerable answer of each one's latest risk
    assessment (level None if never assessed)."""
    rule = casework_settings().repeat_victim
    return {
        pk: {
            "repeat": repeat_victim(reported.get(pk, []), rule),
            "vulnerable": vulnerable(RiskLevel(level) if level else None, is_vulnerable),
        }
        for pk, (level, is_vulnerable) in latest.items()
    }
