"""The escalation of powers under the Anti-social Behaviour, Crime and Policing Act 2014 and the
conditions each carries: who it may be used against, what must come first, how long it lasts and
when it must be reviewed.

A rule either *refuses* (the Act does not allow it: recording it would record something unlawful)
or *warns* (something a caseworker must check or do, such as consulting the youth offending team).
Section numbers are those of the 2014 Act; Criminal Behaviour Orders moved to the Sentencing Code
(Sentencing Act 2020, Part 11 Chapter 1) without change to the rules used here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from cspkit.casework.dates import add_months, add_years, age_on


class Power(StrEnum):
    """Interventions, roughly in the order a case escalates through them."""

    VERBAL_WARNING = "verbal_warning"
    WARNING_LETTER = "warning_letter"
    MEDIATION = "mediation"
    ACCEPTABLE_BEHAVIOUR_CONTRACT = "abc"
    PARENTING_CONTRACT = "parenting_contract"
    COMMUNITY_RESOLUTION = "community_resolution"
    COMMUNITY_PROTECTION_WARNING = "cpw"
    COMMUNITY_PROTECTION_NOTICE = "cpn"
    FIXED_PENALTY = "fixed_penalty"
    PROSECUTION = "prosecution"
    CIVIL_INJUNCTION = "civil_injunction"
    CRIMINAL_BEHAVIOUR_ORDER = "cbo"
    DISPERSAL_DIRECTION = "dispersal"
    CLOSURE_NOTICE = "closure_notice"
    CLOSURE_ORDER = "closure_order"
    CLOSURE_ORDER_EXTENSION = "closure_extension"
    POSSESSION = "possession"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def breachable(self) -> bool:
        """Whether it sets terms a person can break: a prosecution, a fixed penalty, mediation or a
        possession order is not breached (what follows is recorded as a step of its own)."""
        return self not in NOT_BREACHABLE

    @property
    def formal(self) -> bool:
        """A statutory power rather than an informal step."""
        return self not in INFORMAL


LABELS = {
    Power.VERBAL_WARNING: "Verbal warning",
    Power.WARNING_LETTER: "Warning letter",
    Power.MEDIATION: "Mediation",
    Power.ACCEPTABLE_BEHAVIOUR_CONTRACT: "Acceptable Behaviour Contract",
    Power.PARENTING_CONTRACT: "Parenting contract",
    Power.COMMUNITY_RESOLUTION: "Community resolution",
    Power.COMMUNITY_PROTECTION_WARNING: "Community Protection Warning",
    Power.COMMUNITY_PROTECTION_NOTICE: "Community Protection Notice",
    Power.FIXED_PENALTY: "Fixed penalty notice",
    Power.PROSECUTION: "Prosecution",
    Power.CIVIL_INJUNCTION: "Civil injunction",
    Power.CRIMINAL_BEHAVIOUR_ORDER: "Criminal Behaviour Order",
    Power.DISPERSAL_DIRECTION: "Dispersal direction",
    Power.CLOSURE_NOTICE: "Closure notice",
    Power.CLOSURE_ORDER: "Closure order",
    Power.CLOSURE_ORDER_EXTENSION: "Closure order extension",
    Power.POSSESSION: "Possession proceedings (absolute ground)",
}
NOT_BREACHABLE = frozenset({Power.MEDIATION, Power.FIXED_PENALTY, Power.PROSECUTION, Power.POSSESSION})
INFORMAL = frozenset(
    {
        Power.VERBAL_WARNING,
        Power.WARNING_LETTER,
        Power.MEDIATION,
        Power.ACCEPTABLE_BEHAVIOUR_CONTRACT,
        Power.PARENTING_CONTRACT,
        Power.COMMUNITY_RESOLUTION,
    }
)
#: Powers whose breach can be recorded against them.
BREACHABLE = frozenset(
    {
        Power.ACCEPTABLE_BEHAVIOUR_CONTRACT,
        Power.COMMUNITY_PROTECTION_NOTICE,
        Power.CIVIL_INJUNCTION,
        Power.CRIMINAL_BEHAVIOUR_ORDER,
        Power.DISPERSAL_DIRECTION,
        Power.CLOSURE_ORDER,
        Power.CLOSURE_ORDER_EXTENSION,
    }
)

#: The most a fixed penalty for failing to comply with a CPN may be (s.52(6)), in pounds.
FIXED_PENALTY_MAXIMUM = 100
#: Days in which a fixed penalty may be paid before prosecution (s.52(4)).
FIXED_PENALTY_DAYS = 14
#: Informal steps: months until the case officer reviews whether the behaviour stopped.
INFORMAL_REVIEW_MONTHS = {
    Power.WARNING_LETTER: 1,
    Power.VERBAL_WARNING: 1,
    Power.MEDIATION: 3,
    Power.ACCEPTABLE_BEHAVIOUR_CONTRACT: 6,
    Power.PARENTING_CONTRACT: 6,
    Power.COMMUNITY_RESOLUTION: 3,
}


class Severity(StrEnum):
    REFUSE = "refuse"
    WARN = "warn"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    message: str
    authority: str = ""


@dataclass(frozen=True)
class Subject:
    """Who the power is used against: a person (date of birth if known) or a body (a company, a landlord)."""

    born: date | None = None
    is_body: bool = False


@dataclass(frozen=True)
class Earlier:
    """An intervention already on the case against the same subject."""

    power: Power
    on: date
    comply_by: date | None = None
    breached_on: date | None = None
    months: int | None = None


@dataclass(frozen=True)
class Proposal:
    """An intervention a caseworker wants to record.

    ``months`` is the length asked for (orders, injunctions, ABCs), ``None`` with ``indefinite``
    for an order without end; ``hours`` for dispersal directions and closure notices.
    """

    power: Power
    on: date
    subject: Subject = Subject()
    earlier: Sequence[Earlier] = ()
    months: int | None = None
    indefinite: bool = False
    hours: int | None = None
    amount: int | None = None  # fixed penalty, in pounds
    convicted_on: date | None = None  # CBO: the conviction it is made on
    senior_authorisation: bool = False  # closure notice: superintendent or council chief executive
    authorised_by_inspector: bool | None = None  # dispersal: s.34 authorisation


@dataclass(frozen=True)
class Outcome:
    """What the rules say about a proposal: findings, the end date, review dates, and hours for short powers."""

    power: Power
    findings: tuple[Finding, ...] = ()
    ends: date | None = None
    ends_after_hours: int | None = None
    reviews: tuple[date, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def allowed(self) -> bool:
        return not any(f.severity is Severity.REFUSE for f in self.findings)

    @property
    def refusals(self) -> list[str]:
        return [f.message for f in self.findings if f.severity is Severity.REFUSE]

    @property
    def warnings(self) -> list[str]:
        return [f.message for f in self.findings if f.severity is Severity.WARN]


class _Check:
    """Collects findings while one proposal is checked."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.notes: list[str] = []

    def refuse(self, message: str, authority: str = "") -> None:
        self.findings.append(Finding(Severity.REFUSE, message, authority))

    def warn(self, message: str, authority: str = "") -> None:
        self.findings.append(Finding(Severity.WARN, message, authority))


