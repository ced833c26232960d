"""People and places at greatest risk: deprivation, priority wards, concentration, hot spots.

Follows the Stafford strategy (seed 004) for priority wards (share of residents against share
of crime, the rate inside against outside) and the Cannock Chase assessment (seed 002) for
the groups most at risk; maps are drawn only where boundaries were loaded.
"""

from __future__ import annotations

import pandas as pd
import shapely

from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.assess.places import GRID_CELL_METRES
from cspkit.reports import charts, maps
from cspkit.reports.assessment.deprivation import decile_rates
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.layout import HOW_TO_READ, PLACES_MAP_CM, fit, how_to_read_hotspots, os_year
from cspkit.reports.assessment.priority_facts import headline_column
from cspkit.reports.assessment.wording import join_and, ordinal_decile, plural
from cspkit.reports.document import Block, Cell, Column, Figure, Paragraph, Row, Section, Status, Table


def ward_key(area: str) -> dict[str, Status]:
    return {
        "higher": Status("Higher", f"Statistically significantly higher than the {area} rate (95% confidence)",
                         "higher"),
        "similar": Status("Similar", f"Not significantly different from the {area} rate", "similar"),
        "lower": Status("Lower", f"Statistically significantly lower than the {area} rate (95% confidence)", "lower"),
    }


def places_sections(inputs: ReportInputs) -> list[Section]:
    blocks: list[Block] = list(inputs.blocks("greatest-risk"))
    deciles = deprivation_chart(inputs)
    if deciles is not None:
        blocks += [deciles, Paragraph(HOW_TO_READ["dotplot"])]
    sections = [Section("greatest-risk", "People and places at greatest risk", blocks, new_page=True)]
    priority = _priority_area_blocks(inputs)
    if priority:
        sections.append(Section("places-priority-areas", "Priority areas", priority, level=2))
    sections.append(Section("places-concentration", "Where crime is concentrated", _concentration_blocks(inputs),
                            level=2))
    sections.append(Section("places-hot-spots", "Hot spots and repeat locations", _hotspot_blocks(inputs), level=2))
    return sections


def deprivation_chart(inputs: ReportInputs) -> Figure | None:
    table = decile_rates(inputs)
    if table is None:
        return None
    data = pd.DataFrame({"area": [f"Decile {ordinal_decile(int(d))}" for d in table["decile"]],
                         "value": table["rate"], "lower": table["lower"], "upper": table["upper"],
                         "status": table["status"]})
    benchmark = float(inputs.area_rates.loc[ALL_CRIME, "rate"])
    return charts.comparison_dotplot(
        data, id="rate-by-deprivation", source=f"{inputs.source}; English Indices of Deprivation 2019",
        title=f"Crimes per 1,000 residents by deprivation decile, {inputs.area}",
        benchmark=benchmark, benchmark_label="the average", sort=False,
    )


def _priority_area_blocks(inputs: ReportInputs) -> list[Block]:
    wards = inputs.assessment.table("wards")
    column = headline_column(ALL_CRIME)
    if wards.empty or f"{column}_vs_area_95" not in wards.columns:
        return []
    blocks: list[Block] = []
    chosen = wards[f"{column}_vs_area_95"] == "higher"
    if chosen.any() and not chosen.all():
        blocks.append(_priority_comparison(inputs, wards, chosen, column))
    blocks.append(_ward_table(inputs, wards))
    return blocks


def _priority_comparison(inputs: ReportInputs, wards: pd.DataFrame, chosen: pd.Series, column: str) -> Table:
    """Priority wards against the rest: residents, crime, their shares and rates (Stafford's comparison)."""
    total_people, total_crime = float(wards["population"].sum()), float(wards[column].sum())
    rows = []
    for label, part in ((f"Priority wards ({int(chosen.sum())})", wards[chosen]),
                        (f"Other wards ({int((~chosen).sum())})", wards[~chosen]), ("All wards", wards)):
        people, crime = float(part["population"].sum()), float(part[column].sum())
        rows.append(Row((Cell(label), Cell(people), Cell(people / total_people), Cell(crime),
                         Cell(crime / total_crime if total_crime else None), Cell(crime / people * 1000)),
                        bold=label == "All wards"))
    columns = [Column("wards", "Wards"), Column("people", "Residents", "integer"),
               Column("people_share", "Share of residents", "percent", 0), Column("crime", "Crimes", "integer"),
               Column("crime_share", "Share of crime", "percent", 0),
               Column("rate", "Crimes per 1,000 residents", "number")]
    return Table.build(
        "priority-areas", f"Priority wards against the rest of {inputs.area}, {inputs.period}", columns, rows,
        source=inputs.source, sheet_name="Priority wards",
        method=f"Priority wards are those whose crime rate is statistically significantly above the {inputs.area} "
               "rate (95% confidence). LSOAs are summed to wards by a best-fit lookup.",
    )


