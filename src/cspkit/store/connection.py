"""Opening the evidence store and keeping its schema current."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from cspkit.config import get_settings
from cspkit.errors import StoreError
from cspkit.store.migrations import all_migrations


class Store:
    """A connection to the evidence store.

    Every change goes through :meth:`transaction`, so a load that fails part way leaves the
    store exactly as it was.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None) -> None:
        self.con = con
        self.path = path

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block atomically: commit if it finishes, roll back if it raises."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        row = self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: Path | str | None = None, *, read_only: bool = False) -> Store:
    """Open (creating if needed) the store at ``path``, default ``$CSPKIT_HOME/evidence.duckdb``.

    Pass ``":memory:"`` for a throwaway store. The schema is migrated to the newest version
    this cspkit knows; a store written by a newer cspkit is refused rather than damaged.
    """
    settings = get_settings()
    if path is None:
        path = settings.store_path
    target = None if str(path) == ":memory:" else Path(path)
    if target is not None:
        if read_only and not target.exists():
            raise StoreError(
                f"No evidence store at {target}. Load some data first (cspkit load ... or cspkit demo)."
            )
        target.parent.mkdir(parents=True, exist_ok=True)
    config = {"memory_limit": settings.memory_limit}
    if settings.threads:
        config["threads"] = settings.threads
    try:
        con = duckdb.connect(str(target) if target else ":memory:", read_only=read_only, config=config)
    except duckdb.IOException as exc:
        raise StoreError(f"Cannot open the evidence store at {target}: {exc}") from exc
    con.execute("SET enable_progress_bar = false")  # cspkit draws its own progress bars
    store = Store(con, target)
    if not read_only:
        migrate(store)
    return store


def migrate(store: Store) -> None:
    """Apply every migration newer than the store's schema version, each atomically."""
    con = store.con
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    current = store.schema_version
    migrations = all_migrations()
    newest = migrations[-1].version if migrations else 0
    if current > newest:
        raise StoreError(
            f"The evidence store at {store.path} has schema version {current}, newer than this "
            f"cspkit understands ({newest}). Upgrade cspkit."
        )
    for migration in migrations:
        if migration.version <= current:
            continue
        with store.transaction():
            migration.upgrade(con)
            con.execute(
                "INSERT INTO schema_version (version, name) VALUES (?, ?)",
                [migration.version, migration.name],
            )
