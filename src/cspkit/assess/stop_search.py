"""Stop and search in the force area: why people were searched, what was found, and who was searched.

police.uk's stop-and-search files name the force, not the area: a search is recorded where it
happened (its coordinates, often blurred or missing) and the person's home is not given. So
this part of the assessment describes the force whose area holds the partnership, over the
assessment period, and compares searches with the residents of the force area by ethnicity
from the Census 2021 (TS021) table the user loads, by the Home Office's method (see
:mod:`cspkit.stats.disproportionality`).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from cspkit.assess.period import Period
from cspkit.stats.disproportionality import disproportionality_table
from cspkit.stats.rates import proportion_ci

NO_FURTHER_ACTION = ("A no further action disposal", "Nothing found - no further action", "Suspect released",
                     "Offender given penalty notice", "")
DIMENSIONS = {"legislation": "Legislation", "object_of_search": "Object of search", "outcome": "Outcome",
              "outcome_linked_to_object": "Outcome linked to object of search"}
CAVEATS = (
    "Stop and search is recorded where the search happened, not where the person searched lives, so rates per "
    "resident compare searches of people who may live elsewhere with the residents of the force area.",
    "Rates by ethnicity use the ethnicity people gave themselves (self-defined); searches where it was not stated "
    "are left out, as the Home Office does. Officer-defined ethnicity (the officer's view) is shown beside it and "
    "can differ.",
    "The stop-and-search tables describe the whole force, not the partnership's area: police.uk does not place "
    "searches in LSOAs.",
)


def ethnic_group(value: str | None) -> str | None:
    """The Census high-level group (Asian, Black, Mixed, White, Other) of a police.uk ethnicity; None if not stated."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    if not text or "not stated" in text.lower():
        return None
    if "chinese" in text.lower():
        return "Asian"  # Census 2021 counts Chinese people in the Asian group
    for group in ("White", "Black", "Asian", "Mixed", "Other"):
        if text.startswith(group):
            return group
    return None


def searches(con: duckdb.DuckDBPyConnection, forces: Sequence[str], period: Period) -> pd.DataFrame:
    """Every search recorded by ``forces`` in the period, with the columns the tables use."""
    return con.execute(
        """
        SELECT force, month, legislation, object_of_search, outcome, outcome_linked_to_object,
               self_defined_ethnicity, officer_defined_ethnicity
        FROM stop_searches WHERE force IN (SELECT unnest(?::VARCHAR[])) AND month BETWEEN ? AND ?
        """,
        [list(forces), period.start, period.end],
    ).df()


def breakdown(frame: pd.DataFrame) -> pd.DataFrame:
    """Searches by legislation, object of search, outcome and whether the outcome was linked to the object.

    One row per dimension and value: searches, share of all searches and its 95% Wilson interval.
    """
    rows = []
    for column, label in DIMENSIONS.items():
        values = frame[column].fillna("").replace({"": "Not recorded", "True": "Yes", "False": "No"})
        for value, count in values.value_counts().items():
            rows.append({"dimension": label, "value": value, "searches": int(count)})
    table = pd.DataFrame(rows, columns=["dimension", "value", "searches"])
    if table.empty:
        return table
    interval = proportion_ci(table["searches"].to_numpy(float), np.full(len(table), float(len(frame))),
                             confidence=(0.95,))
    return table.assign(share=interval["value"].to_numpy(), lower_95=interval["lower_95"].to_numpy(),
                        upper_95=interval["upper_95"].to_numpy())


