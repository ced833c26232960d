"""The plan to and from Excel in the layout of published delivery plans."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from cspkit.errors import InputError
from cspkit.web.plan.models import Action, Measure, Plan, Risk
from cspkit.web.plan.workbook import DELIVERY_SHEET, create_plan, read_workbook, write_workbook


def _snapshot(plan: Plan) -> dict:
    """What a plan says, without database ids, for comparing two plans."""
    return {
        "priorities": [(p.number, p.title) for p in plan.priorities.all()],
        "outcomes": sorted(o.description for p in plan.priorities.all() for o in p.outcomes.all()),
        "actions": [
            (
                a.priority.number,
                a.reference,
                a.outcome.description if a.outcome else "",
                a.we_will,
                a.how,
                a.timescale,
                a.lead,
                a.owner_agency_id,
                a.working_with,
                a.status,
            )
            for a in Action.objects.filter(priority__plan=plan).order_by("priority__number", "reference")
        ],
        "measures": [
            (
                m.priority.number,
                m.reference,
                m.name,
                m.action.reference if m.action else "",
                m.definition,
                m.lead,
                m.owner_agency_id,
                m.polarity,
                m.unit,
                m.baseline,
                m.baseline_period,
                m.target,
                m.frequency,
                m.source,
                m.evidence_series,
            )
            for m in Measure.objects.filter(priority__plan=plan).order_by("priority__number", "reference")
        ],
        "risks": sorted(
            (r.priority.number, r.action.reference if r.action else "", r.kind, r.description, r.mitigation)
            for r in Risk.objects.filter(priority__plan=plan)
        ),
    }


@pytest.mark.django_db
def test_a_plan_exported_to_excel_imports_back_the_same(demo) -> None:
    Risk.objects.create(
        priority=demo.plan.priorities.first(), kind="risk", description="Funding ends", mitigation="Seek PCC grant"
    )
    data = write_workbook(demo.plan)
    copy = create_plan(
        read_workbook(BytesIO(data), "plan.xlsx"),
        partnership=demo.plan.partnership,
        title="Copy",
        starts=demo.plan.starts,
        ends=demo.plan.ends,
    )
    assert _snapshot(copy) == _snapshot(demo.plan)


@pytest.mark.django_db
def test_the_export_uses_the_delivery_plan_layout(demo) -> None:
    sheet = load_workbook(BytesIO(write_workbook(demo.plan)))[DELIVERY_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == demo.plan.title
    assert rows[2][0] == "1. Anti-social behaviour"
    assert rows[3][:6] == ("Ref", "Aims", "Activity", "How", "Timescale", "Lead")
    assert rows[3][7:9] == ("Performance Measures", "Assumptions and Key Risks")


def _sheet(rows: list[list]) -> BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


# A plan typed as the Staffordshire Moorlands partnership publishes it: the reference column has no heading.
MOORLANDS = [
    ["Partnership Plan 2016 to 2017"],
    ["3. Anti-social behaviour"],
    ["Priority Areas:", None],
    [None, "Aims", "Activity", "Lead", "Performance Measures", "Assumptions and Key Risks"],
    [
        "3.1",
        "Reduce number of calls to police about ASB caused by young people in hot spot areas",
        "Targeted outreach programme in hot spot areas at key times",
        "Sporting Communities",
        "Number of young people attending sessions\nReduction in ASB",
        "ASB problems are caused by the young people and they take part in the activities",
    ],
    [
        "3.2",
        "Take action against those persistently engaging in ASB",
        "External legal support",
        "Hartbury Borough Council",
        "Number of Injunctions applied for",
        "Courts will not grant injunctions",
    ],
]


@pytest.mark.django_db
def test_a_published_plans_table_imports_with_its_measures_and_risks(demo) -> None:
    plan = create_plan(
        read_workbook(_sheet(MOORLANDS), "moorlands.xlsx"),
        partnership=demo.plan.partnership,
        title="Imported",
        starts=demo.plan.starts,
        ends=demo.plan.ends,
    )
    priority = plan.priorities.get()
    assert (priority.number, priority.title) == (3, "Anti-social behaviour")
    first, second = priority.actions.order_by("reference")
    assert (first.reference, first.we_will, first.lead) == (
        "3.1",
        "Targeted outreach programme in hot spot areas at key times",
        "Sporting Communities",
    )
    assert first.outcome.description.startswith("Reduce number of calls")
    assert [m.name for m in first.measures.order_by("pk")] == [
        "Number of young people attending sessions",
        "Reduction in ASB",
    ]
    assert second.owner_agency.name == "Hartbury Borough Council"  # the lead names a partner agency
    assert first.owner_agency is None
    assert priority.risks.get(action=second).description == "Courts will not grant injunctions"


@pytest.mark.django_db
def test_stafford_boroughs_headings_are_read_as_the_same_columns(demo) -> None:
    rows = [
        ["1. Primary prevention"],
        ["We Will", "How", "Timescale", "Owner", "Working With"],
        [
            "Champion the agenda",
            "Awareness campaigns",
            "For the duration of the strategy",
            "Police",
            "Statutory and voluntary agencies",
        ],
    ]
    plan = create_plan(
        read_workbook(_sheet(rows), "stafford.xlsx"),
        partnership=demo.plan.partnership,
        title="Stafford",
        starts=demo.plan.starts,
        ends=demo.plan.ends,
    )
    action = Action.objects.get(priority__plan=plan)
    assert (action.we_will, action.how, action.timescale, action.working_with) == (
        "Champion the agenda",
        "Awareness campaigns",
        "For the duration of the strategy",
        "Statutory and voluntary agencies",
    )
    assert action.owner_agency.name == "Mercia Vale Police"  # "Police" is the agency's short name


def test_a_table_before_any_priority_heading_is_refused_with_its_line() -> None:
    rows = [["Our plan"], ["Ref", "Aims", "Activity"], ["1.1", "Aim", "Do it"]]
    with pytest.raises(InputError, match=r"plan.xlsx, sheet Sheet, line 2: a table starts before any priority"):
        read_workbook(_sheet(rows), "plan.xlsx")


def test_an_unknown_status_is_refused_naming_the_line_and_the_choices() -> None:
    rows = [["1. ASB"], ["Ref", "Activity", "Status"], ["1.1", "Do it", "Nearly there"]]
    with pytest.raises(InputError, match=r"line 3: the status 'Nearly there' is not one of: Not started, On track"):
        read_workbook(_sheet(rows), "plan.xlsx")


def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(InputError, match=r"notes\.txt: this is not an Excel workbook"):
        read_workbook(BytesIO(b"just some text"), "notes.txt")


def test_an_old_xls_workbook_is_named_as_one() -> None:
    with pytest.raises(InputError, match=r"plan\.xls: this is an old Excel 97-2003 \(\.xls\) workbook.*save it as an "
                                         r"Excel Workbook \(\.xlsx\)"):
        read_workbook(BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)), "plan.xls")


@pytest.mark.django_db
def test_a_bad_workbook_imported_through_the_web_saves_nothing(demo, sign_in) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    rows = [["1. ASB"], ["Ref", "Activity", "Status"], ["1.1", "Do it", "Nearly there"]]
    upload = SimpleUploadedFile("bad.xlsx", _sheet(rows).getvalue())
    before = Plan.objects.count()
    response = sign_in("coordinator").post(
        reverse("plan:import"),
        {
            "partnership": demo.plan.partnership_id,
            "workbook": upload,
            "title": "Bad",
            "starts": "2026-04-01",
            "ends": "2029-03-31",
        },
    )
    assert response.status_code == 200
    assert "bad.xlsx, sheet Sheet, line 3: the status" in response.content.decode()
    assert Plan.objects.count() == before
