"""Recommendations drafted from the evidence, for the analyst to edit in the commentary file.

Each draft says only what the assessment's figures suggest (a significant rise or fall, a
rate above a comparator, hot spots, a seasonal peak, evidence police.uk lacks); it invents
no facts and names no activity the evidence cannot support. The analyst rewrites them in the
commentary file and the rebuild keeps their words.
"""

from __future__ import annotations

import re

import pandas as pd

from cspkit.assess.groups import ASB
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.priority_facts import PriorityFacts, choose_profiles, priority_facts
from cspkit.reports.assessment.wording import join_and, period_words

#: police.uk crime types recorded mostly when the police find them (a search, an operation), not when a victim
#: reports them: a higher rate may mean more policing rather than more harm, so the draft asks which first.
FOUND_BY_POLICING = frozenset({"Drugs", "Possession of weapons"})


def priority_recommendations(inputs: ReportInputs, facts: PriorityFacts) -> list[str]:
    """Draft recommendations for one priority, most pressing first (drafted once per report: the
    overall recommendations quote each priority's first)."""
    return list(inputs.once(("recommendations", facts.profile.name), lambda: _drafted(inputs, facts)))


def _drafted(inputs: ReportInputs, facts: PriorityFacts) -> list[str]:
    name = facts.profile.name
    lower = name.lower() if name != name.upper() else name
    found: list[str] = []
    if facts.partner is not None:
        return _from_partners(facts.partner, lower, inputs.area)
    if not facts.types:
        return [f"Bring partners' records of {lower} into the next assessment (police.uk does not record it as a "
                "crime type of its own), so that its volume and direction can be measured rather than judged.",
                f"Agree with partners how progress on {lower} will be measured and reported to the board."]
    change = facts.change
    if change is not None and change.get("verdict") == "increase":
        found.append(f"Find out what lies behind the statistically significant rise of "
                     f"{abs(change['percent_change']):.0f}% on the {change['comparison']} "
                     f"({period_words(change['earlier_period'])}), with partners, before choosing a response.")
    noun = "incidents" if facts.types == (ASB,) else "crimes"
    higher = facts.higher_than()
    if higher and set(facts.types) <= FOUND_BY_POLICING:
        found.append(f"Ask the police how much of the higher rate of {lower} comes from their own proactive work "
                     f"(searches and operations find most of these offences) before reading it as more harm: "
                     f"{inputs.area}'s rate is statistically significantly higher than {join_and(higher)}.")
    elif higher:
        found.append(f"Learn from partnerships with lower rates what has worked for them: for {lower}, "
                     f"{inputs.area}'s rate is statistically significantly higher than {join_and(higher)}.")
    hot = facts.hot_spots() if facts.lsoa is not None else []
    if hot:
        shown = join_and(hot[:3]) if len(hot) <= 3 else ", ".join(hot[:3]) + " and others"
        # Gi*: an LSOA with its neighbours, not against them (the maps' notes say so too)
        found.append(f"Focus problem-solving on the hot spots the evidence identifies ({shown}): LSOAs that, with "
                     f"their neighbours, record significantly more of these {noun} than chance would give.")
    peaks = _peaks(facts)
    if peaks:
        found.append(f"Plan activity ahead of {join_and(peaks)}, when records of {lower} are reliably higher than "
                     "in other months.")
    if change is not None and change.get("verdict") == "decrease":
        found.append(_after_a_fall(change) + _projects_beside_the_fall(inputs, facts))
    found.append(f"Agree a measure of success for {lower} and report it to the board each quarter.")
    return found


def _from_partners(row: dict, lower: str, area: str) -> list[str]:
    """Drafts for a priority measured by a partner: what its change and its place in the force suggest."""
    found = []
    measure = str(row["measure"]).lower()
    if row["change_verdict"] == "increase":
        found.append(f"Find out with {row['source'] or 'the partner'} what lies behind the statistically significant "
                     f"rise in {measure} on a year earlier: more harm, or more reporting and better recording, "
                     "before choosing a response.")
    if row["compared_with_force"] == "higher":
        found.append(f"Ask {row['source'] or 'the partner'} and partners why {area}'s rate of {measure} is "
                     f"significantly higher than the force area's as a whole{_against_force(row)}, and whether "
                     "support and prevention services here match that higher need.")
    if row["change_verdict"] == "decrease":
        found.append(f"Check with {row['source'] or 'the partner'} whether the statistically significant fall in "
                     f"{measure} reflects less harm or less reporting before recording it as progress.")
    found.append(f"Agree with partners how progress on {lower} will be measured (for example {measure}) and "
                 "reported to the board each quarter.")
    return found


