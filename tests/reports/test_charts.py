"""Every chart comes back as a PNG with its title, alt text drawn from the data, a source
line and the data behind it; bad data is refused with the chart and column named."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from cspkit.reports import charts, style
from cspkit.reports.document import Figure
from cspkit.stats.compare import funnel_limits
from cspkit.stats.concentration import gini, lorenz_curve

from .samples import monthly_forecast, monthly_points, rates_frame


def dotplot_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "area": ["Cannock Chase", "Stafford", "Stoke-on-Trent", "Tamworth"],
        "value": [83.0, 75.0, 130.0, 95.0], "lower": [81.2, 73.5, 128.6, 93.0],
        "upper": [84.8, 76.5, 131.4, 97.0], "status": ["lower", "lower", "higher", "not compared"],
    })


def funnel_points() -> pd.DataFrame:
    return pd.DataFrame({"area": ["Cannock Chase", "Tamworth", "Stoke-on-Trent", "Lichfield"],
                         "population": [101_484, 77_000, 256_622, 104_000], "value": [90.5, 93.0, 130.0, 60.0]})


@pytest.fixture(scope="module")
def drawn() -> dict[str, Figure]:
    counts = np.array([120, 80, 40, 20, 10, 5, 5, 5, 3, 2, 1, 1], dtype=float)
    profile = pd.DataFrame({"month_of_year": range(1, 13),
                            "index": [0.92, 0.90, 0.97, 1.01, 1.05, 1.08, 1.12, 1.06, 1.01, 0.99, 0.96, 0.93],
                            "runs_high": [False] * 6 + [True] + [False] * 5,
                            "runs_low": [False, True] + [False] * 10})
    return {
        "rate_over_time": charts.rate_over_time(rates_frame(), id="a", title="Crime rate over time",
                                                source="Home Office", focus="Cannock Chase"),
        "control_chart": charts.control_chart(monthly_points(), forecast=monthly_forecast(), id="b",
                                              title="Crime each month", source="data.police.uk"),
        "seasonality_profile": charts.seasonality_profile(profile, id="c", title="Seasonality", source="police.uk"),
        "comparison_dotplot": charts.comparison_dotplot(dotplot_frame(), id="d", title="Rates by CSP",
                                                        source="Home Office", benchmark=91.7, focus="Cannock Chase"),
        "funnel_plot": charts.funnel_plot(funnel_points(), funnel_limits(np.geomspace(5e4, 3e5, 50), 91.7), id="e",
                                          title="Funnel plot", source="Home Office", benchmark=91.7,
                                          focus="Cannock Chase"),
        "lorenz_curve": charts.lorenz_curve(lorenz_curve(counts), id="f", title="Concentration", source="police.uk",
                                            gini=gini(counts)),
        "concentration_chart": charts.concentration_chart(
            pd.DataFrame({"place": [f"LSOA {i}" for i in range(12)], "count": counts}), id="g", top=5,
            title="Top LSOAs", source="police.uk"),
    }


@pytest.mark.parametrize("name", ["rate_over_time", "control_chart", "seasonality_profile", "comparison_dotplot",
                                  "funnel_plot", "lorenz_curve", "concentration_chart"])
def test_each_chart_is_a_png_carrying_its_title_and_alt_text(drawn, name):
    figure = drawn[name]
    png = Image.open(io.BytesIO(figure.png))
    assert png.format == "PNG"
    assert png.text["Title"] == figure.title and png.text["Description"] == figure.alt_text
    assert png.width == pytest.approx(figure.width_cm / 2.54 * style.PNG_DPI, abs=2)
    assert figure.source and len(figure.alt_text) > 40
    assert figure.data is not None and figure.data.rows


@pytest.mark.parametrize("name", ["rate_over_time", "funnel_plot", "concentration_chart"])
def test_the_title_and_source_line_are_drawn_on_the_image(drawn, name):
    grey = np.asarray(Image.open(io.BytesIO(drawn[name].png)).convert("L"))
    height = grey.shape[0]
    assert (grey[: int(height * 0.05)] < 100).any(), "no dark title text at the top"
    assert (grey[-int(height * 0.04):] < 100).any(), "no dark source text at the bottom"


def test_rate_alt_text_gives_the_latest_rate_of_every_area(drawn):
    alt = drawn["rate_over_time"].alt_text
    assert "from 2018/19 to 2022/23" in alt
    assert "Cannock Chase 83.0; Staffordshire 87.0; England and Wales 91.7" in alt


def test_control_chart_names_the_special_cause_month_and_the_forecast(drawn):
    alt = drawn["control_chart"].alt_text
    assert "Special causes higher than expected in October 2022." in alt
    assert "Forecast for September 2023: 625 (95% interval 560 to 690)" in alt
    table = drawn["control_chart"].data
    special = table.columns.index(next(c for c in table.columns if c.key == "special"))
    assert [row.cells[special].value for row in table.rows].count("High") == 1


def test_seasonality_names_the_highest_lowest_and_reliable_months(drawn):
    alt = drawn["seasonality_profile"].alt_text
    assert "Highest in July (112), lowest in February (90)" in alt
    assert "Reliably high: July. Reliably low: February." in alt


def test_dotplot_alt_text_says_which_areas_differ_significantly(drawn):
    alt = drawn["comparison_dotplot"].alt_text
    assert "Significantly higher than England and Wales: Stoke-on-Trent." in alt
    assert "Significantly lower than England and Wales: Stafford and Cannock Chase." in alt


def test_funnel_plot_flags_the_areas_outside_the_outer_limits(drawn):
    # Around 91.7 per 1,000, a population of 100,000 has a standard error near 0.96 per 1,000: Stoke-on-Trent
    # (130) and Lichfield (60) are dozens of standard errors away; Cannock Chase and Tamworth are within two.
    alt = drawn["funnel_plot"].alt_text
    assert "Outside the 99.8% limits: Stoke-on-Trent and Lichfield." in alt
    flags = {row.cells[0].value: row.cells[-1].value for row in drawn["funnel_plot"].data.rows}
    assert flags == {"Cannock Chase": "No", "Tamworth": "No", "Stoke-on-Trent": "Yes", "Lichfield": "Yes"}


def test_lorenz_curve_is_read_from_the_places_with_most_crime(drawn):
    # 12 places, 292 crimes; the top 10% of places is 1.2 places: 120 + 0.2 * 80 = 136 crimes, 47%.
    assert "The 10% of LSOAs with most crimes hold 47% of all crimes." in drawn["lorenz_curve"].alt_text
    shares = [row.cells[1].value for row in drawn["lorenz_curve"].data.rows]
    assert shares[1] == pytest.approx(120 / 292)


def test_concentration_chart_gives_the_share_held_by_the_top_places(drawn):
    # The top five of twelve places hold 120 + 80 + 40 + 20 + 10 = 270 of 292 crimes.
    assert "Together they hold 92% of all 292 crimes across 12 LSOAs" in drawn["concentration_chart"].alt_text
    assert len(drawn["concentration_chart"].data.rows) == 5


def test_the_same_data_draws_the_same_bytes():
    first = charts.rate_over_time(rates_frame(), id="a", title="T", source="S", focus="Cannock Chase")
    second = charts.rate_over_time(rates_frame(), id="a", title="T", source="S", focus="Cannock Chase")
    assert first.png == second.png


def test_a_missing_column_is_named_with_the_chart():
    with pytest.raises(ValueError, match="figure 'x': the data has no column rate"):
        charts.rate_over_time(rates_frame().drop(columns="rate"), id="x", title="T", source="S", focus="Cannock Chase")


def test_a_focus_area_that_is_not_in_the_data_is_refused():
    with pytest.raises(ValueError, match="'Tamworth' is not one of the areas"):
        charts.rate_over_time(rates_frame(), id="x", title="T", source="S", focus="Tamworth")


def test_an_unknown_significance_word_is_refused():
    frame = dotplot_frame().assign(status=["worse", "lower", "higher", "similar"])
    with pytest.raises(ValueError, match="unknown status worse"):
        charts.comparison_dotplot(frame, id="x", title="T", source="S")


def test_a_chart_without_a_source_line_is_refused():
    with pytest.raises(ValueError, match="needs a title, alt text and a source line"):
        charts.concentration_chart(pd.DataFrame({"place": ["A"], "count": [3]}), id="x", title="T", source=" ")


def test_the_assessments_forecast_rows_are_accepted_as_they_come():
    rows = pd.DataFrame({"month": pd.date_range("2023-04-01", periods=3, freq="MS"), "forecast": 600.0,
                         "lower_95": 550.0, "upper_95": 650.0})
    figure = charts.control_chart(monthly_points(), forecast=rows, id="x", title="T", source="S")
    assert "Forecast for June 2023: 600 (95% interval 550 to 650)." in figure.alt_text


def test_a_dotplot_of_rates_starts_at_zero_and_words_each_verdict_as_the_rates_table(monkeypatch):
    # The rates here run from 73.5 to 131.4: matplotlib alone would start the axis near 70, which makes a
    # gap of 8 look like one of 60.
    limits = []
    finish = style.finish

    def keep_limits(figure, **kwargs):
        limits.append(figure.axes[0].get_xlim())
        return finish(figure, **kwargs)

    monkeypatch.setattr(style, "finish", keep_limits)
    verdicts = {"higher": "Higher: Tamworth is significantly higher", "lower": "Lower: Tamworth is significantly lower",
                "similar": "Similar", "neutral": "Tamworth"}
    frame = dotplot_frame().assign(status=["higher", "higher", "lower", "not compared"])
    figure = charts.comparison_dotplot(frame, id="zero-start", title="T", source="S", verdicts=verdicts,
                                       verdict_heading="Tamworth compared with it", band=(93.0, 97.0))
    assert limits and limits[0][0] == 0
    words = {row.cells[0].value: row.cells[-1].value for row in figure.data.rows}
    assert words == {"Cannock Chase": "Higher", "Stafford": "Higher", "Stoke-on-Trent": "Lower", "Tamworth": ""}
    assert figure.data.columns[-1].label == "Tamworth compared with it"
    assert "Lower: Tamworth is significantly lower: Stoke-on-Trent." in figure.alt_text


def _drawn_axes(monkeypatch) -> list:
    """The axes of each chart drawn while the test runs, kept as ``style.finish`` receives them."""
    kept = []
    finish = style.finish

    def keep(figure, **kwargs):
        kept.append(figure.axes[0])
        return finish(figure, **kwargs)

    monkeypatch.setattr(style, "finish", keep)
    return kept


def _seasonal_points() -> pd.DataFrame:
    """Two years whose centre line follows the season, with a high and a low special cause."""
    months = pd.period_range("2024-01", periods=24, freq="M")
    season = 40 * np.sin(np.arange(24) * 2 * np.pi / 12)
    centre = 500 + season
    values = centre + np.r_[[3, -4, 2, 90, 1, -2, 4, -3, 0, 2, -1, 3], [-2, 1, -3, 2, -95, 4, 1, -2, 3, 0, -4, 2]]
    return pd.DataFrame({"value": values, "centre": centre, "lower": centre - 60, "upper": centre + 60,
                         "signal_high": values > centre + 60, "signal_low": values < centre - 60}, index=months)


def test_a_seasonal_centre_line_is_named_the_expected_level_not_the_mean(monkeypatch):
    axes = _drawn_axes(monkeypatch)
    charts.control_chart(_seasonal_points(), id="seasonal-centre", title="T", source="S")
    charts.control_chart(monthly_points(), id="flat-centre", title="T", source="S")
    seasonal, flat = ([t.get_text() for t in ax.get_legend().get_texts()] for ax in axes)
    assert charts.SEASONAL_CENTRE in seasonal and not any("mean" in label.lower() for label in seasonal)
    assert charts.FLAT_CENTRE in flat and charts.SEASONAL_CENTRE not in flat


def test_high_and_low_special_causes_are_drawn_and_named_apart(monkeypatch):
    axes = _drawn_axes(monkeypatch)
    figure = charts.control_chart(_seasonal_points(), id="high-and-low", title="T", source="S")
    ax = axes[0]
    marks = {line.get_label(): (line.get_marker(), line.get_markerfacecolor(), len(line.get_xdata()))
             for line in ax.get_lines()}
    high, low = marks[charts.SPECIAL_HIGH.label], marks[charts.SPECIAL_LOW.label]
    assert high[0] != low[0] and high[1] != low[1] and high[2] == low[2] == 1
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert charts.SPECIAL_HIGH.label in legend and charts.SPECIAL_LOW.label in legend
    assert "higher than expected in April 2024; lower than expected in May 2025" in figure.alt_text


def test_the_control_chart_data_holds_the_forecast_and_the_months_left_out():
    excluded = pd.DataFrame({"month": ["2021-01", "2021-02"], "value": [300.0, 310.0]})
    figure = charts.control_chart(monthly_points(), forecast=monthly_forecast(), excluded=excluded, id="all-drawn",
                                  title="T", source="S")
    table = figure.data
    keys = [c.key for c in table.columns]
    rows = [dict(zip(keys, (cell.value for cell in row.cells), strict=True)) for row in table.rows]
    months = [row["month"] for row in rows]
    assert months == sorted(months) and len(rows) == 2 + 24 + 6
    assert rows[0]["value"] == 300.0 and "data-quality" in rows[0]["note"]
    ahead = [row for row in rows if row["note"] == "Forecast"]
    assert [row["month"] for row in ahead] == [f"2023-{m:02d}" for m in range(4, 10)]
    assert all(row["forecast"] == 625.0 and row["forecast_lower"] == 560.0 and row["forecast_upper"] == 690.0
               for row in ahead)
    assert {row["special"] for row in rows if row["note"] == ""} == {"High", "No"}


def test_the_band_and_circles_of_months_left_out_are_one_legend_entry(monkeypatch):
    """The demo's control charts shaded the months left out in grey with nothing in the legend for the band; the
    open circles alone carried the words."""
    from matplotlib.patches import Polygon, Rectangle

    axes = _drawn_axes(monkeypatch)
    excluded = pd.DataFrame({"month": ["2021-01", "2021-02"], "value": [300.0, 310.0]})
    charts.control_chart(monthly_points(), excluded=excluded, id="band-legend", title="T", source="S")
    legend = axes[0].get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts.count(charts.LEFT_OUT) == 1 and len(texts) == len(set(texts))
    entry = legend.legend_handles[texts.index(charts.LEFT_OUT)]
    parts = entry if isinstance(entry, tuple) else (entry,)
    assert any(isinstance(part, Polygon | Rectangle) for part in parts), parts


def test_flagged_months_a_chart_without_limits_counts_are_not_called_left_out_nor_listed_twice(monkeypatch):
    """Cannock Chase's 2022: too few months for limits, so every month is drawn and counted, the flagged
    January to March 2022 with them. They are "read with care", not "left out"; the workbook lists
    each month once (a summed column must add up); nor does it judge special causes no chart judged."""
    axes = _drawn_axes(monkeypatch)
    monthly = pd.DataFrame({"month": [f"2022-{m:02d}" for m in range(1, 12)],
                            "value": [356.0, 430, 546, 631, 700, 690, 720, 847, 760, 740, 700]})
    flagged = monthly.iloc[:3].reset_index(drop=True)
    figure = charts.control_chart(monthly, excluded=flagged, id="no-limits", title="T", source="S")
    rows = [{c.key: cell.value for c, cell in zip(figure.data.columns, row.cells, strict=True)}
            for row in figure.data.rows]
    assert [row["month"] for row in rows] == list(monthly["month"])
    assert sum(row["value"] for row in rows) == monthly["value"].sum()
    assert [row["note"] for row in rows[:4]] == [charts.COUNTED] * 3 + [""]
    assert "special" not in {c.key for c in figure.data.columns}
    legend = [t.get_text() for t in axes[0].get_legend().get_texts()]
    assert charts.COUNTED in legend and charts.LEFT_OUT not in legend
    assert len(axes[0].patches) == 1  # one band for the three months in a row: no gaps or overlaps between them
    assert "3 months flagged by the data-quality checks are shaded: counted" in figure.alt_text
    assert "left out" not in figure.alt_text


def _quarterly(width: float) -> pd.DataFrame:
    """Quarterly rates whose period labels break over two lines, the focus with an interval of ``width``."""
    periods = ["Oct–Dec\n2024", "Jan–Mar\n2025", "Apr–Jun\n2025"]
    rows = [{"period": p, "area": "Hartbury", "rate": r, "lower": r - width / 2, "upper": r + width / 2}
            for p, r in zip(periods, [25.0, 23.5, 25.2], strict=True)]
    rows += [{"period": p, "area": "Most Similar Group", "rate": r, "lower": np.nan, "upper": np.nan}
             for p, r in zip(periods, [21.0, 23.5, 22.0], strict=True)]
    return pd.DataFrame(rows)


def test_comparators_are_drawn_over_the_partnerships_line_not_hidden_beneath_it(monkeypatch):
    axes = _drawn_axes(monkeypatch)
    charts.rate_over_time(_quarterly(0.6), id="over-focus", title="T", source="S", focus="Hartbury")
    lines = {line.get_label(): line for line in axes[0].get_lines()}
    assert lines["Most Similar Group"].get_zorder() > lines["Hartbury"].get_zorder()


def test_a_confidence_band_narrower_than_the_line_is_neither_drawn_nor_named(monkeypatch):
    axes = _drawn_axes(monkeypatch)
    charts.rate_over_time(_quarterly(0.6), id="narrow-band", title="T", source="S", focus="Hartbury")
    charts.rate_over_time(_quarterly(6.0), id="wide-band", title="T", source="S", focus="Hartbury")
    narrow, wide = ([t.get_text() for t in ax.get_legend().get_texts()] for ax in axes)
    assert "Hartbury: 95% confidence interval" not in narrow and not axes[0].collections
    assert "Hartbury: 95% confidence interval" in wide
    assert not charts.interval_shown(_quarterly(0.6), "Hartbury") and charts.interval_shown(_quarterly(6.0), "Hartbury")


def test_period_labels_in_the_data_table_are_on_one_line():
    figure = charts.rate_over_time(_quarterly(6.0), id="one-line", title="T", source="S", focus="Hartbury")
    periods = {row.cells[0].value for row in figure.data.rows}
    assert periods == {"Oct–Dec 2024", "Jan–Mar 2025", "Apr–Jun 2025"}


def test_the_highest_point_interval_and_band_of_a_dotplot_stand_clear_of_the_frame(monkeypatch):
    """The demo's comparator charts ended at the partnership's upper limit, its point and band against the frame."""
    axes = _drawn_axes(monkeypatch)
    frame = dotplot_frame().assign(status=["higher", "higher", "lower", "not compared"])
    band = (float(frame["lower"].max()), float(frame["upper"].max()))
    charts.comparison_dotplot(frame, id="clear", title="T", source="S", band=band)
    left, right = axes[0].get_xlim()
    assert right >= band[1] + 0.05 * (band[1] - left)


def test_a_rate_over_time_chart_starts_at_zero_with_room_above_its_highest_point(monkeypatch):
    """Cannock Chase's Figure 1: from 0, matplotlib's margin (a share of the data's own range) left the highest
    marker against the top of the frame."""
    axes = _drawn_axes(monkeypatch)
    frame = rates_frame()
    charts.rate_over_time(frame, id="room", focus="Cannock Chase", title="T", source="S")
    bottom, top = axes[0].get_ylim()
    assert bottom == 0 and top >= 1.05 * frame["rate"].max()


def test_a_published_rate_without_an_interval_leaves_its_limits_empty_and_its_marker_off_the_axis(monkeypatch):
    axes = _drawn_axes(monkeypatch)
    frame = dotplot_frame()
    frame.loc[1, ["lower", "upper"]] = frame.loc[1, "value"]  # a published rate: no interval known
    figure = charts.comparison_dotplot(frame, id="published", title="T", source="S", benchmark=91.7)
    rows = {row.cells[0].value: (row.cells[2].value, row.cells[3].value) for row in figure.data.rows}
    assert all(pd.isna(v) for v in rows["Stafford"])
    assert rows["Cannock Chase"] == (81.2, 84.8)
    assert "Stafford 75.0 (published rate, no interval)" in figure.alt_text
    assert axes[0].get_ylim()[0] <= -0.5, "the lowest marker sits on the axis line"
