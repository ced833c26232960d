"""ASB case pages: the list and search, a case, its people, incidents, notes, risk, powers, tasks,
sharing, lock-down and access requests; a person; my tasks; the personal-data audit review.

Every page reads personal records through :mod:`cspkit.web.cases.access` (checked and audited).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cspkit.casework.dates import working_days_between
from cspkit.web.accounts.models import Partnership
from cspkit.web.audit import personal
from cspkit.web.audit.models import PersonalDataEvent
from cspkit.web.audit.values import changed, described, person_number, typed_text
from cspkit.web.cases import case_page, closing, forms, services
from cspkit.web.cases.access import Action, cases_readable_by, cases_seen_by, find_case, open_person
from cspkit.web.cases.models import (
    AccessRequest,
    Alert,
    Breach,
    Case,
    CasePerson,
    Consent,
    Incident,
    Intervention,
    Note,
    Person,
    Place,
    Share,
    Task,
)
from cspkit.web.cases.places import nearest_lsoa
from cspkit.web.cases.search import find_cases, people_named
from cspkit.web.cases.subject_access import subject_access_export
from cspkit.web.core.paging import requested_page
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require

CASES_PER_PAGE = 25
PEOPLE_FOUND = 20  # people offered by the search on "Add a person"
NAMED_CANDIDATES = 1_000  # people with the name looked at for those the user may choose


def _partnership_for_new_case(user: Any) -> Partnership:
    partnerships = [
        p for p in Partnership.objects.filter(pk__in=checks.partnership_ids(user)) if checks.can_work_cases(user, p)
    ]
    require(bool(partnerships) and user.agency_id is not None)
    return partnerships[0]


def _place(partnership: Partnership, data: dict[str, Any]) -> Place | None:
    if not data.get("place"):
        return None
    latitude, longitude = data.get("latitude"), data.get("longitude")
    lsoa = nearest_lsoa(float(latitude), float(longitude)) if latitude is not None and longitude is not None else ""
    return Place.objects.create(
        partnership=partnership, name=data["place"], latitude=latitude, longitude=longitude, lsoa_code=lsoa
    )


@dataclass(frozen=True)
class ListPage:
    """One page of a newest-first list, read with LIMIT and OFFSET: no COUNT of every match."""

    items: list[Any]
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    require(checks.can_work_any_cases(request.user))
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "open")
    page_number = requested_page(request)
    found = find_cases(
        request.user, query, status, services.casework_settings().categories, page_number, CASES_PER_PAGE
    )
    page = ListPage(found.cases, page_number, found.has_next)
    personal.record(
        request.user,
        Action.SEARCH if query else Action.VIEW,
        "case_list",
        summary=_search_summary(query, status, page),
        request=request,
    )
    return render(
        request,
        "cases/case_list.html",
        {"page": page, "query": query, "status": status, "can_open": request.user.agency_id is not None},
    )


def _search_summary(query: str, status: str, page: ListPage) -> str:
    """What was searched for, with which filters, and which cases it showed (by reference):
    a supervisor must be able to tell who looked for whom (docs/decisions/0015)."""
    shown = ", ".join(case["reference"] for case in page) or "none"
    headline = f"search for “{query[:100]}”" if query else "list"
    return described(
        headline, {"status": STATUS_FILTERS.get(status, status), "page": page.number, f"{len(page)} shown": shown}
    )


STATUS_FILTERS = {"open": "open cases", "closed": "closed cases", "all": "all cases"}


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    require(checks.can_work_any_cases(request.user))
    partnership = _partnership_for_new_case(request.user)
    form = forms.NewCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            case = Case.objects.create(
                partnership=partnership,
                reference=f"new-{uuid.uuid4().hex[:12]}",
                lead_agency=request.user.agency,
                lead_officer=request.user,
                category=data["category"],
                summary=data["summary"],
                opened_on=timezone.localdate(),
            )
            case.reference = services.next_reference(case)
            case.save(update_fields=["reference"])
            complainant = Person.objects.create(
                partnership=partnership,
                first_name=data["first_name"],
                last_name=data["last_name"],
                born_on=data["born_on"],
            )
            CasePerson.objects.create(case=case, person=complainant, role=CasePerson.Role.COMPLAINANT)
            if data["is_victim"]:
                CasePerson.objects.create(case=case, person=complainant, role=CasePerson.Role.VICTIM)
            Incident.objects.create(
                case=case,
                occurred_on=data["occurred_on"],
                reported_on=timezone.localdate(),
                place=_place(partnership, data),
                category=data["category"],
                description=data["description"],
                reporter=complainant,
                hate=data["hate"],
            )
            opened = described(
                case.reference,
                {
                    "category": case.category,
                    "complainant": person_number(complainant),
                    "also the victim": data["is_victim"],
                    "incident on": data["occurred_on"],
                    "hate": data["hate"],
                    "summary": typed_text(data["summary"]),
                    "description": typed_text(data["description"]),
                    "place": "given" if data["place"] else None,  # an address is found from its digest
                },
            )
            personal.record(request.user, Action.CREATE, "case", case.pk, summary=opened, request=request)
        messages.success(request, f"Case {case.reference} opened")
        return redirect("cases:detail", case.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": "Open a case from a complaint",
            "submit_label": "Open the case",
            "back_url": reverse("cases:list"),
        },
    )


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = find_case(request.user, pk)
    if not checks.can_view_case(request.user, case):
        own_request = AccessRequest.objects.filter(case=case, agency_id=request.user.agency_id).order_by("-id").first()
        return render(
            request,
            "cases/restricted.html",
            {"case": case, "own_request": own_request, "can_ask": checks.can_request_case_access(request.user, case)},
        )
    personal.record(request.user, Action.VIEW, "case", case.pk, summary=case.reference, request=request)
    shown = case_page.read(request.user, case, requested_page(request, "incidents"), timezone.localdate())
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            **shown,
            "can_edit": checks.can_edit_case(request.user, case),
            "can_manage": checks.can_manage_case(request.user, case),
        },
    )


def _case_form(
    request: HttpRequest,
    pk: int,
    heading: str,
    make_form: Callable[[Case, dict | None], Any],
    save: Callable[[Case, Any], tuple[str, str]],
    check: Any = checks.can_edit_case,
    intro: str = "",
    template: str = "core/form_page.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form page that changes a case: checked, and audited as a change when saved (a view when shown).

    ``save`` returns the message shown to the officer and what the audit log records: the values
    saved, typed text as its length and digest (:mod:`cspkit.web.audit.values`)."""
    case = find_case(request.user, pk)
    require(check(request.user, case))
    form = make_form(case, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            message, audited = save(case, form)
            personal.record(
                request.user, Action.CHANGE, "case", case.pk, summary=f"{case.reference}: {audited}", request=request
            )
        messages.success(request, message)
        return redirect("cases:detail", case.pk)
    personal.record(request.user, Action.VIEW, "case", case.pk, summary=f"{heading} form", request=request)
    return render(
        request,
        template,
        {
            "form": form,
            "heading": heading,
            "caption": case.reference,
            "intro": intro,
            "back_url": reverse("cases:detail", args=[case.pk]),
            **(extra or {}),
        },
    )


def _people(case: Case):
    return Person.objects.filter(involvements__case=case).distinct()


@require_http_methods(["GET", "POST"])
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, form):
        note = Note.objects.create(case=case, author=request.user, text=form.cleaned_data["text"])
        return "Note added", described(f"note {note.pk} added", {"text": typed_text(note.text)})

    return _case_form(request, pk, "Add a note", lambda c, d: forms.NoteForm(d), save)


