"""Plain-English findings from an assessment's tables, worded to respect significance.

A change or difference is called an increase, decrease, higher or lower only when its test
says so; otherwise the wording says it is within what chance alone would produce.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from cspkit.assess.areas import Area
from cspkit.assess.assessment import Statement
from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.assess.period import Period, parse_period
from cspkit.assess.series import TOO_SHORT
from cspkit.assess.words import plural, verb

TREND_WORDS = {
    "increasing": "a significant rise",
    "decreasing": "a significant fall",
    "no significant change": "no significant trend",
    "cannot be calculated": "no trend that can be calculated",
    "too few months": "no trend that can be told from the season",
}
SIGNIFICANCE_WORDS = {
    "higher": "statistically significantly higher than",
    "lower": "statistically significantly lower than",
    "similar": "similar to",  # Fingertips' word; "statistically similar" claims more than a test can show
}


def write_statements(area: Area, period: Period, tables: Mapping[str, pd.DataFrame], summaries: dict,
                     caveats: tuple[str, ...]) -> list[Statement]:
    found: list[Statement] = []
    found += _headline(area, period, tables["rates"])
    found += _differences(area, tables["rates"])
    found += _changes(area, tables["change"])
    found += _trends(area, tables["trend"], tables["monthly"])
    found += _places(area, tables, summaries)
    found += [Statement("data_quality", f"caveat_{i}", text) for i, text in enumerate(caveats, start=1)]
    return found


def describe_comparison(significance: str, comparator: str, rate: float) -> str:
    """'similar to England and Wales (91.7 per 1,000)'."""
    words = SIGNIFICANCE_WORDS.get(significance, "not compared with")
    return f"{words} {comparator} ({rate:.1f} per 1,000)"


_GROUPED = (("higher", "significantly higher than"), ("similar", "similar to"), ("lower", "significantly lower than"))


def describe_comparisons(comparisons: list[tuple[str, str, float]], places: int = 1) -> str:
    """Comparators grouped by verdict, each verdict said once: 'statistically significantly higher than
    Mercia Vale (force area) at 85.9, the West Midlands (region) at 80.2 and England and Wales at 88.0 per
    1,000; similar to ...'. ``comparisons`` is (significance, comparator, rate); those not compared are left
    out. One sentence instead of 'statistically significantly higher than' four times, each with its
    comparator's name and rate in nested brackets."""
    parts = []
    for verdict, words in _GROUPED:
        named = [f"{comparator} at {rate:,.{places}f}" for significance, comparator, rate in comparisons
                 if significance == verdict]
        if named:
            listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
            parts.append(f"{words} {listed} per 1,000")
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"statistically {text}" if text.startswith("significantly") else text  # never "statistically similar"


def describe_change(row: Mapping) -> str:
    """'up 53% on <earlier>, a statistically significant increase' or 'within chance'."""
    pct = row["percent_change"]
    if isinstance(pct, float) and math.isnan(pct):
        return f"no {row['crime_group'].lower()} was recorded in the earlier period, so no % change can be given"
    direction = "up" if pct > 0 else "down" if pct < 0 else "unchanged"
    size = f"{direction} {abs(pct):.0f}%" if direction != "unchanged" else "unchanged"
    if row["verdict"] in ("increase", "decrease"):
        verdict = f"a statistically significant {row['verdict']}"
    else:
        verdict = "a change within what chance alone would produce (not statistically significant)"
    text = f"{size} ({row['count_current']:,.0f} against {row['count_earlier']:,.0f}), {verdict}"
    force = row.get("force_percent_change")
    if force is not None and not (isinstance(force, float) and math.isnan(force)):
        lower, upper = row["percent_change_lower"], row["percent_change_upper"]
        if row["verdict"] in ("increase", "decrease") and not lower <= force <= upper:
            pace = "faster than" if abs(pct) > abs(force) else "slower than"
            text += f", {pace} the force ({force:+.0f}%)"
        else:
            text += f"; the force changed by {force:+.0f}%"
    return text


