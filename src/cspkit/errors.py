"""Errors a user can act on, phrased in the user's words (file, line, LSOA, month, force)."""

from __future__ import annotations

from pathlib import Path


class CspkitError(Exception):
    """Base for every error cspkit reports to a person rather than as a stack trace."""


class InputError(CspkitError):
    """A problem with an input file: names the file, the line (1-based, header is line 1), where
    known the byte offset (0-based, as a hex editor shows it) and the problem."""

    def __init__(self, source: str | Path, problem: str, line: int | None = None, offset: int | None = None) -> None:
        self.source = str(source)
        self.line = line
        self.offset = offset
        self.problem = problem
        where = [self.source]
        if line is not None:
            where.append(f"line {line}")
        if offset is not None:
            where.append(f"byte {offset:,}")
        super().__init__(f"{', '.join(where)}: {problem}")


class StoreError(CspkitError):
    """The evidence store is missing, locked, from a newer cspkit, or cannot be written (disk
    full, no permission): names the store, not the input."""
