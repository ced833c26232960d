"""Errors a user can act on, phrased in the user's words (file, line, LSOA, month, force)."""

from __future__ import annotations

from pathlib import Path


class CspkitError(Exception):
    """Base for every error cspkit reports to a person rather than as a stack trace."""


class InputError(CspkitError):
    """A problem with an input file: names the file, the line (1-based, header is line 1) and the problem."""

    def __init__(self, source: str | Path, problem: str, line: int | None = None) -> None:
        self.source = str(source)
        self.line = line
        self.problem = problem
        where = f"{self.source}, line {line}" if line is not None else self.source
        super().__init__(f"{where}: {problem}")


class StoreError(CspkitError):
    """The evidence store is missing, locked, or from a newer cspkit."""
