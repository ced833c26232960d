"""The Assessment: a frozen, versioned snapshot of an area's strategic assessment tables.

It is saved with the checksums of every file it drew on, its parameters and the cspkit version,
so a figure in a report can be traced back to the records behind it and reproduced later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from cspkit import __version__
from cspkit.assess.areas import Area
from cspkit.assess.period import Period, parse_period

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Statement:
    """One plain-English finding, keyed by the report section it belongs in."""

    section: str
    key: str
    text: str


@dataclass(frozen=True)
class Assessment:
    """An area's assessment for a period. ``tables`` maps a table name to a DataFrame (see TABLES)."""

    area: Area
    period: Period
    parameters: dict[str, Any]
    tables: MappingProxyType
    statements: tuple[Statement, ...]
    caveats: tuple[str, ...]
    inputs: tuple[dict[str, Any], ...]
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    cspkit_version: str = __version__

    def table(self, name: str) -> pd.DataFrame:
        """A copy of one table, so callers cannot change the snapshot."""
        return self.tables[name].copy()

    def statements_for(self, section: str) -> list[str]:
        return [s.text for s in self.statements if s.section == section]

    @property
    def identifier(self) -> str:
        return f"{self.area.code}_{self.period.start:%Y%m}-{self.period.end:%Y%m}"

    def manifest(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "area": {"code": self.area.code, "name": self.area.name, "level": self.area.level},
            "period": str(self.period),
            "parameters": self.parameters,
            "created_at": self.created_at,
            "cspkit_version": self.cspkit_version,
            "inputs": list(self.inputs),
            "caveats": list(self.caveats),
            "statements": [s.__dict__ for s in self.statements],
            "tables": sorted(self.tables),
        }

    def to_json(self) -> str:
        """The whole assessment as JSON: manifest plus every table as a list of records."""
        document = self.manifest()
        document["tables"] = {name: _records(frame) for name, frame in sorted(self.tables.items())}
        return json.dumps(document, indent=2, default=str)

    def save(self, folder: Path) -> Path:
        """Write ``manifest.json`` and one Parquet file per table under ``folder/<identifier>``."""
        target = Path(folder) / self.identifier
        target.mkdir(parents=True, exist_ok=True)
        for name, frame in self.tables.items():
            frame.to_parquet(target / f"{name}.parquet", index=False)
        (target / "manifest.json").write_text(json.dumps(self.manifest(), indent=2, default=str), encoding="utf-8")
        return target


def load_assessment(folder: Path) -> Assessment:
    """Read an Assessment written by :meth:`Assessment.save`."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in manifest["tables"]}
    area = manifest["area"]
    return Assessment(
        area=Area(area["code"], area["name"], area["level"]),
        period=parse_period(manifest["period"]),
        parameters=manifest["parameters"],
        tables=MappingProxyType(tables),
        statements=tuple(Statement(**s) for s in manifest["statements"]),
        caveats=tuple(manifest["caveats"]),
        inputs=tuple(manifest["inputs"]),
        created_at=manifest["created_at"],
        cspkit_version=manifest["cspkit_version"],
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(frame.to_json(orient="records", date_format="iso"))
