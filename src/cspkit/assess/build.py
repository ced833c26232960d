"""Building an Assessment for an area and period from the evidence store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

import duckdb
import pandas as pd

from cspkit.assess import extract, places, series
from cspkit.assess.areas import Area, children_of, lsoas_in, parent_of, resolve_area
from cspkit.assess.assessment import Assessment
from cspkit.assess.benchmarks import Comparator, read_benchmark_rates, read_peer_list
from cspkit.assess.caveats import data_quality
from cspkit.assess.change_table import change_table, comparison_windows
from cspkit.assess.groupings import read_groupings
from cspkit.assess.groups import ALL_CRIME, ASB, by_group, crime_groups, totals
from cspkit.assess.harm import harm_table
from cspkit.assess.home_office import home_office_rates
from cspkit.assess.outcomes import outcome_tables
from cspkit.assess.partner_indicators import partner_indicators, partner_monthly
from cspkit.assess.period import Period, add_months
from cspkit.assess.published import describe_published, published_comparators
from cspkit.assess.rates_table import rates_table
from cspkit.assess.statements import write_statements
from cspkit.assess.stop_search import stop_search_tables
from cspkit.assess.words import plural, verb
from cspkit.errors import CspkitError
from cspkit.store import Store

Step = Callable[[int, int, str], None]
HEADLINE_GROUPS = (ALL_CRIME, ASB)
MIN_TREND_QUARTERS = 3
"""Whole, clean quarters needed before a hot spot can be called persistent, emerging or new."""
STEPS = 8


@dataclass(frozen=True)
class AssessmentRequest:
    """What the analyst asked for; saved with the Assessment so it can be reproduced."""

    area: str
    period: Period
    peers: Sequence[str] = ()
    peers_file: Path | None = None
    benchmarks_file: Path | None = None
    published_file: Path | None = None  # published rates by area (ONS/Home Office layout)
    msg_file: Path | None = None  # the partnership's Most Similar Group, codes or names
    groupings_file: Path | None = None
    history_months: int = 36
    options: dict = field(default_factory=dict)


def build_assessment(store: Store, request: AssessmentRequest, progress: Step | None = None) -> Assessment:
    """Assess one area over one period: rates and comparisons, change, trend, places, caveats."""
    step = progress or (lambda done, total, label: None)
    con = store.con
    step(0, STEPS, "finding the area")
    area = resolve_area(con, request.area)
    area_lsoas = lsoas_in(con, area)
    if not area_lsoas:
        raise CspkitError(f"The loaded lookups give no LSOAs for {area}; load an LSOA lookup (cspkit load lookup).")
    known_types = [r[0] for r in con.execute(
        "SELECT crime_type FROM police_uk_crime_types ORDER BY display_order").fetchall()]
    groups = crime_groups(known_types, read_groupings(request.groupings_file, set(known_types)))

    force = parent_of(con, area, "pfa") if area.level != "pfa" else None
    comparators, members = _comparators(con, area, area_lsoas, force, request, groups)
    extract.register_members(con, members)

    step(1, STEPS, "counting crimes")
    history_start = add_months(request.period.start, -request.history_months)
    loaded = extract.loaded_months(con)
    if loaded is None:
        raise CspkitError("No police.uk street records are loaded. Load them with: cspkit load police-uk FOLDER")
    first = max(history_start, loaded[0])
    months = extract.month_range(first, request.period.end)
    counts = extract.monthly_counts(con, first, request.period.end)
    if counts[counts["area_key"] == "area"].empty:
        raise CspkitError(f"No police.uk records fall in {area.name} between {request.period.label()}. "
                          "Check the period, and that the force's files and an LSOA lookup are loaded.")
    grouped = by_group(counts, groups, months, list(members))
    forces = _forces_in_data(con, area_lsoas, request.period)
    months_with_data = set(extract.months_loaded_for(con, forces, Period(first, request.period.end)))
    missing_in_period = sorted(set(request.period.month_starts()) - months_with_data)

    step(2, STEPS, "population")
    year = extract.population_year(con, request.period, "area")
    if year is None:
        raise CspkitError(f"No LSOA population estimate covers {area.name}, so rates cannot be calculated. "
                          "Load the ONS estimates for its LSOAs with: cspkit load population FILE --year YEAR")
    populations = extract.member_populations(con, year).set_index("area_key")
    population = {k: float(v) for k, v in populations["population"].items() if pd.notna(v) and v > 0}

    step(3, STEPS, "rates and comparisons")
    current = totals(grouped, request.period.start, request.period.end)
    rates = rates_table(current, population, comparators, list(groups))
    area_rate = {g: r for g, r in rates[rates["comparator_kind"] == "area"].set_index("crime_group")["rate"].items()}

    step(4, STEPS, "change and trend")
    force_key = "force" if "force" in members else None
    changes = change_table(grouped, "area", force_key, list(groups), request.period, months_with_data)
    quality = data_quality(con, forces, Period(first, request.period.end))
    flagged = {f.month for f in quality.flags if f.month is not None and f.affects_counts}
    area_months = sorted(months_with_data)
    monthly = series.area_series(grouped, "area", area_months)
    monthly["flagged"] = monthly["month"].isin({pd.Timestamp(m) for m in flagged})
    trend = series.trend_table(monthly, flagged, request.options.get("trend_method", "quasi-poisson"))
    comparator_monthly = _comparator_monthly(grouped, comparators, area_months, flagged)
    # Forecasts, seasonality and control limits read the latest unbroken run of trustworthy months.
    contiguous = _contiguous_tail([m for m in area_months if m not in flagged])
    tail = monthly[monthly["month"].isin({pd.Timestamp(m) for m in contiguous})]
    forecast = series.forecast_table(tail)
    seasonality = series.seasonality_table(tail)
    spc = series.spc_table(tail)

    step(5, STEPS, "wards and LSOAs")
    headline = {g: groups[g] for g in HEADLINE_GROUPS}
    lsoa_counts = extract.lsoa_counts(con, "area", request.period)
    lsoa_pop = extract.lsoa_populations(con, "area", year)
    deprivation = _deprivation(con, area_lsoas)
    lsoas = places.small_area_table(lsoa_counts, lsoa_pop, extract.lsoa_names(con, area_lsoas),
                                    extract.lsoa_parents(con, area_lsoas, "ward")[["lsoa_code", "code", "name"]],
                                    deprivation, area_rate, headline)
    wards = places.ward_table(lsoas, headline, area_rate)
    concentration, lorenz = places.concentration_table(lsoas, headline)
    priority, priority_summary = places.priority_areas(wards, ALL_CRIME)

    step(6, STEPS, "hotspots and repeat locations")
    points = extract.points(con, "area", request.period)
    geometries = _lsoa_geometries(con, area_lsoas)
    weights = places.lsoa_weights(area_lsoas, geometries)
    lsoa_hot = pd.concat([places.lsoa_hotspots(lsoas, weights, g) for g in headline], ignore_index=True)
    quarters, quarter_summary = trend_quarters(request.period, flagged, months_with_data)
    hot_trend = places.lsoa_hotspot_trends(points, weights, quarters, groups[ALL_CRIME]) \
        if len(quarters) >= MIN_TREND_QUARTERS else pd.DataFrame()
    grid_hot = places.grid_hotspot_table(points, groups[ALL_CRIME], places.area_boundary(area_lsoas, geometries))
    repeats, repeat_summary = places.repeat_location_table(points)

    step(7, STEPS, "Home Office tables and statements")
    home_office = home_office_rates(con, area, force)
    harm = harm_table(con, rates)
    tables = {
        "rates": rates, "change": changes, "monthly": monthly, "comparator_monthly": comparator_monthly,
        "trend": trend, "forecast": forecast,
        "seasonality": seasonality, "spc": spc, "lsoas": lsoas, "wards": wards, "concentration": concentration,
        "lorenz": lorenz, "priority_areas": priority, "lsoa_hotspots": lsoa_hot, "lsoa_hotspot_trends": hot_trend,
        "grid_hotspots": grid_hot, "repeat_locations": repeats, "home_office_rates": home_office, "harm": harm,
        "data_quality": quality.table(),
        "partner_indicators": partner_indicators(con, area, force, request.period, population),
        "partner_monthly": partner_monthly(con, area, request.period),
    }
    # Outcomes and stop and search join the assessment only when their police.uk files are loaded.
    outcome_parts, outcome_caveats = outcome_tables(con, request.period, groups, comparators)
    force_area = force or (area if area.level == "pfa" else None)
    districts = [a.code for a in children_of(con, force_area, "lad")] if force_area else []
    search_parts, search_caveats = stop_search_tables(con, forces, districts, request.period)
    tables |= outcome_parts | search_parts
    summaries = {"priority_areas": priority_summary, "repeat_locations": repeat_summary,
                 "hotspot_quarters": quarter_summary if weights is not None else None,
                 "population_year": year, "missing_months": [f"{m:%Y-%m}" for m in missing_in_period],
                 "force": force.name if force else None,
                 "windows": [w.name for w in comparison_windows(request.period)]}
    caveats = quality.caveats(request.period) + _more_caveats(populations, missing_in_period, geometries, area_lsoas)
    if year < request.period.start.year:
        caveats.append(f"Rates use the ONS mid-{year} population estimates, the latest loaded for {area.name}'s LSOAs, "
                       f"which are older than the period ({request.period.label()}): if the population has grown "
                       "since, the rates are somewhat too high, and if it has shrunk, too low.")
    caveats += outcome_caveats + search_caveats
    if "national" not in members and not request.benchmarks_file and not request.published_file:
        caveats.append("England and Wales rates for police.uk crime types need the records of all 43 forces or a "
                       "table of published rates; this assessment had neither.")
    statements = write_statements(area, request.period, tables, summaries, tuple(caveats))
    step(STEPS, STEPS, "done")
    return Assessment(
        area=area,
        period=request.period,
        parameters={
            "area_query": request.area, "period": str(request.period), "peers": list(request.peers),
            "peers_file": str(request.peers_file) if request.peers_file else None,
            "benchmarks_file": str(request.benchmarks_file) if request.benchmarks_file else None,
            "published_file": str(request.published_file) if request.published_file else None,
            "msg_file": str(request.msg_file) if request.msg_file else None,
            # what the report says of the published comparators: the table's title and period, the MSG's members
            "published": describe_published(request.published_file, request.msg_file) if request.published_file
            else None,
            "groupings": {k: v for k, v in groups.items()}, "history_months": request.history_months,
            # what the history actually held: the months loaded before the period, up to history_months
            "earlier_months": (request.period.start.year - first.year) * 12 + request.period.start.month - first.month,
            "population_year": year, "comparators": [c.label for c in comparators], **summaries,
        },
        tables=MappingProxyType({k: v.reset_index(drop=True) for k, v in tables.items()}),
        statements=tuple(statements),
        caveats=tuple(caveats),
        inputs=tuple(_inputs(con)),
    )


def _comparators(con: duckdb.DuckDBPyConnection, area: Area, area_lsoas: list[str], force: Area | None,
                 request: AssessmentRequest, groups: dict[str, list[str]],
                 ) -> tuple[list[Comparator], dict[str, list[str]]]:
    comparators = [Comparator("area", area.name, "area")]
    members = {"area": area_lsoas}
    if force is not None:
        force_lsoas = lsoas_in(con, force)
        if force_lsoas:
            comparators.append(Comparator("force", f"{force.name} (force area)", "force"))
            members["force"] = force_lsoas
    peer_names = list(request.peers) + (read_peer_list(request.peers_file) if request.peers_file else [])
    if peer_names:
        peers = [resolve_area(con, p) for p in peer_names]
        pooled = sorted({code for peer in peers for code in lsoas_in(con, peer)})
        if pooled:
            comparators.append(Comparator("peers", f"Peer group ({len(peers)} areas)", "peers"))
            members["peers"] = pooled
    region = parent_of(con, force or area, "region")
    if region is not None:
        region_lsoas = lsoas_in(con, region)
        # A region whose loaded LSOAs are only the force's own would repeat the force under another name.
        if region_lsoas and set(region_lsoas) != set(members.get("force", [])):
            comparators.append(Comparator("region", region.name, "region"))
            members["region"] = region_lsoas
    if _all_territorial_forces_loaded(con, request.period):
        national = [r[0] for r in con.execute(
            "SELECT DISTINCT code FROM areas WHERE level = 'lsoa' AND regexp_matches(code, '^(E01|W01)')").fetchall()]
        comparators.append(Comparator("national", "England and Wales", "national"))
        members["national"] = national
    if request.published_file:
        comparators.extend(published_comparators(
            request.published_file, msg_file=request.msg_file, known_groups=set(groups),
            region=(region.code, region.name) if region is not None and "region" not in members else None))
    if request.benchmarks_file:
        comparators.extend(read_benchmark_rates(request.benchmarks_file, set(groups)))
    return comparators, members


def _all_territorial_forces_loaded(con: duckdb.DuckDBPyConnection, period: Period) -> bool:
    """True when every force with a police force area has street files for every month of the period."""
    row = con.execute(
        """
        SELECT count(*) = (SELECT count(*) FROM police_forces WHERE pfa_code IS NOT NULL) AS complete
        FROM (
            SELECT f.force FROM police_uk_files f JOIN police_forces p ON p.force = f.force
            WHERE f.kind = 'street' AND p.pfa_code IS NOT NULL AND f.month BETWEEN ? AND ?
            GROUP BY f.force HAVING count(DISTINCT f.month) = ?
        )
        """,
        [period.start, period.end, period.months],
    ).fetchone()
    return bool(row[0])


def _forces_in_data(con: duckdb.DuckDBPyConnection, lsoas: list[str], period: Period) -> list[str]:
    """The forces whose files hold the area's records (usually one)."""
    rows = con.execute(
        "SELECT DISTINCT s.force FROM street_crimes s JOIN assess_members m ON s.lsoa_code = m.lsoa_code "
        "WHERE m.area_key = 'area' AND s.month BETWEEN ? AND ?",
        [period.start, period.end],
    ).fetchall()
    return sorted(r[0] for r in rows)


