"""The summary of commissioned activity for the demo matches the demo's returns exactly: counted
here from the demo's own figures (what each provider was set to report each quarter), not from the
code that sums the returns, and read back through real Word and Excel readers."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cspkit.web.commissioning.demo import PROJECTS
from cspkit.web.performance.quarters import Quarter

pytestmark = pytest.mark.django_db


def _expected() -> dict[str, dict]:
    quarters = Quarter.last_completed(date.today()).number  # the demo reports this financial year so far
    expected = {}
    for spec in PROJECTS:
        expected[spec.name] = {
            "spent": sum(spec.spend_pounds + 100 * i for i in range(quarters)),
            "outputs": {
                name: (promised, sum(each + i for i in range(quarters))) for name, _, promised, each in spec.outputs
            },
            "units": {name: unit for name, unit, _, _ in spec.outputs},
        }
    return expected


def test_the_excel_summary_matches_the_returns(sign_in, projects) -> None:
    partnership = projects["P1"].partnership_id
    response = sign_in("board").get(reverse("commissioning:summary_download", args=[partnership, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["Commissioned activity"]
    header = [c.value for c in sheet[3]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]}
    expected = _expected()
    assert len(rows) == len(PROJECTS)
    for spec in PROJECTS:
        row = rows[f"{spec.name} ({_short(spec.provider)})"]
        assert row["Spent (£)"] == expected[spec.name]["spent"]
        assert row["Budget (£)"] == spec.budget_pounds
        for name, (promised, delivered) in expected[spec.name]["outputs"].items():
            unit = expected[spec.name]["units"][name]
            assert f"{delivered:,} of {promised:,} {unit} ({name})" in row["Outputs delivered"]
        assert spec.outcome in row["Outcomes and evidence"] and spec.evidence in row["Outcomes and evidence"]


def _short(provider: str) -> str:
    from cspkit.web.accounts.models import Agency

    return str(Agency.objects.get(name=provider))


def test_the_word_summary_names_every_project_and_its_spend(sign_in, projects) -> None:
    partnership = projects["P1"].partnership_id
    response = sign_in("coordinator").get(reverse("commissioning:summary_download", args=[partnership, "docx"]))
    document = docx.Document(BytesIO(response.content))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for spec in PROJECTS:
        assert spec.name in text
        assert f"{_expected()[spec.name]['spent']:,.2f}" in text


def test_the_board_report_has_the_commissioned_activity_section(sign_in, demo) -> None:
    page = sign_in("board").get(reverse("board:report", args=[demo.published_report.pk])).content.decode()
    assert "Commissioned activity" in page
    for spec in PROJECTS:
        assert spec.name in page


def test_the_funders_return_covers_its_own_projects(sign_in, pcc_fund) -> None:
    quarter = Quarter.last_completed(date.today())
    response = sign_in("coordinator").get(
        reverse("commissioning:fund_return", args=[pcc_fund.pk, quarter.slug, "xlsx"])
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["Return"]
    header = [c.value for c in sheet[3]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert {r["Project"].split(" ", 1)[1] for r in rows} == {p.name for p in PROJECTS}
    # quarterly reporting: the period is the quarter alone
    for spec in PROJECTS:
        row = next(r for r in rows if r["Project"].endswith(spec.name))
        assert row["Spent in the period (£)"] == spec.spend_pounds + 100 * (quarter.number - 1)
        assert row["Allocated from this fund (£)"] == spec.pcc_pounds
