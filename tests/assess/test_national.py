"""Assessing every district at once agrees with counts, rates and Gi* computed straight from the files."""

from __future__ import annotations

import json
import math
import shutil
from datetime import date
from pathlib import Path

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from libpysal.weights import Queen
from scipy import stats

from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.assess.national import assess_districts
from cspkit.assess.period import Period
from cspkit.demo.national import write_national_archive
from cspkit.errors import CspkitError
from cspkit.store import open_store
from cspkit.store.loaders import boundaries, lookup, police_uk, population

PERIOD = Period(date(2023, 11, 1), date(2023, 12, 1))
UNLOADED_DISTRICT = "E07899001"  # in the lookup, in a force area with no police.uk files


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Three fictional forces x three months, with a lookup, populations and square LSOA boundaries
    derived here from the LSOAs the street files name (one LSOA is left without a population)."""
    folder = tmp_path_factory.mktemp("national")
    write_national_archive(folder / "archive", forces=3, months=3, rows_per_force_month=600, lsoas_per_force=40)
    street = pd.concat(
        [pd.read_csv(p, dtype=str, keep_default_na=False).assign(force=p.name[8:-len("-street.csv")])
         for p in sorted((folder / "archive").glob("*/*-street.csv"))],
        ignore_index=True,
    )
    geography = _lookup(street)
    extra = pd.DataFrame([{"LSOA11CD": "E01899001", "LSOA11NM": "Nowhere 001A", "LAD21CD": UNLOADED_DISTRICT,
                           "LAD21NM": "Nowhere", "CSP21CD": "E22899001", "CSP21NM": "Nowhere",
                           "PFA21CD": "E23899001", "PFA21NM": "Unloaded", "force": ""}])
    geography = pd.concat([geography, extra], ignore_index=True)
    geography.drop(columns="force").to_csv(folder / "lsoa11_lad21_csp21_pfa21.csv", index=False)
    people = geography[["LSOA11NM", "LSOA11CD"]].rename(columns={"LSOA11NM": "lsoa11_name", "LSOA11CD": "lsoa11_code"})
    people["total_population"] = np.random.default_rng(7).integers(1000, 3000, len(people)).astype(float)
    people.iloc[1:].to_csv(folder / "population20_lsoa11.csv", index=False)
    (folder / "lsoa11.geojson").write_text(json.dumps(_squares(geography)))

    path = folder / "evidence.duckdb"
    with open_store(path) as store:
        police_uk.load(store, [folder / "archive"])
        lookup.load(store, [folder / "lsoa11_lad21_csp21_pfa21.csv"])
        population.load(store, [folder / "population20_lsoa11.csv"])
        boundaries.load(store, [folder / "lsoa11.geojson"])
        forces = geography[geography["force"] != ""][["force", "PFA21CD", "PFA21NM"]].drop_duplicates()
        with store.transaction() as con:
            for force, code, name in forces.itertuples(index=False):
                con.execute("INSERT OR REPLACE INTO police_forces VALUES (?, ?, ?, ?)", [force, name, code, name])
    return {"store": path, "street": street, "geography": geography, "people": people.iloc[1:],
            "boundaries": folder / "lsoa11.geojson"}


def _lookup(street: pd.DataFrame) -> pd.DataFrame:
    """LSOA -> district (the LSOA name without its last word) -> CSP -> force area, numbered in order."""
    lsoas = street.loc[street["LSOA code"] != "", ["LSOA code", "LSOA name", "force"]].drop_duplicates()
    lsoas = lsoas.sort_values("LSOA code", ignore_index=True)
    lsoas["district"] = lsoas["LSOA name"].str.rsplit(" ", n=1).str[0]
    district = lsoas.groupby(["force", "district"]).ngroup()
    force = lsoas.groupby("force").ngroup()
    return pd.DataFrame({
        "LSOA11CD": lsoas["LSOA code"], "LSOA11NM": lsoas["LSOA name"],
        "LAD21CD": [f"E07{800_001 + i:06d}" for i in district], "LAD21NM": lsoas["district"],
        "CSP21CD": [f"E22{800_001 + i:06d}" for i in district], "CSP21NM": lsoas["district"],
        "PFA21CD": [f"E23{800_001 + i:06d}" for i in force], "PFA21NM": lsoas["force"].str.title(),
        "force": lsoas["force"],
    })


def _squares(geography: pd.DataFrame) -> dict:
    """Each district's LSOAs as a block of unit squares, a row at a time, blocks far apart."""
    features = []
    for index, (_, members) in enumerate(geography.groupby("LAD21CD")):
        side = math.ceil(math.sqrt(len(members)))
        for k, code in enumerate(members["LSOA11CD"]):
            x, y = -2.9 + index * 0.2 + (k % side) * 0.01, 52.0 + (k // side) * 0.01
            ring = [[round(a, 6), round(b, 6)] for a, b in ((x, y), (x + 0.01, y), (x + 0.01, y + 0.01),
                                                             (x, y + 0.01), (x, y))]
            features.append({"type": "Feature", "properties": {"LSOA11CD": code},
                             "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


@pytest.fixture
def national_store(national: dict, tmp_path: Path):
    copy = tmp_path / "evidence.duckdb"
    shutil.copy(national["store"], copy)
    with open_store(copy) as store:
        yield store


@pytest.fixture
def assessed(national_store):
    return assess_districts(national_store, PERIOD)


def independent_counts(national: dict) -> pd.DataFrame:
    """Records of the period per district and crime type, counted from the CSV rows."""
    street = national["street"]
    street = street[street["Month"].isin(["2023-11", "2023-12"])]
    located = street.merge(national["geography"], left_on="LSOA code", right_on="LSOA11CD")
    return located.groupby(["LAD21CD", "Crime type"]).size().unstack(fill_value=0)


def loaded_people(national: dict) -> pd.DataFrame:
    """LSOA populations with their district and force area, in the force areas with police.uk files."""
    people = national["people"].merge(national["geography"], left_on="lsoa11_code", right_on="LSOA11CD")
    return people[people["force"] != ""]


def poisson_limits(o: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact limits below 10 events, Byar's from 10 (Breslow & Day 1987; PHE technical guide)."""
    alpha, z = 1 - level, stats.norm.ppf(1 - (1 - level) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        exact_lower = np.where(o == 0, 0.0, stats.chi2.ppf(alpha / 2, 2 * o) / 2)
        byar_lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
    exact_upper = stats.chi2.ppf(1 - alpha / 2, 2 * o + 2) / 2
    byar_upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    return np.where(o < 10, exact_lower, byar_lower), np.where(o < 10, exact_upper, byar_upper)


def test_every_district_of_the_loaded_force_areas_is_assessed_and_no_other(national, assessed):
    expected = set(national["geography"].loc[national["geography"]["force"] != "", "LAD21CD"])
    assert set(assessed.districts["district_code"]) == expected
    assert set(assessed.rates["district_code"]) == expected
    assert UNLOADED_DISTRICT not in set(assessed.rates["district_code"])


def test_district_counts_match_a_count_of_the_street_files_for_the_period(national, assessed):
    expected = independent_counts(national)
    area = assessed.rates[assessed.rates["comparator_kind"] == "area"].set_index(["district_code", "crime_group"])
    for district, row in expected.iterrows():
        for crime_type, count in row.items():
            assert area.loc[(district, crime_type), "count"] == count, (district, crime_type)
        assert area.loc[(district, ALL_CRIME), "count"] == row.drop(ASB).sum()


def test_populations_sum_the_lsoa_estimates_and_count_the_lsoas_without_one(national, assessed):
    expected = loaded_people(national).groupby("LAD21CD")["total_population"].sum()
    districts = assessed.districts.set_index("district_code")
    assert districts["population"].to_dict() == pytest.approx(expected.to_dict())
    assert districts["lsoas_without_population"].sum() == 1
    assert any("1 LSOA(s) have no population estimate" in note for note in assessed.notes)


def test_rates_and_intervals_of_districts_forces_and_the_country_match_an_independent_calculation(
    national, assessed
):
    counts = independent_counts(national).stack().rename("count").reset_index()
    people = loaded_people(national)
    owners = national["geography"][["LAD21CD", "PFA21CD"]].drop_duplicates()
    counts = counts.merge(owners, on="LAD21CD")
    expected = {
        "area": (counts.groupby(["LAD21CD", "Crime type"])["count"].sum(),
                 people.groupby("LAD21CD")["total_population"].sum()),
        "force": (counts.groupby(["PFA21CD", "Crime type"])["count"].sum(),
                  people.groupby("PFA21CD")["total_population"].sum()),
    }
    rates = assessed.rates.merge(owners, left_on="district_code", right_on="LAD21CD")
    rates = rates[rates["crime_group"].isin(counts["Crime type"].unique())]
    checked_exact = checked_byar = 0
    for kind, key in (("area", "LAD21CD"), ("force", "PFA21CD"), ("national", None)):
        rows = rates[rates["comparator_kind"] == kind]
        if key is None:
            count = rows["crime_group"].map(counts.groupby("Crime type")["count"].sum()).to_numpy(float)
            people_total = np.full(len(rows), people["total_population"].sum())
        else:
            by_key, population_of = expected[kind]
            count = np.array([by_key.get((k, g), 0) for k, g in zip(rows[key], rows["crime_group"], strict=True)],
                             dtype=float)
            people_total = rows[key].map(population_of).to_numpy(float)
        np.testing.assert_array_equal(rows["count"].to_numpy(), count)
        np.testing.assert_allclose(rows["population"].to_numpy(), people_total)
        np.testing.assert_allclose(rows["rate"].to_numpy(), count / people_total * 1000, rtol=1e-12)
        for label, level in (("95", 0.95), ("99_8", 0.998)):
            lower, upper = poisson_limits(count, level)
            np.testing.assert_allclose(rows[f"lower_{label}"].to_numpy(), lower / people_total * 1000, rtol=1e-9)
            np.testing.assert_allclose(rows[f"upper_{label}"].to_numpy(), upper / people_total * 1000, rtol=1e-9)
        checked_exact += int((count < 10).sum())
        checked_byar += int((count >= 10).sum())
    assert checked_exact > 0 and checked_byar > 0  # both interval methods were exercised


def test_each_district_is_higher_or_lower_only_when_its_interval_excludes_the_comparator_rate(assessed):
    rates = assessed.rates
    area = rates[rates["comparator_kind"] == "area"].set_index(["district_code", "crime_group"])
    others = rates[rates["comparator_kind"] != "area"]
    assert set(others["comparator_kind"]) == {"force", "national"}
    assert (rates.loc[rates["comparator_kind"] == "area", "significance_95"] == "").all()
    seen = set()
    for row in others.itertuples(index=False):
        mine = area.loc[(row.district_code, row.crime_group)]
        for label in ("95", "99_8"):
            if mine[f"lower_{label}"] > row.rate:
                expected = "higher"
            elif mine[f"upper_{label}"] < row.rate:
                expected = "lower"
            else:
                expected = "similar"
            assert getattr(row, f"significance_{label}") == expected
            seen.add(expected)
    assert seen == {"higher", "lower", "similar"}


def test_the_country_is_every_loaded_force_area_and_is_named_as_such(assessed):
    national = assessed.rates[assessed.rates["comparator_kind"] == "national"]
    assert set(national["comparator"]) == {"All loaded force areas (3)"}
    force = assessed.rates[assessed.rates["comparator_kind"] == "force"]
    assert force["comparator"].str.endswith("(force area)").all()


def test_lsoa_hot_spots_match_esda_gi_star_on_queen_contiguity_with_fdr_correction(national, assessed):
    hot = assessed.hotspots
    assert set(hot["crime_group"]) == {ALL_CRIME, ASB}
    shapes = gpd.read_file(national["boundaries"]).merge(national["geography"], on="LSOA11CD")
    counts = national["street"][national["street"]["Month"].isin(["2023-11", "2023-12"])]
    compared = 0
    for district, members in shapes.groupby("LAD21CD"):
        if district == UNLOADED_DISTRICT or len(members) < 3:
            continue
        members = members.reset_index(drop=True)
        weights = Queen.from_dataframe(members, ids=members["LSOA11CD"].tolist(), silence_warnings=True)
        in_district = counts[counts["LSOA code"].isin(members["LSOA11CD"])]
        values = (in_district[in_district["Crime type"] != ASB].groupby("LSOA code").size()
                  .reindex(members["LSOA11CD"], fill_value=0).to_numpy(float))
        with np.errstate(divide="ignore", invalid="ignore"):  # a district whose LSOAs all have the same count
            g = esda.G_Local(values, weights, transform="B", star=True, permutations=0)
        p = 2 * stats.norm.sf(np.abs(g.Zs))
        p_adjusted = np.full(len(p), np.nan)  # z is undefined where every LSOA has the same count
        p_adjusted[np.isfinite(p)] = stats.false_discovery_control(p[np.isfinite(p)])
        mine = hot[(hot["district_code"] == district) & (hot["crime_group"] == ALL_CRIME)].set_index("lsoa_code")
        mine = mine.loc[members["LSOA11CD"]]
        np.testing.assert_allclose(mine["z"].to_numpy(), g.Zs, rtol=1e-9)
        np.testing.assert_allclose(mine["p_adjusted"].to_numpy(), p_adjusted, rtol=1e-9)
        compared += 1
    assert compared == assessed.districts["lsoas_with_boundary"].ge(3).sum()


def test_the_default_period_is_the_latest_twelve_loaded_months_or_all_of_fewer(national_store):
    result = assess_districts(national_store)
    assert result.period == Period(date(2023, 10, 1), date(2023, 12, 1))


def test_records_counted_in_no_district_are_reported_in_a_note(national, assessed):
    street = national["street"]
    street = street[street["Month"].isin(["2023-11", "2023-12"])]
    outside = int((~street["LSOA code"].isin(national["geography"]["LSOA11CD"])).sum())
    assert outside > 0
    assert any(note.startswith(f"{outside:,} records of the period have no LSOA code") for note in assessed.notes)


def test_a_force_with_no_known_force_area_is_left_out_and_named(national, national_store):
    dropped = national["geography"]["force"].iloc[0]
    national_store.con.execute("DELETE FROM police_forces WHERE force = ?", [dropped])
    result = assess_districts(national_store, PERIOD)
    left_out = set(national["geography"].loc[national["geography"]["force"] == dropped, "LAD21CD"])
    assert not left_out & set(result.districts["district_code"])
    assert any("have no known police force area" in note and dropped in note for note in result.notes)
    assert set(result.rates.loc[result.rates["comparator_kind"] == "national", "comparator"]) == {
        "All loaded force areas (2)"}


def test_forces_none_of_which_has_a_known_force_area_are_refused_by_name(national, national_store):
    national_store.con.execute("DELETE FROM police_forces")
    with pytest.raises(CspkitError, match="is linked to a police force area") as raised:
        assess_districts(national_store, PERIOD)
    assert all(force in str(raised.value) for force in set(national["geography"]["force"]) - {""})


def test_hot_spots_for_an_unknown_crime_group_are_refused_naming_the_groups(national_store):
    with pytest.raises(CspkitError, match=r"No crime group called 'Burglaries'.*Burglary"):
        assess_districts(national_store, PERIOD, hotspot_groups=("Burglaries",))


def test_a_store_without_a_lookup_is_refused_with_advice(national, store):
    shutil.copytree(national["store"].parent / "archive", store.path.parent / "archive")
    police_uk.load(store, [store.path.parent / "archive"])
    store.con.execute("INSERT OR REPLACE INTO police_forces VALUES ('ashdown', 'Ashdown Police', 'E23800001', 'A')")
    with pytest.raises(CspkitError, match="cspkit load lookup"):
        assess_districts(store, PERIOD)


def test_a_store_without_police_uk_files_for_the_period_is_refused(national_store):
    with pytest.raises(CspkitError, match=r"No police\.uk street files are loaded for"):
        assess_districts(national_store, Period(date(2020, 1, 1), date(2020, 12, 1)))


def test_the_real_staffordshire_districts_are_assessed_with_their_published_populations(staffordshire_store):
    result = assess_districts(staffordshire_store, Period(date(2022, 1, 1), date(2022, 11, 1)))
    districts = result.districts.set_index("district_name")
    assert len(districts) == 9
    assert set(districts["force_name"]) == {"Staffordshire"}
    # ONS mid-2020 estimates by district (population20_ltla21.csv): LSOA sums must reproduce them.
    assert districts.loc["Stoke-on-Trent", "population"] == pytest.approx(256_622)
    assert districts.loc["Cannock Chase", "population"] == pytest.approx(101_484)
    assert districts.loc["Stafford", "population"] == pytest.approx(137_858)
    assert set(result.hotspots["district_name"]) == set(districts.index)
