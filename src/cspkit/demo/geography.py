"""The fictional force area: districts (each its own CSP), wards and LSOAs that tile it.

Mercia Vale is one county-level force with five districts, laid out like Staffordshire: an
urban core district surrounded by four mixed and rural ones. LSOAs are Voronoi cells of points
drawn densely in towns and sparsely in the countryside (so, as in real data, town LSOAs are
small and rural ones large), relaxed once so cells are even-shaped; wards are compact
clusters of neighbouring LSOAs; districts are unions of their LSOAs. Geometry is built in
British National Grid metres (EPSG:27700) and published in WGS84.

Codes use the real ONS prefixes with numbers no real area has (E01900001, E05900001,
E07900001, E22900001, E23900001), so demo data can never be mistaken for, or collide with,
real areas; the region is the real West Midlands (E12000005).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import shapely
from pyproj import Transformer
from scipy.cluster.vq import kmeans2
from shapely.geometry import MultiPoint, Point, Polygon

from cspkit.demo import names

FORCE_AREA = "Mercia Vale"
FORCE_SLUG = "mercia-vale"
FORCE_NAME = "Mercia Vale Police"  # 'Reported by' in police.uk files
PFA_CODE = "E23900001"
REGION_CODE, REGION_NAME = "E12000005", "West Midlands"
CENTRE = (420_000.0, 250_000.0)  # British National Grid, inland England
RADIUS = 27_000.0
LSOAS_PER_WARD = 5


@dataclass(frozen=True)
class DistrictSpec:
    name: str
    lsoas: int
    town_offset_km: tuple[float, float]  # main town, from the force centre
    town_spread_km: float
    urban_share: float  # of LSOA centres drawn around the towns rather than across the countryside


DISTRICTS: tuple[DistrictSpec, ...] = (
    DistrictSpec("Hartbury", 150, (0.0, 0.0), 3.5, 0.92),
    DistrictSpec("Oakminster", 85, (-15.0, 11.0), 2.5, 0.70),
    DistrictSpec("Selworth Chase", 70, (13.0, 13.0), 2.5, 0.65),
    DistrictSpec("Brackenmoor", 60, (-13.0, -13.0), 2.0, 0.50),
    DistrictSpec("Castlewick", 75, (15.0, -11.0), 2.5, 0.65),
)

_TO_WGS84 = Transformer.from_crs(27700, 4326, always_xy=True)


def to_wgs84(geometry):
    """A British National Grid geometry in longitude/latitude, rounded to 6 decimals (about 0.1 m)."""
    moved = shapely.transform(geometry, lambda xy: np.column_stack(_TO_WGS84.transform(xy[:, 0], xy[:, 1])))
    return shapely.set_precision(moved, 1e-6)


def lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """British National Grid points as longitude and latitude."""
    return _TO_WGS84.transform(np.asarray(x), np.asarray(y))


@dataclass(frozen=True)
class District:
    code: str
    name: str
    csp_code: str
    town: tuple[float, float]  # main town centre, BNG
    second_town: tuple[float, float]


@dataclass(frozen=True)
class Geography:
    """Every area of the demo force, with LSOA shapes in British National Grid metres."""

    outline: Polygon
    districts: tuple[District, ...]
    lsoa_codes: tuple[str, ...]
    lsoa_names: tuple[str, ...]
    lsoa_district: np.ndarray  # district index of each LSOA
    lsoa_ward: np.ndarray  # ward index of each LSOA
    lsoa_shapes: tuple[Polygon, ...]
    lsoa_urban: np.ndarray  # 0 (open country) .. 1 (town centre)
    ward_codes: tuple[str, ...]
    ward_names: tuple[str, ...]
    ward_district: np.ndarray

    @property
    def lsoa_count(self) -> int:
        return len(self.lsoa_codes)

    @cached_property
    def lsoa_centroids(self) -> np.ndarray:
        return shapely.get_coordinates(shapely.centroid(np.array(self.lsoa_shapes, dtype=object)))

    def lsoa_at(self, x: float, y: float) -> int:
        """Index of the LSOA containing a point (the nearest one if the point is outside)."""
        inside = [i for i, shape in enumerate(self.lsoa_shapes) if shape.contains(Point(x, y))]
        if inside:
            return inside[0]
        return int(np.argmin(np.hypot(*(self.lsoa_centroids - (x, y)).T)))

    @cached_property
    def lsoa_shapes_wgs84(self) -> tuple[Polygon, ...]:
        return tuple(to_wgs84(shape) for shape in self.lsoa_shapes)


def build_geography(seed: int) -> Geography:
    """The demo force's areas for ``seed``: the same seed always gives the same shapes and names."""
    rng = np.random.default_rng([seed, 10])
    outline = _outline(rng)
    towns = np.array(
        [[CENTRE[0] + dx * 1000, CENTRE[1] + dy * 1000] for dx, dy in (d.town_offset_km for d in DISTRICTS)]
    )
    second_towns = _second_towns(rng, outline, towns)
    seeds, district_of = _lsoa_seeds(rng, outline, towns, second_towns)
    shapes = _relaxed_cells(seeds, outline)
    centroids = shapely.get_coordinates(shapely.centroid(np.array(shapes, dtype=object)))
    urban = _urbanness(centroids, district_of, towns, second_towns)

    ward_of, ward_district = _wards(rng, centroids, district_of)
    place_pool = [n for n in names.place_names(rng, 400) if n not in {d.name for d in DISTRICTS}]
    ward_names = _ward_names(ward_of, ward_district, centroids, towns, place_pool)

    order, lsoa_names = _lsoa_order_and_names(centroids, district_of, ward_of, ward_district)
    ward_order = _ward_order(ward_of[order])
    ward_of = np.argsort(ward_order)[ward_of]
    return Geography(
        outline=outline,
        districts=tuple(
            District(
                f"E07{900_001 + i:06d}", spec.name, f"E22{900_001 + i:06d}", tuple(towns[i]), tuple(second_towns[i])
            )
            for i, spec in enumerate(DISTRICTS)
        ),
        lsoa_codes=tuple(f"E01{900_001 + i:06d}" for i in range(len(order))),
        lsoa_names=tuple(lsoa_names),
        lsoa_district=district_of[order],
        lsoa_ward=ward_of[order],
        lsoa_shapes=tuple(shapes[i] for i in order),
        lsoa_urban=urban[order],
        ward_codes=tuple(f"E05{900_001 + i:06d}" for i in range(len(ward_district))),
        ward_names=tuple(ward_names[w] for w in ward_order),
        ward_district=ward_district[ward_order],
    )