def _age(proposal: Proposal) -> int | None:
    born = proposal.subject.born
    return None if born is None else age_on(born, proposal.on)


def _minimum_age(check: _Check, proposal: Proposal, minimum: int, authority: str, bodies: bool = False) -> int | None:
    if proposal.subject.is_body:
        if not bodies:
            check.refuse(f"A {proposal.power.label} can only be given to a person, not a body.", authority)
        return None
    age = _age(proposal)
    if age is None:
        check.warn(
            f"Date of birth unknown: confirm the person is {minimum} or over before giving a {proposal.power.label}.",
            authority,
        )
    elif age < minimum:
        check.refuse(f"The person is {age}; a {proposal.power.label} needs someone aged {minimum} or over.", authority)
    return age


def _earlier(proposal: Proposal, *powers: Power) -> list[Earlier]:
    return [e for e in proposal.earlier if e.power in powers and e.on <= proposal.on]


def check(proposal: Proposal) -> Outcome:
    """Apply the Act's conditions to ``proposal`` and compute its end and review dates."""
    rule = _RULES.get(proposal.power, _informal)
    return rule(proposal)


def _informal(proposal: Proposal) -> Outcome:
    months = proposal.months or INFORMAL_REVIEW_MONTHS.get(proposal.power, 3)
    ends = add_months(proposal.on, proposal.months) if proposal.months else None
    return Outcome(proposal.power, ends=ends, reviews=(add_months(proposal.on, months),))


