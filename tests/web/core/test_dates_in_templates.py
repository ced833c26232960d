"""The quick date filters (``day``, ``day_time``) print exactly what Django's ``date`` filter
prints with the same format, in UK time across the clock changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template


def _render(text: str, value) -> str:
    return Template("{% load govuk %}" + text).render(Context({"v": value}))


@pytest.mark.parametrize("month", range(1, 13))
def test_day_matches_the_date_filter_for_every_month(month: int) -> None:
    for value in (dt.date(2026, month, 1), dt.date(1999, month, 28)):
        assert _render("{{ v|day }}", value) == _render('{{ v|date:"j M Y" }}', value)


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC),  # the hour before British Summer Time
        dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC),  # 02:00 in London
        dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),  # 01:30 BST, the day the clocks go back
        dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC),
    ],
)
def test_day_time_matches_the_date_filter_in_uk_time(moment: dt.datetime) -> None:
    assert _render("{{ v|day_time }}", moment) == _render('{{ v|date:"j M Y H:i" }}', moment)
    assert _render("{{ v|day }}", moment) == _render('{{ v|date:"j M Y" }}', moment)


def test_nothing_prints_nothing() -> None:
    assert _render("{{ v|day }}|{{ v|day_time }}", None) == "|"
