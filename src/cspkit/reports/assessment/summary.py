"""The executive summary, first in the report as in seed 002: the headline picture, direction
of travel against every comparator, the priorities in rank order, the people and places at
greatest risk, and the recommendations, in two to four pages."""

from __future__ import annotations

import statistics

import pandas as pd

from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.priorities.ranking import Ranking
from cspkit.reports.assessment.archives import outcome_sentence, stop_search_sentence
from cspkit.reports.assessment.comparators import comparator_roles, missing_note
from cspkit.reports.assessment.direction import _DATA_QUALITY, _key_figures, _window, latest_run_sentence
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.overview_table import significance_key
from cspkit.reports.assessment.priority_facts import (
    PriorityFacts,
    choose_profiles,
    headline_facts,
    priority_facts,
    profile_of,
    tie_sentence,
)
from cspkit.reports.assessment.wording import join_and, places_to_separate, plural
from cspkit.reports.document import Block, BulletList, Cell, Column, Heading, Paragraph, Row, Section, Table

ROLE_ORDER = ("force", "msg", "region", "national")


def summary_section(inputs: ReportInputs) -> Section:
    change = inputs.assessment.table("change")
    blocks: list[Block] = [
        Paragraph(f"This summary gives the headline picture of community safety in {inputs.area} over "
                  f"{inputs.period}, the priorities the evidence and the partnership's scoring point to, and the "
                  "recommendations. The chapters that follow give the detail behind each finding."),
        Heading("The headline picture"),
        _key_figures(inputs, change, _window(change, year_to_date=False)),
        *_read_with_care(inputs),
        *inputs.blocks("summary"),
    ]
    outcomes = outcome_sentence(inputs.assessment)  # only when significant and large enough to act on
    if outcomes:
        blocks.append(Paragraph(outcomes))
    searches = stop_search_sentence(inputs.assessment)  # force-wide: its own heading says so
    if searches:
        blocks += [Heading(f"Stop and search in {_force(inputs)}"), Paragraph(searches)]
    comparison = direction_table(inputs)
    if comparison is not None:
        blocks += [Heading("Against every comparator" if len(inputs.comparators) > 1 else
                           f"Against {join_and(inputs.comparators)}"), comparison]
    blocks += [Heading("Priorities in rank order"), *_priorities(inputs)]
    risk = inputs.blocks("greatest-risk")[:2]
    if risk:
        blocks += [Heading("People and places at greatest risk"), *risk]
    recommendations = inputs.blocks("recommendations")
    if recommendations:
        blocks += [Heading("Recommendations"), *recommendations]
    return Section("executive-summary", "Executive summary", blocks, new_page=False)


MOST_CHANGES = 5
"""The summary names at most this many significant changes, the largest first."""


def summary_draft(inputs: ReportInputs) -> str:
    """The summary's generated words (the analyst may rewrite them): the change in all crime, the largest
    statistically significant changes by crime group, and a run of special-cause months at the end of the
    all-crime control chart. A board reading only the summary must meet the biggest significant rise and
    the chart's latest warning, not only 'within what chance alone would produce'."""
    change = inputs.assessment.table("change")
    window = _window(change, year_to_date=False)
    # the all-crime change on the window the headline figures use (or the first there is)
    keyed = {s.key: s.text for s in inputs.assessment.statements if s.section == "direction_of_travel"}
    first = keyed.get(f"change_{window}") or next(iter(keyed.values()), "")
    found = [first]
    if window is not None:
        found.append(significant_changes(change[change["comparison"] == window], window))
    found.append(latest_run_sentence(_or_none(inputs.rows_of("spc", "crime_group", ALL_CRIME)), "recorded crime"))
    return "\n\n".join(text for text in found if text)


