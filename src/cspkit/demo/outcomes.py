"""Outcomes: the ``Last outcome category`` of street files and the records of outcomes files.

police.uk shows the latest outcome of each crime as of the newest month in the archive, so
recent crimes are mostly "Under investigation" and older ones have settled. Which outcomes
settle depends on the crime: thefts mostly close with no suspect identified, violence mostly
with the suspect not prosecutable (often the victim does not support action), drugs and
weapons possession usually with a charge, a caution or a local resolution.
"""

from __future__ import annotations

import numpy as np

from cspkit.demo.crime_types import ASB_INDEX, NAMES

UNDER_INVESTIGATION = "Under investigation"
AWAITING_COURT = "Awaiting court outcome"
STATUS_UNAVAILABLE = "Status update unavailable"

CATEGORIES: tuple[str, ...] = (
    "",  # ASB rows have no outcome
    UNDER_INVESTIGATION,
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    STATUS_UNAVAILABLE,
    AWAITING_COURT,
    "Court result unavailable",
    "Action to be taken by another organisation",
    "Further action is not in the public interest",
    "Formal action is not in the public interest",
    "Further investigation is not in the public interest",
    "Local resolution",
    "Offender given a caution",
    "Offender given a drugs possession warning",
    "Suspect charged as part of another case",
)
_I = {name: i for i, name in enumerate(CATEGORIES)}

# Settled outcomes by profile: weights over CATEGORIES[2:] (normalised below).
_PROFILES: dict[str, tuple[float, ...]] = {
    #              nosusp unable status court  crtNA  other  furtA  formal furtI  local  caut   drugw  chgd
    "acquisitive": (0.55, 0.20, 0.08, 0.030, 0.020, 0.010, 0.010, 0.005, 0.040, 0.025, 0.008, 0.0, 0.002),
    "violence": (0.12, 0.52, 0.09, 0.060, 0.025, 0.045, 0.030, 0.035, 0.010, 0.035, 0.017, 0.0, 0.003),
    "shoplifting": (0.33, 0.20, 0.10, 0.120, 0.080, 0.010, 0.020, 0.010, 0.020, 0.070, 0.035, 0.0, 0.005),
    "possession": (0.02, 0.12, 0.10, 0.180, 0.100, 0.030, 0.050, 0.050, 0.010, 0.180, 0.100, 0.0, 0.010),
    "drugs": (0.02, 0.10, 0.10, 0.140, 0.080, 0.020, 0.040, 0.050, 0.010, 0.180, 0.090, 0.15, 0.010),
}
_PROFILE_OF = {
    "Bicycle theft": "acquisitive",
    "Burglary": "acquisitive",
    "Criminal damage and arson": "acquisitive",
    "Other theft": "acquisitive",
    "Robbery": "acquisitive",
    "Theft from the person": "acquisitive",
    "Vehicle crime": "acquisitive",
    "Violence and sexual offences": "violence",
    "Public order": "violence",
    "Other crime": "violence",
    "Shoplifting": "shoplifting",
    "Possession of weapons": "possession",
    "Drugs": "drugs",
}


def _settled_probabilities() -> np.ndarray:
    """Row per crime type: probability of each settled outcome category (columns = CATEGORIES)."""
    table = np.zeros((len(NAMES), len(CATEGORIES)))
    for row, name in enumerate(NAMES):
        if row == ASB_INDEX:
            table[row, _I[""]] = 1.0
            continue
        weights = np.array(_PROFILES[_PROFILE_OF[name]])
        table[row, 2:] = weights / weights.sum()
    return table


SETTLED = _settled_probabilities()


def share_under_investigation(age_months: int | np.ndarray) -> np.ndarray:
    """Share of crimes still under investigation ``age_months`` before the newest month (about half at 0)."""
    return 0.53 * np.exp(-np.asarray(age_months, dtype=float) / 1.6) + 0.01


def last_outcome_categories(rng: np.random.Generator, crime_types: np.ndarray, age_months: int) -> np.ndarray:
    """Index into :data:`CATEGORIES` of each crime's last outcome, given its crime-type indices.

    Draws by inverse CDF on one uniform per row, so it is vectorised over any number of rows.
    """
    crime_types = np.asarray(crime_types)
    cumulative = np.cumsum(SETTLED[crime_types], axis=1)
    settled = (rng.random(len(crime_types))[:, None] > cumulative).sum(axis=1)
    settled = np.minimum(settled, len(CATEGORIES) - 1)
    open_case = (rng.random(len(crime_types)) < share_under_investigation(age_months)) & (crime_types != ASB_INDEX)
    return np.where(open_case, _I[UNDER_INVESTIGATION], settled)