def _after_a_fall(change: dict) -> str:
    """A significant fall, without crediting anyone: the assessment shows that it happened, not why."""
    return (f"Find out what lies behind the statistically significant fall of {abs(change['percent_change']):.0f}% "
            f"on the {change['comparison']} before treating it as the result of the partnership's work: this "
            "assessment shows that it happened, not what caused it.")


_MEASURE = {ASB: "Anti-social behaviour"}
"""The projects' comparison measure for a priority's crime types (the projects compare all crime and ASB)."""


def _projects_beside_the_fall(inputs: ReportInputs, facts: PriorityFacts) -> str:
    """What the projects' places show beside a significant fall: a board must not read the fall as the
    projects' work when their places fell no more than the rest of the area (" ...: not a larger fall")."""
    measure = _MEASURE.get(facts.types[0]) if len(facts.types) == 1 else None
    if measure is None:
        return ""
    found: dict[tuple[str, str, str], list[str]] = {}  # projects with the same figures share one clause
    for project in inputs.projects:
        change = next((c for c in project.changes if c.measure == measure and c.comparison is not None), None)
        if change is None or not project.place_names:
            continue
        verdict = change.comparison.verdict
        words = ("a larger fall than elsewhere, though an association, not proof"
                 if verdict == "fell more than elsewhere" else "not a larger fall than elsewhere")
        key = (_moved(change.place_before, change.place_during), _moved(change.rest_before, change.rest_during), words)
        found.setdefault(key, []).append(f"{project.project.name} ({join_and(project.place_names)})")
    if not found:
        return ""
    clauses = [f"in the places of {join_and(names)} it went {places} during the "
               f"project{'s' if len(names) > 1 else ''} against {rest} in the rest of the area, {words}"
               for (places, rest, words), names in found.items()]
    return f" Beside it, {'; '.join(clauses)} (see Commissioned projects by priority and place)."


def _moved(before: int, during: int) -> str:
    """'down 1%', 'up 4%', 'unchanged'."""
    if before == 0:
        return "from none"
    change = (during - before) / before
    return f"{'up' if change > 0 else 'down'} {abs(change):.0%}" if round(change, 2) else "almost unchanged"


def _against_force(row: dict) -> str:
    """' (29.1 against 22.4 per 1,000 residents)' for a count, ' (12% against 9%)' for a proportion."""
    if pd.isna(row.get("rate")) or pd.isna(row.get("force_rate")):
        return ""
    if row.get("kind") == "proportion":
        return f" ({row['rate']:.0%} against {row['force_rate']:.0%})"
    return f" ({row['rate']:,.1f} against {row['force_rate']:,.1f} per 1,000 residents)"


def overall_recommendations(inputs: ReportInputs) -> list[str]:
    """Draft overall recommendations: adopt the ranked priorities, each one's first action, and data gaps."""
    profiles, _ = choose_profiles(inputs)
    ranked = [p for p in profiles if p.candidate is not None and p.candidate.rank is not None]
    found: list[str] = []
    if ranked:
        found.append(f"Adopt {join_and(p.name.lower() for p in ranked)} as the partnership's priorities, in the "
                     "order the scoring gave them, and set out in the partnership plan what each partner will do.")
    for profile in profiles:
        first = (_first_item(inputs.texts.get(f"{profile.id}-recommendations", ""))
                 or priority_recommendations(inputs, priority_facts(inputs, profile))[0])
        found.append(f"{profile.name}: {first[0].lower()}{first[1:]}")
    if inputs.assessment.parameters.get("missing_months"):
        found.append("Ask the force to supply the months of police.uk records that are missing, and repeat the "
                     "analysis once they are loaded.")
    return found


def _first_item(markdown: str) -> str:
    """The first recommendation of a priority's part as the analyst wrote it: its first list item (or
    first line), without the list marker; "" if the part is empty."""
    for line in markdown.splitlines():
        text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip()
        if text:
            return text
    return ""


def as_markdown(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _peaks(facts: PriorityFacts) -> list[str]:
    profile = facts.seasonality
    if profile is None or "runs_high" not in profile.columns:
        return []
    return [str(m) for m in profile[profile["runs_high"].fillna(False).astype(bool)]["month_name"]]
