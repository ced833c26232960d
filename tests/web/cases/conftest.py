"""Handles on the demo's casework: the noise case (council's, shared with police and housing),
the youth case (police's, shared with the council) and the locked-down case (housing's, shared
with the police but locked)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Casework:
    noise: object
    youth: object
    locked: object


@pytest.fixture
def casework(db) -> Casework:
    from cspkit.web.cases.models import Case

    return Casework(
        noise=Case.objects.get(category="Noise", summary__startswith="Loud music"),
        youth=Case.objects.get(summary__startswith="A group of young people"),
        locked=Case.objects.get(locked_down=True),
    )