def _community_protection_warning(proposal: Proposal) -> Outcome:
    c = _Check()
    _minimum_age(c, proposal, 16, "ASBCPA 2014 s.43(1)", bodies=True)
    c.notes.append("Give a reasonable time to comply and say what happens if the behaviour continues (s.43(5)).")
    return Outcome(proposal.power, tuple(c.findings), reviews=(), notes=tuple(c.notes))


def _community_protection_notice(proposal: Proposal) -> Outcome:
    c = _Check()
    _minimum_age(c, proposal, 16, "ASBCPA 2014 s.43(1)", bodies=True)
    warnings = _earlier(proposal, Power.COMMUNITY_PROTECTION_WARNING)
    if not warnings:
        c.refuse(
            "A Community Protection Notice needs a written warning (a Community Protection Warning) first.",
            "ASBCPA 2014 s.43(5)(a)",
        )
    else:
        latest = max(warnings, key=lambda e: e.on)
        if latest.comply_by is None:
            c.warn(
                "The warning has no date to comply by: check enough time was given to change the behaviour.",
                "ASBCPA 2014 s.43(5)(b)",
            )
        elif proposal.on < latest.comply_by:
            c.refuse(
                f"The warning gave until {latest.comply_by:%d %B %Y} to comply; a notice cannot be issued before then.",
                "ASBCPA 2014 s.43(5)(b)",
            )
    return Outcome(proposal.power, tuple(c.findings), reviews=(add_months(proposal.on, 3),))


def _fixed_penalty(proposal: Proposal) -> Outcome:
    c = _Check()
    notices = _earlier(proposal, Power.COMMUNITY_PROTECTION_NOTICE)
    if not any(n.breached_on is not None and n.breached_on <= proposal.on for n in notices):
        c.refuse(
            "A fixed penalty is for failing to comply with a Community Protection Notice: record the breach first.",
            "ASBCPA 2014 s.52(1)",
        )
    if proposal.amount is not None and proposal.amount > FIXED_PENALTY_MAXIMUM:
        c.refuse(f"A fixed penalty cannot be more than £{FIXED_PENALTY_MAXIMUM}.", "ASBCPA 2014 s.52(6)")
    ends = proposal.on + timedelta(days=FIXED_PENALTY_DAYS)
    c.notes.append(f"No prosecution for the breach before {ends:%d %B %Y} (14 days to pay).")
    return Outcome(proposal.power, tuple(c.findings), ends=ends, notes=tuple(c.notes))


def _prosecution(proposal: Proposal) -> Outcome:
    c = _Check()
    notices = _earlier(proposal, Power.COMMUNITY_PROTECTION_NOTICE)
    breached = [n for n in notices if n.breached_on is not None]
    if notices and not breached:
        c.warn("No breach of the Community Protection Notice is recorded on the case.", "ASBCPA 2014 s.48")
    penalties = _earlier(proposal, Power.FIXED_PENALTY)
    for penalty in penalties:
        if proposal.on < penalty.on + timedelta(days=FIXED_PENALTY_DAYS):
            c.refuse(
                "A fixed penalty was issued less than 14 days ago: no prosecution for that breach until the time "
                "to pay has passed.",
                "ASBCPA 2014 s.52(4)",
            )
    return Outcome(proposal.power, tuple(c.findings))


