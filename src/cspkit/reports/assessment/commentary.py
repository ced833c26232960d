"""The analyst's commentary: the report's words, one editable part per section and priority.

cspkit starts each part with the statements it generates (significance-aware, from the
assessment), drafts the recommendations from the evidence (overall and for each priority) for
the analyst to rewrite, and leaves local context, which only people can write, empty.  The parts are kept in a Markdown
file by :func:`cspkit.reports.analyst_text.sync_analyst_text`, so the analyst's edits survive
every rebuild.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from cspkit.assess.groups import ASB
from cspkit.assess.series import TOO_SHORT
from cspkit.assess.statements import describe_change, describe_comparisons, describe_trend
from cspkit.reports.assessment.deprivation import decile_rates, deprivation_sentence
from cspkit.reports.assessment.direction import special_causes
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.layout import reliably_seasonal
from cspkit.reports.assessment.partner_measures import describe, partner_statements
from cspkit.reports.assessment.priority_facts import (
    PriorityFacts,
    choose_profiles,
    describe_types,
    odd_type_months,
    priority_facts,
)
from cspkit.reports.assessment.recommendations import (
    as_markdown,
    overall_recommendations,
    priority_recommendations,
)
from cspkit.reports.assessment.summary import summary_draft
from cspkit.reports.assessment.wording import join_and, period_words, plural, share_text
from cspkit.stats.change import DECREASING, INCREASING, NO_CHANGE

#: Parts in report order: id -> heading in the commentary file.  Priorities add two parts each.
PARTS = {
    "summary": "Executive summary: the headline picture",
    "introduction": "Introduction and context: local context (the pandemic, cost of living, local events)",
    "direction-of-travel": "Overall direction of travel",
    "year-to-date": "Year to date",
    "priorities": "Local community safety priorities",
    "greatest-risk": "People and places at greatest risk",
    "overview": "Overview of crime and anti-social behaviour",
    "partner-measures": "What partners' records show",
    "recommendations": "Overall recommendations",
}
AFTER_PRIORITIES = {"data-quality": "Data quality"}


def generated_parts(inputs: ReportInputs) -> dict[str, tuple[str, str]]:
    """Every part's heading and generated Markdown, in report order (for ``sync_analyst_text``)."""
    return {part: (heading, draft()) for part, (heading, draft) in drafts(inputs).items()}


def drafts(inputs: ReportInputs) -> dict[str, tuple[str, Callable[[], str]]]:
    """Every part's heading and the function that generates its Markdown, in report order.

    Generating is left to the caller, so a build whose commentary file already has every part
    (it is synced first) does not generate them all again.
    """
    statements = inputs.assessment.statements_for
    texts: dict[str, Callable[[], str]] = {
        "summary": lambda: summary_draft(inputs),
        "introduction": lambda: "",
        "direction-of-travel": lambda: _paragraphs(statements("direction_of_travel")),
        "year-to-date": lambda: _paragraphs(statements("year_to_date")),
        "priorities": lambda: "",
        "greatest-risk": lambda: _paragraphs([*statements("places"),
                                              deprivation_sentence(inputs, decile_rates(inputs))]),
        "overview": lambda: _paragraphs([*statements("overview"), *statements("comparison")]),
        "partner-measures": lambda: partner_statements(inputs),
        "recommendations": lambda: as_markdown(overall_recommendations(inputs)),
    }
    parts = {key: (heading, texts[key]) for key, heading in PARTS.items()}
    for profile in choose_profiles(inputs)[0]:
        parts[profile.id] = (f"Priority: {profile.name}",
                             lambda p=profile: priority_text(inputs, priority_facts(inputs, p)))
        parts[f"{profile.id}-recommendations"] = (
            f"Recommendations: {profile.name}",
            lambda p=profile: as_markdown(priority_recommendations(inputs, priority_facts(inputs, p))))
    parts["data-quality"] = (AFTER_PRIORITIES["data-quality"], lambda: _paragraphs(statements("data_quality")))
    return parts


