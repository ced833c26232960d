"""Maps from the store's WKB boundaries: rates by LSOA and Gi* hot spots, with the OS attribution."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from cspkit.reports import maps


@pytest.fixture(scope="module")
def rate_map(lsoas):
    return maps.choropleth(lsoas, id="rates", title="Crime rate by LSOA", source="data.police.uk", os_year=2022)


def test_a_choropleth_of_real_lsoas_describes_the_highest_and_lowest(rate_map, lsoas):
    known = lsoas.dropna(subset=["value"]).sort_values("value")
    highest, lowest = known.iloc[-1], known.iloc[0]
    assert f"for {len(lsoas)} LSOAs, shaded in 5 classes" in rate_map.alt_text
    assert f"Highest: {highest['name']} {highest['value']:.1f}" in rate_map.alt_text
    assert f"Lowest: {lowest['name']} {lowest['value']:.1f}" in rate_map.alt_text


def test_the_map_data_gives_each_lsoa_its_class_and_marks_missing_values(rate_map, lsoas):
    rows = {row.cells[0].value: row.cells[3].value for row in rate_map.data.rows}
    assert len(rows) == len(lsoas)
    assert rows[lsoas["code"].iloc[4]] == "No data"
    assert sum(1 for band in rows.values() if band != "No data") == len(lsoas) - 1
    assert len(set(rows.values())) == 6  # five classes and "No data"


def test_the_map_and_its_data_carry_the_ordnance_survey_attribution(rate_map):
    assert rate_map.data.notes == ("Contains OS data © Crown copyright and database right 2022",)
    assert Image.open(io.BytesIO(rate_map.png)).text["Title"] == "Crime rate by LSOA"


def test_given_break_points_set_the_classes(lsoas):
    figure = maps.choropleth(lsoas, id="r", title="T", source="S", bins=[50, 100], decimals=0)
    bands = {row.cells[3].value for row in figure.data.rows} - {"No data"}
    assert bands == {"12 to 50", "50 to 100", "100 to 180"}


def test_hotspot_classes_follow_the_conventional_confidence_levels():
    z = pd.Series([3.1, 2.2, 1.7, 0.4, -1.7, -2.2, -3.1, 2.0])
    p = pd.Series([0.002, 0.03, 0.08, 0.7, 0.08, 0.03, 0.002, np.nan])
    assert maps.hotspot_class(z, p) == [
        "Hot spot, 99% confidence", "Hot spot, 95% confidence", "Hot spot, 90% confidence", "Not significant",
        "Cold spot, 90% confidence", "Cold spot, 95% confidence", "Cold spot, 99% confidence", "Not significant",
    ]


def test_a_grid_of_gi_star_cells_is_mapped_and_the_statistics_verdict_wins(lsoas):
    # Cells 500 m square on the British National Grid over Cannock (around SJ 98 10).
    x, y = np.meshgrid(np.arange(396_250, 400_000, 500), np.arange(308_250, 312_000, 500))
    cells = pd.DataFrame({"x": x.ravel(), "y": y.ravel(), "z": 0.0, "p_value": 0.9, "hotspot": "not significant"})
    cells.loc[:2, ["z", "p_value", "hotspot"]] = [3.5, 0.0005, "hot spot"]
    cells.loc[3, ["z", "p_value", "hotspot"]] = [2.5, 0.01, "not significant"]  # fails the FDR correction
    figure = maps.hotspot_map(cells, id="hot", title="Hot spots", source="data.police.uk", cell_size=500,
                              crs="EPSG:27700", boundary=lsoas[["geometry"]], os_year=2022)
    assert f"analysis of {len(cells)} cells. 3 cells are hot spots and 0 are cold spots" in figure.alt_text
    classes = [row.cells[-1].value for row in figure.data.rows]
    assert classes[:4] == ["Hot spot, 99% confidence"] * 3 + ["Not significant"]


def test_grid_cells_in_the_map_data_carry_the_easting_and_northing_of_their_centre(lsoas):
    x, y = np.meshgrid(np.arange(396_250, 400_000, 500), np.arange(308_250, 312_000, 500))
    cells = pd.DataFrame({"x": x.ravel(), "y": y.ravel(), "z": 0.0, "p_value": 0.9})
    cells.loc[:2, ["z", "p_value"]] = [3.5, 0.0005]
    figure = maps.hotspot_map(cells, id="grid-centres", title="Hot spots", source="S", cell_size=500,
                              crs="EPSG:27700", boundary=lsoas[["geometry"]], os_year=2022)
    labels = [c.label for c in figure.data.columns]
    assert labels[:2] == ["Cell centre: easting (metres)", "Cell centre: northing (metres)"]
    centres = [(row.cells[0].value, row.cells[1].value) for row in figure.data.rows]
    assert centres == list(zip(cells["x"], cells["y"], strict=True))


def test_areas_in_the_hot_spot_data_are_headed_by_what_they_are(lsoas):
    cells = lsoas.head(6).assign(z=[3.0, 2.8, 0.1, 0.0, -0.2, 0.3], p_value=[0.001, 0.002, 0.9, 0.9, 0.8, 0.7])
    figure = maps.hotspot_map(cells, id="lsoa-heading", title="Hot spots", source="S", os_year=2022)
    assert figure.data.columns[0].label == "LSOA"
    assert [row.cells[0].value for row in figure.data.rows] == cells["name"].tolist()


def test_hot_spot_cells_need_shapes_or_centres_and_a_size():
    with pytest.raises(ValueError, match="give the cells a geometry column, or x, y and the cell_size"):
        maps.hotspot_map(pd.DataFrame({"x": [1.0], "y": [1.0], "z": [1.0], "p_value": [0.5]}), id="h",
                         title="T", source="S")


def test_a_geometry_that_is_not_wkb_is_reported_with_its_row(lsoas):
    broken = lsoas.head(3).copy()
    broken.loc[broken.index[1], "geometry"] = b"not a geometry"
    with pytest.raises(ValueError, match="map 'r': area 2 has a geometry that is not valid WKB"):
        maps.choropleth(broken, id="r", title="T", source="S")


def test_a_map_with_no_values_at_all_is_refused(lsoas):
    with pytest.raises(ValueError, match="no area has a value to map"):
        maps.choropleth(lsoas.assign(value=np.nan), id="r", title="T", source="S")


def test_the_hot_spot_legend_beside_a_tall_map_is_not_cut_off_at_the_right_edge(lsoas):
    # Cannock Chase is taller than wide, so the map is narrower than the space laid out for it.
    x, y = np.meshgrid(np.arange(396_250, 400_000, 500), np.arange(308_250, 312_000, 500))
    cells = pd.DataFrame({"x": x.ravel(), "y": y.ravel(), "z": 0.0, "p_value": 0.9})
    cells.loc[:2, ["z", "p_value"]] = [3.5, 0.0005]
    cells.loc[3:5, ["z", "p_value"]] = [-2.5, 0.02]
    figure = maps.hotspot_map(cells, id="hot", title="Hot spots", source="data.police.uk", cell_size=500,
                              crs="EPSG:27700", boundary=lsoas[["geometry"]], os_year=2022)
    pixels = np.asarray(Image.open(io.BytesIO(figure.png)).convert("L"))
    assert pixels[:, -4:].min() == 255, "something is drawn up to the right edge of the image"


@pytest.fixture(scope="module")
def wards(lsoas) -> pd.DataFrame:
    """Cannock Chase's LSOAs joined two by two into 'wards' with long names, so names must compete for room."""
    import shapely

    geometries = shapely.from_wkb(lsoas["geometry"].to_numpy())
    groups = np.arange(len(lsoas)) // 2
    names = ["Hartbury Central", "Churchmouth", "Oakhurst", "Wilfield", "Hazelbridge", "Langley", "Foxcombe"]
    return pd.DataFrame({"name": [f"{names[g % len(names)]} {g}" for g in sorted(set(groups))],
                         "geometry": [shapely.to_wkb(shapely.union_all(geometries[groups == g]))
                                      for g in sorted(set(groups))]})


