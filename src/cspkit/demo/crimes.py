"""Street-level crime and ASB for the demo force: who, where and when, month by month.

The expected count of each crime type in each LSOA and month is

    rate x population x exp(beta x deprivation) x hotspot x season x trend x recording,

normalised so the force records about 9 rows per 1,000 residents a month. On top of the
pattern every analyst knows (more crime where more people live and where deprivation is
higher), the demo plants what an assessment should find:

* persistent hotspots: each district's town centre (two LSOAs in the core district), heavy
  in shoplifting, night-time violence and public order;
* an emerging hotspot: ASB, criminal damage and drugs in one market-town LSOA of Selworth
  Chase, rising eightfold over the final year;
* repeat locations: crimes attach to a few fixed map points per LSOA, shops and nightclubs
  taking most of the town-centre crime;
* a recording quirk: the first three months hold only 65% of the usual volume (as
  Staffordshire's January to March 2022 files do), for data-quality checks to flag;
* about 0.5% of rows with no location, and a few crimes recorded in LSOAs of neighbouring
  areas, outside the force.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from cspkit.demo import crime_types, names, outcomes
from cspkit.demo.geography import Geography, lonlat
from cspkit.demo.police_uk_format import NO_LOCATION, coordinates_text, crime_ids
from cspkit.demo.streets import NIGHT, RETAIL, STREET, MapPoints, map_points

MONTHS = 36
FIRST_MONTH = "2023-10"
RATE_PER_1000 = 9.0  # police.uk rows per 1,000 residents a month
SHORT_MONTHS, SHORT_MONTH_VOLUME = 3, 0.65
NO_LOCATION_SHARE = 0.005
EMERGING_MONTHS, EMERGING_GROWTH = 12, 8.0
NEIGHBOUR_LSOAS, NEIGHBOUR_ROWS_PER_MONTH = 6, 3.0
LSOA_SPREAD = 0.4  # standard deviation of each LSOA's own log crime level

_TYPES = {name: i for i, name in enumerate(crime_types.NAMES)}
# How strongly each type follows deprivation (log rate per unit of the deprivation score).
DEPRIVATION_EFFECT = {
    "Anti-social behaviour": 0.55, "Bicycle theft": 0.15, "Burglary": 0.40, "Criminal damage and arson": 0.55,
    "Drugs": 0.65, "Other crime": 0.35, "Other theft": 0.25, "Possession of weapons": 0.55, "Public order": 0.50,
    "Robbery": 0.55, "Shoplifting": 0.20, "Theft from the person": 0.20, "Vehicle crime": 0.25,
    "Violence and sexual offences": 0.55,
}  # fmt: skip
# How many times the usual rate a town-centre LSOA records.
HOTSPOT_MULTIPLIER = {
    "Anti-social behaviour": 4.0, "Bicycle theft": 5.0, "Burglary": 1.5, "Criminal damage and arson": 2.5,
    "Drugs": 5.0, "Other crime": 2.0, "Other theft": 5.0, "Possession of weapons": 4.0, "Public order": 7.0,
    "Robbery": 5.0, "Shoplifting": 30.0, "Theft from the person": 12.0, "Vehicle crime": 2.0,
    "Violence and sexual offences": 6.0,
}  # fmt: skip
EMERGING_TYPES = ("Anti-social behaviour", "Criminal damage and arson", "Drugs")
# Which map points a type gathers at: shops for thefts, nightclubs and shops for night-time crime.
_POINT_PREFERENCE = {
    "Bicycle theft": RETAIL, "Other theft": RETAIL, "Shoplifting": RETAIL, "Theft from the person": RETAIL,
    "Violence and sexual offences": NIGHT, "Public order": NIGHT, "Robbery": NIGHT, "Drugs": NIGHT,
    "Possession of weapons": NIGHT,
}  # fmt: skip


@dataclass(frozen=True)
class Hotspots:
    persistent: tuple[int, ...]  # LSOA indices
    emerging: int


def find_hotspots(geography: Geography) -> Hotspots:
    """Each district's town-centre LSOA, the core town's busiest neighbour, and a market-town LSOA."""
    centres = [geography.lsoa_at(*district.town) for district in geography.districts]
    core = np.array(geography.districts[0].town)
    distance = np.hypot(*(geography.lsoa_centroids - core).T)
    neighbour = int(next(i for i in np.argsort(distance) if i not in centres))
    selworth = next(d for d in geography.districts if d.name == "Selworth Chase")
    return Hotspots(persistent=(*centres, neighbour), emerging=geography.lsoa_at(*selworth.second_town))


def expected_counts(geography: Geography, residents: np.ndarray, deprivation: np.ndarray, seed: int) -> np.ndarray:
    """Expected rows by LSOA, crime type and month (shape LSOAs x 14 x MONTHS).

    Besides population, deprivation and hotspots, each LSOA has its own lasting level (a
    log-normal factor, standing for what no data set explains: a busy road, a pub, a school),
    which gives the spread between similar LSOAs that real counts show.
    """
    spots = find_hotspots(geography)
    character = np.random.default_rng([seed, 51]).lognormal(0.0, LSOA_SPREAD, geography.lsoa_count)
    beta = np.array([DEPRIVATION_EFFECT[name] for name in crime_types.NAMES])
    hotspot = np.ones((geography.lsoa_count, len(beta)))
    hotspot[list(spots.persistent)] = [HOTSPOT_MULTIPLIER[name] for name in crime_types.NAMES]
    intensity = (residents * character)[:, None] * np.exp(beta[None, :] * deprivation[:, None]) * hotspot
    intensity *= residents.sum() / intensity.sum(axis=0)  # so each type totals rate x residents
    rate = RATE_PER_1000 / 1000 * crime_types.SHARES

    calendar = [(int(FIRST_MONTH[5:]) - 1 + m) % 12 + 1 for m in range(MONTHS)]
    monthly = np.array([crime_types.monthly_factors(c, m / 12) for m, c in enumerate(calendar)]).T  # 14 x MONTHS
    monthly[:, :SHORT_MONTHS] *= SHORT_MONTH_VOLUME
    counts = intensity[:, :, None] * rate[None, :, None] * monthly[None, :, :]

    ramp = np.clip((np.arange(MONTHS) - (MONTHS - EMERGING_MONTHS - 1)) / EMERGING_MONTHS, 0, 1)
    for name in EMERGING_TYPES:
        counts[spots.emerging, _TYPES[name]] *= 1 + (EMERGING_GROWTH - 1) * ramp
    return counts


@dataclass(frozen=True)
class PointTable:
    """The police.uk location columns of every point: in-area, neighbouring areas, and 'No Location' last."""

    columns: dict[str, pa.Array]  # Longitude, Latitude, Location, LSOA code, LSOA name
    in_area: MapPoints
    neighbour_first: int  # index of the first neighbouring-area point
    lsoa_sort_key: np.ndarray  # per point: rank of its LSOA name, so rows can be ordered as police.uk does

    @property
    def no_location(self) -> int:
        return len(self.lsoa_sort_key) - 1


def point_table(geography: Geography, seed: int) -> PointTable:
    """Every map point the demo's crimes can be attached to."""
    rng = np.random.default_rng([seed, 41])
    inside = map_points(geography, seed)
    xs, ys, codes, lsoa_names, labels = _neighbour_points(rng, geography)
    all_x, all_y = np.concatenate([inside.x, xs]), np.concatenate([inside.y, ys])
    lon, lat = lonlat(all_x, all_y)
    codes = [geography.lsoa_codes[i] for i in inside.lsoa] + codes
    point_names = [geography.lsoa_names[i] for i in inside.lsoa] + lsoa_names
    distinct = sorted(set(point_names))
    sort_key = np.array([distinct.index(n) for n in point_names] + [len(distinct)])
    return PointTable(
        columns={
            "Longitude": pa.array([*coordinates_text(lon), ""]),
            "Latitude": pa.array([*coordinates_text(lat), ""]),
            "Location": pa.array([*inside.label, *labels, NO_LOCATION]),
            "LSOA code": pa.array([*codes, ""]),
            "LSOA name": pa.array([*point_names, ""]),
        },
        in_area=inside,
        neighbour_first=len(inside.x),
        lsoa_sort_key=sort_key,
    )