def _outline(rng: np.random.Generator) -> Polygon:
    """A county-like outline: a circle whose radius wanders with a few random harmonics."""
    angle = np.linspace(0.0, 2.0 * np.pi, 240, endpoint=False)
    radius = np.full_like(angle, RADIUS)
    for harmonic, size in ((2, 0.10), (3, 0.07), (5, 0.04), (9, 0.02)):
        radius *= 1.0 + size * np.sin(harmonic * angle + rng.uniform(0, 2 * np.pi))
    return Polygon(np.column_stack([CENTRE[0] + radius * np.cos(angle), CENTRE[1] + radius * np.sin(angle)]))


def _nearest_town(points: np.ndarray, towns: np.ndarray) -> np.ndarray:
    return np.argmin(np.hypot(points[:, None, 0] - towns[None, :, 0], points[:, None, 1] - towns[None, :, 1]), axis=1)


def _second_towns(rng: np.random.Generator, outline: Polygon, towns: np.ndarray) -> np.ndarray:
    """A market town in each district, away from the main town but inside the district."""
    found = []
    for district, town in enumerate(towns):
        while True:
            angle, distance = rng.uniform(0, 2 * np.pi), rng.uniform(5_000, 8_000)
            point = town + distance * np.array([np.cos(angle), np.sin(angle)])
            if outline.buffer(-3_000).contains(Point(point)) and _nearest_town(point[None], towns)[0] == district:
                found.append(point)
                break
    return np.array(found)


