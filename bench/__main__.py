"""Run the benchmarks from the repository root: ``python -m bench [NAME ...] [--quick]``.

With no NAME every ``bench_*.py`` module runs; ``python -m bench load_police_uk`` runs one.
Options (``--quick`` for a small, fast run) are passed to each module's ``main``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main(argv: list[str]) -> None:
    modules = sorted(i.name for i in pkgutil.iter_modules(bench.__path__) if i.name.startswith("bench_"))
    wanted = [a for a in argv if f"bench_{a.removeprefix('bench_')}" in modules]
    options = [a for a in argv if a not in wanted]
    for module in modules:
        if not wanted or module.removeprefix("bench_") in {w.removeprefix("bench_") for w in wanted}:
            print(f"== {module}", flush=True)
            importlib.import_module(f"bench.{module}").main(options)


if __name__ == "__main__":
    main(sys.argv[1:])
