"""Several people score; the agreed level follows the template's rule and disagreement is flagged."""

from __future__ import annotations

import pytest

from cspkit.errors import InputError
from cspkit.priorities.scores import ScoreEntry, agree, read_scores
from cspkit.priorities.template import load_template

MORILE = load_template("morile-style")
CANDIDATES = ["Burglary", "Drugs"]


def _entries(levels, dimension="physical_harm", confidences=None):
    confidences = confidences or [None] * len(levels)
    return [ScoreEntry(f"scorer {i}", "Burglary", dimension, level, conf)
            for i, (level, conf) in enumerate(zip(levels, confidences, strict=True))]


def test_the_agreed_level_is_the_median():
    assert agree(_entries([2, 3, 5]), MORILE)[("Burglary", "physical_harm")].level == 3


def test_a_tied_median_takes_the_higher_middle_level():
    assert agree(_entries([2, 3]), MORILE)[("Burglary", "physical_harm")].level == 3
    assert agree(_entries([1, 2, 4, 5]), MORILE)[("Burglary", "physical_harm")].level == 4


def test_scorers_two_or_more_levels_apart_are_flagged_as_disagreeing():
    close = agree(_entries([2, 3]), MORILE)[("Burglary", "physical_harm")]
    apart = agree(_entries([2, 4]), MORILE)[("Burglary", "physical_harm")]
    assert (close.spread, close.disagreement) == (1, False)
    assert (apart.spread, apart.disagreement) == (2, True)


def test_the_agreed_confidence_is_the_lowest_given():
    agreed = agree(_entries([2, 3, 3], confidences=["high", None, "medium"]), MORILE)
    assert agreed[("Burglary", "physical_harm")].confidence == "medium"


def test_a_stricter_template_rule_is_followed(tmp_path):
    text = MORILE.text.replace("rule: median ", "rule: highest")
    path = tmp_path / "highest.yaml"
    path.write_text(text, encoding="utf-8")
    assert agree(_entries([1, 2, 3]), load_template(path))[("Burglary", "physical_harm")].level == 3


def test_a_scores_csv_accepts_level_numbers_or_labels_and_skips_blank_rows(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        "scorer,candidate,dimension,level,confidence,comment\n"
        "Asha,Burglary,physical_harm,3,high,\n"
        "Asha,burglary,Psychological harm,Substantial,,lasting fear\n"
        "Asha,Drugs,physical_harm,,,\n",
        encoding="utf-8",
    )
    assert read_scores(path, MORILE, CANDIDATES) == [
        ScoreEntry("Asha", "Burglary", "physical_harm", 3, "high"),
        ScoreEntry("Asha", "Burglary", "psychological_harm", 4, None, "lasting fear"),
    ]


def test_a_scores_yaml_reads_scorer_candidate_dimension_level(tmp_path):
    path = tmp_path / "scores.yaml"
    path.write_text("Ben:\n  Drugs:\n    physical_harm: 2\n    community_harm: {level: 4, confidence: low}\n",
                    encoding="utf-8")
    assert read_scores(path, MORILE, CANDIDATES) == [
        ScoreEntry("Ben", "Drugs", "physical_harm", 2),
        ScoreEntry("Ben", "Drugs", "community_harm", 4, "low"),
    ]


@pytest.mark.parametrize(("row", "message"), [
    ("Asha,Fraud,physical_harm,3,,", "unknown candidate 'Fraud'"),
    ("Asha,Burglary,cost,3,,", "unknown dimension 'cost'"),
    ("Asha,Burglary,physical_harm,6,,", "'6' is not a level of Physical harm (1 Minimal, 2 Low"),
    ("Asha,Burglary,physical_harm,3,certain,", "confidence 'certain' is not one of low, medium, high"),
    (",Burglary,physical_harm,3,,", "no scorer named"),
])
def test_a_bad_score_names_its_line_and_problem(tmp_path, row, message):
    path = tmp_path / "scores.csv"
    path.write_text(f"scorer,candidate,dimension,level,confidence,comment\nAsha,Drugs,trend,2,,\n{row}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_scores(path, MORILE, CANDIDATES)
    assert caught.value.line == 3
    assert message in str(caught.value)


def test_the_same_person_scoring_the_same_thing_twice_is_an_error(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("scorer,candidate,dimension,level\nAsha,Drugs,trend,2\nasha,Drugs,Direction of travel,3\n",
                    encoding="utf-8")
    twice = r"line 3: asha scored Direction of travel for Drugs twice \(already on line 2\)"
    with pytest.raises(InputError, match=twice):
        read_scores(path, MORILE, CANDIDATES)


def test_a_scores_file_without_the_needed_columns_says_which(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("who,candidate,dimension,score\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing column\(s\) scorer, level"):
        read_scores(path, MORILE, CANDIDATES)


@pytest.mark.parametrize(("content", "message"), [
    ("scorer,candidate,dimension,level\n".encode("utf-16"), "this is UTF-16 text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), r"this is an old Excel 97-2003 workbook \(\.xls\)"),
    ("scorer,candidate,dimension,level\nJos\xe9,Burglary,physical_harm,3\n".encode("cp1252"), "not UTF-8 text"),
], ids=["utf-16", "xls", "cp1252"])
def test_a_scores_file_that_is_not_utf8_text_is_refused_in_words(tmp_path, content, message):
    path = tmp_path / "scores.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_scores(path, MORILE, CANDIDATES)
