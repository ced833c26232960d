"""Writing the demo's police.uk archive: a street file and an outcomes file for every month.

An outcomes file lists the outcomes *reached* in its month, for crimes of that month or
earlier, carrying the crime's ID and location. Each settled crime gets one record, a few
months after it was reported (never after the archive's last month); crimes still under
investigation or with no status update have none. 'Awaiting court outcome' in a street file
appears in the outcomes file as the charge ('Suspect charged'). As in real archives, the
first outcomes files also hold outcomes of crimes reported before the archive begins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from cspkit.demo import crime_types, outcomes
from cspkit.demo.crimes import MONTHS, SHORT_MONTHS, PointTable, StreetCrimes
from cspkit.demo.geography import FORCE_NAME, FORCE_SLUG
from cspkit.demo.police_uk_format import (
    OUTCOME_COLUMNS,
    STREET_COLUMNS,
    crime_ids,
    month_labels,
    outcomes_file_name,
    street_file_name,
    write_police_csv,
)

_NO_RECORD = {"", outcomes.UNDER_INVESTIGATION, outcomes.STATUS_UNAVAILABLE}
_OUTCOME_TYPE = {outcomes.AWAITING_COURT: "Suspect charged"}
OUTCOME_TYPES: tuple[str, ...] = tuple(
    _OUTCOME_TYPE.get(category, category) for category in outcomes.CATEGORIES if category not in _NO_RECORD
)
_OUTCOME_TYPE_OF_CATEGORY = np.array(
    [OUTCOME_TYPES.index(_OUTCOME_TYPE.get(c, c)) if c not in _NO_RECORD else -1 for c in outcomes.CATEGORIES]
)


def _columns(month: str, ids: pa.Array, points: PointTable, point: np.ndarray) -> dict[str, pa.Array]:
    force = pa.repeat(pa.scalar(FORCE_NAME), len(point))
    where = pa.array(point)
    return {
        "Crime ID": ids,
        "Month": pa.repeat(pa.scalar(month), len(point)),
        "Reported by": force,
        "Falls within": force,
        **{name: values.take(where) for name, values in points.columns.items()},
    }


def write_street_files(folder: Path, crimes: StreetCrimes, points: PointTable, first_month: str) -> list[Path]:
    """``folder/YYYY-MM/YYYY-MM-mercia-vale-street.csv`` for every month."""
    written = []
    names, categories = pa.array(crime_types.NAMES), pa.array(outcomes.CATEGORIES)
    for m, month in enumerate(month_labels(first_month, MONTHS)):
        rows = np.flatnonzero(crimes.month == m)
        columns = _columns(month, crimes.crime_id.take(pa.array(rows)), points, crimes.point[rows])
        columns |= {
            "Crime type": names.take(pa.array(crimes.crime_type[rows])),
            "Last outcome category": categories.take(pa.array(crimes.outcome[rows])),
            "Context": pa.repeat(pa.scalar(""), len(rows)),
        }
        path = folder / street_file_name(month, FORCE_SLUG)
        write_police_csv(path, columns, STREET_COLUMNS)
        written.append(path)
    return written


OUTCOME_DELAY = 0.45  # chance an open case is settled in any given month (so most settle within 3 months)
EARLIER_MONTHS = 12  # outcomes reached in the archive for crimes reported this long before it


def settle_delays(rng: np.random.Generator, most: np.ndarray) -> np.ndarray:
    """Months from report to outcome: geometric, but never more than ``most`` months.

    Drawn by inverse CDF from the geometric distribution truncated at ``most``, so outcomes do
    not pile up in the archive's last month.
    """
    keep = 1.0 - OUTCOME_DELAY
    reach = rng.random(len(most)) * (1.0 - keep ** (np.asarray(most) + 1.0))
    return np.minimum(np.floor(np.log1p(-reach) / np.log(keep)).astype(int), most)


@dataclass(frozen=True)
class OutcomeRecords:
    """Outcome-file rows: the month an outcome was reached, the crime it belongs to, its type."""

    month: np.ndarray
    crime_id: pa.Array
    point: np.ndarray
    outcome_type: np.ndarray  # index into OUTCOME_TYPES


def outcome_records(crimes: StreetCrimes, seed: int) -> OutcomeRecords:
    """One record per settled crime, plus records for crimes reported before the archive begins.

    Without the earlier crimes the first outcomes files would hold only a fraction of the
    usual volume; in real archives they are full because outcomes keep arriving for older
    crimes. Those earlier crimes are copies (new IDs, same places and types) of the crimes of
    the first full year, moved back fifteen months.
    """
    rng = np.random.default_rng([seed, 60])
    settled = np.flatnonzero(_OUTCOME_TYPE_OF_CATEGORY[crimes.outcome] >= 0)
    reached = crimes.month[settled] + settle_delays(rng, MONTHS - 1 - crimes.month[settled])

    shift = EARLIER_MONTHS + SHORT_MONTHS
    copies = np.flatnonzero(
        (crimes.month >= SHORT_MONTHS) & (crimes.month < shift) & (crimes.crime_type != crime_types.ASB_INDEX)
    )
    earlier_type = crimes.crime_type[copies]
    earlier_outcome = outcomes.last_outcome_categories(rng, earlier_type, age_months=MONTHS + EARLIER_MONTHS)
    earlier_reached = crimes.month[copies] - shift + rng.geometric(OUTCOME_DELAY, len(copies)) - 1
    keep = (_OUTCOME_TYPE_OF_CATEGORY[earlier_outcome] >= 0) & (earlier_reached >= 0)
    earlier_ids = crime_ids(rng, keep)

    return OutcomeRecords(
        month=np.concatenate([reached, earlier_reached[keep]]),
        crime_id=pa.concat_arrays([crimes.crime_id.take(pa.array(settled)), earlier_ids.filter(pa.array(keep))]),
        point=np.concatenate([crimes.point[settled], crimes.point[copies][keep]]),
        outcome_type=np.concatenate(
            [_OUTCOME_TYPE_OF_CATEGORY[crimes.outcome[settled]], _OUTCOME_TYPE_OF_CATEGORY[earlier_outcome[keep]]]
        ),
    )


def write_outcome_files(
    folder: Path, crimes: StreetCrimes, points: PointTable, first_month: str, seed: int
) -> list[Path]:
    """``folder/YYYY-MM/YYYY-MM-mercia-vale-outcomes.csv`` for every month, ordered by LSOA name."""
    records = outcome_records(crimes, seed)
    types = pa.array(OUTCOME_TYPES)
    written = []
    for m, month in enumerate(month_labels(first_month, MONTHS)):
        rows = np.flatnonzero(records.month == m)
        rows = rows[np.argsort(points.lsoa_sort_key[records.point[rows]], kind="stable")]
        columns = _columns(month, records.crime_id.take(pa.array(rows)), points, records.point[rows])
        columns["Outcome type"] = types.take(pa.array(records.outcome_type[rows]))
        path = folder / outcomes_file_name(month, FORCE_SLUG)
        write_police_csv(path, columns, OUTCOME_COLUMNS)
        written.append(path)
    return written
