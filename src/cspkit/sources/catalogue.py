"""Where each source of evidence is published, which file to download, and how to load it.

One list, printed by ``cspkit sources`` and written out in ``docs/your-own-data.md`` (a test
checks that the guide names every file and command given here). Plain data: importing it costs
nothing, so the command answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One source of evidence, in the order it is best loaded."""

    key: str
    title: str
    needed_for: str
    publisher: str
    url: str
    download: str
    vintage: str
    command: str
    """How it is loaded, as in the guide's worked example (the files as named in ``../shared/data``)."""
    example_file: str


SOURCES: tuple[Source, ...] = (
    Source(
        key="police-uk",
        title="Street-level crime and anti-social behaviour (police.uk)",
        needed_for="required: every count in the assessment",
        publisher="data.police.uk (Home Office)",
        url="https://data.police.uk/data/",
        download=(
            "Custom download: choose the months (e.g. January 2022 to November 2022), tick your force "
            "(e.g. Staffordshire Police) and 'Include crime data'; you get one .zip holding a folder per "
            "month, YYYY-MM/YYYY-MM-<force>-street.csv. Load the .zip as it is, or the unzipped folder."
        ),
        vintage=(
            "Look at the 'LSOA code' column: the 2022 files carry 2011 LSOA codes, so take the lookup, "
            "population and boundaries for 2011 LSOAs below."
        ),
        command="cspkit load police-uk police-uk",
        example_file="police-uk/2022-01/2022-01-staffordshire-street.csv",
    ),
    Source(
        key="lookup-lsoa",
        title="LSOA to district lookup (ONS)",
        needed_for="required: which LSOAs make up each district",
        publisher="Office for National Statistics, Open Geography Portal",
        url="https://geoportal.statistics.gov.uk/",
        download=(
            "Search 'LSOA (2011) to LAD (2021) lookup' and download the CSV with columns LSOA11CD, "
            "LSOA11NM, LAD21CD, LAD21NM (lsoa11_code, ltla21_code ... in republished copies)."
        ),
        vintage=(
            "The LSOA year must be the one in your police.uk files (2011 for 2022 data); the district "
            "year should be the one of the district to CSP lookup or later."
        ),
        command="cspkit load lookup geography/lookup_lsoa11_ltla21.csv",
        example_file="geography/lookup_lsoa11_ltla21.csv",
    ),
    Source(
        key="lookup-csp",
        title="District to Community Safety Partnership to police force area lookup (ONS)",
        needed_for="required: which districts make up each CSP and force area",
        publisher="Office for National Statistics, Open Geography Portal",
        url="https://geoportal.statistics.gov.uk/",
        download=(
            "'Local Authority District to Community Safety Partnerships to Police Force Areas (January "
            "2017) Lookup in England and Wales (Version 2)', CSV: "
            "Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__January_2017__"
            "Lookup_in_England_and_Wales_Version_2.csv"
        ),
        vintage=(
            "Use the edition whose district codes match your LSOA lookup; an older edition serves for "
            "districts unchanged since (Staffordshire's have not changed since 2009)."
        ),
        command=(
            "cspkit load lookup geography/Local_Authority_District_to_Community_Safety_Partnerships_to_Police_"
            "Force_Areas__January_2017__Lookup_in_England_and_Wales_Version_2.csv"
        ),
        example_file=(
            "geography/Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__"
            "January_2017__Lookup_in_England_and_Wales_Version_2.csv"
        ),
    ),
    Source(
        key="population",
        title="Mid-year population estimates by LSOA (ONS)",
        needed_for="required: every rate per 1,000 residents",
        publisher="Office for National Statistics",
        url=(
            "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/"
            "datasets/lowersuperoutputareamidyearpopulationestimates"
        ),
        download=(
            "The edition for the year nearest your period, persons by single year of age, saved as CSV "
            "with the header first: LSOA code, name, total ('All Ages'), 0 ... 89, 90+."
        ),
        vintage=(
            "On the same LSOAs as the police.uk files: mid-2020 is the last edition on 2011 LSOAs, so use it "
            "for 2022 police.uk data. Give the mid-year with --year."
        ),
        command="cspkit load population population/population20_lsoa11.csv --year 2020",
        example_file="population/population20_lsoa11.csv",
    ),
    Source(
        key="boundaries",
        title="LSOA boundaries (ONS)",
        needed_for="optional: maps and hot spots",
        publisher="Office for National Statistics, Open Geography Portal",
        url="https://geoportal.statistics.gov.uk/",
        download=(
            "'Lower Layer Super Output Areas (December 2011) Boundaries Generalised Clipped (BGC) EW', "
            "GeoJSON (one file for England and Wales, or one per district)."
        ),
        vintage="The same LSOA year as the police.uk files.",
        command="cspkit load boundaries boundaries/lsoa11/E07000192.json",
        example_file="boundaries/lsoa11/E07000192.json",
    ),
    Source(
        key="lookup-ward",
        title="LSOA to ward lookup (ONS)",
        needed_for="optional: crime by ward, priority wards, and wards outlined and named on the maps",
        publisher="Office for National Statistics, Open Geography Portal",
        url="https://geoportal.statistics.gov.uk/",
        download=(
            "Search 'LSOA (2011) to Electoral Ward (2017) Lookup' and download the CSV with LSOA11CD, "
            "WD17CD and WD17NM. A copy without ward names (lsoa11_code, ward17_code) needs the ward "
            "boundaries too: they give each ward's name."
        ),
        vintage=(
            "The same LSOA year as the police.uk files; wards are redrawn often, so take the ward year "
            "nearest your period for which the lookup is on those LSOAs."
        ),
        command="cspkit load lookup geography/lookup_lsoa11_ward17.csv",
        example_file="geography/lookup_lsoa11_ward17.csv",
    ),
    Source(
        key="boundaries-ward",
        title="Ward boundaries (ONS)",
        needed_for="optional: ward names, when the ward lookup has none",
        publisher="Office for National Statistics, Open Geography Portal",
        url="https://geoportal.statistics.gov.uk/",
        download="'Wards (December 2017) Boundaries Generalised Clipped (BGC) UK', GeoJSON.",
        vintage=(
            "The ward year of the lookup (wards whose codes did not change carry over: Cannock Chase's "
            "2013 wards are its 2017 wards)."
        ),
        command="cspkit load boundaries boundaries/wards13/E07000192.json",
        example_file="boundaries/wards13/E07000192.json",
    ),
    Source(
        key="deprivation",
        title="English Indices of Deprivation 2019 by LSOA (MHCLG)",
        needed_for="optional: deprivation of the places with most crime",
        publisher="Ministry of Housing, Communities and Local Government",
        url="https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
        download=(
            "'File 7: all ranks, deciles and scores for the indices of deprivation, and population "
            "denominators' (CSV), or a compact copy with lsoa11_code, IMD_decile, IMD_rank ..."
        ),
        vintage="The 2019 indices are on 2011 LSOAs.",
        command="cspkit load deprivation deprivation/imd2019_england_lsoa11.csv",
        example_file="deprivation/imd2019_england_lsoa11.csv",
    ),
    Source(
        key="home-office",
        title="Police recorded crime open data tables (Home Office)",
        needed_for="optional: the published recorded-crime figures beside police.uk",
        publisher="Home Office",
        url="https://www.gov.uk/government/statistics/police-recorded-crime-open-data-tables",
        download=(
            "The police force area table (prc-pfa-...) or the CSP table (prc-csp-...), one financial "
            "year saved as CSV."
        ),
        vintage="Financial years (April to March); any year you want to compare with.",
        command="cspkit load home-office home-office/prc-pfa-mar2013-onwards-tables201718.csv",
        example_file="home-office/prc-pfa-mar2013-onwards-tables201718.csv",
    ),
    Source(
        key="harm",
        title="Cambridge Crime Harm Index (ONS)",
        needed_for="optional: harm-weighted priorities",
        publisher="Office for National Statistics (the index is the Cambridge Institute of Criminology's)",
        url="https://www.ons.gov.uk/search?q=cambridge%20crime%20harm%20index",
        download="The Cambridge Crime Harm Index 2020 workbook (cchi2020dataxls.xlsx), as published.",
        vintage="The 2020 index weights offences by their starting-point sentences.",
        command="cspkit load harm harm/cchi2020dataxls.xlsx",
        example_file="harm/cchi2020dataxls.xlsx",
    ),
)
