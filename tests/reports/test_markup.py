"""Limited Markdown: the analyst's emphasis and links survive, nothing they typed is lost."""

from __future__ import annotations

from cspkit.reports.markup import Run, inline_runs, parse_blocks, plain_text, to_markdown


def test_bold_italic_and_links_become_runs():
    runs = inline_runs("Crime rose by **24.5%**, *mostly* violence; see [GOV.UK](https://www.gov.uk).")
    assert runs == [
        Run("Crime rose by "), Run("24.5%", bold=True), Run(", "), Run("mostly", italic=True),
        Run(" violence; see "), Run("GOV.UK", href="https://www.gov.uk"), Run("."),
    ]


def test_raw_html_and_entities_are_kept_as_the_text_typed():
    assert plain_text("Rates <b>rose</b> & fell; 5 < 6 &amp; 7 > 3") == "Rates <b>rose</b> & fell; 5 < 6 & 7 > 3"


def test_a_single_line_break_inside_a_paragraph_is_a_space():
    assert plain_text("first line\nsecond line") == "first line second line"


def test_blocks_split_into_paragraphs_lists_and_headings():
    text = "Intro with **bold**.\n\n- one\n- *two*\n\n### Next steps\n\n1. first\n2. second\n"
    assert parse_blocks(text) == [
        ("paragraph", ("Intro with **bold**.",)),
        ("bullets", ("one", "*two*")),
        ("heading", ("Next steps",)),
        ("numbers", ("first", "second")),
    ]


def test_markdown_characters_in_plain_text_are_escaped_on_the_way_back():
    runs = [Run("2 * 3 = 6_ok ["), Run("bold", bold=True)]
    assert inline_runs(to_markdown(runs)) == runs


def test_every_glossary_term_prints_whole_and_bold():
    """"Gi* (Getis-Ord)" printed as "Gi (Getis-Ord)*": its asterisk was taken for emphasis."""
    from cspkit.reports.assessment.methodology import GLOSSARY, glossary_section

    (listing,) = glossary_section().blocks
    for item, (term, _) in zip(listing.items, GLOSSARY, strict=True):
        first = inline_runs(item)[0]
        assert (first.text, first.bold) == (term, True), item
