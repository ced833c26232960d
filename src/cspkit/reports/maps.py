"""Maps in the house style: rates by LSOA or ward, and hot and cold spots.

Drawn offline (no basemap tiles) on the British National Grid (EPSG:27700), so areas keep
their true shape and the scale bar is in kilometres. Boundaries come from Ordnance Survey
data, so every map carries the OS attribution the Open Government Licence requires.

References
----------
Getis, A. and Ord, J. K. (1992) The analysis of spatial association by use of distance
statistics. *Geographical Analysis* 24(3), 189-206 (the Gi* confidence classes of the hot
spot map).
Brewer, C. A. (2003) *ColorBrewer*. https://colorbrewer2.org (the map colours).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from cspkit.reports import style
from cspkit.reports.document import Column, Figure, Table
from cspkit.reports.figure_cache import cached

BRITISH_NATIONAL_GRID = "EPSG:27700"
T = TypeVar("T")

#: Gi* classes from hottest to coldest, with the colour each is drawn in.
HOTSPOT_CLASSES = (
    ("Hot spot, 99% confidence", style.HOT[0]),
    ("Hot spot, 95% confidence", style.HOT[1]),
    ("Hot spot, 90% confidence", style.HOT[2]),
    ("Not significant", "#F7F7F7"),
    ("Cold spot, 90% confidence", style.COLD[2]),
    ("Cold spot, 95% confidence", style.COLD[1]),
    ("Cold spot, 99% confidence", style.COLD[0]),
)


def os_attribution(year: int | None = None) -> str:
    """The attribution Ordnance Survey boundaries require under the Open Government Licence."""
    return f"Contains OS data © Crown copyright and database right {year or date.today().year}"


@cached
def choropleth(
    areas: pd.DataFrame,
    *,
    id: str,
    title: str,
    source: str,
    value_label: str = "Crimes per 1,000 residents",
    area_label: str = "LSOA",
    bins: list[float] | None = None,
    classes: int = 5,
    decimals: int = 1,
    crs: str = "EPSG:4326",
    os_year: int | None = None,
    north_arrow: bool = True,
    alt_text: str | None = None,
    places: pd.DataFrame | None = None,
) -> Figure:
    """Areas shaded by a value (a rate), in up to five classes from light (low) to dark (high).

    ``areas`` columns: ``code``, ``name``, ``geometry`` (shapely geometries or WKB bytes,
    in ``crs``; the store keeps WGS84) and ``value`` (missing values are drawn as "No data").
    Classes are quintiles of the values unless ``bins`` (the inner break points) are given.
    ``places`` (``name``, ``geometry`` in ``crs``: wards, say) are outlined and named on top, so
    a reader can find their way round the map.
    """
    frame = _geo_frame(areas, ("code", "name", "value"), crs, id)
    values = frame["value"].astype(float)
    known = values.dropna()
    if known.empty:
        raise ValueError(f"map {id!r}: no area has a value to map")
    index, labels = _classes(known.to_numpy(), values.fillna(known.min()).to_numpy(), bins, classes, decimals)
    colours = _sequential(len(labels))
    fills = [colours[i] if not math.isnan(v) else style.NO_DATA for i, v in zip(index, values, strict=True)]
    with style.house_style():
        figure, ax = _map_figure(frame)
        _polygons(ax, frame.geometry, facecolors=fills, edgecolors=style.GREY, linewidths=0.4)
        missing = values.isna().to_numpy()
        if missing.any():
            _polygons(ax, frame.geometry[missing], facecolors=style.NO_DATA, edgecolors=style.GREY, hatch="////",
                      linewidths=0.4)
        handles = [Patch(facecolor=colours[i], edgecolor=style.GREY, label=labels[i]) for i in range(len(labels))][::-1]
        if missing.any():
            handles.append(Patch(facecolor=style.NO_DATA, edgecolor=style.GREY, hatch="////", label="No data"))
        wards = _draw_places(ax, places, crs, id) if places is not None else None
        if wards is not None:
            handles.append(WARD_HANDLE)
        _decorate(figure, ax, handles, value_label, north_arrow)
        footnote = os_attribution(os_year)
        dropped = _name_places(figure, ax, wards, None, title=title, source=source, subtitle=value_label,
                               footnote=footnote)
        footnote += _unnamed_note(dropped)
        ranked = frame.assign(value=values).dropna(subset=["value"]).sort_values("value", ascending=False)
        alt = alt_text or _choropleth_alt(ranked, len(frame), value_label, area_label, labels, decimals)
        alt += _unnamed_note(dropped).replace("\n", " ")
        table = frame.drop(columns="geometry").assign(
            band=[labels[i] if not m else "No data" for i, m in zip(index, missing, strict=True)])
        columns = [Column("code", f"{area_label} code"), Column("name", f"{area_label} name"),
                   Column("value", value_label, "number", decimals), Column("band", "Map class")]
        data = Table.from_frame(f"{id}-data", title, pd.DataFrame(table), columns, source=source,
                                notes=[os_attribution(os_year)])
        return style.finish(figure, id=id, title=title, alt_text=alt, source=source, subtitle=value_label,
                            footnote=footnote, data=data)


@cached
def hotspot_map(
    cells: pd.DataFrame,
    *,
    id: str,
    title: str,
    source: str,
    boundary: pd.DataFrame | None = None,
    subject: str = "crime",
    cell_size: float | None = None,
    crs: str = "EPSG:4326",
    boundary_crs: str = "EPSG:4326",
    os_year: int | None = None,
    north_arrow: bool = True,
    alt_text: str | None = None,
    places: pd.DataFrame | None = None,
    area_label: str = "LSOA",
) -> Figure:
    """Hot and cold spots of a Getis-Ord Gi* analysis, by confidence class.

    ``cells``: the output of ``cspkit.stats.hotspots.gi_star`` or ``grid_hotspots`` with
    either a ``geometry`` column (areas; shapely or WKB in ``crs``) or the grid's cell centres
    ``x`` and ``y`` with ``cell_size`` (then ``crs`` is the grid's, e.g. "EPSG:27700"); ``z``
    and a p-value (``p_adjusted``, else ``p_value``, else ``p``).  Where a ``hotspot``
    column says "not significant" the cell is drawn as such whatever its p-value, so the
    map agrees with the statistics' verdict.  ``boundary`` (a frame with ``geometry`` in
    ``boundary_crs``, e.g. the partnership's LSOAs) is outlined for context.
    """
    cells = _cells_with_geometry(cells, cell_size, id)
    p_column = next((c for c in ("p_adjusted", "p_value", "p") if c in cells.columns), "p_value")
    frame = _geo_frame(cells, ("z", p_column), crs, id)
    classes = hotspot_class(frame["z"].astype(float), frame[p_column].astype(float))
    if "hotspot" in frame.columns:
        verdict = frame["hotspot"].astype(str).str.lower().to_numpy()
        classes = [c if v != "not significant" else "Not significant" for c, v in zip(classes, verdict, strict=True)]
    colour = dict(HOTSPOT_CLASSES)
    with style.house_style():
        areas = _geo_frame(boundary, (), boundary_crs, id) if boundary is not None else None
        outline = _outline(areas) if areas is not None else None
        figure, ax = _map_figure(outline if outline is not None else frame)
        _polygons(ax, frame.geometry, facecolors=[colour[c] for c in classes], edgecolors="none")
        if areas is not None:  # every LSOA's boundary, faint, so a hot spot can be placed
            _lines(ax, areas.geometry, colors=style.LIGHT_GREY, linewidths=0.3)
        wards = _draw_places(ax, places, boundary_crs, id) if places is not None else None
        if outline is not None:
            _lines(ax, outline.geometry, colors=style.BLACK, linewidths=1.2)
        used = set(classes)
        handles = [Patch(facecolor=c, edgecolor=style.GREY, label=name) for name, c in HOTSPOT_CLASSES if name in used]
        if wards is not None:
            handles.append(WARD_HANDLE)
        _decorate(figure, ax, handles, "Hot and cold spots", north_arrow)
        significant = np.array([c != "Not significant" for c in classes])
        subtitle = f"Hot and cold spots of {subject}"
        footnote = os_attribution(os_year)
        dropped = _name_places(figure, ax, wards, frame.geometry[significant], title=title, source=source,
                               subtitle=subtitle, footnote=footnote)
        footnote += _unnamed_note(dropped)
        counts = pd.Series(classes).value_counts()
        hot = sum(int(counts.get(name, 0)) for name, _ in HOTSPOT_CLASSES[:2])
        cold = sum(int(counts.get(name, 0)) for name, _ in HOTSPOT_CLASSES[5:])
        alt = alt_text or (
            f"Map of hot and cold spots of {subject} from a Getis-Ord Gi* analysis of {len(frame):,} cells. "
            f"{hot:,} cells are hot spots and {cold:,} are cold spots at 95% confidence or more."
        )
        if alt_text is None and "name" in frame.columns and hot:
            hottest = frame.assign(z=frame["z"].astype(float)).sort_values("z", ascending=False)
            alt += f" Strongest hot spots: {', '.join(map(str, hottest['name'].head(3)))}."
        alt += _unnamed_note(dropped).replace("\n", " ")
        table, columns = _hotspot_table(frame, p_column, classes, area_label)
        data = Table.from_frame(f"{id}-data", title, table, columns, source=source,
                                notes=[os_attribution(os_year)])
        return style.finish(figure, id=id, title=title, alt_text=alt, source=source, subtitle=subtitle,
                            footnote=footnote, data=data)


def hotspot_class(z: pd.Series, p: pd.Series) -> list[str]:
    """The conventional Gi* confidence class of each cell: hot (z > 0) or cold, at 99/95/90%."""
    names = []
    for zi, pi in zip(z, p, strict=True):
        if math.isnan(pi) or pi >= 0.10:
            names.append("Not significant")
            continue
        level = "99%" if pi < 0.01 else "95%" if pi < 0.05 else "90%"
        names.append(f"{'Hot' if zi > 0 else 'Cold'} spot, {level} confidence")
    return names


def _cells_with_geometry(cells: pd.DataFrame, cell_size: float | None, id: str) -> pd.DataFrame:
    """Square cells from the grid's centres when the statistics give centres, not shapes."""
    if "geometry" in cells.columns:
        return cells
    if cell_size is None or not {"x", "y"} <= set(cells.columns):
        raise ValueError(f"map {id!r}: give the cells a geometry column, or x, y and the cell_size")
    half = cell_size / 2
    boxes = shapely.box(cells["x"] - half, cells["y"] - half, cells["x"] + half, cells["y"] + half)
    return cells.assign(geometry=list(boxes))


_KEPT: dict[tuple, object] = {}  # what every map of an area works out alike, for the maps this process draws


def _kept(key: tuple, make: Callable[[], T]) -> T:
    """``make()``, made once per ``key`` in this process: a report draws many maps of the same areas and
    wards, and projecting, outlining and naming them again for each map was a good part of its time."""
    found = _KEPT.get(key)
    if found is None:
        if len(_KEPT) > 4096:
            _KEPT.clear()
        found = _KEPT[key] = make()  # returned as made: another thread may empty the store meanwhile
    return found  # type: ignore[return-value]


def _geo_frame(frame: pd.DataFrame, columns: tuple[str, ...], crs: str, id: str) -> gpd.GeoDataFrame:
    """A GeoDataFrame on the British National Grid from shapely geometries or WKB."""
    missing = [c for c in ("geometry", *columns) if c not in frame.columns]
    if missing:
        raise ValueError(f"map {id!r}: the data has no column {', '.join(missing)}")
    if frame.empty:
        raise ValueError(f"map {id!r}: there are no areas to draw")
    values = tuple(bytes(g) if isinstance(g, bytearray | memoryview) else g for g in frame["geometry"])
    geometry = _kept(("projected", crs, values), lambda: _projected(values, crs, id))
    return gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=geometry, crs=_bng())


