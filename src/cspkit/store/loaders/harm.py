"""Loading harm weights (the ONS Cambridge Crime Harm Index workbook) into the evidence store.

Every workbook is read and checked before anything is written; then, in one transaction, the
rows of each (scheme, edition) already held are replaced, so loading the same workbook again
counts its offences once.
"""

from __future__ import annotations

from pathlib import Path

from cspkit.errors import CspkitError
from cspkit.sources.harm import HarmWorkbook, read_cchi_workbook
from cspkit.store.connection import Store
from cspkit.store.loads import LoadedFile, LoadReport, Progress, record_load, sha256_of_file

SCHEMES = ("cchi",)


def load(
    store: Store, paths: list[Path], *, progress: Progress | None = None, scheme: str = "cchi", **options: object
) -> LoadReport:
    """Check and load harm-weight workbooks (files, or folders holding ``.xlsx`` files), atomically."""
    for name in options:
        raise CspkitError(f"cspkit load harm does not take the option --{name}")
    if scheme not in SCHEMES:
        raise CspkitError(
            f"cspkit load harm reads the Cambridge Crime Harm Index workbook (scheme 'cchi'); "
            f"it cannot load scheme {scheme!r}"
        )
    files = _find_files(paths)
    if progress:
        progress(0, len(files), "")
    books: list[HarmWorkbook] = []
    for done, path in enumerate(files, start=1):
        books.append(read_cchi_workbook(path))
        if progress:
            progress(done, len(files), path.name)
    editions = [b.edition for b in books]
    repeated = {e for e in editions if editions.count(e) > 1}
    if repeated:
        raise CspkitError(f"more than one workbook holds edition {min(repeated)} of the harm index; load one")
    report = LoadReport(kind="harm", notes=[book.describe() for book in books])
    with store.transaction() as con:
        for book in books:
            rows = len(book.offences)
            load_id = record_load(
                con,
                kind="harm",
                source_file=book.path,
                sha256=sha256_of_file(book.path),
                rows=rows,
                detail={"scheme": book.scheme, "edition": book.edition, "unit": book.unit},
            )
            con.execute("DELETE FROM harm_weights WHERE scheme = ? AND edition = ?", [book.scheme, book.edition])
            frame = book.offences[["offence_code", "offence_description", "weight"]].assign(
                scheme=book.scheme, unit=book.unit, edition=book.edition, load_id=load_id
            )
            con.register("harm_rows", frame)
            try:
                con.execute("INSERT INTO harm_weights BY NAME SELECT * FROM harm_rows")
            finally:
                con.unregister("harm_rows")
            report.files.append(
                LoadedFile(str(book.path), None, rows, load_id, {"scheme": book.scheme, "edition": book.edition})
            )
    return report


def _find_files(paths: list[Path]) -> list[Path]:
    """The workbooks named, or the ``.xlsx`` files inside a folder named."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$"))
            if not found:
                raise CspkitError(f"{path}: no .xlsx workbook in this folder")
            files.extend(found)
        else:
            files.append(path)
    if not files:
        raise CspkitError("no harm-weight workbook given")
    return files
