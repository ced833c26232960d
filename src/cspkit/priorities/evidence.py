"""The evidence behind each candidate priority, as the strategic assessment hands it over.

:class:`CandidateEvidence` is deliberately flat: the numbers an analyst would quote for one
candidate (volume, rate, change and its significance, harm-weighted volume, what the public
said). The templates' rules read these measures by name, so the automatic part of scoring is
visible in the template file rather than hidden in code.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from cspkit.errors import InputError

NUMERIC_MEASURES = (
    "count",
    "rate_per_1000",
    "change_pct",
    "harm_weighted_count",
    "harm_per_offence",
    "harm_per_1000",
    "public_expectation",
)
"""Measures a rule can band by value (``at_least``)."""

CATEGORY_MEASURES = ("change_verdict", "trend_verdict")
"""Measures a rule maps by verdict (``categories``)."""

MEASURE_LABELS = {
    "count": "count",
    "rate_per_1000": "rate per 1,000 residents",
    "change_pct": "change",
    "harm_weighted_count": "harm-weighted count",
    "harm_per_offence": "harm per offence",
    "harm_per_1000": "harm per 1,000 residents",
    "public_expectation": "share of survey respondents rating it 4 or 5",
    "change_verdict": "change",
    "trend_verdict": "trend",
}


@dataclass(frozen=True)
class CandidateEvidence:
    """What the assessment says about one candidate priority; any measure may be unknown (None).

    ``change_verdict`` is 'increase', 'decrease' or 'no significant change' (a tested change
    between two periods); ``trend_verdict`` is the assessment's wording for the longer trend.
    ``public_expectation`` is a share from 0 to 1 of survey respondents rating it 4 or 5.
    ``harm_weighted_count`` is the count weighted by a harm index named in ``harm_scheme_label``
    (e.g. 'Cambridge Crime Harm Index 2020, days of imprisonment').
    """

    name: str
    crime_types: tuple[str, ...] = ()
    count: int | None = None
    rate_per_1000: float | None = None
    change_pct: float | None = None
    change_verdict: str | None = None
    trend_verdict: str | None = None
    harm_weighted_count: float | None = None
    harm_scheme_label: str | None = None
    public_expectation: float | None = None
    notes: str = ""
    partner_measure: str = ""  # the partner indicator the figures come from, for a candidate police.uk cannot count

    @property
    def harm_per_offence(self) -> float | None:
        """Average harm of one offence: separates rare-but-grave from common-but-minor."""
        if self.harm_weighted_count is None or not self.count:
            return None
        return self.harm_weighted_count / self.count

    @property
    def harm_per_1000(self) -> float | None:
        """Harm-weighted rate per 1,000 residents (the population is implied by count and rate)."""
        if self.harm_weighted_count is None or not self.count or self.rate_per_1000 is None:
            return None
        return self.harm_weighted_count * self.rate_per_1000 / self.count

    def measure(self, name: str) -> float | str | None:
        return getattr(self, name)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["crime_types"] = list(self.crime_types)
        return data


_FIELDS = {f.name for f in fields(CandidateEvidence)}
_INTEGERS = {"count"}
_NUMBERS = {"rate_per_1000", "change_pct", "harm_weighted_count", "public_expectation"}


def evidence_from_record(record: dict[str, Any], *, source: str, line: int | None) -> CandidateEvidence:
    """Check one record (a CSV row or a JSON object) and build its :class:`CandidateEvidence`."""
    unknown = sorted(set(record) - _FIELDS)
    if unknown:
        raise InputError(source, f"unknown column '{unknown[0]}' (columns: {', '.join(sorted(_FIELDS))})", line)
    name = _blank_to_none(record.get("name"))
    if name is None:
        raise InputError(source, "a candidate has no name", line)
    values: dict[str, Any] = {"name": str(name).strip()}
    for key, raw in record.items():
        value = _blank_to_none(raw)
        if key == "name" or value is None:
            continue
        if key == "crime_types":
            items = value if isinstance(value, list) else str(value).split(";")
            values[key] = tuple(str(item).strip() for item in items if str(item).strip())
        elif key in _INTEGERS or key in _NUMBERS:
            values[key] = _as_number(value, key, integer=key in _INTEGERS, source=source, line=line, name=name)
        else:
            values[key] = str(value).strip()
            if key in ("change_verdict", "trend_verdict"):
                values[key] = values[key].casefold()
    share = values.get("public_expectation")
    if share is not None and not 0 <= share <= 1:
        raise InputError(source, f"{name}: public_expectation must be a share from 0 to 1 (e.g. 0.62), "
                                 f"not {share:g}", line)
    if values.get("count") is not None and values["count"] < 0:
        raise InputError(source, f"{name}: count cannot be negative", line)
    return CandidateEvidence(**values)


def read_evidence(path: str | Path) -> list[CandidateEvidence]:
    """Read evidence for candidates from a CSV (one row each) or a JSON list of objects.

    Columns are the fields of :class:`CandidateEvidence`; crime types are separated by ';';
    an empty cell means unknown. A misspelt column is an error, not silently dropped evidence.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if path.suffix.lower() == ".json":
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not valid JSON: {exc.msg}", exc.lineno) from None
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise InputError(path, "expected a list of objects, one per candidate")
        numbered = [(None, record) for record in records]
    else:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            if not reader.fieldnames or "name" not in reader.fieldnames:
                raise InputError(path, "no 'name' column: the first row must name the columns", 1)
            numbered = []
            for row in reader:
                if None in row:
                    raise InputError(path, "more cells than column names", reader.line_num)
                numbered.append((reader.line_num, row))
    evidence: list[CandidateEvidence] = []
    seen: dict[str, int | None] = {}
    for line, record in numbered:
        item = evidence_from_record(record, source=str(path), line=line)
        if item.name.casefold() in seen:
            raise InputError(path, f"'{item.name}' appears twice", line)
        seen[item.name.casefold()] = line
        evidence.append(item)
    return evidence


def _blank_to_none(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _as_number(value: Any, key: str, *, integer: bool, source: str, line: int | None, name: str) -> float | int:
    try:
        number = float(str(value).replace(",", "").rstrip("%")) if isinstance(value, str) else float(value)
    except ValueError:
        raise InputError(source, f"{name}: {key} '{value}' is not a number", line) from None
    if not math.isfinite(number):
        raise InputError(source, f"{name}: {key} '{value}' is not a number", line)
    if integer:
        if not number.is_integer():
            raise InputError(source, f"{name}: {key} '{value}' is not a whole number", line)
        return int(number)
    return number
