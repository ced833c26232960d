"""How the priorities were set: the template, the evidence, people's scores, the ranked list
and whether its order survives a change to any one weight."""

from __future__ import annotations

from collections import defaultdict

from cspkit.assess.groups import ALL_CRIME
from cspkit.assess.series import TOO_SHORT
from cspkit.priorities.explain import number
from cspkit.priorities.from_assessment import PREFERRED_WINDOWS
from cspkit.priorities.ranking import Ranking
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.methodology import HarmIndex
from cspkit.reports.assessment.priority_facts import choose_profiles
from cspkit.reports.assessment.wording import join_and, period_words, plural
from cspkit.reports.document import (
    Block,
    BulletList,
    Callout,
    Cell,
    Column,
    Interval,
    Paragraph,
    Row,
    Section,
    Table,
)

UNSCORED = ("No priorities were scored for this report. The partnership's panel scores the candidate priorities on "
            "a scoring sheet; with its scores the report ranks them (see Data quality and methodology).")


def priorities_section(inputs: ReportInputs) -> Section:
    ranking = inputs.ranking
    blocks: list[Block] = []
    if ranking is None:
        blocks.append(Paragraph(UNSCORED))
    else:
        blocks += how_they_were_set(inputs, ranking)
        if ranking.ranked:
            # not numbered: a list's numbers are places in the list, and joint ranks make them differ from the ranks
            blocks += [ranked_table(ranking), BulletList(f"**{c.name}**: {c.explanation}" for c in ranking.ranked)]
        blocks += _unranked(ranking)
        blocks.append(Paragraph(_sensitivity(ranking)))
        blocks.append(evidence_table(inputs, ranking))
    blocks += inputs.blocks("priorities")
    profiles, basis = choose_profiles(inputs)
    if profiles:
        blocks.append(Paragraph(basis))
    return Section("priorities", "Local community safety priorities", blocks, new_page=True)


def how_they_were_set(inputs: ReportInputs, ranking: Ranking) -> list[Block]:
    template = ranking.template
    text = (f"Candidate priorities were scored with the template called ‘{template.title}’. "
            f"{template.description}").strip()
    blocks: list[Block] = [Paragraph(text)]
    if template.notice:
        blocks.append(Callout("About this template", template.notice))
    sources: dict[str, set[str]] = defaultdict(set)
    for candidate in ranking.candidates:
        for dimension in candidate.dimensions:
            sources[dimension.source or "none"].add(dimension.key)
    labels = {d.key: d.label.lower() for d in template.dimensions.values()}

    def named(source: str) -> str:
        return join_and(labels[k] for k in template.dimensions if k in sources.get(source, set()))

    parts = []
    if sources.get("evidence"):
        parts.append(f"Levels for {named('evidence')} were set from this assessment's evidence by the template's "
                     "rules, where people did not score them.")
    if sources.get("scorers"):
        people = join_and(ranking.scorers)
        parts.append(f"{plural(len(ranking.scorers), 'person', 'people')} ({people}) scored {named('scorers')}; "
                     "where scorers differ, the template's agreement rule gives the level used.")
    unscored = [k for k in template.dimensions if not any(k in keys for s, keys in sources.items() if s != "none")]
    if unscored:
        parts.append(f"No one has scored {join_and(labels[k] for k in unscored)} yet.")
    if inputs.survey is not None and any(c.evidence.public_expectation is not None for c in ranking.candidates):
        parts.append(inputs.survey.describe(inputs.assessment.period.start))
    if inputs.session_id is not None:
        parts.append("The scores are kept with the assessment's data, so the ranking can be reproduced.")
    blocks.append(Paragraph(" ".join(parts)))
    return blocks


def ranked_table(ranking: Ranking) -> Table:
    template = ranking.template
    columns = [Column("rank", "Rank", "integer"), Column("name", "Priority"), Column("score", "Score", "number", 2)]
    if any(c.band for c in ranking.ranked):
        columns.append(Column("band", "Band"))
    columns += [Column(g.key, g.label, "number", 2) for g in template.groups]
    columns += [Column("confidence", "Confidence"),
                Column("range", f"Rank if any weight moves by {ranking.sensitivity.step:.0%}", "integer",
                       ends=("highest", "lowest"))]
    rows = []
    for c in ranking.ranked:
        low, high = c.rank_range or (c.rank, c.rank)
        cells = [Cell(c.rank), Cell(c.name), _score(c.score)]
        if len(columns) > 3 + len(template.groups) + 2:
            cells.append(Cell(c.band))
        cells += [_score(c.group_scores[g.key]) for g in template.groups]
        cells += [Cell(c.confidence), Cell(Interval(low, high))]
        rows.append(Row(tuple(cells)))
    return Table.build("ranked-priorities", f"Candidate priorities ranked by {template.title}",
                       columns, rows, source="This assessment and the partnership's scores", sheet_name="Priorities",
                       method=_arithmetic(ranking))


def _score(value: float | None) -> Cell:
    """A score as a whole number where it is one (264, not 264.00), else to two places (102.67)."""
    whole = value is not None and float(value).is_integer()
    return Cell(value, decimals=0 if whole else None)


