"""Which of the four comparators of a strategic assessment the report has, and how to add the others.

Seed 002 compares every offence group with the force, the Most Similar Group, the region and
England and Wales. The force and region come from police.uk files; the Most Similar Group,
region and England and Wales can also come from published tables (``--published``, ``--msg``).
"""

from __future__ import annotations

import pandas as pd

#: Role -> (what it is called, how a user adds it when it is missing).
ROLES: dict[str, tuple[str, str]] = {
    "force": ("the force area", "load the police.uk files of the whole force and an LSOA lookup that names the "
                                "force (cspkit load police-uk, cspkit load lookup)"),
    "msg": ("the Most Similar Group", "give the group's list from iQuanta with --msg and the published rates "
                                      "table by area with --published"),
    "region": ("the region", "give the published rates table by area (ONS/Home Office, with region rows) "
                             "with --published, or load the police.uk files of every force in the region"),
    "national": ("England and Wales", "give the published rates table by area (its England and Wales row) with "
                                      "--published, or load the police.uk files of all 43 forces"),
}


def comparator_roles(rates: pd.DataFrame) -> dict[str, str | None]:
    """Role -> the comparator's label in the rates table, or None when the report lacks it."""
    found: dict[str, str | None] = dict.fromkeys(ROLES)
    others = rates[rates["comparator_kind"] != "area"].dropna(subset=["rate"])
    for label, kind in dict.fromkeys(zip(others["comparator"], others["comparator_kind"], strict=True)):
        text = str(label)
        if kind == "force":
            role = "force"
        elif kind == "peers" or text.lower().startswith(("most similar", "peer")):
            role = "msg"
        elif kind == "region" or text.endswith("(region)"):
            role = "region"
        elif kind == "national" or "england" in text.lower():
            role = "national"
        else:
            continue
        found[role] = found[role] or text
    return found


def missing_note(rates: pd.DataFrame) -> str:
    """A sentence per missing comparator saying how to add it; empty when all four are present."""
    missing = [role for role, label in comparator_roles(rates).items() if label is None]
    return " ".join(f"No comparison with {ROLES[role][0]}: to add it, {ROLES[role][1]}." for role in missing)
