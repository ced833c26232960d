"""Overall direction of travel and year to date: headline figures, rates over time, change tables.

police.uk gives the partnership's records month by month, and the comparators' too where their
forces' files are loaded: the rate chart then sets each of the partnership's quarters beside the
comparator's same quarter (a quarter undercounted in the files is low for both). A comparator
known only from published rates is drawn as its average quarter over the period, labelled as
such, rather than inventing a series the evidence does not hold.
"""

from __future__ import annotations

import pandas as pd

from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.reports import charts
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.layout import how_to_read_monthly, seasonal_centre
from cspkit.reports.assessment.wording import join_and, period_words, places_to_separate, rate_text, signed_percent
from cspkit.reports.document import (
    Block,
    Cell,
    Column,
    Figure,
    Interval,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Row,
    Section,
    Status,
    Table,
)
from cspkit.stats.rates import rate_ci

CHANGE_STATUS = {
    "increase": Status("Increase", "A statistically significant increase (95% level)",
                       "higher"),
    "no significant change": Status("Not significant",
                                    "A change within what chance alone would produce (not statistically significant)",
                                    "similar"),
    "decrease": Status("Decrease", "A statistically significant decrease (95% level)",
                       "lower"),
}
MAX_QUARTERS = 8
AVERAGE = "average quarter of the period"
_DATA_QUALITY = "Data quality and methodology"


def direction_sections(inputs: ReportInputs) -> list[Section]:
    """'Overall direction of travel' with 'Change over time' and 'Year to date' inside it."""
    change = inputs.assessment.table("change")
    main = _window(change, year_to_date=False)
    blocks: list[Block] = [_key_figures(inputs, change, main), *inputs.blocks("direction-of-travel")]
    over_time: list[Block] = []
    charted = rate_by_quarter(inputs)
    if charted is not None:
        # the words come from the chart's data, not the drawn figure: they are the same while it is drawn
        quarterly, drawn = charted
        note = ("In the chart above, the shaded band is the 95% confidence interval of the partnership's rate."
                if charts.interval_shown(drawn, inputs.area) else
                "In the chart above, the 95% confidence interval of the partnership's rate is narrower than its "
                "line, so it is not drawn.")
        areas = set(drawn["area"].astype(str))
        averaged = any(AVERAGE in area for area in areas)
        quarter_by_quarter = any(name in areas for name in inputs.comparators)
        flagged_quarter = any("*" in str(period) for period in drawn["period"])
        if quarter_by_quarter:
            note += (" Comparators whose police.uk records are loaded are drawn quarter by quarter over the same "
                     "months" + (", so a quarter the checks flagged is low for them too." if flagged_quarter else "."))
        if averaged:
            note += (" A comparator known only from published rates is drawn as its average quarter over the "
                     "assessment period, so a quarter can sit above its average though the period as a whole is "
                     "lower.")
        left = _months_not_drawn(inputs)
        if left:
            note += (f" {join_and(left)} {'does' if len(left) == 1 else 'do'} not make a whole quarter and "
                     f"{'is' if len(left) == 1 else 'are'} not drawn.")
        if flagged_quarter:
            note += (f" Quarters marked * include months whose police.uk files the data-quality checks flagged (see "
                     f"{_DATA_QUALITY}); read them with care.")
        over_time += [quarterly, Paragraph(note)]
    spc = inputs.rows_of("spc", "crime_group", ALL_CRIME)
    limits = not spc.empty
    ahead = not inputs.rows_of("forecast", "crime_group", ALL_CRIME).empty
    over_time += [
        monthly_chart(inputs, ALL_CRIME, id="monthly-all-crime",
                      title=f"Crimes each month in {inputs.area}" + (", with control limits" if limits else "")
                      + (" and forecast" if ahead else "")),
        Paragraph(how_to_read_monthly(limits, ahead, seasonal=seasonal_centre(spc))),
    ]
    if limits:
        over_time.append(Paragraph(special_causes(inputs.rows_of("spc", "crime_group", ALL_CRIME))))
    over_time += _change_blocks(inputs, change, main, "change-table")
    year_to_date: list[Block] = list(inputs.blocks("year-to-date"))
    year_to_date += _change_blocks(inputs, change, _window(change, year_to_date=True), "year-to-date-table")
    return [
        Section("direction-of-travel", "Overall direction of travel", blocks, new_page=True),
        Section("change-over-time", "Change over time", over_time, level=2),
        Section("year-to-date", "Year-to-date recorded crime", year_to_date, level=2),
    ]


