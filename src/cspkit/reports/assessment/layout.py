"""How figures sit on the page, and the year the map attributions carry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.document import Figure

#: The tallest a map is printed on a priority's page, and in the places section.
PRIORITY_MAP_CM = 11.0
PLACES_MAP_CM = 14.0


def fit(figure: Figure, max_height_cm: float = PRIORITY_MAP_CM) -> Figure:
    """The figure printed no taller than ``max_height_cm``: a map of a tall area would fill a page.

    Only the printed size changes (the image keeps its resolution), in proportion.
    """
    if figure.height_cm <= max_height_cm:
        return figure
    scale = max_height_cm / figure.height_cm
    return replace(figure, width_cm=figure.width_cm * scale, height_cm=max_height_cm)


def os_year(inputs: ReportInputs) -> int:
    """The year in the OS attribution: the year the report's assessment was made."""
    try:
        return datetime.fromisoformat(inputs.assessment.created_at).year
    except ValueError:
        return datetime.now().year


def how_to_read_monthly(limits: bool, forecast: bool) -> str:
    """A note under a monthly chart saying how to read it.

    Notes follow their figure: the print styles keep a figure with whatever comes next, so a
    note after it also gives the page somewhere to break before the next figure.
    """
    text = "In the chart above, each point is one month's count."
    if limits:
        text += (" The solid line is the average and the dashed lines the control limits: a month outside them, or "
                 "an unusual run of months, is a special cause worth looking into.")
    if forecast:
        text += " The shaded band ahead is the 95% prediction interval of the forecast."
    return text


HOW_TO_READ = {
    "seasonal": "In the chart above, 100 is an average month; hatched bars mark months reliably above or below it "
                "year after year.",
    "dotplot": "In the chart above, each line is a 95% confidence interval: a rate differs significantly from the "
               "dashed line when its interval does not cross it.",
    "map": "On the map above, darker LSOAs have higher rates. An LSOA has about 1,500 residents, so a few records "
           "can move a small one between classes.",
    "hotspots": "On the map above, red areas are hot spots, where an LSOA and its neighbours together hold more "
                "records than chance would give, and blue areas cold spots.",
}


def how_to_read_hotspots(verdicts: Iterable[str], cells: str = "an LSOA") -> str:
    """The note under a hot-spot map, naming only what the map shows (hot spots, cold spots or both)."""
    found = {str(v) for v in verdicts}
    parts = []
    if "hot spot" in found:
        parts.append(f"red areas are hot spots, where {cells} and its neighbours together hold more records than "
                     "chance would give")
    if "cold spot" in found:
        parts.append(f"blue areas are cold spots, where {cells} and its neighbours together hold fewer")
    if not parts:
        return "On the map above, no area is a statistically significant hot or cold spot."
    text = "On the map above, " + "; ".join(parts) + "."
    if "cold spot" not in found:
        text += " No area is a statistically significant cold spot."
    return text
