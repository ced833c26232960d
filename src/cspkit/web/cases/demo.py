"""Fictional casework for the demo partnership: case officers and a supervisor, cases with people,
incidents, risk assessments, the escalation of powers, tasks, ASB Case Reviews, a locked-down
case and old closed cases whose retention has lapsed. Every name is invented. Dates are relative
to ``today`` so the demo always has tasks due and reviews under way."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cspkit.casework.dates import add_months, add_working_days, add_years
from cspkit.casework.powers import Earlier, Power, Proposal, Subject, check
from cspkit.casework.risk import RiskLevel
from cspkit.web.accounts.models import Agency, Partnership, User
from cspkit.web.cases.models import (
    AccessRequest,
    Breach,
    Case,
    CasePerson,
    Consent,
    Incident,
    Intervention,
    Note,
    Person,
    Place,
    RiskAssessment,
    Share,
    Task,
)
from cspkit.web.cases.services import assess, next_reference
from cspkit.web.permissions.roles import Role

SEED = 20261202


@dataclass(frozen=True)
class CaseUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    agency: str
    what_they_do: str


CASEWORK_USERS = (
    CaseUser(
        "asbofficer",
        "Casey",
        "Khan",
        Role.CASE_OFFICER,
        "Hartbury Borough Council",
        "the council's ASB officer: opens cases, assesses risk, gives warnings and notices",
    ),
    CaseUser(
        "pcso",
        "Jordan",
        "Price",
        Role.CASE_OFFICER,
        "Mercia Vale Police",
        "a neighbourhood police officer with cases shared with the council",
    ),
    CaseUser(
        "housingofficer",
        "Morgan",
        "Ellis",
        Role.CASE_OFFICER,
        "Hartbury Homes",
        "a housing officer; holds a locked-down case",
    ),
    CaseUser(
        "supervisor",
        "Sam",
        "Okafor",
        Role.SUPERVISOR,
        "Hartbury Borough Council",
        "supervises casework, reviews the personal-data audit log, answers subject access requests",
    ),
)

FIRST = [
    "Margaret",
    "Daniel",
    "Aisha",
    "Tom",
    "Grace",
    "Liam",
    "Nadia",
    "Owen",
    "Ruth",
    "Kieran",
    "Priya",
    "Ellis",
    "Jade",
    "Connor",
    "Fatima",
    "George",
    "Holly",
    "Isaac",
    "Megan",
    "Ryan",
]
LAST = [
    "Whitfield",
    "Brook",
    "Rahman",
    "Hollis",
    "Pennock",
    "Crane",
    "Ashby",
    "Tolley",
    "Marsh",
    "Doyle",
    "Fenwick",
    "Lister",
    "Quayle",
    "Rudd",
    "Sefton",
    "Varley",
]
STREETS = [
    "Canal Street",
    "Mill Lane",
    "Station Road",
    "Orchard Way",
    "Church Walk",
    "Victoria Park",
    "Market Square",
    "Elm Close",
    "Foundry Row",
    "Bridge End",
]


def create_casework_demo(partnership: Partnership, agencies: dict[str, Agency], today: date, password: str) -> None:
    rng = random.Random(SEED)
    users = {}
    for spec in CASEWORK_USERS:
        user = User.objects.create_user(
            spec.username,
            password=password,
            first_name=spec.first_name,
            last_name=spec.last_name,
            role=spec.role,
            agency=agencies[spec.agency],
            email=f"{spec.username}@hartbury.example",
        )
        user.partnerships.add(partnership)
        users[spec.username] = user
    builder = _Builder(partnership, agencies, users, today, rng)
    builder.noise_case()
    builder.youth_case()
    builder.locked_case()
    builder.closure_case()
    builder.cbo_case()
    builder.old_cases()
    for _ in range(12):
        builder.filler_case()
    builder.case_reviews()
    place_in_wards(partnership)


def place_in_wards(partnership: Partnership, wards_used: int = 3) -> None:
    """Give the demo's places LSOAs of a few of the area's wards in turn (their map points are
    invented, so the nearest-LSOA look-up finds none), so counts by ward have something to show.
    Nothing happens without the evidence store."""
    from cspkit.web.cases.counts_export import wards

    found = sorted(wards(partnership).items())[:wards_used]
    codes = [code for _, lsoas in found for code in lsoas[:2]]
    if not codes:
        return
    for n, place in enumerate(Place.objects.filter(partnership=partnership, lsoa_code="").order_by("pk")):
        place.lsoa_code = codes[n % len(codes)]
        place.save(update_fields=["lsoa_code"])


class _Builder:
    def __init__(self, partnership, agencies, users, today, rng) -> None:
        self.partnership, self.agencies, self.users, self.today, self.rng = partnership, agencies, users, today, rng

    # helpers ----------------------------------------------------------------------------------

    def person(self, age: int | None = None, first: str | None = None, last: str | None = None) -> Person:
        born = None
        if age is not None:
            born = self.today - timedelta(days=int(age * 365.25) + self.rng.randint(20, 300))
        return Person.objects.create(
            partnership=self.partnership,
            first_name=first or self.rng.choice(FIRST),
            last_name=last or self.rng.choice(LAST),
            born_on=born,
            address=f"{self.rng.randint(1, 120)} {self.rng.choice(STREETS)}, Hartbury",
        )

    def place(self) -> Place:
        return Place.objects.create(
            partnership=self.partnership,
            name=f"{self.rng.choice(STREETS)}, Hartbury",
            latitude=round(52.70 + self.rng.random() * 0.05, 5),
            longitude=round(-2.05 + self.rng.random() * 0.08, 5),
        )

    def case(
        self,
        lead: str,
        officer: str | None,
        category: str,
        summary: str,
        opened: date,
        shared: tuple[str, ...] = (),
        **extra: Any,
    ) -> Case:
        case = Case.objects.create(
            partnership=self.partnership,
            reference=f"tmp-{self.rng.getrandbits(48):x}",
            lead_agency=self.agencies[lead],
            lead_officer=self.users.get(officer) if officer else None,
            category=category,
            summary=summary,
            opened_on=opened,
            **extra,
        )
        case.reference = next_reference(case)
        case.save(update_fields=["reference"])
        for name in shared:
            Share.objects.create(
                case=case,
                agency=self.agencies[name],
                shared_on=opened,
                shared_by=case.lead_officer,
                basis="Crime and Disorder Act 1998 s.115",
            )
        return case

    def link(self, case: Case, person: Person, *roles: str) -> Person:
        for role in roles:
            CasePerson.objects.create(case=case, person=person, role=role)
        return person

    def incidents(
        self, case: Case, reporter: Person | None, days_ago: list[int], category: str, text: str, hate: bool = False
    ) -> None:
        place = self.place()
        for ago in days_ago:
            occurred = self.today - timedelta(days=ago)
            Incident.objects.create(
                case=case,
                occurred_on=occurred,
                reported_on=occurred + timedelta(days=1),
                place=place,
                category=category,
                description=text,
                reporter=reporter,
                hate=hate,
            )

    def power(self, case: Case, person: Person | None, power: Power, on: date, by: User, **fields: Any) -> Intervention:
        earlier = [
            Earlier(Power(i.power), i.on, i.comply_by, min((b.on for b in i.breaches.all()), default=None), i.months)
            for i in case.interventions.filter(person=person)
        ]
        subject = Subject(born=person.born_on, is_body=person.is_body) if person else Subject()
        outcome = check(Proposal(power, on, subject, earlier, **{k: v for k, v in fields.items() if k != "comply_by"}))
        if not outcome.allowed:
            raise ValueError(f"demo intervention refused by the rules: {outcome.refusals}")
        item = Intervention.objects.create(
            case=case,
            person=person,
            power=power.value,
            on=on,
            agency=by.agency,
            recorded_by=by,
            comply_by=fields.get("comply_by"),
            months=fields.get("months"),
            indefinite=fields.get("indefinite", False),
            hours=fields.get("hours"),
            amount=fields.get("amount"),
            convicted_on=fields.get("convicted_on"),
            ends_on=outcome.ends,
            review_on=outcome.reviews[0] if outcome.reviews else None,
            warnings="\n".join([*outcome.warnings, *outcome.notes]),
        )
        return item

    def days(self, n: int) -> date:
        return self.today - timedelta(days=n)

    # the cases --------------------------------------------------------------------------------

    def noise_case(self) -> None:
        officer = self.users["asbofficer"]
        case = self.case(
            "Hartbury Borough Council",
            "asbofficer",
            "Noise",
            "Loud music and shouting from the flat above, most nights after midnight.",
            self.days(150),
            shared=("Mercia Vale Police", "Hartbury Homes"),
        )
        victim = self.link(
            case, self.person(78, "Margaret", "Whitfield"), CasePerson.Role.VICTIM, CasePerson.Role.COMPLAINANT
        )
        perpetrator = self.link(case, self.person(34, "Dean", "Crane"), CasePerson.Role.PERPETRATOR)
        self.incidents(
            case,
            victim,
            [150, 132, 120, 101, 80, 61, 40, 12],
            "Noise",
            "Music and shouting from the flat above until 3am.",
        )
        Consent.objects.create(
            case=case, person=victim, given=True, on=self.days(149), basis=Consent.Basis.CONSENT, recorded_by=officer
        )
        assess(
            case,
            victim,
            {"health": True, "alone": True, "afraid_home": True, "repeat": True, "targeted": True, "disability": True},
            "",
            officer,
            self.days(148),
        )
        case.tasks.filter(title__startswith="High risk").update(done_on=self.days(147))
        self.power(case, perpetrator, Power.WARNING_LETTER, self.days(140), officer)
        self.power(
            case, perpetrator, Power.COMMUNITY_PROTECTION_WARNING, self.days(110), officer, comply_by=self.days(96)
        )
        cpn = self.power(case, perpetrator, Power.COMMUNITY_PROTECTION_NOTICE, self.days(90), officer)
        Breach.objects.create(
            intervention=cpn,
            on=self.days(61),
            description="Music after midnight, witnessed by the council's out-of-hours team.",
            recorded_by=officer,
        )
        self.power(case, perpetrator, Power.FIXED_PENALTY, self.days(55), officer, amount=100)
        Note.objects.create(
            case=case,
            author=officer,
            text="Fixed penalty paid on day 12. Behaviour quieter; diary sheets given to Mrs Whitfield.",
        )
        Task.objects.create(
            case=case, title="Visit Mrs Whitfield and collect diary sheets", owner=officer, due_on=self.today
        )
        Task.objects.create(
            case=case,
            title="Review whether the CPN is being complied with",
            owner=officer,
            due_on=add_working_days(self.days(10), 0),
            statutory=True,
        )
        self.noise = case

    def youth_case(self) -> None:
        officer = self.users["pcso"]
        case = self.case(
            "Mercia Vale Police",
            "pcso",
            "Personal",
            "A group of young people intimidating shoppers at the Market Square and damaging bins.",
            self.days(120),
            shared=("Hartbury Borough Council",),
        )
        victim = self.link(case, self.person(45), CasePerson.Role.VICTIM, CasePerson.Role.COMPLAINANT)
        youth15 = self.link(case, self.person(15), CasePerson.Role.PERPETRATOR)
        youth17 = self.link(case, self.person(17), CasePerson.Role.PERPETRATOR)
        self.incidents(
            case,
            victim,
            [118, 100, 90, 70, 50, 20],
            "Personal",
            "Shop staff threatened and bins set alight by a group of teenagers.",
        )
        self.power(case, youth15, Power.ACCEPTABLE_BEHAVIOUR_CONTRACT, self.days(100), officer, months=6)
        self.power(case, youth17, Power.ACCEPTABLE_BEHAVIOUR_CONTRACT, self.days(100), officer, months=6)
        abc = case.interventions.get(person=youth17)
        Breach.objects.create(
            intervention=abc, on=self.days(70), description="Seen at the Market Square after 9pm.", recorded_by=officer
        )
        self.power(case, youth17, Power.CIVIL_INJUNCTION, self.days(30), officer, months=6)
        assess(case, victim, {"repeat": True, "health": True}, "", officer, self.days(119))
        Task.objects.create(
            case=case,
            title="Youth offending team meeting about the injunction",
            owner=officer,
            due_on=add_working_days(self.today, 3),
        )

    def locked_case(self) -> None:
        officer = self.users["housingofficer"]
        case = self.case(
            "Hartbury Homes",
            "housingofficer",
            "Neighbour dispute",
            "Tenant harassed by a neighbour; victim fears reprisals if details are shared.",
            self.days(60),
            shared=("Mercia Vale Police",),
            locked_down=True,
        )
        victim = self.link(case, self.person(29), CasePerson.Role.VICTIM)
        self.link(case, self.person(41), CasePerson.Role.PERPETRATOR)
        self.incidents(
            case, victim, [58, 30, 9], "Neighbour dispute", "Abuse shouted through the letterbox.", hate=True
        )
        Consent.objects.create(
            case=case,
            person=victim,
            given=False,
            on=self.days(59),
            basis=Consent.Basis.PUBLIC_TASK,
            recorded_by=officer,
        )
        AccessRequest.objects.create(
            case=case,
            agency=self.agencies["Mercia Vale Police"],
            requested_by=self.users["pcso"],
            reason="A related incident was reported to police this week.",
        )

    def closure_case(self) -> None:
        officer = self.users["pcso"]
        case = self.case(
            "Mercia Vale Police",
            "pcso",
            "Drug-related",
            "Drug dealing and visitors at all hours at a flat on Foundry Row.",
            self.days(50),
            shared=("Hartbury Homes", "Hartbury Borough Council"),
        )
        neighbour = self.link(case, self.person(52), CasePerson.Role.COMPLAINANT)
        self.link(case, self.person(27), CasePerson.Role.PERPETRATOR)
        self.incidents(case, neighbour, [49, 40, 33, 25], "Drug-related", "Visitors and drug paraphernalia.")
        self.power(case, None, Power.CLOSURE_NOTICE, self.days(20), officer, hours=48, senior_authorisation=True)
        self.power(case, None, Power.CLOSURE_ORDER, self.days(18), officer, months=3)

    def cbo_case(self) -> None:
        officer = self.users["pcso"]
        case = self.case(
            "Mercia Vale Police",
            "pcso",
            "Personal",
            "Persistent begging and abuse of shoppers; convicted of public order offences.",
            self.days(400),
            shared=("Hartbury Borough Council",),
        )
        perpetrator = self.link(case, self.person(38), CasePerson.Role.PERPETRATOR)
        self.incidents(case, None, [398, 350, 300, 250], "Personal", "Abuse of shoppers at the bus station.")
        self.power(case, perpetrator, Power.PROSECUTION, self.days(200), officer)
        self.power(
            case,
            perpetrator,
            Power.CRIMINAL_BEHAVIOUR_ORDER,
            self.days(150),
            officer,
            months=60,
            convicted_on=self.days(160),
        )

    def old_cases(self) -> None:
        """Closed cases either side of the six-year retention period, for ``cspkit retention``."""
        for years, label in ((7, "beyond"), (5, "within")):
            closed = add_years(self.today, -years)
            case = self.case(
                "Hartbury Borough Council",
                None,
                "Environmental",
                f"Fly-tipping on the allotments (closed {label} the retention period).",
                closed - timedelta(days=200),
                status=Case.Status.CLOSED,
                closed_on=closed,
            )
            victim = self.link(case, self.person(60), CasePerson.Role.COMPLAINANT)
            self.incidents(case, victim, [(self.today - closed).days + 190], "Environmental", "Waste dumped.")
            Note.objects.create(case=case, author=None, text="Waste cleared; no further reports.")

    def filler_case(self) -> None:
        lead = self.rng.choice(["Hartbury Borough Council", "Mercia Vale Police", "Hartbury Homes"])
        officer = {
            "Hartbury Borough Council": "asbofficer",
            "Mercia Vale Police": "pcso",
            "Hartbury Homes": "housingofficer",
        }[lead]
        category = self.rng.choice(["Nuisance", "Noise", "Vehicle nuisance", "Environmental", "Neighbour dispute"])
        opened = self.days(self.rng.randint(5, 330))
        closed = self.rng.random() < 0.3 and (self.today - opened).days > 60
        case = self.case(
            lead,
            officer,
            category,
            f"{category} reported by a resident of {self.rng.choice(STREETS)}.",
            opened,
            status=Case.Status.CLOSED if closed else Case.Status.OPEN,
            closed_on=opened + timedelta(days=45) if closed else None,
        )
        complainant = self.link(
            case, self.person(self.rng.randint(19, 85)), CasePerson.Role.COMPLAINANT, CasePerson.Role.VICTIM
        )
        self.incidents(
            case,
            complainant,
            sorted(
                {self.rng.randint(0, (self.today - opened).days) for _ in range(self.rng.randint(1, 4))}, reverse=True
            ),
            category,
            f"{category} reported.",
        )
        if self.rng.random() < 0.5:
            self.power(case, None, Power.WARNING_LETTER, opened + timedelta(days=7), self.users[officer])
        if self.rng.random() < 0.4:
            RiskAssessment.objects.create(
                case=case,
                person=complainant,
                assessed_on=opened,
                score=6,
                level=RiskLevel.STANDARD.value,
                assessor=self.users[officer],
            )

    def case_reviews(self) -> None:
        from cspkit.web.reviews.models import Appeal, Application, Meeting, Recommendation, ThresholdDecision

        coordinator = User.objects.get(username="coordinator")
        met = Application.objects.create(
            partnership=self.partnership,
            case=self.noise,
            received_on=self.days(40),
            applicant_name="Margaret Whitfield",
            on_behalf_of="",
            contact="By telephone",
            description="The noise has gone on for months and nothing has stopped it.",
            status=Application.Status.REVIEWED,
            acknowledged_on=self.days(36),
        )
        ThresholdDecision.objects.create(
            application=met,
            decided_on=self.days(30),
            met=True,
            qualifying_complaints=4,
            reasons="4 qualifying complaints in 6 months (threshold 3)",
            decided_by=coordinator,
        )
        meeting = Meeting.objects.create(
            application=met,
            held_on=self.days(22),
            notes="Agencies reviewed the case with Mrs Whitfield's daughter present.",
        )
        meeting.agencies.set(
            [self.agencies[n] for n in ("Hartbury Borough Council", "Mercia Vale Police", "Hartbury Homes")]
        )
        Recommendation.objects.create(
            application=met,
            agency=self.agencies["Hartbury Homes"],
            text="Consider a management move for the perpetrator.",
            due_on=self.today,
        )
        Recommendation.objects.create(
            application=met,
            agency=self.agencies["Hartbury Borough Council"],
            text="Install noise monitoring equipment in the victim's flat.",
            due_on=add_months(self.today, 1),
        )
        not_met = Application.objects.create(
            partnership=self.partnership,
            case=None,
            received_on=self.days(25),
            applicant_name="Owen Tolley",
            on_behalf_of="",
            description="Cars racing on the bypass at night.",
            status=Application.Status.THRESHOLD_NOT_MET,
            acknowledged_on=self.days(20),
        )
        ThresholdDecision.objects.create(
            application=not_met,
            decided_on=self.days(12),
            met=False,
            qualifying_complaints=1,
            reasons="1 qualifying complaint in 6 months",
            decided_by=coordinator,
        )
        Appeal.objects.create(
            application=not_met, received_on=self.days(5), grounds="Two earlier calls to police were not counted."
        )
        Application.objects.create(
            partnership=self.partnership,
            case=None,
            received_on=self.days(3),
            applicant_name="Ruth Marsh",
            on_behalf_of="Her mother, Ada Marsh",
            description="Youths gathering outside her mother's bungalow.",
        )
