"""Risk scoring from the editable questionnaire and the repeat-victim rule."""

from datetime import date
from pathlib import Path

import pytest

from cspkit.casework.risk import RiskLevel, read_questionnaire, score
from cspkit.casework.settings import RepeatVictimRule
from cspkit.casework.victims import Reported, repeat_victim
from cspkit.errors import InputError

QUESTIONS = """
name: Test
bands: {medium: 5, high: 10}
questions:
  - {id: a, text: "A?", score: 4}
  - {id: b, text: "B?", score: 1}
  - {id: c, text: "C?", score: 5}
  - {id: d, text: "D?", score: 0, high_if_yes: true, vulnerability: true}
"""


@pytest.fixture
def questionnaire(tmp_path: Path):
    path = tmp_path / "risk.yaml"
    path.write_text(QUESTIONS)
    return read_questionnaire(path)


def test_totals_are_banded_at_the_thresholds(questionnaire):
    assert score(questionnaire, {"a": True}).level is RiskLevel.STANDARD
    assert score(questionnaire, {"a": True, "b": True}).level is RiskLevel.MEDIUM
    assert score(questionnaire, {"a": True, "b": True, "c": True}).level is RiskLevel.HIGH
    assert score(questionnaire, {"a": True, "b": True, "c": True}).score == 10


def test_a_high_if_yes_answer_makes_the_risk_high_and_the_person_vulnerable(questionnaire):
    result = score(questionnaire, {"d": True})
    assert result.level is RiskLevel.HIGH and result.vulnerable and result.score == 0


def test_judgement_raises_but_never_lowers(questionnaire):
    assert score(questionnaire, {}, judgement=RiskLevel.MEDIUM).level is RiskLevel.MEDIUM
    assert score(questionnaire, {"a": True, "c": True, "b": True}, RiskLevel.STANDARD).level is RiskLevel.HIGH


def test_answers_to_unknown_questions_are_refused(questionnaire):
    with pytest.raises(ValueError, match="zz"):
        score(questionnaire, {"zz": True})


def test_a_questionnaire_with_bands_in_the_wrong_order_is_refused_naming_the_file(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(QUESTIONS.replace("medium: 5, high: 10", "medium: 10, high: 5"))
    with pytest.raises(InputError, match=r"bad\.yaml: bands"):
        read_questionnaire(path)


def test_the_shipped_questionnaire_reads_and_every_yes_is_high():
    shipped = read_questionnaire()
    assert score(shipped, {q.id: True for q in shipped.questions}).level is RiskLevel.HIGH
    assert score(shipped, {}).level is RiskLevel.STANDARD


def test_three_similar_incidents_within_three_months_make_a_repeat_victim():
    noise = [Reported(date(2026, 1, 10), "Noise"), Reported(date(2026, 2, 1), "noise")]
    assert not repeat_victim(noise)
    assert repeat_victim([*noise, Reported(date(2026, 4, 10), "Noise")])  # 10 Jan + 3 months, inclusive
    assert not repeat_victim([*noise, Reported(date(2026, 4, 11), "Noise")])
    assert not repeat_victim([*noise, Reported(date(2026, 2, 2), "Vehicle nuisance")])


def test_the_repeat_rule_is_configurable():
    two = [Reported(date(2026, 1, 10), "Noise"), Reported(date(2026, 6, 1), "Noise")]
    assert repeat_victim(two, RepeatVictimRule(incidents=2, months=6))
    assert not repeat_victim(two, RepeatVictimRule(incidents=2, months=4))
