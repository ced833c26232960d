"""Each text's preferred widths are measured once for each font: the same table, laid out the same,
for fewer measurements; and the style properties kept with each are all those WeasyPrint reads."""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import weasyprint
from weasyprint import HTML
from weasyprint.layout import preferred

from cspkit.reports.writers import pdf_widths

ROWS = [("Violence and sexual offences", "1,204", "Higher"), ("Anti-social behaviour", "2,310", "Similar"),
        ("Shoplifting", "431", "Higher"), ("Criminal damage and arson", "388", "Lower")]
PAGE = (
    '<html lang="en"><style>table{width:100%;border-collapse:collapse} .num{text-align:right}'
    " .status-word{font-size:.75rem} th{font-weight:bold} td.wide{letter-spacing:.1em}</style>"
    + "".join(
        f"<table><caption>Rates, table {n}</caption><thead><tr><th>Crime type</th><th>Count</th><th>Compared with"
        " similar areas</th></tr></thead><tbody>"
        + "".join(f'<tr><th scope="row">{name}</th><td class="num{" wide" if n == 2 else ""}">{count}</td>'
                  f'<td>{count} <span class="status-word">{status}</span></td></tr>' for name, count, status in ROWS)
        + "</tbody></table>"
        for n in range(3))
    + "</html>"
)


def _measuring(counted: list[str]):
    """WeasyPrint's own measurement, counting each text it lays out."""
    library = pdf_widths._library.get("split first line", preferred.split_first_line)

    def measure(text, *args, **kwargs):
        counted.append(text)
        return library(text, *args, **kwargs)

    return measure


def test_the_tables_are_laid_out_the_same_with_each_text_measured_once_a_font(monkeypatch):
    assert pdf_widths.measure_widths_once()
    every: list[str] = []
    monkeypatch.setattr(preferred, "split_first_line", _measuring(every))
    theirs = HTML(string=PAGE).write_pdf()
    once: list[str] = []
    monkeypatch.setattr(pdf_widths, "_kept", {})
    monkeypatch.setitem(pdf_widths._library, "split first line", _measuring(once))
    monkeypatch.setattr(preferred, "split_first_line", pdf_widths._measured)
    ours = HTML(string=PAGE).write_pdf()
    with pikepdf.open(io.BytesIO(ours)) as mine, pikepdf.open(io.BytesIO(theirs)) as library:
        assert len(mine.pages) == len(library.pages) == 1
        assert mine.pages[0].Contents.read_bytes() == library.pages[0].Contents.read_bytes()  # the same marks
    assert set(once) == set(every) and len(once) < len(every) / 2  # three tables alike: each text measured once
    # Narrowest and widest, in each table (three) against in each font: the spaced-out table's and the others'
    assert (every.count("1,204"), once.count("1,204")) == (6, 4)


def test_every_style_property_weasyprint_reads_to_lay_out_text_is_kept_with_each_measurement():
    read = set()
    for source in (Path(weasyprint.__file__).parent / "text").glob("*.py"):
        read |= set(re.findall(r"style\[['\"](\w+)['\"]\]", source.read_text(encoding="utf-8")))
    assert read and read <= set(pdf_widths.TEXT_PROPERTIES)  # a property WeasyPrint adds must be added here


def test_underlined_words_are_kept_with_their_set_of_lines_frozen_and_laid_out_the_same(monkeypatch):
    page = PAGE.replace("<style>", "<style>td{text-decoration:underline overline} ")
    assert pdf_widths.measure_widths_once()
    monkeypatch.setattr(preferred, "split_first_line", pdf_widths._library["split first line"])
    theirs = HTML(string=page).write_pdf()
    monkeypatch.setattr(preferred, "split_first_line", pdf_widths._measured)
    monkeypatch.setattr(pdf_widths, "_kept", {})
    ours = HTML(string=page).write_pdf()
    with pikepdf.open(io.BytesIO(ours)) as mine, pikepdf.open(io.BytesIO(theirs)) as library:
        assert mine.pages[0].Contents.read_bytes() == library.pages[0].Contents.read_bytes()
    assert any(frozenset({"underline", "overline"}) in key[-1] for key in pdf_widths._kept)


def _style_and_context(page: str, tag: str):
    """The style WeasyPrint gave the first text in a ``tag`` of ``page``, and a stand-in layout context."""
    box = next(box for box in HTML(string=page).render().pages[0]._page_box.descendants()
               if getattr(box, "element_tag", None) == tag)
    text = next(child for child in box.descendants() if hasattr(child, "text"))
    return text.style, SimpleNamespace(dictionaries={})


def test_every_part_of_a_question_is_part_of_its_key(monkeypatch):
    cell, context = _style_and_context(PAGE, "td")
    header, _ = _style_and_context(PAGE, "th")
    asked: list[tuple] = []
    library = pdf_widths._library.get("split first line", preferred.split_first_line)
    monkeypatch.setitem(pdf_widths._library, "split first line", lambda *args, **kwargs: (
        asked.append(args[3:5] + tuple(kwargs.values())) or library(*args, **kwargs)))
    monkeypatch.setattr(pdf_widths, "_kept", {})
    questions = [(cell, 0, 0, True, True), (cell, None, 0, True, True), (cell, 0, 2.5, True, True),
                 (cell, 0, 0, False, True), (cell, 0, 0, True, False), (header, 0, 0, True, True)]
    for _ in range(2):
        for style, width, spacing, line_start, minimum in questions:
            pdf_widths._measured("Higher than similar areas", style, context, width, spacing,
                                 is_line_start=line_start, minimum=minimum)
    assert len(asked) == len(questions)  # each different question measured once, none answered for another


def test_a_long_text_is_measured_every_time_not_kept(monkeypatch):
    style, context = _style_and_context(PAGE, "td")
    monkeypatch.setattr(pdf_widths, "_kept", {})
    prose = "The partnership asked for this cell to explain every change in words. " * 4
    first = pdf_widths._measured(prose, style, context, 0, 0, minimum=True)
    again = pdf_widths._measured(prose, style, context, 0, 0, minimum=True)
    assert first[2:4] == again[2:4] and first[0] is not None and not pdf_widths._kept


def test_another_weasyprint_is_left_to_measure_as_it_does(monkeypatch):
    library = pdf_widths._library.get("split first line", preferred.split_first_line)
    monkeypatch.setattr(preferred, "split_first_line", library)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert not pdf_widths.measure_widths_once() and preferred.split_first_line is library