def _headline(area: Area, period: Period, rates: pd.DataFrame) -> list[Statement]:
    found = []
    nouns = ((ALL_CRIME, "crimes (excluding anti-social behaviour)"), (ASB, "anti-social behaviour incidents"))
    for group, noun in nouns:
        rows = rates[rates["crime_group"] == group]
        mine = rows[rows["comparator_kind"] == "area"]
        if mine.empty:
            continue
        me = mine.iloc[0]
        text = (f"In {period.label()}, {area.name} recorded {me['count']:,.0f} {noun}, a rate of {me['rate']:.1f} per "
                f"1,000 residents (95% confidence interval {me['lower_95']:.1f} to {me['upper_95']:.1f}).")
        others = describe_comparisons([(r["significance_95"], r["comparator"], r["rate"])
                                       for _, r in rows[rows["comparator_kind"] != "area"].iterrows()
                                       if not math.isnan(r["rate"])])
        if others:
            text += f" This is {others}."
        found.append(Statement("overview", f"headline_{'asb' if group == ASB else 'crime'}", text))
    return found


def _differences(area: Area, rates: pd.DataFrame) -> list[Statement]:
    found = []
    others = rates[(rates["comparator_kind"] != "area") & ~rates["crime_group"].isin([ALL_CRIME])]
    for comparator, rows in others.groupby("comparator", sort=False):
        higher = rows[rows["significance_95"] == "higher"]["crime_group"].tolist()
        lower = rows[rows["significance_95"] == "lower"]["crime_group"].tolist()
        if higher:
            found.append(Statement("comparison", f"higher_{comparator}",
                                   f"Rates of {_join(higher)} in {area.name} are statistically significantly higher "
                                   f"than {comparator}."))
        if lower:
            found.append(Statement("comparison", f"lower_{comparator}",
                                   f"Rates of {_join(lower)} in {area.name} are statistically significantly lower "
                                   f"than {comparator}."))
        if not higher and not lower and len(rows):
            found.append(Statement("comparison", f"similar_{comparator}",
                                   f"No crime type in {area.name} differs significantly from {comparator}."))
    return found


def _changes(area: Area, change: pd.DataFrame) -> list[Statement]:
    found = []
    if change.empty:
        return found
    for window, rows in change.groupby("comparison", sort=False):
        section = "year_to_date" if "financial year" in window else "direction_of_travel"
        headline = rows[rows["crime_group"] == ALL_CRIME]
        if headline.empty:
            continue
        row = headline.iloc[0]
        if not row["available"]:
            found.append(Statement(section, f"change_{window}",
                                   f"No comparison with the {window} is possible: {row['note']}."))
            continue
        found.append(Statement(section, f"change_{window}", _change_sentence(area, str(window), row)))
        movers = rows[rows["verdict"].isin(["increase", "decrease"]) & (rows["crime_group"] != ALL_CRIME)]
        for _, mover in movers.iterrows():
            found.append(Statement(section, f"change_{window}_{mover['crime_group']}",
                                   f"{mover['crime_group']}: {describe_change(mover)}."))
    return found


def _change_sentence(area: Area, window: str, row: Mapping) -> str:
    """The change on one comparison window, its periods in words; the year to date names the current months."""
    earlier = parse_period(str(row["earlier_period"])).label()
    if "to date" in window:
        current = parse_period(str(row["current_period"])).label()
        return (f"In the financial year to date ({current}), crime in {area.name} was {describe_change(row)}, "
                f"compared with the same months a year earlier ({earlier}).")
    return f"Compared with the {window} ({earlier}), crime in {area.name} was {describe_change(row)}."


