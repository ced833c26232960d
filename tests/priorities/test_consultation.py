"""A survey built to match the Safer Stockton Partnership Plan 2017-20 table is summarised into the
same percentages; means, top-two shares, Wilson intervals and the ranking follow from the answers.

Stockton's table (March 2017, 'more than 115' respondents) gives the share of respondents at
each level, 1 least to 5 most important. Every share is a whole number of 118 respondents, and
each row sums to less than 100% because some skipped the question, so the shares are of all
118 respondents. One published cell, 59.30%, is 70/118 = 59.32% misprinted: the tolerance is
0.025 percentage points.
"""

from __future__ import annotations

import csv
import math

import pytest
from scipy.stats import norm

from cspkit.errors import CspkitError
from cspkit.priorities.candidates import Candidate
from cspkit.priorities.consultation import public_expectation, summarise_survey
from cspkit.priorities.survey import read_survey

RESPONDENTS = 118
STOCKTON = {
    "Reducing re-offending": (2.54, 4.24, 11.02, 20.34, 59.30),
    "Protecting vulnerable people": (3.39, 3.39, 5.93, 9.32, 74.58),
    "Tackling drug and alcohol misuse": (3.39, 4.24, 11.02, 23.73, 55.08),
    "Community safety and protection": (5.08, 5.93, 23.73, 19.49, 42.37),
}


def _counts(percents):
    return [round(p / 100 * RESPONDENTS) for p in percents]


@pytest.fixture
def stockton_survey(tmp_path):
    """One row per respondent: each question's answers laid out level by level, then the skips."""
    columns = {}
    for question, percents in STOCKTON.items():
        answers = [str(level) for level, n in enumerate(_counts(percents), start=1) for _ in range(n)]
        columns[question] = answers + [""] * (RESPONDENTS - len(answers))
    path = tmp_path / "my-views-on-stockton.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Response ID", *STOCKTON])
        for i in range(RESPONDENTS):
            writer.writerow([f"R{i + 1:03d}", *(columns[q][i] for q in STOCKTON)])
    return read_survey(path)


def test_the_stockton_percentages_are_reproduced(stockton_survey):
    summary = summarise_survey(stockton_survey, base="respondents")
    assert summary.respondents == RESPONDENTS
    for question, published in STOCKTON.items():
        assert summary.question(question).percents == pytest.approx(published, abs=0.025), question


def test_counts_at_each_level_and_skips_are_kept_beside_the_shares(stockton_survey):
    summary = summarise_survey(stockton_survey, base="respondents")
    first = summary.question("Reducing re-offending")
    assert first.counts == (3, 5, 13, 24, 70)
    assert (first.answered, first.no_answer) == (115, 3)


def test_shares_of_those_who_answered_are_the_default(stockton_survey):
    first = summarise_survey(stockton_survey).question("Reducing re-offending")
    assert first.percents == pytest.approx(tuple(100 * n / 115 for n in (3, 5, 13, 24, 70)))


def test_mean_and_top_two_share_with_its_wilson_interval(stockton_survey):
    vulnerable = summarise_survey(stockton_survey).question("Protecting vulnerable people")
    counts = _counts(STOCKTON["Protecting vulnerable people"])
    answered = sum(counts)
    assert vulnerable.mean == pytest.approx(sum(level * n for level, n in enumerate(counts, start=1)) / answered)
    x, n, z = counts[3] + counts[4], answered, norm.ppf(0.975)
    centre, half = 2 * x + z**2, z * math.sqrt(z**2 + 4 * x * (1 - x / n))
    assert vulnerable.top_two == x
    assert vulnerable.top_two_share == pytest.approx(x / n)
    assert vulnerable.top_two_lower == pytest.approx((centre - half) / (2 * (n + z**2)))
    assert vulnerable.top_two_upper == pytest.approx((centre + half) / (2 * (n + z**2)))


def test_questions_rank_by_the_share_answering_4_or_5(stockton_survey):
    summary = summarise_survey(stockton_survey)
    shares = {q: sum(_counts(p)[3:]) / sum(_counts(p)) for q, p in STOCKTON.items()}
    assert [q.question for q in summary.questions] == sorted(shares, key=shares.get, reverse=True)
    assert [q.rank for q in summary.questions] == [1, 2, 3, 4]
    assert summary.questions[0].question == "Protecting vulnerable people"


def test_equal_top_two_shares_are_separated_by_the_mean(tmp_path):
    path = tmp_path / "tie.csv"
    path.write_text("ID,A,B\n1,5,4\n2,1,3\n", encoding="utf-8")
    summary = summarise_survey(read_survey(path))
    assert [(q.question, q.rank) for q in summary.questions] == [("B", 1), ("A", 2)]


def test_public_expectation_is_matched_to_candidates_by_name_or_survey_label(stockton_survey):
    summary = summarise_survey(stockton_survey)
    candidates = [Candidate("Drugs and alcohol", survey_labels=("Tackling drug and alcohol misuse",)),
                  Candidate("Burglary")]
    found = public_expectation(summary, candidates)
    assert found == {"Drugs and alcohol": pytest.approx((28 + 65) / 115)}


def test_an_unknown_base_is_refused(stockton_survey):
    with pytest.raises(CspkitError, match="answered, respondents"):
        summarise_survey(stockton_survey, base="everyone")
