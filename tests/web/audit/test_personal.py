"""The personal-data audit trail cannot be edited or deleted, by the ORM or by SQL, and a row changed
behind the database's back breaks the hash chain."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from cspkit.web.accounts.models import User
from cspkit.web.audit import personal
from cspkit.web.audit.models import PersonalDataEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events() -> list[PersonalDataEvent]:
    user = User.objects.get(username="coordinator")
    return [
        personal.record(user, personal.Action.VIEW, "case", 7, summary="Case 7 opened"),
        personal.record(user, personal.Action.SEARCH, "person", summary="Searched people for 'Smith'"),
        personal.record(user, personal.Action.EXPORT, "case", 7, summary="Case 7 exported", reason="court bundle"),
    ]


def test_events_are_recorded_in_order_with_a_chain(events) -> None:
    stored = list(PersonalDataEvent.objects.order_by("id"))
    assert [e.action for e in stored[-3:]] == ["view", "search", "export"]
    assert stored[-1].username == "coordinator"
    assert personal.verify_chain() is None


def test_a_long_summary_is_kept_whole(events) -> None:
    """A change's values (each typed text as its length and SHA-256) can run past any fixed length;
    the log once cut them at 500 characters, losing the end of the record in silence."""
    summary = "; ".join(f"Field {i}: 90 characters, SHA-256 {'ab' * 32}" for i in range(20))
    assert len(summary) > 1500
    event = personal.record(User.objects.get(username="coordinator"), personal.Action.CHANGE, "dardr", 1,
                            summary=summary)
    assert PersonalDataEvent.objects.get(pk=event.pk).summary == summary
    assert personal.verify_chain() is None


def test_the_orm_refuses_changes_and_deletes(events) -> None:
    event = events[0]
    event.summary = "nothing happened"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        PersonalDataEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(PermissionError):
        PersonalDataEvent.objects.all().delete()


@pytest.mark.parametrize("sql", ["UPDATE {t} SET summary = 'x'", "DELETE FROM {t}"])
def test_the_database_refuses_sql_changes(events, sql) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(t=PersonalDataEvent._meta.db_table))
    assert PersonalDataEvent.objects.filter(summary="x").count() == 0


def test_a_row_altered_behind_the_app_breaks_the_chain(events) -> None:
    # Stand in for someone with file access: build the chain, then alter one row's copy in memory.
    stored = list(PersonalDataEvent.objects.order_by("id"))
    stored[-2].summary = "Searched people for 'Jones'"
    assert personal.verify_chain(stored) == stored[-2].id


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes the whole database's write lock at BEGIN IMMEDIATE; the test database is "
    "in memory, where threads share one cache and are refused rather than queued",
)
@pytest.mark.django_db(transaction=True)
def test_events_written_at_once_by_many_requests_keep_one_chain() -> None:
    # Twenty officers' pages at once: each event must follow the one committed before it, never
    # two events from the same predecessor (a fork the chain check would report as tampering).
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    user = User.objects.get(username="coordinator")
    before = PersonalDataEvent.objects.count()

    def write(number: int) -> None:
        try:
            for _ in range(5):
                personal.record(user, personal.Action.VIEW, "case", number, summary=f"Case {number} opened")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(8)))
    assert PersonalDataEvent.objects.count() == before + 40
    assert personal.verify_chain() is None


@pytest.mark.django_db(transaction=True)
def test_a_digest_made_by_the_database_is_the_one_the_check_expects() -> None:
    # On PostgreSQL a page's event has its digest made by the server (sha256 in SQL); the check
    # recomputes it in Python. Non-ASCII names and a time on the whole second (which isoformat
    # writes without microseconds) must hash the same both ways. On SQLite both are made in Python.
    from datetime import UTC, datetime
    from unittest import mock

    from cspkit.web.permissions.roles import Role

    # Its own user: a test before it with transaction=True may have emptied the demo's tables.
    user = User.objects.create_user("digest-check", password="not-used-here", role=Role.CASE_OFFICER)
    whole_second = datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=whole_second):
        event = personal.record(
            user, personal.Action.SEARCH, "person", summary="Searched people for 'Siân Ó Dálaigh' — “quoted”"
        )
    personal.record(user, personal.Action.VIEW, "case", 7, summary="Case 7 opened", reason="ça & 100%")
    stored = PersonalDataEvent.objects.get(pk=event.pk)
    assert stored.at == whole_second and stored.digest == event.digest
    assert personal.verify_chain() is None


def test_going_back_past_the_long_summaries_migration_is_refused_while_a_summary_would_be_cut(events) -> None:
    """PostgreSQL cuts a text to fit varchar(500) without a word: going back to audit 0002 would
    rewrite the log and break its chain, so the migration refuses while any summary is longer."""
    import importlib

    from django.apps import apps
    from django.db.migrations.exceptions import IrreversibleError

    migration = importlib.import_module("cspkit.web.audit.migrations.0003_summary_without_limit")
    migration._refuse_to_cut_summaries(apps, None)  # every summary fits: going back is allowed
    long = personal.record(User.objects.get(username="coordinator"), personal.Action.CHANGE, "dardr", 1,
                           summary="x" * 501)
    with pytest.raises(IrreversibleError, match=f"the first is event {long.pk}"):
        migration._refuse_to_cut_summaries(apps, None)