def evidence_table(inputs: ReportInputs, ranking: Ranking) -> Table:
    """The evidence each candidate was scored on. A change or trend that no candidate has is not a column of
    "N/A" on every row (Cannock Chase, 2022: no earlier period, too few months): the note says why it is missing."""
    changed = any(c.evidence.change_pct is not None for c in ranking.candidates)
    trended = any(c.evidence.trend_verdict not in (None, TOO_SHORT) for c in ranking.candidates)
    columns = [Column("name", "Candidate"), Column("types", "police.uk crime types"),
               Column("count", "Records", "integer"), Column("rate", "Per 1,000 residents", "number")]
    if changed:
        columns += [Column("change", "Change", "percent", 0, signed=True), Column("verdict", "Change verdict")]
    if trended:
        columns.append(Column("trend", "Trend"))
    label = next((c.evidence.harm_scheme_label for c in ranking.candidates if c.evidence.harm_scheme_label), None)
    index = HarmIndex.named(label) if label else None
    harm = any(c.evidence.harm_weighted_count is not None for c in ranking.candidates)
    if harm:
        columns.append(Column("harm", f"Harm-weighted count ({index.unit})" if index else "Harm-weighted count",
                              "integer"))
    rows = []
    for c in ranking.candidates:
        e = c.evidence
        cells = [Cell(c.name), Cell("; ".join(e.crime_types) or "none (partners' records)"), Cell(e.count),
                 Cell(e.rate_per_1000)]
        if changed:
            cells += [Cell(e.change_pct / 100 if e.change_pct is not None else None), Cell(e.change_verdict)]
        if trended:
            cells.append(Cell(e.trend_verdict))
        if harm:
            cells.append(Cell(e.harm_weighted_count))
        rows.append(Row(tuple(cells)))
    notes = [_change_and_trend(inputs, changed, trended)]
    notes += [_harm_note(index)] if index else []
    return Table.build("priority-evidence", f"The evidence each candidate priority was scored on, {inputs.period}",
                       columns, rows, source=inputs.source, sheet_name="Priority evidence", notes=notes,
                       method="Counts, rates and change from this assessment; a candidate spanning several crime "
                              "types has its change tested again on the summed counts.")


def _harm_note(index: HarmIndex) -> str:
    """What the harm-weighted count counts: the index by the name it carries everywhere, and its unit."""
    return (f"Harm-weighted count: each record weighted by the {index.name}, so the count is in {index.unit} "
            "rather than records.")


def _change_and_trend(inputs: ReportInputs, changed: bool = True, trended: bool = True) -> str:
    """What 'Change' and 'Trend' measure, so a board does not read 'no significant change' beside
    'decreasing' as a contradiction: they compare different stretches of time. Either left out of the
    table (``changed``, ``trended`` false) is said to be missing, and why, instead."""
    change = inputs.assessment.table("change")
    windows = set(change.loc[change["available"].astype(bool), "comparison"]) if not change.empty else set()
    window = next((w for w in PREFERRED_WINDOWS if w in windows), None)
    earlier = change.loc[change["comparison"] == window, "earlier_period"] if window else None
    against = f"{window} ({period_words(str(earlier.iloc[0]))})" if earlier is not None and len(earlier) \
        else "earlier period"
    trend = inputs.rows_of("trend", "crime_group", ALL_CRIME)
    months = f"the {int(trend['months_used'].iloc[0])} months analysed" if not trend.empty else "the months analysed"
    parts = [f"Change: the records of {inputs.period} against the {against}, and its verdict from the test for the "
             "ratio of two Poisson rates (95% confidence)." if changed else
             "No change is given: the months before this assessment's period that it needs are not loaded.",
             f"Trend: the direction of a log-linear regression over {months}, leaving out months the data-quality "
             "checks flagged; it says increasing or decreasing only when statistically significant." if trended else
             "No trend is given: a trend needs 24 usable months, and fewer are loaded."]
    if changed and trended:
        parts.append("They compare different stretches of time, so a steady fall over several years can sit beside "
                     "no significant change between the two most recent periods.")
    return " ".join(parts)


def _unranked(ranking: Ranking) -> list[Block]:
    if not ranking.unranked:
        return []
    by_missing: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for candidate in ranking.unranked:
        by_missing[candidate.missing].append(candidate.name)
    items = [f"{join_and(names)}: no level yet for {join_and(m.lower() for m in missing)}."
             for missing, names in by_missing.items()]
    lead = (f"{plural(len(ranking.unranked), 'candidate')} could not be ranked, because a dimension has no level "
            "from people or from the evidence. The panel can score them on the scoring sheet:")
    return [Paragraph(lead), BulletList(items)]


def _sensitivity(ranking: Ranking) -> str:
    step = f"{ranking.sensitivity.step:.0%}"
    if not ranking.ranked:
        return f"The order is checked by moving each weight by {step} once candidates are ranked."
    if ranking.sensitivity.stable:
        return f"The order holds when any one weight of the template moves up or down by {step}."
    template = ranking.template
    moved = []
    for change in ranking.sensitivity.changes:
        if change.order_changed:
            kind, _, key = change.target.partition(" ")
            moved.append((template.group(key).label if kind == "group" else template.dimension(key).label).lower())
    unique = list(dict.fromkeys(moved))
    which = ("any of " if len(unique) > 1 else "") + join_and(unique)
    return (f"The order is sensitive to the weights: it changes when the weight of {which} moves up or down by "
            f"{step}. The table shows the range of ranks each priority takes.")


def _arithmetic(ranking: Ranking) -> str:
    template = ranking.template
    parts = [f"{g.label}: the {g.combine} of {join_and(template.dimension(k).label.lower() for k in g.dimensions)}"
             for g in template.groups]
    weights = ", ".join(f"{g.label.lower()} {number(g.weight)}" for g in template.groups)
    return (f"{'; '.join(parts)}. The score combines the groups by {template.combine} (group weights: {weights}).")
