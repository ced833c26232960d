"""The Word file is built from Word's own styles, and LibreOffice can open and print it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from cspkit.reports.document import Cell, Column, Document, Interval, Section, Status, Table
from cspkit.reports.writers import write

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def word(written):
    return docx.Document(str(written["docx"]))


def test_sections_are_real_word_headings_at_their_levels(word, report):
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [(f"Heading {s.level}", s.title) for s in report.sections]


def test_the_title_header_footer_and_properties_are_set(word, report):
    assert word.paragraphs[0].style.name == "Title" and word.paragraphs[0].text == report.title
    section = word.sections[0]
    assert section.header.paragraphs[0].text == report.title
    fields = [i.text.strip() for i in section.footer._element.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert word.core_properties.title == report.title


def test_tables_use_a_word_table_style_with_a_repeating_header_row(word):
    rates = next(t for t in word.tables if t.rows[0].cells[0].text == "Offence group")
    assert rates.style.name == "Table Grid"
    assert rates.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in rates.rows[1].cells] == ["Total crime (excluding fraud)", "83.0 Similar", "87.0", "91.7"]
    assert rates.rows[5].cells[3].text == "N/A"
    fill = rates.rows[2].cells[1]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == "BFDDF0"


def test_captions_number_tables_and_figures(word):
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert "Table 2: Rates of recorded crime per 1,000 residents, April 2022 to March 2023" in captions
    assert "Figure 3: Recorded crime per 1,000 residents by LSOA" in captions


def test_every_picture_has_the_figures_alt_text(word, report):
    described = [el.get("descr") for el in word.element.body.iter(qn("wp:docPr"))]
    assert described == [f.alt_text for f in report.figures()]


def test_links_are_real_hyperlinks_and_unsafe_ones_are_dropped(word):
    targets = [rel.target_ref for rel in word.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    assert targets == ["https://www.gov.uk/government/statistics"]


def test_numbered_lists_start_at_one_each_time(word):
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["First step", "Second step"]
    assert numbered[0]._p.pPr.numPr.numId.val == numbered[1]._p.pPr.numPr.numId.val


def _printed_text(path: Path, tmp_path: Path) -> str:
    """The text of the Word file as LibreOffice prints it, laid out as on the page."""
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    return subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{path.stem}.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_libreoffice_opens_the_file_and_prints_every_section(written, report, tmp_path: Path):
    text = _printed_text(written["docx"], tmp_path)
    pages = text.split("\f")[:-1]
    for section in report.sections:
        assert re.search(rf"^{re.escape(section.title)}\s*$", text, re.MULTILINE), section.title
    assert re.search(rf"Page 2 of {len(pages)}", pages[1])
    assert re.search(r"Violence against the person\s+38\.0 Higher\s+38\.0\s+34\.3", text)


def test_no_number_or_header_word_is_split_across_lines_in_a_wide_table(tmp_path: Path):
    years = ("2019", "2020", "2021", "2022", "2023")
    columns = [Column("offence", "Offence group"),
               *(Column(f"y{year}", f"Recorded {year}", "integer") for year in years),
               Column("people", "Residents", "integer")]
    rows = [("Violence against the person, with and without injury", 25_522, 1_234_567, 25_522, 1_234_567, 25_522,
             1_234_567),
            ("Theft offences", 1_234_567, 25_522, 1_234_567, 25_522, 1_234_567, 25_522)]
    table = Table.build("wide", "Counts by year", columns, rows)
    path = write(Document("Wide table", sections=[Section("counts", "Counts", [table])]), tmp_path / "wide.docx")
    text = _printed_text(path, tmp_path)
    assert len(re.findall(r"(?<![\d,])25,522(?![\d,])", text)) == 6
    assert len(re.findall(r"(?<![\d,])1,234,567(?![\d,])", text)) == 6
    for word in ("Recorded", "Residents", *years):
        assert re.search(rf"\b{word}\b", text), word


def test_the_contents_give_each_sections_page_as_libreoffice_prints_it(written, report, tmp_path: Path):
    """Each contents entry ends in its section's page number, which is the page its heading is printed on."""
    pages = _printed_text(written["docx"], tmp_path).split("\f")
    contents = next(page for page in pages if re.search(r"^\s*Contents\s*$", page, re.MULTILINE))
    found = 0
    for section in (s for s in report.sections if s.level <= 2):
        entry = re.search(rf"^\s*{re.escape(section.title)}\s*\.+\s*(\d+)\s*$", contents, re.MULTILINE)
        assert entry, section.title
        page = pages[int(entry[1]) - 1]
        assert re.search(rf"^\s*{re.escape(section.title)}\s*$", page, re.MULTILINE), (section.title, entry[1])
        found += 1
    assert found and docx.Document(str(written["docx"])).settings.element.find(qn("w:updateFields")) is not None


GROUPS = ("Burglary", "Drugs", "Robbery", "Shoplifting", "Arson", "Weapons", "Bicycles", "Violence", "Disorder",
          "Vehicles", "Theft", "Damage")


