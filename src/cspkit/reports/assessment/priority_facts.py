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
from cspkit.reports.assessment.wording import join_and, ordinal, places_to_separate, plural, slug
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
    partner_measure: str = ""  # the partner indicator behind a priority police.uk cannot count

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
    partner: dict | None = None  # its row of the assessment's partner indicators, for a priority police.uk cannot count

    def higher_than(self) -> list[str]:
        """The comparators the partnership's rate is significantly higher than, in the table's order."""
        table = self.comparisons
        if table.empty or "status" not in table.columns:
            return []
        rows = zip(*(table[c].tolist() for c in ("area", "kind", "status")), strict=True)
        return [str(area) for area, kind, status in rows if kind != "area" and status == "higher"]

    def compared_with(self, comparator: str | None) -> dict | None:
        """The comparison row (area, kind, value, lower, upper, status) of one comparator, if it has a rate."""
        table = self.comparisons
        if comparator is None or table.empty:
            return None
        rows = table[(table["area"] == comparator) & (table["kind"] != "area")].dropna(subset=["value"])
        return rows.iloc[0].to_dict() if not rows.empty else None

    def places(self) -> int:
        """Decimal places for this priority's rates, so every comparator judged significantly different
        prints outside the printed 95% interval: a drugs rate "3.1 to 3.6" beside England and Wales
        "3.1" looks contradicted by its own "significantly higher"; "3.12 to 3.58" beside "3.10" does not.
        The same places serve the page, its headline tile and the summary, so they agree."""
        if self.lower is None or self.upper is None or self.comparisons.empty:
            return 1
        table = self.comparisons
        apart = table[(table["kind"] != "area") & table["status"].isin(["higher", "lower"])]["value"].dropna()
        return places_to_separate(self.lower, self.upper, [float(v) for v in apart], 1, 2)

    def hot_spots(self) -> list[str]:
        """The LSOAs that are significant hot spots, the hottest first, by name where it is known."""
        if self.hotspots is None:
            return []
        hot = self.hotspots[self.hotspots["hotspot"] == "hot spot"].sort_values("z", ascending=False)
        codes = hot["lsoa_code"].tolist()
        if self.lsoa is None:
            return [str(code) for code in codes]
        names = dict(zip(self.lsoa["lsoa_code"].tolist(), self.lsoa["lsoa_name"].tolist(), strict=True))
        return [str(names.get(code, code)) for code in codes]


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
        chosen = list(ranking.ranked[: inputs.top])
        # a tie at the last place taken is not broken in silence: every candidate sharing it has a page
        chosen += [c for c in ranking.ranked[inputs.top :] if chosen and c.rank == chosen[-1].rank]
        profiles = [_profile(c, known) for c in chosen]
        sentence = ("The highest-ranked priority has a section of its own under Recommendations and key priorities."
                    if len(profiles) == 1 else
                    f"The {len(profiles)} highest-ranked priorities each have a section of their own under "
                    "Recommendations and key priorities.")
        if len(chosen) > inputs.top:
            sentence += " " + tie_sentence(inputs)
        return profiles, sentence
    if ranking is not None:
        pool = sorted((c for c in ranking.candidates if c.evidence.count), key=lambda c: -c.evidence.count)
        profiles = [_profile(c, known) for c in pool[: inputs.top]]
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


def tie_sentence(inputs: ReportInputs) -> str:
    """Why more priorities are profiled than the usual number: a tie at the last place taken
    (empty when there is none). Worded for readers: the tie, not the report's setting."""
    ranking = inputs.ranking
    if ranking is None or len(ranking.ranked) <= inputs.top:
        return ""
    last = ranking.ranked[inputs.top - 1].rank
    tied = [c.name for c in ranking.ranked if c.rank == last]
    taken = sum(1 for c in ranking.ranked if c.rank <= last)
    if taken <= inputs.top:
        return ""
    return (f"{join_and(tied)} share {ordinal(last)} place, so the top {inputs.top} takes in "
            f"{'both' if len(tied) == 2 else 'all of them'}: {taken} priorities in all.")


def profile_of(inputs: ReportInputs, candidate: CandidateScore) -> Profile:
    """A ranked candidate as a profile (its crime types those the assessment holds), with or without a page."""
    return _profile(candidate, set(inputs.area_rates.index))


def headline_facts(inputs: ReportInputs, profile: Profile) -> PriorityFacts:
    """The figures a one-line reason needs (volume, rate, comparisons, change): a profiled priority's
    full facts, else these alone, without the series, maps and hot spots of a page it does not have."""
    profiled = {p.name for p in choose_profiles(inputs)[0]}
    if profile.name in profiled:
        return priority_facts(inputs, profile)
    return inputs.once(("headline facts", profile.name), lambda: _headline_only(inputs, profile))


