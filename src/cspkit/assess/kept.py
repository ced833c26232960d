"""An assessment kept after it is built, used again while nothing it was built from has changed.

Building the assessment is the longest step of an analyst's usual rebuild, after an edit to
the commentary (4 of the demo's 11 seconds), yet its result depends only on the evidence
loaded, what was asked for and cspkit itself. So ``cspkit report assessment`` keeps what it
built under a SHA-256 of exactly those:

- every load the store has recorded (kind, file, member, checksum, rows and when): a new load
  or a reload changes it, and a failed load, which changes nothing, does not;
- the request, with the checksum of every file it names;
- every file of the cspkit package: its code and the data it ships (the crime groupings, the
  reference tables).

A change to any of them builds the assessment again. A kept one is the very object built
(pickled), not a copy read back from Parquet, so the report is the same either way.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from contextlib import suppress
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import MappingProxyType

import duckdb

from cspkit import __version__
from cspkit.assess.assessment import Assessment
from cspkit.assess.build import AssessmentRequest

#: Kept assessments beyond this many (the least recently used) are removed.
KEEP = 8

#: The libraries whose results the assessment holds: an upgrade of any builds it again.
LIBRARIES = (
    "duckdb",
    "numpy",
    "pandas",
    "pyarrow",
    "scipy",
    "statsmodels",
    "esda",
    "libpysal",
    "shapely",
    "pyproj",
    "geopandas",
)


def kept_folder(workspace: Path) -> Path:
    """Where assessments are kept for the next report, in the workspace (``$CSPKIT_HOME``)."""
    return Path(workspace) / "reports" / ".assessments"


def assessment_key(con: duckdb.DuckDBPyConnection, request: AssessmentRequest) -> str:
    """The SHA-256 of everything the assessment of ``request`` is built from."""
    digest = hashlib.sha256(f"cspkit {__version__}\n".encode() + _source_code() + _libraries())
    for row in con.execute("SELECT * FROM loads ORDER BY load_id").fetchall():
        digest.update(repr(row).encode())
    for field in dataclasses.fields(request):
        value = getattr(request, field.name)
        digest.update(f"\n{field.name}={value!r}".encode())
        if isinstance(value, Path):
            digest.update(_file_digest(value).encode())
    return digest.hexdigest()


def kept_assessment(folder: Path, key: str) -> Assessment | None:
    """The assessment kept in ``folder`` under ``key``, or None: none kept, or a file that is not
    whole (its checksum, written before it, does not match) or cannot be read for any reason."""
    path = Path(folder) / f"{key}.pickle"
    try:
        data = path.read_bytes()
        checksum, payload = data[:32], data[32:]
        if hashlib.sha256(payload).digest() != checksum:
            return None
        fields = pickle.loads(payload)
        fields["tables"] = MappingProxyType(fields["tables"])
        found = Assessment(**fields)
    except Exception:  # a kept file that fails in any way is built again, never an error
        return None
    with suppress(OSError):
        os.utime(path)  # used now: the last to be removed
    return found


def keep_assessment(folder: Path, key: str, assessment: Assessment) -> None:
    """Keep ``assessment`` in ``folder`` under ``key``: written whole, after its checksum, or not at all."""
    fields = {field.name: getattr(assessment, field.name) for field in dataclasses.fields(assessment)}
    fields["tables"] = dict(fields["tables"])  # a mapping proxy cannot be pickled
    payload = pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL)
    with suppress(OSError):  # an assessment that cannot be kept only costs time next run
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(hashlib.sha256(payload).digest() + payload)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, folder / f"{key}.pickle")
        finally:
            Path(temporary).unlink(missing_ok=True)
        kept = sorted(folder.glob("*.pickle"), key=lambda path: path.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)


def keep_if_unchanged(
    folder: Path, key: str, con: duckdb.DuckDBPyConnection, request: AssessmentRequest, assessment: Assessment
) -> None:
    """Keep ``assessment``, built after ``key`` was worked out, if ``key`` still holds: a file the
    request names that changed while it was built would otherwise file the result under the wrong key."""
    if assessment_key(con, request) == key:
        keep_assessment(folder, key, assessment)


@functools.cache
def _libraries() -> bytes:
    found = [f"python {sys.version}"]
    for name in LIBRARIES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} none")
    return "\n".join(found).encode()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


@functools.cache
def _source_code() -> bytes:
    """cspkit's own files: new code (a fix to a statistic, say) or data shipped with it (the crime
    groupings, the reference tables) builds every assessment again."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest().encode()
