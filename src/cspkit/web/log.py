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


class OneLineRefusals(logging.Filter):
    """Turn Django's log of a refused request (4xx with an exception) into one line: who, what, why.

    Django logs every ``PermissionDenied`` with its traceback, so each 403, a routine event when
    people follow links their role does not allow, filled the server log with tracebacks and
    buried the real errors. Server errors (5xx) keep their tracebacks.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and isinstance(status, int) and 400 <= status < 500:
            exception = record.exc_info[1]
            request = getattr(record, "request", None)
            record.msg = "%s %s: user=%s path=%s reason=%s"
            record.args = (
                status,
                _STATUS_WORDS.get(status, "Refused"),
                _who(request),
                _path(request),
                _reason(exception, request),
            )
            record.exc_info = None
            record.exc_text = None
        return True


_STATUS_WORDS = {400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed"}


def _who(request: object) -> str:
    """The signed-in person's user name and role, or "anonymous"."""
    user = getattr(request, "user", None)
    try:
        if user is None or not user.is_authenticated:
            return "anonymous"
        role = getattr(user, "role", "")
        return f"{user.get_username()}" + (f" (role {role})" if role else "")
    except Exception:  # a log line must never fail the request it reports on
        return "unknown"


def _path(request: object) -> str:
    path = getattr(request, "path", "")
    return path.encode("unicode_escape").decode("ascii")  # as Django escapes it: no forged log lines


def _reason(exception: BaseException | None, request: object) -> str:
    """The exception's own message, else which page the role may not use."""
    message = str(exception or "").strip()
    if message:
        return message.encode("unicode_escape").decode("ascii")
    match = getattr(request, "resolver_match", None)
    view = getattr(match, "view_name", "")
    kind = type(exception).__name__ if exception else "refused"
    return f"{kind} on {view}" if view else kind