def _projected(values: tuple, crs: str, id: str) -> np.ndarray:
    geometry = [_geometry(g, number, id) for number, g in enumerate(values, start=1)]
    return gpd.GeoSeries(geometry, crs=crs).to_crs(_bng()).to_numpy()


def _bng():
    """The British National Grid, parsed once (parsing a CRS takes as long as projecting a map's areas)."""
    from pyproj import CRS

    return _kept(("crs",), lambda: CRS.from_user_input(BRITISH_NATIONAL_GRID))


def _geometry(value: object, number: int, id: str) -> shapely.Geometry:
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            value = shapely.from_wkb(bytes(value))
        except shapely.errors.GEOSException as error:
            raise ValueError(f"map {id!r}: area {number} has a geometry that is not valid WKB ({error})") from error
    if not isinstance(value, shapely.Geometry) or value.is_empty:
        raise ValueError(f"map {id!r}: area {number} has no geometry")
    return value


WARD_LINE = {"color": style.BLACK, "linewidth": 0.7}
#: Drawn as the boundaries are: solid (a dashed line over the LSOA boundaries beneath read as solid anyway).
WARD_HANDLE = Line2D([], [], **WARD_LINE, label="Ward boundary and name")
LABEL_SIZE = 6.5
LABEL_PAD = 3.0  # points kept clear round each name, so a small change of scale never makes two touch
CANDIDATES = 16  # places tried inside each ward for its name, nearest its middle first
OUTSIDE_CANDIDATES = 12  # then places just outside it
MAX_HEIGHT_CM = 20.0  # the tallest a map figure is drawn; the report prints it no taller than it has room for


