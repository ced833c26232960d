"""Area boundaries from GeoJSON, GeoPackage or shapefile (also a zipped shapefile).

The geography level and vintage come from the property names (``LSOA11CD`` -> LSOA 2011,
``WD13CD`` -> ward 2013) or from ``--level``/``--vintage``. Geometry is kept as WKB in WGS84
longitude/latitude (EPSG:4326), reprojected from British National Grid (EPSG:27700) or any
other system the file declares, so maps and police.uk points share one system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from cspkit.errors import InputError
from cspkit.sources.csvcheck import normalise
from cspkit.sources.geography import (
    EXPECTED_COLUMNS,
    LEVEL_NAMES,
    LEVELS,
    AreaColumns,
    area_columns,
    bad_code,
    code_pattern,
)

SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")
GENERIC_CODE_FIELDS = ("code", "area_code", "areacode", "geography_code")
GENERIC_NAME_FIELDS = ("name", "area_name", "areaname", "geography_name")
_AREAL = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Boundaries:
    """Checked boundaries of one level and vintage: ``table`` has code, name, geometry (WKB, WGS84)."""

    path: Path
    level: str
    vintage: str
    table: pa.Table
    warnings: tuple[str, ...]


def read_boundaries(path: Path | str, *, level: str | None = None, vintage: str | None = None) -> Boundaries:
    """Read and check a boundary file: one feature per area, each with a well-formed, unique code
    and a polygon."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    frame = _read(path, _layer(path))
    keys = {normalise(c): c for c in frame.columns if c != frame.geometry.name}
    area = _area_fields(path, keys, level, vintage)
    warnings = []
    frame, crs_warning = _to_wgs84(path, frame)
    if crs_warning:
        warnings.append(crs_warning)
    codes = frame[keys[area.code]].fillna("").astype(str).str.strip()
    names = frame[keys[area.name]] if area.name else None
    _check_features(path, codes, frame.geometry, area.level, keys[area.code])
    invalid = int((~frame.geometry.is_valid).sum())
    if invalid:
        warnings.append(
            f"{path}: {invalid:,} of {len(codes):,} boundaries are not valid polygons (self-crossing rings); "
            "kept as drawn"
        )
    table = pa.table(
        {
            "code": pa.array(codes, pa.string()),
            "name": pa.array(names if names is not None else [None] * len(codes), pa.string(), from_pandas=True),
            "geometry": pa.array(shapely.to_wkb(frame.geometry.values), pa.binary()),
        }
    )
    return Boundaries(path, area.level, area.vintage, table, tuple(warnings))


def _layer(path: Path) -> str | None:
    """The layer holding areas: the only one, or the only one with an area code field."""
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    except (DataSourceError, DataLayerError) as exc:
        raise InputError(path, f"cannot be read as GeoJSON, GeoPackage or shapefile ({exc})") from exc
    if len(layers) <= 1:
        return layers[0] if layers else None
    with_codes = [
        name
        for name in layers
        if area_columns(normalise(str(f)) for f in pyogrio.read_info(path, layer=name)["fields"])
    ]
    if len(with_codes) == 1:
        return with_codes[0]
    raise InputError(path, f"holds several layers ({', '.join(layers)}); save the one with the areas on its own")


def _read(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    try:
        return pyogrio.read_dataframe(path, layer=layer)
    except (DataSourceError, DataLayerError) as exc:
        raise InputError(path, f"cannot be read as GeoJSON, GeoPackage or shapefile ({exc})") from exc


def _area_fields(path: Path, keys: dict[str, str], level: str | None, vintage: str | None) -> AreaColumns:
    if level is not None and level not in LEVELS:
        raise InputError(path, f"--level {level!r} is not one of {', '.join(LEVELS)}")
    if vintage is not None and not re.fullmatch(r"\d{4}", vintage):
        raise InputError(path, f"--vintage should be a four-digit year such as 2021, not {vintage!r}")
    groups = [g for g in area_columns(keys) if level is None or g.level == level]
    if groups:
        area = groups[0]
    elif level is not None and (code := next((k for k in GENERIC_CODE_FIELDS if k in keys), None)):
        area = AreaColumns(level, None, code, next((k for k in GENERIC_NAME_FIELDS if k in keys), None))
    else:
        expected = f"a {LEVEL_NAMES[level]} code field such as LSOA11CD, or 'code'" if level else EXPECTED_COLUMNS
        raise InputError(
            path, f"no area code field recognised: expected {expected}. Its fields are: {', '.join(keys.values())}"
        )
    if area.vintage and vintage and area.vintage != vintage:
        raise InputError(
            path, f"--vintage {vintage} was given but field {keys[area.code]!r} says the codes are of {area.vintage}"
        )
    if not (area.vintage or vintage):
        raise InputError(path, f"field {keys[area.code]!r} does not say which year's areas these are; give --vintage")
    return AreaColumns(area.level, area.vintage or vintage, area.code, area.name)


def _to_wgs84(path: Path, frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, str | None]:
    """Reproject to WGS84; a file with no coordinate system is taken as WGS84 only if it fits."""
    if frame.crs is not None:
        return frame.to_crs(4326), None
    west, south, east, north = frame.total_bounds
    if -180 <= west <= east <= 180 and -90 <= south <= north <= 90:
        return frame.set_crs(4326), f"{path}: no coordinate system given; read as WGS84 longitude/latitude"
    raise InputError(
        path,
        "no coordinate system given (a shapefile needs its .prj file beside it); "
        "cspkit cannot tell where these boundaries are",
    )


def _check_features(path: Path, codes: pd.Series, geometry: gpd.GeoSeries, level: str, field: str) -> None:
    """Each feature needs a well-formed code, seen once, and a polygon."""
    bad = ~codes.str.match(code_pattern(level))
    if bad.any():
        number = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(path, f"feature {number + 1}: {bad_code(codes.iloc[number], level, field)}")
    repeated = codes.duplicated()
    if repeated.any():
        number = int(repeated.to_numpy().nonzero()[0][0])
        first = int((codes == codes.iloc[number]).to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            f"feature {number + 1}: {LEVEL_NAMES[level]} {codes.iloc[number]} appears twice "
            f"(first as feature {first + 1})",
        )
    missing = geometry.isna() | geometry.is_empty
    if missing.any():
        number = int(missing.to_numpy().nonzero()[0][0])
        raise InputError(path, f"feature {number + 1} ({codes.iloc[number]}) has no boundary")
    wrong = ~geometry.geom_type.isin(_AREAL)
    if wrong.any():
        number = int(wrong.to_numpy().nonzero()[0][0])
        raise InputError(
            path, f"feature {number + 1} ({codes.iloc[number]}) is a {geometry.iloc[number].geom_type}, not an area"
        )
