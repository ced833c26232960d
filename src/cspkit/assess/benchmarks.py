"""Comparators for an area: its force, a peer group, region and England & Wales.

A comparator is either computed from the store (a set of LSOAs whose police.uk records and
population are loaded) or typed in by the analyst from a published table (a CSV of rates).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from cspkit.errors import InputError

BENCHMARK_COLUMNS = ("benchmark", "crime_group", "rate_per_1000")


@dataclass(frozen=True)
class Comparator:
    """One column of the rates table. ``key`` is the area key in the extract; typed ones have rates."""

    key: str
    label: str
    kind: str  # 'area', 'force', 'peers', 'region', 'national', 'typed'
    rates: dict[str, float] = field(default_factory=dict)  # typed: crime group -> rate per 1,000


def read_benchmark_rates(path: Path, known_groups: set[str]) -> list[Comparator]:
    """Read published benchmark rates typed by the analyst.

    The CSV has columns ``benchmark`` (e.g. 'England and Wales'), ``crime_group`` (a crime group
    of the assessment, e.g. 'Burglary') and ``rate_per_1000``.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            missing = [c for c in BENCHMARK_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                expected = ", ".join(BENCHMARK_COLUMNS)
                raise InputError(path, f"missing column(s) {', '.join(missing)}; expected {expected}", 1)
            rates: dict[str, dict[str, float]] = {}
            for line, row in enumerate(reader, start=2):
                name, group = (row["benchmark"] or "").strip(), (row["crime_group"] or "").strip()
                if not name:
                    raise InputError(path, "the benchmark name is empty", line)
                if group not in known_groups:
                    choices = ", ".join(sorted(known_groups))
                    raise InputError(path, f"unknown crime group '{group}'; use one of: {choices}", line)
                try:
                    value = float(row["rate_per_1000"])
                except (TypeError, ValueError):
                    raise InputError(path, f"rate_per_1000 '{row['rate_per_1000']}' is not a number", line) from None
                if value < 0:
                    raise InputError(path, "a rate cannot be negative", line)
                if group in rates.setdefault(name, {}):
                    raise InputError(path, f"'{name}' gives a rate for '{group}' twice", line)
                rates[name][group] = value
    except UnicodeDecodeError:
        raise InputError(path, "the file is not UTF-8 text (save it as CSV UTF-8)") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    if not rates:
        raise InputError(path, "the file holds no benchmark rates")
    return [Comparator(key=f"typed:{name}", label=name, kind="typed", rates=values) for name, values in rates.items()]


def read_peer_list(path: Path) -> list[str]:
    """Peer areas (ONS codes or names), one per line or in the first column of a CSV."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError:
        raise InputError(path, "the file is not UTF-8 text") from None
    peers = [line.split(",")[0].strip().strip('"') for line in lines if line.strip()]
    if peers and peers[0].lower() in {"code", "area", "area_code", "area code", "name", "area name", "peer"}:
        peers = peers[1:]
    if not peers:
        raise InputError(path, "the file lists no peer areas")
    return peers