@dataclass(frozen=True)
class _Places:
    """Wards outlined on a map, with the points inside each where its name may go."""

    names: list[str]
    shapes: list[shapely.Geometry]
    spots: list[np.ndarray]


def _draw_places(ax: Axes, places: pd.DataFrame, crs: str, id: str) -> _Places:
    """Outline each place (ward) and work out where its name may go; names are placed later
    (:func:`_name_places`), once the map's final size is known."""
    frame = _geo_frame(places, ("name",), crs, id)
    _lines(ax, frame.geometry, **{k + "s": v for k, v in WARD_LINE.items()})
    shapes = list(frame.geometry)
    spots = [_kept(("spots", shape), lambda shape=shape: _label_spots(shape)) for shape in shapes]
    return _Places([str(n) for n in frame["name"]], shapes, spots)


def _label_spots(shape: shapely.Geometry) -> np.ndarray:
    """Points for a ward's name: its representative point first, then a grid's points inside the ward
    by distance from that point, then points just outside it (a small ward in a crowded centre may
    have no room inside), so where a name collides at the first it can move, staying by its ward."""
    middle = shape.representative_point()
    minx, miny, maxx, maxy = shape.bounds
    grow_x, grow_y = (maxx - minx) * 0.3, (maxy - miny) * 0.3
    xs, ys = np.meshgrid(np.linspace(minx - grow_x, maxx + grow_x, 11)[1:-1],
                         np.linspace(miny - grow_y, maxy + grow_y, 11)[1:-1])
    xs, ys = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(shape, xs, ys)
    distance = np.hypot(xs - middle.x, ys - middle.y)
    order = np.lexsort((distance, ~inside))  # inside first, each nearest the middle first
    inside_count = min(int(inside.sum()), CANDIDATES - 1)
    chosen = np.r_[order[:inside_count], order[inside.sum():][:OUTSIDE_CANDIDATES]]
    return np.vstack([[middle.x, middle.y], np.column_stack([xs[chosen], ys[chosen]])])


