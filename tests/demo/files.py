"""Reading generated files back in tests."""

from __future__ import annotations

import csv
from pathlib import Path


def read_rows(paths: list[Path]) -> list[dict[str, str]]:
    rows = []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def first_line(path: Path) -> bytes:
    """The header line with its line ending, to compare byte for byte with a real file."""
    data = path.read_bytes()
    return data[: data.index(b"\n") + 1]
