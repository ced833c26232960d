"""Writers: the same document as HTML, PDF, Word and Excel."""

from __future__ import annotations

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
