"""Logging for the web app: warnings and errors to whatever standard error is at the time.

``logging.StreamHandler`` keeps the stream it was made with. When Django was set up while the
stream was a temporary one (a command run inside a test, whose captured output is closed after),
every later warning, from WeasyPrint for instance, ended in "Logging error ... I/O operation on
closed file" and a traceback. Looking up ``sys.stderr`` for each record avoids that; under gunicorn
it is the same stream as before.
"""

from __future__ import annotations

import logging
import sys


class CurrentStderrHandler(logging.StreamHandler):
    """A StreamHandler writing to ``sys.stderr`` as it is when each record is emitted."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # the stream is always the current sys.stderr
        pass
