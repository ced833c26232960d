"""The first evidence-store schema: loads, police.uk records, Home Office tables, geography,
population, boundaries, deprivation, partner indicators and the offence hierarchy."""

from __future__ import annotations

import duckdb

from cspkit.store.reference import install_reference_data

SCHEMA = """
CREATE SEQUENCE load_id_seq START 1;

-- One row per file (or zip member) loaded: what, from where, its checksum, rows, when.
CREATE TABLE loads (
    load_id       BIGINT PRIMARY KEY DEFAULT nextval('load_id_seq'),
    kind          VARCHAR NOT NULL,      -- police-uk-street, home-office, lookup, population, ...
    source_file   VARCHAR NOT NULL,      -- path as given by the user
    member        VARCHAR,               -- member inside a zip archive, if any
    sha256        VARCHAR NOT NULL,
    rows          BIGINT NOT NULL,
    loaded_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    cspkit_version VARCHAR NOT NULL,
    detail        JSON                   -- reader-specific facts (force, month, vintage, ...)
);

-- police.uk street-level crime and ASB; one file per force and month, replaced on reload.
CREATE TABLE street_crimes (
    force          VARCHAR NOT NULL,     -- force slug from the file name, e.g. 'staffordshire'
    month          DATE NOT NULL,        -- first day of the month
    crime_id       VARCHAR,              -- empty for ASB
    reported_by    VARCHAR NOT NULL,
    falls_within   VARCHAR NOT NULL,
    longitude      DOUBLE,
    latitude       DOUBLE,
    location       VARCHAR,
    lsoa_code      VARCHAR,
    lsoa_name      VARCHAR,
    crime_type     VARCHAR NOT NULL,
    last_outcome   VARCHAR,
    context        VARCHAR,
    load_id        BIGINT NOT NULL
);

CREATE TABLE outcomes (
    force          VARCHAR NOT NULL,
    month          DATE NOT NULL,
    crime_id       VARCHAR,
    reported_by    VARCHAR NOT NULL,
    falls_within   VARCHAR NOT NULL,
    longitude      DOUBLE,
    latitude       DOUBLE,
    location       VARCHAR,
    lsoa_code      VARCHAR,
    lsoa_name      VARCHAR,
    outcome_type   VARCHAR NOT NULL,
    load_id        BIGINT NOT NULL
);

CREATE TABLE stop_searches (
    force                     VARCHAR NOT NULL,
    month                     DATE NOT NULL,
    search_type               VARCHAR,
    searched_at               VARCHAR,   -- as published (ISO 8601 with offset)
    part_of_policing_operation VARCHAR,
    policing_operation        VARCHAR,
    latitude                  DOUBLE,
    longitude                 DOUBLE,
    gender                    VARCHAR,
    age_range                 VARCHAR,
    self_defined_ethnicity    VARCHAR,
    officer_defined_ethnicity VARCHAR,
    legislation               VARCHAR,
    object_of_search          VARCHAR,
    outcome                   VARCHAR,
    outcome_linked_to_object  VARCHAR,
    removal_of_outer_clothing VARCHAR,
    load_id                   BIGINT NOT NULL
);

-- Which police.uk files are in the store: the basis of coverage and data-quality checks.
CREATE TABLE police_uk_files (
    force            VARCHAR NOT NULL,
    month            DATE NOT NULL,
    kind             VARCHAR NOT NULL,   -- street, outcomes, stop-and-search
    rows             BIGINT NOT NULL,
    rows_no_location BIGINT NOT NULL,
    force_name       VARCHAR,            -- 'Reported by' as written in the file
    load_id          BIGINT NOT NULL,
    PRIMARY KEY (force, month, kind)
);

-- Home Office police recorded crime open data (force-area and CSP layouts).
CREATE TABLE ho_recorded_crime (
    area_type           VARCHAR NOT NULL,   -- 'pfa' or 'csp'
    area_name           VARCHAR NOT NULL,
    area_code           VARCHAR,            -- ONS code where the table gives one
    force_name          VARCHAR,
    financial_year      VARCHAR NOT NULL,   -- e.g. '2017/18'
    financial_quarter   INTEGER NOT NULL,   -- 1..4
    offence_code        VARCHAR NOT NULL,
    offence_description VARCHAR NOT NULL,
    offence_group       VARCHAR NOT NULL,
    offence_subgroup    VARCHAR NOT NULL,
    offences            BIGINT NOT NULL,
    load_id             BIGINT NOT NULL
);

-- Geography: every named area and every child -> parent link, by vintage.
CREATE TABLE areas (
    code    VARCHAR NOT NULL,
    name    VARCHAR,
    level   VARCHAR NOT NULL,    -- lsoa, ward, lad, csp, pfa, region, country
    vintage VARCHAR NOT NULL,    -- '2011', '2017', '2021', '2024'
    load_id BIGINT NOT NULL,
    PRIMARY KEY (code, vintage, level)
);

CREATE TABLE area_links (
    child_code    VARCHAR NOT NULL,
    child_level   VARCHAR NOT NULL,
    child_vintage VARCHAR NOT NULL,
    parent_code   VARCHAR NOT NULL,
    parent_level  VARCHAR NOT NULL,
    parent_vintage VARCHAR NOT NULL,
    load_id       BIGINT NOT NULL,
    PRIMARY KEY (child_code, child_level, child_vintage, parent_level, parent_vintage)
);

-- The ONS LSOA 2011 <-> 2021 change table (U unchanged, S split, M merged, X redefined).
CREATE TABLE lsoa_changes (
    lsoa11_code VARCHAR NOT NULL,
    lsoa21_code VARCHAR NOT NULL,
    change_code VARCHAR NOT NULL,
    lad_code    VARCHAR,
    load_id     BIGINT NOT NULL,
    PRIMARY KEY (lsoa11_code, lsoa21_code)
);

-- Population estimates: one row per area, year and age ('all' for the total; '90+' last).
CREATE TABLE population (
    area_code  VARCHAR NOT NULL,
    area_level VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    age        VARCHAR NOT NULL,
    sex        VARCHAR NOT NULL DEFAULT 'persons',
    population DOUBLE NOT NULL,
    load_id    BIGINT NOT NULL,
    PRIMARY KEY (area_code, area_level, year, age, sex)
);

-- Boundaries, as WKB in WGS84 (EPSG:4326), with their level and vintage.
CREATE TABLE boundaries (
    code     VARCHAR NOT NULL,
    name     VARCHAR,
    level    VARCHAR NOT NULL,
    vintage  VARCHAR NOT NULL,
    geometry BLOB NOT NULL,
    load_id  BIGINT NOT NULL,
    PRIMARY KEY (code, level, vintage)
);

-- English Indices of Deprivation by LSOA, long format: one row per LSOA, domain and edition.
CREATE TABLE deprivation (
    lsoa_code VARCHAR NOT NULL,
    edition   INTEGER NOT NULL,   -- 2019
    domain    VARCHAR NOT NULL,   -- 'Index of Multiple Deprivation', 'Income', ...
    rank      DOUBLE,
    decile    INTEGER,
    score     DOUBLE,
    load_id   BIGINT NOT NULL,
    PRIMARY KEY (lsoa_code, edition, domain)
);

-- Partner indicators (fire, treatment, reoffending, ...): area, period, measure, value.
CREATE TABLE indicators (
    area_code    VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,   -- as given: '2022-03', '2022/23', '2022-Q1'
    period_start DATE,
    period_end   DATE,
    measure      VARCHAR NOT NULL,
    value        DOUBLE NOT NULL,
    denominator  DOUBLE,
    source       VARCHAR,
    load_id      BIGINT NOT NULL,
    PRIMARY KEY (area_code, period, measure)
);

-- Offence hierarchy: police.uk crime types and Home Office offence groups/subgroups.
CREATE TABLE police_uk_crime_types (
    crime_type    VARCHAR PRIMARY KEY,
    is_asb        BOOLEAN NOT NULL,
    display_order INTEGER NOT NULL,
    description   VARCHAR NOT NULL
);

CREATE TABLE offence_hierarchy (
    offence_group        VARCHAR NOT NULL,
    offence_subgroup     VARCHAR NOT NULL,
    police_uk_crime_type VARCHAR,       -- empty where police.uk has no match (fraud)
    PRIMARY KEY (offence_group, offence_subgroup)
);
"""


def upgrade(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)
    install_reference_data(con)
