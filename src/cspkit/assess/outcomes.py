"""What happened after a crime was recorded: each crime's latest outcome from police.uk outcomes files.

An outcomes file lists the outcomes reached in its month for crimes of that month or earlier,
by Crime ID; a crime can have several over time (charged, then a court result). Each crime of
the period (from the street files, in the area and each comparator) is joined by Crime ID to
every outcomes file loaded and keeps its latest outcome; crimes with none have "no outcome
recorded yet". Outcome types are gathered into six broad outcomes, whose shares are compared
between the area and its force and peers with Wilson intervals, the Fingertips way (the area's
interval against the comparator's share).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import numpy as np
import pandas as pd

from cspkit.assess.benchmarks import Comparator
from cspkit.assess.groups import ASB
from cspkit.assess.period import Period
from cspkit.stats.compare import significance
from cspkit.stats.rates import proportion_ci

CHARGED = "Charged or summonsed"
OUT_OF_COURT = "Out-of-court resolution"
NO_SUSPECT = "No suspect identified"
UNABLE = "Unable to prosecute suspect"
OTHER = "Not in the public interest or other"
NO_OUTCOME = "No outcome recorded yet"
BROAD_OUTCOMES = (CHARGED, OUT_OF_COURT, NO_SUSPECT, UNABLE, OTHER, NO_OUTCOME)
COMPARED_KINDS = ("area", "force", "peers")
RECENT_MONTHS = 3  # outcomes of crimes this recent are far from final
_OUT_OF_COURT_WORDS = ("caution", "local resolution", "community resolution", "drugs possession warning",
                       "cannabis warning", "penalty notice", "compensation")


def broad_outcome(outcome_type: str | None) -> str:
    """One of :data:`BROAD_OUTCOMES` for a police.uk outcome type (of any vintage)."""
    if outcome_type is None or (isinstance(outcome_type, float) and np.isnan(outcome_type)) or not outcome_type:
        return NO_OUTCOME
    text = outcome_type.strip().lower()
    if text == "investigation complete; no suspect identified":
        return NO_SUSPECT
    if text.startswith("unable to prosecute"):
        return UNABLE
    if "not in the public interest" in text or text.startswith(("action to be taken by another", "status update")):
        return OTHER
    if any(word in text for word in _OUT_OF_COURT_WORDS) and not text.startswith(("defendant", "court")):
        return OUT_OF_COURT
    if text.startswith(("suspect charged", "awaiting court", "court", "defendant", "offender")):
        return CHARGED
    return OTHER


def outcomes_loaded(con: duckdb.DuckDBPyConnection) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last month of the outcomes files loaded, or None when there are none."""
    first, last = con.execute("SELECT min(month), max(month) FROM outcomes").fetchone()
    return None if first is None else (pd.Timestamp(first), pd.Timestamp(last))


def crime_outcomes(con: duckdb.DuckDBPyConnection, period: Period) -> pd.DataFrame:
    """Each crime of the period in each member area (``assess_members``) with its latest outcome.

    Columns: area_key, crime_id, crime_type, crime_month, outcome_type, outcome_month (NaT and
    None where no outcome is recorded). A crime with two outcomes in its latest month keeps the
    first in alphabetical order, so the result does not depend on load order.
    """
    return con.execute(
        """
        WITH crimes AS (
            SELECT DISTINCT m.area_key, s.crime_id, s.crime_type, s.month AS crime_month
            FROM street_crimes s JOIN assess_members m ON s.lsoa_code = m.lsoa_code
            WHERE s.month BETWEEN ? AND ? AND s.crime_id IS NOT NULL AND s.crime_id <> ''
        ), latest AS (
            SELECT crime_id, first(outcome_type ORDER BY month DESC, outcome_type) AS outcome_type,
                   max(month) AS outcome_month
            FROM outcomes WHERE crime_id IN (SELECT crime_id FROM crimes) GROUP BY crime_id
        )
        SELECT c.*, l.outcome_type, l.outcome_month FROM crimes c LEFT JOIN latest l USING (crime_id)
        ORDER BY c.area_key, c.crime_month, c.crime_id
        """,
        [period.start, period.end],
    ).df()