def _name_places(figure, ax: Axes, places: _Places | None, avoid: gpd.GeoSeries | None, **frame: str) -> list[str]:
    """Print each ward's name where it overlaps no other name, the map's furniture or (where
    ``avoid`` gives them) the hot and cold spots; return the names there was no room for.

    The layout is run first with the figure's title and source lines (``frame``) plus a spare line
    for the list of names left off, so the names are measured against the map's printed size; if
    that list takes more lines, the names are placed again against the smaller map.
    """
    base = frame.get("footnote", "")
    note = "\nNot named: room" if places is not None else ""
    renderer = style.lay_out(figure, **{**frame, "footnote": base + note})
    for _ in range(3):  # grown to fill the width, then perhaps shortened to keep the legend on the figure
        if not _fit_height(figure, ax, renderer):
            break
        renderer = style.lay_out(figure, **{**frame, "footnote": base + note})
    try:
        return _name_in_layout(figure, ax, places, avoid, frame, base, note, renderer)
    finally:
        style.hold_layout(figure)


def _name_in_layout(figure, ax: Axes, places: _Places | None, avoid: gpd.GeoSeries | None, frame: dict,
                    base: str, note: str, renderer) -> list[str]:
    """The names placed (see :func:`_name_places`), again if the list of those left off needs more lines."""
    if places is None:
        return []
    spots = shapely.union_all(avoid.to_numpy()) if avoid is not None and len(avoid) else None
    if spots is not None:
        shapely.prepare(spots)
    for _ in range(3):
        texts, dropped = _place_names(figure, ax, places, spots, renderer)
        needed = _unnamed_note(dropped)
        if style.frame_lines(figure, **{**frame, "footnote": base + needed}) <= \
                style.frame_lines(figure, **{**frame, "footnote": base + note}):
            return dropped
        for text in texts:
            text.remove()
        note = needed
        renderer = style.lay_out(figure, **{**frame, "footnote": base + note})
    return dropped


