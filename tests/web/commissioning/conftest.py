"""Handles on the demo's commissioning records."""

from __future__ import annotations

import pytest


@pytest.fixture
def projects(db) -> dict:
    from cspkit.web.commissioning.models import Project

    return {p.reference: p for p in Project.objects.filter(partnership__name__startswith="Hartbury")}


@pytest.fixture
def pcc_fund(db):
    from cspkit.web.commissioning.models import Fund

    return Fund.objects.get(kind=Fund.Kind.PCC_GRANT, partnership__name__startswith="Hartbury")