def outcome_shares(crimes: pd.DataFrame, groups: Mapping[str, Sequence[str]],
                   comparators: Sequence[Comparator]) -> pd.DataFrame:
    """One row per crime group, comparator and broad outcome: count, crimes, share and 95% interval.

    ``significance_95`` compares the area's interval with the comparator's share ('higher',
    'lower', 'similar'); empty on the area's own rows.
    """
    crimes = crimes.assign(outcome=[broad_outcome(t) for t in crimes["outcome_type"]])
    rows = []
    for group, types in groups.items():
        if group == ASB:
            continue
        in_group = crimes[crimes["crime_type"].isin(types)]
        for comparator in comparators:
            if comparator.kind not in COMPARED_KINDS:
                continue
            mine = in_group[in_group["area_key"] == comparator.key]
            if mine.empty:
                continue
            counts = mine["outcome"].value_counts()
            rows += [{"crime_group": group, "comparator": comparator.label, "comparator_kind": comparator.kind,
                      "outcome": outcome, "count": int(counts.get(outcome, 0)), "crimes": len(mine)}
                     for outcome in BROAD_OUTCOMES]
    table = pd.DataFrame(rows, columns=["crime_group", "comparator", "comparator_kind", "outcome", "count", "crimes"])
    if table.empty:
        return table
    interval = proportion_ci(table["count"].to_numpy(float), table["crimes"].to_numpy(float), confidence=(0.95,))
    table["share"] = interval["value"].to_numpy()
    table["lower_95"] = interval["lower_95"].to_numpy()
    table["upper_95"] = interval["upper_95"].to_numpy()
    area = table[table["comparator_kind"] == "area"].set_index(["crime_group", "outcome"])
    keys = pd.MultiIndex.from_frame(table[["crime_group", "outcome"]])
    lower = area["lower_95"].reindex(keys).to_numpy(float)
    upper = area["upper_95"].reindex(keys).to_numpy(float)
    labels = np.asarray(significance(lower, upper, table["share"].to_numpy(float)), dtype=object)
    table["significance_95"] = np.where(table["comparator_kind"] == "area", "", labels)
    return table


def months_between(first: pd.Series, last: pd.Series) -> pd.Series:
    """Whole calendar months from ``first`` to ``last`` (police.uk gives months, not dates)."""
    first, last = pd.to_datetime(first), pd.to_datetime(last)
    return (last.dt.year - first.dt.year) * 12 + (last.dt.month - first.dt.month)


def outcome_times(crimes: pd.DataFrame, groups: Mapping[str, Sequence[str]], area_key: str = "area") -> pd.DataFrame:
    """Per crime group in the area: crimes with an outcome, and months from the crime's month to it.

    Columns: crime_group, crimes, with_outcome, median_months, mean_months, within_3_months
    (share of the outcomes reached within three months).
    """
    mine = crimes[(crimes["area_key"] == area_key) & crimes["outcome_month"].notna()]
    mine = mine.assign(months=months_between(mine["crime_month"], mine["outcome_month"]))
    everyone = crimes[crimes["area_key"] == area_key]
    rows = []
    for group, types in groups.items():
        if group == ASB:
            continue
        reached = mine[mine["crime_type"].isin(types)]["months"]
        total = int(everyone["crime_type"].isin(types).sum())
        if total == 0:
            continue
        rows.append({"crime_group": group, "crimes": total, "with_outcome": len(reached),
                     "median_months": float(reached.median()) if len(reached) else np.nan,
                     "mean_months": float(reached.mean()) if len(reached) else np.nan,
                     "within_3_months": float((reached <= 3).mean()) if len(reached) else np.nan})
    return pd.DataFrame(rows)


def outcome_by_crime_month(crimes: pd.DataFrame, area_key: str = "area") -> pd.DataFrame:
    """Per crime month in the area: crimes, and the share with no outcome yet (why recent months are not final)."""
    mine = crimes[crimes["area_key"] == area_key]
    table = (mine.assign(open=mine["outcome_type"].isna())
             .groupby("crime_month", as_index=False).agg(crimes=("crime_id", "size"), no_outcome=("open", "sum")))
    if table.empty:
        return table.assign(share_no_outcome=pd.Series(dtype=float))
    table["share_no_outcome"] = table["no_outcome"] / table["crimes"]
    return table


def outcome_caveats(by_month: pd.DataFrame, loaded: tuple[pd.Timestamp, pd.Timestamp]) -> list[str]:
    """The caveats every outcomes table needs."""
    caveats = [
        f"Outcomes are the latest in the police.uk outcomes files loaded (up to {loaded[1]:%B %Y}); the outcomes "
        "of recent crimes are not yet final, so their shares of 'no outcome recorded yet' will fall and those of "
        "charges and other outcomes rise as later files are published."
    ]
    if len(by_month) > RECENT_MONTHS:
        recent = by_month.tail(RECENT_MONTHS)
        older = by_month.iloc[:-RECENT_MONTHS]
        recent_share = recent["no_outcome"].sum() / max(recent["crimes"].sum(), 1)
        older_share = older["no_outcome"].sum() / max(older["crimes"].sum(), 1)
        caveats.append(
            f"{recent_share:.0%} of the crimes of the last {RECENT_MONTHS} months of the period have no outcome "
            f"recorded yet, against {older_share:.0%} of the earlier ones."
        )
    return caveats


def outcome_tables(con: duckdb.DuckDBPyConnection, period: Period, groups: Mapping[str, Sequence[str]],
                   comparators: Sequence[Comparator]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The outcomes tables of an assessment and their caveats; nothing when no outcomes files are loaded."""
    loaded = outcomes_loaded(con)
    if loaded is None:
        return {}, []
    crimes = crime_outcomes(con, period)
    if crimes[crimes["area_key"] == "area"].empty:
        return {}, []
    by_month = outcome_by_crime_month(crimes)
    tables = {"outcomes": outcome_shares(crimes, groups, comparators), "outcome_times": outcome_times(crimes, groups),
              "outcomes_by_month": by_month}
    return tables, outcome_caveats(by_month, loaded)