def _ward_table(inputs: ReportInputs, wards: pd.DataFrame) -> Table:
    key = ward_key(inputs.area)
    columns = [Column("ward", "Ward"), Column("people", "Residents", "integer")]
    groups = [(g, headline_column(g)) for g in (ALL_CRIME, ASB) if headline_column(g) in wards.columns]
    for group, column in groups:
        noun = "Crimes" if group == ALL_CRIME else "ASB incidents"
        columns += [Column(column, noun, "integer"), Column(f"{column}_rate", f"{noun} per 1,000", "number")]
    rows = []
    for record in wards.to_dict("records"):
        cells = [Cell(record["ward_name"]), Cell(record["population"])]
        for _, column in groups:
            status = key.get(str(record.get(f"{column}_vs_area_95")))
            cells += [Cell(record[column]), Cell(record[f"{column}_rate"], status)]
        rows.append(Row(tuple(cells)))
    return Table.build(
        "wards", f"Crime and ASB by ward, highest crime rate first, {inputs.period}", columns, rows,
        source=inputs.source, sheet_name="Wards",
        method=f"Each ward's rate is compared with the {inputs.area} rate: higher or lower when the ward's 95% "
               "confidence interval excludes it.",
    )


def _concentration_blocks(inputs: ReportInputs) -> list[Block]:
    lsoas = inputs.lsoas
    column = headline_column(ALL_CRIME)
    blocks: list[Block] = []
    if column in lsoas.columns and lsoas[column].sum() > 0:
        data = pd.DataFrame({"place": lsoas["lsoa_name"].fillna(lsoas["lsoa_code"]), "count": lsoas[column]})
        blocks.append(charts.concentration_chart(data, id="busiest-lsoas", source=inputs.source, unit="Crimes",
                                                 title=f"The LSOAs with most crime in {inputs.area}"))
    lorenz = inputs.assessment.table("lorenz")
    if not lorenz.empty and ALL_CRIME in set(lorenz["crime_group"]):
        curve = lorenz[lorenz["crime_group"] == ALL_CRIME]
        blocks.append(charts.lorenz_curve(curve, id="lorenz-crime", source=inputs.source, gini=_gini(inputs),
                                          title=f"How concentrated crime is across {inputs.area}'s LSOAs"))
    summary = inputs.assessment.table("concentration")
    if not summary.empty:
        columns = [Column("crime_group", "Crime group"), Column("lsoas", "LSOAs", "integer"),
                   Column("gini", "Gini coefficient", "number", 2),
                   Column("share_in_top_5pct", "Share in the busiest 5% of LSOAs", "percent", 0),
                   Column("share_in_top_10pct", "Share in the busiest 10%", "percent", 0),
                   Column("share_of_lsoas_for_half", "Share of LSOAs holding half", "percent", 0)]
        blocks.append(Table.from_frame(
            "concentration", f"How concentrated crime and ASB are across {inputs.area}'s LSOAs", summary, columns,
            source=inputs.source, sheet_name="Concentration",
            method="The Gini coefficient is 0 when every LSOA has the same count and near 1 when one has them all "
                   "(Lorenz 1905)."))
    if not blocks:
        blocks.append(Paragraph("No crime was recorded in the area's LSOAs, so there is no concentration to show."))
    return blocks


def _gini(inputs: ReportInputs) -> float | None:
    summary = inputs.assessment.table("concentration")
    rows = summary[summary["crime_group"] == ALL_CRIME] if not summary.empty else summary
    return float(rows["gini"].iloc[0]) if not rows.empty else None


def _grid_hotspots(inputs: ReportInputs, shapes: pd.DataFrame) -> list[Block]:
    """Hot spots on a 250 m grid: finer than LSOAs, so a hot street shows even inside a quiet LSOA."""
    grid = inputs.assessment.table("grid_hotspots")
    if grid.empty or not (grid["hotspot"] != "not significant").any():
        return []
    drawn = maps.hotspot_map(grid, id="map-grid-hotspots", source=inputs.source, boundary=shapes,
                             cell_size=GRID_CELL_METRES, crs="EPSG:27700", os_year=os_year(inputs),
                             places=inputs.ward_shapes, subject="crime",
                             title=f"Hot and cold spots of crime on a 250 metre grid, {inputs.period}")
    note = how_to_read_hotspots(grid["hotspot"], "a 250 metre square")
    reconciled = _grid_against_lsoas(inputs, grid, shapes)
    return [fit(drawn, PLACES_MAP_CM), Paragraph(f"{note} {reconciled}" if reconciled else note)]


