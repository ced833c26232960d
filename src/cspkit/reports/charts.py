"""Charts in the house style, each from plain data frames to a finished :class:`Figure`.

Every function draws, writes the alt text from the data (what the chart shows and its
key numbers) and keeps the data behind the chart as a table for Excel and the web page.
Nothing here computes statistics: rates, limits, forecasts and curves come from
``cspkit.stats`` through the assessment, so the chart can never disagree with the tables.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from cspkit.reports import style
from cspkit.reports.document import Column, Figure, Table
from cspkit.reports.figure_cache import cached

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@cached
def rate_over_time(
    data: pd.DataFrame,
    *,
    id: str,
    title: str,
    source: str,
    focus: str,
    unit: str = "Crimes per 1,000 residents",
    alt_text: str | None = None,
) -> Figure:
    """A partnership's rate each period beside its benchmarks (force, region, England and Wales).

    ``data`` columns: ``period`` (label such as "2022/23", in time order), ``area``, ``rate``;
    optional ``lower`` and ``upper`` (a confidence interval, drawn as a band for ``focus``).
    ``focus`` names the partnership, drawn first and boldest.
    """
    _require(data, ("period", "area", "rate"), id)
    periods = list(dict.fromkeys(data["period"].astype(str)))
    areas = _focus_first(list(dict.fromkeys(data["area"])), focus, id)
    x = {period: i for i, period in enumerate(periods)}
    band = interval_shown(data, focus)
    with style.house_style():
        figure = style.new_chart()
        ax = figure.add_subplot()
        for index, area in enumerate(areas):
            rows = data[data["area"] == area]
            xs = [x[str(p)] for p in rows["period"]]
            look = style.series_style(index)
            # the partnership's line is the widest and lies beneath the comparators' thinner ones, so a
            # comparator at the same rate shows on top of it instead of disappearing behind it
            width = 2.6 if area == focus else 1.6
            ax.plot(xs, rows["rate"], color=look.color, marker=look.marker, linestyle=look.linestyle,
                    linewidth=width, label=area, zorder=2 if area == focus else 3)
            if area == focus and band:
                ax.fill_between(xs, rows["lower"], rows["upper"], color=look.color, alpha=0.25, linewidth=0,
                                label=f"{area}: 95% confidence interval", zorder=1)
        ax.set_xticks(range(len(periods)), periods)
        # from 0, with room above the highest point: matplotlib's margin is a share of the data's own range,
        # which from 0 left Cannock Chase's top marker against the frame
        highest = float(np.nanmax(data[["rate", "upper"] if band else ["rate"]].to_numpy(float)))
        ax.set_ylim(0, max(ax.get_ylim()[1], highest * 1.06))
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
        _legend(figure, ax)
        last = periods[-1]
        latest = data[data["period"].astype(str) == last]
        described = "; ".join(f"{row.area} {row.rate:,.1f}" for row in latest.itertuples())
        alt = alt_text or (
            f"Line chart of {unit.lower()} from {periods[0]} to {last} for {_and(areas)}. "
            f"In {last}: {described}."
        )
        columns = [Column("period", "Period"), Column("area", "Area"), Column("rate", unit, "number")]
        columns += [Column(c, f"{unit}: {c} 95% limit", "number") for c in ("lower", "upper") if c in data.columns]
        # the axis breaks a long period label over two lines; the data table keeps it on one
        table = data.assign(period=data["period"].astype(str).str.replace(r"\s*\n\s*", " ", regex=True))
        return style.finish(figure, id=id, title=title, alt_text=alt, source=source, subtitle=unit,
                            data=_data_table(id, title, table, columns, source))


def interval_shown(data: pd.DataFrame, focus: str) -> bool:
    """Whether ``rate_over_time`` draws the focus area's confidence band: only where it is wide
    enough to show beside its line (a large area's interval can be narrower than the line itself),
    so the legend and the note under the chart never name a band the reader cannot see."""
    if not {"lower", "upper"} <= set(data.columns):
        return False
    rows = data[data["area"] == focus]
    if rows["lower"].isna().all():
        return False
    widest = float((rows["upper"] - rows["lower"]).max())
    top = float(np.nanmax(data[["rate", "upper"]].to_numpy(float)))
    return widest >= BAND_VISIBLE * top


#: The narrowest band drawn, as a share of the value axis (from 0 to the largest value): on a chart of
#: the usual height with its legend beneath, a narrower band barely shows either side of the 2.6 pt line.
BAND_VISIBLE = 0.08


@cached
def control_chart(
    observed: pd.DataFrame,
    *,
    id: str,
    title: str,
    source: str,
    unit: str = "Crimes a month",
    forecast: pd.DataFrame | None = None,
    alt_text: str | None = None,
    excluded: pd.DataFrame | None = None,
) -> Figure:
    """Monthly counts with their control limits and, optionally, a forecast with its band.

    ``observed``: the ``points`` of ``cspkit.stats.spc.xmr_chart`` or any frame with
    ``value`` and the month as a ``month`` column or the index (Period, date or "YYYY-MM");
    optional ``centre``, ``lower``, ``upper`` (control limits) and ``signal_high`` /
    ``signal_low`` or ``signal`` (special causes; without them, months outside the limits).
    ``forecast``: the ``table`` of ``cspkit.stats.forecast.forecast_monthly`` or the
    assessment's forecast rows (month, from a column or the index; ``forecast``, and ``lower``
    and ``upper`` or ``lower_95`` and ``upper_95``).  The value axis does not start
    at zero, so the month-to-month variation the limits judge stays visible.
    ``excluded`` (month, value): months left out of the limits and trend because the data-quality
    checks flagged their files; each is shaded and drawn as a hollow marker, so no reader takes
    a publication gap for a fall in crime.
    """
    observed = _with_month(observed, id)
    _require(observed, ("month", "value"), id)
    months = _months(observed["month"])
    counts = observed["value"].astype(float).to_numpy()
    has_limits = {"centre", "lower", "upper"} <= set(observed.columns)
    high, low = _signals(observed, counts, has_limits)
    centre = centre_label(observed["centre"]) if has_limits else ""
    if forecast is not None:
        forecast = _with_month(forecast, id).rename(columns={"lower_95": "lower", "upper_95": "upper"})
        _require(forecast, ("month", "forecast", "lower", "upper"), id)
    left_out = _with_month(excluded, id) if excluded is not None and not excluded.empty else None
    counted = None  # flagged months the chart draws and counts all the same (a chart without limits)
    if left_out is not None:
        drawn = _months(left_out["month"]).isin(months)
        counted = left_out[drawn] if drawn.any() else None
        left_out = left_out[~drawn] if not drawn.all() else None
    with style.house_style():
        figure = style.new_chart()
        ax = figure.add_subplot()
        if has_limits:
            ax.plot(months, observed["centre"], color=style.BLACK, linewidth=1.2, label=centre)
            ax.plot(months, observed["upper"], color=style.GREY, linestyle="--", linewidth=1.2,
                    label="Control limits")
            ax.plot(months, observed["lower"], color=style.GREY, linestyle="--", linewidth=1.2)
        ax.plot(months, counts, color=style.FOCUS, marker="o", linewidth=2.2, label="Recorded", zorder=3)
        for chosen, look in ((high, SPECIAL_HIGH), (low, SPECIAL_LOW)):
            if chosen.any():
                ax.plot(months[chosen], counts[chosen], linestyle="none", marker=look.marker, markersize=8,
                        markerfacecolor=look.color, markeredgecolor=style.BLACK, zorder=4, label=look.label)
        if left_out is not None:
            gone = _months(left_out["month"])
            _shade_months(ax, gone, label=LEFT_OUT)  # the band and the open circles: one entry in the legend
            ax.plot(gone, left_out["value"].astype(float), linestyle="none", marker="o", markersize=7,
                    markerfacecolor="white", markeredgecolor=style.GREY, zorder=4, label=LEFT_OUT)
        if counted is not None:
            _shade_months(ax, _months(counted["month"]), label=COUNTED)
        if forecast is not None:
            ahead = _months(forecast["month"])
            ax.fill_between(ahead, forecast["lower"], forecast["upper"], color=style.ORANGE, alpha=0.25,
                            linewidth=0, label="Forecast: 95% prediction interval")
            ax.plot(ahead, forecast["forecast"], color=style.VERMILLION, linestyle="--", linewidth=2,
                    label="Forecast")
        ax.margins(y=0.1)
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
        _month_axis(ax)
        _legend(figure, ax)
        alt = alt_text or _control_alt(observed, months, counts, (high, low), unit, forecast, has_limits, centre)
        if alt_text is None and left_out is not None:
            alt += (f" {len(left_out)} month{'s' if len(left_out) != 1 else ''} flagged by the data-quality checks "
                    f"{'are' if len(left_out) != 1 else 'is'} shaded and left out of the limits.")
        if alt_text is None and counted is not None:
            alt += (f" {len(counted)} month{'s' if len(counted) != 1 else ''} flagged by the data-quality checks "
                    f"{'are' if len(counted) != 1 else 'is'} shaded: counted, to be read with care.")
        table, columns = _control_table(observed, months, (high, low), unit, centre, forecast, left_out,
                                        bool(has_limits or {"signal", "signal_high"} & set(observed.columns)), counted)
        return style.finish(figure, id=id, title=title, alt_text=alt, source=source, subtitle=unit,
                            data=_data_table(id, title, table, columns, source))


@dataclass(frozen=True)
class SpecialCauseStyle:
    """How special causes on one side of the centre line are drawn and named."""

    color: str
    marker: str
    label: str
    word: str


#: High and low special causes differ in marker direction as well as colour, so they survive greyscale.
SPECIAL_HIGH = SpecialCauseStyle(style.VERMILLION, "^", "Special cause: higher than expected", "High")
SPECIAL_LOW = SpecialCauseStyle(style.SKY_BLUE, "v", "Special cause: lower than expected", "Low")
FLAT_CENTRE = "Centre line (average month)"
SEASONAL_CENTRE = "Expected level (allowing for the season)"


def centre_label(centre: pd.Series) -> str:
    """What the centre line is: the average month when flat, the seasonal expected level when it
    rises and falls (the limits of a seasonal chart are drawn round the seasonal pattern), so no
    reader takes a wavy line for "the mean"."""
    values = centre.astype(float).to_numpy()
    return FLAT_CENTRE if np.ptp(values) <= 1e-9 * max(1.0, float(np.abs(values).max())) else SEASONAL_CENTRE


def _control_table(observed: pd.DataFrame, months: pd.DatetimeIndex, signals: tuple[np.ndarray, np.ndarray],
                   unit: str, centre: str, forecast: pd.DataFrame | None,
                   left_out: pd.DataFrame | None, judged: bool = True,
                   counted: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Column]]:
    """The data behind a control chart, one row a month: recorded months with their limits and
    special causes (high or low; ``judged``: only where the chart judges months), the months left out
    for data quality, and the forecast with its prediction interval, so the workbook holds everything
    the chart draws. A flagged month the chart counts (``counted``) is noted on its own row, never
    listed twice: a column summed in the workbook must add up to the months drawn."""
    high, low = signals
    flagged = months.isin(_months(counted["month"])) if counted is not None else np.zeros(len(months), dtype=bool)
    drawn = observed.assign(month=months, special=np.where(high, SPECIAL_HIGH.word,
                                                           np.where(low, SPECIAL_LOW.word, "No")),
                            note=np.where(flagged, COUNTED, ""))
    parts = [drawn]
    if left_out is not None:
        parts.append(pd.DataFrame({"month": _months(left_out["month"]), "value": left_out["value"].astype(float),
                                   "note": LEFT_OUT}))
    if forecast is not None:
        parts.append(pd.DataFrame({"month": _months(forecast["month"]), "forecast": forecast["forecast"].to_numpy(),
                                   "forecast_lower": forecast["lower"].to_numpy(),
                                   "forecast_upper": forecast["upper"].to_numpy(), "note": "Forecast"}))
    table = pd.concat(parts, ignore_index=True).sort_values("month", kind="stable")
    table = table.assign(month=[f"{m:%Y-%m}" for m in table["month"]])
    columns = [Column("month", "Month"), Column("value", unit, "integer")]
    columns += [Column(c, label, "number") for c, label in
                (("centre", centre.split(" (")[0]), ("lower", "Lower control limit"),
                 ("upper", "Upper control limit")) if c in observed.columns]
    if judged:
        columns.append(Column("special", "Special cause (high or low)"))
    if forecast is not None:
        columns += [Column("forecast", "Forecast", "number"),
                    Column("forecast_lower", "Forecast: lower 95% prediction limit", "number"),
                    Column("forecast_upper", "Forecast: upper 95% prediction limit", "number")]
    if left_out is not None or forecast is not None or counted is not None:
        columns.append(Column("note", "Note"))
    return table, columns


LEFT_OUT = "Left out: flagged by the data-quality checks"
COUNTED = "Flagged by the data-quality checks: counted, read with care"


def _shade_months(ax: Axes, months: pd.DatetimeIndex, label: str | None = None) -> None:
    """Grey bands behind ``months``, one band for each run of consecutive months (a band a month left
    white gaps and darker overlaps between them, months being of unequal length)."""
    months = months.sort_values()
    runs: list[list[pd.Timestamp]] = []
    for month in months:
        if runs and month == runs[-1][-1] + pd.offsets.MonthBegin(1):
            runs[-1].append(month)
        else:
            runs.append([month])
    for number, run in enumerate(runs):
        ax.axvspan(run[0] - pd.Timedelta(days=15), run[-1] + pd.Timedelta(days=15), color=style.GREY, alpha=0.18,
                   linewidth=0, label=label if number == 0 else None)


@cached
def seasonality_profile(
    profile: pd.DataFrame,
    *,
    id: str,
    title: str,
    source: str,
    unit: str = "Seasonal index (average month = 100)",
    alt_text: str | None = None,
) -> Figure:
    """How each calendar month compares with an average month.

    ``profile``: the output of ``cspkit.stats.seasonal`` (columns ``month_of_year`` 1-12 and
    ``index``, 1.0 = an average month), for one crime type; optional ``runs_high`` and
    ``runs_low`` mark the months that are reliably high or low (different colour and hatching,
    named in the legend).  Drawn as an index where 100 is an average month.
    """
    _require(profile, ("month_of_year", "index"), id)
    rows = profile.sort_values("month_of_year")
    if rows["month_of_year"].duplicated().any():
        raise ValueError(f"figure {id!r}: a calendar month appears twice; pass one crime type at a time")
    months = rows["month_of_year"].astype(int).to_numpy()
    values = rows["index"].astype(float).to_numpy() * 100
    high = rows["runs_high"].fillna(False).astype(bool).to_numpy() if "runs_high" in rows else np.zeros(12, bool)
    low = rows["runs_low"].fillna(False).astype(bool).to_numpy() if "runs_low" in rows else np.zeros(12, bool)
    with style.house_style():
        figure = style.new_chart()
        ax = figure.add_subplot()
        plain = ~(high | low)
        ax.bar(months[plain], values[plain], color=style.FOCUS, width=0.7, label="Seasonal index")
        if high.any():
            ax.bar(months[high], values[high], color=style.VERMILLION, hatch="//", edgecolor=style.BLACK,
                   width=0.7, label="Reliably high month")
        if low.any():
            ax.bar(months[low], values[low], color=style.SKY_BLUE, hatch="..", edgecolor=style.BLACK,
                   width=0.7, label="Reliably low month")
        ax.axhline(100, color=style.BLACK, linestyle="--", linewidth=1, label="Average month (100)")
        ax.set_xticks(range(1, 13), MONTH_NAMES)
        ax.set_xlim(0.4, 12.6)
        ax.set_ylim(min(0.0, values.min() * 1.1), values.max() * 1.12)
        _legend(figure, ax)
        top, bottom = int(np.argmax(values)), int(np.argmin(values))
        alt = alt_text or (
            f"Bar chart of the seasonal index by calendar month (100 is an average month). Highest in "
            f"{_month_name(months[top])} ({values[top]:,.0f}), lowest in {_month_name(months[bottom])} "
            f"({values[bottom]:,.0f})."
            + (f" Reliably high: {_and(_month_name(m) for m in months[high])}." if high.any() else "")
            + (f" Reliably low: {_and(_month_name(m) for m in months[low])}." if low.any() else "")
        )
        table = pd.DataFrame({"month": [_month_name(m) for m in months], "index": values,
                              "reliably": np.where(high, "High", np.where(low, "Low", ""))})
        columns = [Column("month", "Month"), Column("index", unit, "number", 0),
                   Column("reliably", "Reliably high or low")]
        return style.finish(figure, id=id, title=title, alt_text=alt, source=source, subtitle=unit,
                            data=_data_table(id, title, table, columns, source))


@cached
def comparison_dotplot(
    data: pd.DataFrame,
    *,
    id: str,
    title: str,
    source: str,
    unit: str = "Crimes per 1,000 residents",
    benchmark: float | None = None,
    benchmark_label: str = "England and Wales",
    focus: str | None = None,
    sort: bool = True,
    alt_text: str | None = None,
    verdicts: dict[str, str] | None = None,
    verdict_heading: str | None = None,
    band: tuple[float, float] | None = None,
    band_label: str = "",
) -> Figure:
    """Areas' values with 95% confidence intervals against a benchmark.

    ``data`` columns: ``area``, ``value``, ``lower``, ``upper``; optional ``status``
    ("higher", "similar", "lower" or "not compared", as ``cspkit.stats.compare.Significance``),
    which sets each point's colour and marker and is named in the legend. ``verdicts`` words the
    legend and the data table for each status instead ("neutral" for "not compared"), under
    ``verdict_heading``, when the status says how one area compares with each of the others;
    ``band`` shades that area's interval. Rates start at 0 so gaps are not exaggerated.
    """
    _require(data, ("area", "value", "lower", "upper"), id)
    words = {**{k: v.format(benchmark_label) for k, v in _STATUS_WORDS.items()}, **(verdicts or {})}
    rows = data.sort_values("value") if sort else data.iloc[::-1]
    if "status" in rows.columns:
        statuses = rows["status"].fillna("neutral").map(lambda s: "neutral" if s == "not compared" else str(s))
    else:
        statuses = pd.Series("neutral", rows.index)
    unknown = set(statuses) - set(style.SIGNIFICANCE)
    if unknown:
        raise ValueError(f"figure {id!r}: unknown status {', '.join(map(str, sorted(unknown)))}")
    height = max(style.HEIGHT_CM, 3.5 + 0.55 * len(rows))
    with style.house_style():
        figure = style.new_chart(height_cm=height)
        ax = figure.add_subplot()
        y = np.arange(len(rows))
        if band is not None:
            ax.axvspan(*band, color=style.CELL_FILLS["similar"], zorder=1, label=band_label)
        ax.hlines(y, rows["lower"], rows["upper"], color=style.GREY, linewidth=1.6, zorder=2)
        for status, look in style.SIGNIFICANCE.items():
            chosen = (statuses == status).to_numpy()
            if chosen.any():
                ax.plot(rows["value"].to_numpy()[chosen], y[chosen], linestyle="none", marker=look.marker,
                        markersize=8, color=look.color, markeredgecolor=style.BLACK, zorder=3,
                        label=words[status])
        if rows["lower"].min() >= 0:
            ax.set_xlim(left=0)
        # room beyond the highest marker, interval and band: the partnership's point touched the frame
        highest = max(float(np.nanmax(rows[["value", "upper"]].to_numpy(float))), band[1] if band else -np.inf,
                      benchmark if benchmark is not None else -np.inf)
        left, right = ax.get_xlim()
        ax.set_xlim(left, max(right, highest + 0.06 * (highest - left)))
        ax.set_ylim(-0.7, len(rows) - 0.3)  # room between the lowest marker and the axis line
        if benchmark is not None:
            ax.axvline(benchmark, color=style.BLACK, linestyle="--", linewidth=1.2,
                       label=f"{benchmark_label}: {benchmark:,.1f}")
        ax.set_yticks(y, rows["area"])
        for label in ax.get_yticklabels():
            if label.get_text() == focus:
                label.set_fontweight("bold")
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(f"{unit} (lines show 95% confidence intervals)")
        _legend(figure, ax)
        alt = alt_text or _dotplot_alt(rows, statuses, unit, benchmark, benchmark_label, words,
                                            ("higher", "similar", "lower") if verdicts else ("higher", "lower"))
        columns = [Column("area", "Area"), Column("value", unit, "number"),
                   Column("lower", "Lower 95% limit", "number"), Column("upper", "Upper 95% limit", "number")]
        # a published rate comes without an interval: its limits are left empty, not set to the rate
        known = data["upper"] > data["lower"]
        table = data.assign(lower=data["lower"].where(known), upper=data["upper"].where(known))
        if "status" in data.columns:
            columns.append(Column("status", verdict_heading or f"Compared with {benchmark_label}"))
            if verdicts:
                table = table.assign(status=data["status"].map(lambda s: _VERDICT_WORDS.get(s, "")))
        return style.finish(figure, id=id, title=title, alt_text=alt, source=source, subtitle=unit,
                            data=_data_table(id, title, table, columns, source))


@cached
def funnel_plot(
    points: pd.DataFrame,
    limits: pd.DataFrame,
    *,
    id: str,
    title: str,
    source: str,
    benchmark: float,
    benchmark_label: str = "England and Wales",
    unit: str = "Crimes per 1,000 residents",
    population_label: str = "Resident population",
    focus: str | None = None,
    alt_text: str | None = None,
) -> Figure:
    """Areas' rates against their population, inside funnels of expected random variation.

    ``points`` columns: ``area``, ``population``, ``value`` (the rate). ``limits``: the output
    of ``cspkit.stats.compare.funnel_limits`` on a fine grid of populations (columns
    ``population``, ``lower_95``, ``upper_95``, ``lower_99_8``, ``upper_99_8``).
    Points outside the 99.8% limits are drawn differently and named in the alt text.
    """
    _require(points, ("area", "population", "value"), id)
    _require(limits, ("population", "lower_95", "upper_95", "lower_99_8", "upper_99_8"), id)
    limits = limits.sort_values("population")
    above = np.interp(points["population"], limits["population"], limits["upper_99_8"])
    below = np.interp(points["population"], limits["population"], limits["lower_99_8"])
    outside = ((points["value"] > above) | (points["value"] < below)).to_numpy()
    with style.house_style():
        figure = style.new_chart(height_cm=10)
        ax = figure.add_subplot()
        d = limits["population"]
        ax.plot(d, limits["upper_95"], color=style.GREY, linestyle="--", linewidth=1.1, label="95% limits")
        ax.plot(d, limits["lower_95"], color=style.GREY, linestyle="--", linewidth=1.1)
        ax.plot(d, limits["upper_99_8"], color=style.BLACK, linestyle=":", linewidth=1.3, label="99.8% limits")
        ax.plot(d, limits["lower_99_8"], color=style.BLACK, linestyle=":", linewidth=1.3)
        ax.axhline(benchmark, color=style.BLACK, linewidth=1, label=f"{benchmark_label}: {benchmark:,.1f}")
        ax.plot(points["population"][~outside], points["value"][~outside], linestyle="none", marker="o",
                color=style.SKY_BLUE, markeredgecolor=style.BLACK, markeredgewidth=0.5, label="Within 99.8% limits")
        if outside.any():
            ax.plot(points["population"][outside], points["value"][outside], linestyle="none", marker="D",
                    color=style.VERMILLION, markeredgecolor=style.BLACK, markeredgewidth=0.5,
                    label="Outside 99.8% limits")
        if focus is not None:
            chosen = points[points["area"] == focus]
            if chosen.empty:
                raise ValueError(f"figure {id!r}: no point for {focus!r}")
            ax.plot(chosen["population"], chosen["value"], linestyle="none", marker="*", markersize=15,
                    color=style.FOCUS, markeredgecolor=style.BLACK, label=focus, zorder=5)
            ax.annotate(focus, (chosen["population"].iloc[0], chosen["value"].iloc[0]), xytext=(8, 6),
                        textcoords="offset points", fontweight="bold")
        ax.set_xlabel(population_label)
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.set_xlim(left=0)
        _legend(figure, ax)
        alt = alt_text or _funnel_alt(points, outside, unit, benchmark, benchmark_label, focus)
        columns = [Column("area", "Area"), Column("population", population_label, "integer"),
                   Column("value", unit, "number"), Column("outside", "Outside 99.8% limits")]
        table_rows = points.assign(outside=np.where(outside, "Yes", "No"))
        return style.finish(figure, id=id, title=title, alt_text=alt, source=source, subtitle=unit,
                            data=_data_table(id, title, table_rows, columns, source))


@cached
def lorenz_curve(
    curve: pd.DataFrame,
    *,
    id: str,
    title: str,
    source: str,
    places: str = "LSOAs",
    events: str = "crimes",
    gini: float | None = None,
    mark_share: float | None = 0.1,
    alt_text: str | None = None,
) -> Figure:
    """How concentrated crime is: the share of crime in the share of places with most crime.

    ``curve``: the output of ``cspkit.stats.concentration.lorenz_curve`` (cumulative
    ``share_of_places`` and ``share_of_crime`` from 0 to 1). It is drawn from the places with
    most crime first, so it reads "the 10% of LSOAs with most crime hold 38% of it" at
    ``mark_share``; ``gini`` is printed if given.
    """
    _require(curve, ("share_of_places", "share_of_crime"), id)
    x, y = _most_first(curve["share_of_places"].to_numpy(float), curve["share_of_crime"].to_numpy(float))
    with style.house_style():
        figure = style.new_chart(width_cm=12, height_cm=11)
        ax = figure.add_subplot()
        ax.plot([0, 1], [0, 1], color=style.GREY, linestyle="--", linewidth=1.2, label="If spread evenly")
        ax.plot(x, y, color=style.FOCUS, linewidth=2.4, label=f"Share of {events}")
        ax.fill_between(x, x, y, color=style.FOCUS, alpha=0.12, linewidth=0)
        sentence = ""
        if mark_share is not None:
            held = float(np.interp(mark_share, x, y))
            ax.plot([mark_share, mark_share, 0], [0, held, held], color=style.VERMILLION, linestyle=":", linewidth=1.4)
            ax.plot([mark_share], [held], marker="o", color=style.VERMILLION, markeredgecolor=style.BLACK)
            sentence = f"The {mark_share:.0%} of {places} with most {events} hold {held:.0%} of all {events}."
            ax.annotate(textwrap.fill(sentence, 34), (mark_share, held), xytext=(10, -4), textcoords="offset points",
                        va="top", fontsize=style.SOURCE_SIZE)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ax.grid(axis="both")
        ax.set_xlabel(f"Share of {places}, from most to fewest {events}")
        ax.set_ylabel(f"Cumulative share of {events}")
        ax.legend(loc="lower right")
        gini_text = f" Gini coefficient {gini:.2f}." if gini is not None else ""
        alt = alt_text or (f"Concentration curve of {events} across {places}. {sentence}{gini_text}").strip()
        columns = [Column("share_of_places", f"Share of {places}, most {events} first", "percent"),
                   Column("share_of_crime", f"Cumulative share of {events}", "percent")]
        table = pd.DataFrame({"share_of_places": x, "share_of_crime": y})
        return style.finish(figure, id=id, title=title, alt_text=alt, source=source,
                            subtitle=f"Gini coefficient {gini:.2f}" if gini is not None else "",
                            data=_data_table(id, title, table, columns, source))


@cached
def concentration_chart(
    data: pd.DataFrame,
    *,
    id: str,
    title: str,
    source: str,
    top: int = 10,
    places: str = "LSOAs",
    unit: str = "Crimes",
    alt_text: str | None = None,
) -> Figure:
    """The places with most crime and the running share of the total they hold.

    ``data`` columns: ``place`` (a name people recognise) and ``count``, one row per place
    in the whole area (the total is taken from all rows, the bars from the ``top``).
    """
    _require(data, ("place", "count"), id)
    total = float(data["count"].sum())
    if total <= 0:
        raise ValueError(f"figure {id!r}: there are no {unit.lower()} to show")
    ranked = data.sort_values("count", ascending=False, kind="stable").head(top).reset_index(drop=True)
    ranked = ranked.assign(share=ranked["count"] / total, cumulative=ranked["count"].cumsum() / total)
    height = max(style.HEIGHT_CM, 3.5 + 0.6 * len(ranked))
    with style.house_style():
        figure = style.new_chart(height_cm=height)
        ax = figure.add_subplot()
        y = np.arange(len(ranked))[::-1]
        ax.barh(y, ranked["count"], color=style.FOCUS, height=0.65)
        for yi, row in zip(y, ranked.itertuples(), strict=True):
            ax.annotate(f"{row.count:,.0f} ({row.share:.1%}; running total {row.cumulative:.0%})",
                        (row.count, yi), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=style.SOURCE_SIZE)
        ax.set_yticks(y, ranked["place"])
        ax.set_xlim(0, ranked["count"].max() * 1.6)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.set_xlabel(unit)
        share = ranked["cumulative"].iloc[-1]
        n_places = len(data)
        alt = alt_text or (
            f"Bar chart of the {len(ranked)} {places} with most {unit.lower()}. Together they hold {share:.0%} "
            f"of all {total:,.0f} {unit.lower()} across {n_places:,} {places}. Highest: "
            f"{ranked['place'].iloc[0]} with {ranked['count'].iloc[0]:,.0f}."
        )
        columns = [Column("place", places), Column("count", unit, "integer"),
                   Column("share", "Share of total", "percent"), Column("cumulative", "Running share", "percent")]
        subtitle = f"{unit}: the {len(ranked)} {places} with most, of {n_places:,}"
        return style.finish(figure, id=id, title=title, alt_text=alt, source=source, subtitle=subtitle,
                            data=_data_table(id, title, ranked, columns, source))


_STATUS_WORDS = {
    "higher": "Significantly higher than {}",
    "similar": "Not significantly different from {}",
    "lower": "Significantly lower than {}",
    "neutral": "Not compared",
}
_VERDICT_WORDS = {"higher": "Higher", "similar": "Similar", "lower": "Lower"}
"""The words of the rates tables' cells, for a data table that gives one area's verdict against each other."""


def _legend(figure, ax: Axes) -> None:
    """The legend under the plot, below the axis labels, in as many columns as its labels allow.

    Anchored a fixed number of points below the axes, so constrained layout makes room for
    it whatever the chart's height.
    """
    drawn, named = ax.get_legend_handles_labels()
    if not drawn:
        return
    # artists drawn under one label (the grey band and the open circles of months left out) share an entry
    together: dict[str, list] = {}
    for handle, label in zip(drawn, named, strict=True):
        together.setdefault(label, []).append(handle)
    labels = list(together)
    handles = [items[0] if len(items) == 1 else tuple(items) for items in together.values()]
    longest = max(len(label) for label in labels)
    ncol = 1 if longest > 45 else 2 if longest > 28 else 3 if longest > 18 else 4
    drop = (38 if ax.get_xlabel() else 22) / 72
    below = ax.transAxes + ScaledTranslation(0, -drop, figure.dpi_scale_trans)
    # Centred on the figure, not the axes: long category labels push the axes right, and a legend centred
    # under them ran off the figure's right edge.
    anchor = blended_transform_factory(figure.transFigure, below)
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=anchor,
              ncol=min(ncol, len(labels)))


def _require(frame: pd.DataFrame, columns: Sequence[str], id: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"figure {id!r}: the data has no column {', '.join(missing)}")
    if frame.empty:
        raise ValueError(f"figure {id!r}: there is no data to draw")


def _focus_first(areas: list, focus: str, id: str) -> list:
    if focus not in areas:
        raise ValueError(f"figure {id!r}: {focus!r} is not one of the areas ({_and(map(str, areas))})")
    return [focus] + [a for a in areas if a != focus]


def _with_month(frame: pd.DataFrame, id: str) -> pd.DataFrame:
    """The month as a column, taken from the index when the statistics keep it there."""
    if "month" in frame.columns:
        return frame
    if isinstance(frame.index, pd.PeriodIndex | pd.DatetimeIndex):
        return frame.assign(month=frame.index.astype(str)).reset_index(drop=True)
    raise ValueError(f"figure {id!r}: the data has no column month (or an index of months)")


def _signals(observed: pd.DataFrame, values: np.ndarray, has_limits: bool) -> tuple[np.ndarray, np.ndarray]:
    """Special causes above and below the centre line, as the statistics flagged them, else the
    months outside the limits. A bare ``signal`` column is sided by where the month sits against the
    centre line (or, without one, counted as high)."""
    if {"signal_high", "signal_low"} <= set(observed.columns):
        return (observed["signal_high"].fillna(False).astype(bool).to_numpy(),
                observed["signal_low"].fillna(False).astype(bool).to_numpy())
    if "signal" in observed.columns:
        flags = observed["signal"].fillna(False).astype(bool).to_numpy()
        below = values < observed["centre"].to_numpy(float) if has_limits else np.zeros(len(values), dtype=bool)
        return flags & ~below, flags & below
    if has_limits:
        return values > observed["upper"].to_numpy(float), values < observed["lower"].to_numpy(float)
    none = np.zeros(len(values), dtype=bool)
    return none, none


def _most_first(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A Lorenz curve ordered from the places with most crime (bowing above the diagonal)."""
    order = np.argsort(x)
    x, y = x[order], y[order]
    if x[0] > 0:
        x, y = np.r_[0.0, x], np.r_[0.0, y]
    if np.trapezoid(y - x, x) < 0:  # least first, as cspkit.stats returns it: turn it round
        x, y = 1 - x[::-1], 1 - y[::-1]
    return x, y


