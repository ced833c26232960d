"""The Excel return round trip: the template cspkit writes, filled in as a provider would with
openpyxl, read back exactly; and each kind of bad return refused whole, naming the cell."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cspkit.web.commissioning.models import QuarterlyReturn
from cspkit.web.commissioning.workbook import write_template
from cspkit.web.performance.quarters import Quarter

pytestmark = pytest.mark.django_db


def _next_quarter() -> Quarter:
    return Quarter.last_completed(date.today()).next()  # no demo return yet


def _label_row(sheet, label: str) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == label)


def _filled(project, quarter: Quarter, change=None) -> bytes:
    book = load_workbook(BytesIO(write_template(project, quarter)))
    sheet = book["Return"]
    first = _label_row(sheet, "Staff")
    for offset, amount in enumerate((1200.50, 300, 0, 49.5)):
        sheet.cell(first + offset, 2, amount)
    sheet.cell(_label_row(sheet, "Total"), 2, 1550)
    header = _label_row(sheet, "Output")
    for offset, _ in enumerate(project.outputs.all(), start=1):
        sheet.cell(header + offset, 4, 10 + offset)
    sheet.cell(_label_row(sheet, "Outcomes achieved"), 2, "Fewer repeat calls")
    sheet.cell(_label_row(sheet, "Evidence of the outcomes"), 2, "Police repeat-incident data")
    if change:
        change(sheet)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, project, content: bytes):
    upload = SimpleUploadedFile("return.xlsx", content)
    return client.post(reverse("commissioning:return_upload", args=[project.pk]), {"workbook": upload})


def test_a_filled_in_template_is_read_back_exactly(sign_in, projects) -> None:
    project, quarter = projects["P2"], _next_quarter()
    response = _upload(sign_in("provider"), project, _filled(project, quarter))
    assert response.status_code == 302, response.content.decode()[:2000]
    sent = QuarterlyReturn.objects.get(project=project, year=quarter.year, quarter=quarter.number)
    assert sent.spend_pence == 155_000
    assert sent.spend_lines == {"Staff": 120_050, "Activities and venues": 30_000, "Equipment": 0, "Other": 4_950}
    assert sent.outcomes == "Fewer repeat calls" and sent.evidence == "Police repeat-incident data"
    assert sent.source == "excel" and sent.submitted_by.username == "provider"
    delivered = {d.output.name: d.delivered for d in sent.deliveries.select_related("output")}
    assert delivered == {o.name: 10 + i for i, o in enumerate(project.outputs.all(), start=1)}
    # and the template for that quarter now carries what was sent
    again = load_workbook(BytesIO(write_template(project, quarter)))["Return"]
    assert again.cell(_label_row(again, "Total"), 2).value == 1550


def _total(sheet, value) -> None:
    sheet.cell(_label_row(sheet, "Total"), 2, value)


BAD = [
    (
        "wrong total",
        lambda s: _total(s, 1600),
        r"cell B15: the total £1,600\.00 is not the sum of the lines above \(£1,550\.00\)",
    ),
    (
        "text in a number cell",
        lambda s: s.cell(_label_row(s, "Equipment"), 2, "ten pounds"),
        r"cell B13: 'ten pounds' is not an amount",
    ),
    ("unknown project", lambda s: s.cell(_label_row(s, "Project reference"), 2, "P99"), r"cell B4: no project 'P99'"),
    ("a formula", lambda s: _total(s, "=SUM(B11:B14)"), r"cell B15: holds a formula \(=SUM\(B11:B14\)\)"),
    (
        "text for a count",
        lambda s: s.cell(_label_row(s, "Output") + 1, 4, "lots"),
        r"cell D19: 'lots' is not a whole number",
    ),
    ("negative spend", lambda s: s.cell(_label_row(s, "Other"), 2, -5), r"cell B14: spend cannot be negative"),
]


@pytest.mark.parametrize(("case", "change", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_return_is_refused_naming_the_cell(case, change, message, sign_in, projects) -> None:
    import re

    project, quarter = projects["P2"], _next_quarter()
    before = QuarterlyReturn.objects.count()
    response = _upload(sign_in("provider"), project, _filled(project, quarter, change))
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(message, page.replace("&#x27;", "'").replace("&quot;", '"')), page[page.find("problem") :][:600]
    assert QuarterlyReturn.objects.count() == before


def test_a_file_that_is_not_a_workbook_is_refused(sign_in, projects) -> None:
    response = _upload(sign_in("provider"), projects["P2"], b"name,spend\nP2,100\n")
    assert response.status_code == 400
    assert "not an Excel workbook" in response.content.decode()


def test_a_provider_cannot_send_another_providers_project_through_its_own_upload(sign_in, projects) -> None:
    other = projects["P1"]
    content = _filled(other, _next_quarter(), lambda s: None)
    before = QuarterlyReturn.objects.count()
    response = _upload(sign_in("provider"), projects["P2"], content)  # a P1 workbook sent to P2's upload
    assert response.status_code == 400 and "no project 'P1' that you report on" in response.content.decode().replace(
        "&#x27;", "'"
    )
    assert QuarterlyReturn.objects.count() == before


def test_a_workbook_for_a_quarter_outside_the_project_or_not_begun_is_refused(sign_in, projects) -> None:
    project = projects["P2"]
    before = QuarterlyReturn.objects.count()
    for quarter, said in ((Quarter.containing(project.starts).previous(), "is outside the project"),
                          (Quarter.containing(date.today()).next(), "has not begun yet")):
        response = _upload(sign_in("provider"), project, _filled(project, quarter))
        assert response.status_code == 400 and said in response.content.decode()
    assert QuarterlyReturn.objects.count() == before
