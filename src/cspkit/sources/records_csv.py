"""Small CSV files that people or the web app write by hand-sized rows (casework counts, projects):
read whole with :mod:`csv`, each row a dict keyed by the normalised header, each problem an
:class:`~cspkit.errors.InputError` naming the file, the line and the problem."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cspkit.errors import InputError
from cspkit.sources.csvcheck import normalise
from cspkit.sources.textfile import refuse_not_text

#: Written where a count is withheld because it is small enough to identify someone.
SUPPRESSED_MARK = "[c]"


@dataclass(frozen=True)
class Record:
    """One data row: ``line`` is its line in the file (the header is line 1)."""

    path: Path
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")

    def error(self, problem: str) -> InputError:
        return InputError(self.path, problem, line=self.line)

    def day(self, key: str, what: str) -> date:
        text = self[key]
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(f"{what} '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-04-01") from None

    def whole(self, key: str, what: str, *, blank_ok: bool = False) -> int | None:
        """A whole number of 0 or more (thousands separators allowed)."""
        text = self[key].replace(",", "")
        if not text and blank_ok:
            return None
        if not text.isdigit():
            raise self.error(f"{what} '{self[key]}' is not a whole number of 0 or more")
        return int(text)


def read_records(path: Path, required: Sequence[str], what: str) -> Iterator[Record]:
    """The file's rows, after checking it is UTF-8 text with every ``required`` column (normalised names)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"no such file (expected {what})")
    refuse_not_text(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, f"this is not UTF-8 text (byte {error.start:,}); save it as CSV UTF-8") from None
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, None)
    if not header:
        raise InputError(path, f"the file is empty (expected {what})", line=1)
    names = [normalise(name) for name in header]
    missing = [name for name in required if name not in names]
    if missing:
        raise InputError(
            path,
            f"this does not look like {what}: no column {', '.join(repr(m) for m in missing)}. "
            f"The columns are: {', '.join(repr(h) for h in header)}",
            line=1,
        )
    start = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            if len(row) > len(names):
                raise InputError(path, f"this row has {len(row)} values but the header has {len(names)} columns",
                                 line=start)
            yield Record(path, start, {name: cell.strip() for name, cell in zip(names, row, strict=False)})
        start = reader.line_num + 1
