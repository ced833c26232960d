"""Writers: the same document as HTML, PDF, Word and Excel."""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import pickle
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import suppress
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from cspkit import __version__
from cspkit.reports.document import Document
from cspkit.reports.forked import forked_pool

FORMATS = ("html", "pdf", "docx", "xlsx")


def write(document: Document, path: str | Path) -> Path:
    """Write ``document`` in the format its file name ends with (.html, .pdf, .docx or .xlsx)."""
    path = Path(path)
    fmt = _format(path)
    if fmt == "html":
        from cspkit.reports.writers.html import write_html as writer
    elif fmt == "pdf":
        from cspkit.reports.writers.pdf import write_pdf as writer
    elif fmt == "docx":
        from cspkit.reports.writers.docx import write_docx as writer
    elif fmt == "xlsx":
        from cspkit.reports.writers.xlsx import write_xlsx as writer
    else:
        raise ValueError(f"{path.name}: reports can be written as {', '.join(FORMATS)}, not {fmt or 'no extension'}")
    return writer(document, path)


def write_all(document: Document, paths: list[Path], *, workers: int = 2,
              done: Callable[[Path, float], None] | None = None, keep_unchanged: bool = False,
              unchanged: Callable[[Path], None] | None = None) -> list[Path]:
    """Write several formats at once, the slowest first, in ``workers`` processes.

    Each format is independent of the others, so on a machine with two cores the PDF is
    written beside the Word, HTML and Excel files rather than after them. ``done(path,
    seconds)`` is called as each file is finished (for progress on the command line).

    With ``keep_unchanged``, a file whose inputs (:func:`inputs_key`) are those it was last
    written from, and which nobody has changed since, is kept rather than written again
    (``unchanged(path)`` is called for it): after an edit to the commentary only, the Excel
    workbook, which holds no commentary, is not rebuilt. A file never written here before is
    written without working its key out first: this process works it out while the others write.
    """
    keys: dict[Path, str] = {}
    current = list(paths)
    if keep_unchanged:
        stamped = [path for path in paths if _stamp(path).is_file()]
        keys = {path: inputs_key(document, _format(path)) for path in stamped}
        current = [path for path in paths if not (path in keys and _up_to_date(path, keys[path]))]
        for path in paths:
            if path not in current and unchanged is not None:
                unchanged(path)
    order = sorted(current, key=_slowest_first)
    if workers <= 1 or len(order) <= 1:
        for path in order:
            _timed_write(document, path, done)
            if keep_unchanged:
                _remember(path, keys.get(path) or inputs_key(document, _format(path)))
        return list(paths)
    forked = "fork" in multiprocessing.get_all_start_methods()
    _inherited["document"] = document  # forked writers have it already: no 14 MB pickle per file
    try:
        with (forked_pool(min(workers, len(order))) if forked
              else ProcessPoolExecutor(max_workers=min(workers, len(order)))) as pool:
            started = time.perf_counter()
            futures = {(pool.submit(_write_inherited, path) if forked else pool.submit(write, document, path)): path
                       for path in order}
            if keep_unchanged:  # worked out here while the files are written: this process only waits meanwhile
                for path in order:
                    keys.setdefault(path, inputs_key(document, _format(path)))
            for future in as_completed(futures):
                written = future.result()
                if keep_unchanged:
                    _remember(written, keys[futures[future]])
                if done is not None:
                    done(written, time.perf_counter() - started)
    finally:
        _inherited.clear()
    return list(paths)


#: The order files are started in: the longest first, so that neither process is left with one at the end
#: (a first build's PDF has had its chapters laid out while the figures were drawn).
SLOWEST_FIRST = ("pdf", "xlsx", "docx", "html")


def _slowest_first(path: Path) -> int:
    fmt = _format(path)
    return SLOWEST_FIRST.index(fmt) if fmt in SLOWEST_FIRST else len(SLOWEST_FIRST)  # unknown: ``write`` refuses it


_inherited: dict[str, Document] = {}


def _write_inherited(path: Path) -> Path:
    """``write`` in a forked process, of the document the parent was writing when it forked."""
    return write(_inherited["document"], path)


def _format(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def inputs_key(document: Document, fmt: str) -> str:
    """A SHA-256 of what the ``fmt`` writer reads from ``document``, the writers' code and versions.

    The Excel writer reads only the tables (and the cover's lines), so its key ignores the
    words of the report; the other formats show everything, so theirs covers the whole document
    (digested once for the three: see :func:`_content`).
    """
    content = _content(document, fmt)
    return hashlib.sha256(f"{fmt}|{__version__}|".encode() + writing_code() + content.encode()).hexdigest()


def _content(document: Document, fmt: str) -> str:
    """The SHA-256 of what the ``fmt`` writer reads from ``document``.

    The HTML, PDF and Word writers read the whole document, so its digest is worked out once for
    the three (a process writing two of them, as a first build's does, pickled it twice: 0.06 s).
    """
    read_by = "tables" if fmt == "xlsx" else "whole"
    kept = _digests.get(read_by)
    if kept is not None and kept[0]() is document:
        return kept[1]
    digest = _digest(document, fmt)
    _digests[read_by] = (weakref.ref(document), digest)
    return digest


_digests: dict[str, tuple[weakref.ref, str]] = {}  # the last document's digests, by what the writers read


def _digest(document: Document, fmt: str) -> str:
    if fmt == "xlsx":
        from cspkit.reports.writers.xlsx import workbook_tables

        read = (document.title, document.marking, document.subtitle, document.metadata, document.attributions,
                workbook_tables(document))
    else:
        read = document
    return hashlib.sha256(pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


@functools.cache
def writing_code() -> bytes:
    """The writers' own source and the libraries' versions: new writing code rewrites every file."""
    folder = Path(__file__).parent
    code = b"".join(path.read_bytes() for path in sorted(folder.glob("*.py")))
    code += (folder.parent / "markup.py").read_bytes() + (folder.parent / "document.py").read_bytes()
    for package in ("weasyprint", "python-docx", "openpyxl", "pydyf"):
        with suppress(PackageNotFoundError):
            code += f"|{package} {version(package)}".encode()
    return code


def _stamp(path: Path) -> Path:
    """Where the key of a written file is kept: a hidden file beside it."""
    return path.with_name(f".{path.name}.sha256")


def _up_to_date(path: Path, key: str) -> bool:
    """Was ``path`` written from inputs with this key, and is it still the file that was written?"""
    try:
        inputs, output = _stamp(path).read_text(encoding="ascii").split()
        return inputs == key and hashlib.sha256(path.read_bytes()).hexdigest() == output
    except (OSError, ValueError):
        return False


def _remember(path: Path, key: str | None) -> None:
    if key is None:
        return
    with suppress(OSError):  # a key that cannot be kept only costs a rewrite next time
        _stamp(path).write_text(f"{key} {hashlib.sha256(path.read_bytes()).hexdigest()}\n", encoding="ascii")


def _timed_write(document: Document, path: Path, done: Callable[[Path, float], None] | None) -> Path:
    started = time.perf_counter()
    written = write(document, path)
    if done is not None:
        done(written, time.perf_counter() - started)
    return written
