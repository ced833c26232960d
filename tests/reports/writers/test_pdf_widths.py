"""Each text's preferred widths are measured once for each font: the same table, laid out the same,
for fewer measurements; and the style properties kept with each are all those WeasyPrint reads."""

from __future__ import annotations

import io
import re
from pathlib import Path

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


def test_underlined_words_whose_style_cannot_be_a_key_are_measured_every_time_and_laid_out_the_same(monkeypatch):
    page = PAGE.replace("<style>", "<style>td{text-decoration:underline overline} ")
    assert pdf_widths.measure_widths_once()
    monkeypatch.setattr(preferred, "split_first_line", pdf_widths._library["split first line"])
    theirs = HTML(string=page).write_pdf()
    monkeypatch.setattr(preferred, "split_first_line", pdf_widths._measured)
    monkeypatch.setattr(pdf_widths, "_kept", {})
    ours = HTML(string=page).write_pdf()
    with pikepdf.open(io.BytesIO(ours)) as mine, pikepdf.open(io.BytesIO(theirs)) as library:
        assert mine.pages[0].Contents.read_bytes() == library.pages[0].Contents.read_bytes()
    assert pdf_widths._kept  # the cells' header words (not underlined) are still kept
