"""Where crime happens: LSOAs and wards, concentration, priority areas, hotspots, repeat locations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from cspkit.stats.compare import compare_with_benchmark
from cspkit.stats.concentration import gini, lorenz_curve, places_for_share, priority_area_comparison, top_share
from cspkit.stats.hotspots import classify_hotspot_trends, contiguity_weights, gi_star, grid_hotspots
from cspkit.stats.repeats import repeat_locations

GRID_CELL_METRES = 250
GRID_NEIGHBOUR_METRES = 500
_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def small_area_table(counts: pd.DataFrame, populations: pd.DataFrame, names: dict[str, str],
                     wards: pd.DataFrame, deprivation: pd.DataFrame, area_rate: dict[str, float],
                     groups: dict[str, list[str]]) -> pd.DataFrame:
    """One row per LSOA: population, count and rate per 1,000 for each headline group, ward, IMD decile.

    ``counts`` has lsoa_code, crime_type, count; ``area_rate`` the area's rate for each group, which
    each LSOA is compared with (95% and 99.8%).
    """
    table = populations.copy()
    table["lsoa_name"] = table["lsoa_code"].map(names)
    table = table.merge(wards.rename(columns={"code": "ward_code", "name": "ward_name"}), on="lsoa_code", how="left")
    if not deprivation.empty:
        table = table.merge(deprivation, on="lsoa_code", how="left")
    for group, types in groups.items():
        column = _column(group)
        summed = counts[counts["crime_type"].isin(types)].groupby("lsoa_code")["count"].sum()
        table[column] = table["lsoa_code"].map(summed).fillna(0).astype("int64")
        known = table["population"].notna() & (table["population"] > 0)
        table[f"{column}_rate"] = np.where(known, table[column] / table["population"].where(known) * 1000, np.nan)
        if known.any() and group in area_rate:
            compared = compare_with_benchmark(
                table.loc[known, column].to_numpy(float), table.loc[known, "population"].to_numpy(float),
                area_rate[group], confidence=(0.95, 0.998),
            )
            table.loc[known, f"{column}_vs_area_95"] = compared["significance_95"].to_numpy()
            table.loc[known, f"{column}_vs_area_99_8"] = compared["significance_99_8"].to_numpy()
    return table


def ward_table(lsoas: pd.DataFrame, groups: dict[str, list[str]], area_rate: dict[str, float]) -> pd.DataFrame:
    """LSOAs summed to wards, with rates and significance against the area."""
    if lsoas["ward_code"].isna().all():
        return pd.DataFrame()
    columns = [_column(g) for g in groups]
    table = (
        lsoas.dropna(subset=["ward_code"])
        .groupby(["ward_code", "ward_name"], as_index=False, dropna=False)[["population", *columns]].sum(min_count=1)
    )
    for group, column in zip(groups, columns, strict=True):
        table[f"{column}_rate"] = table[column] / table["population"] * 1000
        if group in area_rate and (table["population"] > 0).all():
            compared = compare_with_benchmark(table[column].to_numpy(float), table["population"].to_numpy(float),
                                              area_rate[group], confidence=(0.95, 0.998))
            table[f"{column}_vs_area_95"] = compared["significance_95"].to_numpy()
            table[f"{column}_vs_area_99_8"] = compared["significance_99_8"].to_numpy()
    return table.sort_values(f"{columns[0]}_rate", ascending=False, ignore_index=True)


def concentration_table(lsoas: pd.DataFrame, groups: dict[str, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gini, share in the busiest 5% / 10% of LSOAs and LSOAs holding half the crime; and Lorenz curves."""
    summary, curves = [], []
    for group in groups:
        counts = lsoas[_column(group)].to_numpy(float)
        if counts.sum() == 0:
            continue
        summary.append({"crime_group": group, "lsoas": len(counts), "gini": gini(counts),
                        "share_in_top_5pct": top_share(counts, 0.05), "share_in_top_10pct": top_share(counts, 0.10),
                        "share_of_lsoas_for_half": places_for_share(counts, 0.5)})
        curve = lorenz_curve(counts)
        curve.insert(0, "crime_group", group)
        curves.append(curve)
    return pd.DataFrame(summary), (pd.concat(curves, ignore_index=True) if curves else pd.DataFrame())


def priority_areas(wards: pd.DataFrame, group: str) -> tuple[pd.DataFrame, dict | None]:
    """Wards whose rate is significantly above the area's (95%) are priority areas; compare them with the rest.

    This is the Stafford strategy's comparison: share of population, share of crime, and the rate
    inside against outside the priority wards.
    """
    column = _column(group)
    flag = f"{column}_vs_area_95"
    if wards.empty or flag not in wards:
        return pd.DataFrame(), None
    chosen = wards[flag] == "higher"
    if not chosen.any() or chosen.all():
        return wards[chosen], None
    result = priority_area_comparison(wards[column].to_numpy(float), wards["population"].to_numpy(float),
                                      chosen.to_numpy())
    summary = {"crime_group": group, "priority_wards": int(chosen.sum()), "wards": len(wards), **vars(result)}
    return wards[chosen][["ward_code", "ward_name", "population", column, f"{column}_rate"]], summary


