"""England and Wales joins the rates table only when every territorial force's files are loaded."""

from __future__ import annotations

from datetime import date

from cspkit.assess.build import _all_territorial_forces_loaded
from cspkit.assess.period import parse_period


def _file(store, force: str, month: date) -> None:
    store.con.execute("INSERT INTO police_uk_files VALUES (?, ?, 'street', 10, 0, NULL, 1)", [force, month])


def test_england_and_wales_needs_every_force_for_every_month(store):
    period = parse_period("2022-01..2022-02")
    store.con.execute("DELETE FROM police_forces")
    store.con.execute("INSERT INTO police_forces VALUES ('north', 'North Police', 'E23000001', 'North'), "
                      "('south', 'South Police', 'E23000002', 'South'), "
                      "('btp', 'British Transport Police', NULL, NULL)")
    _file(store, "north", date(2022, 1, 1))
    _file(store, "north", date(2022, 2, 1))
    _file(store, "south", date(2022, 1, 1))
    assert not _all_territorial_forces_loaded(store.con, period)  # south lacks February
    _file(store, "south", date(2022, 2, 1))
    assert _all_territorial_forces_loaded(store.con, period)  # the transport police are not needed
