"""The named access checks: the only place the app decides who may see or change what.

Each check takes the person (possibly anonymous) and the thing, and answers yes or no. Views
call them before acting and templates call them (``{% allowed %}``) before offering a link, so
a rule changes in one place. Anonymous visitors are treated as the public.

Who may do what, in short:

- Coordinators run their partnership's plan: create, edit and import plans, set the RAG rule,
  override a RAG rating with a reason, write and publish board reports, read the access log.
- Analysts read everything in their partnership and update any performance measure.
- Partner officers update the actions and measures their own agency owns, and read the rest.
- Board members read the plan, performance, draft and published board reports and evidence.
- The public (and anyone not signed in) reads published board reports only.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db.models import Q

from cspkit.web.core import generation
from cspkit.web.permissions.roles import MEMBER_ROLES, PERSONAL_DATA_ROLES, UPDATING_ROLES, Role


class Person(Protocol):
    is_authenticated: bool
    is_superuser: bool


def role_of(user: Any) -> Role:
    """The user's role; the public for anyone not signed in."""
    if not getattr(user, "is_authenticated", False):
        return Role.PUBLIC
    return Role(user.role)


def partnership_ids(user: Any) -> frozenset[int]:
    """Ids of the partnerships the user works for (cached on the user for the request, and in the
    process until the next write)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_partnership_ids", None)
    if cached is None:
        cached = generation.cached(
            ("partnership ids", user.pk), lambda: frozenset(user.partnerships.values_list("pk", flat=True))
        )
        user._partnership_ids = cached
    return cached


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def _has_role_in(user: Any, partnership_id: int, roles: frozenset[Role] | set[Role]) -> bool:
    if _is_superuser(user):
        return True
    return role_of(user) in roles and partnership_id in partnership_ids(user)


def _owns(user: Any, owner_agency_id: int | None) -> bool:
    return owner_agency_id is not None and getattr(user, "agency_id", None) == owner_agency_id


# Partnership-wide checks -------------------------------------------------------------------


def is_member(user: Any, partnership: Any) -> bool:
    """Works inside the partnership (any role but the public)."""
    return _has_role_in(user, partnership.pk, MEMBER_ROLES)


def can_view_dashboard(user: Any) -> bool:
    """Sees the partnership dashboard rather than the public list of reports."""
    return _is_superuser(user) or (role_of(user) in MEMBER_ROLES and bool(partnership_ids(user)))


def can_see_updates_due(user: Any) -> bool:
    """Has quarterly updates to send."""
    return _is_superuser(user) or (role_of(user) in UPDATING_ROLES and bool(partnership_ids(user)))


def can_create_plan(user: Any, partnership: Any) -> bool:
    return _has_role_in(user, partnership.pk, {Role.COORDINATOR})


def can_view_access_log(user: Any, partnership: Any) -> bool:
    return _has_role_in(user, partnership.pk, {Role.COORDINATOR})


def can_view_evidence(user: Any, partnership: Any) -> bool:
    return is_member(user, partnership)


# The plan ------------------------------------------------------------------------------------


def can_view_plan(user: Any, plan: Any) -> bool:
    return _has_role_in(user, plan.partnership_id, MEMBER_ROLES)


def can_edit_plan(user: Any, plan: Any) -> bool:
    """Change the plan itself: priorities, outcomes, actions, measures, risks, links."""
    return _has_role_in(user, plan.partnership_id, {Role.COORDINATOR})


def can_import_plan(user: Any, partnership: Any) -> bool:
    return can_create_plan(user, partnership)


def can_export_plan(user: Any, plan: Any) -> bool:
    return can_view_plan(user, plan)


def can_view_history(user: Any, plan: Any) -> bool:
    """Read the full history of changes to a plan's records."""
    return can_view_plan(user, plan)


# The quarterly cycle ---------------------------------------------------------------------------


def can_update_action(user: Any, action: Any) -> bool:
    """Send the quarterly update (status and commentary) of an action."""
    partnership_id = action.priority.plan.partnership_id
    if _has_role_in(user, partnership_id, {Role.COORDINATOR}):
        return True
    return _has_role_in(user, partnership_id, {Role.PARTNER_OFFICER}) and _owns(user, action.owner_agency_id)


def can_update_measure(user: Any, measure: Any) -> bool:
    """Send the quarterly value and commentary of a performance measure."""
    partnership_id = measure.priority.plan.partnership_id
    if _has_role_in(user, partnership_id, {Role.COORDINATOR, Role.ANALYST}):
        return True
    return _has_role_in(user, partnership_id, {Role.PARTNER_OFFICER}) and _owns(user, measure.owner_agency_id)


