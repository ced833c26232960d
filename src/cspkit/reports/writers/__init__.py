"""Writers: the same document as HTML, PDF, Word and Excel."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from cspkit.reports.document import Document

FORMATS = ("html", "pdf", "docx", "xlsx")


def write(document: Document, path: str | Path) -> Path:
    """Write ``document`` in the format its file name ends with (.html, .pdf, .docx or .xlsx)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
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
              done: Callable[[Path, float], None] | None = None) -> list[Path]:
    """Write several formats at once, the slowest (PDF) first, in ``workers`` processes.

    Each format is independent of the others, so on a machine with two cores the PDF is
    written beside the Word, HTML and Excel files rather than after them. ``done(path,
    seconds)`` is called as each file is finished (for progress on the command line).
    """
    order = sorted(paths, key=lambda p: 0 if p.suffix.lower() == ".pdf" else 1)
    if workers <= 1 or len(order) <= 1:
        for path in order:
            _timed_write(document, path, done)
        return list(paths)
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=min(workers, len(order)), mp_context=context) as pool:
        started = time.perf_counter()
        futures = {pool.submit(write, document, path): path for path in order}
        for future in as_completed(futures):
            written = future.result()
            if done is not None:
                done(written, time.perf_counter() - started)
    return list(paths)


def _timed_write(document: Document, path: Path, done: Callable[[Path, float], None] | None) -> Path:
    started = time.perf_counter()
    written = write(document, path)
    if done is not None:
        done(written, time.perf_counter() - started)
    return written