def priority_text(inputs: ReportInputs, facts: PriorityFacts) -> str:
    """The generated findings for one priority: volume and rate, comparisons, change, trend, places."""
    profile = facts.profile
    if facts.partner is not None:
        return _paragraphs([f"police.uk does not record {profile.name.lower()} as a crime type of its own, so its "
                            f"evidence here comes from partners' records.",
                            describe(inputs.area, facts.partner), _control(facts)])
    if not facts.types or facts.count is None:
        return _paragraphs([f"police.uk does not record {profile.name.lower()} as a crime type of its own, so this "
                            "report has no police.uk figures for it, and no partner measure of it was loaded for "
                            "this assessment. Its evidence has to come from partners' records."])
    noun = "incidents" if facts.types == (ASB,) else "crimes"
    places = facts.places()  # so a comparator called significantly different prints outside the interval
    found = [
        f"In {inputs.period}, {inputs.area} recorded {facts.count:,.0f} {noun} in {describe_types(facts.types)}, "
        f"{facts.rate:,.{places}f} per 1,000 residents (95% confidence interval {facts.lower:,.{places}f} to "
        f"{facts.upper:,.{places}f})." + _comparisons(facts, places)
    ]
    found.append(_change(facts))
    found.append(_trend(facts))
    found.append(_control(facts))
    if NO_RELIABLE_MONTH not in found[-1]:  # the forecast's sentence has said it already
        found.append(_seasons(facts))
    found.append(_harm(inputs, facts))
    found.append(_places(facts))
    found.append(_odd_months(inputs, facts))
    return _paragraphs(found)


def _odd_months(inputs: ReportInputs, facts: PriorityFacts) -> str:
    """A month in which the data-quality checks found this priority's crime type alone far from its usual
    level (Staffordshire's ASB in November 2022): said on its page, where its figures are read."""
    odd = odd_type_months(inputs, facts.types) if facts.types else pd.DataFrame()
    found = odd["message"].astype(str) if "message" in odd.columns else []
    return " ".join(f"The data-quality checks found that {message}." for message in found)


def _paragraphs(items: list[str]) -> str:
    return "\n\n".join(item.strip() for item in items if item and item.strip())


def _comparisons(facts: PriorityFacts, places: int = 1) -> str:
    rows = zip(*(facts.comparisons[c].tolist() for c in ("area", "kind", "value", "status")), strict=True)
    grouped = describe_comparisons([(str(status), str(area), float(value))
                                    for area, kind, value, status in rows if kind != "area" and pd.notna(value)],
                                   places)
    return f" This is {grouped}." if grouped else ""


def _change(facts: PriorityFacts) -> str:
    change = facts.change
    if change is None:
        return "No change can be tested: the months of an earlier period to compare with are not all loaded."
    row = dict(change) | {"crime_group": facts.profile.name}
    return (f"Compared with the {change['comparison']} ({period_words(change['earlier_period'])}), it was "
            f"{describe_change(row)}.")


def _trend(facts: PriorityFacts) -> str:
    trend = facts.trend
    if trend is None or trend["verdict"] == "cannot be calculated":
        return ""
    text = describe_trend(trend, facts.profile.name.lower() if trend["verdict"] == TOO_SHORT else "it")
    if trend.get("months_excluded") and trend["verdict"] != TOO_SHORT:
        text = text.replace(" months analysed,", f" months analysed (leaving out "
                            f"{plural(int(trend['months_excluded']), 'month')} the data-quality checks flagged),", 1)
    return text


def _control(facts: PriorityFacts) -> str:
    text = ""
    if facts.spc is not None:
        text = special_causes(facts.spc)  # every signal the chart marks, runs as well as single months
        recent = facts.spc.tail(12)
        flagged = recent[recent["signal_high"] | recent["signal_low"]]
        if len(flagged) > 3:
            high = int(flagged["signal_high"].sum())
            text += (f" In the last {len(recent)} months, {len(flagged)} are special causes ({high} high, "
                     f"{len(flagged) - high} low).")
            seasonal = "seasonally_adjusted" in facts.spc.columns and bool(facts.spc["seasonally_adjusted"].any())
            text += control_against_trend(len(facts.spc), flagged, facts.trend, seasonal=seasonal)
    if facts.forecast is not None:
        ahead = facts.forecast
        recent = facts.monthly.tail(12)["count"].mean()
        text += (f" The forecast is about {ahead['forecast'].mean():,.0f} a month over the next "
                 f"{plural(len(ahead), 'month')}, against {recent:,.0f} a month in the last 12 months"
                 f"{_forecast_range(ahead, reliably_seasonal(facts.seasonality))}.")
    return text.strip()


#: Said of a priority whose seasonality chart finds no month reliably high or low: once on its page.
NO_RELIABLE_MONTH = "no calendar month is reliably higher or lower than the others"