def _update_scope(user: Any, everything: set[Role]) -> Q:
    if _is_superuser(user) or role_of(user) in everything:
        return Q()
    if role_of(user) == Role.PARTNER_OFFICER and getattr(user, "agency_id", None) is not None:
        return Q(owner_agency_id=user.agency_id)
    return Q(pk__in=[])


def actions_updatable_by(user: Any) -> Q:
    """:func:`can_update_action` as a filter, for actions of plans of the user's partnerships:
    lets "Updates due" count thousands of actions in SQL."""
    return _update_scope(user, {Role.COORDINATOR})


def measures_updatable_by(user: Any) -> Q:
    """:func:`can_update_measure` as a filter, for measures of plans of the user's partnerships."""
    return _update_scope(user, {Role.COORDINATOR, Role.ANALYST})


def can_override_rag(user: Any, measure: Any) -> bool:
    """Replace a computed RAG rating with another, giving a reason."""
    return _has_role_in(user, measure.priority.plan.partnership_id, {Role.COORDINATOR})


def can_configure_rag(user: Any, plan: Any) -> bool:
    """Choose how RAG ratings are computed for a plan."""
    return _has_role_in(user, plan.partnership_id, {Role.COORDINATOR, Role.ANALYST})


# Board reports ---------------------------------------------------------------------------------


def can_view_board_report(user: Any, report: Any) -> bool:
    """Published reports are for everyone; drafts for the partnership's members."""
    return report.is_published or can_view_plan(user, report.plan)


def can_edit_board_report(user: Any, report: Any) -> bool:
    """Write highlights and exceptions, publish or withdraw a report."""
    return can_edit_plan(user, report.plan)


def can_create_board_report(user: Any, plan: Any) -> bool:
    return can_edit_plan(user, plan)


# Commissioning and funding -------------------------------------------------------------------
# Members read funds, projects and returns; coordinators set up funds, allocations and projects;
# a provider sees and sends returns for its own agency's projects only, and never sees the funds.


def can_view_commissioning(user: Any, partnership: Any) -> bool:
    """Open the commissioning pages of a partnership (a provider sees only its own projects there)."""
    return is_member(user, partnership) or _has_role_in(user, partnership.pk, {Role.PROVIDER})


def can_view_funds(user: Any, partnership: Any) -> bool:
    return is_member(user, partnership)


def can_manage_funding(user: Any, partnership: Any) -> bool:
    """Create and change funds, allocations, projects and their promised outputs."""
    return _has_role_in(user, partnership.pk, {Role.COORDINATOR})


def can_view_project(user: Any, project: Any) -> bool:
    if is_member(user, project.partnership):
        return True
    return _has_role_in(user, project.partnership_id, {Role.PROVIDER}) and _owns(user, project.provider_id)


def can_submit_return(user: Any, project: Any) -> bool:
    """Send or correct a quarterly return: the coordinator, or the project's own provider."""
    if _has_role_in(user, project.partnership_id, {Role.COORDINATOR}):
        return True
    return _has_role_in(user, project.partnership_id, {Role.PROVIDER}) and _owns(user, project.provider_id)


# Statutory registers: PSPOs and Domestic Abuse Related Death Reviews -------------------------

#: Who reads the PSPO register (orders, consultations, enforcement counts): no personal data in it.
PSPO_READERS = MEMBER_ROLES | {Role.CASE_OFFICER, Role.SUPERVISOR}


def can_use_registers(user: Any) -> bool:
    """Works with the registers in some partnership (for the navigation)."""
    return _is_superuser(user) or (role_of(user) in PSPO_READERS and bool(partnership_ids(user)))


def can_view_pspo_register(user: Any, partnership: Any) -> bool:
    return _has_role_in(user, partnership.pk, PSPO_READERS)


def can_edit_pspo_register(user: Any, partnership: Any) -> bool:
    """Propose, make, vary, extend and discharge orders; record consultations and enforcement."""
    return _has_role_in(user, partnership.pk, {Role.COORDINATOR})


def can_view_register_statement(user: Any, partnership: Any) -> bool:
    """The counts of both registers (small numbers suppressed) for the board and the yearly statement."""
    return _has_role_in(user, partnership.pk, MEMBER_ROLES)


def can_list_death_reviews(user: Any, partnership: Any) -> bool:
    """See the list of the death reviews one is named on."""
    return _has_role_in(user, partnership.pk, PERSONAL_DATA_ROLES)


