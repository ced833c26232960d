"""Every role against every commissioning page and change: members read, the coordinator manages,
and a provider sees and sends returns for its own agency's projects only (Hartbury Women's Aid
runs P2 and P4; P1 belongs to another provider). A refused change leaves the database as it was."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.commissioning.models import Fund, Project, QuarterlyReturn
from cspkit.web.performance.quarters import Quarter

pytestmark = pytest.mark.django_db

ROLES = (
    "coordinator",
    "analyst",
    "officer",
    "board",
    "asbofficer",
    "supervisor",
    "provider",
    "public",
    None,
    "outsider",
)
MEMBERS = {"coordinator", "analyst", "officer", "board"}


def _quarter() -> str:
    from django.utils import timezone

    return Quarter.last_completed(timezone.localdate()).slug


def _pages(projects, fund):
    own, other = projects["P2"], projects["P1"]
    q = _quarter()
    partnership = own.partnership_id
    return [
        ("commissioning", reverse("commissioning:index"), MEMBERS | {"provider", "outsider"}),  # their own partnership
        ("summary", reverse("commissioning:summary", args=[partnership]), MEMBERS),
        ("summary as Word", reverse("commissioning:summary_download", args=[partnership, "docx"]), MEMBERS),
        ("summary as Excel", reverse("commissioning:summary_download", args=[partnership, "xlsx"]), MEMBERS),
        ("add a fund", reverse("commissioning:fund_create", args=[partnership]), {"coordinator"}),
        ("add a project", reverse("commissioning:project_create", args=[partnership]), {"coordinator"}),
        ("fund", reverse("commissioning:fund", args=[fund.pk]), MEMBERS),
        ("change a fund", reverse("commissioning:fund_edit", args=[fund.pk]), {"coordinator"}),
        ("allocate", reverse("commissioning:allocation_create", args=[fund.pk]), {"coordinator"}),
        ("funder's return", reverse("commissioning:fund_return", args=[fund.pk, q, "xlsx"]), MEMBERS),
        ("own project", reverse("commissioning:project", args=[own.pk]), MEMBERS | {"provider"}),
        ("another provider's project", reverse("commissioning:project", args=[other.pk]), MEMBERS),
        ("change a project", reverse("commissioning:project_edit", args=[own.pk]), {"coordinator"}),
        ("add an output", reverse("commissioning:output_create", args=[own.pk]), {"coordinator"}),
        ("own return", reverse("commissioning:return", args=[own.pk, q]), {"coordinator", "provider"}),
        ("own template", reverse("commissioning:return_template", args=[own.pk, q]), {"coordinator", "provider"}),
        ("own upload", reverse("commissioning:return_upload", args=[own.pk]), {"coordinator", "provider"}),
        ("other's return", reverse("commissioning:return", args=[other.pk, q]), {"coordinator"}),
        ("other's template", reverse("commissioning:return_template", args=[other.pk, q]), {"coordinator"}),
        ("other's upload", reverse("commissioning:return_upload", args=[other.pk]), {"coordinator"}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_pages_it_may(role, sign_in, projects, pcc_fund) -> None:
    client = sign_in(role)
    wrong = []
    for name, url, allowed in _pages(projects, pcc_fund):
        status = client.get(url).status_code
        expected = 200 if role in allowed else (302 if role is None else 403)
        if status != expected:
            wrong.append(f"{name}: {status}, expected {expected}")
    assert not wrong, f"{role}: " + "; ".join(wrong)


def test_a_provider_lists_only_its_own_projects(sign_in, projects) -> None:
    page = sign_in("provider").get(reverse("commissioning:index")).content.decode()
    assert "Domestic abuse police link worker" in page and "Sanctuary Scheme" in page
    for other in ("Diversionary sport", "Neighbourhood mediation", "Redeployable CCTV", "ASB powers training"):
        assert other not in page
    assert "PCC locality grant" not in page  # funds are not for providers


def test_another_partnership_sees_none_of_this_ones_funding(sign_in) -> None:
    page = sign_in("outsider").get(reverse("commissioning:index")).content.decode()
    assert "Oakminster" in page
    assert "PCC locality grant" not in page and "Sanctuary Scheme" not in page


def _return_post(project) -> dict:
    data = {"spend": "1500.00", "progress": "Going well", "outcomes": "", "evidence": "", "risks": ""}
    data.update({f"output_{o.pk}": "5" for o in project.outputs.all()})
    return data


@pytest.mark.parametrize("role", ["provider", "officer", "board", "analyst", "asbofficer", "outsider"])
def test_refused_returns_change_nothing(role, sign_in, projects) -> None:
    project = projects["P1"]  # not Hartbury Women's Aid's project, and only the coordinator manages others'
    before = list(QuarterlyReturn.objects.filter(project=project).values_list("spend_pence", flat=True))
    quarter = Quarter.last_completed(__import__("datetime").date.today()).next()  # a quarter with no return yet
    response = sign_in(role).post(
        reverse("commissioning:return", args=[project.pk, quarter.slug]), _return_post(project)
    )
    assert response.status_code == 403
    assert list(QuarterlyReturn.objects.filter(project=project).values_list("spend_pence", flat=True)) == before


def test_a_provider_sends_a_return_for_its_own_project(sign_in, projects) -> None:
    project = projects["P2"]
    quarter = Quarter.last_completed(__import__("datetime").date.today()).next()
    response = sign_in("provider").post(
        reverse("commissioning:return", args=[project.pk, quarter.slug]), _return_post(project)
    )
    assert response.status_code == 302
    sent = QuarterlyReturn.objects.get(project=project, year=quarter.year, quarter=quarter.number)
    assert sent.spend_pence == 150_000
    assert sent.submitted_by.username == "provider"
    assert sorted(d.delivered for d in sent.deliveries.all()) == [5] * project.outputs.count()


def test_refused_fund_changes_change_nothing(sign_in, pcc_fund) -> None:
    for role in ("analyst", "provider", "officer", "outsider"):
        response = sign_in(role).post(
            reverse("commissioning:fund_edit", args=[pcc_fund.pk]),
            {
                "name": "Stolen",
                "funder": "x",
                "kind": "pcc_grant",
                "pounds": "1",
                "first_year": 2025,
                "last_year": 2025,
                "reporting": "quarterly",
                "opened_version": pcc_fund.version,
            },
        )
        assert response.status_code == 403, role
    pcc_fund.refresh_from_db()
    assert pcc_fund.name.startswith("PCC locality grant")
    assert Fund.objects.filter(name="Stolen").count() == 0
    assert Project.objects.filter(name="Stolen").count() == 0


def test_no_return_for_a_quarter_outside_the_project_or_not_yet_begun(sign_in, projects) -> None:
    """The walk-through opened and sent returns for 2019 and 2030 on a 2025-2027 project."""
    project = projects["P2"]
    today = __import__("datetime").date.today()
    before_start = Quarter.containing(project.starts).previous()
    not_begun = Quarter.containing(today).next()
    client = sign_in("provider")
    for quarter in (before_start, not_begun):
        url = reverse("commissioning:return", args=[project.pk, quarter.slug])
        assert client.get(url).status_code == 404
        assert client.post(url, _return_post(project)).status_code == 404
        assert not QuarterlyReturn.objects.filter(project=project, year=quarter.year, quarter=quarter.number).exists()


def test_a_fund_or_project_year_no_partnership_could_have_is_refused(pcc_fund, projects) -> None:
    from cspkit.web.commissioning.forms import FundForm, ProjectForm

    fund = FundForm(data={"first_year": 1066, "last_year": 1067}, instance=pcc_fund)
    assert not fund.is_valid() and "within 10 years of today" in " ".join(fund.errors["first_year"])
    project = projects["P1"]
    form = ProjectForm(data={"starts": "1900-01-01", "ends": "2199-12-31"}, instance=project,
                       partnership=project.partnership)
    assert not form.is_valid()
    assert all("within 10 years of today" in " ".join(form.errors[f]) for f in ("starts", "ends"))
