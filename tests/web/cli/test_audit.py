"""``cspkit audit anchor`` and ``cspkit audit verify --anchor``: the newest audit events cut off
behind the app's back go unnoticed by the chain alone, and are found against an anchor kept elsewhere."""

from __future__ import annotations

import pytest
from django.db import connection
from typer.testing import CliRunner

from cspkit.cli import audit as audit_module
from cspkit.cli.main import app
from cspkit.web.accounts.models import User
from cspkit.web.audit import append_only, personal
from cspkit.web.audit.models import PersonalDataEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def cli(monkeypatch) -> CliRunner:
    monkeypatch.setattr(audit_module, "_django", lambda: None)  # the test database is ready
    return CliRunner()


@pytest.fixture
def five_events() -> None:
    user = User.objects.get(username="coordinator")
    for number in range(5):
        personal.record(user, personal.Action.VIEW, "case", number, summary=f"Case {number} opened")


def _delete_newest_behind_the_apps_back(how_many: int) -> None:
    """As someone with the database's files could: drop the triggers, delete, put them back."""
    newest = list(PersonalDataEvent.objects.order_by("-id").values_list("id", flat=True)[:how_many])
    with connection.cursor() as cursor:
        for sql in append_only.drop_sql(connection.vendor):
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {append_only.TABLE} WHERE id IN ({', '.join(map(str, newest))})")
        for sql in append_only.create_sql(connection.vendor):
            cursor.execute(sql)


def test_the_anchor_finds_the_newest_events_removed_which_the_chain_alone_does_not(cli, five_events) -> None:
    printed = cli.invoke(app, ["audit", "anchor"])
    assert printed.exit_code == 0, printed.output
    head = personal.chain_head()
    assert printed.output.splitlines()[0] == f"{head.count}:{head.digest}"
    assert cli.invoke(app, ["audit", "verify", "--anchor", str(head)]).exit_code == 0

    _delete_newest_behind_the_apps_back(3)
    assert cli.invoke(app, ["audit", "verify"]).exit_code == 0  # every link left is intact
    checked = cli.invoke(app, ["audit", "verify", "--anchor", str(head)])
    assert checked.exit_code == 1
    assert f"the anchor recorded {head.count:,}" in checked.output and "the newest 3 events" in checked.output


def test_events_removed_then_new_ones_added_do_not_pass_for_the_anchored_ones(cli, five_events) -> None:
    head = personal.chain_head()
    _delete_newest_behind_the_apps_back(2)
    user = User.objects.get(username="coordinator")
    for number in range(3):  # the count passes the anchor again, with other events
        personal.record(user, personal.Action.VIEW, "case", 100 + number, summary="Another case opened")
    checked = cli.invoke(app, ["audit", "verify", "--anchor", str(head)])
    assert checked.exit_code == 1 and "removed or changed" in checked.output


def test_a_changed_event_is_reported_by_the_anchor_check(five_events) -> None:
    head = personal.chain_head()
    stored = list(PersonalDataEvent.objects.order_by("id"))
    stored[-4].summary = "Nothing opened"
    assert f"Event {stored[-4].id} was changed" in personal.anchor_problem(head, stored)
    assert personal.anchor_problem(head, list(PersonalDataEvent.objects.order_by("id"))) is None


@pytest.mark.parametrize("written", ["12", "12:abc", "twelve:" + "0" * 64, ""])
def test_an_anchor_not_written_as_printed_is_refused_in_words(cli, written: str) -> None:
    result = cli.invoke(app, ["audit", "verify", "--anchor", written])
    assert result.exit_code == 1
    assert "is not an audit log anchor: write it as COUNT:HASH" in result.output
    assert "Traceback" not in result.output


def test_the_server_writes_the_head_to_its_log(five_events, capsys: pytest.CaptureFixture[str]) -> None:
    personal.log_chain_head()
    head = personal.chain_head()
    assert f"Personal-data audit log head: {head}" in capsys.readouterr().err
