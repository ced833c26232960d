"""Loading the Indices of Deprivation: the share of each district's LSOAs in the most deprived
tenth, computed in the store, matches MHCLG's published district summaries."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal

import pytest

from cspkit.errors import CspkitError, InputError
from cspkit.store import open_store
from cspkit.store.loaders import deprivation, lookup

SHARE_MOST_DEPRIVED = """
    SELECT k.parent_code, count(*) FILTER (WHERE d.decile = 1), count(*)
    FROM deprivation d
    JOIN area_links k ON k.child_code = d.lsoa_code AND k.child_level = 'lsoa' AND k.child_vintage = '2011'
                     AND k.parent_level = 'lad' AND k.parent_vintage = '2021'
    WHERE d.edition = 2019 AND d.domain = 'Index of Multiple Deprivation'
    GROUP BY ALL
"""
# Districts abolished between the 2019 and 2021 codes: Buckinghamshire's four (unitary from April
# 2020) and Northamptonshire's seven (two unitaries from April 2021). Their LSOAs now sit in the new
# unitaries, whose shares the 2019 summaries cannot give.
ABOLISHED_2019 = {"E07000004", "E07000005", "E07000006", "E07000007", *(f"E07000{c}" for c in range(150, 157))}
CREATED_2021 = {"E06000060", "E06000061", "E06000062"}


@pytest.fixture(scope="module")
def england(tmp_path_factory, shared_data):
    with open_store(tmp_path_factory.mktemp("deprivation") / "evidence.duckdb") as store:
        lookup.load(store, [shared_data / "geography" / "lookup_lsoa11_ltla21.csv"])
        deprivation.load(store, [shared_data / "deprivation" / "imd2019_england_lsoa11.csv"])
        yield store


FOUR_PLACES = Decimal("0.0001")


def published_shares(shared_data) -> dict[str, Decimal]:
    """The published share, as printed to four decimal places."""
    with open(shared_data / "deprivation" / "IoD2019_lad.csv", encoding="utf-8") as f:
        return {
            row["lad19cd"]: Decimal(row["proportion_bottom_decile"]).quantize(FOUR_PLACES, ROUND_HALF_UP)
            for row in csv.DictReader(f)
            if row["index_domain"] == "Index of Multiple Deprivation"
        }


def test_each_districts_share_of_lsoas_in_the_most_deprived_tenth_matches_the_published_figure(england, shared_data):
    computed = {
        code: (Decimal(most) / Decimal(lsoas)).quantize(FOUR_PLACES, ROUND_HALF_UP)
        for code, most, lsoas in england.con.execute(SHARE_MOST_DEPRIVED).fetchall()
    }
    published = published_shares(shared_data)
    assert set(published) - set(computed) == ABOLISHED_2019
    assert {c for c in set(computed) - set(published) if c.startswith("E")} == CREATED_2021
    common = set(published) & set(computed)
    assert len(common) == 317 - len(ABOLISHED_2019)
    assert {code: computed[code] for code in common if computed[code] != published[code]} == {}
    assert computed["E06000021"] == Decimal("0.3208")  # Stoke-on-Trent
    assert computed["E07000192"] == Decimal("0.0333")  # Cannock Chase


def test_loading_the_same_file_twice_counts_it_once(store, tmp_path):
    path = tmp_path / "imd2019_test.csv"
    path.write_text("lsoa11_code,IMD_decile,IMD_rank\nE01014210,1,120\nE01014211,2,4000\n", encoding="utf-8")
    deprivation.load(store, [path])
    deprivation.load(store, [path])
    assert store.con.execute("SELECT count(*), min(edition) FROM deprivation").fetchone() == (2, 2019)


def test_a_failed_load_changes_nothing(store, tmp_path):
    good = tmp_path / "imd2019_a.csv"
    good.write_text("lsoa11_code,IMD_decile\nE01014210,1\n", encoding="utf-8")
    bad = tmp_path / "imd2019_b.csv"
    bad.write_text("lsoa11_code,IMD_decile\nE01014211,0\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"imd2019_b.csv, line 2"):
        deprivation.load(store, [good, bad])
    assert store.con.execute("SELECT (SELECT count(*) FROM deprivation) + (SELECT count(*) FROM loads)").fetchone() == (
        0,
    )


def test_the_year_option_gives_the_edition(store, tmp_path):
    path = tmp_path / "deprivation.csv"
    path.write_text("lsoa11_code,IMD_decile\nE01014210,1\n", encoding="utf-8")
    deprivation.load(store, [path], year=2015)
    assert store.con.execute("SELECT edition FROM deprivation").fetchall() == [(2015,)]
    with pytest.raises(CspkitError, match="--level does not apply to deprivation files"):
        deprivation.load(store, [path], level="lsoa")


def test_two_files_with_the_same_lsoa_and_edition_in_one_load_are_refused(store, tmp_path):
    for name in ("imd2019_a.csv", "imd2019_b.csv"):
        (tmp_path / name).write_text("lsoa11_code,IMD_decile\nE01014210,1\n", encoding="utf-8")
    with pytest.raises(CspkitError, match="both hold the 2019 indices for LSOA E01014210"):
        deprivation.load(store, [tmp_path])
