"""Evidence pages: the demo partnership's saved strategic assessment, its figures and tables."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cspkit.assess.period import parse_period
from cspkit.web.evidence.library import document_for, find, tables_of

from ..conftest import EVIDENCE_PERIOD as PERIOD


@pytest.fixture
def evidence(demo_evidence: Path, cspkit_home: Path) -> str:
    """The demo's saved assessment in this test's data folder; returns its identifier."""
    saved = next((demo_evidence / "assessments").iterdir())
    shutil.copytree(saved, cspkit_home / "assessments" / saved.name)
    return saved.name


@pytest.mark.django_db
def test_members_find_their_partnerships_assessment(demo, evidence, sign_in) -> None:
    page = sign_in("board").get(reverse("evidence:index")).content.decode()
    assert reverse("evidence:assessment", args=[evidence]) in page
    assert f"Strategic assessment of Hartbury, {parse_period(PERIOD)}" in page


@pytest.mark.django_db
def test_the_assessment_page_shows_its_sections_figures_and_a_download_of_every_table(demo, evidence, sign_in):
    client = sign_in("analyst")
    url = reverse("evidence:assessment", args=[evidence])
    document = document_for(find(evidence))
    chapters = [s for s in document.sections if s.level == 1]
    first = client.get(url).content.decode()
    assert f'id="{chapters[0].id}"' in first and f'id="{chapters[1].id}"' not in first  # one chapter a page
    for chapter in chapters[1:]:
        assert f'href="?part={chapter.id}"' in first  # the contents link every chapter
    pages = "".join(client.get(url, {"part": c.id}).content.decode() for c in chapters)
    for section in document.sections:
        assert f'id="{section.id}"' in pages
    for figure in document.figures():
        assert f'src="{reverse("evidence:figure", args=[evidence, figure.id])}"' in pages
    for table_id in tables_of(document):
        assert reverse("evidence:table", args=[evidence, table_id, "csv"]) in pages
        assert reverse("evidence:table", args=[evidence, table_id, "xlsx"]) in pages
    assert client.get(url, {"part": "no-such-chapter"}).status_code == 404


@pytest.mark.django_db
def test_a_table_downloads_as_csv_with_the_values_shown_on_the_page(demo, evidence, sign_in) -> None:
    table = next(iter(tables_of(document_for(find(evidence))).values()))
    response = sign_in("analyst").get(reverse("evidence:table", args=[evidence, table.id, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == table.columns[0].label
    assert rows[1][0] == str(table.rows[0].cells[0].value)
    assert len(rows) == len(table.rows) + 1


@pytest.mark.django_db
def test_a_table_downloads_as_an_excel_workbook(demo, evidence, sign_in) -> None:
    table = next(iter(tables_of(document_for(find(evidence))).values()))
    response = sign_in("analyst").get(reverse("evidence:table", args=[evidence, table.id, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    text = {str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
    assert table.columns[0].label in text


@pytest.mark.django_db
def test_a_figure_is_served_as_its_png(demo, evidence, sign_in) -> None:
    figure = document_for(find(evidence)).figures()[0]
    response = sign_in("board").get(reverse("evidence:figure", args=[evidence, figure.id]))
    assert response["Content-Type"] == "image/png" and response.content == figure.png


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["public", "outsider"])
def test_people_outside_the_partnership_cannot_see_its_evidence(demo, evidence, sign_in, role) -> None:
    assert sign_in(role).get(reverse("evidence:assessment", args=[evidence])).status_code == 403


@pytest.mark.django_db
def test_an_unknown_assessment_is_not_found(demo, evidence, sign_in) -> None:
    client = sign_in("analyst")
    assert client.get(reverse("evidence:assessment", args=["E22900001_190001-190012"])).status_code == 404
    assert client.get("/evidence/..%2F..%2Fetc/").status_code == 404


@pytest.mark.django_db
def test_without_an_assessment_the_page_says_how_to_make_one(demo, sign_in) -> None:
    page = sign_in("analyst").get(reverse("evidence:index")).content.decode()
    assert "cspkit assess --area E22900001" in page


@pytest.mark.django_db
def test_a_figures_long_data_is_offered_as_files_and_short_data_shown_on_the_page(demo, evidence, sign_in) -> None:
    """The grid hot-spot map's 2,310 cells made its chapter a 1 MB page that took seconds to render."""
    from cspkit.web.evidence.views import INLINE_ROWS

    client = sign_in("analyst")
    url = reverse("evidence:assessment", args=[evidence])
    document = document_for(find(evidence))
    pages = "".join(
        client.get(url, {"part": s.id}).content.decode() for s in document.sections if s.level == 1
    )
    data = [f.data for f in document.figures() if f.data is not None]
    long, short = [d for d in data if len(d.rows) > INLINE_ROWS], [d for d in data if len(d.rows) <= INLINE_ROWS]
    assert long and short
    for table in long:
        assert f'id="{table.id}"' not in pages and f"has {len(table.rows)} rows" in pages
        assert reverse("evidence:table", args=[evidence, table.id, "csv"]) in pages
    for table in short:
        assert f'id="{table.id}"' in pages


@pytest.mark.django_db
def test_the_server_composes_the_newest_assessment_before_its_workers_start(demo, evidence) -> None:
    from cspkit.web.evidence import library

    library._document.cache_clear()
    assert library.warm() == 1
    hits = library._document.cache_info().hits
    document_for(find(evidence))  # a worker's first view: already composed
    assert library._document.cache_info().hits == hits + 1


@pytest.mark.django_db
def test_a_figures_source_is_shown_once_in_its_image_and_told_to_screen_readers(demo, evidence, sign_in) -> None:
    """The image draws its own source line (style.finish), so it stands alone when copied; the
    caption repeated it under the image. It now keeps it for screen readers only."""
    import re

    client = sign_in("analyst")
    url = reverse("evidence:assessment", args=[evidence])
    document = document_for(find(evidence))
    chapters = [s for s in document.sections if s.level == 1]
    pages = "".join(client.get(url, {"part": c.id}).content.decode() for c in chapters)
    captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", pages, flags=re.S)
    assert len(captions) == len(list(document.figures()))
    for caption in captions:
        hidden = re.findall(r'<span class="govuk-visually-hidden">(.*?)</span>', caption, flags=re.S)
        visible = re.sub(r'<span class="govuk-visually-hidden">.*?</span>', "", caption, flags=re.S)
        assert "Source:" not in visible, caption
        assert any("Source:" in text for text in hidden), caption