def _months_not_drawn(inputs: ReportInputs) -> list[str]:
    """The period's months in a calendar quarter it does not cover whole (the chart draws whole quarters)."""
    rows = inputs.rows_of("monthly", "crime_group", ALL_CRIME)
    period = inputs.assessment.period
    months = pd.to_datetime(rows["month"].astype(str))
    months = months[(months >= pd.Timestamp(period.start)) & (months <= pd.Timestamp(period.end))]
    quarters = pd.PeriodIndex(months, freq="Q")
    whole = {q for q in set(quarters) if (quarters == q).sum() == 3}
    return [f"{m:%B %Y}" for m, q in zip(months, quarters, strict=True) if q not in whole]


def rate_by_quarter(inputs: ReportInputs) -> tuple[Figure, pd.DataFrame] | None:
    """Crimes per 1,000 residents in each complete calendar quarter, beside the comparators' average
    (the chart, and the data it draws)."""
    rows = inputs.rows_of("monthly", "crime_group", ALL_CRIME).copy()
    if rows.empty or not inputs.population:
        return None
    rows["quarter"] = pd.PeriodIndex(rows["month"], freq="Q")
    by_quarter = rows.groupby("quarter")  # one reduction per column: a named aggregation took ten times as long
    quarters = pd.DataFrame({"count": by_quarter["count"].sum(), "months": by_quarter.size(),
                             "flagged": by_quarter["flagged"].any()})
    quarters = quarters[quarters["months"] == 3].tail(MAX_QUARTERS)
    if len(quarters) < 2:
        return None
    interval = rate_ci(quarters["count"].to_numpy(float), inputs.population, multiplier=1000, confidence=0.95)
    labels = [_quarter_label(q, flagged) for q, flagged in zip(quarters.index, quarters["flagged"], strict=True)]
    data = [{"period": label, "area": inputs.area, "rate": value, "lower": low, "upper": high}
            for label, value, low, high in zip(labels, interval["value"], interval["lower_95"], interval["upper_95"],
                                               strict=True)]
    period = inputs.assessment.period
    last = pd.Period(period.end, freq="M").end_time
    inside = [label for label, q in zip(labels, quarters.index, strict=True)
              if q.start_time >= pd.Timestamp(period.start) and q.end_time <= last]
    comparators = inputs.rates[(inputs.rates["crime_group"] == ALL_CRIME) & (inputs.rates["comparator_kind"] != "area")]
    by_quarter = _comparator_quarters(inputs, quarters.index)
    for comparator in comparators.dropna(subset=["rate"]).itertuples():
        counts = by_quarter.get(comparator.comparator)
        if counts is not None and pd.notna(comparator.population) and comparator.population > 0:
            data += [{"period": label, "area": comparator.comparator, "lower": float("nan"), "upper": float("nan"),
                      "rate": count / float(comparator.population) * 1000}
                     for label, count in zip(labels, counts, strict=True)]
            continue
        average = float(comparator.rate) * 3 / period.months
        data += [{"period": label, "area": f"{comparator.comparator}: {AVERAGE}",
                  "rate": average, "lower": float("nan"), "upper": float("nan")} for label in inside]
    note = (" Quarters marked * include months the data-quality checks flagged." if quarters["flagged"].any() else "")
    frame = pd.DataFrame(data)
    return charts.rate_over_time(
        frame, id="rate-by-quarter", focus=inputs.area, source=inputs.rates_source,
        title=f"Crimes (excluding ASB) per 1,000 residents each quarter: {inputs.area} and {_compared_with(inputs)}",
        unit="Crimes per 1,000 residents in the quarter",
        alt_text=_quarter_alt(inputs, labels, interval["value"].tolist(), comparators, note, by_quarter),
    ), frame


def _comparator_quarters(inputs: ReportInputs, quarters: pd.PeriodIndex) -> dict[str, list[float]]:
    """Each comparator's crimes in the chart's quarters, where the assessment holds its months (all of them)."""
    tables = inputs.assessment.tables
    monthly = tables["comparator_monthly"] if "comparator_monthly" in tables else pd.DataFrame()
    if monthly.empty:
        return {}
    monthly = monthly.assign(quarter=pd.PeriodIndex(pd.to_datetime(monthly["month"]), freq="Q"))
    found = {}
    for name, frame in monthly.groupby("comparator", sort=False):
        months = frame.groupby("quarter")["count"].agg(["sum", "size"])
        if all(q in months.index and months.loc[q, "size"] == 3 for q in quarters):
            found[str(name)] = [float(months.loc[q, "sum"]) for q in quarters]
    return found