def _trends(area: Area, trend: pd.DataFrame, monthly: pd.DataFrame) -> list[Statement]:
    rows = trend[trend["crime_group"] == ALL_CRIME]
    if rows.empty:
        return []
    row = rows.iloc[0]
    text = describe_trend(row, f"crime in {area.name}")
    if row["months_excluded"]:
        flagged = monthly[monthly["flagged"]]["month"].drop_duplicates().sort_values()
        months = [pd.Timestamp(m).strftime("%B %Y") for m in flagged]
        names = months[0] if len(months) == 1 else ", ".join(months[:-1]) + " and " + months[-1]
        left_out = "not counted as usable" if row["verdict"] == TOO_SHORT else "left out of the trend"
        text += (f" {names} {'is' if len(flagged) == 1 else 'are'} {left_out} because the police.uk files "
                 "for those months hold far fewer records than usual, which points to a recording or publication gap "
                 "rather than a real change in crime.")
        if row["verdict_all_months"] != row["verdict"] and row["verdict"] != TOO_SHORT:
            text += (f" Including them would give a different and misleading picture: "
                     f"{TREND_WORDS.get(row['verdict_all_months'], row['verdict_all_months'])} "
                     f"({row['annual_percent_change_all_months']:+.0f}% a year).")
    return [Statement("direction_of_travel", "trend", text)]


def describe_trend(row: Mapping, subject: str) -> str:
    """One sentence on a trend row of the assessment: the fitted annual change, or why none is given."""
    months = int(row["months_used"])
    if row["verdict"] == TOO_SHORT:
        needed = int(row.get("months_needed", 24))
        return (f"No annual trend is given for {subject}: {plural(months, 'usable month')} "
                f"{verb(months, 'is', 'are')} fewer than the {needed} (two full years) needed to tell a lasting rise "
                "or fall apart from the usual seasonal pattern of crime.")
    if row["verdict"] == "cannot be calculated":
        return f"No trend can be calculated for {subject} from its {plural(months, 'usable month')}."
    change = row.get("annual_percent_change")
    if change is None or change != change:  # the Fingertips test gives a direction, not a % change
        if row["verdict"] in ("increasing", "decreasing"):
            return (f"Over the {months} months analysed, {subject} has been {row['verdict']} "
                    "(statistically significant, by the test for trend that Fingertips uses).")
        return f"Over the {months} months analysed, {subject} shows no statistically significant trend."
    if row["verdict"] in ("increasing", "decreasing"):
        return (f"Over the {months} months analysed, {subject} has been {row['verdict']} by about "
                f"{abs(change):.0f}% a year (statistically significant).")
    return (f"Over the {months} months analysed, {subject} shows no statistically significant trend "
            f"(fitted change {change:+.0f}% a year).")


def _places(area: Area, tables: Mapping[str, pd.DataFrame], summaries: dict) -> list[Statement]:
    found = []
    priority = summaries.get("priority_areas")
    if priority:
        found.append(Statement(
            "places", "priority_areas",
            f"{priority['priority_wards']} of {priority['wards']} wards have crime rates statistically significantly "
            f"above the {area.name} average. Together they hold {priority['population_share']:.0%} of residents and "
            f"{priority['crime_share']:.0%} of crime: {priority['rate_inside']:.1f} crimes per 1,000 residents, "
            f"against {priority['rate_outside']:.1f} in the other wards ({priority['rate_ratio']:.1f} times higher).",
        ))
    concentration = tables["concentration"]
    if not concentration.empty:
        row = concentration[concentration["crime_group"] == ALL_CRIME]
        if not row.empty:
            row = row.iloc[0]
            found.append(Statement(
                "places", "concentration",
                f"Crime is concentrated: half of it happened in {row['share_of_lsoas_for_half']:.0%} of the area's "
                f"{row['lsoas']} LSOAs, and the busiest 10% of LSOAs saw {row['share_in_top_10pct']:.0%} of it "
                "(see Where crime is concentrated).",
            ))
    hot = tables["lsoa_hotspots"]
    if not hot.empty:
        crime_hot = hot[(hot["crime_group"] == ALL_CRIME) & (hot["hotspot"] == "hot spot")]
        found.append(Statement(
            "places", "hotspots",
            f"{plural(len(crime_hot), 'LSOA')} {verb(len(crime_hot), 'is a', 'are')} statistically significant "
            f"crime hot spot{'' if len(crime_hot) == 1 else 's'}: with {verb(len(crime_hot), 'its', 'their')} "
            "neighbours they recorded more crime than chance would give, even allowing for every LSOA being tested."
            if len(crime_hot) else
            "No LSOA is a statistically significant crime hot spot once testing every LSOA is allowed for.",
        ))
    trend = _hotspot_trends(tables["lsoa_hotspot_trends"], hot, summaries.get("hotspot_quarters"))
    if trend:
        found.append(Statement("places", "hotspot_trends", trend))
    repeats = summaries.get("repeat_locations")
    table = tables["repeat_locations"]
    if repeats and not table.empty:
        top = table.iloc[0]
        found.append(Statement(
            "places", "repeat_locations",
            f"{repeats['share_at_repeat_locations']:.0%} of located crime and ASB happened at places with more than "
            f"one record; the busiest, '{top['location_name']}', had {top['crimes']} records: {top['crime_types']}.",
        ))
    return found


