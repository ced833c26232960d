"""Data-quality caveats carried from the store's checks into an assessment.

Months whose police.uk files are far smaller or larger than the force's usual level are marked
as affecting counts: the assessment leaves them out of trends and says so in its statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from cspkit.assess.period import Period
from cspkit.assess.words import plural
from cspkit.store.quality import assess_quality

COUNT_FLAGS = ("low volume", "high volume", "missing month")


@dataclass(frozen=True)
class QualityFlag:
    kind: str
    force: str
    month: date | None
    message: str
    affects_counts: bool


@dataclass(frozen=True)
class DataQuality:
    """The store's flags for the forces and months an assessment draws on."""

    flags: tuple[QualityFlag, ...]
    notes: tuple[str, ...] = ()

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([vars(f) for f in self.flags],
                            columns=["kind", "force", "month", "message", "affects_counts"])

    def caveats(self, period: Period) -> list[str]:
        """Sentences for the report: flags inside the period first, then the rest of the window."""
        inside = [f for f in self.flags if f.month is None or period.start <= f.month <= period.end]
        before = [f for f in self.flags if f not in inside]
        found = [f"{f.force.replace('-', ' ').title()}: {f.message}." for f in inside]
        if before:
            months = sorted({f.month for f in before if f.month is not None})
            named = ", ".join(f"{m:%B %Y}" for m in months)
            counted = any(f.affects_counts for f in before)
            found.append(f"The checks also flagged {plural(len(months), 'month')} before the period ({named}), "
                         "which the trends and control charts draw on"
                         + ("; those months are left out of the trends" if counted else "")
                         + ". Every flag is listed with the data-quality checks.")
        return found + list(self.notes)


def data_quality(con: duckdb.DuckDBPyConnection, forces: list[str], window: Period) -> DataQuality:
    """Flags on the street files of ``forces`` for months in ``window`` (and whole-file flags)."""
    report = assess_quality(con)
    flags = []
    for flag in report.flags:
        if flag.force not in forces or flag.kind != "street":
            continue
        if flag.month is not None and not window.start <= flag.month <= window.end:
            continue
        flags.append(QualityFlag(flag.flag, flag.force, flag.month, flag.message,
                                 flag.flag in COUNT_FLAGS and flag.month is not None))
    return DataQuality(tuple(flags), tuple(report.notes))