def monthly_chart(inputs: ReportInputs, group: str, *, id: str, title: str,
                  spc: pd.DataFrame | None = None, forecast: pd.DataFrame | None = None,
                  monthly: pd.DataFrame | None = None) -> Figure:
    """Monthly counts with XmR control limits and the forecast band, where the assessment has them.

    For a group of the assessment the frames are looked up; a priority passes its own.
    """
    if spc is None and monthly is None:
        stored = inputs.rows_of("spc", "crime_group", group)
        spc = stored if not stored.empty else None
        ahead = inputs.rows_of("forecast", "crime_group", group)
        forecast = ahead if not ahead.empty else None
        monthly = inputs.rows_of("monthly", "crime_group", group)
    if spc is not None:
        observed = spc[["month", "value", "centre", "lower", "upper", "signal_high", "signal_low"]]
    else:
        observed = monthly[["month", "count"]].rename(columns={"count": "value"})
    unit = "Incidents a month" if group == ASB else "Crimes a month"
    flagged = monthly[monthly["flagged"].astype(bool)] if monthly is not None and "flagged" in monthly.columns \
        else monthly.iloc[0:0] if monthly is not None else None
    excluded = flagged[["month", "count"]].rename(columns={"count": "value"}).reset_index(drop=True) \
        if flagged is not None and not flagged.empty else None
    return charts.control_chart(observed.reset_index(drop=True), forecast=forecast, id=id, title=title,
                                source=inputs.source, unit=unit, excluded=excluded)


def _key_figures(inputs: ReportInputs, change: pd.DataFrame, window: str | None) -> KeyFigures:
    area = inputs.area_rates
    items = []
    if ALL_CRIME in area.index:
        crime = area.loc[ALL_CRIME]
        items.append(KeyFigure(f"{crime['count']:,.0f}", "crimes recorded (excluding ASB)", inputs.period))
        benchmark = _benchmark_rate(inputs, ALL_CRIME)
        items.append(KeyFigure(rate_text(crime["rate"]), "crimes per 1,000 residents", benchmark))
    if window is not None:
        row = change[(change["comparison"] == window) & (change["crime_group"] == ALL_CRIME)].iloc[0]
        status = CHANGE_STATUS.get(str(row["verdict"]))
        items.append(KeyFigure(signed_percent(row["percent_change"]), f"crime on the {window}",
                               status.label if status else ""))
    if ASB in area.index:
        items.append(KeyFigure(rate_text(area.loc[ASB, "rate"]), "ASB incidents per 1,000 residents",
                               _benchmark_rate(inputs, ASB)))
    return KeyFigures(items)


def _benchmark_rate(inputs: ReportInputs, group: str) -> str:
    benchmark = inputs.main_benchmark
    row = inputs.rate_rows.get(group, benchmark)
    if benchmark is None or row is None or pd.isna(row["rate"]):
        return ""
    return f"{benchmark}: {rate_text(row['rate'])}"


def _window(change: pd.DataFrame, *, year_to_date: bool) -> str | None:
    """The comparison to tabulate: like-for-like a year earlier first, else the previous period;
    for year to date, the financial year (to date).  Only windows with every month loaded."""
    if change.empty:
        return None
    available = change[change["available"]]["comparison"].drop_duplicates().tolist()
    if year_to_date:
        wanted = [w for w in available if "financial year" in w]
    else:
        wanted = [w for w in ("same period a year earlier", "previous period") if w in available]
    return wanted[0] if wanted else None


def _change_blocks(inputs: ReportInputs, change: pd.DataFrame, window: str | None, id: str) -> list[Block]:
    if window is None:
        return []
    return [change_table(inputs, change[change["comparison"] == window], id=id)]