def comparators_table() -> Table:
    """As wide as the rates table the review found cut off in Word: counts, a rate with its interval
    and four comparators' rates with a status word each (the last column, England and Wales, was lost)."""
    status = Status("Higher", "Significantly higher than that area's rate (95% confidence)", "higher")
    comparators = ("Mercia Vale (force area)", "Most Similar Group (15 partnerships)", "West Midlands (region)",
                   "England and Wales")
    columns = [Column("group", "Crime group"), Column("count", "Recorded", "integer"),
               Column("rate", "Hartbury", "number", 2), Column("interval", "95% confidence interval", "number", 2),
               *(Column(f"c{i}", name, "number", 2) for i, name in enumerate(comparators))]
    rows = [(group, 11_777 + n, 47.31 + n, Interval(46.51 + n, 48.21 + n),
             *(Cell(37.51 + n + i / 10, status) for i in range(3)), Cell(90.07 + n, status))
            for n, group in enumerate(GROUPS)]
    return Table.build("rates", "Rates per 1,000 residents", columns, rows)


def files_table() -> Table:
    """The kind of table with long unbreakable words (file names, checksums) whose last columns were cut."""
    columns = [Column("kind", "Kind"), Column("file", "File"), Column("rows", "Rows", "integer"),
               Column("sha", "SHA-256 (first 12)"), Column("loaded", "Loaded")]
    rows = [(f"police-uk-stop-and-search-{n}", f"2023-{n:02d}-mercia-vale-stop-and-search-outcomes-extended.csv",
             233_985, "3f2a9c1b7e4d", f"2026-12-{n:02d}") for n in range(1, 13)]
    return Table.build("files", "Files used", columns, rows)


@pytest.fixture(scope="module")
def wide(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wide")
    sections = [Section("rates", "Rates", [comparators_table()]), Section("files", "Files", [files_table()])]
    return write(Document("Wide tables", sections=sections), folder / "wide.docx")


def test_every_table_fits_the_text_width_of_the_page(wide):
    word = docx.Document(str(wide))
    section = word.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    tables = [t for t in word.tables if t.rows[0].cells[0].text in ("Crime group", "Kind")]
    assert len(tables) == 2
    for table in tables:
        widths = [column.width for column in table.columns]
        assert sum(widths) <= text_width
        assert all([cell.width for cell in row.cells] == widths for row in table.rows)


def test_a_wide_table_is_set_smaller_than_the_body_text(wide):
    word = docx.Document(str(wide))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Crime group")
    sizes = {run.font.size for row in table.rows for cell in row.cells for run in cell.paragraphs[0].runs[:1]}
    assert len(sizes) == 1 and next(iter(sizes)) < word.styles["Normal"].font.size


def test_libreoffice_prints_the_last_column_of_every_wide_table(wide, tmp_path: Path):
    text = _printed_text(wide, tmp_path)
    assert re.search(r"\bEngland\s", text) and re.search(r"\bLoaded\b", text)
    for n, group in enumerate(GROUPS, start=1):
        assert re.search(rf"^\s*{group}\b.*\s{90.07 + n - 1:.2f}(\s+Higher)?\s*$", text, re.MULTILINE), group
        assert re.search(rf"\s2026-12-{n:02d}\s*$", text, re.MULTILINE), n


def test_a_table_keeps_its_header_with_three_rows_and_its_last_three_rows_together(wide):
    word = docx.Document(str(wide))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Crime group")
    kept = [all(cell.paragraphs[0].paragraph_format.keep_with_next for cell in row.cells) for row in table.rows]
    middle = len(table.rows) - 3 - 3
    assert kept == [True] * 3 + [False] * middle + [True] * 3
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)  # no row split in two


def test_numbers_keep_their_width_when_a_table_of_long_file_names_is_narrowed(wide, tmp_path: Path):
    text = _printed_text(wide, tmp_path)
    assert len(re.findall(r"(?<![\d,])233,985(?![\d,])", text)) == 12


def test_a_figures_caption_keeps_with_the_sentence_that_explains_it(tmp_path: Path):
    """The review found "In the chart above..." opening the page after the chart (as in the PDF)."""
    import io

    from PIL import Image

    from cspkit.reports.document import Figure, Paragraph

    png = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(png, format="PNG")
    explained = Figure("chart", "Crimes each month", "A line chart", png.getvalue())
    alone = Figure("map", "Crimes by LSOA", "A map", png.getvalue())
    blocks = [explained, Paragraph("In the chart above, each point is one month's count."), alone, comparators_table()]
    path = write(Document("Figures", sections=[Section("s", "Section", blocks)]), tmp_path / "figures.docx")
    paragraphs = docx.Document(str(path)).paragraphs
    captions = {p.text: p for p in paragraphs if p.style.name == "Caption"}
    assert captions["Figure 1: Crimes each month"].paragraph_format.keep_with_next
    assert not captions["Figure 2: Crimes by LSOA"].paragraph_format.keep_with_next
    explanation = next(p for p in paragraphs if p.text.startswith("In the chart above"))
    assert explanation.paragraph_format.keep_together


def test_a_tables_notes_keep_together_and_with_its_last_rows(wide):
    """The review's LibreOffice pages had a table's key to the shading split from its entries."""
    word = docx.Document(str(wide))
    notes = [p for p in word.paragraphs if p.style.name == "Table Note"]
    first = next(i for i, p in enumerate(notes) if p.text == "Key to the shading:")
    block = notes[first:first + 2]  # the key and its one entry (Higher), the last note of the rates table
    assert block[0].paragraph_format.keep_with_next and not block[-1].paragraph_format.keep_with_next
    assert word.styles["Table Note"].paragraph_format.keep_together  # no note is broken across pages
