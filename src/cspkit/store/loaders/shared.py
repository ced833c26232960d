"""Steps the file loaders share: finding the files a command names, refusing options that do
not apply, refusing two files that would write the same rows, and writing a checked table."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from cspkit.errors import CspkitError, InputError
from cspkit.sources.folders import files_in
from cspkit.store.loads import LoadedFile, record_load, sha256_of_file


def expand(paths: Iterable[Path | str], suffixes: tuple[str, ...], what: str) -> list[Path]:
    """The files named by ``paths``: files as given, folders searched (recursively) for files
    ending in ``suffixes``; each file once, in the order given."""
    files: dict[Path, Path] = {}
    for given in map(Path, paths):
        if given.is_dir():
            found = [p for p in files_in(given) if p.suffix.lower() in suffixes]
            if not found:
                raise InputError(given, f"no {what} files ({', '.join(suffixes)}) in this folder")
        elif given.is_file():
            if given.suffix.lower() not in suffixes:
                raise InputError(given, f"not a {what} file (expected {', '.join(suffixes)})")
            found = [given]
        else:
            raise InputError(given, "no such file or folder")
        for path in found:
            files.setdefault(path.resolve(), path)
    if not files:
        raise CspkitError(f"No {what} files given.")
    return list(files.values())


def known_area_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every area code the loaded lookups name, to warn about rows of codes they do not."""
    rows = con.execute(
        "SELECT code FROM areas UNION SELECT child_code FROM area_links UNION SELECT parent_code FROM area_links"
    ).fetchall()
    return {code for (code,) in rows}


def reject_options(kind: str, options: Mapping[str, Any], allowed: Iterable[str] = ()) -> None:
    """A ``--year``, ``--level`` or ``--vintage`` that means nothing for ``kind`` is an error, not ignored."""
    extra = sorted(set(options) - set(allowed))
    if extra:
        raise CspkitError(f"--{extra[0]} does not apply to {kind} files.")


def refuse_overlap(scopes: Iterable[tuple[Path, set[Hashable]]], describe: Callable[[Hashable], str]) -> None:
    """Two files in one command that would write the same rows: the later would silently replace
    the earlier, so refuse and name both."""
    seen: dict[Hashable, Path] = {}
    for path, keys in scopes:
        clash = next((key for key in keys if key in seen), None)
        if clash is not None:
            raise CspkitError(f"{seen[clash]} and {path} both hold {describe(clash)}; load only one of them.")
        seen.update(dict.fromkeys(keys, path))


def record_file(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str,
    path: Path,
    rows: int,
    detail: dict[str, Any] | None = None,
    stored: int | None = None,
) -> LoadedFile:
    """Record one file in ``loads`` (inside the load's transaction) and describe it for the report.

    ``rows`` are the file's own rows of data (what a user counts in a spreadsheet); ``stored``
    the rows written to the store when a file's row becomes several (one per age, area, link).
    """
    detail = dict(detail or {})
    if stored is not None:
        detail["stored_rows"] = stored
    load_id = record_load(con, kind=kind, source_file=path, sha256=sha256_of_file(path), rows=rows, detail=detail)
    return LoadedFile(str(path), None, rows, load_id, detail, stored)


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, load_id: int, *, on_conflict: str = "") -> None:
    """Append ``rows`` (columns named as in ``table``) to ``table`` with their ``load_id``."""
    columns = ", ".join(rows.column_names)
    con.register("incoming", rows)
    try:
        con.execute(
            f"INSERT INTO {table} ({columns}, load_id) SELECT {columns}, ? FROM incoming {on_conflict}", [load_id]
        )
    finally:
        con.unregister("incoming")


def replace_where(con: duckdb.DuckDBPyConnection, table: str, keys: pa.Table) -> None:
    """Delete the rows of ``table`` whose values in ``keys``' columns match a row of ``keys``:
    what a new load of the same scope replaces."""
    columns = keys.column_names
    con.register("replaced", keys)
    try:
        match = " AND ".join(f"{table}.{c} = replaced.{c}" for c in columns)
        con.execute(f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM replaced WHERE {match})")
    finally:
        con.unregister("replaced")