def _deprivation(con: duckdb.DuckDBPyConnection, lsoas: list[str]) -> pd.DataFrame:
    return con.execute(
        """
        SELECT lsoa_code, arg_max(decile, edition) AS imd_decile
        FROM deprivation
        WHERE domain ILIKE '%multiple deprivation%' AND lsoa_code IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY lsoa_code
        """,
        [lsoas],
    ).df()


def _lsoa_geometries(con: duckdb.DuckDBPyConnection, lsoas: list[str]) -> dict[str, bytes]:
    rows = con.execute(
        "SELECT code, arg_max(geometry, vintage) FROM boundaries WHERE level = 'lsoa' "
        "AND code IN (SELECT unnest(?::VARCHAR[])) GROUP BY code",
        [lsoas],
    ).fetchall()
    return {code: bytes(geometry) for code, geometry in rows}


def _comparator_monthly(grouped: pd.DataFrame, comparators: list[Comparator], months: list[date],
                        flagged: set[date]) -> pd.DataFrame:
    """All crime each month for every comparator whose police.uk records are loaded (not typed rates), so
    charts can set the partnership's quarters beside the comparators' same quarters, not a period average."""
    labels = {c.key: c.label for c in comparators if c.kind not in ("area", "typed")}
    wanted = {pd.Timestamp(m) for m in months}
    rows = grouped[grouped["area_key"].isin(list(labels)) & (grouped["crime_group"] == ALL_CRIME)
                   & grouped["month"].isin(wanted)]
    frame = pd.DataFrame({"comparator": rows["area_key"].map(labels), "month": rows["month"],
                          "count": rows["count"]})
    frame["flagged"] = frame["month"].isin({pd.Timestamp(m) for m in flagged})
    return frame.reset_index(drop=True)


