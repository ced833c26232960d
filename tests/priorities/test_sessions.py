"""Every scoring session is kept: who, when, which template (with checksum), the evidence and each level."""

from __future__ import annotations

import json

import pytest

from cspkit.errors import CspkitError
from cspkit.priorities.evidence import CandidateEvidence
from cspkit.priorities.ranking import score_candidates
from cspkit.priorities.scores import ScoreEntry
from cspkit.priorities.sessions import list_sessions, record_session
from cspkit.priorities.template import load_template


@pytest.fixture
def ranking():
    template = load_template("impact-likelihood-4x4")
    evidence = [CandidateEvidence("Burglary", ("Burglary",), 269, 2.65),
                CandidateEvidence("Robbery", rate_per_1000=0.6), CandidateEvidence("Domestic abuse")]
    entries = [ScoreEntry("Asha", "Burglary", "impact", 3, "high", "lasting fear"),
               ScoreEntry("Ben", "Burglary", "impact", 2, "medium"), ScoreEntry("Asha", "Robbery", "impact", 4)]
    return score_candidates(template, evidence, entries)


def test_a_session_records_who_when_the_template_and_the_evidence(store, ranking):
    session_id = record_session(store, ranking, scored_by="Community safety analyst", note="board, 3 March",
                                inputs=[{"role": "scores", "path": "scores.csv", "sha256": "abc"}])
    row = store.con.execute(
        "SELECT scored_by, scored_at IS NOT NULL, template_name, template_sha256, template_text, scorers, evidence,"
        " inputs, order_stable, note FROM priority_sessions WHERE session_id = ?", [session_id]).fetchone()
    template = ranking.template
    assert row[:5] == ("Community safety analyst", True, "impact-likelihood-4x4", template.sha256, template.text)
    assert json.loads(row[5]) == ["Asha", "Ben"]
    assert json.loads(row[6])[0] == CandidateEvidence("Burglary", ("Burglary",), 269, 2.65).to_dict()
    assert json.loads(row[7]) == [{"role": "scores", "path": "scores.csv", "sha256": "abc"}]
    assert row[8] is ranking.sensitivity.stable and row[9] == "board, 3 March"


def test_each_scorers_level_the_evidence_level_and_the_level_used_are_kept(store, ranking):
    session_id = record_session(store, ranking, scored_by="Analyst")
    rows = store.con.execute(
        "SELECT dimension, source, scorer, level, value, confidence, note FROM priority_scores"
        " WHERE session_id = ? AND candidate = 'Burglary' ORDER BY dimension, source, scorer", [session_id]).fetchall()
    assert rows == [
        ("impact", "evidence", None, None, None, None, "no evidence of the harm per offence"),
        ("impact", "scorer", "Asha", 3, 3.0, "high", "lasting fear"),
        ("impact", "scorer", "Ben", 2, 2.0, "medium", None),
        ("impact", "used", None, 3, 3.0, "medium", "scorers"),
        ("likelihood", "evidence", None, 2, 2.0, "medium",
         "rate per 1,000 residents 2.65 is at least 1.00: level 2 (Possible)"),
        ("likelihood", "used", None, 2, 2.0, "medium", "evidence"),
    ]


def test_the_result_of_each_candidate_is_kept_with_its_explanation(store, ranking):
    session_id = record_session(store, ranking, scored_by="Analyst")
    results = store.con.execute("SELECT candidate, rank, score, band, explanation FROM priority_results"
                                " WHERE session_id = ? ORDER BY candidate", [session_id]).fetchall()
    assert [(r[0], r[1], r[2], r[3]) for r in results] == [
        ("Burglary", 1, 6.0, "Medium"), ("Domestic abuse", None, None, None), ("Robbery", 2, 4.0, "Medium")]
    assert "so it cannot be ranked" in results[1][4]


def test_sessions_are_listed_newest_first(store, ranking):
    first = record_session(store, ranking, scored_by="Analyst")
    second = record_session(store, ranking, scored_by="Coordinator")
    listed = list_sessions(store)
    assert [(s.session_id, s.scored_by, s.candidates, s.ranked) for s in listed] == [
        (second, "Coordinator", 3, 2), (first, "Analyst", 3, 2)]


def test_a_session_needs_someone_to_own_it(store, ranking):
    with pytest.raises(CspkitError, match="--by"):
        record_session(store, ranking, scored_by="  ")
    assert store.con.execute("SELECT count(*) FROM priority_sessions").fetchone()[0] == 0


def test_a_rerun_that_changes_nothing_is_the_same_session_when_asked(store, ranking):
    inputs = [{"role": "scores", "path": "scores.csv", "sha256": "abc"}]
    first = record_session(store, ranking, scored_by="Analyst", inputs=inputs, reuse_unchanged=True)
    assert record_session(store, ranking, scored_by="Analyst", inputs=inputs, reuse_unchanged=True) == first
    assert store.con.execute("SELECT count(*) FROM priority_scores").fetchone()[0] == len(
        store.con.execute("SELECT * FROM priority_scores WHERE session_id = ?", [first]).fetchall())
    changed_file = [{**inputs[0], "sha256": "def"}]
    second = record_session(store, ranking, scored_by="Analyst", inputs=changed_file, reuse_unchanged=True)
    assert second != first
    template = load_template("impact-likelihood-4x4")
    rescored = score_candidates(template, [CandidateEvidence("Burglary", ("Burglary",), 269, 2.65)],
                                [ScoreEntry("Asha", "Burglary", "impact", 4)])
    third = record_session(store, rescored, scored_by="Analyst", inputs=changed_file, reuse_unchanged=True)
    assert third not in (first, second)
    assert record_session(store, rescored, scored_by="Analyst", inputs=changed_file) not in (first, second, third)
    assert len(list_sessions(store)) == 4  # without being asked, every run is recorded
