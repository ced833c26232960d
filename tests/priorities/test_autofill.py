"""Evidence sets a dimension's level by the template's rule, and says why in words."""

from __future__ import annotations

from cspkit.priorities.autofill import level_from_evidence, levels_from_evidence
from cspkit.priorities.evidence import CandidateEvidence
from cspkit.priorities.template import load_template

MORILE = load_template("morile-style")


def test_frequency_is_banded_by_the_rate_from_the_highest_threshold_down():
    frequency = MORILE.dimension("frequency_volume")
    expected = {0.0: 1, 0.99: 1, 1.0: 2, 4.99: 2, 5.0: 3, 14.99: 3, 15.0: 4, 33.7: 4}
    found = {rate: level_from_evidence(frequency, CandidateEvidence("X", rate_per_1000=rate)).level
             for rate in expected}
    assert found == expected


def test_the_reason_quotes_the_measure_the_threshold_and_the_level():
    result = level_from_evidence(MORILE.dimension("frequency_volume"), CandidateEvidence("X", rate_per_1000=33.72))
    assert result.reason == "rate per 1,000 residents 33.7 is at least 15.0: level 4 (Very frequent)"
    assert result.confidence == "medium"


def test_the_direction_of_travel_follows_the_tested_verdict_not_the_raw_change():
    trend = MORILE.dimension("trend")
    rising_but_not_significant = CandidateEvidence("X", change_pct=13.6, change_verdict="no significant change")
    assert level_from_evidence(trend, rising_but_not_significant).level == 2
    assert level_from_evidence(trend, CandidateEvidence("X", change_verdict="increase")).level == 3
    assert level_from_evidence(trend, CandidateEvidence("X", change_verdict="Decrease")).level == 1


def test_public_expectation_uses_the_share_answering_4_or_5():
    dimension = MORILE.dimension("public_expectation")
    assert level_from_evidence(dimension, CandidateEvidence("X", public_expectation=0.839)).level == 4
    assert level_from_evidence(dimension, CandidateEvidence("X", public_expectation=0.6186)).level == 3
    assert level_from_evidence(dimension, CandidateEvidence("X", public_expectation=0.39)).level == 1


def test_missing_or_unknown_evidence_leaves_the_level_to_people():
    trend = MORILE.dimension("trend")
    missing = level_from_evidence(trend, CandidateEvidence("Domestic abuse"))
    assert missing.level is None and missing.reason == "no evidence of the change"
    odd = level_from_evidence(trend, CandidateEvidence("X", change_verdict="wobbly"))
    assert odd.level is None and "'wobbly' is not one the template knows" in odd.reason


def test_a_dimension_without_a_rule_is_not_set_from_evidence():
    assert level_from_evidence(MORILE.dimension("physical_harm"), CandidateEvidence("X", count=5)) is None


def test_impact_uses_the_average_harm_of_one_offence():
    impact = load_template("impact-likelihood-4x4").dimension("impact")
    evidence = CandidateEvidence("Robbery", count=64, rate_per_1000=0.63, harm_weighted_count=64 * 365.0)
    assert evidence.harm_per_offence == 365.0
    assert level_from_evidence(impact, evidence).level == 4


def test_every_rule_of_a_template_is_applied_at_once():
    found = levels_from_evidence(MORILE, CandidateEvidence("X", rate_per_1000=6.0, change_verdict="increase"))
    assert {key: result.level for key, result in found.items()} == {
        "frequency_volume": 3, "trend": 3, "public_expectation": None}
