"""Long lists split into pages: a plan of thousands of actions stays fast and readable.

Pages that show a table of actions per priority share one ``?page=`` number: page 2 shows the
second slice of every priority's actions. Plans with no more than ``PER_PAGE`` actions in any
priority show everything on one page, exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

#: Actions per priority on one page.
PER_PAGE = 25


@dataclass(frozen=True)
class Paging:
    number: int
    per_page: int = PER_PAGE

    @property
    def window(self) -> slice:
        return slice((self.number - 1) * self.per_page, self.number * self.per_page)

    def last(self, longest: int) -> int:
        """The last page number when the longest list has ``longest`` rows."""
        return max(1, -(-longest // self.per_page))

    def clamped(self, longest: int) -> Paging:
        return Paging(min(self.number, self.last(longest)), self.per_page)


def requested_page(request: HttpRequest, name: str = "page") -> int:
    """The page asked for; anything but a plain positive number means the first."""
    text = request.GET.get(name, "1")
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) < 6 and int(text) > 0 else 1


def page_links(request: HttpRequest, paging: Paging, longest: int, name: str = "page") -> dict | None:
    """What the page links need (None when everything fits on one page); other query values kept."""
    last = paging.last(longest)
    if last <= 1:
        return None

    def url(number: int) -> str:
        query = request.GET.copy()
        query[name] = str(number)
        return f"?{query.urlencode()}"

    return {
        "number": paging.number,
        "last": last,
        "per_page": paging.per_page,
        "previous": url(paging.number - 1) if paging.number > 1 else None,
        "next": url(paging.number + 1) if paging.number < last else None,
    }


def paging_for(request: HttpRequest, longest: int) -> Paging:
    """The page asked for, no further than the last."""
    return Paging(requested_page(request)).clamped(longest)
