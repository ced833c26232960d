"""Figures for measures computed from the evidence store, e.g. anti-social behaviour incidents
in the partnership's area in a quarter (police.uk street-level records).

The owner still checks and sends the figure: the store may be missing a month, which is said.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspkit.assess.areas import lsoas_in, resolve_area
from cspkit.errors import CspkitError
from cspkit.store import open_store
from cspkit.web.performance.quarters import Quarter

ALL_CRIME = "all crime"


@dataclass(frozen=True)
class EvidenceFigure:
    """A computed figure, or None with the reason it could not be computed."""

    value: int | None
    explanation: str


def evidence_figure(area_code: str, series: str, quarter: Quarter) -> EvidenceFigure:
    """Records of ``series`` (a police.uk crime type, or 'all crime' for every crime but ASB) in the area."""
    if not area_code:
        return EvidenceFigure(None, "The partnership has no area code, so its evidence cannot be found.")
    try:
        with open_store(read_only=True) as store:
            con = store.con
            area = resolve_area(con, area_code)
            lsoas = lsoas_in(con, area)
            known = {r[0].lower(): r[0] for r in con.execute("SELECT crime_type FROM police_uk_crime_types").fetchall()}
            wanted = series.strip().lower()
            if wanted != ALL_CRIME and wanted not in known:
                return EvidenceFigure(None, f"'{series}' is not a police.uk crime type, nor 'all crime'.")
            months = con.execute(
                "SELECT count(DISTINCT month) FROM police_uk_files WHERE kind = 'street' AND month BETWEEN ? AND ?",
                [quarter.starts, quarter.ends],
            ).fetchone()[0]
            if months < 3:
                return EvidenceFigure(None, f"The evidence store has {months} of the 3 months of {quarter.months}.")
            condition = "NOT t.is_asb" if wanted == ALL_CRIME else "s.crime_type = ?"
            parameters = [lsoas, quarter.starts, quarter.ends] + ([] if wanted == ALL_CRIME else [known[wanted]])
            count = con.execute(
                "SELECT count(*) FROM street_crimes s JOIN police_uk_crime_types t USING (crime_type) "
                "WHERE s.lsoa_code IN (SELECT unnest(?::VARCHAR[])) AND s.month BETWEEN ? AND ? AND " + condition,
                parameters,
            ).fetchone()[0]
    except CspkitError as error:
        return EvidenceFigure(None, str(error))
    label = "crimes (excluding anti-social behaviour)" if wanted == ALL_CRIME else f"records of {known[wanted]}"
    return EvidenceFigure(
        int(count), f"{count:,} {label} in {area.name}, {quarter.months} (police.uk street-level records)."
    )
