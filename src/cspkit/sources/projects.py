"""Commissioned projects exported by the web app (``cspkit commissioning export-projects``), or
typed from a partnership's own spreadsheet, for the strategic assessment.

One row per project::

    reference,project,provider,priority,places,starts,ends,budget,funded,spent,outputs,status
    P1,Diversionary sport,Hartbury Sport Trust,Anti-social behaviour,E05900012; E05900010,2026-04-01,...

``places`` lists ward or LSOA codes or names separated by semicolons (blank if the project works
everywhere); amounts are pounds (``12500``, ``12,500.50`` or ``£12,500``), kept as whole pence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from cspkit.errors import InputError
from cspkit.sources.records_csv import Record, read_records

COLUMNS = ("reference", "project", "provider", "priority", "places", "starts", "ends", "budget", "spent")
OPTIONAL = ("funded", "outputs", "status")
WHAT = "a projects file (from cspkit commissioning export-projects)"
_POUNDS = re.compile(r"^£?\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class ProjectRecord:
    reference: str
    name: str
    provider: str
    priority: str  # the plan priority it serves; "" if none
    places: tuple[str, ...]  # ward or LSOA codes or names
    starts: date
    ends: date
    budget_pence: int
    funded_pence: int | None
    spent_pence: int
    outputs: str
    status: str


def read_projects(path: Path) -> list[ProjectRecord]:
    """Read and check a projects file; raises :class:`InputError` naming the line and problem."""
    projects: list[ProjectRecord] = []
    seen: dict[str, int] = {}
    for record in read_records(path, COLUMNS, WHAT):
        reference = record["reference"]
        if not reference:
            raise record.error("the project has no reference")
        if reference in seen:
            raise record.error(f"project {reference} is on line {seen[reference]} too")
        seen[reference] = record.line
        if not record["project"]:
            raise record.error(f"project {reference} has no name")
        starts = record.day("starts", f"the start of project {reference}")
        ends = record.day("ends", f"the end of project {reference}")
        if ends < starts:
            raise record.error(f"project {reference} ends ({ends}) before it starts ({starts})")
        places = tuple(part.strip() for part in record["places"].split(";") if part.strip())
        projects.append(
            ProjectRecord(
                reference,
                record["project"],
                record["provider"],
                record["priority"],
                places,
                starts,
                ends,
                _pence(record, "budget", f"the budget of project {reference}"),
                _pence(record, "funded", f"the funding of project {reference}", blank_ok=True),
                _pence(record, "spent", f"the spend of project {reference}"),
                record["outputs"],
                record["status"],
            )
        )
    if not projects:
        raise InputError(path, f"the file has no projects (expected {WHAT})")
    return projects


def _pence(record: Record, key: str, what: str, *, blank_ok: bool = False) -> int | None:
    text = record[key].replace(",", "").replace(" ", "")
    if not text and blank_ok:
        return None
    if not _POUNDS.match(text):
        raise record.error(f"{what} '{record[key]}' is not an amount in pounds, e.g. 12500 or 12,500.50")
    try:
        return int(Decimal(text.lstrip("£")) * 100)
    except InvalidOperation:  # pragma: no cover - the pattern already refuses these
        raise record.error(f"{what} '{record[key]}' is not an amount in pounds") from None
