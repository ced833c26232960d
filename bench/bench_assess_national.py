"""Assessing every district of a national store, against the same tables written in plain pandas.

Generates (once, then reuses, shared with ``bench_load_police_uk``) a national street archive
with :func:`cspkit.demo.national.write_national_archive` (43 forces x 36 months x about 7,000
rows = about 10.8 million rows by default). In a temporary folder it then writes the geography
the archive lacks, from the same fictional forces: an ONS-style lookup LSOA -> district -> CSP
-> police force area, LSOA populations in the layout of ONS's ``population20_lsoa11.csv``, and
LSOA boundaries (a square grid per district, LSOAs placed in the order of their map points so
busy LSOAs neighbour each other as in real towns). Everything is loaded through the real
loaders. That preparation is timed and reported apart from the comparison.

Then, each in a fresh process so that peak memory is its own:

- ``cspkit``: :func:`cspkit.assess.national.assess_districts` for the latest twelve months:
  every district's rates and 95% / 99.8% intervals against its force area and all forces,
  with significance, for every crime group, and LSOA Gi* hot spots (all crime, ASB);
- ``pandas``: the same tables the way an analyst would write them: the period's street
  records pulled from the store into a DataFrame, the lookup, populations and boundaries read
  from their files, ``groupby`` counts, exact / Byar intervals from scipy's chi-square and
  normal quantiles, queen contiguity from libpysal and Gi* from esda, Benjamini-Hochberg from
  scipy. Its time is given in full and without the reading of its inputs.

The two must give the same numbers (counts, populations, rates, limits, labels, z-scores,
adjusted p-values): the run fails otherwise. Printed: both times, their ratio, peak memory.
The machine may be shared, so CPU seconds are printed beside wall-clock seconds, the store file
is read once before the runs (neither contender pays for the first read from disk), and each
contender runs ``--repeat`` times (default 3, alternating) with its fastest run reported.

Run ``python -m bench`` (every benchmark) or ``python -m bench.bench_assess_national [--quick]``
(``--quick``: 6 forces x 12 months). The archive is kept in ``$CSPKIT_BENCH_DIR`` (default:
the system temporary folder).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import esda
import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.weights import Queen
from scipy import stats

from cspkit.assess.groupings import read_groupings
from cspkit.assess.groups import crime_groups
from cspkit.assess.national import assess_districts
from cspkit.assess.period import Period, add_months
from cspkit.demo.national import national_forces, write_national_archive
from cspkit.store import Store, open_store
from cspkit.store.loaders import boundaries, lookup, police_uk, population

MEMORY_LIMIT = "1536MB"
ALPHA = 0.05
LEVELS = {"95": 0.95, "99_8": 0.998}
HEADLINE = ("All crime (excluding ASB)", "Anti-social behaviour")
LOOKUP_FILE = "lsoa11_lad21_csp21_pfa21.csv"
POPULATION_FILE = "population20_lsoa11.csv"
BOUNDARY_FILE = "lsoa11.geojson"
GRID_WEST, GRID_SOUTH, GRID_STEP, DISTRICTS_PER_ROW = -2.9, 51.4, 0.1, 20


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    if args.child:
        name, spec = args.child
        print(json.dumps(_measure(CONTENDERS[name], json.loads(Path(spec).read_text()))))
        return
    archive = _archive(args)
    with tempfile.TemporaryDirectory(prefix="cspkit-bench-assess-") as folder:
        work = Path(folder)
        started = time.perf_counter()
        files = write_geography(work, args.forces, args.lsoas_per_force)
        geography_seconds = time.perf_counter() - started
        print(f"  geography written in {geography_seconds:.0f} s; loading the store ...", flush=True)
        started = time.perf_counter()
        rows, period = _build_store(work / "evidence.duckdb", archive, files, args)
        load_seconds = time.perf_counter() - started
        print(f"  {rows:,} street records loaded in {load_seconds:.0f} s (neither is part of the comparison)",
              flush=True)
        spec = {"store": str(work / "evidence.duckdb"), "out": str(work), "start": str(period.start),
                "end": str(period.end), **{k: str(v) for k, v in files.items()}}
        (work / "spec.json").write_text(json.dumps(spec))
        _warm(work / "evidence.duckdb")
        runs: dict[str, list[dict]] = {name: [] for name in CONTENDERS}
        for round_ in range(1, args.repeat + 1):
            for name in CONTENDERS:
                print(f"  running {name} ({round_} of {args.repeat}) ...", flush=True)
                runs[name].append(_run_child(name, work / "spec.json"))
        results = {name: _best(done) for name, done in runs.items()}
        agreement = _compare(work)
    _report(results, period, rows, agreement)
    if agreement["differences"]:
        raise SystemExit("cspkit and pandas disagree: " + "; ".join(agreement["differences"]))


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_assess_national", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small archive (6 forces x 12 months)")
    parser.add_argument("--forces", type=int, default=43)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--rows-per-force-month", type=int, default=7000)
    parser.add_argument("--lsoas-per-force", type=int, default=800)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each contender; the fastest is reported")
    parser.add_argument("--child", nargs=2, metavar=("NAME", "SPEC"), help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args(argv)
    if args.quick or os.environ.get("CSPKIT_BENCH_QUICK"):
        args.forces, args.months = 6, 12
    return args


def _archive(args: argparse.Namespace) -> Path:
    """The generated archive for these sizes (the same folder ``bench_load_police_uk`` keeps)."""
    root = Path(os.environ.get("CSPKIT_BENCH_DIR", Path(tempfile.gettempdir()) / "cspkit-bench"))
    name = f"national-{args.forces}x{args.months}x{args.rows_per_force_month}"
    if args.lsoas_per_force != 800:
        name += f"x{args.lsoas_per_force}"
    folder = root / name
    done = folder.with_name(folder.name + ".complete")
    if not done.exists():
        print(f"  writing the archive to {folder} (once) ...", flush=True)
        started = time.perf_counter()
        write_national_archive(folder, forces=args.forces, months=args.months,
                               rows_per_force_month=args.rows_per_force_month, lsoas_per_force=args.lsoas_per_force)
        done.write_text("")
        print(f"  written in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


# --- The geography the archive lacks ---------------------------------------------------------


def write_geography(folder: Path, forces: int, lsoas_per_force: int, seed: int = 0) -> dict[str, Path]:
    """Write the lookup, population and boundary files of the archive's fictional forces.

    Districts get codes E07800001 upwards, each its own CSP (E22800001 ...), forces E23800001
    upwards: clear of every real code. Also writes ``forces.csv`` (slug, name, force area code
    and name) for registering the forces, as :func:`cspkit.demo.loading.register_demo_force` does.
    """
    rng = np.random.default_rng([seed, 42])
    lsoas = _lsoa_frame(national_forces(forces, seed=seed, lsoas_per_force=lsoas_per_force))
    files = {"lookup": folder / LOOKUP_FILE, "population": folder / POPULATION_FILE,
             "boundaries": folder / BOUNDARY_FILE, "forces": folder / "forces.csv"}
    lsoas[["LSOA11CD", "LSOA11NM", "LAD21CD", "LAD21NM", "CSP21CD", "CSP21NM", "PFA21CD", "PFA21NM"]].to_csv(
        files["lookup"], index=False)
    lsoas[["slug", "force_name", "PFA21CD", "PFA21NM"]].drop_duplicates().to_csv(files["forces"], index=False)
    _write_population(files["population"], lsoas, rng)
    _write_boundaries(files["boundaries"], lsoas)
    return files


def _lsoa_frame(forces: list) -> pd.DataFrame:
    """One row per LSOA: its force, district (from the LSOA name, 'Ashbury 001A') and map centre."""
    frames = []
    for index, force in enumerate(forces):
        points = pd.DataFrame({k: force.points[k].to_numpy(zero_copy_only=False)
                               for k in ("LSOA code", "LSOA name", "Longitude", "Latitude")})
        points = points[points["LSOA code"] != ""].astype({"Longitude": float, "Latitude": float})
        frame = points.groupby(["LSOA code", "LSOA name"], as_index=False, sort=False)[["Longitude", "Latitude"]].mean()
        frame["district"] = frame["LSOA name"].str.rsplit(" ", n=1).str[0]
        frame["slug"], frame["force_name"] = force.slug, force.name
        frame["PFA21CD"] = f"E23{800_001 + index:06d}"
        frame["PFA21NM"] = force.name.rsplit(" ", 1)[0]
        frames.append(frame)
    lsoas = pd.concat(frames, ignore_index=True).rename(columns={"LSOA code": "LSOA11CD", "LSOA name": "LSOA11NM"})
    district_index = lsoas.groupby(["PFA21CD", "district"], sort=False).ngroup()
    lsoas["district_index"] = district_index
    lsoas["LAD21CD"] = [f"E07{800_001 + i:06d}" for i in district_index]
    lsoas["CSP21CD"] = [f"E22{800_001 + i:06d}" for i in district_index]
    lsoas["LAD21NM"] = lsoas["CSP21NM"] = lsoas["district"]
    return lsoas


def _write_population(path: Path, lsoas: pd.DataFrame, rng: np.random.Generator) -> None:
    """Totals of 1,000 - 3,000 people per LSOA, split over ages 0 - 89 and 90+ (ONS layout)."""
    ages = [str(a) for a in range(90)] + ["90+"]
    profile = np.exp(-np.arange(91) / 60.0)
    totals = rng.integers(1000, 3000, size=len(lsoas))
    by_age = rng.multinomial(totals, profile / profile.sum())
    frame = pd.DataFrame(by_age.astype(float), columns=ages)
    frame.insert(0, "total_population", totals.astype(float))
    frame.insert(0, "lsoa11_code", lsoas["LSOA11CD"].to_numpy())
    frame.insert(0, "lsoa11_name", lsoas["LSOA11NM"].to_numpy())
    frame.to_csv(path, index=False, float_format="%.1f")


def _write_boundaries(path: Path, lsoas: pd.DataFrame) -> None:
    """Square LSOAs tiling one square block per district, rows ordered by latitude, then longitude."""
    features = []
    for index, members in lsoas.groupby("district_index"):
        side = math.ceil(math.sqrt(len(members)))
        size = GRID_STEP * 0.9 / side
        west = GRID_WEST + (index % DISTRICTS_PER_ROW) * GRID_STEP
        south = GRID_SOUTH + (index // DISTRICTS_PER_ROW) * GRID_STEP
        ordered = members.sort_values("Latitude", kind="stable")
        rows = [ordered.iloc[i:i + side].sort_values("Longitude", kind="stable") for i in range(0, len(ordered), side)]
        xs = [round(west + c * size, 6) for c in range(side + 1)]  # shared edges: neighbours meet exactly
        ys = [round(south + r * size, 6) for r in range(side + 1)]
        for r, row in enumerate(rows):
            for c, (code, name) in enumerate(zip(row["LSOA11CD"], row["LSOA11NM"], strict=True)):
                ring = [[xs[c], ys[r]], [xs[c + 1], ys[r]], [xs[c + 1], ys[r + 1]], [xs[c], ys[r + 1]], [xs[c], ys[r]]]
                features.append({"type": "Feature", "properties": {"LSOA11CD": code, "LSOA11NM": name},
                                 "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def register_forces(store: Store, forces_csv: Path) -> None:
    """Link the fictional forces' file names to their force areas, as real forces are linked."""
    frame = pd.read_csv(forces_csv)
    with store.transaction() as con:
        con.executemany("INSERT OR REPLACE INTO police_forces (force, force_name, pfa_code, pfa_name) "
                        "VALUES (?, ?, ?, ?)", frame.itertuples(index=False, name=None))