#: How many wards the note under the grid map names, those with most hot squares outside the LSOA hot spots.
WARDS_NAMED = 4


def _grid_against_lsoas(inputs: ReportInputs, grid: pd.DataFrame, shapes: pd.DataFrame) -> str:
    """Where the grid's hot squares fall against the LSOA hot spots, and why the two maps can differ.

    Both are the same test (Gi*, every area's test allowed for) on different units. Side by side, a hot
    cluster on the grid in wards the LSOA map leaves white read as a contradiction nobody explained: an
    LSOA is a hot spot only when it and its neighbours, taken whole, hold more crime than chance would
    give, so streets that stand out at 250 metres can lie in LSOAs that do not.
    """
    hot = grid[grid["hotspot"] == "hot spot"]
    lsoas = inputs.assessment.table("lsoa_hotspots")
    if hot.empty or lsoas.empty or "longitude" not in hot.columns:
        return ""
    lsoas = lsoas[lsoas["crime_group"] == ALL_CRIME]
    hot_lsoas = set(lsoas.loc[lsoas["hotspot"] == "hot spot", "lsoa_code"])
    codes = pd.Series(lsoa_of_points(shapes, hot["longitude"], hot["latitude"]), dtype=object)
    outside = codes[~codes.isin(hot_lsoas)]
    squares = plural(len(hot), "hot square")
    if outside.empty:
        return f"Every one of the grid's {squares} lies within the LSOA hot spots: the two maps agree."
    where = ""
    if "ward_name" in inputs.lsoas.columns:
        wards = outside.map(inputs.lsoas.set_index("lsoa_code")["ward_name"]).dropna().value_counts()
        wards = wards.sort_index().sort_values(ascending=False, kind="stable")  # most first, then by name
        shown = [f"{ward} ({count})" for ward, count in wards.head(WARDS_NAMED).items()]
        if len(wards) > WARDS_NAMED:
            shown.append(plural(len(wards) - WARDS_NAMED, "other ward"))
        where = f", in {join_and(shown)}" if shown else ""
    return (f"Of the grid's {squares}, {len(outside)} {'lies' if len(outside) == 1 else 'lie'} outside the LSOA "
            f"hot spots{where}. The two maps use the "
            "same test on different areas: an LSOA is a hot spot only when it and its neighbours, taken whole, hold "
            "more crime than chance would give, so streets that stand out at 250 metres can lie in LSOAs that do "
            "not. The LSOA map shows which neighbourhoods stand out; the grid, which streets, within them and "
            "elsewhere.")


def _hotspot_blocks(inputs: ReportInputs) -> list[Block]:
    blocks: list[Block] = []
    column = headline_column(ALL_CRIME)
    shapes = inputs.lsoa_shapes(inputs.lsoas.set_index("lsoa_code")[f"{column}_rate"]) \
        if f"{column}_rate" in inputs.lsoas.columns else None
    if shapes is None:
        blocks.append(Paragraph("No LSOA boundaries were given, so the maps are left out."))
    else:
        blocks += [fit(maps.choropleth(
            shapes, id="map-crime-rate", source=inputs.source, os_year=os_year(inputs), places=inputs.ward_shapes,
            title=f"Crimes (excluding ASB) per 1,000 residents by LSOA, {inputs.period}"), PLACES_MAP_CM),
            Paragraph(HOW_TO_READ["map"])]
        blocks += _lsoa_hotspots(inputs, shapes)
        blocks += _grid_hotspots(inputs, shapes)
    repeats = repeat_table(inputs)
    if repeats is not None:
        blocks.append(repeats)
    return blocks


def _lsoa_hotspots(inputs: ReportInputs, shapes: pd.DataFrame) -> list[Block]:
    hot = inputs.assessment.table("lsoa_hotspots")
    if hot.empty:
        return []
    hot = hot[hot["crime_group"] == ALL_CRIME]
    if not (hot["hotspot"] != "not significant").any():
        return [Paragraph("No LSOA is a statistically significant hot or cold spot of crime once the test of every "
                          "LSOA is allowed for (the method is described under Data quality and methodology).")]
    cells = hot.merge(shapes[["code", "name", "geometry"]], left_on="lsoa_code", right_on="code")
    drawn = maps.hotspot_map(cells, id="map-lsoa-hotspots", source=inputs.source, boundary=shapes,
                             os_year=os_year(inputs), places=inputs.ward_shapes, subject="crime",
                             title=f"Hot and cold spots of crime by LSOA, {inputs.period}")
    return [fit(drawn, PLACES_MAP_CM), Paragraph(how_to_read_hotspots(hot["hotspot"]))]