def can_create_death_review(user: Any, partnership: Any) -> bool:
    return _has_role_in(user, partnership.pk, {Role.COORDINATOR})


def _named_on(user: Any, review: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and review.named_people.filter(pk=user.pk).exists()


def can_view_death_review(user: Any, review: Any) -> bool:
    """Restricted to the people named on the review (and working with personal data), by default."""
    if _is_superuser(user):
        return True
    return _has_role_in(user, review.partnership_id, PERSONAL_DATA_ROLES) and _named_on(user, review)


def can_edit_death_review(user: Any, review: Any) -> bool:
    """Record the review's steps, IMRs, pauses, recommendations and actions; name who may open it."""
    if _is_superuser(user):
        return True
    return _has_role_in(user, review.partnership_id, {Role.COORDINATOR}) and _named_on(user, review)


# ASB casework (personal data) -------------------------------------------------------------------
#
# Coordinators, case officers and supervisors work with cases, each for their own agency: an
# agency sees the cases it leads and those shared with it. A locked-down case is seen in full only
# by its lead agency and agencies granted access; the agencies it is shared with see that it
# exists and who holds it, and may ask for access. Other partnerships' cases do not exist for them.


def can_work_cases(user: Any, partnership: Any) -> bool:
    return _has_role_in(user, partnership.pk, PERSONAL_DATA_ROLES)


def can_work_any_cases(user: Any) -> bool:
    return _is_superuser(user) or (role_of(user) in PERSONAL_DATA_ROLES and bool(partnership_ids(user)))


def _case_agencies(case: Any) -> tuple[set[int], set[int]]:
    """(agencies the case is shared with, agencies granted access to it)."""
    cached = getattr(case, "_agency_ids", None)
    if cached is None:
        shared = {share.agency_id for share in case.shares.all()}
        granted = {r.agency_id for r in case.access_requests.all() if r.status == "granted"}
        cached = case._agency_ids = (shared, granted)
    return cached


def can_see_case_exists(user: Any, case: Any) -> bool:
    """Knows the case exists and which agencies hold it (the list, the restricted page)."""
    if _is_superuser(user):
        return True
    if not can_work_cases(user, case.partnership):
        return False
    agency = getattr(user, "agency_id", None)
    shared, granted = _case_agencies(case)
    return agency is not None and (agency == case.lead_agency_id or agency in shared or agency in granted)


def can_view_case(user: Any, case: Any) -> bool:
    """Reads the case in full: people, incidents, notes, risk, interventions."""
    if _is_superuser(user):
        return True
    if not can_see_case_exists(user, case):
        return False
    agency = user.agency_id
    shared, granted = _case_agencies(case)
    if agency == case.lead_agency_id or agency in granted:
        return True
    return not case.locked_down and agency in shared


def can_edit_case(user: Any, case: Any) -> bool:
    """Adds notes, incidents, people, risk assessments, interventions, breaches and tasks."""
    return can_view_case(user, case) and case.anonymised_at is None


def can_manage_case(user: Any, case: Any) -> bool:
    """The lead agency's decisions: share, lock down, close, grant or refuse access."""
    if not can_edit_case(user, case):
        return False
    return _is_superuser(user) or user.agency_id == case.lead_agency_id


def can_request_case_access(user: Any, case: Any) -> bool:
    return can_see_case_exists(user, case) and not can_view_case(user, case)


def can_review_personal_audit(user: Any, partnership: Any) -> bool:
    """Supervisors review who touched which personal record."""
    return _has_role_in(user, partnership.pk, {Role.SUPERVISOR})


def can_export_subject_access(user: Any, partnership: Any) -> bool:
    """Answer a subject access request: everything held about one person."""
    return _has_role_in(user, partnership.pk, {Role.SUPERVISOR})


def can_run_case_reviews(user: Any, partnership: Any) -> bool:
    """Receive ASB Case Review applications, decide the threshold, hold reviews, hear appeals."""
    return _has_role_in(user, partnership.pk, {Role.COORDINATOR, Role.SUPERVISOR})


def can_export_assessment_records(user: Any, partnership: Any) -> bool:
    """Download the files the strategic assessment reads: casework counts (counts only, small numbers
    withheld) and the projects. Coordinators, who write the assessment."""
    return _has_role_in(user, partnership.pk, {Role.COORDINATOR})


#: Every check, by name, for the ``{% allowed %}`` template tag.
CHECKS = {
    name: value for name, value in globals().items() if name.startswith(("can_", "is_member")) and callable(value)
}