@dataclass(frozen=True)
class _Look:
    """How a ward's name is printed: its colour and the white halo that keeps it legible over the map."""

    color: str
    halo: float  # the halo's width, points
    halo_alpha: float

    def effects(self) -> list:
        return [patheffects.withStroke(linewidth=self.halo, foreground="white", alpha=self.halo_alpha)]


CLEAR = _Look(style.BLACK, 1.6, 1.0)
#: Over a hot or cold spot: lighter, with a fainter halo, so the spot shows through.
OVER_SPOTS = _Look("#3A3A3A", 1.0, 0.5)


@dataclass(frozen=True)
class _Sprite:
    """A name's pixels (halo and all, bottom row first) and where its anchor falls in them."""

    pixels: np.ndarray
    x: int
    y: int


class _WardName(Text):
    """A ward's name, centred on its position, drawn on a PNG from pixels kept for each name and look.

    The same wards are named on every map of an area, and drawing each name's halo glyph by glyph
    (matplotlib draws text with a path effect as paths) was most of a map's drawing time; the kept
    pixels are those same glyphs, drawn once, and a name is placed on a whole pixel so that they
    match exactly. Other renderers (PDF, SVG) draw the text as usual.
    """

    def __init__(self, x: float, y: float, name: str, look: _Look = CLEAR) -> None:
        super().__init__(x, y, name, ha="center", va="center", fontsize=LABEL_SIZE, clip_on=False)
        self.set_look(look)
        self.set_in_layout(False)

    def set_look(self, look: _Look) -> None:
        self.look = look
        self.set_color(look.color)
        self.set_path_effects(look.effects())

    def size(self, renderer) -> tuple[float, float]:
        """The name's width and height in pixels, as ``get_window_extent`` gives them, measured once."""
        def measure() -> tuple[float, float]:
            extent = self.get_window_extent(renderer)
            return extent.width, extent.height

        return _kept(("size", self.get_text(), self.get_fontproperties().copy(), renderer.dpi), measure)

    def draw(self, renderer) -> None:
        if not isinstance(renderer, RendererAgg) or not self.get_visible():
            super().draw(renderer)
            return
        sprite = _kept(("pixels", self.get_text(), self.get_fontproperties().copy(), self.look, renderer.dpi),
                       lambda: _sprite(self, renderer.dpi))
        if sprite.pixels.size:
            x, y = self.get_transform().transform(self.get_position())
            gc = renderer.new_gc()
            renderer.draw_image(gc, round(x) - sprite.x, round(y) - sprite.y, sprite.pixels)
            gc.restore()


def _sprite(name: _WardName, dpi: float) -> _Sprite:
    """Draw a name, as a ward's name is drawn on a map, on a transparent canvas and keep its pixels."""
    font = name.get_fontproperties()
    figure = MplFigure(figsize=(len(name.get_text()) * font.get_size_in_points() / 72 + 0.5, 0.6), dpi=dpi)
    figure.patch.set_alpha(0)
    canvas = FigureCanvasAgg(figure)
    width, height = canvas.get_width_height()
    anchor_x, anchor_y = width // 2, height // 2  # a whole pixel, as the name's position on the map is
    figure.text(anchor_x, anchor_y, name.get_text(), ha="center", va="center", fontproperties=font,
                color=name.look.color, path_effects=name.look.effects(), transform=None)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    rows, columns = np.nonzero(pixels[..., 3])
    if not len(rows):
        return _Sprite(pixels[:0, :0], 0, 0)
    top, bottom, left, right = rows.min(), rows.max() + 1, columns.min(), columns.max() + 1
    return _Sprite(pixels[top:bottom, left:right][::-1].copy(), int(anchor_x - left), int(anchor_y - (height - bottom)))


