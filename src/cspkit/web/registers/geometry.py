"""The restricted area of a PSPO: a GeoJSON polygon read from an upload, checked, and drawn.

Checked in the user's words: a file that is not GeoJSON, has no polygon, a polygon that crosses
itself, or points outside Great Britain (often latitude and longitude swapped) are refused.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from typing import Any

import shapely
from shapely.geometry import mapping, shape

#: Longitude and latitude bounds of Great Britain, generously.
GB_BOUNDS = (-8.7, 49.8, 2.0, 60.9)


class AreaError(ValueError):
    """A restricted area that cannot be used, said plainly."""


def parse_area(text: str | bytes) -> dict[str, Any]:
    """The polygon (or multipolygon) in a GeoJSON text, as a GeoJSON geometry in longitude/latitude."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise AreaError(f"The restricted area is not GeoJSON: {error}") from None
    except RecursionError:  # brackets nested thousands deep: no outline is drawn like that
        raise AreaError("The restricted area is not GeoJSON: its brackets are nested too deeply.") from None
    geometries = _geometries(data)
    polygons = [g for g in geometries if g.geom_type in {"Polygon", "MultiPolygon"} and not g.is_empty]
    if not polygons:
        raise AreaError("The GeoJSON holds no polygon: draw the restricted area as a closed shape.")
    area = shapely.union_all(polygons) if len(polygons) > 1 else polygons[0]
    if not area.is_valid:
        raise AreaError(f"The restricted area's outline crosses itself ({shapely.is_valid_reason(area)}).")
    minx, miny, maxx, maxy = area.bounds
    west, south, east, north = GB_BOUNDS
    if minx < west or maxx > east or miny < south or maxy > north:
        raise AreaError(
            "The restricted area is not in Great Britain: GeoJSON gives longitude first, then latitude "
            "(for example [-2.02, 53.10])."
        )
    return mapping(area)


def _geometries(data: Any) -> list[shapely.Geometry]:
    try:
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            return [shape(f["geometry"]) for f in data.get("features", []) if f.get("geometry")]
        if isinstance(data, dict) and data.get("type") == "Feature":
            return [shape(data["geometry"])] if data.get("geometry") else []
        if isinstance(data, dict) and "type" in data:
            return [shape(data)]
    except (KeyError, TypeError, ValueError, shapely.errors.GEOSException) as error:
        raise AreaError(f"The GeoJSON geometry cannot be read: {error}") from None
    except RecursionError:
        raise AreaError("The GeoJSON geometry cannot be read: its coordinates are nested too deeply.") from None
    raise AreaError("The file is JSON but not GeoJSON (no Feature, FeatureCollection or geometry).")


def as_shape(geometry: dict[str, Any]) -> shapely.Geometry:
    return shape(geometry)


def describe(geometry: dict[str, Any]) -> str:
    """A text alternative for the map: the area's size and where its centre is."""
    area = shape(geometry)
    centre = area.centroid
    metres = _projected(area).area
    size = f"{metres / 10_000:.1f} hectares" if metres >= 10_000 else f"{metres:,.0f} square metres"
    return (
        f"Map of the restricted area, {size}, centred on latitude {centre.y:.5f}, longitude {centre.x:.5f}. "
        "The restricted area is shaded; the order's text below describes its boundary in words."
    )


@lru_cache(maxsize=1)
def _to_grid():
    from pyproj import Transformer

    return Transformer.from_crs(4326, 27700, always_xy=True)


def _projected(area: shapely.Geometry) -> shapely.Geometry:
    import numpy as np

    to_grid = _to_grid()
    return shapely.transform(area, lambda xy: np.column_stack(to_grid.transform(xy[:, 0], xy[:, 1])))


def map_svg(geometry: dict[str, Any], title: str) -> bytes:
    """The restricted area drawn on the British National Grid, with a scale bar and north arrow.

    Drawn offline with matplotlib (no map tiles), in the reports' house style; the last few
    maps drawn are kept, as the public page asks for the same ones again and again.
    """
    return _map_svg(json.dumps(geometry, sort_keys=True), title)


@lru_cache(maxsize=32)
def _map_svg(geometry_json: str, title: str) -> bytes:
    geometry = json.loads(geometry_json)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    from cspkit.reports import maps, style

    area = _projected(shape(geometry))
    figure = plt.figure(figsize=(5.5, 4.5))
    ax = figure.add_subplot()
    ax.set_aspect("equal")
    polygons = list(area.geoms) if area.geom_type == "MultiPolygon" else [area]
    for polygon in polygons:
        rings = [polygon.exterior, *polygon.interiors]
        vertices, codes = [], []
        for ring in rings:
            coords = list(ring.coords)
            vertices += coords
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
        ax.add_patch(
            PathPatch(MplPath(vertices, codes), facecolor=style.HOT[1], alpha=0.35, edgecolor=style.HOT[0], linewidth=2)
        )
    minx, miny, maxx, maxy = area.bounds
    pad = max(maxx - minx, maxy - miny) * 0.25 + 20
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.grid(True, color="#dddddd", linewidth=0.5)
    ax.tick_params(labelbottom=False, labelleft=False, length=0)
    ax.set_title(title, fontsize=11, loc="left")
    maps._scale_bar(ax)
    maps._north_arrow(ax)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()
