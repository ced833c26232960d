"""A realistic, fictional consultation survey export for the demo and for trying the commands.

It looks like a Microsoft Forms CSV export: an ID, start and completion times, anonymous
email and name, one grid question rating each default candidate priority from 1 (least
important) to 5 (most important), and two free-text questions. Seeded, so the same seed gives
the same file.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from cspkit.priorities.candidates import load_candidates

GRID_QUESTION = "How important is it that the partnership tackles each of these? (1 = least, 5 = most important)"
SAFER_QUESTION = "What one thing would make you feel safer where you live?"
OTHER_QUESTION = "Is there anything else you would like to tell us about crime or safety in your area?"

# Typical mean answer for each default candidate in local surveys: residents rank visible and
# personal harms (ASB, violence, domestic abuse, drugs) above property crime.
_SALIENCE = {
    "Anti-social behaviour": 4.3,
    "Violence and sexual offences": 4.4,
    "Domestic abuse": 4.3,
    "Burglary": 4.0,
    "Vehicle crime": 3.5,
    "Shoplifting and business crime": 3.0,
    "Drugs": 4.2,
    "Criminal damage and arson": 3.6,
    "Robbery": 3.7,
    "Public order": 3.2,
    "Possession of weapons": 4.1,
    "Theft": 3.3,
}

_COMMENTS = (
    "More police patrols in the evenings, especially around the precinct.",
    "Youths on motorbikes tearing round the estate at night.",
    "Drug dealing outside the shops is done in the open.",
    "Better street lighting on the path to the station.",
    "Speeding cars on the main road - someone will get killed.",
    "Something done about the groups drinking in the park.",
    "CCTV that actually works in the town centre.",
    "Seeing a PCSO now and then would help.",
    "Stop the fly-tipping and dog fouling, the place looks uncared for.",
    "My car was broken into twice this year and nobody came.",
    "The noise and anti-social behaviour from one house on our street.",
    "Knife crime worries me for my teenage son.",
    "I feel unsafe walking home after dark.",
    "Graffiti and vandalism at the bus shelters.",
    "Support for people suffering domestic abuse, it is hidden.",
    "Shoplifting at the local Co-op is constant.",
    "Catalytic converters being stolen in our road.",
    "Parking on pavements outside the school.",
    "Nothing really, I feel safe here.",
    "Faster response when you ring 101.",
)


def write_demo_survey(path: str | Path, *, respondents: int = 240, seed: int = 2024) -> Path:
    """Write a fictional survey export to ``path`` (CSV) and return the path."""
    rng = np.random.default_rng(seed)
    candidates = [c.name for c in load_candidates()]
    header = ["ID", "Start time", "Completion time", "Email", "Name",
              *(f"{GRID_QUESTION} [{name}]" for name in candidates), SAFER_QUESTION, OTHER_QUESTION]
    start = datetime(2024, 3, 1, 9, 0)
    rows = []
    for number in range(1, respondents + 1):
        began = start + timedelta(minutes=int(rng.integers(0, 28 * 24 * 60)))
        finished = began + timedelta(seconds=int(rng.integers(90, 900)))
        leaning = rng.normal(0, 0.5)  # some people rate everything higher than others
        answers = []
        for name in candidates:
            if rng.random() < 0.04:
                answers.append("")
                continue
            level = int(np.clip(np.rint(rng.normal(_SALIENCE.get(name, 3.5) + leaning, 0.9)), 1, 5))
            answers.append(str(level))
        safer = _COMMENTS[rng.integers(len(_COMMENTS))] if rng.random() < 0.65 else ""
        other = _COMMENTS[rng.integers(len(_COMMENTS))] if rng.random() < 0.25 else ""
        rows.append([str(number), f"{began:%d/%m/%Y %H:%M:%S}", f"{finished:%d/%m/%Y %H:%M:%S}", "anonymous", "",
                     *answers, safer, other])
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return target