def _forecast_range(ahead: pd.DataFrame, seasonal: bool) -> str:
    """How far the forecast months spread, where the season moves them: the chart's first forecast
    month can sit well above or below the latest months, and an average alone leaves a reader to
    wonder why. ``seasonal``: whether any calendar month reliably runs high or low. The forecast
    repeats past years' ups and downs either way; where none is reliable it says so, and that the
    average is the figure to plan with, rather than calling the ups and downs a season."""
    values = ahead["forecast"].astype(float)
    if len(values) < 2 or values.max() - values.min() < 0.1 * max(values.mean(), 1.0):
        return ""
    months = pd.to_datetime(ahead["month"].astype(str))
    ends = sorted((int(values.to_numpy().argmin()), int(values.to_numpy().argmax())))  # the earlier month first
    spread = " and ".join(f"about {values.iloc[i]:,.0f} in {months.iloc[i]:%B %Y}" for i in ends)
    if seasonal:
        return f"; month by month it follows the seasonal pattern of past years, between {spread}"
    return (f"; month by month it repeats past years' ups and downs, between {spread}, though "
            f"{NO_RELIABLE_MONTH}, so the average is the figure to plan with")


def control_against_trend(charted: int, flagged: pd.DataFrame, trend: pd.Series | None, *,
                          seasonal: bool = False) -> str:
    """A sentence reconciling the control chart and the trend where they seem to point different ways.

    Many special causes on one side (say 11 low months) beside "no significant trend" reads as a
    contradiction to a board. They answer different questions: the chart judges each month against
    the average of every month charted, the trend test looks for steady change across the whole series.
    """
    if trend is None or trend["verdict"] not in (INCREASING, DECREASING, NO_CHANGE):
        return ""
    high = int(flagged["signal_high"].sum())
    if high and high < len(flagged):  # special causes on both sides: no single direction to reconcile
        return ""
    side, moved, steady = ("above", "higher", INCREASING) if high else ("below", "lower", DECREASING)
    if trend["verdict"] == steady:
        return ""
    months = int(trend["months_used"])
    found = (f"finds it {trend['verdict']} over them" if trend["verdict"] != NO_CHANGE
             else "finds no statistically significant steady change")
    return (f" The control chart and the trend answer different questions: the chart judges each month against "
            f"the average of the {charted} months charted{', allowing for the season' if seasonal else ''}, and these "
            f"months sit {side} it, so recent months have "
            f"run {moved} than the months before them; the trend test looks for steady change across all "
            f"{months} months analysed and {found}, so this is a recent shift in level rather than a steady "
            f"{'rise' if high else 'fall'}.")


def _seasons(facts: PriorityFacts) -> str:
    profile = facts.seasonality
    if profile is None or "runs_high" not in profile.columns:
        return ""
    high = profile[profile["runs_high"].fillna(False).astype(bool)]["month_name"].tolist()
    low = profile[profile["runs_low"].fillna(False).astype(bool)]["month_name"].tolist()
    if not high and not low:
        return NO_RELIABLE_MONTH[0].upper() + NO_RELIABLE_MONTH[1:] + "."
    parts = []
    if high:
        parts.append(f"reliably high in {join_and(high)}")
    if low:
        parts.append(f"reliably low in {join_and(low)}")
    return f"It is seasonal: {' and '.join(parts)}."


def _harm(inputs: ReportInputs, facts: PriorityFacts) -> str:
    """Its share of harm beside its share of crimes, naming the index and its unit as the rest of the report does."""
    if facts.harm_share is None:
        return ""
    harm = inputs.assessment.table("harm")
    rows = harm[harm["crime_type"].isin(facts.types)]
    count_share = float(rows["share_of_count"].sum())
    index, unit = str(harm["harm_index"].iloc[0]), str(harm["unit"].iloc[0])
    return (f"Weighted by the {index}, which measures harm in {unit}, it accounts for {share_text(facts.harm_share)} "
            f"of the harm of recorded crime, against {share_text(count_share)} of the number of crimes.")


def _places(facts: PriorityFacts) -> str:
    text = ""
    if facts.lsoa is not None and facts.lsoa["count"].sum() > 0:
        busiest = facts.lsoa.sort_values("count", ascending=False).iloc[0]
        text = f"The most were recorded in {busiest['lsoa_name']} ({busiest['count']:,.0f})."
    if facts.hotspots is not None:
        listed = facts.hot_spots()
        if not listed:
            text += " No LSOA is a statistically significant hot spot once every LSOA's test is allowed for."
        else:
            shown = join_and(listed) if len(listed) <= 5 else ", ".join(listed[:5]) + f" and {len(listed) - 5} more"
            text += (f" {plural(len(listed), 'LSOA')} {'is a' if len(listed) == 1 else 'are'} statistically "
                     f"significant hot spot{'s' if len(listed) > 1 else ''}, allowing for every LSOA being tested: "
                     f"{shown}.")
    return text.strip()