def _build_store(path: Path, archive: Path, files: dict[str, Path], args: argparse.Namespace) -> tuple[int, Period]:
    with open_store(path) as store:
        rows = police_uk.load(store, [archive]).rows
        register_forces(store, files["forces"])
        lookup.load(store, [files["lookup"]])
        population.load(store, [files["population"]])
        boundaries.load(store, [files["boundaries"]])
        first, last = store.con.execute("SELECT min(month), max(month) FROM police_uk_files").fetchone()
    return rows, Period(max(first, add_months(last, -11)), last)  # the latest twelve months


# --- The contenders, each run in its own process ----------------------------------------------


def _cspkit(spec: dict) -> dict[str, float]:
    with open_store(spec["store"], read_only=True) as store:
        started, cpu = time.perf_counter(), time.process_time()
        result = assess_districts(store, _period(spec))
        timing = {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu}
    _save(spec, "cspkit", result.rates, result.hotspots)
    return timing


def _pandas(spec: dict) -> dict[str, float]:
    """The tables as an analyst would write them with pandas, scipy, geopandas, libpysal and esda."""
    started, cpu = time.perf_counter(), time.process_time()
    with duckdb.connect(spec["store"], read_only=True) as con:
        street = con.execute("SELECT lsoa_code, crime_type FROM street_crimes WHERE month BETWEEN ? AND ?",
                             [spec["start"], spec["end"]]).df()
        groups = _groups(con)
    geography = pd.read_csv(spec["lookup"])
    people = pd.read_csv(spec["population"], usecols=["lsoa11_code", "total_population"])
    shapes = gpd.read_file(spec["boundaries"])
    read_seconds = time.perf_counter() - started

    by_type = street.groupby(["lsoa_code", "crime_type"]).size().unstack(fill_value=0)
    by_group = pd.DataFrame({g: by_type.reindex(columns=types, fill_value=0).sum(axis=1)
                             for g, types in groups.items()})
    lsoas = geography.merge(people, left_on="LSOA11CD", right_on="lsoa11_code", how="left")
    lsoas = lsoas.merge(by_group, left_on="LSOA11CD", right_index=True, how="left").fillna({g: 0 for g in groups})
    value_columns = ["total_population", *groups]
    district = lsoas.groupby(["LAD21CD", "LAD21NM", "PFA21CD", "PFA21NM"], as_index=False)[value_columns].sum()
    force = lsoas.groupby("PFA21CD", as_index=False)[value_columns].sum()
    nation = lsoas[value_columns].sum().to_frame().T.assign(key="national")

    def long(frame: pd.DataFrame, key: str) -> pd.DataFrame:
        frame = frame.melt(id_vars=[key, "total_population"], value_vars=list(groups), var_name="crime_group",
                           value_name="count").rename(columns={key: "key", "total_population": "population"})
        frame["rate"] = frame["count"] / frame["population"] * 1000
        for label, level in LEVELS.items():
            lower, upper = _poisson_limits(frame["count"].to_numpy(float), level)
            frame[f"lower_{label}"] = lower / frame["population"] * 1000
            frame[f"upper_{label}"] = upper / frame["population"] * 1000
        return frame

    mine = district.rename(columns={"LAD21CD": "district_code"})[["district_code", "PFA21CD"]]
    area = long(district, "LAD21CD").rename(columns={"key": "district_code"})
    forces = mine.merge(long(force, "PFA21CD"), left_on="PFA21CD", right_on="key").drop(columns=["PFA21CD", "key"])
    national = mine.merge(long(nation, "key"), how="cross").drop(columns=["PFA21CD", "key"])
    table = pd.concat([area.assign(comparator_kind="area"), forces.assign(comparator_kind="force"),
                       national.assign(comparator_kind="national")], ignore_index=True)
    ci = area.set_index(["district_code", "crime_group"])
    key = pd.MultiIndex.from_frame(table[["district_code", "crime_group"]])
    for label in LEVELS:
        lower, upper = ci[f"lower_{label}"].reindex(key).to_numpy(), ci[f"upper_{label}"].reindex(key).to_numpy()
        table[f"significance_{label}"] = np.where(
            table["comparator_kind"] == "area", "",
            np.select([lower > table["rate"], upper < table["rate"]], ["higher", "lower"], "similar"))

    shapes = shapes.merge(lsoas[["LSOA11CD", "LAD21CD", *HEADLINE]], on="LSOA11CD")
    hot = []
    for district_code, members in shapes.groupby("LAD21CD"):
        if len(members) < 3:  # too few LSOAs for hot spots to mean anything
            continue
        members = members.reset_index(drop=True)
        w = Queen.from_dataframe(members, ids=members["LSOA11CD"].tolist(), silence_warnings=True)
        for group in HEADLINE:
            g = esda.G_Local(members[group].to_numpy(float), w, transform="B", star=True, permutations=0)
            p = 2 * stats.norm.sf(np.abs(g.Zs))
            p_adjusted = np.full(len(p), np.nan)  # z is undefined where every LSOA has the same count
            p_adjusted[np.isfinite(p)] = stats.false_discovery_control(p[np.isfinite(p)])
            label = np.where(p_adjusted < ALPHA, np.where(g.Zs > 0, "hot spot", "cold spot"), "not significant")
            hot.append(pd.DataFrame({"district_code": district_code, "crime_group": group,
                                     "lsoa_code": members["LSOA11CD"], "z": g.Zs, "p_adjusted": p_adjusted,
                                     "hotspot": label}))
    hotspots = pd.concat(hot, ignore_index=True)
    timing = {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
              "read_seconds": read_seconds}
    _save(spec, "pandas", table, hotspots)
    return timing