def _civil_injunction(proposal: Proposal) -> Outcome:
    c = _Check()
    age = _minimum_age(c, proposal, 10, "ASBCPA 2014 s.1(1)")
    ends = None
    if age is not None and age < 18:
        c.warn("The applicant must consult the youth offending team; the youth court hears it.", "ASBCPA 2014 s.14")
        if proposal.indefinite or proposal.months is None or proposal.months > 12:
            c.refuse("An injunction against someone under 18 must end within 12 months.", "ASBCPA 2014 s.1(6)")
    if proposal.months:
        ends = add_months(proposal.on, proposal.months)
    elif not proposal.indefinite:
        c.warn("Say how long the injunction lasts, or that it has no end (adults only).")
    reviews = (add_months(proposal.on, 6),) if ends is None or ends > add_months(proposal.on, 6) else ()
    return Outcome(proposal.power, tuple(c.findings), ends=ends, reviews=reviews)


def _criminal_behaviour_order(proposal: Proposal) -> Outcome:
    """Duration and reviews: 2014 Act ss.25 and 28, now Sentencing Code ss.335 and 337."""
    c = _Check()
    if proposal.subject.is_body:
        c.refuse("A Criminal Behaviour Order is made against a convicted person, not a body.", "ASBCPA 2014 s.22")
    if proposal.convicted_on is None:
        c.refuse(
            "A Criminal Behaviour Order is made only on conviction: record the conviction date.", "ASBCPA 2014 s.22(1)"
        )
    elif proposal.convicted_on > proposal.on:
        c.refuse("The conviction must come before the order.", "ASBCPA 2014 s.22(1)")
    age = _age(proposal)
    if age is None and not proposal.subject.is_body:
        c.warn("Date of birth unknown: the order's length and reviews depend on the person's age.")
    ends = add_months(proposal.on, proposal.months) if proposal.months else None
    if age is not None and age < 18:
        c.warn("The prosecution must find out the youth offending team's views first.", "ASBCPA 2014 s.22(8)")
        if proposal.indefinite or proposal.months is None or not 12 <= proposal.months <= 36:
            c.refuse("For someone under 18 the order must last between 1 and 3 years.", "ASBCPA 2014 s.25(5)")
    elif age is not None and not proposal.indefinite and (proposal.months is None or proposal.months < 24):
        c.refuse("For an adult the order must last at least 2 years, or have no end.", "ASBCPA 2014 s.25(5)")
    reviews = cbo_reviews(proposal.on, proposal.subject.born, ends) if proposal.subject.born else ()
    return Outcome(proposal.power, tuple(c.findings), ends=ends, reviews=reviews)


def cbo_reviews(made: date, born: date, ends: date | None) -> tuple[date, ...]:
    """The last day of each 12-month review period of a CBO at whose end the person is still under 18
    and the order still runs (ASBCPA 2014 s.28(1), Sentencing Code s.337): reviews are due by then."""
    reviews = []
    period = 1
    while True:
        period_ends = add_years(made, period) - timedelta(days=1)
        if ends is not None and ends < period_ends:
            break
        if age_on(born, period_ends) >= 18:
            break
        reviews.append(period_ends)
        period += 1
    return tuple(reviews)


