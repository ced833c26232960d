"""Which of the four comparators of a strategic assessment the report has, and how to add the others.

Seed 002 compares every offence group with the force, the Most Similar Group, the region and
England and Wales. The force and region come from police.uk files; the Most Similar Group,
region and England and Wales can also come from published tables (``--published``, ``--msg``).
The report says what each missing comparator needs in words a board reads; the command-line
options are in docs/your-own-data.md, for the analyst.
"""

from __future__ import annotations

import pandas as pd

#: Role -> (what it is called, what the assessment needs to include it).
ROLES: dict[str, tuple[str, str]] = {
    "force": ("the force area", "it needs the police.uk records of the whole force and a geography lookup "
                                "that names the force"),
    "msg": ("the Most Similar Group", "it needs the group's list of partnerships (from iQuanta) and the "
                                      "published table of recorded crime rates by area"),
    "region": ("the region", "it needs the published table of recorded crime rates by area, which has a row for "
                             "each region, or the police.uk records of every force in the region"),
    "national": ("England and Wales", "it needs the published table of recorded crime rates by area, which has "
                                      "a row for England and Wales, or the police.uk records of all 43 forces"),
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
    """A sentence per missing comparator saying what it needs; empty when all four are present."""
    missing = [role for role, label in comparator_roles(rates).items() if label is None]
    return " ".join(f"No comparison with {ROLES[role][0]}: {ROLES[role][1]}, which this assessment did not have."
                    for role in missing)