def find_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """The find rate and the positive-outcome and arrest rates, each with its 95% Wilson interval.

    Find rate: the share of searches whose outcome was linked to the object of search (what the
    officer was looking for was found), as HMICFRS and the Home Office use it; searches whose
    link was not recorded count as not linked. Positive outcome: anything but no further action.
    """
    total = float(len(frame))
    linked = frame["outcome_linked_to_object"].fillna("").astype(str).str.lower().isin(("true", "1", "yes"))
    positive = ~frame["outcome"].fillna("").isin(NO_FURTHER_ACTION)
    arrest = frame["outcome"].fillna("").str.lower().eq("arrest")
    counts = {"Find rate (outcome linked to object of search)": float(linked.sum()),
              "Positive outcome rate (any outcome but no further action)": float(positive.sum()),
              "Arrest rate": float(arrest.sum())}
    interval = proportion_ci(np.array(list(counts.values())), np.full(len(counts), total), confidence=(0.95,))
    return pd.DataFrame({"measure": list(counts), "searches_with_it": list(counts.values()),
                         "searches": total, "rate": interval["value"].to_numpy(),
                         "lower_95": interval["lower_95"].to_numpy(), "upper_95": interval["upper_95"].to_numpy()})


def force_area_residents(con: duckdb.DuckDBPyConnection, districts: Sequence[str]) -> tuple[pd.Series, list[str]]:
    """Census 2021 residents by ethnic group in the force area's local authorities, and those the table lacks."""
    held = {r[0] for r in con.execute(
        "SELECT DISTINCT area_code FROM ethnicity_population WHERE area_code IN (SELECT unnest(?::VARCHAR[]))",
        [list(districts)]).fetchall()}
    frame = con.execute(
        """
        SELECT ethnic_group, sum(residents) AS residents FROM ethnicity_population
        WHERE area_code IN (SELECT unnest(?::VARCHAR[]))
          AND census_year = (SELECT max(census_year) FROM ethnicity_population)
        GROUP BY ethnic_group
        """,
        [list(districts)],
    ).df()
    return frame.set_index("ethnic_group")["residents"].astype(float), sorted(set(districts) - held)


def ethnicity_table(frame: pd.DataFrame, residents: pd.Series) -> pd.DataFrame:
    """Searches per 1,000 residents by ethnic group and the ratio to White residents' rate.

    Done twice: by self-defined ethnicity (the Home Office's basis) and by officer-defined.
    """
    if residents.empty or residents.get("White", 0) <= 0:
        return pd.DataFrame()
    tables = []
    for basis, column in (("self-defined", "self_defined_ethnicity"), ("officer-defined", "officer_defined_ethnicity")):
        counts = frame[column].map(ethnic_group).value_counts()
        table = disproportionality_table(counts, residents)
        tables.append(table.assign(ethnicity_basis=basis, not_stated=int(frame[column].map(ethnic_group).isna().sum())))
    return pd.concat(tables, ignore_index=True)


def stop_search_tables(con: duckdb.DuckDBPyConnection, forces: Sequence[str], districts: Sequence[str],
                       period: Period) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The stop-and-search tables of an assessment and their caveats; nothing when no searches are loaded.

    ``districts`` are the local authority codes of the force area, whose Census residents are the
    denominators of the rates by ethnicity.
    """
    frame = searches(con, forces, period)
    if frame.empty:
        return {}, []
    tables = {"stop_search": breakdown(frame), "stop_search_rates": find_rates(frame)}
    caveats = list(CAVEATS)
    residents, lacking = force_area_residents(con, districts) if districts else (pd.Series(dtype=float), [])
    by_ethnicity = ethnicity_table(frame, residents) if not lacking else pd.DataFrame()
    if lacking and len(lacking) < len(districts):
        caveats.append(f"The Census ethnic group table loaded lacks {len(lacking)} of the force area's "
                       f"{len(districts)} local authorities ({', '.join(lacking)}), so searches are not compared "
                       "with residents by ethnicity; load the table for every local authority.")
    elif by_ethnicity.empty:
        caveats.append("Searches per 1,000 residents by ethnicity need the Census 2021 ethnic group table (TS021) "
                       "by local authority: load it with cspkit load ethnicity FILE.")
    else:
        tables["stop_search_ethnicity"] = by_ethnicity
        if period.months != 12:
            caveats.append(f"Search rates per 1,000 residents are over the {period.months} months of the period, "
                           "not a year as the Home Office publishes them; the ratios are unaffected.")
    return tables, caveats
