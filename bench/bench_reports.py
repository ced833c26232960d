"""Building a full strategic assessment report: charts, maps and the four formats.

The report follows seed 002 (the Cannock Chase strategic assessment): cover, contents,
introduction, direction of travel (rates against benchmarks), year to date (control chart and
forecast), an overview table of 24 offence groups shaded by significance, then one page per
priority (key figures, control chart, LSOA map, statements, recommendations) and the
methodology.  Ten priorities give 24 figures and 12 tables.  Timed:

- ``figures``: drawing every chart and map (SVG and PNG) in the house style;
- ``html``, ``pdf``, ``docx``, ``xlsx``: writing the finished document in each format.

Target: the whole build (figures and all four formats) in under 10 seconds.  Beside it, the
baseline is the same charts drawn by matplotlib with its defaults and saved once as PNG (what
a script written without cspkit would cost), so the ratio shows what the house style, alt
text and second (SVG) rendering add.  The machine may be shared, so CPU seconds are printed
beside wall-clock seconds.

Run ``python -m bench`` (ten priorities) or ``python -m bench --quick`` (three).  Map
boundaries are the real Cannock Chase LSOAs from ``../shared/data`` (``--data`` to change).
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from cspkit.reports import charts, maps
from cspkit.reports.document import (
    BulletList,
    Callout,
    Cell,
    Column,
    Document,
    Figure,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Row,
    Section,
    Status,
    Table,
)
from cspkit.reports.writers import FORMATS, write

TARGET_SECONDS = 10.0
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PRIORITIES = ("Anti-social behaviour", "Domestic abuse", "Community cohesion", "Drugs and county lines",
              "Vehicle crime", "Vulnerable persons", "Serious violence", "Violence against women and girls",
              "Repeat offending", "Fraud")
STATUSES = {
    "higher": Status("Higher", "Significantly higher than England and Wales (95% confidence)", "higher"),
    "similar": Status("Similar", "Not significantly different from England and Wales", "similar"),
    "lower": Status("Lower", "Significantly lower than England and Wales (95% confidence)", "lower"),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="three priorities instead of ten")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (boundaries)")
    args, _ = parser.parse_known_args(argv)
    rng = np.random.default_rng(2023)
    lsoas = _lsoas(args.data, rng)
    priorities = PRIORITIES[:3] if args.quick else PRIORITIES
    _warm_up(lsoas)

    jobs = _figure_jobs(lsoas, priorities, rng)
    timings: dict[str, tuple] = {}
    figures = _timed(timings, "figures", lambda: {key: draw() for key, draw in jobs.items()})
    document = _document(figures, priorities, rng)
    with tempfile.TemporaryDirectory(prefix="cspkit-bench-reports-") as folder:
        for fmt in FORMATS:
            path = _timed(timings, fmt, lambda fmt=fmt: write(document, Path(folder) / f"report.{fmt}"))
            timings[fmt] = (*timings[fmt], path.stat().st_size)
    plain: dict[str, tuple] = {}
    _timed(plain, "baseline", lambda: _plain_matplotlib(lsoas, priorities, rng))

    print(f"report: {len(document.sections)} sections, {len(figures)} figures, {len(document.tables())} tables")
    print(f"{'step':<10}{'wall s':>9}{'cpu s':>9}{'size':>12}")
    for step, (wall, cpu, *size) in timings.items():
        print(f"{step:<10}{wall:>9.2f}{cpu:>9.2f}{(f'{size[0] / 1e6:.1f} MB' if size else ''):>12}")
    total = sum(t[0] for t in timings.values())
    formats_only = sum(timings[fmt][0] for fmt in FORMATS)
    print(f"{'total':<10}{total:>9.2f}{sum(t[1] for t in timings.values()):>9.2f}   (the four formats alone: "
          f"{formats_only:.2f} s)")
    plain_wall, plain_cpu = plain["baseline"]
    print(f"baseline (matplotlib defaults, PNG only, same charts): {plain_wall:.2f} s wall, {plain_cpu:.2f} s cpu; "
          f"cspkit figures / baseline = {timings['figures'][1] / plain_cpu:.2f} (cpu)")
    verdict = "within" if total < TARGET_SECONDS else "OVER"
    print(f"target: whole build under {TARGET_SECONDS:.0f} s: {verdict} ({total / TARGET_SECONDS:.2f} of it)")


def _timed(timings: dict, name: str, work: Callable[[], object]):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    timings[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return result


def _lsoas(data: Path, rng: np.random.Generator) -> pd.DataFrame:
    import geopandas as gpd
    import shapely

    path = data / "boundaries" / "lsoa11" / "E07000192.json"
    if not path.exists():
        raise SystemExit(f"{path} is missing: pass --data pointing at the shared data folder")
    frame = gpd.read_file(path)
    return pd.DataFrame({"code": frame["LSOA11CD"], "name": frame["LSOA11NM"],
                         "geometry": shapely.to_wkb(frame.geometry.values),
                         "value": rng.gamma(4, 20, len(frame))})


def _warm_up(lsoas: pd.DataFrame) -> None:
    """Import and first-use costs (font cache, WeasyPrint's fonts) are not part of a build."""
    months = pd.DataFrame({"value": [1.0, 2.0, 3.0]}, index=pd.period_range("2022-01", periods=3, freq="M"))
    small = Document("Warm-up", [Section("s", "S", [charts.control_chart(months, id="w", title="W", source="S")])])
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            write(small, Path(folder) / f"warm.{fmt}")
    maps.choropleth(lsoas.head(3), id="w", title="W", source="S")


def _figure_jobs(lsoas: pd.DataFrame, priorities: tuple[str, ...], rng: np.random.Generator,
                 ) -> dict[str, Callable[[], Figure]]:
    """Every chart and map of the report, as jobs that draw it."""
    jobs: dict[str, Callable[[], Figure]] = {
        "rates": partial(charts.rate_over_time, _rates(rng), id="rates", focus="Cannock Chase", source="Home Office",
                         title="Police recorded crime (excluding fraud) per 1,000 residents"),
        "ytd": partial(charts.control_chart, _months(rng), forecast=_forecast(), id="ytd", source="data.police.uk",
                       title="Recorded crime each month, with control limits and forecast"),
        "dots": partial(charts.comparison_dotplot, _dots(rng), id="dots", title="Crime rate by CSP in Staffordshire",
                        source="Home Office", benchmark=91.7, focus="Cannock Chase"),
    }
    for number, name in enumerate(priorities, start=1):
        jobs[f"priority-{number}-monthly"] = partial(
            charts.control_chart, _months(rng), id=f"priority-{number}-monthly", source="data.police.uk",
            title=f"{name}: recorded each month")
        jobs[f"priority-{number}-map"] = partial(
            maps.choropleth, lsoas.assign(value=rng.gamma(4, 20, len(lsoas))), id=f"priority-{number}-map",
            title=f"{name}: rate per 1,000 residents by LSOA", source="data.police.uk; ONS")
    return jobs


def _document(figures: dict[str, Figure], priorities: tuple[str, ...], rng: np.random.Generator) -> Document:
    sections = [
        Section("introduction", "Introduction and context", [Paragraph(_TEXT)] * 4),
        Section("direction-of-travel", "Overall direction of travel", [
            KeyFigures([KeyFigure("+24.5%", "Recorded crime, year on year"),
                        KeyFigure("83.0", "Crimes per 1,000 residents", "England and Wales 91.7"),
                        KeyFigure("11.0", "ASB incidents per 1,000 residents")]),
            Paragraph(_TEXT), figures["rates"],
        ]),
        Section("year-to-date", "Year-to-date recorded crime",
                [Paragraph(_TEXT), figures["ytd"], _change_table("ytd-table", rng)], level=2),
        Section("priorities", "Summary of local community safety priorities",
                [BulletList(priorities), Paragraph(_TEXT)]),
        Section("overview", "Overview of crime and anti-social behaviour", [_overview_table(rng), figures["dots"]],
                new_page=True),
    ]
    for number, name in enumerate(priorities, start=1):
        key = f"priority-{number}"
        sections.append(Section(key, name, [
            KeyFigures([KeyFigure(f"{rng.integers(200, 3000):,}", "Crimes in the last 12 months"),
                        KeyFigure(f"{rng.normal(5, 10):+.0f}%", "Change on the year before")]),
            Paragraph(_TEXT), figures[f"{key}-monthly"], figures[f"{key}-map"], _change_table(f"{key}-table", rng),
            Callout("Recommendations", "- " + "\n- ".join([_TEXT[:120]] * 3)),
        ], new_page=True))
    sections.append(Section("methodology", "Data quality and methodology", [Paragraph(_TEXT)] * 3))
    return Document("Cannock Chase Community Safety Strategic Assessment 2023", sections,
                    subtitle="Executive summary", metadata={"Produced by": "Cannock Chase CSP"},
                    attributions=[maps.os_attribution(2024)])


def _plain_matplotlib(lsoas: pd.DataFrame, priorities: tuple[str, ...], rng: np.random.Generator) -> None:
    """The same number of charts and maps with pyplot defaults, one PNG each: the baseline."""
    import geopandas as gpd
    import matplotlib.pyplot as plt
    import shapely

    shapes = gpd.GeoDataFrame(lsoas, geometry=shapely.from_wkb(lsoas["geometry"]), crs="EPSG:4326")
    drawings = [lambda ax: _rates(rng).pivot(index="period", columns="area", values="rate").plot(ax=ax)] * 3
    for _ in priorities:
        drawings.append(lambda ax: ax.plot(_months(rng)["value"].to_numpy()))
        drawings.append(lambda ax: shapes.plot(column="value", ax=ax))
    for draw in drawings:
        figure, ax = plt.subplots()
        draw(ax)
        figure.savefig(io.BytesIO(), format="png")
        plt.close(figure)


def _rates(rng: np.random.Generator) -> pd.DataFrame:
    periods = ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23"]
    return pd.DataFrame([{"period": p, "area": a, "rate": base + rng.normal(0, 4)}
                         for a, base in (("Cannock Chase", 70), ("Staffordshire", 72), ("England and Wales", 85))
                         for p in periods])


def _months(rng: np.random.Generator) -> pd.DataFrame:
    values = rng.poisson(600, 36).astype(float)
    centre, spread = values.mean(), 2.66 * np.abs(np.diff(values)).mean()
    return pd.DataFrame({"value": values, "centre": centre, "lower": centre - spread, "upper": centre + spread},
                        index=pd.period_range("2020-04", periods=36, freq="M"))


def _forecast() -> pd.DataFrame:
    return pd.DataFrame({"forecast": 610.0, "lower": 560.0, "upper": 660.0},
                        index=pd.period_range("2023-04", periods=12, freq="M"))


def _dots(rng: np.random.Generator) -> pd.DataFrame:
    values = rng.normal(85, 15, 9)
    return pd.DataFrame({"area": ["Cannock Chase", "East Staffordshire", "Lichfield", "Newcastle-under-Lyme",
                                  "South Staffordshire", "Stafford", "Staffordshire Moorlands", "Tamworth",
                                  "Stoke-on-Trent"], "value": values, "lower": values - 3, "upper": values + 3,
                         "status": np.where(values > 94.7, "higher", np.where(values < 88.7, "lower", "similar"))})


def _overview_table(rng: np.random.Generator) -> Table:
    columns = [Column("offence", "Offence group"), Column("csp", "Cannock Chase", "number"),
               Column("force", "Staffordshire", "number"), Column("msf", "Most similar forces", "number"),
               Column("region", "West Midlands", "number"), Column("ew", "England and Wales", "number")]
    rows = []
    for number in range(24):
        values = rng.gamma(3, 4, 5)
        status = STATUSES[("higher", "similar", "lower")[number % 3]]
        rows.append(Row((Cell(f"Offence group {number + 1}"), Cell(values[0], status),
                         *(Cell(v) for v in values[1:])), level=number % 2, bold=number == 0))
    return Table.build("overview", "Rates of recorded crime per 1,000 residents, April 2022 to March 2023",
                       columns, rows, source="Home Office", method="Crimes per 1,000 residents; Byar's intervals.")


def _change_table(id: str, rng: np.random.Generator) -> Table:
    rows = [(area, int(rng.integers(1000, 90000)), rng.normal(0.2, 0.1))
            for area in ("Cannock Chase", "Staffordshire", "England and Wales")]
    return Table.build(id, "Recorded crime, April to October, against a year earlier",
                       [Column("area", "Area"), Column("crimes", "Crimes", "integer"),
                        Column("change", "Change", "percent")], rows, source="data.police.uk")


_TEXT = ("Recorded crime in Cannock Chase has mirrored that across the force area. While rates have continued "
         "to increase in 2022-23, this has been at broadly the same pace as across Staffordshire and "
         "Stoke-on-Trent, and rates for the last financial year are below the national average. **Partners** "
         "should keep links with the Knowledge Hub to identify emerging risks in real time.")


if __name__ == "__main__":
    main()
