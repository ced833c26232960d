"""A small but complete report, built once per test session: every chart, a map, tables
with significance shading, the analyst's Markdown, key figures, a callout and a page break."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from cspkit.demo.loading import load_demo
from cspkit.demo.partnership import write_demo
from cspkit.reports import charts, maps
from cspkit.reports.document import (
    BulletList,
    Callout,
    Document,
    Figure,
    KeyFigure,
    KeyFigures,
    PageBreak,
    Paragraph,
    Section,
    markdown_blocks,
)
from cspkit.reports.writers import write
from cspkit.store import open_store

from .demo_report import Built, build_report
from .samples import CANNOCK_CHASE, change_table, monthly_forecast, monthly_points, rates_frame, rates_table


@pytest.fixture(scope="session")
def lsoas(shared_data: Path) -> pd.DataFrame:
    """Cannock Chase's LSOAs (real boundaries) as WKB with a made-up rate each."""
    import geopandas as gpd

    frame = gpd.read_file(shared_data / "boundaries" / "lsoa11" / f"{CANNOCK_CHASE}.json")
    values = np.linspace(12.5, 180.0, len(frame))
    values[4] = np.nan
    return pd.DataFrame({"code": frame["LSOA11CD"], "name": frame["LSOA11NM"],
                         "geometry": shapely.to_wkb(frame.geometry.values), "value": values})


@pytest.fixture(scope="session")
def figures(lsoas: pd.DataFrame) -> dict[str, Figure]:
    counts = pd.DataFrame({"place": [f"Cannock Chase 0{i:02d}A" for i in range(30)],
                           "count": np.arange(30, 0, -1) ** 2})
    return {
        "rates": charts.rate_over_time(rates_frame(), id="rates-over-time", focus="Cannock Chase",
                                       title="Recorded crime per 1,000 residents, 2018/19 to 2022/23",
                                       source="Home Office, police recorded crime by CSP"),
        "monthly": charts.control_chart(monthly_points(), forecast=monthly_forecast(), id="monthly",
                                        title="Recorded crime each month with control limits",
                                        source="data.police.uk"),
        "map": maps.choropleth(lsoas, id="rate-map", title="Recorded crime per 1,000 residents by LSOA",
                               source="data.police.uk; ONS mid-2020 population estimates", os_year=2022),
        "concentration": charts.concentration_chart(counts, id="top-lsoas", title="The ten LSOAs with most crime",
                                                    source="data.police.uk"),
    }


@pytest.fixture(scope="session")
def report(figures: dict[str, Figure]) -> Document:
    analyst = ("Recorded crime rose by **24.5%** in a year. See the "
               "[Home Office tables](https://www.gov.uk/government/statistics).\n\n"
               "- Partners should *share* data.\n- A bad [link](javascript:alert(1)) is dropped.")
    return Document(
        "Cannock Chase Strategic Assessment 2023",
        subtitle="Executive summary",
        author="Cannock Chase Community Safety Partnership",
        metadata={"Produced by": "Cannock Chase Community Safety Partnership", "Date created": "January 2024"},
        attributions=["Contains public sector information licensed under the Open Government Licence v3.0.",
                      "Contains OS data © Crown copyright and database right 2024."],
        sections=[
            Section("introduction", "Introduction and context",
                    [Paragraph("Under the Police and Justice Act 2006 partners must share evidence.")]),
            Section("direction-of-travel", "Overall direction of travel", [
                KeyFigures([KeyFigure("+24.5%", "Crime, year on year"),
                            KeyFigure("83.0", "Crimes per 1,000 residents", "England and Wales 91.7")]),
                *markdown_blocks(analyst),
                figures["rates"],
            ]),
            Section("year-to-date", "Year to date", [change_table(), figures["monthly"]], level=2),
            Section("overview", "Overview of crime and anti-social behaviour", [rates_table()], new_page=True),
            Section("priority-asb", "Anti-social behaviour", [
                Callout("Recommendation", "Partners should **coordinate** their response.\n\n- use the powers"),
                figures["map"], PageBreak(), figures["concentration"],
                BulletList(["First step", "Second step"], ordered=True),
            ], new_page=True),
            Section("methodology", "Data quality and methodology",
                    [Paragraph("Rates use ONS mid-year population estimates.")]),
        ],
    )


@pytest.fixture(scope="session")
def written(report: Document, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report written once in all four formats."""
    folder = tmp_path_factory.mktemp("report")
    return {fmt: write(report, folder / f"report.{fmt}") for fmt in ("html", "pdf", "docx", "xlsx")}


# The demo partnership's store and its report, built once in each test module that asks for them.
@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-partnership")
    path = folder / "evidence.duckdb"
    with open_store(path) as store:
        load_demo(store, write_demo(folder / "files", seed=0))
    return path


@pytest.fixture(scope="module")
def demo(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    national = demo_store.parent / "files" / "national"
    return build_report(
        demo_store,
        "Hartbury",
        "2025-10..2026-09",
        tmp_path_factory.mktemp("demo-report"),
        with_trend=False,
        published=national / "csp-crime-rates.csv",
        msg=national / "most-similar-group.csv",
    )
