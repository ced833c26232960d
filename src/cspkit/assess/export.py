"""Writing an Assessment's tables as CSV files or one Excel workbook (numbers kept as numbers)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cspkit.assess.assessment import Assessment

TABLE_NOTES = {
    "rates": "Crimes and ASB per 1,000 residents (police.uk street-level records; ONS mid-year population) for the "
             "area and each comparator, with 95% and 99.8% confidence intervals (exact Poisson below 10, Byar's "
             "method from 10). Significance compares the area's interval with the comparator's rate (Fingertips).",
    "change": "Change between periods with a score test for two Poisson rates (Gu et al. 2008).",
    "monthly": "Monthly counts; 'flagged' marks months the data-quality checks found unusually small or large.",
    "comparator_monthly": "All crime each month for the comparators whose police.uk records are loaded.",
    "trend": "Log-linear (quasi-Poisson) trend over the months used; flagged months are left out.",
    "forecast": "Next 12 months with 95% prediction intervals (ETS, or seasonal naive for short series).",
    "seasonality": "Seasonal index per calendar month (STL), where two full years are loaded.",
    "spc": "XmR control chart points and special-cause signals (Making Data Count rules).",
    "lsoas": "Counts and rates per LSOA, ward, IMD decile; significance against the area's rate.",
    "wards": "LSOAs summed to wards (best-fit lookup); significance against the area's rate.",
    "concentration": "Gini coefficient and share of crime in the busiest LSOAs.",
    "lorenz": "Lorenz curve points (cumulative share of places and of crime).",
    "priority_areas": "Wards with rates significantly above the area's (95%).",
    "lsoa_hotspots": "Getis-Ord Gi* on LSOA counts, queen contiguity, Benjamini-Hochberg FDR correction.",
    "lsoa_hotspot_trends": "Hot spot status per quarter and its pattern (persistent, emerging, new, ...).",
    "grid_hotspots": "Getis-Ord Gi* on a 250 m grid (neighbours within 500 m), FDR-corrected; only cells touching "
                     "the area (its boundary, or the crimes' hull buffered by half a cell) take part.",
    "repeat_locations": "The busiest police.uk snap points (locations are anonymised to nearby points).",
    "home_office_rates": "Home Office police recorded crime by offence group per 1,000 residents, where loaded.",
    "data_quality": "Data-quality flags for the force's police.uk files over the months analysed.",
    "outcomes": "Latest outcome of each crime of the period (police.uk outcomes files joined by Crime ID), as shares "
                "by crime group for the area, force and peers with 95% Wilson intervals; significance compares the "
                "area's interval with the comparator's share. Recent months' outcomes are not final.",
    "outcome_times": "Whole months from each crime's month to its latest outcome, by crime group (the area).",
    "outcomes_by_month": "Crimes of each month in the area and the share with no outcome recorded yet.",
    "stop_search": "The force's searches by legislation, object of search, outcome and whether the outcome was "
                   "linked to the object (police.uk stop-and-search files), shares with 95% Wilson intervals.",
    "stop_search_rates": "Find rate (outcome linked to object), positive outcome and arrest rates, 95% Wilson.",
    "stop_search_ethnicity": "Searches per 1,000 residents of the force area by ethnicity (Census 2021 TS021) and the "
                             "ratio to White residents' rate (Home Office method), 95% log-method interval.",
}
SOURCE = ("Source: police.uk (Home Office), ONS; Open Government Licence v3.0. "
          "Contains OS data © Crown copyright and database right.")


def write_csvs(assessment: Assessment, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in assessment.tables.items():
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False)
        written.append(path)
    return written


def write_xlsx(assessment: Assessment, path: Path) -> Path:
    """One sheet per table (header frozen) and a Notes sheet saying what each table is and where it comes from."""
    path.parent.mkdir(parents=True, exist_ok=True)
    notes = pd.DataFrame(
        [{"sheet": name, "what it shows": TABLE_NOTES.get(name, ""), "rows": len(frame)}
         for name, frame in assessment.tables.items()]
    )
    header = pd.DataFrame({"sheet": [f"{assessment.area} - {assessment.period.label()}", SOURCE,
                                     f"cspkit {assessment.cspkit_version}, created {assessment.created_at}"]})
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        header.to_excel(writer, sheet_name="Notes", index=False, header=False)
        notes.to_excel(writer, sheet_name="Notes", index=False, startrow=4)
        for name, frame in assessment.tables.items():
            sheet = name[:31]
            _excel_ready(frame).to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            worksheet.freeze_panes = "A2"
            for column in worksheet.columns:
                width = max((len(str(c.value)) for c in column[:200] if c.value is not None), default=8)
                worksheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    return path


def _excel_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel has no time zones or nested objects: dates become dates, odd cells text."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
        elif out[column].dtype == object:
            out[column] = out[column].map(_cell)
    return out


def _cell(value: object) -> object:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)
