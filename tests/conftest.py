"""Fixtures shared by every test: a private data folder, a fresh store, the real data in ../shared."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from cspkit.config import get_settings
from cspkit.store import Store, open_store
from cspkit.store.loaders import boundaries, deprivation, harm, home_office, lookup, police_uk, population

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
REFERENCE = SHARED / "reference"


@pytest.fixture(autouse=True)
def cspkit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own CSPKIT_HOME, so no test touches the user's data folder."""
    home = tmp_path / "cspkit-home"
    monkeypatch.setenv("CSPKIT_HOME", str(home))
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def store(cspkit_home: Path) -> Store:
    """A new, empty evidence store in the test's data folder."""
    with open_store() as opened:
        yield opened


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data files beside the repository (never copied into it)."""
    assert SHARED_DATA.is_dir(), f"expected the shared data folder at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def reference() -> Path:
    """Published reference values that the statistics must reproduce."""
    assert REFERENCE.is_dir(), f"expected the reference folder at {REFERENCE}"
    return REFERENCE


# The real Staffordshire 2022 evidence, built once per session. Population and deprivation are cut
# down to the force area (in a temporary folder, never the repository) so the fixture loads in
# seconds; the figures are unchanged.

STAFFORDSHIRE_DISTRICTS = {
    "E06000021", "E07000192", "E07000193", "E07000194", "E07000195", "E07000196", "E07000197", "E07000198",
    "E07000199",
}
LAD_CSP_PFA_2017 = (
    "Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__January_2017__Lookup_in_"
    "England_and_Wales_Version_2.csv"
)


def staffordshire_lsoas(shared_data: Path) -> set[str]:
    with (shared_data / "geography" / "lookup_lsoa11_ltla21.csv").open(encoding="utf-8-sig") as stream:
        return {r["lsoa11_code"] for r in csv.DictReader(stream) if r["ltla21_code"] in STAFFORDSHIRE_DISTRICTS}


def _subset(source: Path, target: Path, column: str, keep: set[str]) -> Path:
    with source.open(encoding="utf-8-sig", newline="") as src, target.open("w", encoding="utf-8", newline="") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(row for row in reader if row[column] in keep)
    return target


@pytest.fixture(scope="session")
def staffordshire_store_file(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    folder = tmp_path_factory.mktemp("staffordshire")
    lsoas = staffordshire_lsoas(shared_data)
    geography = shared_data / "geography"
    path = folder / "evidence.duckdb"
    with open_store(path) as store:
        police_uk.load(store, [shared_data / "police-uk"])
        lookup.load(store, [geography / "lookup_lsoa11_ltla21.csv", geography / LAD_CSP_PFA_2017,
                            geography / "lookup_lsoa11_ward17.csv", geography / "lookup_ward21_ltla21.csv"])
        population.load(store, [_subset(shared_data / "population" / "population20_lsoa11.csv",
                                         folder / "population20_lsoa11.csv", "lsoa11_code", lsoas)])
        deprivation.load(store, [_subset(shared_data / "deprivation" / "imd2019_england_lsoa11.csv",
                                         folder / "imd2019_england_lsoa11.csv", "lsoa11_code", lsoas)])
        boundaries.load(store, sorted((shared_data / "boundaries" / "lsoa11").glob("*.json")))
        boundaries.load(store, sorted((shared_data / "boundaries" / "wards13").glob("*.json")))  # names the wards
        home_office.load(store, [shared_data / "home-office" / "prc-pfa-mar2013-onwards-tables201718.csv"])
        harm.load(store, [shared_data / "harm" / "cchi2020dataxls.xlsx"])
    return path


@pytest.fixture
def staffordshire_store(staffordshire_store_file: Path, tmp_path: Path):
    """A private copy of the Staffordshire store, so a test may change it."""
    copy = tmp_path / "evidence.duckdb"
    shutil.copy(staffordshire_store_file, copy)
    with open_store(copy) as store:
        yield store