def _headline_only(inputs: ReportInputs, profile: Profile) -> PriorityFacts:
    types = profile.crime_types
    empty = pd.DataFrame()
    if not types:
        return PriorityFacts(profile, (), None, None, None, None, empty, None, None, empty, None, None, None, None,
                             None, None, partner=_partner(inputs, profile.partner_measure))
    comparisons = _comparisons(inputs, types)
    own = comparisons.iloc[0]
    return PriorityFacts(profile, types, float(own["count"]), float(own["value"]), float(own["lower"]),
                         float(own["upper"]), comparisons, _change(inputs, types), None, empty, None, None, None,
                         None, None, None)


def _profile(candidate: CandidateScore, known: set[str]) -> Profile:
    evidence = candidate.evidence
    return Profile(candidate.name, _types(evidence.crime_types, known), candidate, evidence.notes,
                   evidence.partner_measure)


def priority_facts(inputs: ReportInputs, profile: Profile) -> PriorityFacts:
    """Work out the figures of one priority's page from the assessment (and the LSOA counts), once."""
    return inputs.once(("facts", profile.name), lambda: _work_out(inputs, profile))


def _work_out(inputs: ReportInputs, profile: Profile) -> PriorityFacts:
    types = profile.crime_types
    if not types:
        partner = _partner(inputs, profile.partner_measure)
        monthly = _partner_monthly(inputs, profile.partner_measure if partner is not None else "")
        spc = _or_none(series.spc_table(monthly.assign(crime_group=profile.name))) if not monthly.empty else None
        return PriorityFacts(profile, (), None, None, None, None, pd.DataFrame(), None, None, monthly, spc, None,
                             None, None, None, None, partner=partner)
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


def _partner(inputs: ReportInputs, measure: str) -> dict | None:
    """The assessment's row for the partner measure behind a priority, if it holds one."""
    table = inputs.assessment.tables.get("partner_indicators")
    if not measure or table is None or table.empty:
        return None
    rows = table[table["measure"] == measure]
    return rows.iloc[0].to_dict() if not rows.empty else None


def _partner_monthly(inputs: ReportInputs, measure: str) -> pd.DataFrame:
    """The partner measure's monthly counts (month, count, flagged), empty when it is not reported by month."""
    table = inputs.assessment.tables.get("partner_monthly")
    if not measure or table is None or table.empty:
        return pd.DataFrame(columns=["month", "count", "flagged"])
    rows = table[table["measure"] == measure]
    return rows[["month", "count"]].assign(flagged=False).reset_index(drop=True)


def describe_types(types: tuple[str, ...]) -> str:
    """"the police.uk category 'Drugs'": not "833 crimes of drugs" or "crimes of vehicle crime"."""
    kind = "category" if len(types) == 1 else "categories"
    return f"the police.uk {kind} " + join_and(f"‘{t}’" for t in types)