def _neighbour_points(rng: np.random.Generator, geography: Geography):
    """Three points in each of a few LSOAs of neighbouring (fictional) districts, 1-4 km outside the force."""
    xs, ys, codes, lsoa_names, labels = [], [], [], [], []
    neighbours = sorted(names.place_names(rng, NEIGHBOUR_LSOAS // 2))
    boundary = geography.outline.exterior
    for i in range(NEIGHBOUR_LSOAS):
        edge = np.array(boundary.interpolate(rng.uniform(0, boundary.length)).coords[0])
        outward = edge - np.array(geography.outline.centroid.coords[0])
        centre = edge + outward / np.linalg.norm(outward) * rng.uniform(1_500, 4_000)
        xs += list(centre[0] + rng.normal(0, 150, 3))
        ys += list(centre[1] + rng.normal(0, 150, 3))
        codes += [f"E01{990_001 + i:06d}"] * 3
        lsoa_names += [f"{neighbours[i % len(neighbours)]} {int(rng.integers(1, 30)):03d}{'ABCD'[i % 4]}"] * 3
        labels += names.location_labels(rng, 3)
    return np.array(xs), np.array(ys), codes, lsoa_names, labels


@dataclass(frozen=True)
class StreetCrimes:
    """Every street-file row of the demo, ordered by month, then LSOA name, then crime type."""

    month: np.ndarray  # 0 .. MONTHS-1
    crime_type: np.ndarray  # index into crime_types.NAMES
    point: np.ndarray  # index into the PointTable
    outcome: np.ndarray  # index into outcomes.CATEGORIES (last outcome as of the final month)
    crime_id: pa.StringArray  # empty for ASB


def draw_crimes(
    geography: Geography, points: PointTable, residents: np.ndarray, deprivation: np.ndarray, seed: int
) -> StreetCrimes:
    """Draw every row from Poisson counts, attach each to a map point, and give it an outcome."""
    rng = np.random.default_rng([seed, 50])
    expected = expected_counts(geography, residents, deprivation, seed)
    counts = rng.poisson(expected)
    lsoa, crime_type, month = (
        np.repeat(index.ravel(), counts.ravel()) for index in np.indices(counts.shape, sparse=False)
    )
    point = _points_for(rng, points.in_area, lsoa, crime_type)
    point[rng.random(len(point)) < NO_LOCATION_SHARE] = points.no_location

    neighbour_counts = rng.poisson(NEIGHBOUR_ROWS_PER_MONTH, MONTHS)
    n_month = np.repeat(np.arange(MONTHS), neighbour_counts)
    n_type = rng.choice(len(crime_types.SHARES), size=len(n_month), p=crime_types.SHARES)
    n_point = points.neighbour_first + rng.integers(0, NEIGHBOUR_LSOAS * 3, size=len(n_month))

    month = np.concatenate([month, n_month])
    crime_type = np.concatenate([crime_type, n_type])
    point = np.concatenate([point, n_point])
    order = np.lexsort((crime_type, points.lsoa_sort_key[point], month))
    month, crime_type, point = month[order], crime_type[order], point[order]
    outcome = np.empty(len(month), dtype=int)
    for m in range(MONTHS):
        rows = month == m
        outcome[rows] = outcomes.last_outcome_categories(rng, crime_type[rows], age_months=MONTHS - 1 - m)
    return StreetCrimes(month, crime_type, point, outcome, crime_ids(rng, crime_type != crime_types.ASB_INDEX))


def _points_for(rng: np.random.Generator, points: MapPoints, lsoa: np.ndarray, crime_type: np.ndarray) -> np.ndarray:
    """A map point in each row's LSOA: a few points take most rows (repeat locations), by type preference."""
    preference = np.array([_POINT_PREFERENCE.get(name, STREET) for name in crime_types.NAMES])[crime_type]
    per_lsoa = np.diff(points.first)
    width = per_lsoa.max()
    slot = np.arange(width)
    valid = slot[None, :] < per_lsoa[:, None]
    padded = np.where(valid, points.first[:-1, None] + slot[None, :], 0)
    kind = np.where(valid, points.kind[padded], -1)
    zipf = np.where(valid, 1.0 / (slot[None, :] + 1.0) ** 0.7, 0.0)
    cumulative = []
    for group in (STREET, RETAIL, NIGHT):
        boost = 1.0 if group == STREET else np.where(kind == group, 6.0, 1.0)
        weights = zipf * boost
        cumulative.append(np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True))
    table = np.stack(cumulative, axis=1)  # LSOA x group x slot
    chosen = (rng.random(len(lsoa))[:, None] > table[lsoa, preference]).sum(axis=1)
    chosen = np.minimum(chosen, per_lsoa[lsoa] - 1)
    return points.first[lsoa] + chosen