def significant_changes(rows: pd.DataFrame, window: str) -> str:
    """'Statistically significant changes on the previous period, largest first: shoplifting up 19% (2,180
    against 1,836), ...' (empty when no crime group changed significantly)."""
    movers = rows[rows["verdict"].isin(["increase", "decrease"]) & (rows["crime_group"] != ALL_CRIME)
                  & rows["percent_change"].notna()]
    if movers.empty:
        return ""
    movers = movers.reindex(movers["percent_change"].abs().sort_values(ascending=False).index)
    parts = [f"{_lower(r['crime_group'])} {'up' if r['verdict'] == 'increase' else 'down'} "
             f"{abs(r['percent_change']):.0f}% ({r['count_current']:,.0f} against {r['count_earlier']:,.0f})"
             for r in movers.head(MOST_CHANGES).to_dict("records")]
    more = len(movers) - MOST_CHANGES
    lead = ("The statistically significant change" if len(movers) == 1
            else "The statistically significant changes")
    return (f"{lead} on the {window}{', largest first' if len(parts) > 1 else ''}: {join_and(parts)}"
            + (f", and {more} smaller" if more > 0 else "") + ".")


def _lower(group: str) -> str:
    """A crime group inside a sentence: 'shoplifting', but 'ASB' stays as written."""
    return group if group.isupper() else group[0].lower() + group[1:]


def _or_none(frame: pd.DataFrame) -> pd.DataFrame | None:
    return None if frame is None or frame.empty else frame


def _force(inputs: ReportInputs) -> str:
    """'Mercia Vale's force area' (or 'the force area' when the force is not named)."""
    force = inputs.assessment.parameters.get("force")
    return f"{force}'s force area" if force else "the force area"


def _read_with_care(inputs: ReportInputs) -> list[Block]:
    """What a board must know before it reads the headline figures: months whose files the checks
    flagged (they are in the counts), and a period that is not a whole year (its rates are not annual)."""
    period = inputs.assessment.period
    monthly = inputs.rows_of("monthly", "crime_group", ALL_CRIME)
    flagged = []
    if "flagged" in monthly.columns:
        months = pd.to_datetime(monthly["month"].astype(str))
        within = (months >= pd.Timestamp(period.start)) & (months <= pd.Timestamp(period.end))
        flagged = sorted(months[within & monthly["flagged"].astype(bool)])
    parts = []
    if flagged:
        named = join_and(f"{m:%B %Y}" for m in flagged)
        parts.append(f"The figures include {named}, whose police.uk files the data-quality checks found to affect "
                     f"the counts (see {_DATA_QUALITY}): read the totals with care.")
    if period.months != 12:
        parts.append(f"The rates are for the {period.months} months of {inputs.period}, not a whole year: compare "
                     "them with figures for the same months, not with annual rates.")
    return [Paragraph(" ".join(parts))] if parts else []


def direction_table(inputs: ReportInputs) -> Table | None:
    """How the partnership compares with each comparator for all crime, ASB and the priorities' crime types."""
    roles = comparator_roles(inputs.rates)
    labels = [roles[role] for role in ROLE_ORDER if roles[role]]
    if not labels:
        return None
    groups = [g for g in (ALL_CRIME, ASB) if g in inputs.area_rates.index]
    profiles, _ = choose_profiles(inputs)
    groups += [t for p in profiles if len(p.crime_types) == 1 for t in p.crime_types if t not in groups]
    key = significance_key(inputs.area)
    columns = [Column("group", "Crime group"), Column("rate", f"{inputs.area} per 1,000", "number")]
    columns += [Column(f"c{i}", str(label), "number") for i, label in enumerate(labels)]
    found = {group: [inputs.rate_rows.get(group, label) for label in labels] for group in groups}
    # one number of places for the whole table, as many as its most demanding row needs: rows to different
    # places in one column (10.01 above 1.2) read as different kinds of figure
    places = max((_row_places(inputs.area_rates.loc[group], _known(matches))
                  for group, matches in found.items()), default=1)
    rows = []
    for group, matches in found.items():
        own = inputs.area_rates.loc[group]
        cells = [Cell(group), Cell(own["rate"], decimals=places)]
        for match in matches:
            if match is None or pd.isna(match["rate"]):
                cells.append(Cell(None))
            else:
                cells.append(Cell(match["rate"], key.get(str(match["significance_95"])), decimals=places))
        rows.append(Row(tuple(cells), bold=group == ALL_CRIME))
    notes = [note] if (note := missing_note(inputs.rates)) else []
    notes += [note] if (note := inputs.published_note) else []
    return Table.build("summary-comparators", f"Rates per 1,000 residents against every comparator, {inputs.period}",
                       columns, rows, source=inputs.rates_source, notes=notes, sheet_name="Summary comparators",
                       method="Each comparator's cell says whether the partnership's rate is statistically "
                              "significantly higher, lower or similar (95% confidence).")