def _place_names(figure, ax: Axes, places: _Places, spots: shapely.Geometry | None, renderer):
    """Greedy placement, smallest ward first (it has the fewest places its name can go): each name
    at the first of its ward's points where its box, padded, stays inside the map and clear of the
    names already placed and of the scale bar and north arrow, preferring points clear of ``spots``.
    A name that cannot keep clear of the spots goes where it covers least of them, drawn lighter so
    they show through; one with no room at all is left off. Returns the texts drawn and the names left off.
    """
    to_data = ax.transData.inverted()
    pad = LABEL_PAD * figure.dpi / 72
    box = ax.bbox
    taken = [a.get_window_extent(renderer) for a in (*ax.patches, *ax.texts)]
    texts, dropped = [], []
    for i in sorted(range(len(places.names)), key=lambda i: places.shapes[i].area):
        text = _WardName(*places.spots[i][0], places.names[i])
        ax.add_artist(text)
        width, height = text.size(renderer)
        half_w, half_h = width / 2 + pad, height / 2 + pad
        chosen, cover = None, None
        for x, y in ax.transData.transform(places.spots[i]):
            if x - half_w < box.x0 or x + half_w > box.x1 or y - half_h < box.y0 or y + half_h > box.y1:
                continue
            if any(x + half_w > t.x0 and x - half_w < t.x1 and y + half_h > t.y0 and y - half_h < t.y1 for t in taken):
                continue
            covered = 0.0
            if spots is not None:
                (x0, y0), (x1, y1) = to_data.transform([(x - half_w, y - half_h), (x + half_w, y + half_h)])
                label_box = shapely.box(x0, y0, x1, y1)
                covered = shapely.intersection(spots, label_box).area if spots.intersects(label_box) else 0.0
            if cover is None or covered < cover:
                chosen, cover = (x, y), covered
            if covered == 0.0:
                break
        if chosen is None:
            text.remove()
            dropped.append(places.names[i])
            continue
        x, y = chosen
        taken.append(Bbox.from_extents(x - half_w, y - half_h, x + half_w, y + half_h))
        # printed on the nearest whole pixel, where the name's kept pixels fit exactly (the pad absorbs the shift)
        text.set_position(tuple(to_data.transform((round(x), round(y)))))
        texts.append(text)
        if cover:  # over a hot or cold spot: lighter, without the white halo that hid it
            text.set_look(OVER_SPOTS)
    return texts, sorted(dropped)


def _fit_height(figure, ax: Axes, renderer) -> bool:
    """Size the figure's height to its map: taller where a tall area's map is held by the height and
    leaves width unused (up to ``MAX_HEIGHT_CM``, and only as far as the legend beside it still fits
    on the figure), shorter where the legend runs off the figure or where a wide area's map leaves a
    blank band under it. True when the height changed (the layout must then be run again)."""
    box, drawn = ax.get_position(original=True), ax.get_position()
    width_in, height_in = figure.get_size_inches()
    drawn_w, drawn_h = drawn.width * width_in, drawn.height * height_in
    legend = ax.get_legend()
    extent = legend.get_window_extent(renderer) if legend is not None else None
    legend_w = extent.width / figure.dpi if extent is not None else 0.0
    gap = extent.x0 / figure.dpi - drawn.x1 * width_in if extent is not None else 0.0
    room = min(box.width * width_in, width_in - 0.05 - legend_w - gap - drawn.x0 * width_in)
    change = room - drawn_w  # how much wider (or narrower, if the legend runs off) the map could be
    if change < 0 or (change > 0.1 and box.width * width_in - drawn_w > 0.1):
        aspect = drawn_h / max(drawn_w, 1e-6)
        taller = min(height_in + change * aspect * (1.05 if change < 0 else 0.95), MAX_HEIGHT_CM * style.CM)
        if abs(taller - height_in) >= 0.02:
            figure.set_size_inches(width_in, taller)
            return True
    legend_h = extent.height / figure.dpi if extent is not None else 0.0
    slack = box.height * height_in - max(drawn_h, legend_h)
    if slack < 0.1:
        return False
    figure.set_size_inches(width_in, height_in - slack)
    return True


