"""Loading a national-size police.uk archive, against DuckDB's own CSV reader and against pandas.

Generates (once, then reuses) a national street archive with :func:`cspkit.demo.national.write_national_archive`
(43 forces x 36 months x about 7,000 rows = about 10.8 million rows by default), then times, each
in a fresh process so that peak memory is its own:

- ``cspkit``: ``cspkit.store.loaders.police_uk.load`` into a new evidence store (checks,
  checksums, load records and all);
- ``duckdb read_csv into a table`` (the floor): ``CREATE TABLE AS SELECT * FROM read_csv(...)``
  of the same files, with the same column types, into a new DuckDB file: what loading costs
  with no checking at all;
- ``duckdb read_csv scan``: the same ``read_csv`` with every column read but nothing stored;
- ``pandas``: ``pd.concat(pd.read_csv(f) for f in files)``, the way many analysts do it today.

Targets: cspkit within 2x of the floor, at least 5x faster than pandas, peak memory under 2 GB.
Every contender runs with ``CSPKIT_MEMORY_LIMIT`` (default here 1536MB) as DuckDB's memory limit.
The machine may be shared, so CPU seconds are printed beside wall-clock seconds; ratios of CPU
time are the steadier comparison when other work competes for the cores.

Run ``python -m bench`` (full size) or ``python -m bench --quick`` (about half a million rows).
The archive is kept in ``$CSPKIT_BENCH_DIR`` (default: the system temporary folder).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from cspkit.config import get_settings
from cspkit.demo.national import write_national_archive
from cspkit.sources.police_uk import LAYOUTS
from cspkit.store import open_store
from cspkit.store.loaders.police_uk import load

TARGET_FLOOR_RATIO = 2.0
TARGET_PANDAS_SPEEDUP = 5.0
TARGET_PEAK_MB = 2048
# DuckDB's buffer pool for every contender; the rest of the process (Python, Arrow, the CSV
# reader's buffers) takes about 200 MB more, so this keeps a load under 2 GB at any size.
MEMORY_LIMIT = "1536MB"


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    if args.child:
        name, folder, work = args.child
        print(json.dumps(_measure(CONTENDERS[name], Path(folder), Path(work))))
        return
    folder = _archive(args)
    results = {}
    with tempfile.TemporaryDirectory(prefix="cspkit-bench-") as work:
        for name in CONTENDERS:
            if name == "pandas" and args.skip_pandas:
                continue
            print(f"  running {name} ...", flush=True)
            results[name] = _run_child(name, folder, Path(work))
    _report(results)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small archive (6 forces x 12 months)")
    parser.add_argument("--forces", type=int, default=43)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--rows-per-force-month", type=int, default=7000)
    parser.add_argument("--skip-pandas", action="store_true", help="leave out the (slow, memory-hungry) pandas run")
    parser.add_argument("--child", nargs=3, metavar=("NAME", "FOLDER", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick or os.environ.get("CSPKIT_BENCH_QUICK"):
        args.forces, args.months = 6, 12
    return args


def _archive(args: argparse.Namespace) -> Path:
    """The generated archive for these sizes, written on first use and kept for later runs."""
    root = Path(os.environ.get("CSPKIT_BENCH_DIR", Path(tempfile.gettempdir()) / "cspkit-bench"))
    folder = root / f"national-{args.forces}x{args.months}x{args.rows_per_force_month}"
    done = folder.with_name(folder.name + ".complete")
    if not done.exists():
        print(f"  writing the archive to {folder} (once) ...", flush=True)
        started = time.perf_counter()
        write_national_archive(
            folder, forces=args.forces, months=args.months, rows_per_force_month=args.rows_per_force_month
        )
        done.write_text("")
        print(f"  written in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def _files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("*/*-street.csv"))


# --- The contenders, each run in its own process ----------------------------------------------


def _cspkit(folder: Path, work: Path) -> int:
    with open_store(work / "cspkit.duckdb") as store:
        return load(store, [folder]).rows


def _street_columns() -> dict[str, str]:
    return {c.header: c.sql_type for c in LAYOUTS["street"].columns}


def _duckdb_table(folder: Path, work: Path) -> int:
    with duckdb.connect(str(work / "floor.duckdb"), config={"memory_limit": get_settings().memory_limit}) as con:
        con.execute(
            "CREATE TABLE street AS SELECT * FROM read_csv($files, header = true, auto_detect = false, "
            "columns = $columns, dateformat = '%Y-%m')",
            {"files": _files(folder), "columns": _street_columns()},
        )
        return con.execute("SELECT count(*) FROM street").fetchone()[0]


def _duckdb_scan(folder: Path, work: Path) -> int:
    counts = ", ".join(f'count("{name}")' for name in _street_columns())
    with duckdb.connect(config={"memory_limit": get_settings().memory_limit}) as con:
        return con.execute(
            f"SELECT count(*), {counts} FROM read_csv($files, header = true, auto_detect = false, "
            "columns = $columns, dateformat = '%Y-%m')",
            {"files": _files(folder), "columns": _street_columns()},
        ).fetchone()[0]


def _pandas(folder: Path, work: Path) -> int:
    return len(pd.concat([pd.read_csv(f) for f in _files(folder)], ignore_index=True))


CONTENDERS: dict[str, Callable[[Path, Path], int]] = {
    "cspkit": _cspkit,
    "duckdb read_csv into a table": _duckdb_table,
    "duckdb read_csv scan": _duckdb_scan,
    "pandas": _pandas,
}


def _measure(contender: Callable[[Path, Path], int], folder: Path, work: Path) -> dict:
    for module in ("duckdb", "pyarrow", "pandas"):
        importlib.import_module(module)  # before the clock starts: import time is not load time
    usage = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    rows = contender(folder, work)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "rows": rows,
        "seconds": seconds,
        "cpu_seconds": (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime),
        "peak_mb": after.ru_maxrss / 1024,  # kilobytes on Linux
    }


def _run_child(name: str, folder: Path, work: Path) -> dict:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "CSPKIT_MEMORY_LIMIT": os.environ.get("CSPKIT_MEMORY_LIMIT", MEMORY_LIMIT)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_load_police_uk", "--child", name, str(folder), str(work)],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(results: dict[str, dict]) -> None:
    mine = results["cspkit"]
    print(f"\n  {'':30} {'rows':>12} {'seconds':>9} {'cpu s':>8} {'rows/s':>11} {'peak MB':>9}")
    for name, r in results.items():
        print(f"  {name:30} {r['rows']:>12,} {r['seconds']:>9.1f} {r['cpu_seconds']:>8.1f} "
              f"{r['rows'] / r['seconds']:>11,.0f} {r['peak_mb']:>9,.0f}")
    floor = results["duckdb read_csv into a table"]
    scan = results["duckdb read_csv scan"]
    print()
    _line("cspkit / DuckDB read_csv into a table (floor)", mine, floor, f"target <= {TARGET_FLOOR_RATIO:g}")
    _line("cspkit / DuckDB read_csv scan, nothing stored", mine, scan, "for information")
    if "pandas" in results:
        pandas = results["pandas"]
        print(f"  pandas / cspkit (speed-up): wall {pandas['seconds'] / mine['seconds']:.1f}x, "
              f"cpu {pandas['cpu_seconds'] / mine['cpu_seconds']:.1f}x  (target >= {TARGET_PANDAS_SPEEDUP:g}x)")
    verdict = "within" if mine["peak_mb"] < TARGET_PEAK_MB else "OVER"
    limit = os.environ.get("CSPKIT_MEMORY_LIMIT", MEMORY_LIMIT)
    print(f"  cspkit peak memory: {mine['peak_mb']:,.0f} MB ({verdict} the {TARGET_PEAK_MB:,} MB target; "
          f"CSPKIT_MEMORY_LIMIT={limit})")
    if len({r["rows"] for r in results.values()}) != 1:
        print("  WARNING: the contenders read different numbers of rows")


def _line(label: str, mine: dict, base: dict, target: str) -> None:
    print(f"  {label}: wall {mine['seconds'] / base['seconds']:.2f}, "
          f"cpu {mine['cpu_seconds'] / base['cpu_seconds']:.2f}  ({target})")


if __name__ == "__main__":
    main()
