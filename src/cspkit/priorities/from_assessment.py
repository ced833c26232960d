"""Evidence for each candidate priority, taken from a strategic Assessment.

A candidate may span several police.uk crime types (e.g. theft); its count is their sum, its
change is tested again on the summed counts (a sum of significant parts need not be
significant), and its trend is refitted on the summed monthly series with the flagged months
left out, exactly as the assessment does for single types.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cspkit.assess.assessment import Assessment
from cspkit.assess.series import trend_table
from cspkit.priorities.candidates import Candidate
from cspkit.priorities.evidence import CandidateEvidence
from cspkit.stats.change import poisson_change

#: The comparison used for "change", in order of preference: a like-for-like year-on-year first.
PREFERRED_WINDOWS = ("same period a year earlier", "financial year", "previous period", "financial year to date")


def evidence_from_assessment(assessment: Assessment, candidates: list[Candidate],
                             harm_by_type: dict[str, float] | None = None,
                             harm_label: str | None = None) -> list[CandidateEvidence]:
    """One CandidateEvidence per candidate; candidates with no police.uk types get an empty record.

    ``harm_by_type`` gives the average harm of one offence of each police.uk crime type (e.g.
    Cambridge Crime Harm Index days), used for the harm-weighted count.
    """
    rates = assessment.table("rates")
    area = rates[rates["comparator_kind"] == "area"].set_index("crime_group")
    population = float(area["population"].dropna().iloc[0]) if area["population"].notna().any() else None
    counts = ("count_earlier", "count_current")
    change = _columns(assessment.table("change"), ("crime_group", "comparison", "available", *counts), counts)
    monthly = _columns(assessment.table("monthly"), ("crime_group", "month", "count", "flagged"))
    partners = assessment.tables.get("partner_indicators", pd.DataFrame())
    found = []
    for candidate in candidates:
        types = [t for t in candidate.crime_types if t in area.index]
        if not types:
            found.append(_from_partners(candidate, partners, assessment.area.name))
            continue
        count = int(area.loc[types, "count"].sum())
        pct, verdict, window = _change(change, types)
        harm = None
        if harm_by_type and all(t in harm_by_type for t in types):
            harm = float(sum(area.loc[t, "count"] * harm_by_type[t] for t in types))
        found.append(CandidateEvidence(
            name=candidate.name,
            crime_types=tuple(types),
            count=count,
            rate_per_1000=count / population * 1000 if population else None,
            change_pct=pct,
            change_verdict=verdict,
            trend_verdict=_trend(monthly, types),
            harm_weighted_count=harm,
            harm_scheme_label=harm_label if harm is not None else None,
            notes=f"{assessment.area.name}, {assessment.period.label()}" + (f"; change: {window}" if window else ""),
        ))
    return found


def _from_partners(candidate: Candidate, partners: pd.DataFrame, area: str) -> CandidateEvidence:
    """Evidence from the first of the candidate's partner measures the assessment holds, if any.

    A count gives the count, rate and change; a proportion (e.g. completions out of those in
    treatment) is not a volume, so it gives only the direction of change.
    """
    wanted = {_normal(m): m for m in candidate.measures}
    held = {_normal(str(m)): i for i, m in enumerate(partners.get("measure", []))}
    key = next((k for k in wanted if k in held), None)
    if key is None:
        hint = f" (none of {', '.join(candidate.measures)} is loaded)" if candidate.measures else ""
        return CandidateEvidence(candidate.name, candidate.crime_types,
                                 notes=f"no police.uk crime type: evidence must come from partners{hint}")
    row = partners.iloc[held[key]]
    months = f"{row['start']:%B %Y} to {row['end']:%B %Y}"
    notes = f"{area}: {row['measure']} ({row['source'] or 'partner records'}), {months}"
    verdict = row["change_verdict"] or None
    if row["kind"] == "proportion":
        return CandidateEvidence(candidate.name, (), change_verdict=verdict, notes=notes,
                                 partner_measure=str(row["measure"]))
    pct = float(row["change_pct"]) if pd.notna(row["change_pct"]) else None
    return CandidateEvidence(
        candidate.name, (), count=int(row["value"]),
        rate_per_1000=float(row["rate"]) if pd.notna(row["rate"]) else None,
        change_pct=pct, change_verdict=verdict,
        notes=notes + ("; change: same months a year earlier" if verdict else ""),
        partner_measure=str(row["measure"]))


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


def _columns(table: pd.DataFrame, names: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """The columns each candidate's evidence is picked from, as arrays taken once: selecting rows
    from the tables with pandas for each candidate took most of the time of ranking them.

    An empty table may have no columns; an ``optional`` one missing is all NaN (the change table
    has no counts when none of its comparisons has all its months loaded).
    """
    if table.empty:
        return {name: np.empty(0) for name in names}
    missing = np.full(len(table), np.nan)
    return {name: missing if name in optional and name not in table.columns else table[name].to_numpy()
            for name in names}


def _change(change: dict[str, np.ndarray], types: list[str]) -> tuple[float | None, str | None, str | None]:
    if not len(change["crime_group"]):
        return None, None, None
    usable = np.isin(change["crime_group"], types) & np.equal(change["available"], True)  # a gap is not available
    for window in PREFERRED_WINDOWS:
        rows = usable & (change["comparison"] == window)
        if rows.sum() != len(types):
            continue
        before = float(np.nansum(change["count_earlier"][rows].astype(float)))
        after = float(np.nansum(change["count_current"][rows].astype(float)))
        if before + after == 0:
            return None, "no significant change", window
        tested = poisson_change(before, after)
        pct = tested.percent_change if np.isfinite(tested.percent_change) else None
        return pct, tested.verdict, window
    return None, None, None


def _trend(monthly: dict[str, np.ndarray], types: list[str]) -> str | None:
    """The verdict of the assessment's trend fit (and its minimum length) on the summed months."""
    rows = np.isin(monthly["crime_group"], types)
    flagged = monthly["flagged"][rows].astype(bool)
    if flagged.all():  # no month left to fit (or none at all)
        return None
    months, month_of_row = np.unique(monthly["month"][rows], return_inverse=True)
    summed = pd.DataFrame({
        "crime_group": "candidate",
        "month": months,
        "count": np.bincount(month_of_row, weights=np.nan_to_num(monthly["count"][rows].astype(float)),
                             minlength=len(months)),  # a month with no count adds nothing, as a pandas sum
    })
    any_flagged = np.bincount(month_of_row, weights=flagged, minlength=len(months)) > 0
    table = trend_table(summed, set(summed.loc[any_flagged, "month"]))
    return str(table["verdict"].iloc[0])