def _months(values: pd.Series) -> pd.DatetimeIndex:
    """Month starts from dates, timestamps or "YYYY-MM" text."""
    return pd.DatetimeIndex(pd.to_datetime(values.astype(str), format="mixed"))


def _month_axis(ax: Axes) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def _thousands(value: float, _position: int) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:,.1f}"


def _and(items) -> str:
    items = [str(item) for item in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _month_name(month: int) -> str:
    return pd.Timestamp(2000, month, 1).strftime("%B")


def _control_alt(observed, months, counts, signals, unit, forecast, has_limits, centre) -> str:
    text = (f"Line chart of {unit.lower()} from {months[0]:%B %Y} to {months[-1]:%B %Y}, "
            f"between {counts.min():,.0f} and {counts.max():,.0f}; latest {counts[-1]:,.0f}.")
    if has_limits:
        around = ("a centre line of" if centre == FLAT_CENTRE
                  else "an expected level that allows for the season, latest")
        text += (f" Control limits {observed['lower'].iloc[-1]:,.0f} to {observed['upper'].iloc[-1]:,.0f} "
                 f"around {around} {observed['centre'].iloc[-1]:,.0f}.")
        high, low = signals
        sides = [f"{word} in {_and(f'{m:%B %Y}' for m in months[side])}" for side, word in
                 ((high, "higher than expected"), (low, "lower than expected")) if side.any()]
        text += f" Special causes {'; '.join(sides)}." if sides else " No month shows a special cause."
    if forecast is not None:
        forecast = _with_month(forecast, "forecast")
        end = forecast.iloc[-1]
        text += (f" Forecast for {_months(forecast['month'])[-1]:%B %Y}: {end['forecast']:,.0f} "
                 f"(95% interval {end['lower']:,.0f} to {end['upper']:,.0f}).")
    return text


def _dotplot_alt(rows, statuses, unit, benchmark, benchmark_label, words, named_statuses) -> str:
    parts = [f"{row.area} {row.value:,.1f}" + (f" ({row.lower:,.1f} to {row.upper:,.1f})" if row.upper > row.lower
                                               else " (published rate, no interval)")
             for row in rows.iloc[::-1].itertuples()]
    text = f"Dot plot of {unit.lower()} with 95% confidence intervals: {'; '.join(parts)}."
    if benchmark is not None:
        text += f" {benchmark_label}: {benchmark:,.1f}."
    for status in named_statuses:
        named = rows["area"][(statuses == status).to_numpy()].tolist()
        if named:
            text += f" {words[status]}: {_and(named)}."
    return text


def _funnel_alt(points, outside, unit, benchmark, benchmark_label, focus) -> str:
    text = (f"Funnel plot of {unit.lower()} for {len(points)} areas against population, with 95% and "
            f"99.8% limits around {benchmark_label} ({benchmark:,.1f}).")
    if focus is not None:
        chosen = points[points["area"] == focus].iloc[0]
        text += f" {focus}: {chosen['value']:,.1f}."
    named = points["area"][outside].tolist()
    text += f" Outside the 99.8% limits: {_and(named)}." if named else " Every area is inside the 99.8% limits."
    return text


def _data_table(id: str, title: str, frame: pd.DataFrame, columns: list[Column], source: str) -> Table:
    """The data behind a chart; a value the chart does not have (a published rate's limits, a
    forecast month's count) is left empty, not written as "N/A"."""
    present = [c for c in columns if c.key in frame.columns]
    return Table.from_frame(f"{id}-data", title, frame, present, source=source, missing="")