def _unnamed_note(dropped: list[str]) -> str:
    """The line under a map naming the wards outlined on it whose names did not fit."""
    if not dropped:
        return ""
    return f"\nOutlined but not named, for lack of room: {_and(dropped)} ward{'s' if len(dropped) > 1 else ''}."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _hotspot_table(frame: gpd.GeoDataFrame, p_column: str, classes: list[str],
                   area_label: str) -> tuple[pd.DataFrame, list[Column]]:
    """Each area's or grid cell's statistics and class; a grid cell by the easting and northing of
    its centre (British National Grid, metres), so the data can be mapped again."""
    table = pd.DataFrame({"z": frame["z"].to_numpy(), "p": frame[p_column].to_numpy(), "class": classes})
    stats = [Column("z", "Gi* z-score", "number", 2), Column("p", "p-value", "number", 4), Column("class", "Class")]
    if "name" in frame.columns:
        table.insert(0, "name", frame["name"].to_numpy())
        return table, [Column("name", area_label), *stats]
    centres = frame.geometry.centroid
    table.insert(0, "northing", np.round(centres.y.to_numpy()))
    table.insert(0, "easting", np.round(centres.x.to_numpy()))
    return table, [Column("easting", "Cell centre: easting (metres)", "integer"),
                   Column("northing", "Cell centre: northing (metres)", "integer"), *stats]


def _polygons(ax: Axes, geometries: gpd.GeoSeries, **kwargs) -> None:
    """Areas filled as one collection of paths (a ring's holes cut out), drawn as geopandas would
    draw them but without a patch object per area, which was most of a map's drawing time."""
    shapes = tuple(geometries)
    paths = _kept(("paths", shapes), lambda: [_path(geometry) for geometry in shapes])
    ax.add_collection(PathCollection(paths, **kwargs), autolim=True)
    ax.autoscale_view()


def _path(geometry: shapely.Geometry) -> Path:
    rings = [ring for polygon in getattr(geometry, "geoms", [geometry]) if isinstance(polygon, shapely.Polygon)
             for ring in (polygon.exterior, *polygon.interiors)]
    return Path.make_compound_path(*(Path(np.asarray(ring.coords)[:, :2], closed=True) for ring in rings))


def _lines(ax: Axes, geometries: gpd.GeoSeries, **kwargs) -> None:
    """The boundaries of areas as one collection of lines."""
    shapes = tuple(geometries)
    segments = _kept(("segments", shapes), lambda: [
        np.asarray(line.coords)[:, :2] for boundary in shapely.boundary(np.array(shapes, dtype=object))
        for line in getattr(boundary, "geoms", [boundary]) if not line.is_empty])
    ax.add_collection(LineCollection(segments, **kwargs), autolim=True)
    ax.autoscale_view()