def _hotspot_trends(trends: pd.DataFrame, hot: pd.DataFrame, quarters: dict | None) -> str:
    """Persistent and emerging hot spots, counted against the hot spots of the whole period.

    Only whole quarters free of flagged months are read (see ``build.trend_quarters``); the
    sentence names those left out, or says the pattern cannot be judged from too few.
    """
    if not quarters:
        return ""
    left = quarters["left_out"]
    reasons = "; ".join(f"{q['quarter']}: {q['reason']}" for q in left)
    used = len(quarters["used"])
    if trends.empty:
        return (f"Whether hot spots are persistent or emerging cannot be judged: "
                f"{plural(used, 'quarter')} of the period {verb(used, 'is', 'are')} whole and free of "
                f"data-quality problems, and {quarters['needed']} are needed"
                + (f" (left out: {reasons})." if left else "."))
    codes = set(hot.loc[(hot["crime_group"] == ALL_CRIME) & (hot["hotspot"] == "hot spot"), "lsoa_code"]) \
        if not hot.empty else set()
    pattern = trends.set_index("lsoa_code")["trend"]
    inside = pattern[pattern.index.isin(codes)]
    persistent = int((inside == "persistent").sum())
    emerging = int(inside.isin(["emerging", "new"]).sum())
    other = len(codes) - persistent - emerging
    outside = int(pattern[~pattern.index.isin(codes)].isin(["persistent", "emerging", "new"]).sum())
    text = f"Quarter by quarter ({plural(used, 'whole quarter')}"
    text += f"; left out: {reasons})" if left else ")"
    if codes:
        # "all 6 were", not "of the 6 hot spots above, 6 were"
        parts = [f"{'all ' if n == len(codes) and n > 1 else ''}{n} "
                 f"{verb(n, 'was' + negation + ' a hot spot', 'were' + negation + ' hot spots')} {words}"
                 for n, negation, words in (
                     (persistent, "", f"in {_persistent_quarters(used)} (persistent)"),
                     (emerging, "", "only in the latest quarters (emerging or new)"),
                     (other, " not", "consistently from quarter to quarter")) if n]
        text += f", of the {plural(len(codes), 'hot spot')} above, {_and(parts)}."
    else:
        text += ", no LSOA was a hot spot over the period as a whole."
    if outside:
        text += (f" {plural(outside, 'other LSOA')} {verb(outside, 'was a hot spot', 'were hot spots')} in the "
                 "latest quarters without being one over the period as a whole.")
    return text


def _persistent_quarters(used: int) -> str:
    """How many of ``used`` quarters a persistent hot spot was hot in (at least 90%, the latest among them:
    ``classify_hotspot_trends``): every one of under ten, which "nearly every" left vague."""
    least = math.ceil(0.9 * used - 1e-9)
    return "every quarter" if least >= used else f"at least {least} of the {used} quarters, the latest among them"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _join(items: list[str]) -> str:
    items = [i.lower() for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
