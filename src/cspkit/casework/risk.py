"""Risk assessment from a questionnaire a partnership edits in YAML: yes/no questions with scores,
summed and banded into standard, medium and high. A question may make the result high whatever
the total (e.g. thoughts of self-harm), and may mark the person as vulnerable.

Why yes/no and bands: the ASB risk assessment matrices councils and forces use (after the 2010
HMIC review of ASB call handling) are lists of yes/no questions with a score each and thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from cspkit.errors import InputError

DEFAULT_QUESTIONNAIRE = Path(str(files("cspkit.casework") / "risk_questionnaire.yaml"))


class RiskLevel(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    score: int
    high_if_yes: bool = False
    vulnerability: bool = False


@dataclass(frozen=True)
class Questionnaire:
    name: str
    questions: tuple[Question, ...]
    medium_from: int
    high_from: int


@dataclass(frozen=True)
class RiskResult:
    score: int
    level: RiskLevel
    vulnerable: bool
    reasons: tuple[str, ...]


def parse_questionnaire(data: Any, source: str | Path) -> Questionnaire:
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list) or not data["questions"]:
        raise InputError(source, "a questionnaire needs a name, bands and a list of questions")
    bands = data.get("bands") or {}
    medium, high = bands.get("medium"), bands.get("high")
    if not isinstance(medium, int) or not isinstance(high, int) or not 0 < medium < high:
        raise InputError(source, "bands.medium and bands.high must be whole numbers with medium below high")
    questions = []
    seen = set()
    for number, item in enumerate(data["questions"], start=1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("text"):
            raise InputError(source, f"question {number} needs an id and a text")
        if item["id"] in seen:
            raise InputError(source, f"question {number}: the id '{item['id']}' is used twice")
        seen.add(item["id"])
        score = item.get("score", 0)
        if not isinstance(score, int) or isinstance(score, bool) or score < 0:
            raise InputError(source, f"question '{item['id']}': score must be a whole number of 0 or more")
        questions.append(
            Question(
                str(item["id"]),
                str(item["text"]),
                score,
                bool(item.get("high_if_yes", False)),
                bool(item.get("vulnerability", False)),
            )
        )
    return Questionnaire(str(data.get("name", "Risk assessment")), tuple(questions), medium, high)


def read_questionnaire(path: str | Path | None = None) -> Questionnaire:
    source = Path(path) if path else DEFAULT_QUESTIONNAIRE
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(source, "file not found") from None
    except yaml.YAMLError:
        raise InputError(source, "not valid YAML") from None
    return parse_questionnaire(data, source)


def score(questionnaire: Questionnaire, answers: Mapping[str, bool], judgement: RiskLevel | None = None) -> RiskResult:
    """Total the scores of the questions answered yes and band the total.

    ``judgement`` is the assessor's professional view: it can raise the level, never lower it.
    Unknown question ids are refused so a changed questionnaire cannot silently drop answers.
    """
    known = {q.id for q in questionnaire.questions}
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"answers to questions not in the questionnaire: {', '.join(sorted(unknown))}")
    yes = [q for q in questionnaire.questions if answers.get(q.id)]
    total = sum(q.score for q in yes)
    level = (
        RiskLevel.HIGH
        if total >= questionnaire.high_from
        else RiskLevel.MEDIUM
        if total >= questionnaire.medium_from
        else RiskLevel.STANDARD
    )
    reasons = [f"score {total}"]
    if any(q.high_if_yes for q in yes):
        level = RiskLevel.HIGH
        reasons.append("a question that makes the risk high was answered yes")
    order = list(RiskLevel)
    if judgement is not None and order.index(judgement) > order.index(level):
        level = judgement
        reasons.append("raised by the assessor's professional judgement")
    return RiskResult(total, level, any(q.vulnerability for q in yes), tuple(reasons))