def change_table(inputs: ReportInputs, rows: pd.DataFrame, *, id: str) -> Table:
    """One comparison window: each crime group's counts, % change with its interval and verdict."""
    first = rows.iloc[0]
    current, earlier = period_words(first["current_period"]), period_words(first["earlier_period"])
    force = inputs.assessment.parameters.get("force")
    columns = [Column("group", "Crime group"), Column("current", "This period", "integer"),
               # whole percentages with their sign, as the text and the interval beside them print them
               # ("+3%", never "3.5%" in the table beside "up 3%" in the text)
               Column("earlier", "Earlier period", "integer"), Column("change", "Change", "percent", 0, signed=True),
               Column("interval", "95% interval of the change", "percent", 0, signed=True)]
    if force and rows["force_percent_change"].notna().any():
        columns.append(Column("force", f"{force} (force area) change", "percent", 0, signed=True))
    by_group = rows.set_index("crime_group")
    table_rows = []
    for group, level, bold in inputs.ordered_groups():
        if group not in by_group.index:
            continue
        row = by_group.loc[group]
        pct = row["percent_change"]
        interval = Cell(None)
        if pd.notna(pct):
            low, high = row["percent_change_lower"], row["percent_change_upper"]
            # a significant change's interval excludes no change: printed so, not "0% to +7%"
            places = places_to_separate(low, high, [0.0] if str(row["verdict"]) in ("increase", "decrease") else [], 0)
            interval = Cell(Interval(low / 100, high / 100), decimals=places)
        cells = [Cell(group), Cell(row["count_current"]), Cell(row["count_earlier"]),
                 Cell(pct / 100 if pd.notna(pct) else None, CHANGE_STATUS.get(str(row["verdict"]))), interval]
        if len(columns) == 6:
            force_pct = row["force_percent_change"]
            cells.append(Cell(force_pct / 100 if pd.notna(force_pct) else None))
        table_rows.append(Row(tuple(cells), level=level, bold=bold))
    return Table.build(
        id, f"Change in recorded crime and ASB, {current} against {earlier} (the {first['comparison']})",
        columns, table_rows, source=inputs.source, sheet_name=("Change year to date" if "year" in id else "Change"),
        method="Percentage change in counts between two periods of the same length; the verdict and interval come "
               "from the score test for the ratio of two Poisson rates (Gu et al. 2008). A change is called an "
               "increase or decrease only when the test says so.",
        notes=(["N/A: nothing was recorded in the earlier period, so no percentage can be given."]
               if any(row.cells[3].value is None for row in table_rows) else [])
        + [n for n in inputs.grouping_notes() if n.split(" is the ")[0] in by_group.index],
    )


def _quarter_label(quarter: pd.Period, flagged: bool) -> str:
    start, end = quarter.start_time, quarter.end_time
    return f"{start:%b}–{end:%b}{'*' if flagged else ''}\n{end:%Y}"


def _compared_with(inputs: ReportInputs) -> str:
    """'its comparators', or the one comparator by name ('Cannock Chase and its comparators' had one)."""
    return "its comparators" if len(inputs.comparators) > 1 else join_and(inputs.comparators) or "its comparator"


def _quarter_alt(inputs: ReportInputs, labels: list[str], values: list[float], comparators: pd.DataFrame,
                 note: str, drawn: dict[str, list[float]]) -> str:
    first, last = labels[0].replace("\n", " "), labels[-1].replace("\n", " ")
    text = (f"Line chart of crimes (excluding ASB) per 1,000 residents in {inputs.area} each quarter from {first} "
            f"({rate_text(values[0])}) to {last} ({rate_text(values[-1])}), with a 95% confidence band.")
    averages = [f"{c.comparator} {rate_text(float(c.rate) * 3 / inputs.assessment.period.months)}"
                for c in comparators.dropna(subset=["rate"]).itertuples() if c.comparator not in drawn]
    if drawn:
        text += f" Drawn quarter by quarter beside it: {join_and(drawn)}."
    if averages:
        text += f" Average quarter of the assessment period: {'; '.join(averages)}."
    return text + note


MOST_STRETCHES = 5
"""At most this many stretches of special-cause months are named one by one; earlier ones are counted."""


