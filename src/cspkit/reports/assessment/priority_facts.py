"""Which priorities get a page of their own, and the figures behind each page.

A priority may span several police.uk crime types (theft); its counts are then summed and
its rate, change and trend recalculated on the sums with the same ``cspkit.stats`` and
``cspkit.assess.series`` functions the assessment uses, so a priority's page always agrees
with the tables.  For a single crime type the assessment's own rows are used unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cspkit.assess import series
from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.assess.period import parse_period
from cspkit.priorities.from_assessment import PREFERRED_WINDOWS
from cspkit.priorities.ranking import CandidateScore
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.wording import join_and, plural, slug
from cspkit.stats.change import poisson_change
from cspkit.stats.compare import significance
from cspkit.stats.hotspots import gi_star
from cspkit.stats.rates import rate_ci


@dataclass(frozen=True)
class Profile:
    """A priority that gets a page: its name, the crime types behind it and its score, if ranked."""

    name: str
    crime_types: tuple[str, ...] = ()
    candidate: CandidateScore | None = None
    note: str = ""

    @property
    def id(self) -> str:
        return f"priority-{slug(self.name)}"


@dataclass(frozen=True)
class PriorityFacts:
    """Everything a priority's page says, worked out once for the page and its commentary.

    ``comparisons`` has one row per area (the partnership first): area, kind, value, lower,
    upper (95%) and status (how the partnership compares with that area; empty for its own row).
    """

    profile: Profile
    types: tuple[str, ...]
    count: float | None
    rate: float | None
    lower: float | None
    upper: float | None
    comparisons: pd.DataFrame
    change: dict | None
    trend: dict | None
    monthly: pd.DataFrame
    spc: pd.DataFrame | None
    forecast: pd.DataFrame | None
    seasonality: pd.DataFrame | None
    lsoa: pd.DataFrame | None
    hotspots: pd.DataFrame | None
    harm_share: float | None


def choose_profiles(inputs: ReportInputs) -> tuple[list[Profile], str]:
    """The priorities to profile, and a sentence saying how they were chosen.

    The ranking's top ``inputs.top`` when any candidate is ranked.  Otherwise (no one has scored
    the dimensions the template leaves to people) the candidates with the most records are
    profiled instead, and the sentence says plainly that this is not a ranking.  Volume, not harm:
    anti-social behaviour has no harm weight, so harm could not order every candidate.
    """
    ranking = inputs.ranking
    known = set(inputs.area_rates.index)
    if ranking is not None and ranking.ranked:
        chosen = ranking.ranked[: inputs.top]
        profiles = [Profile(c.name, _types(c.evidence.crime_types, known), c, c.evidence.notes) for c in chosen]
        sentence = ("The highest-ranked priority has a page of its own below." if len(profiles) == 1 else
                    f"The {len(profiles)} highest-ranked priorities each have a page of their own below.")
        return profiles, sentence
    if ranking is not None:
        pool = sorted((c for c in ranking.candidates if c.evidence.count), key=lambda c: -c.evidence.count)
        profiles = [Profile(c.name, _types(c.evidence.crime_types, known), c, c.evidence.notes)
                    for c in pool[: inputs.top]]
        return profiles, (f"No candidate could be ranked yet, so the pages below profile the "
                          f"{plural(len(profiles), 'candidate')} with the most records. This order is not a "
                          "ranking: the partnership's scores decide the priorities.")
    single = [g for g, types in inputs.groupings.items()
              if len(types) == 1 and g != ALL_CRIME and g in known]
    single.sort(key=lambda g: -float(inputs.area_rates.loc[g, "count"]))
    profiles = [Profile(g, (g,)) for g in single[: inputs.top]]
    return profiles, (f"No priorities were scored for this report, so the pages below profile the "
                      f"{plural(len(profiles), 'crime type')} with the most records. This order is not "
                      "a ranking.")


def priority_facts(inputs: ReportInputs, profile: Profile) -> PriorityFacts:
    """Work out the figures of one priority's page from the assessment (and the LSOA counts), once."""
    key = ("facts", profile.name)
    if key not in inputs.cache:
        inputs.cache[key] = _work_out(inputs, profile)
    return inputs.cache[key]


