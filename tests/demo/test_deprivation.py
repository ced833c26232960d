"""Demo deprivation: the IoD2019 layout, national ranks and deciles as MHCLG computes them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cspkit.demo.deprivation import DOMAINS, ENGLAND_LSOAS, decile
from cspkit.demo.partnership import DemoFiles
from cspkit.sources.deprivation import read_deprivation

from .files import first_line, read_rows


def test_the_header_is_that_of_the_published_file(demo: DemoFiles, shared_data: Path) -> None:
    (ours,) = demo.files["deprivation"]
    assert first_line(ours) == first_line(shared_data / "deprivation" / "imd2019_england_lsoa11.csv")


def test_deciles_follow_from_ranks_exactly_as_in_the_published_indices(shared_data: Path) -> None:
    real = read_rows([shared_data / "deprivation" / "imd2019_england_lsoa11.csv"])
    assert len(real) == ENGLAND_LSOAS
    for domain in DOMAINS:
        ranks = np.array([float(r[f"{domain}_rank"]) for r in real], dtype=int)
        published = np.array([float(r[f"{domain}_decile"]) for r in real], dtype=int)
        assert (decile(ranks) == published).all(), domain


def test_ranks_are_distinct_national_ranks_and_deciles_match_them(demo: DemoFiles) -> None:
    rows = read_rows(demo.files["deprivation"])
    for domain in DOMAINS:
        ranks = np.array([float(r[f"{domain}_rank"]) for r in rows], dtype=int)
        assert len(set(ranks)) == len(ranks) and ranks.min() >= 1 and ranks.max() <= ENGLAND_LSOAS
        assert (decile(ranks) == np.array([float(r[f"{domain}_decile"]) for r in rows])).all()


def test_the_urban_core_is_more_deprived_and_barriers_to_housing_are_worst_in_the_country(demo, geography) -> None:
    rows = {r["lsoa11_code"]: r for r in read_rows(demo.files["deprivation"])}
    imd = np.array([float(rows[c]["IMD_rank"]) for c in geography.lsoa_codes])
    housing = np.array([float(rows[c]["Housing_and_Access_rank"]) for c in geography.lsoa_codes])
    core = geography.lsoa_district == 0
    assert np.median(imd[core]) < np.median(imd[~core])
    rural = geography.lsoa_urban < np.quantile(geography.lsoa_urban, 0.25)
    assert np.median(housing[rural]) < np.median(housing[~rural])


def test_the_file_reads_back_as_the_2019_edition(demo: DemoFiles, geography) -> None:
    read = read_deprivation(demo.files["deprivation"][0])
    assert read.edition == 2019
    assert set(read.lsoa_codes.to_pylist()) == set(geography.lsoa_codes)