def _contiguous_tail(months: list[date]) -> list[date]:
    """The longest run of consecutive loaded months ending at the last one."""
    if not months:
        return []
    run = [months[-1]]
    for month in reversed(months[:-1]):
        if add_months(month, 1) != run[0]:
            break
        run.insert(0, month)
    return run


def trend_quarters(period: Period, flagged: set[date], loaded: set[date],
                   ) -> tuple[list[tuple[pd.Timestamp, pd.Timestamp]], dict]:
    """The period's successive three-month blocks that hot spot trends can be judged on, and which were left out.

    A block shorter than three months, or holding a month the data-quality checks flagged or with no
    file loaded, has fewer records for reasons that are not crime: it would make LSOAs look 'new' or
    'emerging' (missing only in an undercounted quarter) when nothing changed. Such blocks are left out.
    """
    starts = period.month_starts()
    used, kept, left_out = [], [], []
    for block in (starts[i:i + 3] for i in range(0, len(starts), 3)):
        label = Period(block[0], block[-1]).label()
        if len(block) < 3:
            left_out.append({"quarter": label, "reason": "not a whole quarter"})
        elif set(block) & flagged:
            left_out.append({"quarter": label, "reason": "months the data-quality checks flagged"})
        elif not set(block) <= loaded:
            left_out.append({"quarter": label, "reason": "months with no police.uk file loaded"})
        else:
            used.append((pd.Timestamp(block[0]), pd.Timestamp(block[-1])))
            kept.append(label)
    return used, {"used": kept, "left_out": left_out, "needed": MIN_TREND_QUARTERS}


