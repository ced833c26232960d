"""Opening an Excel workbook a person gives us, judged by what the file holds, not its name.

openpyxl decides by the file name: an .xlsx saved with an ``.xls`` name is refused, and an old
Excel 97-2003 workbook gets "please use xlrd", advice for a programmer. Here the first bytes
decide: an old workbook is named as one with what to do about it, and an .xlsx reads whatever
its name.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import openpyxl

from cspkit.errors import InputError

OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
"""How an Excel 97-2003 workbook (.xls, a Compound File) begins."""

OLD_EXCEL = ("this is an old Excel 97-2003 (.xls) workbook, which cspkit does not read: open it in Excel and "
             "save it as an Excel Workbook (.xlsx), then load that file")


def old_excel(label: str | Path, start: bytes) -> InputError | None:
    """The error for a file that begins as an old .xls workbook does; None for any other."""
    return InputError(label, OLD_EXCEL) if start.startswith(OLD_EXCEL_MAGIC) else None


def load_workbook(path: Path, *, data_only: bool = True) -> openpyxl.Workbook:
    """The workbook at ``path``, read-only; raises :class:`InputError` for an old .xls workbook and
    ``FileNotFoundError`` or openpyxl's own errors for anything else it cannot open.

    The bytes are handed over in memory so openpyxl never judges by the file's name.
    """
    content = Path(path).read_bytes()
    if error := old_excel(path, content[:8]):
        raise error
    return openpyxl.load_workbook(BytesIO(content), read_only=True, data_only=data_only)
