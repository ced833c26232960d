"""Links to views that take whole numbers, made without resolving the view's name each time.

Django's ``reverse`` looks the name up and rebuilds the pattern on every call (about 40 µs);
the case page and case search link dozens of rows (each person, each other case, each breach),
which cost more than reading them. ``link`` reverses each name once per process, with marker
numbers in place of the arguments, and fills in the numbers after that.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, reverse

_MARKER = 987_654_320  # a number no record has; each argument gets the next one


@lru_cache(maxsize=512)
def _pieces(name: str, count: int, script_prefix: str) -> tuple[str, ...]:
    """The URL of ``name`` cut around ``count`` whole-number arguments."""
    url = reverse(name, args=[_MARKER + i for i in range(count)])
    pieces: list[str] = []
    for i in range(count):
        before, url = url.split(str(_MARKER + i), 1)
        pieces.append(before)
    return (*pieces, url)


def link(name: str, *numbers: int) -> str:
    """``reverse(name, args=numbers)`` for a view whose arguments are all whole numbers."""
    pieces = _pieces(name, len(numbers), get_script_prefix())
    parts = [pieces[0]]
    for number, piece in zip(numbers, pieces[1:], strict=True):
        parts += [str(int(number)), piece]
    return "".join(parts)
