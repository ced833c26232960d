"""How figures sit on the page, and the year the map attributions carry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd

from cspkit.reports import charts
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.document import Figure

#: The tallest a map is printed on a priority's page, and in the places section: tall enough that a map
#: of a compact area is printed at the full text width, where its ward names and legend can be read.
PRIORITY_MAP_CM = 18.0
PLACES_MAP_CM = 18.0


def fit(figure: Figure, max_height_cm: float = PRIORITY_MAP_CM) -> Figure:
    """The figure printed no taller than ``max_height_cm``: a map of a tall area would fill a page."""
    return figure.fitted(max_height_cm)


def reliably_seasonal(profile: pd.DataFrame | None) -> bool:
    """True when some calendar month is reliably high or low: only then is the profile worth a chart
    (otherwise the page says in words that no month stands out), and only then is a forecast's rise and
    fall called seasonal."""
    if profile is None or not {"runs_high", "runs_low"} <= set(profile.columns):
        return False
    return bool(profile["runs_high"].fillna(False).any() or profile["runs_low"].fillna(False).any())


def os_year(inputs: ReportInputs) -> int:
    """The year in the OS attribution: the year the report's assessment was made."""
    try:
        return datetime.fromisoformat(inputs.assessment.created_at).year
    except ValueError:
        return datetime.now().year


def how_to_read_monthly(limits: bool, forecast: bool, *, seasonal: bool = False) -> str:
    """A note under a monthly chart saying how to read it.

    ``seasonal``: the control limits follow the season (``seasonal_centre``), so the centre line
    rises and falls and is named for what it is, not called "the average".
    Notes follow their figure: the print styles keep a figure with whatever comes next, so a
    note after it also gives the page somewhere to break before the next figure.
    """
    text = "In the chart above, each point is one month's count."
    if limits:
        if seasonal:
            text += (" The solid line is the expected level for each month: the average allowing for the season, so "
                     "it rises and falls with it. The dashed lines are the control limits around it.")
        else:
            text += " The solid line is the average month and the dashed lines the control limits."
        text += (" A month outside the limits, or in an unusual run (seven or more months on the same side of the "
                 "solid line, or two of three months close to the same limit), is a special cause worth looking "
                 "into, even when it sits inside the limits: an upward triangle marks one higher than expected, a "
                 "downward triangle one lower.")
    if forecast:
        text += " The shaded band ahead is the 95% prediction interval of the forecast."
    return text


def seasonal_centre(spc: pd.DataFrame | None) -> bool:
    """True when a control chart's centre line follows the season (the statistics adjusted for it)."""
    if spc is None or spc.empty or "centre" not in spc.columns:
        return False
    return charts.centre_label(spc["centre"]) == charts.SEASONAL_CENTRE


HOW_TO_READ = {
    "seasonal": "In the chart above, 100 is an average month. Months reliably above it year after year are drawn "
                "in red-orange with diagonal lines, and months reliably below it in light blue with dots.",
    "dotplot": "In the chart above, each line is a 95% confidence interval: a rate differs significantly from the "
               "dashed line when its interval does not cross it.",
    "map": "On the map above, darker LSOAs have higher rates. An LSOA has about 1,500 residents, so a few records "
           "can move a small one between classes.",
    "hotspots": "On the map above, red areas are hot spots, where an LSOA and its neighbours together hold more "
                "records than chance would give, and blue areas cold spots.",
}


def how_to_read_comparison(area: str, comparisons: pd.DataFrame) -> str:
    """The note under a priority's comparator chart, saying which areas have a confidence interval:
    published rates come without one, so only some comparators have a line (``comparisons``: area,
    lower, upper, as the chart draws them)."""
    known = comparisons["upper"] > comparisons["lower"]
    lines = [str(a) for a in comparisons["area"][known]]
    points = [str(a) for a in comparisons["area"][~known] if a != area]
    if points:
        text = (f"In the chart above, the lines are 95% confidence intervals, drawn for {_and(lines)}; "
                f"{_and(points)} {'is' if len(points) == 1 else 'are'} known only from published rates, which come "
                "without one, so only a point is drawn.")
    else:
        text = "In the chart above, each line is a 95% confidence interval."
    if known.any():  # the note said lines were drawn that no one could see: a narrow one is shorter than its marker
        text += " A narrow interval's line is hidden behind its marker."
    return (text + f" The shaded band is {area}'s interval. A comparator whose rate lies outside the band is "
            f"significantly different from {area}; its marker gives the verdict in the words of the rates tables "
            "(Higher, Similar or Lower). The scale starts at 0.")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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