def _lsoa_seeds(
    rng: np.random.Generator, outline: Polygon, towns: np.ndarray, second_towns: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Points that will become LSOAs: dense around towns, sparse in open country."""
    seeds, district_of = [], []
    xmin, ymin, xmax, ymax = outline.bounds
    for district, spec in enumerate(DISTRICTS):
        batch = 4000
        urban = rng.random(batch) < spec.urban_share
        second = rng.random(batch) < 0.2
        centre = np.where(second[:, None], second_towns[district], towns[district])
        spread = np.where(second, 1_200.0, spec.town_spread_km * 1000)[:, None]
        candidates = np.where(
            urban[:, None],
            centre + rng.normal(size=(batch, 2)) * spread,
            np.column_stack([rng.uniform(xmin, xmax, batch), rng.uniform(ymin, ymax, batch)]),
        )
        keep = shapely.contains_xy(outline, candidates[:, 0], candidates[:, 1])
        keep &= _nearest_town(candidates, towns) == district
        chosen = candidates[keep][: spec.lsoas]
        if len(chosen) < spec.lsoas:
            raise RuntimeError(f"could not place {spec.lsoas} LSOAs in {spec.name}")
        seeds.append(chosen)
        district_of += [district] * spec.lsoas
    return np.concatenate(seeds), np.array(district_of)


def _cells(points: np.ndarray, outline: Polygon) -> list[Polygon]:
    diagram = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline.buffer(10_000), ordered=True)
    return [cell.intersection(outline) for cell in diagram.geoms]


def _relaxed_cells(seeds: np.ndarray, outline: Polygon, rounds: int = 2) -> list[Polygon]:
    """Voronoi cells after Lloyd relaxation: seeds move to their cell's centroid, evening out shapes."""
    cells = _cells(seeds, outline)
    for _ in range(rounds):
        seeds = shapely.get_coordinates(shapely.centroid(np.array(cells, dtype=object)))
        cells = _cells(seeds, outline)
    return cells


def _urbanness(centroids: np.ndarray, district_of: np.ndarray, towns: np.ndarray, second: np.ndarray) -> np.ndarray:
    """1 at a town centre falling to 0 in open country (main towns reach further than market towns)."""
    spread = np.array([spec.town_spread_km * 1000 for spec in DISTRICTS])[district_of]
    main = np.exp(-(np.hypot(*(centroids - towns[district_of]).T) ** 2) / (2 * (1.6 * spread) ** 2))
    market = 0.7 * np.exp(-(np.hypot(*(centroids - second[district_of]).T) ** 2) / (2 * 2_000.0**2))
    return np.maximum(main, market)


def _wards(rng: np.random.Generator, centroids: np.ndarray, district_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wards as compact clusters (k-means on LSOA centroids) of about five LSOAs within each district."""
    ward_of = np.empty(len(centroids), dtype=int)
    ward_district: list[int] = []
    for district in range(len(DISTRICTS)):
        members = np.flatnonzero(district_of == district)
        k = max(1, round(len(members) / LSOAS_PER_WARD))
        _, labels = kmeans2(centroids[members], k, minit="++", seed=rng)
        _, labels = np.unique(labels, return_inverse=True)
        ward_of[members] = len(ward_district) + labels
        ward_district += [district] * (labels.max() + 1)
    return ward_of, np.array(ward_district)


def _ward_names(
    ward_of: np.ndarray, ward_district: np.ndarray, centroids: np.ndarray, towns: np.ndarray, pool: list[str]
) -> list[str]:
    """The ward holding a district's main town is '<District> Central'; others take village names."""
    central = {ward_of[np.argmin(np.hypot(*(centroids - town).T))] for town in towns}
    return [
        f"{DISTRICTS[district].name} Central" if ward in central else pool[ward]
        for ward, district in enumerate(ward_district)
    ]


def _lsoa_order_and_names(
    centroids: np.ndarray, district_of: np.ndarray, ward_of: np.ndarray, ward_district: np.ndarray
) -> tuple[np.ndarray, list[str]]:
    """Order and name LSOAs as ONS does: '<District> 001A', areas numbered north to south.

    Here each ward doubles as the middle-layer area whose number the LSOA name carries.
    """
    order, lsoa_names = [], []
    for district, spec in enumerate(DISTRICTS):
        wards = np.flatnonzero(ward_district == district)
        ward_north = [centroids[ward_of == w, 1].mean() for w in wards]
        for number, ward in enumerate(wards[np.argsort(ward_north)[::-1]], start=1):
            members = np.flatnonzero(ward_of == ward)
            members = members[np.argsort(-centroids[members, 1])]
            for letter, lsoa in enumerate(members):
                order.append(lsoa)
                lsoa_names.append(f"{spec.name} {number:03d}{chr(ord('A') + letter)}")
    return np.array(order), lsoa_names


def _ward_order(ward_of_ordered: np.ndarray) -> np.ndarray:
    """Ward indices in the order their first LSOA appears, so ward codes follow LSOA codes."""
    wards, first = np.unique(ward_of_ordered, return_index=True)
    return wards[np.argsort(first)]


LOOKUP_COLUMNS = (
    "LSOA11CD", "LSOA11NM", "WD21CD", "WD21NM", "LAD21CD", "LAD21NM",
    "CSP21CD", "CSP21NM", "PFA21CD", "PFA21NM", "RGN21CD", "RGN21NM",
)  # fmt: skip


def write_lookup(geography: Geography, path: Path) -> Path:
    """The ONS-style best-fit lookup LSOA -> ward -> district -> CSP -> police force area -> region."""
    g = geography
    districts = [g.districts[d] for d in g.lsoa_district]
    n = g.lsoa_count
    columns = [
        g.lsoa_codes,
        g.lsoa_names,
        [g.ward_codes[w] for w in g.lsoa_ward],
        [g.ward_names[w] for w in g.lsoa_ward],
        [d.code for d in districts],
        [d.name for d in districts],
        [d.csp_code for d in districts],
        [d.name for d in districts],
        [PFA_CODE] * n,
        [FORCE_AREA] * n,
        [REGION_CODE] * n,
        [REGION_NAME] * n,
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table(dict(zip(LOOKUP_COLUMNS, (pa.array(c, pa.string()) for c in columns), strict=True)))
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="none", quoting_header="none"))
    return path