def _known(matches: list) -> list:
    return [m for m in matches if m is not None and pd.notna(m["rate"])]


def _row_places(own: pd.Series, matches: list) -> int:
    """Decimal places a row of the comparator table needs: as many as it takes for every comparator called
    significantly different to print outside the partnership's interval (3.35 against 3.10), as on the
    priority's page, so the summary never prints a rate the page gives more exactly as different."""
    apart = [float(m["rate"]) for m in matches if str(m["significance_95"]) in ("higher", "lower")]
    if pd.isna(own.get("lower_95")) or pd.isna(own.get("upper_95")):
        return 1
    return places_to_separate(float(own["lower_95"]), float(own["upper_95"]), apart, 1, 2)


def _priorities(inputs: ReportInputs) -> list[Block]:
    ranking = inputs.ranking
    profiles, basis = choose_profiles(inputs)
    if ranking is None or not ranking.ranked:
        lead = Paragraph(f"The priorities have not been ranked yet. {basis}") if profiles else Paragraph(
            "The priorities have not been ranked yet.")
        return [lead, BulletList(f"**{p.name}**: {why(inputs, priority_facts(inputs, p))}" for p in profiles)]
    ranks = [c.rank for c in ranking.ranked]
    items = [f"**{rank_label(c.rank, ranks)} {c.name}**: {why(inputs, headline_facts(inputs, profile_of(inputs, c)))}"
             for c in ranking.ranked]
    joint = " (= marks a rank shared with another priority)" if len(set(ranks)) < len(ranks) else ""
    blocks: list[Block] = [Paragraph(
        f"The partnership scored {len(ranking.candidates)} candidate priorities; {len(ranking.ranked)} were ranked, "
        f"highest first{joint}.{_who_scored(ranking)}{_not_ranked(ranking)} {_comparator_basis(inputs)}"),
        BulletList(items)]
    tie = tie_sentence(inputs)
    blocks.append(Paragraph(f"The recommendations below take forward the {len(profiles)} highest-ranked."
                            + (f" {tie}" if tie else "")))
    return blocks


def _who_scored(ranking: Ranking) -> str:
    """How many people's scores the ranking rests on: one person's is a thinner basis than a panel's."""
    if not ranking.scorers:
        return ""
    return f" The scores are those of {plural(len(ranking.scorers), 'person', 'people')}."


def _not_ranked(ranking: Ranking) -> str:
    """The candidates left out of the ranking, named: a board reading the summary alone must not take a
    candidate nobody has scored (domestic abuse, say) for one that was scored and ranked low."""
    if not ranking.unranked:
        return ""
    names = [c.name for c in ranking.unranked]
    verb = "is" if len(names) == 1 else "are"
    return (f" {join_and(names)} {verb} not ranked: a part of the score has no level yet "
            "(see the priorities section).")


def rank_label(rank: int, ranks: list[int]) -> str:
    """'3' for a rank of its own, '1=' for one shared: the rank itself, never the line's place in the list."""
    return f"{rank}=" if ranks.count(rank) > 1 else str(rank)


def _comparator_basis(inputs: ReportInputs) -> str:
    """Which comparator every reason uses, and why: one for all, so the reasons can be read side by side."""
    benchmark = inputs.main_benchmark
    ranked = inputs.ranking.ranked if inputs.ranking is not None else ()
    partners = (" A priority measured from partners' records is compared with the force area as a whole, the only "
                "comparison those records allow." if any(c.evidence.partner_measure for c in ranked) else "")
    if benchmark is None:
        return partners.strip()
    return (f"Each reason compares the priority's rate with {benchmark}, the broadest comparator this report has "
            f"for every police.uk crime type, and says whether the difference is statistically significant (95% "
            f"confidence).{partners}")