@require_http_methods(["GET", "POST"])
def add_incident(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, form):
        data = form.cleaned_data
        place = _place(case.partnership, data)
        incident = Incident.objects.create(
            case=case,
            occurred_on=data["occurred_on"],
            reported_on=data["reported_on"],
            category=data["category"],
            description=data["description"],
            place=place,
            reporter=data["reporter"],
            hate=data["hate"],
        )
        return "Incident added", described(
            f"incident {incident.pk} added",
            {
                "occurred on": incident.occurred_on,
                "reported on": incident.reported_on,
                "category": incident.category,
                "reported by": person_number(incident.reporter),
                "hate": incident.hate,
                "description": typed_text(incident.description),
                "place": "given" if place else None,  # an address is found from its digest by trying each
                "LSOA": place.lsoa_code if place else None,
            },
        )

    return _case_form(
        request,
        pk,
        "Add an incident",
        lambda c, d: forms.IncidentForm(d, people=_people(c), initial={"category": c.category}),
        save,
    )


@require_http_methods(["GET", "POST"])
def add_person(request: HttpRequest, pk: int) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    words = query.split()[:4]
    search: dict[str, Any] = {"query": query, "finding": ""}

    def make(case, data):
        # Only people in cases this person may read can be found or chosen; the search is audited.
        found, more = _people_found(request.user, words, PEOPLE_FOUND + 1) if words else ([], False)
        if words:
            search["finding"] = _finding(query, len(found), more)
            shown = ", ".join(str(person.pk) for person in found[:PEOPLE_FOUND]) or "none"
            personal.record(
                request.user,
                Action.SEARCH,
                "person",
                summary=f"people named “{query}” to add to {case.reference}; shown: {shown}"[:500],
                request=request,
            )
        return forms.PersonForm(data, shown=found[:PEOPLE_FOUND])

    def save(case, form):
        data = form.cleaned_data
        person = data["existing"] or Person.objects.create(
            partnership=case.partnership,
            first_name=data["first_name"],
            last_name=data["last_name"],
            born_on=data["born_on"],
            is_body=data["is_body"],
            address=data["address"],
        )
        _, added = CasePerson.objects.get_or_create(case=case, person=person, role=data["role"])
        role = CasePerson.Role(data["role"]).label
        return f"{role} added", described(
            f"{role.lower()} {'added' if added else 'already on the case'}",
            {"person": person_number(person), "new record": data["existing"] is None},
        )

    return _case_form(request, pk, "Add a person", make, save, template="cases/add_person.html", extra=search)


