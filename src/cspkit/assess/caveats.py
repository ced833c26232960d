"""Data-quality caveats carried from the store into the assessment (placeholder until wired)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from cspkit.assess.period import Period


@dataclass(frozen=True)
class QualityFlag:
    kind: str
    force: str
    month: date | None
    message: str
    affects_counts: bool


@dataclass(frozen=True)
class DataQuality:
    flags: tuple[QualityFlag, ...]

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([vars(f) for f in self.flags], columns=["kind", "force", "month", "message", "affects_counts"])

    def caveats(self, period: Period) -> list[str]:
        return [f.message for f in self.flags]


def data_quality(con: duckdb.DuckDBPyConnection, forces: list[str], window: Period) -> DataQuality:
    return DataQuality(())
