"""A national-size police.uk street archive (every force, many months) for benchmarks.

Each fictional force covers a cell of an inland grid over England, with districts, LSOAs
(codes E01800001 upwards, clear of real codes) and fixed map points per LSOA, so crimes
repeat at the same "On or near ..." points as in real data. Rows follow the crime-type mix,
seasonality and trends of :mod:`cspkit.demo.crime_types`, concentrate in a minority of LSOAs,
carry outcomes that depend on the crime's age, and about 0.5% have no location.

Every file is drawn from its own seed (seed, force, month), so the archive is byte-identical
for a seed, and memory stays bounded by one force-month however large the archive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from cspkit.demo import crime_types, names, outcomes
from cspkit.demo.police_uk_format import (
    NO_LOCATION,
    STREET_COLUMNS,
    coordinates_text,
    crime_ids,
    month_labels,
    street_file_name,
    write_police_csv,
)

FIRST_LSOA_NUMBER = 800_001
LAST_LSOA_NUMBER = 899_999
NO_LOCATION_SHARE = 0.005
POINTS_PER_LSOA = 12
# Inland England: every point falls on land well inside Great Britain.
WEST, EAST, SOUTH, NORTH = -2.9, -0.4, 51.4, 54.2

_GEOGRAPHY, _MONTH, _SIZES = 0, 1, 2  # seed-sequence tags, so each draw has its own stream


@dataclass(frozen=True)
class NationalForce:
    """One fictional force: its names and its map points (the last point is 'No Location')."""

    slug: str
    name: str
    size: float  # relative volume; averages 1 over the forces of an archive
    lsoa_weights: np.ndarray  # chance that a crime falls in each LSOA
    points: dict[str, pa.Array]  # Longitude, Latitude, Location, LSOA code, LSOA name


def national_forces(forces: int, *, seed: int = 0, lsoas_per_force: int = 800) -> list[NationalForce]:
    """The fictional forces of a national archive, each with its districts, LSOAs and points."""
    if forces * lsoas_per_force > LAST_LSOA_NUMBER - FIRST_LSOA_NUMBER + 1:
        raise ValueError(f"{forces} forces x {lsoas_per_force} LSOAs exceed the fictional LSOA code range")
    sizes = np.random.default_rng([seed, _SIZES]).lognormal(0.0, 0.5, size=forces)
    sizes /= sizes.mean()
    return [
        _force(index, forces, float(sizes[index]), seed, lsoas_per_force, FIRST_LSOA_NUMBER + index * lsoas_per_force)
        for index in range(forces)
    ]


def _force(index: int, forces: int, size: float, seed: int, lsoa_count: int, first_code: int) -> NationalForce:
    rng = np.random.default_rng([seed, _GEOGRAPHY, index])
    area = names.FORCE_AREAS[index % len(names.FORCE_AREAS)]
    if index >= len(names.FORCE_AREAS):
        area = f"{area} {index // len(names.FORCE_AREAS) + 1}"
    columns = math.ceil(math.sqrt(forces))
    rows = math.ceil(forces / columns)
    width, height = (EAST - WEST) / columns, (NORTH - SOUTH) / rows
    west, south = WEST + (index % columns) * width, SOUTH + (index // columns) * height

    district_count = int(rng.integers(3, 11))
    district_names = sorted(names.place_names(rng, district_count))
    centres = np.column_stack(
        [west + width * rng.uniform(0.2, 0.8, district_count), south + height * rng.uniform(0.2, 0.8, district_count)]
    )
    per_district = split_counts(lsoa_count, rng.dirichlet(np.full(district_count, 3.0)))
    district_of = np.repeat(np.arange(district_count), per_district)

    spread = np.array([width, height]) / 7.0
    lsoa_centres = centres[district_of] + rng.normal(0.0, 1.0, (lsoa_count, 2)) * spread
    lsoa_centres[:, 0] = np.clip(lsoa_centres[:, 0], west + 0.01, west + width - 0.01)
    lsoa_centres[:, 1] = np.clip(lsoa_centres[:, 1], south + 0.01, south + height - 0.01)
    distance = np.hypot(*((lsoa_centres - centres[district_of]) / spread).T)
    weights = rng.lognormal(0.0, 0.8, lsoa_count) * (1.0 + 3.0 * np.exp(-(distance**2) * 4.0))

    lsoa_names = [
        f"{district_names[district]} {j // 5 + 1:03d}{'ABCDE'[j % 5]}"
        for district, count in enumerate(per_district)
        for j in range(count)
    ]
    lsoa_codes = [f"E01{first_code + k:06d}" for k in range(lsoa_count)]

    points = lsoa_centres.repeat(POINTS_PER_LSOA, axis=0) + rng.normal(0.0, 0.003, (lsoa_count * POINTS_PER_LSOA, 2))
    point_lsoa = np.repeat(np.arange(lsoa_count), POINTS_PER_LSOA)
    labels = names.location_labels(rng, len(points))
    return NationalForce(
        slug=names.force_slug(area),
        name=names.force_display_name(area, index),
        size=size,
        lsoa_weights=weights / weights.sum(),
        points={
            "Longitude": pa.array([*coordinates_text(points[:, 0]), ""]),
            "Latitude": pa.array([*coordinates_text(points[:, 1]), ""]),
            "Location": pa.array([*labels, NO_LOCATION]),
            "LSOA code": pa.array([*(lsoa_codes[i] for i in point_lsoa), ""]),
            "LSOA name": pa.array([*(lsoa_names[i] for i in point_lsoa), ""]),
        },
    )


def split_counts(total: int, shares: np.ndarray) -> np.ndarray:
    """Whole numbers, each at least 1, summing to ``total`` in proportion to ``shares`` (largest remainder)."""
    if total < len(shares):
        raise ValueError(f"cannot split {total} into {len(shares)} non-empty parts")
    exact = (total - len(shares)) * np.asarray(shares) / np.sum(shares)
    counts = np.floor(exact).astype(int)
    short = (total - len(shares)) - counts.sum()
    counts[np.argsort(counts - exact, kind="stable")[:short]] += 1
    return counts + 1


# Repeat locations: within an LSOA a few points take most of the crime (Zipf-like weights).
_POINT_WEIGHTS = 1.0 / np.arange(1, POINTS_PER_LSOA + 1) ** 1.1
_POINT_WEIGHTS /= _POINT_WEIGHTS.sum()
_CRIME_TYPE_NAMES = pa.array(crime_types.NAMES)
_OUTCOME_NAMES = pa.array(outcomes.CATEGORIES)


def street_month(
    force: NationalForce, force_index: int, month: str, month_index: int, months: int, rows: int, seed: int
) -> dict[str, pa.Array]:
    """One force-month of street rows as police.uk columns, sorted by LSOA then crime type."""
    rng = np.random.default_rng([seed, _MONTH, force_index, month_index])
    calendar_month = int(month[5:7])
    expected = rows * force.size * crime_types.SHARES * crime_types.monthly_factors(calendar_month, month_index / 12)
    count = round(expected.sum())
    types = rng.choice(len(expected), size=count, p=expected / expected.sum())
    lsoas = rng.choice(len(force.lsoa_weights), size=count, p=force.lsoa_weights)
    point = lsoas * POINTS_PER_LSOA + rng.choice(POINTS_PER_LSOA, size=count, p=_POINT_WEIGHTS)
    unlocated = rng.random(count) < NO_LOCATION_SHARE
    no_location_point = len(force.lsoa_weights) * POINTS_PER_LSOA
    point[unlocated] = no_location_point
    lsoas[unlocated] = len(force.lsoa_weights)
    order = np.lexsort((types, lsoas))
    types, point = types[order], point[order]
    outcome = outcomes.last_outcome_categories(rng, types, age_months=months - 1 - month_index)
    force_name = pa.repeat(pa.scalar(force.name), count)
    point_index = pa.array(point)
    return {
        "Crime ID": crime_ids(rng, types != crime_types.ASB_INDEX),
        "Month": pa.repeat(pa.scalar(month), count),
        "Reported by": force_name,
        "Falls within": force_name,
        **{column: values.take(point_index) for column, values in force.points.items()},
        "Crime type": _CRIME_TYPE_NAMES.take(pa.array(types)),
        "Last outcome category": _OUTCOME_NAMES.take(pa.array(outcome)),
        "Context": pa.repeat(pa.scalar(""), count),
    }


def write_national_archive(
    folder: Path,
    *,
    forces: int = 43,
    months: int = 36,
    rows_per_force_month: int = 7000,
    seed: int = 0,
    first_month: str = "2023-10",
    lsoas_per_force: int = 800,
) -> list[Path]:
    """Write ``folder/YYYY-MM/YYYY-MM-<force>-street.csv`` for every force and month; return the paths.

    Files average ``rows_per_force_month`` rows (forces differ in size, months in season and
    trend), so the archive holds about ``forces * months * rows_per_force_month`` rows.
    """
    folder = Path(folder)
    archive_forces = national_forces(forces, seed=seed, lsoas_per_force=lsoas_per_force)
    written = []
    for month_index, month in enumerate(month_labels(first_month, months)):
        for force_index, force in enumerate(archive_forces):
            columns = street_month(force, force_index, month, month_index, months, rows_per_force_month, seed)
            path = folder / street_file_name(month, force.slug)
            write_police_csv(path, columns, STREET_COLUMNS)
            written.append(path)
    return written
