"""The partnership's casework settings, read from YAML (the shipped ``defaults.yaml`` or a copy).

Values are checked against the law where it sets a limit (the ASB Case Review threshold may be no
higher than three complaints in six months), and every problem names the file and the setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from cspkit.errors import InputError

DEFAULTS = Path(str(files("cspkit.casework") / "defaults.yaml"))
RETENTION_ACTIONS = ("anonymise", "delete")


@dataclass(frozen=True)
class RepeatVictimRule:
    incidents: int = 3
    months: int = 3


@dataclass(frozen=True)
class ServiceLevels:
    acknowledge: int = 10
    threshold_decision: int = 15
    review_meeting: int = 20
    appeal_decision: int = 15


@dataclass(frozen=True)
class ThresholdRule:
    complaints: int = 3
    months: int = 6
    hate_incidents: int = 1
    complaint_within_months: int = 1
    application_within_months: int = 6
    service_levels: ServiceLevels = ServiceLevels()


@dataclass(frozen=True)
class RetentionRule:
    record_type: str
    years: int
    after: str
    action: str


@dataclass(frozen=True)
class CaseworkSettings:
    categories: tuple[str, ...]
    repeat_victim: RepeatVictimRule
    case_review: ThresholdRule
    smallest_shown: int
    retention: dict[str, RetentionRule]


def _whole(source: Path, where: str, value: Any, minimum: int = 0, maximum: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InputError(source, f"{where} must be a whole number of at least {minimum}, not {value!r}")
    if maximum is not None and value > maximum:
        raise InputError(source, f"{where} cannot be more than {maximum} (the law's limit), not {value}")
    return value


def parse_settings(data: Any, source: Path) -> CaseworkSettings:
    """Check and convert a settings mapping; ``source`` names the file in errors."""
    if not isinstance(data, dict):
        raise InputError(source, "expected settings (a mapping of names to values)")
    missing = {"categories", "repeat_victim", "case_review", "suppression", "retention"} - set(data)
    if missing:
        raise InputError(source, f"missing settings: {', '.join(sorted(missing))}")
    repeat = data["repeat_victim"] or {}
    review = data["case_review"] or {}
    levels = review.get("service_levels") or {}
    threshold = ThresholdRule(
        complaints=_whole(source, "case_review.complaints", review.get("complaints", 3), 1, 3),
        months=_whole(source, "case_review.months", review.get("months", 6), 1, 6),
        hate_incidents=_whole(source, "case_review.hate_incidents", review.get("hate_incidents", 1), 0, 3),
        complaint_within_months=_whole(
            source, "case_review.complaint_within_months", review.get("complaint_within_months", 1), 1
        ),
        application_within_months=_whole(
            source, "case_review.application_within_months", review.get("application_within_months", 6), 1
        ),
        service_levels=ServiceLevels(
            **{
                name: _whole(source, f"case_review.service_levels.{name}", levels.get(name, default), 1)
                for name, default in ServiceLevels().__dict__.items()
            }
        ),
    )
    retention = {}
    for record_type, rule in (data["retention"] or {}).items():
        where = f"retention.{record_type}"
        if not isinstance(rule, dict):
            raise InputError(source, f"{where} must give years, after and action")
        action = rule.get("action")
        if action not in RETENTION_ACTIONS:
            raise InputError(source, f"{where}.action must be anonymise or delete, not {action!r}")
        retention[record_type] = RetentionRule(
            record_type, _whole(source, f"{where}.years", rule.get("years"), 0), str(rule.get("after", "")), action
        )
    return CaseworkSettings(
        categories=tuple(str(c) for c in data["categories"] or ()),
        repeat_victim=RepeatVictimRule(
            _whole(source, "repeat_victim.incidents", repeat.get("incidents", 3), 2),
            _whole(source, "repeat_victim.months", repeat.get("months", 3), 1),
        ),
        case_review=threshold,
        smallest_shown=_whole(
            source, "suppression.smallest_shown", (data["suppression"] or {}).get("smallest_shown", 5), 1
        ),
        retention=retention,
    )


def read_settings(path: str | Path | None = None) -> CaseworkSettings:
    """The settings in ``path``, or the shipped defaults."""
    source = Path(path) if path else DEFAULTS
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(source, "file not found") from None
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise InputError(source, "not valid YAML", None if line is None else line + 1) from None
    return parse_settings(data, source)


@lru_cache(maxsize=1)
def default_settings() -> CaseworkSettings:
    return read_settings()