def _people_found(user: Any, words: list[str], limit: int) -> tuple[list[Person], bool]:
    """Up to ``limit`` people named so who are in a case the user may read, in name order. Found by
    name first in the user's partnerships (an index range, at most ``NAMED_CANDIDATES``), then kept
    if in a readable case, in four queries: never a scan of every person or of every readable case.
    Also whether more people have the name than were looked at, so that some may have been missed."""
    candidates = people_named(words).order_by("last_name", "first_name", "pk")
    if not user.is_superuser:
        candidates = candidates.filter(partnership_id__in=checks.partnership_ids(user))
    named = list(candidates.values_list("pk", flat=True)[:NAMED_CANDIDATES])
    links = list(CasePerson.objects.filter(person_id__in=named).values_list("person_id", "case_id"))
    readable = set(cases_readable_by(user).filter(pk__in={case for _, case in links}).values_list("pk", flat=True))
    kept = {person for person, case in links if case in readable}
    chosen = [pk for pk in named if pk in kept][:limit]
    people = Person.objects.in_bulk(chosen)
    return [people[pk] for pk in chosen], len(named) == NAMED_CANDIDATES


def _finding(query: str, found: int, more: bool) -> str:
    """What the search found, never claiming it found everyone when it looked at only some."""
    if not found and more:
        return f"No one found among the first people named “{query}”: add more of the name."
    if not found:
        return f"No one in the cases you can read has a name starting “{query}”."
    if found > PEOPLE_FOUND or more:
        return f"The first people matching “{query}” are shown; there may be more: add more of the name."
    return f"{found} {'person matches' if found == 1 else 'people match'} “{query}”."


