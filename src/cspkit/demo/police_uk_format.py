"""The police.uk archive file layout, written fast: exact headers, CRLF line ends, no quoting.

The generators build each file as columns of small dictionaries (point, crime type, outcome)
indexed by numpy arrays; pyarrow expands and writes them in C++, so a national archive of
tens of millions of rows is written in a few minutes with memory bounded by one file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

STREET_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
OUTCOME_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Outcome type",
)
NO_LOCATION = "No Location"
"""police.uk writes this in ``Location`` (and leaves coordinates and LSOA empty) when a crime has no place."""

_HEX_DIGITS = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_WRITE_OPTIONS = pacsv.WriteOptions(quoting_style="none", quoting_header="none", eol="\r\n")


def month_labels(first_month: str, months: int) -> list[str]:
    """``months`` consecutive 'YYYY-MM' labels from ``first_month``."""
    year, month = (int(part) for part in first_month.split("-"))
    start = year * 12 + month - 1
    return [f"{(start + m) // 12:04d}-{(start + m) % 12 + 1:02d}" for m in range(months)]


def street_file_name(month: str, force_slug: str) -> str:
    return f"{month}/{month}-{force_slug}-street.csv"


def outcomes_file_name(month: str, force_slug: str) -> str:
    return f"{month}/{month}-{force_slug}-outcomes.csv"


def crime_ids(rng: np.random.Generator, present: np.ndarray) -> pa.StringArray:
    """Random 64-hex-digit crime IDs (like police.uk's SHA-256 IDs) where ``present``, empty elsewhere.

    ASB rows have no crime ID in police.uk files, so they get an empty string.
    """
    present = np.asarray(present, dtype=bool)
    count = int(present.sum())
    raw = np.frombuffer(rng.bytes(32 * count), dtype=np.uint8)
    digits = np.empty(64 * count, dtype=np.uint8)
    digits[0::2] = _HEX_DIGITS[raw >> 4]
    digits[1::2] = _HEX_DIGITS[raw & 15]
    offsets = np.zeros(len(present) + 1, dtype=np.int32)
    np.cumsum(np.where(present, 64, 0), out=offsets[1:])
    return pa.Array.from_buffers(pa.string(), len(present), [None, pa.py_buffer(offsets), pa.py_buffer(digits)])


def coordinates_text(values: np.ndarray) -> list[str]:
    """Coordinates as police.uk writes them: always six decimals (``52.765360``)."""
    return [f"{value:.6f}" for value in values]


def write_police_csv(path: Path, columns: Mapping[str, pa.Array], header: tuple[str, ...]) -> int:
    """Write one police.uk CSV exactly as published (header order, CRLF, unquoted); returns its rows."""
    if tuple(columns) != header:
        raise ValueError(f"columns {tuple(columns)} do not match the police.uk header {header}")
    table = pa.table(dict(columns))
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(table, path, _WRITE_OPTIONS)
    return table.num_rows
