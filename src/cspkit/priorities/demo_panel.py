"""A fictional panel's completed scoring sheet for the demo, so the demo's priorities are ranked.

A real partnership's panel (community safety, police, public health, the council's ASB team)
scores each candidate on the dimensions its template leaves to people; the rest come from the
evidence and the consultation survey. This writes such a sheet in the layout ``cspkit
priorities sheet`` gives out and ``--scores`` reads, seeded, so the same seed writes the same file.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from cspkit.priorities.candidates import load_candidates
from cspkit.priorities.scores import SCORE_COLUMNS

SCORERS = ("Community safety manager", "Police district commander", "Public health lead", "ASB team leader")
#: A typical panel's view of each candidate: physical, psychological, financial, community and
#: environmental harm (1-5), then gap in capacity and capability and partnership opportunity (1-4).
TYPICAL: dict[str, tuple[int, ...]] = {
    "Anti-social behaviour": (2, 3, 1, 4, 3, 3, 4),
    "Violence and sexual offences": (5, 5, 2, 4, 1, 3, 3),
    "Domestic abuse": (5, 5, 3, 3, 1, 4, 4),
    "Burglary": (2, 4, 4, 3, 2, 2, 2),
    "Vehicle crime": (1, 2, 3, 2, 2, 2, 2),
    "Shoplifting and business crime": (1, 2, 3, 3, 1, 2, 3),
    "Drugs": (4, 3, 3, 5, 3, 3, 4),
    "Criminal damage and arson": (2, 2, 3, 3, 4, 2, 3),
    "Robbery": (4, 4, 3, 3, 1, 2, 2),
    "Public order": (2, 3, 1, 3, 2, 2, 2),
    "Possession of weapons": (5, 4, 1, 4, 1, 3, 3),
    "Theft": (1, 2, 3, 2, 1, 1, 2),
}
PEOPLE_DIMENSIONS = ("physical_harm", "psychological_harm", "financial_harm", "community_harm",
                     "environmental_harm", "capacity_capability", "partnership_opportunity")
#: Candidates police.uk cannot count: the panel also sets frequency and direction from partners' records.
PARTNER_EVIDENCE = {"frequency_volume": 3, "trend": 3}
_TOP = {"frequency_volume": 4, "trend": 3, "capacity_capability": 4, "partnership_opportunity": 4}


def write_demo_panel_scores(path: str | Path, *, seed: int = 0) -> Path:
    """Write the panel's scores (one row per scorer, candidate and dimension) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 31])
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(SCORE_COLUMNS)
        for candidate in load_candidates():
            typical = dict(zip(PEOPLE_DIMENSIONS, TYPICAL.get(candidate.name, (3, 3, 3, 3, 2, 2, 2)), strict=True))
            if not candidate.crime_types:
                typical |= PARTNER_EVIDENCE
            for scorer in SCORERS:
                for dimension, level in typical.items():
                    moved = int(np.clip(level + rng.choice((-1, 0, 0, 0, 1)), 1, _TOP.get(dimension, 5)))
                    comment = ("From partners' records (police.uk does not separate it)."
                               if dimension in PARTNER_EVIDENCE else "")
                    writer.writerow([scorer, candidate.name, dimension, moved, "medium", comment])
    return path