def _finished_figures(monkeypatch) -> list:
    from cspkit.reports import style

    kept = []
    finish = style.finish

    def keep(figure, **kwargs):
        kept.append(figure)
        return finish(figure, **kwargs)

    monkeypatch.setattr(style, "finish", keep)
    return kept


def test_ward_names_never_overlap_stay_on_the_map_and_those_left_off_are_listed(monkeypatch, lsoas, wards):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    kept = _finished_figures(monkeypatch)
    figure = maps.choropleth(lsoas, id="ward-names", title="T", source="S", os_year=2022, places=wards)
    drawn = kept[0]
    renderer = FigureCanvasAgg(drawn).get_renderer()
    ax = drawn.axes[0]
    names = set(wards["name"])
    labels = [t for t in ax.texts if t.get_text() in names]
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not [(labels[i].get_text(), labels[j].get_text()) for i in range(len(boxes)) for j in range(i)
                if boxes[i].overlaps(boxes[j])]
    assert all(ax.bbox.x0 <= b.x0 and b.x1 <= ax.bbox.x1 and ax.bbox.y0 <= b.y0 and b.y1 <= ax.bbox.y1 for b in boxes)
    left_off = names - {t.get_text() for t in labels}
    assert labels and left_off, "the sample should name most wards and leave some off"
    assert all(name in figure.alt_text for name in left_off)
    assert "not named, for lack of room" in figure.alt_text


