"""``link`` makes the same URL as Django's ``reverse`` for views taking whole numbers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.core.links import link


@pytest.mark.parametrize(
    ("name", "numbers"),
    [
        ("cases:list", ()),
        ("cases:detail", (1,)),
        ("cases:detail", (987_654_320,)),  # the marker itself
        ("cases:person", (120_000,)),
        ("cases:breach", (7, 12)),
        ("cases:decide_access", (3, 98_765)),
    ],
)
def test_link_is_reverse(name: str, numbers: tuple[int, ...]) -> None:
    assert link(name, *numbers) == reverse(name, args=numbers)


def test_only_whole_numbers_are_filled_in() -> None:
    with pytest.raises(ValueError):
        link("cases:detail", "1/../admin")  # type: ignore[arg-type]
