"""Scores follow the template's arithmetic; the order, its sensitivity and its reasons follow the scores."""

from __future__ import annotations

import pytest

from cspkit.priorities.evidence import CandidateEvidence
from cspkit.priorities.ranking import combine, rank_scores, score_candidates
from cspkit.priorities.scores import ScoreEntry
from cspkit.priorities.template import parse_template

# Two groups multiplied: severity (one dimension, scored by people) and likelihood (rate).
GRID = parse_template("""\
name: grid
scales:
  four:
    - {level: 1, label: One, value: 1}
    - {level: 2, label: Two, value: 2}
    - {level: 3, label: Three, value: 3}
    - {level: 4, label: Four, value: 4}
dimensions:
  severity:
    scale: four
  likelihood:
    scale: four
    evidence:
      measure: rate_per_1000
      at_least: {4: 15, 3: 5, 2: 1, 1: 0}
      confidence: medium
groups:
  - {key: severity, combine: sum, dimensions: [severity]}
  - {key: likelihood, combine: sum, dimensions: [likelihood]}
combine: product
bands:
  - {at_least: 1, label: Low}
  - {at_least: 8, label: High}
""")


def _scores(levels: dict[str, int], scorer="Asha", confidence=None):
    return [ScoreEntry(scorer, name, "severity", level, confidence) for name, level in levels.items()]


def test_sum_mean_and_product_weight_their_parts_as_documented():
    assert combine([1, 2, 3], [1, 1, 2], "sum") == 1 + 2 + 6
    assert combine([1, 2, 3], [1, 1, 2], "mean") == pytest.approx(9 / 4)
    assert combine([2, 3], [1, 2], "product") == 2 * 3**2
    assert combine([2, 3], [0.8, 1], "product") == pytest.approx(2**0.8 * 3)


def test_equal_scores_share_a_rank_and_the_next_rank_is_skipped():
    assert rank_scores({"a": 6.0, "b": 6.0, "c": 9.0, "d": 1.0, "e": None}) == {"c": 1, "a": 2, "b": 2, "d": 4}


def test_each_score_is_severity_times_the_likelihood_set_from_the_rate():
    evidence = [CandidateEvidence("Violence", rate_per_1000=33.7), CandidateEvidence("Burglary", rate_per_1000=2.65),
                CandidateEvidence("Robbery", rate_per_1000=0.63)]
    ranking = score_candidates(GRID, evidence, _scores({"Violence": 3, "Burglary": 3, "Robbery": 4}))
    by_name = {c.name: c for c in ranking.candidates}
    assert {n: c.score for n, c in by_name.items()} == {"Violence": 3 * 4, "Burglary": 3 * 2, "Robbery": 4 * 1}
    assert [c.name for c in ranking.candidates] == ["Violence", "Burglary", "Robbery"]
    assert by_name["Violence"].band == "High" and by_name["Burglary"].band == "Low"
    likelihood = next(d for d in by_name["Burglary"].dimensions if d.key == "likelihood")
    assert (likelihood.level, likelihood.source, likelihood.confidence) == (2, "evidence", "medium")


def test_people_scoring_a_dimension_replace_what_the_evidence_suggests():
    evidence = [CandidateEvidence("Drugs", rate_per_1000=1.54)]
    entries = [*_scores({"Drugs": 2}), ScoreEntry("Asha", "Drugs", "likelihood", 4, "low")]
    drugs = score_candidates(GRID, evidence, entries).candidates[0]
    likelihood = next(d for d in drugs.dimensions if d.key == "likelihood")
    assert (likelihood.level, likelihood.source, likelihood.evidence.level) == (4, "scorers", 2)
    assert drugs.score == 2 * 4
    assert drugs.confidence == "low"


def test_a_candidate_missing_a_level_is_listed_last_unranked_with_what_is_missing():
    evidence = [CandidateEvidence("Domestic abuse"), CandidateEvidence("Burglary", rate_per_1000=2.65)]
    ranking = score_candidates(GRID, evidence, _scores({"Domestic abuse": 4, "Burglary": 3}))
    assert [(c.name, c.rank) for c in ranking.candidates] == [("Burglary", 1), ("Domestic abuse", None)]
    abuse = ranking.candidates[1]
    assert abuse.missing == ("likelihood",)
    assert abuse.explanation.startswith(
        "It has no score yet for likelihood (no evidence of the rate per 1,000 residents), so it cannot be ranked.")


