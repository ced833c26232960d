"""The demo partnership's commissioning: a PCC grant, partners' contributions and six projects
like those in real CSP annual reports, each with its promised outputs and quarterly returns.

Figures are fixed (not random) so a reader can check the summary against the returns by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cspkit.web.accounts.models import Agency, Partnership
from cspkit.web.commissioning.models import Allocation, Delivery, Fund, Output, Project, QuarterlyReturn
from cspkit.web.performance.quarters import Quarter
from cspkit.web.plan.models import Plan


@dataclass(frozen=True)
class DemoProject:
    reference: str
    name: str
    provider: str
    purpose: str
    priority: int  # plan priority number
    places: str
    budget_pounds: int
    pcc_pounds: int  # from the PCC grant; the rest of the budget from partners' contributions
    outputs: tuple[tuple[str, str, int, int], ...]  # name, unit, promised, delivered each quarter
    spend_pounds: int  # each quarter
    outcome: str
    evidence: str


NEW_PROVIDERS = (
    ("Hartbury Sport Trust", "Sport Trust", Agency.Kind.VOLUNTARY),
    ("Mercia Vale Mediation", "Mediation", Agency.Kind.VOLUNTARY),
)

PROJECTS = (
    DemoProject(
        "P1",
        "Diversionary sport in hot spot locations",
        "Hartbury Sport Trust",
        "Sport sessions in the areas most affected by anti-social behaviour, to reduce ASB and build belonging.",
        1,
        "E05900012 Hartbury Central\nE05900010 Kingsford",
        18_000,
        14_000,
        (
            ("Sessions delivered", "sessions", 130, 34),
            ("Young people taking part", "participants", 160, 41),
            ("Volunteers engaged", "volunteers", 12, 3),
        ),
        4_400,
        "Participants report more physical activity and more confidence saying no to drugs and alcohol.",
        "Before-and-after questionnaires completed by 38 participants.",
    ),
    DemoProject(
        "P2",
        "Domestic abuse police link worker",
        "Hartbury Women's Aid",
        "A domestic abuse worker joins police officers on welfare visits after reports of domestic abuse.",
        2,
        "",
        24_000,
        20_000,
        (("Joint welfare visits", "visits", 200, 52), ("Victims supported", "victims", 120, 31)),
        6_000,
        "Victims visited took up support; fewer repeat reports among those supported.",
        "Case records of the link worker; police repeat-incident data for supported households.",
    ),
    DemoProject(
        "P3",
        "Neighbourhood mediation",
        "Mercia Vale Mediation",
        "An external mediator for long-standing neighbour disputes that generate repeat calls to services.",
        1,
        "",
        6_000,
        6_000,
        (("Mediation cases", "cases", 12, 3),),
        1_500,
        "Two long-running disputes resolved with no further calls for service since.",
        "Calls for service from the parties before and after mediation.",
    ),
    DemoProject(
        "P4",
        "Sanctuary Scheme",
        "Hartbury Women's Aid",
        "Security adaptations so victims of domestic abuse can stay safely in their own homes.",
        2,
        "",
        9_000,
        9_000,
        (("Homes made secure", "households", 30, 8),),
        2_300,
        "Households adapted stayed in their homes; none reported a further incident at the address.",
        "Follow-up calls to each household after three months.",
    ),
    DemoProject(
        "P5",
        "Redeployable CCTV",
        "Hartbury Borough Council",
        "Cameras moved between ASB hot spots, with repairs and signage.",
        1,
        "E05900012 Hartbury Central\nE05900001 Oakbridge\nE05900004 Barfield",
        8_000,
        6_000,
        (("Camera deployments", "locations", 23, 6),),
        1_900,
        "Deployments acted as a deterrent; most sites needed no further action.",
        "ASB incidents at each site in the month before and after deployment.",
    ),
    DemoProject(
        "P6",
        "ASB powers training",
        "Hartbury Borough Council",
        "Multi-agency training on the tools and powers of the Anti-social Behaviour, Crime and Policing Act 2014.",
        3,
        "",
        3_000,
        3_000,
        (("Staff trained", "people", 60, 16),),
        700,
        "Officers use the graduated powers with confidence: more warnings before notices.",
        "Training feedback forms; the casework register of warnings and notices.",
    ),
)
PCC_GRANT_POUNDS = 65_000
PARTNER_POUNDS = 20_000


def create_demo_commissioning(partnership: Partnership, plan: Plan, today: date) -> None:
    """Funds, projects and returns for the financial year of the last completed quarter."""
    last = Quarter.last_completed(today)
    year = last.year
    label = Quarter(year, 1).financial_year
    for name, short, kind in NEW_PROVIDERS:
        agency, _ = Agency.objects.get_or_create(name=name, defaults={"short_name": short, "kind": kind})
        agency.partnerships.add(partnership)
    pcc = Fund.objects.create(
        partnership=partnership,
        name=f"PCC locality grant {label}",
        funder="Office of the Police and Crime Commissioner",
        kind=Fund.Kind.PCC_GRANT,
        amount_pence=PCC_GRANT_POUNDS * 100,
        first_year=year,
        last_year=year,
        conditions="Spend on the partnership's agreed priorities; quarterly returns within 20 working days of "
        "each quarter's end; unspent money returned.",
        funder_measures="Number of young people engaged in positive activities\nNumber of victims supported",
    )
    partners = Fund.objects.create(
        partnership=partnership,
        name=f"Partner contributions {label}",
        funder="Hartbury Borough Council and partners",
        kind=Fund.Kind.PARTNER,
        amount_pence=PARTNER_POUNDS * 100,
        first_year=year,
        last_year=year,
        reporting=Fund.Reporting.HALF_YEARLY,
    )
    priorities = {p.number: p for p in plan.priorities.all()}
    quarters = [Quarter(year, n) for n in range(1, last.number + 1)]
    for spec in PROJECTS:
        project = Project.objects.create(
            partnership=partnership,
            reference=spec.reference,
            name=spec.name,
            provider=Agency.objects.get(name=spec.provider),
            purpose=spec.purpose,
            priority=priorities.get(spec.priority),
            places=spec.places,
            starts=Quarter(year, 1).starts,
            ends=Quarter(year, 4).ends,
            budget_pence=spec.budget_pounds * 100,
        )
        Allocation.objects.create(fund=pcc, project=project, amount_pence=spec.pcc_pounds * 100)
        if spec.budget_pounds > spec.pcc_pounds:
            Allocation.objects.create(
                fund=partners, project=project, amount_pence=(spec.budget_pounds - spec.pcc_pounds) * 100
            )
        outputs = [
            (Output.objects.create(project=project, name=name, unit=unit, promised=promised), each)
            for name, unit, promised, each in spec.outputs
        ]
        for index, quarter in enumerate(quarters):
            record = QuarterlyReturn.objects.create(
                project=project,
                year=quarter.year,
                quarter=quarter.number,
                spend_pence=(spec.spend_pounds + 100 * index) * 100,
                spend_lines={"Staff": (spec.spend_pounds + 100 * index) * 100},
                progress=f"Delivered as planned in {quarter.label}.",
                outcomes=spec.outcome if index == len(quarters) - 1 else "",
                evidence=spec.evidence if index == len(quarters) - 1 else "",
            )
            Delivery.objects.bulk_create(
                Delivery(quarterly_return=record, output=output, delivered=each + index) for output, each in outputs
            )
