"""The store opens, migrates once, refuses newer schemas and rolls back failed work."""

from __future__ import annotations

import pytest

from cspkit.errors import StoreError
from cspkit.store import open_store
from cspkit.store.migrations import all_migrations


def test_a_new_store_is_at_the_newest_schema_version(store):
    assert store.schema_version == all_migrations()[-1].version


def test_reopening_a_store_does_not_apply_migrations_again(cspkit_home):
    with open_store() as first:
        first.con.execute("INSERT INTO loads (kind, source_file, sha256, rows, cspkit_version) "
                          "VALUES ('x', 'f', 'abc', 1, 'v')")
    with open_store() as second:
        assert second.con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(all_migrations())
        assert second.con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1


def test_a_store_from_a_newer_cspkit_is_refused(cspkit_home):
    with open_store() as first:
        first.con.execute("INSERT INTO schema_version (version, name) VALUES (9999, 'future')")
    with pytest.raises(StoreError, match="newer than this cspkit"):
        open_store()


def test_a_failed_transaction_changes_nothing(store):
    with pytest.raises(RuntimeError), store.transaction() as con:
        con.execute("INSERT INTO loads (kind, source_file, sha256, rows, cspkit_version) "
                    "VALUES ('x', 'f', 'abc', 1, 'v')")
        raise RuntimeError("boom")
    assert store.con.execute("SELECT count(*) FROM loads").fetchone()[0] == 0


def test_the_offence_hierarchy_maps_home_office_subgroups_to_police_uk_types(store):
    rows = dict(store.con.execute(
        "SELECT offence_subgroup, police_uk_crime_type FROM offence_hierarchy").fetchall())
    assert rows["Domestic burglary"] == "Burglary"
    assert rows["Theft of a motor vehicle"] == "Vehicle crime"
    assert rows["Rape offences"] == "Violence and sexual offences"
    assert rows["Fraud: action fraud"] is None
    types = {r[0] for r in store.con.execute("SELECT crime_type FROM police_uk_crime_types").fetchall()}
    mapped = {v for v in rows.values() if v}
    assert mapped == types - {"Anti-social behaviour"}


def test_opening_a_missing_store_read_only_says_how_to_fill_it(cspkit_home):
    with pytest.raises(StoreError, match="cspkit demo"):
        open_store(read_only=True)
