"""Demo boundaries as GeoJSON in the layout of the ONS Open Geography downloads.

One file per district, as in the real data set: a FeatureCollection naming the CRS84
coordinate system, one feature per line, properties ``LSOA11CD``/``LSOA11NM`` for LSOAs,
``WD21CD``/``WD21NM`` for wards and ``LAD21CD``/``LAD21NM`` for districts. Wards and
districts are unions of their LSOAs, so every level tiles the force area without gaps.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely

from cspkit.demo.geography import Geography

_CRS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}


def _feature(properties: dict[str, str], geometry) -> str:
    return json.dumps(
        {"type": "Feature", "properties": properties, "geometry": shapely.geometry.mapping(geometry)},
        separators=(", ", ": "),
    )


def write_geojson(path: Path, features: list[str]) -> Path:
    """A FeatureCollection written as GDAL writes it: header lines, then one feature per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = f'{{\n"type": "FeatureCollection",\n"crs": {json.dumps(_CRS84)},\n"features": [\n'
    path.write_text(header + ",\n".join(features) + "\n]\n}\n", encoding="utf-8")
    return path


def ward_shapes(geography: Geography) -> list:
    """Ward boundaries in WGS84: the union of each ward's LSOAs."""
    lsoas = np.array(geography.lsoa_shapes_wgs84, dtype=object)
    return [shapely.union_all(lsoas[geography.lsoa_ward == w]) for w in range(len(geography.ward_codes))]


def write_boundaries(geography: Geography, folder: Path) -> dict[str, list[Path]]:
    """``folder/lsoa11/<district>.json``, ``folder/wards21/<district>.json`` and ``folder/lad21.json``."""
    g = geography
    wards = ward_shapes(g)
    written: dict[str, list[Path]] = {"lsoa": [], "ward": [], "lad": []}
    district_shapes = []
    for d, district in enumerate(g.districts):
        lsoas = np.flatnonzero(g.lsoa_district == d)
        features = [
            _feature({"LSOA11CD": g.lsoa_codes[i], "LSOA11NM": g.lsoa_names[i]}, g.lsoa_shapes_wgs84[i]) for i in lsoas
        ]
        written["lsoa"].append(write_geojson(folder / "lsoa11" / f"{district.code}.json", features))
        in_district = np.flatnonzero(g.ward_district == d)
        features = [_feature({"WD21CD": g.ward_codes[w], "WD21NM": g.ward_names[w]}, wards[w]) for w in in_district]
        written["ward"].append(write_geojson(folder / "wards21" / f"{district.code}.json", features))
        district_shapes.append(shapely.union_all([wards[w] for w in in_district]))
    features = [
        _feature({"LAD21CD": district.code, "LAD21NM": district.name}, shape)
        for district, shape in zip(g.districts, district_shapes, strict=True)
    ]
    written["lad"].append(write_geojson(folder / "lad21.json", features))
    return written