def _dispersal(proposal: Proposal) -> Outcome:
    c = _Check()
    age = _minimum_age(c, proposal, 10, "ASBCPA 2014 s.35(1)")
    hours = proposal.hours if proposal.hours is not None else 48
    if hours > 48:
        c.refuse("A dispersal direction can exclude someone for no more than 48 hours.", "ASBCPA 2014 s.35(2)")
    if proposal.authorised_by_inspector is False:
        c.refuse("Dispersal powers must be authorised by an inspector or above.", "ASBCPA 2014 s.34(1)")
    elif proposal.authorised_by_inspector is None:
        c.warn("Record the inspector's authorisation of the dispersal area.", "ASBCPA 2014 s.34")
    if age is not None and age < 16:
        c.notes.append("Under 16: the officer may take the person home or to a place of safety (s.35(5)).")
    return Outcome(proposal.power, tuple(c.findings), ends_after_hours=hours, notes=tuple(c.notes))


def _closure_notice(proposal: Proposal) -> Outcome:
    c = _Check()
    hours = proposal.hours if proposal.hours is not None else 24
    limit = 48 if proposal.senior_authorisation else 24
    if hours > limit:
        c.refuse(
            f"A closure notice lasts at most {limit} hours"
            + ("" if proposal.senior_authorisation else " (48 with a superintendent's or chief executive's approval)")
            + ".",
            "ASBCPA 2014 s.77(1)",
        )
    c.notes.append("Apply to the magistrates' court: the application must be heard within 48 hours of service (s.80).")
    return Outcome(proposal.power, tuple(c.findings), ends_after_hours=hours, notes=tuple(c.notes))


def _closure_order(proposal: Proposal) -> Outcome:
    c = _Check()
    if not _earlier(proposal, Power.CLOSURE_NOTICE):
        c.refuse("A closure order follows a closure notice: record the notice first.", "ASBCPA 2014 s.80(1)")
    months = proposal.months if proposal.months is not None else 3
    if months > 3:
        c.refuse("A closure order lasts at most 3 months.", "ASBCPA 2014 s.80(5)")
    ends = add_months(proposal.on, months)
    return Outcome(proposal.power, tuple(c.findings), ends=ends, reviews=(ends - timedelta(days=14),))


def _closure_extension(proposal: Proposal) -> Outcome:
    c = _Check()
    orders = _earlier(proposal, Power.CLOSURE_ORDER, Power.CLOSURE_ORDER_EXTENSION)
    if not orders:
        c.refuse("Only a closure order already made can be extended.", "ASBCPA 2014 s.82")
        return Outcome(proposal.power, tuple(c.findings))
    first = (
        min(e.on for e in orders if e.power is Power.CLOSURE_ORDER)
        if any(e.power is Power.CLOSURE_ORDER for e in orders)
        else min(e.on for e in orders)
    )
    months = proposal.months or 0
    current_end = max(add_months(e.on, e.months or 3) for e in orders)
    ends = add_months(current_end, months)
    if ends > add_months(first, 6):
        c.refuse(
            "A closure order cannot run for more than 6 months in all, extensions included.", "ASBCPA 2014 s.82(7)"
        )
    return Outcome(proposal.power, tuple(c.findings), ends=ends)


def _possession(proposal: Proposal) -> Outcome:
    c = _Check()
    c.warn(
        "The absolute ground needs a qualifying conviction or breach; the landlord's notice must follow within "
        "the time the Housing Act 1985 s.83ZA / Housing Act 1988 s.8 sets."
    )
    return Outcome(proposal.power, tuple(c.findings))


_RULES = {
    Power.COMMUNITY_PROTECTION_WARNING: _community_protection_warning,
    Power.COMMUNITY_PROTECTION_NOTICE: _community_protection_notice,
    Power.FIXED_PENALTY: _fixed_penalty,
    Power.PROSECUTION: _prosecution,
    Power.CIVIL_INJUNCTION: _civil_injunction,
    Power.CRIMINAL_BEHAVIOUR_ORDER: _criminal_behaviour_order,
    Power.DISPERSAL_DIRECTION: _dispersal,
    Power.CLOSURE_NOTICE: _closure_notice,
    Power.CLOSURE_ORDER: _closure_order,
    Power.CLOSURE_ORDER_EXTENSION: _closure_extension,
    Power.POSSESSION: _possession,
}