def _outline(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One clean outline: generalised boundaries leave hairline gaps between neighbours, so the
    union is grown and shrunk by 10 m, which closes gaps narrower than 20 m and moves no edge."""
    shapes = tuple(frame.geometry)
    merged = _kept(("outline", shapes), lambda: shapely.union_all(frame.geometry.buffer(10).values).buffer(-10))
    return gpd.GeoDataFrame(geometry=[merged], crs=frame.crs)


def _classes(known: np.ndarray, values: np.ndarray, bins: list[float] | None, classes: int,
             decimals: int) -> tuple[np.ndarray, list[str]]:
    """Each value's class and the classes' labels, lowest first.

    Where at least a class's share of the areas have none (a less common crime's rate by LSOA),
    those areas are a class of their own, "None", and the rest are split into the other classes:
    quintiles of such values would give an empty "0.0 to 0.0" class and shade areas with none as
    if they had some.
    """
    if bins is None and classes > 1 and known.min() == 0 < known.max() and np.mean(known == 0) >= 1 / classes:
        index, labels = _classes(known[known > 0], np.where(values > 0, values, known[known > 0].min()), None,
                                 classes - 1, decimals)
        return np.where(values > 0, index + 1, 0), ["None", *labels]
    edges = _edges(known, bins, classes)
    index = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
    return index, [f"{edges[i]:,.{decimals}f} to {edges[i + 1]:,.{decimals}f}" for i in range(len(edges) - 1)]


def _edges(values: np.ndarray, bins: list[float] | None, classes: int) -> np.ndarray:
    """Break points, strictly rising: a quantile equal to the lowest value makes no class of its own."""
    low, high = float(values.min()), float(values.max())
    if bins is not None:
        inner = sorted(b for b in bins if low < b < high)
    else:
        inner = [q for q in np.unique(np.quantile(values, np.linspace(0, 1, classes + 1)[1:-1])) if low < q < high]
    return np.array([low, *inner, high if high > low else low + 1])


def _sequential(n: int) -> list[str]:
    """n colours spread over the light-to-dark scale, so two classes are not near-twins."""
    if n == 1:
        return [style.SEQUENTIAL[len(style.SEQUENTIAL) // 2]]
    return [style.SEQUENTIAL[i] for i in np.round(np.linspace(0, len(style.SEQUENTIAL) - 1, n)).astype(int)]


def _map_figure(frame: gpd.GeoDataFrame):
    minx, miny, maxx, maxy = frame.total_bounds
    aspect = (maxy - miny) / max(maxx - minx, 1.0)
    height = float(np.clip(11.5 * aspect + 4.5, 9.0, 18.0))
    figure = style.new_figure(height_cm=height)
    ax = figure.add_subplot()
    ax.set_aspect("equal")
    # Held to the left of its layout box: a centred map narrower than its box hides how far the
    # legend beside it reaches, so the layout reserved too little room and cut the legend off.
    ax.set_anchor("NW")
    ax.set_axis_off()
    return figure, ax


def _decorate(figure, ax: Axes, handles: list[Patch], legend_title: str, north_arrow: bool) -> None:
    ax.legend(handles=handles, title=legend_title, loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0,
              alignment="left")
    _scale_bar(ax)
    if north_arrow:
        _north_arrow(ax)


def _scale_bar(ax: Axes) -> None:
    """A bar of a round number of kilometres (about a fifth of the map's width), bottom left."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    target = (x1 - x0) / 5
    magnitude = 10 ** math.floor(math.log10(target))
    length = max(step * magnitude for step in (1, 2, 5) if step * magnitude <= target)
    left, bottom = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.03
    height = (y1 - y0) * 0.012
    ax.add_patch(Rectangle((left, bottom), length / 2, height, facecolor=style.BLACK, edgecolor=style.BLACK))
    ax.add_patch(Rectangle((left + length / 2, bottom), length / 2, height, facecolor="white", edgecolor=style.BLACK))
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    ax.annotate(label, (left + length, bottom + height), xytext=(3, 0), textcoords="offset points",
                fontsize=style.SOURCE_SIZE, va="bottom", in_layout=False)  # inside the map: the layout needs no room


def _north_arrow(ax: Axes) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    size = (y1 - y0) * 0.07
    x, y = x1 - (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.04 - size
    ax.add_patch(FancyArrow(x, y, 0, size, width=size * 0.12, head_width=size * 0.4, head_length=size * 0.4,
                            length_includes_head=True, color=style.BLACK))
    ax.annotate("N", (x, y), xytext=(0, -2), textcoords="offset points", ha="center", va="top",
                fontsize=style.BODY_SIZE, fontweight="bold", in_layout=False)


def _choropleth_alt(ranked, total, value_label, area_label, labels, decimals) -> str:
    def listed(rows):
        return "; ".join(f"{r.name} {r.value:,.{decimals}f}" for r in rows.itertuples())

    lowest = "none" if labels[0] == "None" else labels[0].split(" to ")[0]
    text = (f"Map of {value_label.lower()} for {total:,} {area_label}s, shaded in {len(labels)} classes "
            f"from {lowest} to {labels[-1].split(' to ')[-1]}.")
    if len(ranked) >= 2:
        text += f" Highest: {listed(ranked.head(3))}. Lowest: {listed(ranked.tail(3).iloc[::-1])}."
    return text
