"""Money that adds up through the pages: a fund cannot be over-allocated or cut below what is
allocated, spend past a budget is a warning with the amount, and every change has history."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cspkit.web.commissioning.models import Allocation
from cspkit.web.commissioning.returns import ReturnData, save_return
from cspkit.web.performance.quarters import Quarter

pytestmark = pytest.mark.django_db


def test_the_demo_pcc_grant_has_its_unallocated_remainder(pcc_fund) -> None:
    from cspkit.web.commissioning.demo import PCC_GRANT_POUNDS, PROJECTS

    assert pcc_fund.allocated_pence == sum(p.pcc_pounds for p in PROJECTS) * 100
    assert pcc_fund.unallocated_pence == (PCC_GRANT_POUNDS - sum(p.pcc_pounds for p in PROJECTS)) * 100


def test_an_allocation_beyond_the_fund_is_refused_with_the_amounts(sign_in, pcc_fund, projects) -> None:
    left = pcc_fund.unallocated_pence
    client = sign_in("coordinator")
    url = reverse("commissioning:allocation_create", args=[pcc_fund.pk])
    count = Allocation.objects.count()
    too_much = f"{(left + 1) / 100:.2f}"
    response = client.post(url, {"project": projects["P1"].pk, "pounds": too_much, "note": ""})
    assert response.status_code == 200
    assert "would over-allocate it by £0.01" in response.content.decode()
    assert Allocation.objects.count() == count
    response = client.post(url, {"project": projects["P1"].pk, "pounds": f"{left / 100:.2f}", "note": "all of it"})
    assert response.status_code == 302
    pcc_fund.refresh_from_db()
    assert pcc_fund.unallocated_pence == 0


def test_a_fund_cannot_shrink_below_what_is_allocated(sign_in, pcc_fund) -> None:
    allocated = pcc_fund.allocated_pence
    response = sign_in("coordinator").post(
        reverse("commissioning:fund_edit", args=[pcc_fund.pk]),
        {
            "name": pcc_fund.name,
            "funder": pcc_fund.funder,
            "kind": pcc_fund.kind,
            "pounds": f"{(allocated - 1) / 100:.2f}",
            "first_year": pcc_fund.first_year,
            "last_year": pcc_fund.last_year,
            "reporting": pcc_fund.reporting,
            "conditions": "",
            "funder_measures": "",
            "opened_version": pcc_fund.version,
        },
    )
    assert response.status_code == 200 and "is already allocated from this fund" in response.content.decode()
    pcc_fund.refresh_from_db()
    assert pcc_fund.amount_pence == 6_500_000


def test_spend_past_the_budget_warns_with_the_amount(projects) -> None:
    project = projects["P3"]  # budget £6,000
    already = project.spent_pence
    quarter = Quarter.last_completed(date.today()).next()
    outputs = {o.pk: 1 for o in project.outputs.all()}
    _, warning = save_return(project, ReturnData(quarter, 600_000 - already + 12_345, outputs), None)
    assert warning == (f"{project} has spent £6,123.45 against a budget of £6,000.00: £123.45 over budget")


def test_returns_fall_in_uk_financial_year_quarters() -> None:
    # 31 March belongs to Q4 of the year before; 1 April starts Q1.
    assert Quarter.containing(date(2026, 3, 31)) == Quarter(2025, 4)
    assert Quarter.containing(date(2026, 4, 1)) == Quarter(2026, 1)
    assert Quarter(2025, 4).ends == date(2026, 3, 31)


def test_every_change_to_a_fund_has_history(sign_in, pcc_fund) -> None:
    before = pcc_fund.history.count()
    response = sign_in("coordinator").post(
        reverse("commissioning:fund_edit", args=[pcc_fund.pk]),
        {
            "name": pcc_fund.name,
            "funder": pcc_fund.funder,
            "kind": pcc_fund.kind,
            "pounds": "70000",
            "first_year": pcc_fund.first_year,
            "last_year": pcc_fund.last_year,
            "reporting": pcc_fund.reporting,
            "conditions": "",
            "funder_measures": "",
            "opened_version": pcc_fund.version,
        },
    )
    assert response.status_code == 302
    assert pcc_fund.history.count() == before + 1
    assert pcc_fund.history.first().amount_pence == 7_000_000
    assert pcc_fund.history.first().history_user.username == "coordinator"


def test_two_people_changing_one_return_clash(projects) -> None:
    from cspkit.web.core.versioning import EditConflict

    project = projects["P2"]
    record = project.returns.order_by("-year", "-quarter").first()
    data = ReturnData(record.period, record.spend_pence, {d.output_id: d.delivered for d in record.deliveries.all()})
    save_return(project, data, None, opened_version=record.version)  # the first saves
    with pytest.raises(EditConflict):
        save_return(project, data, None, opened_version=record.version)  # the second opened the same version


def test_a_negative_or_impossible_amount_is_refused_in_words_not_a_server_error(projects) -> None:
    """The walk-through's crashes: a budget of -£250 and a spend of -£500 reached the database's
    checks (500), and a spend or output of 10^17 overflowed SQLite's integers."""
    from cspkit.web.commissioning.forms import ProjectForm, ReturnForm

    project = projects["P1"]
    outputs = {f"output_{o.pk}": "1" for o in project.outputs.all()}
    assert outputs
    for spend, message in (("-500", "cannot be negative"), ("99999999999999999", "cannot be more than")):
        form = ReturnForm(data={"spend": spend, **outputs}, project=project)
        assert not form.is_valid() and message in " ".join(form.errors["spend"])
    huge = {key: "99999999999999999999" for key in outputs}
    form = ReturnForm(data={"spend": "10", **huge}, project=project)
    assert not form.is_valid() and all("up to 1,000,000,000" in " ".join(form.errors[key]) for key in huge)
    form = ProjectForm(data={"pounds": "-250"}, instance=project, partnership=project.partnership)
    assert not form.is_valid() and "cannot be negative" in " ".join(form.errors["pounds"])