def lsoa_weights(lsoa_codes: list[str], geometries: dict[str, bytes]):
    """Queen contiguity between the area's LSOAs that have a boundary (None if fewer than three)."""
    codes = [c for c in lsoa_codes if c in geometries]
    if len(codes) < 3:
        return None
    return contiguity_weights([shapely.from_wkb(geometries[c]) for c in codes], ids=codes)


def lsoa_hotspots(lsoas: pd.DataFrame, weights, group: str) -> pd.DataFrame:
    """Gi* on LSOA counts of one crime group, FDR-corrected."""
    if weights is None:
        return pd.DataFrame()
    values = lsoas.set_index("lsoa_code").loc[weights.id_order, _column(group)].astype(float)
    result = gi_star(values, weights)
    result.insert(0, "crime_group", group)
    return result.reset_index(names="lsoa_code")


def lsoa_hotspot_trends(points: pd.DataFrame, weights, blocks: list[tuple[pd.Timestamp, pd.Timestamp]],
                        crime_types: list[str]) -> pd.DataFrame:
    """Persistent / emerging / new ... hot spot LSOAs across successive blocks of months."""
    if weights is None or len(blocks) < 2:
        return pd.DataFrame()
    hot = {}
    chosen = points[points["crime_type"].isin(crime_types)]
    for first, last in blocks:
        window = chosen[(chosen["month"] >= first) & (chosen["month"] <= last)]
        counts = window.groupby("lsoa_code").size().reindex(weights.id_order, fill_value=0).astype(float)
        hot[f"{first:%Y-%m}"] = gi_star(counts, weights)["hotspot"].eq("hot spot")
    frame = pd.DataFrame(hot)
    frame["trend"] = classify_hotspot_trends(frame)
    return frame.reset_index(names="lsoa_code")


def grid_hotspot_table(points: pd.DataFrame, crime_types: list[str], boundary=None) -> pd.DataFrame:
    """Gi* on a 250 m grid (neighbours within 500 m), with cell centres back in longitude/latitude.

    Only cells touching the area take part: its ``boundary`` (longitude/latitude) when loaded,
    otherwise the crimes' convex hull buffered by half a cell (as sfhotspot does), so that empty
    land beyond the area does not dilute Gi*.
    """
    chosen = points[points["crime_type"].isin(crime_types)]
    if len(chosen) < 10:
        return pd.DataFrame()
    x, y = _TO_BNG.transform(chosen["longitude"].to_numpy(), chosen["latitude"].to_numpy())
    area = "hull" if boundary is None else shapely.transform(boundary, _lonlat_to_bng)
    grid = grid_hotspots(x, y, cell_size=GRID_CELL_METRES, distance=GRID_NEIGHBOUR_METRES, study_area=area)
    lon, lat = _TO_BNG.transform(grid["x"].to_numpy(), grid["y"].to_numpy(), direction="INVERSE")
    grid["longitude"], grid["latitude"] = lon, lat
    grid["study_area"] = "hull" if boundary is None else "boundary"
    return grid[grid["count"] > 0].reset_index()


def area_boundary(lsoa_codes: list[str], geometries: dict[str, bytes]):
    """The area's outline as the union of its LSOAs' boundaries, or None unless every LSOA has one."""
    if not lsoa_codes or any(code not in geometries for code in lsoa_codes):
        return None
    return shapely.union_all([shapely.from_wkb(geometries[code]) for code in lsoa_codes])


def _lonlat_to_bng(coords: np.ndarray) -> np.ndarray:
    return np.column_stack(_TO_BNG.transform(coords[:, 0], coords[:, 1]))


def repeat_location_table(points: pd.DataFrame, top: int = 20) -> tuple[pd.DataFrame, dict]:
    """The busiest police.uk snap points (location and coordinates), with their crime types."""
    if points.empty:
        return pd.DataFrame(), {}
    keys = list(zip(points["location"].fillna(""), points["longitude"].round(6), points["latitude"].round(6),
                    strict=True))
    result = repeat_locations(keys, at_least=2)
    table = result.table.head(top).copy()
    table["location_name"] = [k[0] for k in table["location"]]
    table["longitude"] = [k[1] for k in table["location"]]
    table["latitude"] = [k[2] for k in table["location"]]
    keyed = points.assign(key=keys)
    mix = keyed[keyed["key"].isin(set(table["location"]))].groupby("key")["crime_type"].agg(_main_types)
    table["crime_types"] = table["location"].map(mix)
    summary = {"crimes": result.crimes, "locations": result.locations, "repeat_locations": result.repeat_locations,
               "share_at_repeat_locations": result.share_at_repeat_locations}
    return table.drop(columns="location"), summary


def _main_types(crime_types: pd.Series, shown: int = 3) -> str:
    """'Shoplifting (55); Other theft (33); Burglary (2) and 5 more types'."""
    counts = crime_types.value_counts()
    text = "; ".join(f"{t} ({n})" for t, n in counts.head(shown).items())
    return text + (f" and {len(counts) - shown} more types" if len(counts) > shown else "")


def _column(group: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in group.lower()).strip("_").replace("__", "_")
