"""Loading the CCHI workbook: every offence once, traced to its file; a failed load changes nothing."""

from __future__ import annotations

import openpyxl
import pytest

from cspkit.cli.load import Kind, loader_for
from cspkit.errors import CspkitError, InputError
from cspkit.store.loaders import harm


@pytest.fixture
def workbook(shared_data):
    return shared_data / "harm" / "cchi2020dataxls.xlsx"


def rows(store) -> int:
    return store.con.execute("SELECT count(*) FROM harm_weights").fetchone()[0]


def test_the_cchi_workbook_loads_every_offence_with_its_edition_and_unit(store, workbook):
    report = harm.load(store, [workbook])

    assert report.rows == 698 and rows(store) == 698
    facts = store.con.execute(
        "SELECT DISTINCT scheme, edition, unit FROM harm_weights"
    ).fetchall()
    assert facts == [("cchi", "2020", "days")]
    murder = store.con.execute(
        "SELECT weight FROM harm_weights WHERE offence_description = 'Murder - of persons aged 1 year or over'"
    ).fetchone()
    assert murder == (5475.0,)


def test_each_weight_is_traced_to_the_file_and_its_checksum(store, workbook):
    report = harm.load(store, [workbook])

    load_id = report.files[0].load_id
    kind, source, sha = store.con.execute(
        "SELECT kind, source_file, sha256 FROM loads WHERE load_id = ?", [load_id]
    ).fetchone()
    assert (kind, source) == ("harm", str(workbook)) and len(sha) == 64
    assert store.con.execute("SELECT DISTINCT load_id FROM harm_weights").fetchall() == [(load_id,)]


def test_loading_the_same_workbook_twice_counts_its_offences_once(store, workbook):
    harm.load(store, [workbook])
    harm.load(store, [workbook.parent])

    assert rows(store) == 698


def test_a_bad_workbook_in_the_same_load_leaves_the_store_unchanged(store, workbook, tmp_path):
    bad = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "CCHI 2021 values"
    book.active.append(("FULL_OFFENCE_TITLE", "CCHI Score", "CLASSIFICATION_CODE"))
    book.active.append(("Shoplifting", "n/a", "46"))
    book.save(bad)

    with pytest.raises(InputError, match=r"bad\.xlsx, line 2"):
        harm.load(store, [workbook, bad])

    assert rows(store) == 0
    assert store.con.execute("SELECT count(*) FROM loads").fetchone()[0] == 0


def test_options_that_do_not_apply_and_other_schemes_are_refused(store, workbook):
    with pytest.raises(CspkitError, match="--year"):
        harm.load(store, [workbook], year=2020)
    with pytest.raises(CspkitError, match="cannot load scheme 'css'"):
        harm.load(store, [workbook], scheme="css")


def test_cspkit_load_harm_uses_this_loader():
    assert Kind("harm") is Kind.harm
    assert loader_for(Kind.harm) is harm.load


def test_the_load_says_which_sheet_and_edition_it_read(store, workbook):
    report = harm.load(store, [workbook])

    assert report.notes == ["cchi2020dataxls.xlsx: read sheet 'CCHI 2020 values sheet' as the 2020 edition of the "
                            "Cambridge Crime Harm Index (the year in the sheet's name)"]
