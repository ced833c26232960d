"""Loading police.uk street, outcomes and stop-and-search files into the evidence store.

The whole command is one transaction. For each (force, month, kind) the rows already held
are deleted and the file's rows inserted, because police.uk revises months it has published:
loading a month again replaces it. DuckDB reads the files (it is the fastest CSV reader we
have and streams with bounded memory); the checks of :mod:`cspkit.sources.police_uk` run as
aggregates over each batch just inserted, and the first failing file is re-read line by line
to tell the user where and what the problem is. A second thread reads every byte of every file
while DuckDB reads (checksum, lines, blank lines, damage such as NUL bytes or junk with no line
breaks), so that each file's rows are held to an independent count before the load commits:
a parser that stops early cannot lose rows in silence.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path

import duckdb
import pyarrow as pa

from cspkit import __version__
from cspkit.errors import CspkitError, InputError
from cspkit.sources import police_uk
from cspkit.sources.police_uk import PoliceUkFile
from cspkit.sources.textfile import TextScan, scan_text
from cspkit.store.connection import Store, store_problem
from cspkit.store.loads import LoadedFile, LoadReport, Progress

TABLES = {"street": "street_crimes", "outcomes": "outcomes", "stop-and-search": "stop_searches"}

# Files are read in batches of about this many bytes: small enough that the progress bar
# moves, large enough that DuckDB's per-statement costs vanish.
BATCH_BYTES = 128 << 20


def load(store: Store, paths: list[Path], *, progress: Progress | None = None, **options: object) -> LoadReport:
    """Check and load police.uk files, folders of them and zip archives of them, atomically.

    Raises :class:`~cspkit.errors.InputError` naming the file, line and problem if any file is
    wrong; the store is then left exactly as it was.
    """
    if options:
        raise CspkitError(f"cspkit load police-uk does not take the option --{next(iter(options))}")
    files = police_uk.find_files(paths)
    police_uk.check_headers(files)
    tick = progress or (lambda done, total, label: None)
    cleaned: dict[PoliceUkFile, PoliceUkFile] = {}
    with tempfile.TemporaryDirectory(prefix="cspkit-blank-lines-") as scratch:
        while True:
            try:
                return _load(store, files, cleaned, tick)
            except _BlankLines as found:
                # DuckDB stopped at blank lines it could not skip: load again from a copy without them
                cleaned[found.file] = police_uk.without_blank_lines(found.file, Path(scratch))


class _BlankLines(Exception):
    def __init__(self, file: PoliceUkFile) -> None:
        self.file = file


def _load(
    store: Store, files: list[PoliceUkFile], cleaned: dict[PoliceUkFile, PoliceUkFile], tick: Progress
) -> LoadReport:
    report = LoadReport(kind="police-uk")
    tick(0, len(files), "")
    read = [cleaned.get(f, f) for f in files]
    with _scanning(files) as scanning, store.transaction() as con:
        load_ids = dict(zip(read, _reserve_load_ids(con, len(files)), strict=True))
        for batch in _batches(read):
            report.files.extend(_load_batch(con, batch, [load_ids[f] for f in batch]))
            tick(len(report.files), len(files), f"{batch[-1].month_text} {batch[-1].kind}")
        scans = scanning.result()
        _account_for_every_row(files, report.files, scans)
        by_id = {load_ids[cleaned.get(f, f)]: scan.sha256 for f, scan in scans.items()}
        _record_loads(con, report.files, by_id)
        _refuse_copies(con, [f.load_id for f in report.files])
        report.warnings.extend(_force_warnings(con, report.files))
        report.warnings.extend(_repeated_crimes(con, report.files))
    return report


@contextmanager
def _scanning(files: list[PoliceUkFile]) -> Iterator[Future[dict[PoliceUkFile, TextScan]]]:
    """Every byte of every file read on a worker thread while the caller loads (see
    :func:`~cspkit.sources.textfile.scan_text`); damage found is raised by ``result()``.

    hashlib and numpy release the GIL, so this runs beside DuckDB; if the load fails, it stops early.
    """
    stop = threading.Event()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cspkit-scan")
    try:
        yield pool.submit(_scans, files, stop)
    finally:
        stop.set()
        pool.shutdown(wait=True)


def _scans(files: list[PoliceUkFile], stop: threading.Event) -> dict[PoliceUkFile, TextScan]:
    scans = {}
    for file, stream in police_uk.each_opened(files):
        if stop.is_set():
            break
        scans[file] = scan_text(stream, file.label)
    return scans


def _account_for_every_row(files: list[PoliceUkFile], loaded: list[LoadedFile], scans: dict) -> None:
    """Hold each file's rows loaded to the lines the scan counted (and, if a quoted field spans
    lines so that the two differ, to the :mod:`csv` module's count): nothing is lost in silence."""
    rows = {(f.source, f.member): f.rows for f in loaded}
    for file in files:
        got = rows[(str(file.source), file.member)]
        if got == 0:
            raise InputError(file.label, "the file has a header but no rows of data")
        if got == scans[file].data_lines:
            continue
        expected = police_uk.count_rows(file)
        if got != expected:
            held = f"{expected:,} rows of data" if expected is not None else "rows the csv module cannot count"
            raise police_uk.first_problem(file) or InputError(
                file.label,
                f"the file holds {held} but {got:,} were read; nothing was loaded. "
                "Open the file, save it again as 'CSV UTF-8' and load it again",
            )


