"""The demo partnership for the web app: agencies, one user per role, a plan, a year and more of
quarterly updates, and a published board report.

It is the partnership the evidence demo generates (Hartbury, in the fictional Mercia Vale
force area, with the same made-up ONS codes), so its plan and evidence pages tell one story.
The plan's rows follow the delivery plans partnerships publish: aims, activities, leads,
measures, and assumptions and key risks, with "we will / how / timescale / owner / working
with" for each action. Figures are drawn from a seeded random generator: the same every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cspkit.web.accounts.models import Agency, Partnership, User
from cspkit.web.board.models import BoardReport, BoardSection
from cspkit.web.board.publishing import public_version
from cspkit.web.performance.models import ActionUpdate, MeasureUpdate, RagRule
from cspkit.web.performance.quarters import Quarter, quarters_between
from cspkit.web.performance.rating import apply_rating
from cspkit.web.permissions.roles import Role
from cspkit.web.plan.models import Action, Measure, Outcome, Plan, Priority, Risk, StrategyLink
from cspkit.web.registers.demo import create_registers_demo

DEMO_PARTNERSHIP = "Hartbury Community Safety Partnership"
DEMO_PASSWORD = "cspkit-demo"
SEED = 20250401


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    agency: str | None
    what_they_do: str


DEMO_USERS = (
    DemoUser(
        "coordinator",
        "Chris",
        "Coordinator",
        Role.COORDINATOR,
        "Hartbury Borough Council",
        "keeps the plan, writes and publishes board reports",
    ),
    DemoUser(
        "analyst",
        "Asha",
        "Analyst",
        Role.ANALYST,
        "Mercia Vale County Council",
        "sends figures for any measure, sets the RAG rule",
    ),
    DemoUser(
        "officer",
        "Pat",
        "Officer",
        Role.PARTNER_OFFICER,
        "Mercia Vale Police",
        "updates Mercia Vale Police's actions and measures",
    ),
    DemoUser("board", "Bea", "Boardmember", Role.BOARD_MEMBER, None, "reads the plan, performance and reports"),
    DemoUser(
        "provider",
        "Priya",
        "Provider",
        Role.PROVIDER,
        "Hartbury Women's Aid",
        "sends quarterly returns for Hartbury Women's Aid's commissioned projects",
    ),
    DemoUser("public", "Rob", "Resident", Role.PUBLIC, None, "reads published board reports only"),
)


def all_demo_users() -> tuple:
    """Every demo account: the plan's (above) and the casework team's (``cspkit.web.cases.demo``)."""
    from cspkit.web.cases.demo import CASEWORK_USERS

    return (*DEMO_USERS, *CASEWORK_USERS)


AGENCIES = (
    ("Hartbury Borough Council", "Council", Agency.Kind.COUNCIL),
    ("Mercia Vale County Council", "County Council", Agency.Kind.COUNCIL),
    ("Mercia Vale Police", "Police", Agency.Kind.POLICE),
    ("Mercia Vale Fire and Rescue Service", "Fire", Agency.Kind.FIRE),
    ("Probation Service", "Probation", Agency.Kind.PROBATION),
    ("Hartbury Homes", "Housing", Agency.Kind.HOUSING),
    ("Hartbury Women's Aid", "Women's Aid", Agency.Kind.VOLUNTARY),
    ("Office of the Police and Crime Commissioner", "OPCC", Agency.Kind.COMMISSIONER),
)


@dataclass(frozen=True)
class DemoMeasure:
    reference: str
    name: str
    definition: str
    owner: str
    polarity: str
    unit: str
    baseline: float
    target: float | None
    typical: float  # the level the quarterly figures move around
    source: str = Measure.Source.MANUAL
    evidence_series: str = ""
    denominator: float | None = None


@dataclass(frozen=True)
class DemoAction:
    reference: str
    we_will: str
    how: str
    timescale: str
    owner: str
    working_with: str
    risk: tuple[str, str] | None = None  # (kind, description)


@dataclass(frozen=True)
class DemoPriority:
    title: str
    description: str
    outcome: str
    actions: tuple[DemoAction, ...]
    measures: tuple[DemoMeasure, ...]


PRIORITIES = (
    DemoPriority(
        "Anti-social behaviour",
        "Anti-social behaviour is the partnership's highest-volume issue and residents' first concern.",
        "Fewer incidents of anti-social behaviour in hot spot areas, and repeat victims supported",
        (
            DemoAction(
                "1.1",
                "Reduce calls to police about anti-social behaviour by young people in hot spot areas",
                "Targeted outreach and diversionary sport in hot spot areas at key times",
                "Every school holiday",
                "Hartbury Borough Council",
                "Police, youth service, sports clubs",
                ("assumption", "The young people causing the anti-social behaviour take part in the activities"),
            ),
            DemoAction(
                "1.2",
                "Take action against those persistently engaging in anti-social behaviour",
                "Legal support to apply for injunctions and issue Community Protection Notices",
                "For the duration of the plan",
                "Hartbury Borough Council",
                "Mercia Vale Police",
                ("risk", "Courts do not grant injunctions, or legal costs escalate in complex cases"),
            ),
            DemoAction(
                "1.3",
                "Reduce neighbourhood nuisance",
                "Independent mediation case by case; deploy redeployable CCTV cameras for victims",
                "For the duration of the plan",
                "Mercia Vale Police",
                "Hartbury Homes, mediation service",
            ),
        ),
        (
            DemoMeasure(
                "1.a",
                "Anti-social behaviour incidents reported to police",
                "police.uk anti-social behaviour incidents in the partnership's area, per quarter",
                "Mercia Vale Police",
                Measure.Polarity.LOWER,
                Measure.Unit.COUNT,
                960,
                920,
                930,
                Measure.Source.EVIDENCE,
                "Anti-social behaviour",
            ),
            DemoMeasure(
                "1.b",
                "Community Protection Notices issued",
                "Notices issued after a warning letter failed, per quarter",
                "Hartbury Borough Council",
                Measure.Polarity.NONE,
                Measure.Unit.COUNT,
                5,
                None,
                5,
            ),
        ),
    ),
    DemoPriority(
        "Domestic abuse",
        "Support victims of domestic abuse, keep them safe and reduce repeat victimisation.",
        "Victims are safer and more of them use support services",
        (
            DemoAction(
                "2.1",
                "Provide an outreach worker to accompany officers on first visits to victims",
                "Joint welfare visits; safety plans; referral to support services",
                "For the duration of the plan",
                "Hartbury Women's Aid",
                "Mercia Vale Police",
                ("assumption", "Women's Aid is able to recruit a suitable worker"),
            ),
            DemoAction(
                "2.2",
                "Improve the safety of repeat victims in their own homes",
                "Sanctuary scheme: target hardening of homes",
                "For the duration of the plan",
                "Hartbury Homes",
                "Mercia Vale Police, Women's Aid",
            ),
        ),
        (
            DemoMeasure(
                "2.a",
                "Victims supported by the outreach worker",
                "Victims visited with a safety plan made",
                "Hartbury Women's Aid",
                Measure.Polarity.HIGHER,
                Measure.Unit.COUNT,
                48,
                60,
                56,
            ),
            DemoMeasure(
                "2.b",
                "Repeat victims of domestic abuse",
                "Share of domestic abuse victims with another incident in the previous 12 months",
                "Mercia Vale Police",
                Measure.Polarity.LOWER,
                Measure.Unit.PERCENT,
                31,
                28,
                29,
                denominator=420,
            ),
        ),
    ),
    DemoPriority(
        "Serious violence and the night-time economy",
        "Meet the Serious Violence Duty: prevent violence before it begins, and keep the town centre safe at night.",
        "Less violence with injury, especially in the town centre at night",
        (
            DemoAction(
                "3.1",
                "Work with the licensed trade to help reduce crime and violence",
                "Information, advice and support through the town centre partnership",
                "For the duration of the plan",
                "Hartbury Borough Council",
                "Licensees, Street Pastors",
            ),
            DemoAction(
                "3.2",
                "Divert children at risk of violence through mentoring and positive activities",
                "Commissioned mentoring and detached youth work",
                "12 months, with the possibility of extension",
                "Mercia Vale Police",
                "Youth justice service, schools",
                ("risk", "Funding for the commissioned service ends before the work is established"),
            ),
        ),
        (
            DemoMeasure(
                "3.a",
                "Violence with injury offences",
                "police.uk violence and sexual offences, per quarter",
                "Mercia Vale Police",
                Measure.Polarity.LOWER,
                Measure.Unit.COUNT,
                280,
                265,
                272,
                Measure.Source.EVIDENCE,
                "Violence and sexual offences",
            ),
            DemoMeasure(
                "3.b",
                "Deliberate fires (F1 and F3)",
                "Deliberate primary and secondary fires attended",
                "Mercia Vale Fire and Rescue Service",
                Measure.Polarity.LOWER,
                Measure.Unit.COUNT,
                70,
                65,
                66,
            ),
        ),
    ),
)


def demo_plan_start(today: date) -> date:
    """The demo plan started in the April before last, so it has a year and more of quarters."""
    return date(Quarter.containing(today).year - 1, 4, 1)


@transaction.atomic
def create_demo(today: date | None = None, password: str = DEMO_PASSWORD) -> Partnership:
    """Create the demo partnership and everything in it. Call only when it does not exist yet."""
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    county = "Mercia Vale County Council"
    partnership = Partnership.objects.create(
        name=DEMO_PARTNERSHIP,
        short_name="Safer Hartbury",
        area_code="E22900001",
        host=county,
        police_force="mercia-vale",
        two_factor_roles=[],  # the demo is for trying out: no authenticator app needed
    )
    neighbour = Partnership.objects.create(
        name="Oakminster Community Safety Partnership",
        short_name="Safer Oakminster",
        area_code="E22900002",
        host=county,
        police_force="mercia-vale",
        two_factor_roles=[],
    )
    agencies = {}
    for name, short, kind in AGENCIES:
        agency = Agency.objects.create(name=name, short_name=short, kind=kind)
        agency.partnerships.add(partnership, neighbour)
        agencies[name] = agency
    for demo_user in DEMO_USERS:
        user = User.objects.create_user(
            demo_user.username,
            password=password,
            first_name=demo_user.first_name,
            last_name=demo_user.last_name,
            role=demo_user.role,
            agency=agencies.get(demo_user.agency) if demo_user.agency else None,
        )
        if demo_user.role != Role.PUBLIC:
            user.partnerships.add(partnership)

    coordinator = User.objects.get(username="coordinator")
    starts = demo_plan_start(today)
    plan = Plan.objects.create(
        partnership=partnership,
        title=f"Hartbury Community Safety Plan {starts.year} to {starts.year + 3}",
        starts=starts,
        ends=date(starts.year + 3, 3, 31),
        status=Plan.Status.AGREED,
        assessment=f"Hartbury Strategic Assessment {starts.year - 1}",
        summary="Our plan for a safer Hartbury: three priorities chosen from the strategic assessment's ranking "
        "and what residents told us.",
    )
    RagRule.objects.create(plan=plan)
    reported = [q for q in quarters_between(starts, plan.ends) if q < Quarter.last_completed(today)]
    for number, spec in enumerate(PRIORITIES, start=1):
        _create_priority(plan, number, spec, agencies, reported, coordinator, rng)
    _create_links(plan)
    from cspkit.web.cases.demo import create_casework_demo
    from cspkit.web.commissioning.demo import create_demo_commissioning

    create_demo_commissioning(partnership, plan, today)
    create_registers_demo(partnership, agencies, coordinator, today)
    create_casework_demo(partnership, agencies, today, password)
    if reported:  # last, so the published version freezes the casework, registers and commissioning too
        _create_board_report(plan, reported[-1], coordinator)
    return partnership


def _create_priority(plan, number, spec, agencies, reported, coordinator, rng) -> None:
    priority = Priority.objects.create(
        plan=plan,
        number=number,
        title=spec.title,
        description=spec.description,
        ranked_position=number,
        assessment=plan.assessment,
    )
    outcome = Outcome.objects.create(priority=priority, description=spec.outcome)
    for demo_action in spec.actions:
        action = Action.objects.create(
            priority=priority,
            outcome=outcome,
            reference=demo_action.reference,
            we_will=demo_action.we_will,
            how=demo_action.how,
            timescale=demo_action.timescale,
            lead=demo_action.owner,
            owner_agency=agencies[demo_action.owner],
            working_with=demo_action.working_with,
        )
        if demo_action.risk:
            Risk.objects.create(
                priority=priority, action=action, kind=demo_action.risk[0], description=demo_action.risk[1]
            )
        for index, quarter in enumerate(reported):
            status = (
                Action.Status.AT_RISK
                if (demo_action.reference == "2.1" and index == len(reported) - 1)
                else (Action.Status.ON_TRACK)
            )
            ActionUpdate.objects.create(
                action=action,
                year=quarter.year,
                quarter=quarter.number,
                status=status,
                updated_by=coordinator,
                commentary="Recruitment of the outreach worker is delayed; the post is advertised again."
                if status == Action.Status.AT_RISK
                else f"Delivered as planned in {quarter.label}.",
            )
        if reported:
            action.status = action.updates.order_by("-year", "-quarter").first().status
            action.save()
    for demo_measure in spec.measures:
        measure = Measure.objects.create(
            priority=priority,
            reference=demo_measure.reference,
            name=demo_measure.name,
            definition=demo_measure.definition,
            lead=demo_measure.owner,
            owner_agency=agencies[demo_measure.owner],
            polarity=demo_measure.polarity,
            unit=demo_measure.unit,
            baseline=Decimal(str(demo_measure.baseline)),
            baseline_period=f"{plan.starts.year - 1}/{plan.starts.year % 100:02d}",
            target=None if demo_measure.target is None else Decimal(str(demo_measure.target)),
            source=demo_measure.source,
            evidence_series=demo_measure.evidence_series,
        )
        for quarter in reported:
            value = _figure(demo_measure, quarter, rng)
            update = MeasureUpdate(
                measure=measure,
                year=quarter.year,
                quarter=quarter.number,
                value=value,
                updated_by=coordinator,
                denominator=None if demo_measure.denominator is None else Decimal(str(demo_measure.denominator)),
                commentary=f"{quarter.label} figure, checked by the owner.",
            )
            apply_rating(update)
            update.save()


def _figure(spec: DemoMeasure, quarter: Quarter, rng: random.Random) -> Decimal:
    """A plausible quarterly figure: the typical level, a summer peak for counts, and noise."""
    summer = 1.08 if quarter.number == 2 and spec.unit == Measure.Unit.COUNT else 1.0
    if spec.unit == Measure.Unit.PERCENT:
        return Decimal(str(round(rng.gauss(spec.typical, 1.5), 1)))
    return Decimal(max(0, round(rng.gauss(spec.typical * summer, spec.typical**0.5))))


def _create_links(plan: Plan) -> None:
    priorities = list(plan.priorities.all())
    pcc = StrategyLink.objects.create(
        plan=plan,
        kind=StrategyLink.Kind.PCC,
        title="Mercia Vale Police and Crime Plan",
        how_it_links="Safer neighbourhoods; supporting victims; preventing serious violence",
    )
    pcc.priorities.set(priorities)
    violence = StrategyLink.objects.create(
        plan=plan,
        kind=StrategyLink.Kind.NATIONAL,
        title="Serious Violence Duty (Police, Crime, Sentencing and Courts Act 2022)",
        how_it_links="The partnership's strategy to prevent and reduce serious violence",
    )
    violence.priorities.set([p for p in priorities if p.number == 3])
    abuse = StrategyLink.objects.create(
        plan=plan,
        kind=StrategyLink.Kind.LOCAL,
        title="Mercia Vale Domestic Abuse Strategy",
    )
    abuse.priorities.set([p for p in priorities if p.number == 2])


def _create_board_report(plan: Plan, quarter: Quarter, coordinator: User) -> None:
    report = BoardReport.objects.create(
        plan=plan,
        year=quarter.year,
        quarter=quarter.number,
        published_at=timezone.now(),
        published_by=coordinator,
        summary=f"Most actions are on track in {quarter.label}. The board is asked to note the delay in "
        "recruiting the domestic abuse outreach worker.",
    )
    for priority in plan.priorities.all():
        BoardSection.objects.create(
            report=report,
            priority=priority,
            highlights=f"Partners delivered the {priority.title.lower()} actions planned for {quarter.label}.",
            exceptions="The outreach worker post is being advertised again; visits continue with existing staff."
            if priority.number == 2
            else "",
        )
    public_version(report)  # frozen as version 1, as publishing it in the app would
