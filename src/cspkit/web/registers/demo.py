"""The registers' part of the demo partnership: three PSPOs (one in force, one lapsed, one only
proposed) and a death review in progress, all fictional, dated relative to today.

The order in force covers Hartbury's bus station and market square, in the town centre of the
demo evidence (British National Grid 420000, 250000), so its before/after comparison has data.
"""

from __future__ import annotations

from datetime import date, timedelta

from pyproj import Transformer

from cspkit.casework.dates import add_months
from cspkit.web.registers.models import (
    AgencyReport,
    ClockPause,
    DeathReview,
    Pspo,
    PspoConsultation,
    PspoEnforcement,
    Recommendation,
    ReviewAction,
)

_TO_WGS84 = Transformer.from_crs(27700, 4326, always_xy=True)
TOWN_CENTRE = (420_000.0, 250_000.0)
ORDER_IN_FORCE = "Hartbury Bus Station and Market Square"


def _polygon(offsets_m: list[tuple[float, float]]) -> dict:
    x0, y0 = TOWN_CENTRE
    ring = [_TO_WGS84.transform(x0 + dx, y0 + dy) for dx, dy in offsets_m]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def _first_of_month(day: date, shift: int) -> date:
    return add_months(day.replace(day=1), shift)


def create_registers_demo(partnership, agencies: dict, coordinator, today: date) -> None:
    in_force = _first_of_month(today, -10)
    order = Pspo.objects.create(
        partnership=partnership,
        title=ORDER_IN_FORCE,
        reference="HBC/PSPO/01",
        area_description="Hartbury Bus Station, its shelters and forecourt, Market Square and the footpaths "
        "between them, as shown shaded on the map.",
        geometry=_polygon([(-260, -180), (240, -220), (300, 150), (-60, 260), (-280, 90)]),
        prohibitions="No person shall consume alcohol, or have an open container of alcohol, when asked by an "
        "authorised officer to stop or to surrender it.\n"
        "No person shall behave in a way that causes or is likely to cause harassment, alarm or distress.\n"
        "No person shall ride a bicycle, scooter or skateboard on the bus station concourse.",
        requirements="People in a group of three or more asked by an authorised officer to leave the area must "
        "leave and not return for 24 hours.",
        evidence="Calls about drinking, intimidation and damage at the bus station rose over two years; "
        "bus drivers and market traders gave statements; the partnership's hot spot map shows the area "
        "in the top five for anti-social behaviour.",
        decision="Made by the Cabinet Member for Communities under delegated powers after the consultation.",
        made_on=in_force - timedelta(days=14),
        in_force_from=in_force,
        months=36,
    )
    consulted = in_force - timedelta(days=70)
    for consultee, response in (
        ("Chief officer of police (Mercia Vale Police)", "Supports the order; will enforce with PCSOs."),
        ("Police and Crime Commissioner", "Supports the order."),
        ("Residents and businesses (online survey, 212 replies)", "78% agreed the order was needed."),
        ("Bus operator, owner of the bus station", "Supports the order; asked for signs at each entrance."),
    ):
        PspoConsultation.objects.create(pspo=order, consultee=consultee, consulted_on=consulted, response=response)
    for weeks, kind, outcome in (
        (3, PspoEnforcement.Kind.BREACH, "Warning given"),
        (6, PspoEnforcement.Kind.FIXED_PENALTY, "Paid"),
        (12, PspoEnforcement.Kind.FIXED_PENALTY, "Unpaid"),
        (20, PspoEnforcement.Kind.PROSECUTION, "Guilty, fined £200"),
    ):
        PspoEnforcement.objects.create(pspo=order, kind=kind, on=in_force + timedelta(weeks=weeks), outcome=outcome)

    lapsed_from = _first_of_month(today, -48)
    Pspo.objects.create(
        partnership=partnership,
        title="Oak Lane Underpass",
        reference="HBC/PSPO/00",
        area_description="The Oak Lane pedestrian underpass and its approaches.",
        geometry=_polygon([(900, 400), (1000, 400), (1000, 480), (900, 480)]),
        prohibitions="No person shall gather in a group of three or more between 10pm and 6am.",
        decision="Made after consultation; allowed to lapse when the underpass was lit and reopened.",
        made_on=lapsed_from - timedelta(days=7),
        in_force_from=lapsed_from,
        months=36,
    )
    Pspo.objects.create(
        partnership=partnership,
        title="Riverside Park dog control",
        area_description="Riverside Park, its children's play areas and the riverside walk.",
        geometry=_polygon([(-900, -700), (-500, -700), (-500, -400), (-900, -400)]),
        prohibitions="No person in charge of a dog shall fail to remove its faeces.\n"
        "No person shall take a dog into a fenced children's play area.",
        evidence="Complaints from the park's friends group and two schools.",
    )

    notified = today - timedelta(days=150)
    decided = notified + timedelta(days=24)
    review = DeathReview.objects.create(
        partnership=partnership,
        reference=f"DARDR {notified.year}/01",
        subject="Adult A",
        notified_on=notified,
        notified_by="Mercia Vale Police, Public Protection Unit",
        circumstances="A woman aged 34 died at home; her former partner has been charged.",
        decision=DeathReview.Decision.REVIEW,
        decided_on=decided,
        decision_reason="The death appears to have resulted from violence by a former partner (s.9(1)(a)).",
        home_office_told_on=decided + timedelta(days=3),
        chair="An independent chair (accredited), appointed by the partnership",
        panel="Hartbury Borough Council, community safety\nMercia Vale Police\nHartbury Women's Aid\n"
        "Integrated care board, safeguarding\nProbation Service",
        scope="Contact with Adult A and her former partner in the three years before her death.",
        terms_of_reference="Establish what lessons are to be learned; how agencies work together; what should change.",
    )
    review.named_people.add(coordinator)
    ClockPause.objects.create(
        review=review,
        starts=decided + timedelta(days=30),
        ends=decided + timedelta(days=58),
        reason="Criminal proceedings: panel paused at the Crown Prosecution Service's request until the plea hearing",
    )
    for name, received in (
        ("Mercia Vale Police", True),
        ("Hartbury Women's Aid", True),
        ("Probation Service", False),
    ):
        AgencyReport.objects.create(
            review=review,
            agency=agencies[name],
            requested_on=decided + timedelta(days=7),
            received_on=decided + timedelta(days=45) if received else None,
        )
    recommendation = Recommendation.objects.create(
        review=review, number=1, text="Agencies ask about domestic abuse at every contact after a separation."
    )
    ReviewAction.objects.create(
        recommendation=recommendation,
        action="Add routine enquiry to the housing options assessment",
        owner_agency=agencies["Hartbury Homes"],
        owner="Head of housing options",
        due_on=add_months(today, 3),
    )