def why(inputs: ReportInputs, facts: PriorityFacts) -> str:
    """One sentence on why a priority ranks where it does: its volume, its rate against one comparator
    (the same for every priority), its change, and the parts of its score that lift or hold it back."""
    if facts.partner is not None:
        text = _partner_reason(facts.partner)
    elif not facts.types or facts.count is None:
        text = ("police.uk records do not separate it, so the partnership's scores rest on partners' records and "
                "professional judgement")
    else:
        text = _police_reason(inputs, facts)
    drivers = _score_drivers(inputs, facts)
    return text + (f"; {drivers}" if drivers else "") + "."


_AGAINST = {"higher": "significantly higher than", "lower": "significantly lower than", "similar": "similar to"}


def _police_reason(inputs: ReportInputs, facts: PriorityFacts) -> str:
    noun = "incidents" if facts.types == (ASB,) else "crimes"
    places = facts.places()
    text = f"{facts.count:,.0f} {noun}, {facts.rate:,.{places}f} per 1,000 residents"
    against = facts.compared_with(inputs.main_benchmark)
    if against is not None and against["status"] in _AGAINST:
        text += f", {_AGAINST[against['status']]} {against['area']} at {against['value']:,.{places}f}"
    change = facts.change
    if change is not None and change.get("verdict") in ("increase", "decrease") and pd.notna(change["percent_change"]):
        word, what = ("up", "rise") if change["verdict"] == "increase" else ("down", "fall")
        text += (f"; {word} {abs(change['percent_change']):.0f}% on the {change['comparison']}, a statistically "
                 f"significant {what}")
    elif change is not None:
        text += f"; no significant change on the {change['comparison']}"
    return text


def _partner_reason(row: dict) -> str:
    """A partner measure's reason in the words of the police.uk ones: volume, against the force area, change."""
    measure = str(row["measure"]).lower()
    if row["kind"] == "proportion":
        text = f"{measure} {row['rate']:.0%}"
    else:
        text = f"{row['value']:,.0f} {measure}"
        if pd.notna(row["rate"]):
            text += f", {row['rate']:,.1f} per 1,000 residents"
    verdict = row["compared_with_force"]
    if verdict in _AGAINST:
        force = f" at {row['force_rate']:,.1f}" if row["kind"] != "proportion" and pd.notna(row["force_rate"]) else ""
        text += f", {_AGAINST[verdict]} the force area as a whole{force}"
    change = row["change_verdict"]
    if change in ("increase", "decrease"):
        word, what = ("up", "rise") if change == "increase" else ("down", "fall")
        size = (f"{abs(row['change_pct']):.0f}%" if row["kind"] == "count"
                else f"{abs(row['change_points']):.1f} points")
        text += f"; {word} {size} on a year earlier, a statistically significant {what}"
    elif change:
        text += "; no significant change on a year earlier"
    return text + " (partners' records)"


def _score_drivers(inputs: ReportInputs, facts: PriorityFacts) -> str:
    """Which parts of the score lift the priority or hold it back against the typical (median) ranked
    candidate: the reason a priority with a high rate can still rank low."""
    candidate, ranking = facts.profile.candidate, inputs.ranking
    if candidate is None or candidate.score is None or ranking is None or len(ranking.ranked) < 2:
        return ""
    above, below = [], []
    for group in ranking.template.groups:
        mine = candidate.group_scores.get(group.key)
        if mine is None:
            continue
        median = statistics.median(c.group_scores[group.key] for c in ranking.ranked)
        (above if mine > median else below if mine < median else []).append(group.label.lower())
    parts = ([f"scored above the typical candidate on {join_and(above)}"] if above else [])
    if below:
        parts.append(f"{'below it' if above else 'scored below the typical candidate'} on {join_and(below)}")
    return ", ".join(parts)
