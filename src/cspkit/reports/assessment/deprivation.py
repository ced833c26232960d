"""Crime by deprivation: the rate in each decile of the Index of Multiple Deprivation.

Who is most at risk is the question boards ask after "how much": crime is usually far more
common in the most deprived neighbourhoods.  Each decile's LSOAs are pooled (crimes and
residents summed) and its rate compared with the whole area's, the Fingertips way.

References
----------
Ministry of Housing, Communities and Local Government (2019). The English Indices of
Deprivation 2019: technical report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cspkit.assess.groups import ALL_CRIME
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.priority_facts import headline_column
from cspkit.reports.assessment.wording import join_and, rate_text
from cspkit.stats.compare import significance
from cspkit.stats.rates import rate_ci


def decile_rates(inputs: ReportInputs) -> pd.DataFrame | None:
    """One row per IMD decile present: decile, lsoas, population, count, rate, lower, upper, status.

    ``status`` says how the decile's rate compares with the whole area's (95%). None when no
    deprivation deciles are loaded.
    """
    lsoas = inputs.lsoas
    column = headline_column(ALL_CRIME)
    if "imd_decile" not in lsoas.columns or column not in lsoas.columns or lsoas["imd_decile"].isna().all():
        return None
    known = lsoas.dropna(subset=["imd_decile", "population"])
    known = known[known["population"] > 0]
    if known.empty or ALL_CRIME not in inputs.area_rates.index:
        return None
    deciles = known.assign(imd_decile=known["imd_decile"].astype(int)).groupby("imd_decile")
    # one reduction per column: a named aggregation of several took ten times as long
    table = pd.DataFrame({"lsoas": deciles.size(), "population": deciles["population"].sum(),
                          "count": deciles[column].sum()}).reset_index()
    interval = rate_ci(table["count"].to_numpy(float), table["population"].to_numpy(float), multiplier=1000,
                       confidence=0.95)
    table["rate"] = interval["value"].to_numpy()
    table["lower"] = interval["lower_95"].to_numpy()
    table["upper"] = interval["upper_95"].to_numpy()
    benchmark = float(inputs.area_rates.loc[ALL_CRIME, "rate"])
    table["status"] = np.asarray(significance(table["lower"], table["upper"], benchmark), dtype=object)
    table = table.rename(columns={"imd_decile": "decile"})
    return table


def deprivation_sentence(inputs: ReportInputs, table: pd.DataFrame | None) -> str:
    """What the deciles show, in words: the extremes, those above the area's rate, the poorest fifth."""
    if table is None or table.empty:
        return ""
    high = table.loc[table["rate"].idxmax()]
    low = table.loc[table["rate"].idxmin()]
    text = (f"Crime was most common in {inputs.area}'s LSOAs in deprivation decile {int(high['decile'])} "
            f"({rate_text(high['rate'])} crimes per 1,000 residents) and least common in decile "
            f"{int(low['decile'])} ({rate_text(low['rate'])}); decile 1 is the most deprived tenth of "
            "neighbourhoods in England.")
    above = table[table["status"] == "higher"]["decile"].astype(int).tolist()
    if above:
        text += (f" The rate is statistically significantly above the {inputs.area} average in decile"
                 f"{'s' if len(above) > 1 else ''} {join_and(map(str, above))}.")
    poorest = table[table["decile"] <= 2]
    if not poorest.empty and table["count"].sum() > 0:
        people = poorest["population"].sum() / table["population"].sum()
        crime = poorest["count"].sum() / table["count"].sum()
        text += (f" The most deprived fifth of neighbourhoods nationally (deciles 1 and 2) are home to {people:.0%} "
                 f"of the area's residents and saw {crime:.0%} of its crime.")
    return text