def test_raising_one_score_moves_a_candidate_up_exactly_as_the_arithmetic_says():
    evidence = [CandidateEvidence("A", rate_per_1000=20), CandidateEvidence("B", rate_per_1000=6),
                CandidateEvidence("C", rate_per_1000=2)]
    before = score_candidates(GRID, evidence, _scores({"A": 1, "B": 2, "C": 3}))
    assert [(c.name, c.rank, c.score) for c in before.ranked] == [("B", 1, 6), ("C", 1, 6), ("A", 3, 4)]
    after = score_candidates(GRID, evidence, _scores({"A": 2, "B": 2, "C": 3}))  # A: 2 x 4 = 8 > 6
    assert [(c.name, c.rank, c.score) for c in after.ranked] == [("A", 1, 8), ("B", 2, 6), ("C", 2, 6)]


def test_a_heavier_weight_moves_the_order_as_the_weighted_product_says():
    evidence = [CandidateEvidence("Frequent", rate_per_1000=20), CandidateEvidence("Severe", rate_per_1000=2)]
    entries = _scores({"Frequent": 2, "Severe": 4})  # 2 x 4 = 8 against 4 x 2 = 8: level
    level = score_candidates(GRID, evidence, entries)
    assert [c.rank for c in level.ranked] == [1, 1]
    heavier = GRID.with_weight("group severity", 1.5)  # 2**1.5 * 4 = 11.3 against 4**1.5 * 2 = 16
    moved = score_candidates(heavier, evidence, entries)
    assert [c.name for c in moved.ranked] == ["Severe", "Frequent"]
    assert moved.ranked[0].score == pytest.approx(4**1.5 * 2)
    assert moved.ranked[1].score == pytest.approx(2**1.5 * 4)


def test_the_sensitivity_check_reports_which_weight_changes_the_order():
    evidence = [CandidateEvidence("Frequent", rate_per_1000=20), CandidateEvidence("Severe", rate_per_1000=2),
                CandidateEvidence("Rare", rate_per_1000=0.5)]
    ranking = score_candidates(GRID, evidence, _scores({"Frequent": 2, "Severe": 3, "Rare": 1}))
    # Frequent 2 x 4 = 8, Severe 3 x 2 = 6, Rare 1 x 1 = 1. With severity^1.2: 2^1.2*4 = 9.19 and
    # 3^1.2*2 = 7.47, no change; with likelihood^0.8: 2*4^0.8 = 6.06 and 3*2^0.8 = 5.22, no change.
    assert ranking.sensitivity.stable
    assert all(c.rank_range == (c.rank, c.rank) for c in ranking.ranked)
    assert "Its place holds if any one weight moves by 20%." in ranking.ranked[0].explanation

    close = score_candidates(GRID, evidence, _scores({"Frequent": 2, "Severe": 4, "Rare": 1}))
    # Frequent 2 x 4 = 8 and Severe 4 x 2 = 8 tie; severity +20%: 2^1.2*4 = 9.19 < 4^1.2*2 = 10.56.
    change = next(c for c in close.sensitivity.changes if c.target == "group severity" and c.factor > 1)
    assert change.moves == (("Frequent", 1, 2),)
    assert not close.sensitivity.stable
    frequent = next(c for c in close.ranked if c.name == "Frequent")
    assert frequent.rank_range == (1, 2)
    assert "moves between 1 and 2 if one weight moves by 20%" in frequent.explanation


def test_the_explanation_gives_the_drivers_the_gap_and_the_disagreements():
    evidence = [CandidateEvidence(n, rate_per_1000=r) for n, r in (("A", 20), ("B", 6), ("C", 2))]
    entries = [*_scores({"A": 3, "B": 2, "C": 1}, "Asha", "high"), *_scores({"A": 1, "B": 2, "C": 1}, "Ben", "low")]
    ranking = score_candidates(GRID, evidence, entries)
    a = ranking.ranked[0]
    # A: median_high(3, 1) = 3, so 3 x 4 = 12; B: 2 x 3 = 6; C: 1 x 2 = 2.
    assert (a.name, a.score) == ("A", 12)
    assert a.explanation.startswith(
        "Ranked 1 of 3 with a score of 12 (High): above the median of the candidates on severity (3 against 2) "
        "and likelihood (4 against 3). It is 6 ahead of B.")
    assert "Scorers disagree on severity (levels 1 to 3)." in a.explanation
    assert "Confidence is low in severity." in a.explanation
    assert a.disagreements[0].agreement.spread == 2


def test_scores_equal_to_nine_figures_rank_together():
    values = {"a": 0.1 + 0.2, "b": 0.3}
    assert values["a"] != values["b"]  # floating-point dust
    assert rank_scores(values) == {"a": 1, "b": 1}