def _types(crime_types: tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    return tuple(t for t in crime_types if t in known)


def _comparisons(inputs: ReportInputs, types: tuple[str, ...]) -> pd.DataFrame:
    """The partnership (first) and each comparator: the priority's rate with its 95% interval."""
    rows = _rates_of(inputs, types[0]) if len(types) == 1 else _summed_rates(inputs, types)
    own = next(row for row in rows if row["kind"] == "area")
    untested = [row for row in rows if row["kind"] != "area" and pd.isna(row["status"])]
    labels = significance(own["lower"], own["upper"], np.array([row["value"] for row in untested], dtype=float))
    for row, label in zip(untested, np.asarray(labels, dtype=object), strict=True):
        row["status"] = label
    for row in rows:
        if row["kind"] == "area":
            row["status"] = ""
    return pd.DataFrame(sorted(rows, key=lambda row: row["kind"] != "area"))


def _rates_of(inputs: ReportInputs, group: str) -> list[dict]:
    """Each comparator's rate of one crime group, as the assessment has it (published rates have no interval)."""
    rates = inputs.rows_of("rates", "crime_group", group)
    columns = ("comparator", "comparator_kind", "count", "rate", "lower_95", "upper_95", "significance_95")
    rows: dict[str, dict] = {}
    for comparator, kind, count, rate, lower, upper, status in zip(*(rates[c].tolist() for c in columns), strict=True):
        typed = kind == "typed"
        rows.setdefault(comparator, {"area": comparator, "kind": str(kind), "count": count, "value": rate,
                                     "lower": rate if typed else lower, "upper": rate if typed else upper,
                                     "status": status if kind != "area" else ""})
    return list(rows.values())


def _summed_rates(inputs: ReportInputs, types: tuple[str, ...]) -> list[dict]:
    """Each comparator's rate of several crime groups together, where it has all of them (status to be tested)."""
    rates = inputs.rates[inputs.rates["crime_group"].isin(types)]
    rows = []
    for comparator, frame in rates.groupby("comparator", sort=False):
        kind = str(frame["comparator_kind"].iloc[0])
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
    return rows


def odd_type_months(inputs: ReportInputs, types: tuple[str, ...]) -> pd.DataFrame:
    """The data-quality checks' flags of a month in which one of ``types`` alone was far from its usual level
    (Staffordshire's ASB in November 2022), as rows of the assessment's data_quality table."""
    quality = inputs.assessment.table("data_quality")
    if quality.empty:
        return quality
    odd = quality[quality["kind"].astype(str).str.startswith("one crime type")]
    named = odd["message"].astype(str).map(lambda m: any(f" {t.lower()} records per day" in m for t in types))
    return odd[named.astype(bool)]


def _monthly(inputs: ReportInputs, types: tuple[str, ...]) -> pd.DataFrame:
    """Monthly counts summed over the priority's crime types (flagged if any part is)."""
    months = inputs.lookup("monthly", "crime_group").rows((t,) for t in types).groupby("month")
    return pd.DataFrame({"count": months["count"].sum(), "flagged": months["flagged"].any()}).reset_index()


def _series(inputs: ReportInputs, types: tuple[str, ...], name: str, monthly: pd.DataFrame,
            ) -> tuple[pd.DataFrame | None, pd.DataFrame | None, pd.DataFrame | None]:
    """Control chart points, forecast and seasonal profile: the assessment's own for one crime
    type, else recalculated on the summed series over the same (consecutive) months."""
    if len(types) == 1:
        season_key = "crime_type" if "crime_type" in inputs.assessment.tables["seasonality"].columns else "group"
        return (_or_none(inputs.rows_of("spc", "crime_group", types[0])),
                _or_none(inputs.rows_of("forecast", "crime_group", types[0])),
                _or_none(inputs.rows_of("seasonality", season_key, types[0])))
    spc = inputs.assessment.table("spc")
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
    if inputs.assessment.tables["change"].empty:
        return None
    change = inputs.lookup("change", "comparison", "crime_group", "available")
    for window in PREFERRED_WINDOWS:
        rows = change.rows((window, t, True) for t in types)
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
        row = inputs.lookup("trend", "crime_group").get(types[0])
        return dict(row) if row is not None else None
    if monthly[~monthly["flagged"]].empty:
        return None
    frame = monthly.assign(crime_group="priority")[["crime_group", "month", "count"]]
    table = series.trend_table(frame, set(monthly[monthly["flagged"]]["month"]))
    return dict(table.iloc[0])


def _lsoa_counts(inputs: ReportInputs, types: tuple[str, ...]) -> pd.DataFrame | None:
    """Counts and rates per LSOA: from the assessment for all crime and ASB, else the LSOA counts given."""
    lsoas, given = inputs.lsoas, inputs.lsoa_counts
    if set(types) <= set(inputs.groupings.get(ALL_CRIME, ())) and len(types) == len(inputs.groupings[ALL_CRIME]):
        counts = lsoas[headline_column(ALL_CRIME)].fillna(0).to_numpy(float)
    elif types == (ASB,) and headline_column(ASB) in lsoas.columns:
        counts = lsoas[headline_column(ASB)].fillna(0).to_numpy(float)
    elif given is not None:
        by_type = inputs.once("LSOA counts by crime type", lambda: _counts_by_type(given, lsoas))
        counts = by_type.reindex(columns=list(dict.fromkeys(types)), fill_value=0).sum(axis=1).to_numpy(float)
    else:
        return None
    population = lsoas["population"].to_numpy(float)
    known = np.where(population > 0, population, np.nan)
    return pd.DataFrame({"lsoa_code": lsoas["lsoa_code"].to_numpy(), "lsoa_name": lsoas["lsoa_name"].to_numpy(),
                         "count": counts, "rate": np.where(population > 0, counts / known * 1000, np.nan)})


def _counts_by_type(counts: pd.DataFrame, lsoas: pd.DataFrame) -> pd.DataFrame:
    """LSOA counts (lsoa_code, crime_type, count) as a column per crime type and a row per LSOA of ``lsoas``."""
    wide = counts.groupby(["lsoa_code", "crime_type"])["count"].sum().unstack(fill_value=0)
    return wide.reindex(lsoas["lsoa_code"], fill_value=0)


def _hotspots(inputs: ReportInputs, types: tuple[str, ...], lsoa: pd.DataFrame | None) -> pd.DataFrame | None:
    """Gi* hot spots of the priority's LSOA counts: the assessment's for ASB, else calculated alike."""
    if types == (ASB,) and not inputs.assessment.tables["lsoa_hotspots"].empty:
        return _or_none(inputs.rows_of("lsoa_hotspots", "crime_group", ASB))
    weights = inputs.lsoa_weights
    if weights is None or lsoa is None:
        return None
    # in the weights' order as an array: gi_star then need not look every LSOA up in an index
    values = lsoa.set_index("lsoa_code")["count"].reindex(weights.id_order).fillna(0).to_numpy(float)
    return gi_star(values, weights).reset_index(names="lsoa_code")


def _harm_share(inputs: ReportInputs, types: tuple[str, ...]) -> float | None:
    harm = inputs.assessment.table("harm")
    if harm.empty or not set(types) <= set(harm["crime_type"]):
        return None
    return float(harm[harm["crime_type"].isin(types)]["share_of_harm"].sum())


def headline_column(group: str) -> str:
    """The lsoas/wards column of a headline group, named as the assessment names it."""
    return "".join(ch if ch.isalnum() else "_" for ch in group.lower()).strip("_").replace("__", "_")
