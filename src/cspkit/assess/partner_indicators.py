"""Partners' own measures for the area: domestic abuse, deliberate fires, treatment, reoffending.

police.uk has no domestic abuse flag, no fires and nothing on treatment or reoffending, yet a
partnership's priorities rest on them, so the measures partners send (``cspkit load indicators``)
are read here beside the police.uk figures.

Partners report at their own frequency: monthly, by quarter, by financial year. A measure is
taken over the assessment's period when its periods cover it exactly; otherwise over the
latest twelve months its periods cover that end within the period ("latest available", as
partners publish), and the table says which. It is then compared

- with the same months a year earlier: counts with the score test of
  :func:`cspkit.stats.change.poisson_change` (as police.uk change is tested), proportions with
  the score test for two independent proportions (statsmodels ``test_proportions_2indep``);
- with the force (every district in it, when every one has the measure): a count as a rate
  per 1,000 residents, a proportion as it is, the partnership's 95% interval against the
  force's value, as Fingertips compares an area with its benchmark.

A measure whose rows give a denominator no smaller than the value (completions out of those in
treatment, reoffenders out of the cohort) is a proportion; any other is a count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
from statsmodels.stats.proportion import test_proportions_2indep

from cspkit.assess.areas import Area, children_of
from cspkit.assess.period import Period, add_months
from cspkit.stats.change import poisson_change
from cspkit.stats.compare import significance
from cspkit.stats.rates import proportion_ci, rate_ci

COLUMNS = [
    "measure", "source", "kind", "start", "end", "latest_available", "periods", "value", "denominator",
    "rate", "lower_95", "upper_95", "earlier_value", "earlier_denominator", "earlier_rate", "change_pct",
    "change_points", "change_verdict", "force_value", "force_denominator", "force_rate", "compared_with_force",
]


def partner_indicators(con: duckdb.DuckDBPyConnection, area: Area, force: Area | None, period: Period,
                       population: Mapping[str, float]) -> pd.DataFrame:
    """One row per partner measure held for the area (see the module docstring), or an empty table.

    ``population`` holds the residents of the area (key ``"area"``) and of the force (``"force"``),
    from the estimates the police.uk rates use.
    """
    rows = _held(con)
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    own = _codes(con, area, set(rows["area_code"]))
    whole_force = _codes(con, force, set(rows["area_code"])) if force is not None else []
    found = []
    for measure in sorted(rows["measure"].unique(), key=str.casefold):
        of_measure = rows[rows["measure"] == measure]
        mine = _summed(of_measure, own)
        window = _window(mine, period)
        if window is None:
            continue
        found.append(_row(measure, of_measure, mine, _summed(of_measure, whole_force), window, population))
    return pd.DataFrame(found, columns=COLUMNS)


def partner_monthly(con: duckdb.DuckDBPyConnection, area: Area, period: Period) -> pd.DataFrame:
    """The area's monthly counts of each measure partners report by month (measure, month, count).

    The latest unbroken run of months ending where the measure's figures end (the assessment's
    period, or the latest twelve months reported within it), as the police.uk control charts use;
    a measure whose monthly figures stop before then has none, so a chart never shows older
    months than the figures beside it, so a priority evidenced by a partner measure (domestic abuse) gets a
    monthly chart with control limits like the others. Proportions are left out: a share
    charted month by month needs its denominator, which a count's chart has no place for.
    """
    rows = _held(con)
    found = [pd.DataFrame({"measure": pd.Series(dtype=str), "month": pd.Series(dtype="datetime64[ns]"),
                           "count": pd.Series(dtype=float)})]
    if rows.empty:
        return found[0]
    own = _codes(con, area, set(rows["area_code"]))
    for measure in sorted(rows["measure"].unique(), key=str.casefold):
        mine = _summed(rows[rows["measure"] == measure], own)
        window = _window(mine, period) if not mine.empty else None
        if window is None or mine["denominator"].notna().any():
            continue
        last = window[1]  # the months the measure's figures read end here: the chart ends there too
        months = mine[(pd.to_datetime(mine["start"]).dt.day == 1)
                      & (mine["end"] == [add_months(s, 1) - timedelta(days=1) for s in mine["start"]])
                      & (mine["end"] <= last)].sort_values("start")
        run = _latest_run(list(months["start"]))
        if run and run[-1] == date(last.year, last.month, 1):
            kept = months[months["start"].isin(run)]
            found.append(pd.DataFrame({"measure": measure, "month": pd.to_datetime(kept["start"]),
                                       "count": kept["value"].astype(float)}))
    return pd.concat(found, ignore_index=True) if len(found) > 1 else found[0]


def _latest_run(starts: list[date]) -> list[date]:
    """The latest months in ``starts`` (sorted first days) that follow one another with no gap."""
    run: list[date] = []
    for start in reversed(starts):
        if run and add_months(start, 1) != run[-1]:
            break
        run.append(start)
    return run[::-1]


def _held(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every partner row with a known span of dates."""
    rows = con.execute(
        "SELECT area_code, period, period_start AS start, period_end AS end, measure, value, denominator, source "
        "FROM indicators WHERE period_start IS NOT NULL AND period_end IS NOT NULL"
    ).df()
    rows["start"] = pd.to_datetime(rows["start"]).dt.date
    rows["end"] = pd.to_datetime(rows["end"]).dt.date
    return rows


