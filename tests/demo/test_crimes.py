"""Demo crime behaves as designed: volume, mix, seasons, trends, hotspots, repeats and quirks."""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy.stats import spearmanr

from cspkit.demo.crimes import EMERGING_TYPES, find_hotspots
from cspkit.demo.geography import Geography

from .files import read_rows

ASB = "Anti-social behaviour"


def monthly(rows: list[dict[str, str]], crime_type: str | None = None) -> Counter:
    return Counter(r["Month"] for r in rows if crime_type is None or r["Crime type"] == crime_type)


def test_three_years_of_monthly_files_end_in_september_2026(street) -> None:
    months = sorted(monthly(street))
    assert (months[0], months[-1], len(months)) == ("2023-10", "2026-09", 36)


def test_asb_is_a_fifth_to_a_quarter_of_rows_and_half_a_percent_have_no_location(street) -> None:
    assert 0.20 <= sum(r["Crime type"] == ASB for r in street) / len(street) <= 0.25
    assert 0.003 < sum(r["Location"] == "No Location" for r in street) / len(street) < 0.008


def test_the_force_records_about_nine_rows_per_thousand_residents_a_month(demo, street) -> None:
    residents = sum(float(r["total_population"]) for r in read_rows(demo.files["population"][:1]))
    usual = np.mean([n for month, n in monthly(street).items() if month >= "2024-01"])
    assert 7 < usual / residents * 1000 < 11


def test_the_first_three_months_are_short_as_in_a_real_recording_quirk(street) -> None:
    counts = monthly(street)
    months = sorted(counts)
    short = np.mean([counts[m] for m in months[:3]])
    after = np.mean([counts[m] for m in months[3:6]])
    assert 0.55 < short / after < 0.75


def test_violence_and_asb_peak_in_summer_and_burglary_in_winter(street) -> None:
    def season(crime_type: str, months: tuple[str, ...]) -> int:
        counts = monthly(street, crime_type)
        return sum(counts[month] for month in months)

    # Two summers against the two winters between and after them, so trends roughly cancel.
    summer = ("2024-06", "2024-07", "2024-08", "2025-06", "2025-07", "2025-08")
    winter = ("2024-12", "2025-01", "2025-02", "2025-12", "2026-01", "2026-02")
    assert season(ASB, summer) > 1.3 * season(ASB, winter)
    assert season("Violence and sexual offences", summer) > 1.1 * season("Violence and sexual offences", winter)
    assert season("Burglary", winter) > 1.15 * season("Burglary", summer)


def test_shoplifting_rises_and_asb_falls_year_on_year(street) -> None:
    def year(crime_type: str, first: str, last: str) -> int:
        return sum(n for month, n in monthly(street, crime_type).items() if first <= month <= last)

    assert year("Shoplifting", "2025-10", "2026-09") > 1.08 * year("Shoplifting", "2024-10", "2025-09")
    assert year(ASB, "2025-10", "2026-09") < year(ASB, "2024-10", "2025-09")


def test_town_centres_are_persistent_hotspots_in_every_year(street, geography: Geography) -> None:
    hotspots = {geography.lsoa_codes[i] for i in find_hotspots(geography).persistent}
    for first, last in (("2023-10", "2024-09"), ("2024-10", "2025-09"), ("2025-10", "2026-09")):
        counts = Counter(r["LSOA code"] for r in street if first <= r["Month"] <= last and r["LSOA code"])
        busiest = {code for code, _ in counts.most_common(2 * len(hotspots))}
        assert hotspots <= busiest


def test_crime_is_concentrated_as_in_real_data_a_tenth_of_lsoas_holding_over_a_quarter(street) -> None:
    counts = sorted(Counter(r["LSOA code"] for r in street if r["LSOA code"]).values(), reverse=True)
    assert sum(counts[: len(counts) // 10]) / sum(counts) > 0.25


def test_one_market_town_lsoa_emerges_as_a_hotspot_in_the_final_year(street, geography: Geography) -> None:
    emerging = geography.lsoa_codes[find_hotspots(geography).emerging]

    def count(first: str, last: str) -> int:
        return sum(
            1
            for r in street
            if r["LSOA code"] == emerging and r["Crime type"] in EMERGING_TYPES and first <= r["Month"] <= last
        )

    assert count("2026-04", "2026-09") > 3 * count("2025-04", "2025-09")


def test_crime_rates_rise_with_deprivation(demo, street) -> None:
    residents = {r["lsoa11_code"]: float(r["total_population"]) for r in read_rows(demo.files["population"][:1])}
    rank = {r["lsoa11_code"]: float(r["IMD_rank"]) for r in read_rows(demo.files["deprivation"])}
    counts = Counter(r["LSOA code"] for r in street if r["LSOA code"] in residents)
    codes = sorted(residents)
    rho, _ = spearmanr([counts[c] / residents[c] for c in codes], [rank[c] for c in codes])
    assert rho < -0.3  # rank 1 is the most deprived


def test_most_crime_happens_at_places_where_crime_happened_before(street) -> None:
    year = [r for r in street if r["Month"] >= "2025-10" and r["LSOA code"]]
    places = Counter((r["Longitude"], r["Latitude"]) for r in year)
    repeated = sum(n for n in places.values() if n > 1)
    assert repeated / len(year) > 0.8
    assert max(places.values()) > 50


def test_a_few_crimes_are_recorded_in_lsoas_outside_the_force_area(demo, street) -> None:
    ours = {r["LSOA11CD"] for r in read_rows(demo.files["lookup"])}
    outside = [r for r in street if r["LSOA code"] and r["LSOA code"] not in ours]
    assert 0 < len(outside) < 0.01 * len(street)