def test_names_keep_clear_of_hot_spots_where_their_ward_has_room(monkeypatch, lsoas, wards):
    import shapely

    kept = _finished_figures(monkeypatch)
    hot = np.zeros(len(lsoas), dtype=bool)
    hot[::5] = True
    cells = lsoas.assign(z=np.where(hot, 3.0, 0.0), p_value=np.where(hot, 0.001, 0.9))
    maps.hotspot_map(cells, id="clear-of-spots", title="T", source="S", os_year=2022, places=wards,
                     boundary=lsoas[["geometry"]])
    ax = kept[0].axes[0]
    spots = shapely.union_all(maps._geo_frame(cells[hot], (), "EPSG:4326", "t").geometry.to_numpy())
    names = set(wards["name"])
    clear = [t for t in ax.texts if t.get_text() in names and t.get_color() == maps.style.BLACK]
    assert clear
    assert not any(spots.contains(shapely.Point(t.get_position())) for t in clear)


def test_ward_boundaries_are_drawn_as_the_legend_shows_them(monkeypatch, lsoas, wards):
    kept = _finished_figures(monkeypatch)
    maps.choropleth(lsoas, id="ward-lines", title="T", source="S", os_year=2022, places=wards)
    ax = kept[0].axes[0]
    entry = next(h for h in ax.get_legend().legend_handles if h.get_label() == "Ward boundary and name")
    ward_lines = [c for c in ax.collections if c.get_linewidth()[0] == maps.WARD_LINE["linewidth"]]
    assert ward_lines and entry.get_linestyle() == "-"
    assert all(dashes[1] is None for c in ward_lines for dashes in c.get_linestyle())


def test_a_wide_area_leaves_no_blank_band_under_its_map(monkeypatch, lsoas):
    import shapely

    kept = _finished_figures(monkeypatch)
    # the same LSOAs stretched east-west: a map much wider than tall
    wide = lsoas.assign(geometry=[shapely.to_wkb(shapely.affinity.scale(g, xfact=4, origin=(0, 0)))
                                  for g in shapely.from_wkb(lsoas["geometry"].to_numpy())])
    maps.choropleth(wide, id="wide", title="T", source="S", os_year=2022)
    drawn = kept[0]
    ax = drawn.axes[0]
    slack = (ax.get_position(original=True).height - ax.get_position().height) * drawn.get_size_inches()[1]
    legend = ax.get_legend().get_window_extent().height / drawn.dpi
    assert slack < 0.15 or ax.get_position(original=True).height * drawn.get_size_inches()[1] <= legend + 0.15


