"""Opening the evidence store and keeping its schema current."""

from __future__ import annotations

import contextlib
import errno
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
        """Run a block atomically: commit if it finishes, roll back if it raises.

        A full disk or a store that cannot be written, during the block or at the commit, is
        reported as a problem with the store (not with the files being loaded).
        """
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException as exc:
            self._rollback()
            problem = store_problem(exc, self.path)
            if problem is not None and problem is not exc:
                raise problem from exc
            raise
        try:
            self.con.execute("COMMIT")
        except (duckdb.Error, OSError) as exc:
            self._rollback()
            raise store_problem(exc, self.path) or StoreError(
                f"Could not save the changes to the evidence store at {self.path or 'memory'} ({exc}); "
                "nothing was changed"
            ) from exc

    def _rollback(self) -> None:
        # a failed commit or a fatal error may have ended the transaction already
        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")

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


_STORE_PROBLEMS = (
    (("No space left on device", "Disk quota exceeded", "File too large"), errno.ENOSPC,
     "the disk holding it is full. Free some space (or set CSPKIT_HOME to a folder on a larger disk) and try "
     "again"),
    (("Permission denied",), errno.EACCES,
     "cspkit may not write there. Give yourself write permission on that folder, or set CSPKIT_HOME to one you own"),
    (("Read-only file system",), errno.EROFS,
     "that folder is read-only. Set CSPKIT_HOME to a folder cspkit can write to"),
)


def store_problem(exc: BaseException, path: Path | None = None) -> StoreError | None:
    """A :class:`StoreError` naming the store if ``exc`` is a full disk or a store that cannot be
    written; None for anything else (which is then a problem with the input)."""
    if isinstance(exc, StoreError):
        return exc
    text = str(exc)
    number = getattr(exc, "errno", None)
    where = path or get_settings().store_path
    named = getattr(exc, "filename", None)
    if isinstance(exc, OSError) and named and not Path(named).resolve().is_relative_to(Path(where).resolve().parent):
        return None  # an input file cspkit could not read, not the store
    for clues, code, advice in _STORE_PROBLEMS:
        if number == code or (isinstance(exc, (duckdb.Error, OSError)) and any(c in text for c in clues)):
            return StoreError(f"Cannot write the evidence store at {where}: {advice}. Nothing was changed.")
    return None


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
        _make_folder(target.parent)
    config = {"memory_limit": settings.memory_limit}
    if settings.threads:
        config["threads"] = settings.threads
    try:
        con = duckdb.connect(str(target) if target else ":memory:", read_only=read_only, config=config)
    except duckdb.Error as exc:
        raise store_problem(exc, target) or StoreError(
            f"Cannot open the evidence store at {target}: {exc}"
        ) from exc
    con.execute("SET enable_progress_bar = false")  # cspkit draws its own progress bars
    store = Store(con, target)
    if not read_only:
        migrate(store)
    return store


def _make_folder(folder: Path) -> None:
    """Create the data folder, explaining why it cannot be (a file in the way, no permission)."""
    blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise StoreError(
            f"The data folder {folder} cannot be created: {blocking} is a file, not a folder. "
            "Set CSPKIT_HOME to a folder (or move the file)."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise store_problem(exc, folder) or StoreError(f"The data folder {folder} cannot be created: {exc}") from exc


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