def _poisson_limits(o: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (chi-square) limits below 10 events, Byar's from 10: the Fingertips rule."""
    alpha, z = 1 - level, stats.norm.ppf(1 - (1 - level) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        exact_lower = np.where(o == 0, 0.0, stats.chi2.ppf(alpha / 2, 2 * o) / 2)
        byar_lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
    exact_upper = stats.chi2.ppf(1 - alpha / 2, 2 * o + 2) / 2
    byar_upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    return np.where(o < 10, exact_lower, byar_lower), np.where(o < 10, exact_upper, byar_upper)


def _groups(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The crime groups cspkit reports (all crime, ASB, each type, the default groupings): the same inputs."""
    rows = con.execute("SELECT crime_type FROM police_uk_crime_types ORDER BY display_order").fetchall()
    types = [r[0] for r in rows]
    return crime_groups(types, read_groupings(None, set(types)))


def _period(spec: dict) -> Period:
    return Period(date.fromisoformat(spec["start"]), date.fromisoformat(spec["end"]))


def _save(spec: dict, name: str, rates: pd.DataFrame, hotspots: pd.DataFrame) -> None:
    out = Path(spec["out"])
    rates.to_parquet(out / f"{name}-rates.parquet")
    hotspots.to_parquet(out / f"{name}-hotspots.parquet")


CONTENDERS: dict[str, Callable[[dict], dict[str, float]]] = {"cspkit": _cspkit, "pandas": _pandas}


def _measure(contender: Callable[[dict], dict[str, float]], spec: dict) -> dict:
    """The contender's own wall and CPU seconds (not imports, nor writing its tables out) and peak memory."""
    return {**contender(spec), "peak_mb": _peak_mb()}


def _peak_mb() -> float:
    """This process's peak resident memory. Not ``ru_maxrss``: Linux carries that over from the
    parent through fork and exec, so every child would report at least the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm(path: Path) -> None:
    """Read the store file once, so neither contender pays for the first read from disk."""
    with path.open("rb") as stream:
        while stream.read(1 << 24):
            pass


def _best(runs: list[dict]) -> dict:
    """The fastest run (the one least disturbed by other work on the machine), with the highest peak memory."""
    fastest = min(runs, key=lambda r: r["seconds"])
    return {**fastest, "peak_mb": max(r["peak_mb"] for r in runs), "runs": len(runs)}


def _run_child(name: str, spec: Path) -> dict:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "CSPKIT_MEMORY_LIMIT": os.environ.get("CSPKIT_MEMORY_LIMIT", MEMORY_LIMIT)}
    done = subprocess.run([sys.executable, "-m", "bench.bench_assess_national", "--child", name, str(spec)],
                          cwd=root, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Do they agree? ----------------------------------------------------------------------------


def _compare(work: Path) -> dict:
    """Every figure of the two runs side by side; a list of what differs (empty when they agree)."""
    differences = []
    keys = ["district_code", "crime_group", "comparator_kind"]
    mine, theirs = (pd.read_parquet(work / f"{n}-rates.parquet") for n in ("cspkit", "pandas"))
    rates = mine.merge(theirs, on=keys, how="outer", suffixes=("", "_pandas"), indicator=True)
    if (rates["_merge"] != "both").any():
        differences.append(f"{(rates['_merge'] != 'both').sum()} rate rows in only one of the two")
    numbers = ["count", "population", "rate", *[f"{e}_{lb}" for lb in LEVELS for e in ("lower", "upper")]]
    for column in numbers:
        if not np.allclose(rates[column], rates[f"{column}_pandas"], rtol=1e-9, atol=0, equal_nan=True):
            differences.append(f"rates column {column}")
    for label in LEVELS:
        if (rates[f"significance_{label}"] != rates[f"significance_{label}_pandas"]).any():
            differences.append(f"significance_{label}")
    mine, theirs = (pd.read_parquet(work / f"{n}-hotspots.parquet") for n in ("cspkit", "pandas"))
    hot = mine.merge(theirs, on=["district_code", "crime_group", "lsoa_code"], how="outer", suffixes=("", "_pandas"),
                     indicator=True)
    if (hot["_merge"] != "both").any():
        differences.append(f"{(hot['_merge'] != 'both').sum()} hot spot rows in only one of the two")
    for column in ("z", "p_adjusted"):
        if not np.allclose(hot[column], hot[f"{column}_pandas"], rtol=1e-9, atol=1e-12, equal_nan=True):
            differences.append(f"hot spot column {column}")
    if (hot["hotspot"] != hot["hotspot_pandas"]).any():
        differences.append("hot spot labels")
    return {"differences": differences, "rate_rows": len(rates), "districts": rates["district_code"].nunique(),
            "groups": rates["crime_group"].nunique(), "gi_values": len(hot),
            "hot_spots": int((hot["hotspot"] == "hot spot").sum())}


def _report(results: dict[str, dict], period: Period, rows: int, agreement: dict) -> None:
    mine, pandas = results["cspkit"], results["pandas"]
    print(f"\n  period {period} ({rows:,} records in the store); {agreement['districts']} districts x "
          f"{agreement['groups']} crime groups x 3 comparators = {agreement['rate_rows']:,} rate rows; "
          f"{agreement['gi_values']:,} LSOA Gi* values ({agreement['hot_spots']:,} hot spots)")
    print(f"\n  {'':40} {'seconds':>9} {'cpu s':>8} {'peak MB':>9}")
    for label, r in (("cspkit assess_districts", mine), ("pandas, in full", pandas)):
        print(f"  {label:40} {r['seconds']:>9.1f} {r['cpu_seconds']:>8.1f} {r['peak_mb']:>9,.0f}")
    print(f"  {'  of which reading its inputs':40} {pandas['read_seconds']:>9.1f}")
    print(f"\n  pandas / cspkit (speed-up): {pandas['seconds'] / mine['seconds']:.1f}x in full, "
          f"{(pandas['seconds'] - pandas['read_seconds']) / mine['seconds']:.1f}x against pandas' computing alone; "
          f"cpu {pandas['cpu_seconds'] / mine['cpu_seconds']:.1f}x")
    limit = os.environ.get("CSPKIT_MEMORY_LIMIT", MEMORY_LIMIT)
    print(f"  peak memory: cspkit {mine['peak_mb']:,.0f} MB, pandas {pandas['peak_mb']:,.0f} MB "
          f"(CSPKIT_MEMORY_LIMIT={limit})")
    verdict = "the same numbers" if not agreement["differences"] else "DIFFERENT numbers"
    print(f"  cspkit and pandas give {verdict} (rates to 1e-9 relative, labels exactly)")


if __name__ == "__main__":
    main()