def stretches(spc: pd.DataFrame) -> list[pd.DataFrame]:
    """The control chart's special-cause months as stretches: consecutive charted months on the same side
    (a run of 11 low months is one stretch, not 11 findings), oldest first."""
    rows = spc.assign(month=pd.to_datetime(spc["month"])).sort_values("month").reset_index(drop=True)
    side = rows["signal_high"].astype(bool).map({True: "high"}).fillna(
        rows["signal_low"].astype(bool).map({True: "low"}))
    found, start = [], None
    for i in range(len(rows) + 1):
        current = side.iloc[i] if i < len(rows) else None
        if start is not None and (pd.isna(current) or current != side.iloc[start]):
            found.append(rows.iloc[start:i].assign(side=side.iloc[start]))
            start = None
        if start is None and i < len(rows) and pd.notna(current):
            start = i
    return found


def _stretch_words(stretch: pd.DataFrame) -> str:
    """'January to November 2024 (11 months in a row below the centre line)', or one month and the rule it breaks."""
    high = stretch["side"].iloc[0] == "high"
    first, last = stretch["month"].iloc[0], stretch["month"].iloc[-1]
    if len(stretch) == 1:
        if "beyond_limits" in stretch.columns and bool(stretch["beyond_limits"].iloc[0]):
            why = f"{'above the upper' if high else 'below the lower'} control limit"
        elif "two_of_three" in stretch.columns and bool(stretch["two_of_three"].iloc[0]):
            why = f"close to the {'upper' if high else 'lower'} control limit"
        else:
            why = "high" if high else "low"
        return f"{first:%B %Y} ({why})"
    when = (f"{first:%B} to {last:%B %Y}" if first.year == last.year else f"{first:%B %Y} to {last:%B %Y}")
    n = len(stretch)
    if "shift" in stretch.columns and stretch["shift"].astype(bool).all():
        why = f"{n} months in a row {'above' if high else 'below'} the centre line"
    elif "trend" in stretch.columns and stretch["trend"].astype(bool).all():
        why = f"{n} months in a row {'rising' if high else 'falling'}"
    elif "two_of_three" in stretch.columns and stretch["two_of_three"].astype(bool).all():
        why = f"{n} months close to the {'upper' if high else 'lower'} control limit"
    else:
        why = f"{n} months in a row, {'high' if high else 'low'}"
    return f"{when} ({why})"


def special_causes(spc: pd.DataFrame) -> str:
    """Every special cause the control chart marks, in words: runs as stretches of months, single
    months with the rule they break. The text must describe what the chart shows, all of it: a run of
    low months two years ago matters when judging a rise since."""
    found = stretches(spc)
    if not found:
        return "Every month on the control chart is within its control limits, with no unusual run."
    months = sum(len(s) for s in found)
    named = [_stretch_words(s) for s in found[-MOST_STRETCHES:]]
    earlier = found[:-MOST_STRETCHES]
    if earlier:
        named.insert(0, f"{sum(len(s) for s in earlier)} months in {len(earlier)} earlier "
                        f"stretch{'es' if len(earlier) > 1 else ''}")
    what = "a special cause" if months == 1 else "special causes"
    return (f"The control chart marks {months} month{'s' if months > 1 else ''} as {what}: "
            f"{join_and(named)}.")


def latest_stretch(spc: pd.DataFrame) -> pd.DataFrame | None:
    """The stretch of special-cause months that runs to the latest month charted, if the latest is one."""
    if spc is None or spc.empty:
        return None
    found = stretches(spc)
    if not found or found[-1]["month"].iloc[-1] != pd.to_datetime(spc["month"]).max():
        return None
    return found[-1]


def latest_run_sentence(spc: pd.DataFrame | None, what: str) -> str:
    """A sentence for the summary when the latest months are special causes: a sustained run at the end
    of the period is the chart's warning, and a summary that only says 'within chance' would hide it."""
    stretch = latest_stretch(spc) if spc is not None else None
    if stretch is None:
        return ""
    high = stretch["side"].iloc[0] == "high"
    seasonal = "seasonally_adjusted" in spc.columns and bool(spc["seasonally_adjusted"].astype(bool).any())
    level = "the level expected for the time of year" if seasonal else "the average of the months charted"
    first = stretch["month"].iloc[0]
    n = len(stretch)
    if n == 1:
        return (f"The control chart of {what} marks the latest month, {first:%B %Y}, as a special cause: "
                f"{'higher' if high else 'lower'} than {level} by more than chance would give.")
    return (f"The control chart of {what} marks each of the last {n} months ({_stretch_words(stretch).split(' (')[0]}) "
            f"as a special cause: {what} has run {'above' if high else 'below'} {level} since {first:%B %Y}, "
            "a sustained shift worth looking into.")