def _batches(files: list[PoliceUkFile]) -> Iterator[list[PoliceUkFile]]:
    """Files of one kind and one container (zip or disk), about BATCH_BYTES at a time."""
    def group(f: PoliceUkFile) -> tuple[str, str]:
        return f.kind, str(f.source) if f.in_zip else ""

    for _, same in groupby(sorted(files, key=lambda f: (*group(f), f.month, f.force)), key=group):
        batch: list[PoliceUkFile] = []
        size = 0
        for file in same:
            batch.append(file)
            size += file.size
            if size >= BATCH_BYTES:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch


def _load_batch(con: duckdb.DuckDBPyConnection, batch: list[PoliceUkFile], load_ids: list[int]) -> list[LoadedFile]:
    kind = batch[0].kind
    table = TABLES[kind]
    files = pa.table(
        {
            "file_index": pa.array(range(len(batch)), pa.int64()),
            "load_id": pa.array(load_ids, pa.int64()),
            "force": [f.force for f in batch],
            "expected_month": pa.array([f.month for f in batch], pa.date32()),
        }
    )
    with _registered(con, "police_uk_batch", files):
        _delete_earlier_loads(con, table, kind)
        _insert(con, table, batch)
        facts = _summarise(con, table, batch, load_ids)
        with _registered(con, "police_uk_facts", facts):
            con.execute(
                "INSERT INTO police_uk_files (force, month, kind, rows, rows_no_location, force_name, load_id) "
                "SELECT force, expected_month, ?, rows, rows_no_location, force_name, load_id "
                "FROM police_uk_batch JOIN police_uk_facts USING (load_id)",
                [kind],
            )
    found = {row["load_id"]: row for row in facts.to_pylist()}
    return [
        LoadedFile(
            source=str(file.source),
            member=file.member,
            rows=found[load_id]["rows"],
            load_id=load_id,
            detail={"force": file.force, "month": file.month_text, "kind": kind,
                    "force_name": found[load_id]["force_name"]},
        )
        for file, load_id in zip(batch, load_ids, strict=True)
    ]


def _delete_earlier_loads(con: duckdb.DuckDBPyConnection, table: str, kind: str) -> None:
    """Delete what earlier loads wrote for the batch's forces and months (police.uk revises months).

    ``police_uk_files`` says which months are held, so a first load skips scanning the table.
    """
    held = con.execute(
        "SELECT count(*) FROM police_uk_files f JOIN police_uk_batch m "
        "ON f.kind = ? AND f.force = m.force AND f.month = m.expected_month",
        [kind],
    ).fetchone()[0]
    if not held:
        return
    con.execute(f"DELETE FROM {table} t USING police_uk_batch m WHERE t.force = m.force AND t.month = m.expected_month")
    con.execute(
        "DELETE FROM police_uk_files f USING police_uk_batch m "
        "WHERE f.kind = ? AND f.force = m.force AND f.month = m.expected_month",
        [kind],
    )


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    """Make an Arrow table queryable as ``name`` for the block.

    Registration is part of the transaction: if the block fails, the rollback removes it
    (and DuckDB refuses any other statement in the aborted transaction, unregister included).
    """
    con.register(name, table)
    yield
    con.unregister(name)