def repeat_table(inputs: ReportInputs, top: int = 10) -> Table | None:
    repeats = inputs.assessment.table("repeat_locations")
    if repeats.empty:
        return None
    columns = [Column("location_name", "Location (police.uk snap point)"),
               Column("crimes", "Records (crime and ASB)", "integer"), Column("crime_types", "Main types")]
    # police.uk gives some points no street or place name ("On or near" and nothing after)
    named = repeats["location_name"].fillna("").astype(str).str.strip()
    unnamed = named.isin(["", "On or near"])
    repeats = repeats.head(top).assign(location_name=named.head(top).where(~unnamed.head(top),
                                                                          "Not named by police.uk"))
    where = location_places(inputs, repeats)
    if where is not None:
        repeats = repeats.assign(where=where)
        columns.insert(1, Column("where", "Ward and LSOA"))
    repeats = repeats.assign(location_name=_told_apart(repeats))
    return Table.from_frame(
        "repeat-locations", f"The {min(top, len(repeats))} busiest locations, {inputs.period}", repeats,
        columns, source=inputs.source, sheet_name="Repeat locations",
        notes=["police.uk moves every record to the nearest of a fixed set of anonymous points, so a location is an "
               "area around a street, not an address."],
    )


def _told_apart(locations: pd.DataFrame) -> list[str]:
    """Each location's name, with where its point is (latitude, longitude) when another row has the same name
    and place: police.uk names many points "On or near Parking Area", and two such rows in one LSOA read as
    one place counted twice."""
    named = locations[[c for c in ("location_name", "where") if c in locations.columns]].astype(str)
    shared = named.duplicated(keep=False).to_numpy()
    if not shared.any() or not {"latitude", "longitude"} <= set(locations.columns):
        return locations["location_name"].tolist()
    return [f"{name} (at {lat:.4f}, {lon:.4f})" if same else str(name) for name, lat, lon, same in
            zip(locations["location_name"], locations["latitude"], locations["longitude"], shared, strict=True)]


def lsoa_of_points(shapes: pd.DataFrame, longitude: pd.Series, latitude: pd.Series) -> dict[int, str]:
    """Position of each point -> the code of the LSOA (of ``shapes``: code, geometry as WKB) it lies in; a point
    on a border between two takes the first, and one in none is left out."""
    polygons = shapely.from_wkb(shapes["geometry"].tolist())
    points = shapely.points(longitude.to_numpy(float), latitude.to_numpy(float))
    found, inside = shapely.STRtree(polygons).query(points, predicate="intersects")
    codes = shapes["code"].tolist()
    lsoa: dict[int, str] = {}
    for point, polygon in zip(found.tolist(), inside.tolist(), strict=True):
        lsoa.setdefault(point, codes[polygon])
    return lsoa


def location_places(inputs: ReportInputs, locations: pd.DataFrame) -> list[str] | None:
    """Each location's ward and LSOA ('Hartbury Central; Hartbury 003A'), from the LSOA boundary its
    point lies in: "On or near Parking Area" alone cannot be found on the ground. None without
    boundaries or coordinates."""
    if not {"longitude", "latitude"} <= set(locations.columns):
        return None
    shapes = inputs.lsoa_shapes(pd.Series(dtype=float))
    if shapes is None or shapes.empty:
        return None
    lsoa = lsoa_of_points(shapes, locations["longitude"], locations["latitude"])
    lsoas = inputs.lsoas.set_index("lsoa_code")
    wards = lsoas["ward_name"] if "ward_name" in lsoas.columns else pd.Series(dtype=object)
    names = lsoas["lsoa_name"] if "lsoa_name" in lsoas.columns else pd.Series(dtype=object)
    places = []
    for position in range(len(locations)):
        if position not in lsoa:
            places.append("Outside the area's LSOAs")
            continue
        code = lsoa[position]
        ward, name = wards.get(code), names.get(code)
        parts = [str(ward) for ward in (ward,) if isinstance(ward, str) and ward]
        parts.append(str(name) if isinstance(name, str) and name else code)
        places.append("; ".join(parts))
    return places
