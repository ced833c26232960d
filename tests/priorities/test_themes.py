"""Free text is tallied against editable themes: whole words, prefixes, hyphen variants, once per person."""

from __future__ import annotations

import pytest

from cspkit.errors import InputError
from cspkit.priorities.themes import keyword_pattern, load_themes, tally_themes


@pytest.mark.parametrize(("keyword", "text", "found"), [
    ("anti-social", "Antisocial youths", True),
    ("anti-social", "anti social behaviour", True),
    ("drug*", "DRUGS everywhere", True),
    ("drug", "drugs everywhere", False),
    ("asb", "basic", False),
    ("county lines", "county  lines dealers", True),
])
def test_keywords_match_whole_words_prefixes_and_hyphen_variants(keyword, text, found):
    assert bool(keyword_pattern([keyword]).search(text)) is found


def test_each_respondent_counts_once_per_theme_and_unmatched_comments_are_counted(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text("themes:\n  Drugs: [drug*, dealing]\n  Speeding: [speed*]\n", encoding="utf-8")
    themes = load_themes(path)
    comments = ["Drug dealing, drugs and more drugs", "Speeding and drugs", "", "Dog mess", "speed bumps please"]
    tally = tally_themes(comments, themes)
    assert tally.commenters == 4
    assert [(c.theme, c.respondents) for c in tally.counts] == [("Drugs", 2), ("Speeding", 2)]
    assert tally.counts[0].share == 0.5
    assert tally.unmatched == 1


def test_the_shipped_themes_load():
    names = [t.name for t in load_themes()]
    assert "Anti-social behaviour" in names and "Drugs" in names


def test_a_theme_without_keywords_is_named_with_its_line(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text("themes:\n  Drugs: [drug*]\n  Speeding: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_themes(path)
    assert caught.value.line == 3 and "theme 'Speeding' needs a list of keywords" in str(caught.value)