@require_http_methods(["GET", "POST"])
def assess_risk(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = services.questionnaire()

    def save(case, form):
        assessment = services.assess(
            case,
            form.cleaned_data["person"],
            form.answers(),
            form.cleaned_data["judgement"],
            request.user,
            timezone.localdate(),
        )
        result = f"Risk assessed as {assessment.level} (score {assessment.score})"
        return result, described(
            result,
            {
                "person": person_number(assessment.person),
                "assessed on": assessment.assessed_on,
                "vulnerable": assessment.vulnerable,
                "judgement": form.cleaned_data["judgement"] or "agreed with the score",
            },
        )

    return _case_form(
        request,
        pk,
        questionnaire.name,
        lambda c, d: forms.RiskForm(d, people=_people(c), questionnaire=questionnaire),
        save,
        intro="Answer each question with the person. A high result alerts the lead officer and every agency "
        "on the case.",
    )


@require_http_methods(["GET", "POST"])
def add_intervention(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, form):
        item = services.record_intervention(case, form.cleaned_data, form.outcome, request.user)
        message = f"{item.label} recorded" + (f"; check: {item.warnings}" if item.warnings else "")
        return message, _intervention_values(item)

    return _case_form(
        request,
        pk,
        "Record an intervention",
        lambda c, d: forms.InterventionForm(d, case=c, people=_people(c)),
        save,
        intro="The Anti-social Behaviour, Crime and Policing Act 2014's conditions are checked when you save.",
    )


def _intervention_values(item: Intervention) -> str:
    """An intervention as the audit log keeps it: the power, against whom, its dates and terms."""
    return described(
        f"{item.label} (intervention {item.pk}) recorded",
        {
            "against": person_number(item.person) or "premises",
            "given or made on": item.on,
            "by": item.agency,
            "comply by": item.comply_by,
            "months": item.months,
            "indefinite": item.indefinite or None,
            "hours": item.hours,
            "amount (£)": item.amount,
            "convicted on": item.convicted_on,
            "ends on": item.ends_on,
            "review on": item.review_on,
            "rules' warnings": len(item.warnings.splitlines()) if item.warnings else None,
            "details": typed_text(item.details) if item.details else None,
        },
    )


@require_http_methods(["GET", "POST"])
def add_breach(request: HttpRequest, pk: int, intervention_pk: int) -> HttpResponse:
    def make(case, data):
        intervention = get_object_or_404(Intervention, pk=intervention_pk, case=case)
        return forms.BreachForm(data, intervention=intervention)

    def save(case, form):
        intervention = form.intervention
        breach = Breach.objects.create(intervention=intervention, recorded_by=request.user, **form.cleaned_data)
        return f"Breach of the {intervention.label} recorded", described(
            f"breach {breach.pk} of the {intervention.label} (intervention {intervention.pk}) recorded",
            {"on": breach.on, "description": typed_text(breach.description)},
        )

    return _case_form(request, pk, "Record a breach", make, save)


@require_http_methods(["GET", "POST"])
def add_task(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, form):
        task = Task.objects.create(case=case, **form.cleaned_data)
        return "Task added", described(
            f"task {task.pk} added",
            {"owner": task.owner.get_username(), "due on": task.due_on, "title": typed_text(task.title)},
        )

    return _case_form(request, pk, "Add a task", lambda c, d: forms.TaskForm(d, case=c), save)


@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, form):
        shared = Share.objects.create(
            case=case, shared_on=timezone.localdate(), shared_by=request.user, **form.cleaned_data
        )
        message = f"Shared with {shared.agency}"
        return message, described(message, {"from": shared.shared_on, "basis": shared.basis})

    return _case_form(
        request,
        pk,
        "Share the case with an agency",
        lambda c, d: forms.ShareForm(d, case=c),
        save,
        check=checks.can_manage_case,
    )


@require_http_methods(["GET", "POST"])
def record_consent(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, form):
        consent = Consent.objects.create(case=case, recorded_by=request.user, **form.cleaned_data)
        return "Consent recorded", described(
            "consent recorded",
            {
                "person": person_number(consent.person),
                "agrees to sharing": consent.given,
                "on": consent.on,
                "basis": consent.get_basis_display(),
            },
        )

    return _case_form(
        request, pk, "Record consent to share", lambda c, d: forms.ConsentForm(d, people=_people(c)), save
    )


@require_http_methods(["GET", "POST"])
def request_access(request: HttpRequest, pk: int) -> HttpResponse:
    case = find_case(request.user, pk)
    require(checks.can_request_case_access(request.user, case))
    form = forms.AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            AccessRequest.objects.create(
                case=case, agency=request.user.agency, requested_by=request.user, reason=form.cleaned_data["reason"]
            )
            personal.record(
                request.user,
                Action.ACCESS_REQUEST,
                "case",
                case.pk,
                summary=case.reference,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        messages.success(request, f"Access asked for; {case.lead_agency} will decide")
        return redirect("cases:detail", case.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": "Ask for access",
            "caption": case.reference,
            "back_url": reverse("cases:detail", args=[case.pk]),
        },
    )


