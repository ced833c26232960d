"""Harm weighting in the assessment: one weight per police.uk crime type, from the stored harm index.

police.uk gives crime types, the harm indices give offence codes. The Home Office tables say how
often each code is recorded and the offence hierarchy which crime type it belongs to, so each
type's weight is the volume-weighted mean harm of its codes (see
:func:`cspkit.stats.harm.crime_type_weights`). Needs a harm index (``cspkit load harm``) and a
Home Office table (``cspkit load home-office``); without them the assessment says so.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from cspkit.stats.harm import HarmWeights, apply_harm, crime_type_weights, harm_weights

SCHEME_PREFERENCE = ("cchi", "css")


def harm_by_crime_type(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, float] | None, str | None]:
    """Average harm of one offence of each police.uk crime type, and the index's label."""
    found = crime_type_harm(con)
    return (None, None) if found is None else ({str(k): float(v) for k, v in found.weights.items()}, found.label)


def crime_type_harm(con: duckdb.DuckDBPyConnection) -> HarmWeights | None:
    """Harm weights per police.uk crime type from the newest edition of the preferred index, if loaded."""
    for scheme in SCHEME_PREFERENCE:
        offences = con.execute(
            "SELECT offence_code, weight FROM harm_weights WHERE scheme = ? "
            "AND edition = (SELECT max(edition) FROM harm_weights WHERE scheme = ?)",
            [scheme, scheme],
        ).df()
        if offences.empty:
            continue
        volumes = con.execute(
            """
            SELECT r.offence_code, h.police_uk_crime_type AS crime_type, sum(r.offences) AS count
            FROM ho_recorded_crime r
            JOIN offence_hierarchy h ON h.offence_group = r.offence_group AND h.offence_subgroup = r.offence_subgroup
            WHERE h.police_uk_crime_type IS NOT NULL
            GROUP BY ALL
            """
        ).df()
        if volumes.empty:
            return None
        return crime_type_weights(volumes, harm_weights(offences, scheme=scheme))
    return None


def harm_table(con: duckdb.DuckDBPyConnection, rates: pd.DataFrame) -> pd.DataFrame:
    """The area's counts by crime type weighted by harm, largest share of harm first."""
    weights = crime_type_harm(con)
    if weights is None:
        return pd.DataFrame()
    area = rates[(rates["comparator_kind"] == "area") & rates["crime_group"].isin(weights.weights.index)]
    counts = area[["crime_group", "count"]].rename(columns={"crime_group": "crime_type"})
    totals = apply_harm(counts, weights, code="crime_type", by=["crime_type"])
    table = totals.table.assign(weight=lambda t: t["crime_type"].map(weights.weights))
    table["share_of_harm"] = table["harm"] / table["harm"].sum()
    table["share_of_count"] = table["count"] / table["count"].sum()
    table["harm_index"] = totals.label
    table["unit"] = totals.unit
    return table.sort_values("harm", ascending=False, ignore_index=True)