def test_a_map_grown_to_fill_the_width_keeps_its_legend_on_the_figure(lsoas, wards):
    figure = maps.choropleth(lsoas, id="grown", title="T", source="S", os_year=2022, places=wards)
    pixels = np.asarray(Image.open(io.BytesIO(figure.png)).convert("L"))
    assert pixels[:, -4:].min() == 255, "the legend runs off the right edge of the image"


@pytest.mark.parametrize("look", [maps.CLEAR, maps.OVER_SPOTS])
def test_a_ward_name_drawn_from_its_kept_pixels_is_the_name_matplotlib_draws(look):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    def drawn(kept: bool) -> np.ndarray:
        with maps.style.house_style():
            figure = Figure(figsize=(2, 1), dpi=maps.style.PNG_DPI)
            figure.patch.set_facecolor(maps.style.SEQUENTIAL[3])
            ax = figure.add_axes((0, 0, 1, 1))
            ax.set_axis_off()
            ax.set(xlim=(0, 300), ylim=(0, 150))
            maps._KEPT.clear()
            for x, y, text in ((150, 75, "Foxcombe"), (100, 30, "Hartbury Central"), (250, 120, "Yg")):
                name = maps._WardName(x, y, text, look)
                if not kept:
                    name.draw = lambda renderer, name=name: Text.draw(name, renderer)
                ax.add_artist(name)
            canvas = FigureCanvasAgg(figure)
            canvas.draw()
            return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)

    text, kept = drawn(kept=False), drawn(kept=True)
    assert (text != text[0, 0]).any(axis=2).sum() > 200, "the name and its halo are drawn"
    assert np.abs(text - kept).max() <= 2


def test_a_map_drawn_again_from_what_the_process_kept_is_the_same_picture(lsoas, wards):
    draw = maps.choropleth.__wrapped__  # past the figure cache: drawn again, not looked up
    maps._KEPT.clear()
    first = draw(lsoas, id="kept", title="T", source="S", os_year=2022, places=wards)
    assert maps._KEPT, "the projections, outlines and ward names were kept"
    again = draw(lsoas, id="kept", title="T", source="S", os_year=2022, places=wards)
    assert again.png == first.png


def test_areas_with_none_are_a_class_of_their_own_and_every_class_shown_is_used(lsoas):
    """A less common crime: two areas in five had none. Quintiles would make an empty "0.0 to 0.0"
    class and shade the areas with none as "0.0 to 0.6", as if they had some."""
    known = lsoas.dropna(subset=["value"]).reset_index(drop=True)
    rates = np.linspace(0.3, 5.4, len(known))
    rates[::5], rates[1::5] = 0.0, 0.0
    figure = maps.choropleth(known.assign(value=rates), id="weapons", title="T", source="S", os_year=2022)
    bands = [row.cells[3].value for row in figure.data.rows]
    values = [row.cells[2].value for row in figure.data.rows]
    assert {band for band, value in zip(bands, values, strict=True) if value == 0} == {"None"}
    assert "None" not in {band for band, value in zip(bands, values, strict=True) if value > 0}
    assert len(set(bands)) == 5 and all(b.split(" to ")[0] != b.split(" to ")[-1] for b in set(bands) - {"None"})
    assert f"shaded in 5 classes from none to {rates.max():.1f}" in figure.alt_text
    lowest_positive = min(b for b in set(bands) - {"None"})
    assert lowest_positive.startswith(f"{rates[rates > 0].min():.1f} to ")


def test_quintiles_that_tie_with_the_lowest_value_make_no_empty_class(lsoas):
    known = lsoas.dropna(subset=["value"]).reset_index(drop=True)
    rates = np.linspace(1.0, 9.0, len(known))
    rates[: len(known) // 4] = 1.0  # a quarter of the areas share the lowest rate, none has none
    figure = maps.choropleth(known.assign(value=rates), id="ties", title="T", source="S", os_year=2022)
    bands = {row.cells[3].value for row in figure.data.rows}
    assert "None" not in bands and len(bands) == 4
    assert "shaded in 4 classes from 1.0 to 9.0" in figure.alt_text  # the legend's classes: each one used