@require_POST
def decide_access(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    case = find_case(request.user, pk)
    require(checks.can_manage_case(request.user, case))
    access = get_object_or_404(AccessRequest, pk=request_pk, case=case, status=AccessRequest.Status.PENDING)
    granted = request.POST.get("decision") == "grant"
    with transaction.atomic():
        access.status = AccessRequest.Status.GRANTED if granted else AccessRequest.Status.REFUSED
        access.decided_by = request.user
        access.decided_on = timezone.localdate()
        access.save()
        personal.record(
            request.user,
            Action.ACCESS_GRANTED if granted else Action.ACCESS_REFUSED,
            "case",
            case.pk,
            summary=described(
                f"{case.reference} for {access.agency}",
                {"status": changed(AccessRequest.Status.PENDING.label, access.get_status_display())},
            ),
            request=request,
        )
    messages.success(request, f"Access {'granted' if granted else 'refused'}")
    return redirect("cases:detail", case.pk)


@require_POST
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock a case down at once: it narrows who may read it. Opening it again asks for a reason (``unlock``)."""
    case = find_case(request.user, pk)
    require(checks.can_manage_case(request.user, case))
    if request.POST.get("locked") != "1":
        return redirect("cases:unlock", case.pk)
    if not case.locked_down:
        with transaction.atomic():
            case.locked_down = True
            case.save(update_fields=["locked_down"])
            personal.record(
                request.user,
                Action.CHANGE,
                "case",
                case.pk,
                summary=described(f"{case.reference} locked down", {"locked down": changed(False, True)}),
                request=request,
            )
    return redirect("cases:detail", case.pk)


@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a locked-down case to the agencies it is shared with, for a reason kept in the audit log."""

    def decide(case: Case, data: dict[str, Any]) -> str:
        case.locked_down = False
        case.save(update_fields=["locked_down"])
        return described(f"{case.reference} opened to shared agencies", {"locked down": changed(True, False)})

    return _decision(
        request,
        pk,
        applies=lambda case: case.locked_down,
        form=lambda data: forms.ReasonForm(data, label="Why the agencies it is shared with may now read it"),
        decide=decide,
        page={
            "heading": "Open the case to shared agencies",
            "intro": "Every agency the case is shared with will be able to read it in full.",
            "submit_label": "Open to shared agencies",
        },
        done="Case opened to the agencies it is shared with",
    )


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a case with its outcome and a reason, after seeing what is still running on it."""
    today = timezone.localdate()

    def decide(case: Case, data: dict[str, Any]) -> str:
        outcome = Case.Outcome(data["outcome"])
        case.status, case.closed_on = Case.Status.CLOSED, today
        case.closure_outcome, case.closure_reason = outcome.value, data["reason"]
        case.save(update_fields=["status", "closed_on", "closure_outcome", "closure_reason"])
        return described(
            f"{case.reference} closed",
            {
                "status": changed(Case.Status.OPEN.label, Case.Status.CLOSED.label),
                "closed on": today,
                "outcome": outcome.label,
                "left running": closing.still_running(case, today).counted(),
            },
        )

    return _decision(
        request,
        pk,
        applies=lambda case: case.status == Case.Status.OPEN,
        form=forms.CloseCaseForm,
        decide=decide,
        page={"heading": "Close the case", "submit_label": "Close the case"},
        done="Case closed",
        template="cases/close_case.html",
        shown=lambda case: {"running": closing.still_running(case, today)},
    )


@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed case, for a reason kept in the audit log; its closing date and outcome are cleared
    (the audit log keeps them), so retention counts from the next closing."""

    def decide(case: Case, data: dict[str, Any]) -> str:
        was = described(
            f"{case.reference} reopened",
            {
                "status": changed(Case.Status.CLOSED.label, Case.Status.OPEN.label),
                "had closed on": case.closed_on,
                "with outcome": case.get_closure_outcome_display(),
            },
        )
        case.status, case.closed_on, case.closure_outcome, case.closure_reason = Case.Status.OPEN, None, "", ""
        case.save(update_fields=["status", "closed_on", "closure_outcome", "closure_reason"])
        return was

    return _decision(
        request,
        pk,
        applies=lambda case: case.status == Case.Status.CLOSED,
        form=lambda data: forms.ReasonForm(data, label="Why the case is reopened"),
        decide=decide,
        page={"heading": "Reopen the case", "submit_label": "Reopen the case"},
        done="Case reopened",
    )


def _decision(
    request: HttpRequest,
    pk: int,
    *,
    applies: Callable[[Case], bool],
    form: Callable[[dict | None], Any],
    decide: Callable[[Case, dict[str, Any]], str],
    page: dict[str, str],
    done: str,
    template: str = "core/form_page.html",
    shown: Callable[[Case], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A lead agency's decision on a case that needs a reason: a page asking for it (audited as a
    view), then a POST that changes the case and records the change with the reason. A case the
    decision no longer applies to (already closed, already open) goes back to its page unchanged."""
    case = find_case(request.user, pk)
    require(checks.can_manage_case(request.user, case))
    if not applies(case):
        messages.info(request, f"Nothing changed: case {case.reference} is {case.get_status_display().lower()}"
                      + (" and locked down" if case.locked_down else ""))
        return redirect("cases:detail", case.pk)
    made = form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and made.is_valid():
        with transaction.atomic():
            summary = decide(case, made.cleaned_data)
            personal.record(
                request.user, Action.CHANGE, "case", case.pk, summary=summary, reason=made.cleaned_data["reason"],
                request=request,
            )
        messages.success(request, f"{done}: {case.reference}")
        return redirect("cases:detail", case.pk)
    personal.record(request.user, Action.VIEW, "case", case.pk, summary=f"{page['heading']} form", request=request)
    return render(
        request,
        template,
        {
            "form": made,
            "case": case,
            "caption": case.reference,
            "back_url": reverse("cases:detail", args=[case.pk]),
            **page,
            **(shown(case) if shown else {}),
        },
    )


@require_POST
def task_done(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("case"), pk=task_pk)
    if task.case is not None:
        find_case(request.user, task.case_id)
        require(task.owner_id == request.user.pk or checks.can_edit_case(request.user, task.case))
    else:
        require(task.owner_id == request.user.pk)
    with transaction.atomic():
        before, task.done_on = task.done_on, timezone.localdate()
        task.save(update_fields=["done_on"])
        where = f" on {task.case.reference}" if task.case else ""
        done = described(f"task {task.pk}{where}", {"done on": changed(before, task.done_on)})
        personal.record(request.user, Action.CHANGE, "task", task.pk, summary=done, request=request)
    return redirect(request.POST["next"] if _safe_next(request) else "cases:my_tasks")


def _safe_next(request: HttpRequest) -> bool:
    target = request.POST.get("next", "")
    return target.startswith("/") and not target.startswith("//")


@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    require(checks.can_work_any_cases(request.user))
    today = timezone.localdate()
    tasks = list(Task.objects.filter(owner=request.user, done_on__isnull=True).select_related("case"))
    for task in tasks:
        task.working_days_left = working_days_between(today, task.due_on)
    alerts = Alert.objects.filter(agency_id=request.user.agency_id, seen_at__isnull=True).select_related("case")
    personal.record(request.user, Action.VIEW, "task_list", summary=f"my tasks, {len(tasks)} open", request=request)
    return render(request, "cases/my_tasks.html", {"tasks": tasks, "alerts": alerts, "today": today})


@require_GET
def person_detail(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = open_person(request, person_pk)
    cases = [
        (c, [link.get_role_display() for link in c.involved.filter(person=person)])
        for c in cases_seen_by(request.user).filter(involved__person=person).distinct()
        if checks.can_view_case(request.user, c)
    ]
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "cases": cases,
            "can_export": checks.can_export_subject_access(request.user, person.partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Answer a subject access request for someone the user may see, from the cases they may read.

    It asks first for the request being answered (recorded with the export in the audit log), and
    is a POST, so no link, prefetch or crawler can export a person's records.
    """
    person = get_object_or_404(Person, pk=person_pk)
    if not checks.can_export_subject_access(request.user, person.partnership):
        raise Http404("no such person")
    person = open_person(request, person_pk)  # 404 unless the user may see a case they are in
    readable = [
        c.pk for c in cases_seen_by(request.user).filter(involved__person=person).distinct()
        if checks.can_view_case(request.user, c)
    ]
    reason = request.POST.get("reason", "").strip()[:200] if request.method == "POST" else ""
    if not reason:
        error = "Enter the request you are answering, for example its reference" if request.method == "POST" else ""
        return render(request, "cases/subject_access.html", {"person": person, "error": error, "cases": len(readable)})
    personal.record(
        request.user, Action.SUBJECT_ACCESS, "person", person.pk, summary=f"person {person.pk}", reason=reason,
        request=request,
    )
    body = json.dumps(subject_access_export(person, readable), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.json"'
    return response


@require_GET
def audit_review(request: HttpRequest) -> HttpResponse:
    partnerships = [p for p in Partnership.objects.all() if checks.can_review_personal_audit(request.user, p)]
    require(bool(partnerships))
    from cspkit.web.accounts.models import User

    usernames = User.objects.filter(partnerships__in=partnerships).values_list("username", flat=True)
    events = PersonalDataEvent.objects.filter(username__in=list(usernames))
    for field in ("username", "action", "record_type", "record_id"):
        value = request.GET.get(field, "").strip()
        if value:
            events = events.filter(**{field: value})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    broken = personal.verify_chain()
    return render(
        request,
        "cases/audit_review.html",
        {
            "page": page,
            "broken": broken,
            "actions": PersonalDataEvent.Action.choices,
            "filters": request.GET,
        },
    )