def _codes(con: duckdb.DuckDBPyConnection, area: Area, held: set[str]) -> list[str]:
    """The codes partners report the area under: its own, else its districts (all of them must be held)."""
    if area.code in held:
        return [area.code]
    districts = [a.code for a in children_of(con, area, "lad")]
    return districts if districts and all(code in held for code in districts) else []


def _summed(rows: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """The measure's periods summed over ``codes``, keeping only periods every code reports."""
    if not codes:
        return rows.iloc[0:0][["start", "end", "value", "denominator", "source"]]
    mine = rows[rows["area_code"].isin(codes)]
    summed = mine.groupby(["start", "end"], as_index=False).agg(
        value=("value", "sum"), denominator=("denominator", lambda d: d.sum() if d.notna().all() else np.nan),
        reporting=("area_code", "nunique"), source=("source", "first"))
    return summed[summed["reporting"] == len(codes)].drop(columns="reporting")


def _window(periods: pd.DataFrame, period: Period) -> tuple[date, date, bool] | None:
    """The months to read: the assessment's period if the measure covers it, else the latest
    twelve months it covers that end within the period; ``None`` if neither."""
    last = add_months(period.end, 1) - timedelta(days=1)  # a Period ends with the first day of its last month
    if _tiling(periods, period.start, last) is not None:
        return period.start, last, False
    for end in sorted({e for e in periods["end"] if period.start <= e <= last}, reverse=True):
        start = add_months(end + timedelta(days=1), -12)
        if _tiling(periods, start, end) is not None:
            return start, end, True
    return None


def _tiling(periods: pd.DataFrame, start: date, end: date) -> pd.DataFrame | None:
    """The periods that cover ``start`` to ``end`` exactly, one after another with no gap or overlap:
    the finest such set when a measure is given both by month and by quarter; ``None`` if none does."""
    inside = periods[(periods["start"] >= start) & (periods["end"] <= end)]
    if inside.empty:
        return None
    lengths = (pd.to_datetime(inside["end"]) - pd.to_datetime(inside["start"])).dt.days
    for _, same in inside.groupby(lengths // 27):  # months, quarters, years: the finest first
        same = same.sort_values("start")
        starts, ends = list(same["start"]), list(same["end"])
        joined = all(b == a + timedelta(days=1) for a, b in zip(ends[:-1], starts[1:], strict=True))
        if joined and starts[0] == start and ends[-1] == end:
            return same
    return None


def _row(measure: str, rows: pd.DataFrame, mine: pd.DataFrame, force: pd.DataFrame,
         window: tuple[date, date, bool], population: Mapping[str, float]) -> dict:
    start, end, latest = window
    now = _tiling(mine, start, end)
    before = _tiling(mine, add_months(start, -12), add_months(end + timedelta(days=1), -12) - timedelta(days=1))
    force_now = _tiling(force, start, end) if not force.empty else None
    value = float(now["value"].sum())
    denominator = float(now["denominator"].sum()) if now["denominator"].notna().all() else np.nan
    proportion = bool(np.isfinite(denominator) and denominator > 0 and value <= denominator)
    row = dict.fromkeys(COLUMNS, np.nan)
    row |= {"measure": measure, "source": _source(rows, now), "kind": "proportion" if proportion else "count",
            "start": start, "end": end, "latest_available": latest, "periods": _periods(now),
            "value": value, "denominator": denominator if proportion else np.nan, "change_verdict": "",
            "compared_with_force": ""}
    people = population.get("area")
    if proportion:
        estimate = proportion_ci(value, denominator, confidence=0.95)
        row |= {"rate": estimate.value, "lower_95": estimate.lower, "upper_95": estimate.upper}
    elif people:
        estimate = rate_ci(value, people, multiplier=1000, confidence=0.95)
        row |= {"rate": estimate.value, "lower_95": estimate.lower, "upper_95": estimate.upper}
    if before is not None:
        row |= _change(before, value, denominator, proportion, people)
    if force_now is not None:
        row |= _force(force_now, proportion, population.get("force"), row)
    return row


def _change(before: pd.DataFrame, value: float, denominator: float, proportion: bool,
            people: float | None) -> dict:
    earlier = float(before["value"].sum())
    if proportion:
        earlier_n = float(before["denominator"].sum()) if before["denominator"].notna().all() else np.nan
        if not (np.isfinite(earlier_n) and earlier_n > 0 and earlier <= earlier_n):
            return {"earlier_value": earlier}
        test = test_proportions_2indep(value, denominator, earlier, earlier_n, method="score", compare="diff")
        points = (value / denominator - earlier / earlier_n) * 100
        verdict = ("increase" if points > 0 else "decrease") if test.pvalue < 0.05 else "no significant change"
        return {"earlier_value": earlier, "earlier_denominator": earlier_n, "earlier_rate": earlier / earlier_n,
                "change_points": points, "change_verdict": verdict}
    found = {"earlier_value": earlier, "earlier_rate": earlier / people * 1000 if people else np.nan}
    if earlier + value == 0:
        return found | {"change_verdict": "no significant change"}
    tested = poisson_change(earlier, value)
    pct = tested.percent_change if np.isfinite(tested.percent_change) else np.nan
    return found | {"change_pct": pct, "change_verdict": tested.verdict}


def _force(force: pd.DataFrame, proportion: bool, people: float | None, row: dict) -> dict:
    value = float(force["value"].sum())
    if proportion:
        if not force["denominator"].notna().all():
            return {}
        denominator = float(force["denominator"].sum())
        benchmark = value / denominator
        found = {"force_value": value, "force_denominator": denominator, "force_rate": benchmark}
    elif people:
        benchmark = value / people * 1000
        found = {"force_value": value, "force_rate": benchmark}
    else:
        return {}
    label = significance(row["lower_95"], row["upper_95"], benchmark)
    return found | {"compared_with_force": str(label)}


def _source(rows: pd.DataFrame, used: pd.DataFrame) -> str:
    names = [str(s) for s in dict.fromkeys(used["source"].dropna()) if str(s).strip()]
    if not names:
        names = [str(s) for s in dict.fromkeys(rows["source"].dropna()) if str(s).strip()]
    return "; ".join(names)


def _periods(used: pd.DataFrame) -> str:
    """'12 months', '4 quarters', '1 year': how the partner reported the months read."""
    days = (pd.to_datetime(used["end"]) - pd.to_datetime(used["start"])).dt.days.iloc[0] + 1
    unit = "month" if days <= 31 else "quarter" if days <= 92 else "year"
    return f"{len(used)} {unit}{'' if len(used) == 1 else 's'}"