def _insert(con: duckdb.DuckDBPyConnection, table: str, batch: list[PoliceUkFile]) -> None:
    kind = batch[0].kind
    # Street and outcome rows carry their own Month (checked against the name); stop and
    # search rows have only a Date, so their month is the one in the file name.
    columns = "c.* EXCLUDE (file_index), m.expected_month AS month" if kind == "stop-and-search" else (
        "c.* EXCLUDE (file_index)"
    )
    with police_uk.duckdb_paths(con, batch) as paths:
        try:
            con.execute(
                f"INSERT INTO {table} BY NAME SELECT {columns}, m.force, m.load_id "
                f"FROM ({police_uk.read_csv_sql(kind)}) c JOIN police_uk_batch m USING (file_index)",
                {"paths": paths},
            )
        except duckdb.Error as exc:
            if store_problem(exc) is not None:
                raise
            raise _explain(exc, batch, paths) from None


def _summarise(
    con: duckdb.DuckDBPyConnection, table: str, batch: list[PoliceUkFile], load_ids: list[int]
) -> pa.Table:
    """Rows, rows with no location and force name of each file just inserted; refuse bad files."""
    kind = batch[0].kind
    checks = police_uk.checks_for(kind)
    no_location = "longitude IS NULL" + (" OR lsoa_code IS NULL" if kind != "stop-and-search" else "")
    force_name = "min(reported_by)" if kind != "stop-and-search" else "NULL::VARCHAR"
    facts = con.sql(
        "SELECT m.load_id, count(t.load_id) AS rows, "
        f"count(t.load_id) FILTER (WHERE {no_location}) AS rows_no_location, "
        f"{force_name} AS force_name, "
        + ", ".join(f"{c.sql} AS {c.name}" for c in checks)
        + f" FROM police_uk_batch m LEFT JOIN (SELECT * FROM {table} WHERE load_id BETWEEN ? AND ?) t "
        "USING (load_id) GROUP BY m.load_id",
        params=[min(load_ids), max(load_ids)],
    ).to_arrow_table()
    failures = {row["load_id"]: row for row in facts.to_pylist() if any(row[c.name] for c in checks)}
    for file, load_id in zip(batch, load_ids, strict=True):
        if row := failures.get(load_id):
            check = next(c for c in checks if row[c.name])
            raise police_uk.first_problem(file) or InputError(file.label, check.problem.format(count=row[check.name]))
    return facts


_DUCKDB_FILE = re.compile(r"^\s*file = (.+?)\s*$", re.MULTILINE)


def _explain(exc: duckdb.Error, batch: list[PoliceUkFile], paths: list[str]) -> InputError:
    """Turn DuckDB's error into one naming the file, line and problem, found by re-reading."""
    named = _DUCKDB_FILE.search(str(exc))
    suspects = [
        f for f, p in zip(batch, paths, strict=True)
        if named and named[1] in (p, f"zip://{f.member}", str(f.cleaned or f.source))
    ] or batch
    for file in suspects:
        scan = police_uk.scan(file)  # damage (NUL bytes, junk with no line breaks, a broken zip) first
        if scan.blank_lines and file.cleaned is None:
            raise _BlankLines(file)
        if problem := police_uk.first_problem(file):
            return problem
    where = suspects[0].label if len(suspects) == 1 else f"{len(suspects)} police.uk files"
    return InputError(where, f"could not be read ({str(exc).splitlines()[0]}). Open the file, save it again as "
                             "'CSV UTF-8' and load it again")


def _reserve_load_ids(con: duckdb.DuckDBPyConnection, count: int) -> list[int]:
    """``count`` new load ids, taken in one statement (DuckDB spends milliseconds per statement)."""
    return [row[0] for row in con.execute("SELECT nextval('load_id_seq') FROM range(?)", [count]).fetchall()]


