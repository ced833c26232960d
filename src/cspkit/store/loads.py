"""Recording every load: source file, checksum, rows and when, so each figure can be traced."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import duckdb

from cspkit import __version__

_CHUNK = 1 << 20


def sha256_of(stream: IO[bytes]) -> str:
    """Checksum of a binary stream, read in 1 MiB chunks so memory stays flat."""
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def sha256_of_file(path: Path) -> str:
    with open(path, "rb") as stream:
        return sha256_of(stream)


def record_load(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str,
    source_file: str | Path,
    sha256: str,
    rows: int,
    member: str | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Insert one row into ``loads`` and return its ``load_id`` (call inside the load's transaction)."""
    row = con.execute(
        "INSERT INTO loads (kind, source_file, member, sha256, rows, cspkit_version, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING load_id",
        [kind, str(source_file), member, sha256, rows, __version__, json.dumps(detail or {})],
    ).fetchone()
    return int(row[0])


@dataclass(frozen=True)
class LoadedFile:
    """One file (or zip member) written to the store by a load."""

    source: str
    member: str | None
    rows: int  # the file's own rows of data, as a user counts them in a spreadsheet
    load_id: int
    detail: dict[str, Any] = field(default_factory=dict)
    stored: int | None = None  # rows written to the store when they differ (long format, links, areas)


@dataclass
class LoadReport:
    """What one ``cspkit load`` did: the files it wrote, any warnings worth reading, and notes of
    what it took to be so (the year a file name gave) for the user to check."""

    kind: str
    files: list[LoadedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """The files' own rows of data."""
        return sum(f.rows for f in self.files)

    @property
    def stored(self) -> int:
        """Rows written to the store (derived rows: one per area and age, area and link, ...)."""
        return sum(f.rows if f.stored is None else f.stored for f in self.files)


Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, label)`` by long loads; the command line draws the bar."""
