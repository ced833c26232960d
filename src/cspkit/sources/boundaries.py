"""Area boundaries from GeoJSON, GeoPackage or shapefile (also a zipped shapefile).

The geography level and vintage come from the property names (``LSOA11CD`` -> LSOA 2011,
``WD13CD`` -> ward 2013) or from ``--level``/``--vintage``. Geometry is kept as WKB in WGS84
longitude/latitude (EPSG:4326), reprojected from British National Grid (EPSG:27700) or any
other system the file declares, so maps and police.uk points share one system.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.errors import GEOSException

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

# Where boundaries of England and Wales can lie, with a margin: longitude/latitude in degrees,
# and British National Grid eastings/northings in metres (the grid's own extent).
GB_DEGREES = (-9.0, 49.5, 2.5, 61.5)
BNG_METRES = (-10_000.0, -10_000.0, 710_000.0, 1_300_000.0)
_GEOJSON = (".geojson", ".json")


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
        raise _unreadable(path, exc) from exc
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


_FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "a GeoPackage", ".shp": "a shapefile",
            ".zip": "a zipped shapefile"}


def _unreadable(path: Path, exc: Exception) -> InputError:
    """What GDAL could not open, said from the file's first bytes rather than GDAL's advice on
    naming a driver: an empty file, or what the file begins with instead."""
    with open(path, "rb") as stream:
        start = stream.read(200)
    if not start.strip():
        return InputError(path, "the file is empty: download or export the boundaries again")
    problem = re.sub(r"\s*It might help to specify the correct driver.*$", "", str(exc), flags=re.DOTALL).rstrip("; ")
    if "not recognized as being in a supported file format" not in problem:
        return InputError(path, f"cannot be read as GeoJSON, GeoPackage or shapefile ({problem})")
    shown = " ".join(start.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace").split())[:40]
    begins = f"it begins with {shown!r}" if shown.isprintable() and "\ufffd" not in shown else "it is not text"
    hint = " (a web page: was the download an error or sign-in page?)" if shown.startswith("<") else ""
    return InputError(path, f"not {_FORMATS.get(path.suffix.lower(), 'GeoJSON, a GeoPackage or a shapefile')}: "
                            f"{begins}{hint}. Download or export the boundaries again as GeoJSON, "
                            "a GeoPackage or a shapefile")


def _read(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    try:
        return pyogrio.read_dataframe(path, layer=layer)
    except (DataSourceError, DataLayerError) as exc:
        raise _unreadable(path, exc) from exc
    except (GEOSException, ValueError) as exc:
        raise InputError(path, _bad_geometry(path, layer, exc)) from None


def _bad_geometry(path: Path, layer: str | None, exc: Exception) -> str:
    """Which feature's shape cannot be built (a ring that is not closed, too few points), found
    by reading the shapes as GDAL wrote them and building them one at a time."""
    closed = "closed" in str(exc)
    what = "a boundary ring is not closed (its last point should repeat its first)" if closed else (
        f"a boundary cannot be drawn ({exc})"
    )
    advice = "; fix it in a GIS (e.g. QGIS: Vector > Geometry Tools > Fix Geometries) or download the file again"
    try:
        _, _, geometry, _ = pyogrio.raw.read(path, layer=layer, columns=[])
    except Exception:
        return what + advice
    for number, wkb in enumerate(geometry, start=1):
        try:
            shapely.from_wkb(wkb)
        except (GEOSException, ValueError):
            return f"feature {number}: {what}{advice}"
    return what + advice


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
    """Reproject to WGS84, checking the coordinates against the system claimed or assumed.

    GeoJSON without a ``crs`` member is WGS84 by its standard (and GDAL says so), but files
    saved in British National Grid often drop the member: metres read as degrees would put
    every boundary off the map, so such coordinates are recognised as the Grid and said so.
    A file with no coordinate system at all is taken as WGS84 only if it fits.
    """
    bounds = tuple(frame.total_bounds)
    if not all(math.isfinite(b) for b in bounds):  # no shapes at all: _check_features names the feature
        return (frame.set_crs(4326) if frame.crs is None else frame.to_crs(4326)), None
    warning = None
    wgs84 = frame.crs is not None and (frame.crs.to_epsg() == 4326 or "CRS84" in frame.crs.srs)
    undeclared_geojson = path.suffix.lower() in _GEOJSON and wgs84 and not _declares_crs(path)
    if frame.crs is None or undeclared_geojson:
        if _within(bounds, GB_DEGREES):
            frame = frame.set_crs(4326, allow_override=True)
            if frame.crs is None or not undeclared_geojson:
                warning = f"{path}: no coordinate system given; read as WGS84 longitude/latitude"
        elif _within((bounds[1], bounds[0], bounds[3], bounds[2]), GB_DEGREES):
            raise InputError(path, "the coordinates are latitude first, then longitude; GeoJSON gives longitude "
                                   "first (for example [-2.02, 53.10]). Save the file again with longitude first; "
                                   "nothing was loaded")
        elif undeclared_geojson and _within(bounds, BNG_METRES) and not _within(bounds, (-180.0, -90.0, 180.0, 90.0)):
            frame = frame.set_crs(27700, allow_override=True)
            warning = (f"{path}: no coordinate system given, and the coordinates are British National Grid "
                       "metres, not degrees; read as British National Grid (EPSG:27700)")
        else:
            grid = " They look like British National Grid metres: save the file with its .prj file beside it " \
                   "(or as GeoJSON or GeoPackage) so the system is written down." if _within(bounds, BNG_METRES) else ""
            raise InputError(
                path,
                "no coordinate system given (a shapefile needs its .prj file beside it); "
                f"cspkit cannot tell where these boundaries are.{grid}",
            )
    claimed = frame.crs.name if frame.crs is not None else "WGS84"
    frame = frame.to_crs(4326)
    placed = tuple(frame.total_bounds)
    if not _within(placed, GB_DEGREES):
        raise InputError(
            path,
            f"read as {claimed}, as the file says, these boundaries lie outside Great Britain "
            f"(longitude {placed[0]:.2f} to {placed[2]:.2f}, latitude {placed[1]:.2f} to {placed[3]:.2f}): "
            "the coordinate system the file declares is not the one its coordinates are in. "
            "Save it again from a GIS with the right system",
        )
    return frame, warning


def _within(bounds: tuple[float, ...], box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bounds
    return box[0] <= west <= east <= box[2] and box[1] <= south <= north <= box[3]


def _declares_crs(path: Path) -> bool:
    """Whether a GeoJSON file names its coordinate system (a top-level ``crs`` member), read
    from the start of the file where every writer puts it."""
    with open(path, "rb") as stream:
        head = stream.read(1 << 16).decode("utf-8", errors="replace")
    return re.search(r'"crs"\s*:', head) is not None


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