def _work_out(inputs: ReportInputs, profile: Profile) -> PriorityFacts:
    types = profile.crime_types
    if not types:
        empty = pd.DataFrame(columns=["month", "count", "flagged"])
        return PriorityFacts(profile, (), None, None, None, None, pd.DataFrame(), None, None, empty, None, None,
                             None, None, None, None)
    comparisons = _comparisons(inputs, types)
    own = comparisons.iloc[0]
    monthly = _monthly(inputs, types)
    spc, forecast, seasonality = _series(inputs, types, profile.name, monthly)
    lsoa = _lsoa_counts(inputs, types)
    return PriorityFacts(
        profile=profile, types=types, count=float(own["count"]), rate=float(own["value"]),
        lower=float(own["lower"]), upper=float(own["upper"]), comparisons=comparisons,
        change=_change(inputs, types), trend=_trend(inputs, types, monthly), monthly=monthly, spc=spc,
        forecast=forecast, seasonality=seasonality, lsoa=lsoa, hotspots=_hotspots(inputs, types, lsoa),
        harm_share=_harm_share(inputs, types),
    )


def describe_types(types: tuple[str, ...]) -> str:
    return join_and(t.lower() for t in types)


def _types(crime_types: tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    return tuple(t for t in crime_types if t in known)


def _comparisons(inputs: ReportInputs, types: tuple[str, ...]) -> pd.DataFrame:
    """The partnership and each comparator: the priority's rate with its 95% interval."""
    rates = inputs.rates[inputs.rates["crime_group"].isin(types)]
    rows = []
    for comparator, frame in rates.groupby("comparator", sort=False):
        kind = str(frame["comparator_kind"].iloc[0])
        if len(types) == 1:
            row = frame.iloc[0]
            rows.append({"area": comparator, "kind": kind, "count": row["count"], "value": row["rate"],
                         "lower": row["lower_95"] if kind != "typed" else row["rate"],
                         "upper": row["upper_95"] if kind != "typed" else row["rate"],
                         "status": row["significance_95"] if kind != "area" else ""})
            continue
        if len(frame) != len(types) or frame["rate"].isna().any():
            continue
        if kind == "typed":  # published rates per group add up over the same population
            total = float(frame["rate"].sum())
            rows.append({"area": comparator, "kind": kind, "count": np.nan, "value": total, "lower": total,
                         "upper": total, "status": None})
            continue
        count, population = float(frame["count"].sum()), float(frame["population"].iloc[0])
        interval = rate_ci(count, population, multiplier=1000, confidence=0.95)
        rows.append({"area": comparator, "kind": kind, "count": count, "value": interval.value,
                     "lower": interval.lower, "upper": interval.upper, "status": None})
    table = pd.DataFrame(rows)
    own = table[table["kind"] == "area"].iloc[0]
    missing = table["status"].isna()
    table.loc[missing, "status"] = np.asarray(
        significance(own["lower"], own["upper"], table.loc[missing, "value"].to_numpy(float)), dtype=object)
    table.loc[table["kind"] == "area", "status"] = ""
    return pd.concat([table[table["kind"] == "area"], table[table["kind"] != "area"]], ignore_index=True)


def _monthly(inputs: ReportInputs, types: tuple[str, ...]) -> pd.DataFrame:
    """Monthly counts summed over the priority's crime types (flagged if any part is)."""
    monthly = inputs.assessment.table("monthly")
    rows = monthly[monthly["crime_group"].isin(types)]
    return (rows.groupby("month", as_index=False).agg(count=("count", "sum"), flagged=("flagged", "any"))
            .sort_values("month", ignore_index=True))


def _series(inputs: ReportInputs, types: tuple[str, ...], name: str, monthly: pd.DataFrame,
            ) -> tuple[pd.DataFrame | None, pd.DataFrame | None, pd.DataFrame | None]:
    """Control chart points, forecast and seasonal profile: the assessment's own for one crime
    type, else recalculated on the summed series over the same (consecutive) months."""
    assessment = inputs.assessment
    spc, forecast, seasonal = (assessment.table(n) for n in ("spc", "forecast", "seasonality"))
    season_key = "crime_type" if "crime_type" in seasonal.columns else "group"
    if len(types) == 1:
        group = types[0]
        points = spc[spc["crime_group"] == group] if not spc.empty else spc
        ahead = forecast[forecast["crime_group"] == group]
        profile = seasonal[seasonal[season_key] == group] if not seasonal.empty else seasonal
        return _or_none(points), _or_none(ahead), _or_none(profile)
    if spc.empty:
        return None, None, None
    months = set(spc["month"])
    tail = monthly[monthly["month"].isin(months)].assign(crime_group=name)[["crime_group", "month", "count"]]
    return (_or_none(series.spc_table(tail)), _or_none(series.forecast_table(tail)),
            _or_none(series.seasonality_table(tail)))


def _or_none(frame: pd.DataFrame) -> pd.DataFrame | None:
    return None if frame is None or frame.empty else frame.reset_index(drop=True)


def _change(inputs: ReportInputs, types: tuple[str, ...]) -> dict | None:
    """The change over the first comparison window with every month loaded, tested."""
    change = inputs.assessment.table("change")
    if change.empty:
        return None
    for window in PREFERRED_WINDOWS:
        rows = change[(change["comparison"] == window) & change["crime_group"].isin(types) & change["available"]]
        if len(rows) != len(types):
            continue
        if len(types) == 1:
            return dict(rows.iloc[0]) | {"crime_group": types[0]}
        first = rows.iloc[0]
        before, after = float(rows["count_earlier"].sum()), float(rows["count_current"].sum())
        tested = poisson_change(before, after, parse_period(first["earlier_period"]).months,
                                parse_period(first["current_period"]).months)
        return {"comparison": window, "current_period": first["current_period"],
                "earlier_period": first["earlier_period"], "count_current": after, "count_earlier": before,
                "percent_change": tested.percent_change, "percent_change_lower": tested.percent_change_lower,
                "percent_change_upper": tested.percent_change_upper, "p_value": tested.p_value,
                "verdict": tested.verdict if before + after else "no significant change",
                "force_percent_change": np.nan}
    return None


def _trend(inputs: ReportInputs, types: tuple[str, ...], monthly: pd.DataFrame) -> dict | None:
    """The assessment's trend for one crime type; for several, refitted on the summed months
    by the same function, with the same minimum length."""
    if len(types) == 1:
        trend = inputs.assessment.table("trend")
        rows = trend[trend["crime_group"] == types[0]]
        return dict(rows.iloc[0]) if not rows.empty else None
    if monthly[~monthly["flagged"]].empty:
        return None
    frame = monthly.assign(crime_group="priority")[["crime_group", "month", "count"]]
    table = series.trend_table(frame, set(monthly[monthly["flagged"]]["month"]))
    return dict(table.iloc[0])


def _lsoa_counts(inputs: ReportInputs, types: tuple[str, ...]) -> pd.DataFrame | None:
    """Counts and rates per LSOA: from the assessment for all crime and ASB, else the LSOA counts given."""
    lsoas = inputs.lsoas
    if set(types) <= set(inputs.groupings.get(ALL_CRIME, ())) and len(types) == len(inputs.groupings[ALL_CRIME]):
        counts = lsoas.set_index("lsoa_code")[headline_column(ALL_CRIME)]
    elif types == (ASB,) and headline_column(ASB) in lsoas.columns:
        counts = lsoas.set_index("lsoa_code")[headline_column(ASB)]
    elif inputs.lsoa_counts is not None:
        chosen = inputs.lsoa_counts[inputs.lsoa_counts["crime_type"].isin(types)]
        counts = chosen.groupby("lsoa_code")["count"].sum().reindex(lsoas["lsoa_code"], fill_value=0)
    else:
        return None
    population = lsoas.set_index("lsoa_code")["population"]
    table = pd.DataFrame({"lsoa_code": lsoas["lsoa_code"].to_numpy(),
                          "lsoa_name": lsoas["lsoa_name"].to_numpy(),
                          "count": lsoas["lsoa_code"].map(counts).fillna(0).astype(float).to_numpy()})
    known = table["lsoa_code"].map(population)
    table["rate"] = np.where(known > 0, table["count"] / known.where(known > 0) * 1000, np.nan)
    return table


def _hotspots(inputs: ReportInputs, types: tuple[str, ...], lsoa: pd.DataFrame | None) -> pd.DataFrame | None:
    """Gi* hot spots of the priority's LSOA counts: the assessment's for ASB, else calculated alike."""
    stored = inputs.assessment.table("lsoa_hotspots")
    if types == (ASB,) and not stored.empty:
        return _or_none(stored[stored["crime_group"] == ASB])
    weights = inputs.lsoa_weights
    if weights is None or lsoa is None:
        return None
    values = lsoa.set_index("lsoa_code")["count"].reindex(weights.id_order).fillna(0).astype(float)
    return gi_star(values, weights).reset_index(names="lsoa_code")


def _harm_share(inputs: ReportInputs, types: tuple[str, ...]) -> float | None:
    harm = inputs.assessment.table("harm")
    if harm.empty or not set(types) <= set(harm["crime_type"]):
        return None
    return float(harm[harm["crime_type"].isin(types)]["share_of_harm"].sum())


def headline_column(group: str) -> str:
    """The lsoas/wards column of a headline group, named as the assessment names it."""
    return "".join(ch if ch.isalnum() else "_" for ch in group.lower()).strip("_").replace("__", "_")