def _more_caveats(populations: pd.DataFrame, missing: list[date], geometries: dict, lsoas: list[str]) -> list[str]:
    caveats = []
    if missing:
        some = len(missing)
        caveats.append(f"{plural(some, 'month')} of the period {verb(some, 'has', 'have')} no police.uk file loaded "
                       f"({', '.join(f'{m:%B %Y}' for m in missing)}); counts and rates cover the loaded months only.")
    without = int(populations["lsoas_without_population"].get("area", 0)) if "area" in populations.index else 0
    if without:
        caveats.append(f"{plural(without, 'LSOA')} of the area {verb(without, 'has', 'have')} no population estimate; "
                       "rates leave them out.")
    if not geometries:
        caveats.append("No LSOA boundaries are loaded, so LSOA hot spots (Getis-Ord Gi*) could not be calculated.")
    elif len(geometries) < len(lsoas):
        left = len(lsoas) - len(geometries)
        caveats.append(f"{plural(left, 'LSOA')} {verb(left, 'has', 'have')} no boundary and {verb(left, 'is', 'are')} "
                       "left out of LSOA hot spots.")
    return caveats


def _inputs(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every file in the store, with its checksum: what this assessment could have drawn on."""
    frame = con.execute(
        "SELECT kind, source_file, member, sha256, rows, loaded_at FROM loads ORDER BY load_id"
    ).df()
    frame["loaded_at"] = frame["loaded_at"].astype(str)
    return frame.to_dict(orient="records")
