"""Django for the web tests: the settings module, a fast password hasher and the demo partnership.

Django is set up here, when pytest collects the web tests, so the rest of the suite runs
without it. The demo partnership is created once per test database and each test runs in a
transaction that is rolled back, so every test sees it unchanged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import django
import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.web.settings")
os.environ.setdefault("CSPKIT_SECRET_KEY", "only-for-tests-" + "x" * 40)
django.setup()

if TYPE_CHECKING:
    from cspkit.web.board.models import BoardReport
    from cspkit.web.performance.models import MeasureUpdate
    from cspkit.web.plan.models import Action, Measure, Plan

#: The period of the demo evidence's saved assessment (the demo's police.uk files end in September 2026).
EVIDENCE_PERIOD = "2025-10..2026-09"
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _flush_past_audit_triggers():
    """Let Django empty the test database between browser tests although the personal-data audit
    log refuses DELETE and TRUNCATE: the flush alone drops the triggers and puts them back.

    Returns the patching function, for fixtures running where Django's connections differ."""
    flush_past_audit_triggers()
    return flush_past_audit_triggers


def flush_past_audit_triggers() -> None:
    """Patch this context's connections (Playwright's greenlet has connections of its own)."""
    from django.db import connections

    from cspkit.web.audit import append_only

    # Patched on the operations class, not the instance: browser tests run Django in another
    # context (Playwright's event loop), where `connections` hands out new connection objects.
    for connection in connections.all():
        ops_class = type(connection.ops)
        if getattr(ops_class, "_cspkit_flush_patched", False):
            continue
        original = ops_class.sql_flush

        def sql_flush(self, style, tables, *args, _original=original, _vendor=connection.vendor, **kwargs):
            statements = _original(self, style, tables, *args, **kwargs)
            if append_only.TABLE not in tables:
                return statements
            return [*append_only.drop_sql(_vendor), *statements, *append_only.create_sql(_vendor)]

        ops_class.sql_flush = sql_flush
        ops_class._cspkit_flush_patched = True


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture(autouse=True)
def _fresh_page_parts() -> None:
    """Each test's rolled-back transaction takes the data generation back, which a real database
    never does (a restore stops every server first): forget what the last test's generation kept."""
    from cspkit.web.core import generation

    generation.forget_everything()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the demo partnership and an outsider: the coordinator of its neighbour."""
    from django.test import override_settings

    from cspkit.web.accounts.models import Partnership, User
    from cspkit.web.board.models import BoardReport
    from cspkit.web.demo import DEMO_PARTNERSHIP, create_demo
    from cspkit.web.performance.views import reporting_quarter
    from cspkit.web.permissions.roles import Role
    from cspkit.web.plan.models import Plan

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        create_demo()
        outsider = User.objects.create_user("outsider", password="cspkit-demo", role=Role.COORDINATOR)
        outsider.partnerships.add(Partnership.objects.exclude(name=DEMO_PARTNERSHIP).get())
        plan = Plan.objects.get()
        quarter = reporting_quarter()
        BoardReport.objects.create(plan=plan, year=quarter.year, quarter=quarter.number)  # a draft


@dataclass(frozen=True)
class Demo:
    """Handles on the demo records the tests talk about."""

    plan: Plan
    police_action: Action  # owned by Mercia Vale Police, the officer's agency
    council_action: Action  # owned by Hartbury Borough Council
    police_measure: Measure
    council_measure: Measure
    figure: MeasureUpdate  # a figure already sent, for overrides
    published_report: BoardReport
    draft_report: BoardReport


@pytest.fixture
def demo(db) -> Demo:
    from cspkit.web.board.models import BoardReport
    from cspkit.web.demo import DEMO_PARTNERSHIP
    from cspkit.web.performance.models import MeasureUpdate
    from cspkit.web.plan.models import Action, Measure, Plan

    plan = Plan.objects.get(partnership__name=DEMO_PARTNERSHIP)
    measures = Measure.objects.filter(priority__plan=plan)
    police_measure = measures.filter(owner_agency__name="Mercia Vale Police").first()
    return Demo(
        plan=plan,
        police_action=Action.objects.filter(priority__plan=plan, owner_agency__name="Mercia Vale Police").first(),
        council_action=Action.objects.filter(
            priority__plan=plan, owner_agency__name="Hartbury Borough Council"
        ).first(),
        police_measure=police_measure,
        council_measure=measures.filter(owner_agency__name="Hartbury Borough Council").first(),
        figure=MeasureUpdate.objects.filter(measure=police_measure).order_by("-year", "-quarter").first(),
        published_report=BoardReport.objects.get(plan=plan, published_at__isnull=False),
        draft_report=BoardReport.objects.get(plan=plan, published_at__isnull=True),
    )


@pytest.fixture
def sign_in(client):
    """Sign the test client in as a demo user (or stay anonymous for None)."""

    from cspkit.web.accounts.models import User

    def as_user(username: str | None):
        if username is not None:
            client.force_login(User.objects.get(username=username))
        return client

    return as_user


@pytest.fixture(scope="session")
def demo_evidence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the demo evidence store (evidence.duckdb) and Hartbury's assessment saved in
    assessments/, as ``cspkit demo`` and ``cspkit assess`` make them. Hartbury is the demo partnership."""
    from cspkit.assess.build import AssessmentRequest, build_assessment
    from cspkit.assess.period import parse_period
    from cspkit.demo.loading import load_demo
    from cspkit.demo.partnership import write_demo
    from cspkit.store import open_store

    folder = tmp_path_factory.mktemp("demo-evidence")
    with open_store(folder / "evidence.duckdb") as store:
        load_demo(store, write_demo(folder / "files", seed=0))
        request = AssessmentRequest(area="Hartbury", period=parse_period(EVIDENCE_PERIOD))
        build_assessment(store, request).save(folder / "assessments")
    return folder
