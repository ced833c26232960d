"""Crime and ASB in some places of an area before and during something done there (a commissioned
project, a PSPO), against the rest of the area over the same months.

"Before" is the same months one year earlier, so the seasons cancel; the comparison is the ratio
of rate ratios (``cspkit.stats.relative_change``). The result is an association, not proof of
effect, and the sentence built from it says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import duckdb

from cspkit.assess.areas import Area, lsoas_in, resolve_area
from cspkit.errors import CspkitError
from cspkit.stats.relative_change import RelativeChange, ratio_of_rate_ratios

_CODE = re.compile(r"^[EWSN]\d{8}\b")
MEASURES = (("All crime", "NOT t.is_asb"), ("Anti-social behaviour", "t.is_asb"))


@dataclass(frozen=True)
class PlaceChange:
    measure: str
    place_before: int
    place_during: int
    rest_before: int
    rest_during: int
    comparison: RelativeChange | None

    def sentence(self, places: str, months: str) -> str:
        change = _pct(self.place_before, self.place_during)
        rest = _pct(self.rest_before, self.rest_during)
        text = (
            f"{self.measure} in {places}: {self.place_during:,} in {months} against {self.place_before:,} a year "
            f"earlier ({change}); in the rest of the area {rest}."
        )
        if self.comparison is None:
            return text + " Too few records to compare."
        c = self.comparison
        verdict = {
            "fell more than elsewhere": "a fall larger than elsewhere, beyond what chance alone would produce",
            "rose more than elsewhere": "a rise larger than elsewhere, beyond what chance alone would produce",
            "no significant difference": "no difference from the rest of the area beyond what chance would produce",
        }[c.verdict]
        return text + f" That is {verdict}. This is an association, not proof that the work caused it."


def _pct(before: int, during: int) -> str:
    if before == 0:
        return "no records a year earlier"
    change = (during - before) / before
    return f"{'up' if change > 0 else 'down'} {abs(change):.0%}" if change else "no change"


def resolve_places(con: duckdb.DuckDBPyConnection, lines: list[str]) -> tuple[list[Area], list[str]]:
    """Wards or LSOAs named or coded one per line; returns those found and the lines not understood."""
    found, unknown = [], []
    for line in lines:
        match = _CODE.match(line.strip())
        try:
            found.append(resolve_area(con, match.group(0) if match else line.strip()))
        except CspkitError:
            unknown.append(line)
    return found, unknown


def place_change(
    con: duckdb.DuckDBPyConnection, area: Area, places: list[Area], first_month: date, last_month: date
) -> list[PlaceChange]:
    """Counts in the places and in the rest of ``area``, during ``first_month``..``last_month`` and the
    same months a year earlier, for all crime and for ASB. Raises if the earlier months are not loaded."""
    area_lsoas = set(lsoas_in(con, area))
    place_lsoas = {code for place in places for code in lsoas_in(con, place)} & area_lsoas
    if not place_lsoas:
        raise CspkitError("none of the project's places lies inside the partnership's area")
    before_first = first_month.replace(year=first_month.year - 1)
    before_last = last_month.replace(year=last_month.year - 1)
    loaded = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT month FROM police_uk_files WHERE kind = 'street' AND month BETWEEN ? AND ?",
            [before_first, last_month],
        ).fetchall()
    }
    months = _months(before_first, before_last) + _months(first_month, last_month)
    missing = [m for m in months if m not in loaded]
    if missing:
        raise CspkitError(
            f"the evidence store has no police.uk street file for {missing[0]:%B %Y}"
            + (f" and {len(missing) - 1} other months" if len(missing) > 1 else "")
        )
    results = []
    for measure, condition in MEASURES:
        rows = con.execute(
            f"""
            SELECT s.lsoa_code IN (SELECT unnest(?::VARCHAR[])) AS in_place, s.month >= ? AS during, count(*)
            FROM street_crimes s JOIN police_uk_crime_types t USING (crime_type)
            WHERE s.lsoa_code IN (SELECT unnest(?::VARCHAR[])) AND {condition}
              AND ((s.month BETWEEN ? AND ?) OR (s.month BETWEEN ? AND ?))
            GROUP BY 1, 2
            """,
            [sorted(place_lsoas), first_month, sorted(area_lsoas), before_first, before_last, first_month, last_month],
        ).fetchall()
        counts = {(bool(p), bool(d)): n for p, d, n in rows}
        pb, pd_, rb, rd = (counts.get(k, 0) for k in ((True, False), (True, True), (False, False), (False, True)))
        results.append(PlaceChange(measure, pb, pd_, rb, rd, ratio_of_rate_ratios(pb, pd_, rb, rd)))
    return results


def _months(first: date, last: date) -> list[date]:
    found, month = [], first
    while month <= last:
        found.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return found
