"""The demo survey reads back as a real export would, the same every time for a seed."""

from __future__ import annotations

from cspkit.priorities.candidates import load_candidates
from cspkit.priorities.consultation import summarise_survey
from cspkit.priorities.survey import read_survey
from cspkit.priorities.survey_demo import write_demo_survey
from cspkit.priorities.themes import load_themes


def test_the_demo_survey_has_a_question_per_default_candidate_and_free_text(tmp_path):
    survey = read_survey(write_demo_survey(tmp_path / "survey.csv", respondents=150, seed=7))
    assert survey.respondents == 150 and survey.id_column == "ID"
    assert list(survey.ratings) == [c.name for c in load_candidates()]
    assert len(survey.comments) == 2
    summary = summarise_survey(survey, themes=load_themes())
    assert summary.themes.commenters > 50
    assert all(q.answered > 120 for q in summary.questions)


def test_the_same_seed_writes_the_same_file(tmp_path):
    first = write_demo_survey(tmp_path / "a.csv", respondents=30, seed=3).read_bytes()
    again = write_demo_survey(tmp_path / "b.csv", respondents=30, seed=3).read_bytes()
    other = write_demo_survey(tmp_path / "c.csv", respondents=30, seed=4).read_bytes()
    assert first == again != other