def _record_loads(con: duckdb.DuckDBPyConnection, loaded: list[LoadedFile], checksums: dict[int, str]) -> None:
    """One ``loads`` row per file, as :func:`~cspkit.store.loads.record_load` writes it, in one statement.

    Written last, once every checksum and row count is known; the load ids were reserved first
    so that the rows could carry them.
    """
    rows = pa.table(
        {
            "load_id": pa.array([f.load_id for f in loaded], pa.int64()),
            "kind": [f"police-uk-{f.detail['kind']}" for f in loaded],
            "source_file": [f.source for f in loaded],
            "member": pa.array([f.member for f in loaded], pa.string()),
            "sha256": [checksums[f.load_id] for f in loaded],
            "rows": pa.array([f.rows for f in loaded], pa.int64()),
            "detail": [json.dumps({k: f.detail[k] for k in ("force", "month", "kind")}) for f in loaded],
        }
    )
    with _registered(con, "police_uk_loads", rows):
        con.execute(
            "INSERT INTO loads (load_id, kind, source_file, member, sha256, rows, cspkit_version, detail) "
            "SELECT load_id, kind, source_file, member, sha256, rows, ?, detail FROM police_uk_loads",
            [__version__],
        )


def _refuse_copies(con: duckdb.DuckDBPyConnection, load_ids: list[int]) -> None:
    """Refuse a file whose bytes are those of a file held for another force, month or kind.

    A month's file copied under another force's name (2022-01-staffs-street.csv beside
    2022-01-staffordshire-street.csv) doubled every count of the area; reloading a file under its
    own name replaces it and is not refused.
    """
    copy = con.execute(
        "SELECT n.source_file, n.member, o.source_file, o.member, po.force, strftime(po.month, '%Y-%m'), po.kind "
        "FROM police_uk_files pn JOIN loads n ON n.load_id = pn.load_id "
        "JOIN loads o ON o.sha256 = n.sha256 AND o.load_id <> n.load_id "
        "JOIN police_uk_files po ON po.load_id = o.load_id "
        "WHERE pn.load_id IN (SELECT unnest(?::BIGINT[])) "
        "AND (po.force <> pn.force OR po.month <> pn.month OR po.kind <> pn.kind) "
        "ORDER BY n.load_id, o.load_id LIMIT 1",
        [load_ids],
    ).fetchone()
    if copy is not None:
        new, old = (f"{source}: {member}" if member else source for source, member in (copy[:2], copy[2:4]))
        raise InputError(new, f"its contents are exactly those of {old}, held as {copy[4]} {copy[6]} for {copy[5]}; "
                              "loaded as well, every record would be counted twice. Nothing was loaded.")


def _repeated_crimes(con: duckdb.DuckDBPyConnection, loaded: list[LoadedFile]) -> list[str]:
    """Say when a street file gives one Crime ID more than once: police.uk gives each crime once a
    month, so a repeat is most likely rows pasted twice, and every repeat is counted.

    A warning, not a refusal: a published file could hold one, and refusing would leave the user
    with no way to load the month.
    """
    street = [f.load_id for f in loaded if f.detail["kind"] == "street"]
    if not street:
        return []
    found = con.execute(
        "SELECT load_id, count(*), min(crime_id) FROM (SELECT load_id, crime_id FROM street_crimes "
        "WHERE load_id IN (SELECT unnest(?::BIGINT[])) AND crime_id <> '' GROUP BY load_id, crime_id "
        "HAVING count(*) > 1) GROUP BY load_id ORDER BY load_id",
        [street],
    ).fetchall()
    files = {f.load_id: f for f in loaded}
    warnings = []
    for load_id, repeated, example in found:
        file = files[load_id]
        where = f"{file.source}: {file.member}" if file.member else file.source
        warnings.append(f"{where}: {repeated:,} Crime IDs appear more than once (for example {example}), and each "
                        "row is counted. police.uk gives each crime once a month: is part of the file repeated? "
                        "If so, load the file as downloaded.")
    return warnings


def _force_warnings(con: duckdb.DuckDBPyConnection, loaded: list[LoadedFile]) -> list[str]:
    """Say when a file's force is not a police.uk force, or its 'Reported by' is another force's."""
    known = dict(con.execute("SELECT force, force_name FROM police_forces").fetchall())
    warnings = []
    unknown = sorted({f.detail["force"] for f in loaded} - set(known))
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        warnings.append(f"not police.uk force names (loaded anyway, but cannot be matched to a force area): {shown}")
    for file in loaded:
        expected, found = known.get(file.detail["force"]), file.detail["force_name"]
        if expected and found and found != expected:
            where = f"{file.source}: {file.member}" if file.member else file.source
            warnings.append(f"{where}: the file name says {file.detail['force']} ({expected}) "
                            f"but 'Reported by' is {found}")
    return warnings
