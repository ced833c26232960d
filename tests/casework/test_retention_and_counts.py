"""Retention periods and small-number suppression."""

from datetime import date

import pytest

from cspkit.casework.counts import display, suppress, suppress_flow, suppress_row
from cspkit.casework.retention import kept_until, lapsed, lapses
from cspkit.casework.settings import RetentionRule, default_settings

SIX_YEARS = RetentionRule("case", 6, "closed", "anonymise")


def test_a_record_is_kept_to_the_end_of_its_period_and_lapses_the_day_after():
    closed = date(2020, 3, 31)
    assert kept_until(closed, SIX_YEARS) == date(2026, 3, 31)
    assert not lapsed(closed, SIX_YEARS, date(2026, 3, 31))
    assert lapsed(closed, SIX_YEARS, date(2026, 4, 1))


def test_an_open_record_never_lapses():
    assert not lapsed(None, SIX_YEARS, date(2099, 1, 1))


def test_lapses_lists_only_lapsed_records_oldest_first():
    found = lapses(
        "case", {1: date(2019, 1, 1), 2: None, 3: date(2018, 5, 1), 4: date(2024, 1, 1)}, SIX_YEARS, date(2026, 1, 1)
    )
    assert [lapse.record_id for lapse in found] == [3, 1]


def test_the_default_schedule_is_written_down_for_every_record_type():
    retention = default_settings().retention
    assert set(retention) >= {"case", "person", "case_note", "incident", "risk_assessment", "case_review", "task"}
    assert retention["case"].years == 6 and retention["case"].action == "anonymise"


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (120, 120)])
def test_counts_from_one_to_four_are_suppressed(count, shown):
    assert suppress(count) == shown


def test_one_small_cell_in_a_row_with_a_total_takes_the_next_smallest_with_it():
    row = suppress_row({"a": 3, "b": 7, "c": 20})
    assert row.cells == {"a": None, "b": None, "c": 20}
    assert row.total == 30
    assert display(row.cells["a"]) == "[c]" and display(1234) == "1,234"


def test_a_row_without_small_cells_is_unchanged():
    assert suppress_row({"a": 5, "b": 0}).cells == {"a": 5, "b": 0}


def test_cases_closed_cannot_be_worked_out_from_opened_and_still_open():
    """The demo's board table showed opened 12, open at the end 10 (none open before): closed [c] was 2."""
    opened, closed, open_at_end = suppress_flow(0, 12, 2, 10)
    # with the number still open withheld too, closed could be any of 1 to 4 (open 11 to 8)
    assert closed is None and open_at_end is None and opened == 12


def test_a_small_number_open_at_the_start_takes_one_of_the_periods_counts_with_it():
    # open at the start (the last period's end) withheld: opened and closed shown would give it back
    assert suppress_flow(3, 20, 9, 14) == (20, None, 14)


def test_a_flow_with_nothing_small_or_two_small_is_left_as_it_is():
    assert suppress_flow(10, 20, 9, 21) == (20, 9, 21)
    assert suppress_flow(0, 3, 2, 1) == (None, None, None)
