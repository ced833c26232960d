"""The web page is accessible (checked with axe-core in Chromium) and needs no other file."""

from __future__ import annotations

import itertools
import shutil

import pytest
from lxml import html as lxml_html

from cspkit.reports.writers.html import print_chapters

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(written):
    return lxml_html.fromstring(written["html"].read_text(encoding="utf-8"))


def test_the_page_declares_british_english_and_its_title(page, report):
    assert page.get("lang") == "en-GB"
    assert page.findtext(".//title") == report.title


def test_the_first_link_skips_to_the_main_content(page):
    first = page.xpath("//body//a")[0]
    assert first.get("href") == "#main" and first.text == "Skip to main content"
    assert page.xpath("//main/@id") == ["main"]


def test_headings_start_at_one_h1_and_never_skip_a_level(page, report):
    levels = [int(h.tag[1]) for h in page.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    titles = [h.text_content() for h in page.xpath("//main//section/*[1]")]
    assert titles == [s.title for s in report.sections]


def test_every_image_is_embedded_and_has_the_figures_alt_text(page, report):
    images = page.xpath("//img")
    assert [img.get("alt") for img in images] == [f.alt_text for f in report.figures()]
    assert all(img.get("src").startswith("data:image/png;base64,") for img in images)
    assert not page.xpath("//script|//link|//*[@src and not(starts-with(@src, 'data:'))]")


def test_tables_have_captions_column_headers_and_row_headers(page):
    tables = page.xpath("//main//table")
    assert tables
    for table in tables:
        assert table.xpath("caption")
        assert all(th.get("scope") == "col" for th in table.xpath("thead//th"))
        assert all(row.xpath("th[@scope='row']") for row in table.xpath("tbody/tr"))
    caption = page.xpath("//div[@id='rates-table']//caption")[0].text_content()
    assert caption == "Table 2: Rates of recorded crime per 1,000 residents, April 2022 to March 2023"


def test_significance_is_written_in_the_cell_and_in_a_key_not_only_coloured(page):
    shaded = page.xpath("//div[@id='rates-table']//td[contains(@class, 'status-')]")
    assert [td.text_content() for td in shaded] == ["83.0 Similar", "24.0 Lower", "3.0 Lower", "38.0 Higher"]
    key = page.xpath("//div[@id='rates-table']//div[@class='table-key']//li")
    assert [li.text_content() for li in key] == [
        "Similar Not significantly different from England and Wales",
        "Lower Significantly lower than England and Wales (95% confidence)",
        "Higher Significantly higher than England and Wales (95% confidence)",
    ]


def test_contents_links_point_at_sections_on_the_page(page):
    targets = [a.get("href")[1:] for a in page.xpath("//nav[@class='contents']//a")]
    assert targets and all(page.xpath(f"//*[@id='{t}']") for t in targets)


def test_analyst_markdown_keeps_emphasis_and_safe_links_only(page):
    assert page.xpath("//strong[text()='24.5%']")
    assert page.xpath("//a[@href='https://www.gov.uk/government/statistics']")
    assert not page.xpath("//a[starts-with(@href, 'javascript')]")
    assert "A bad link is dropped." in page.text_content()


def test_the_data_behind_each_chart_can_be_opened_under_it(page):
    summaries = [s.text_content() for s in page.xpath("//details/summary")]
    assert summaries == ["Show the data in Figure 1", "Show the data in Figure 2", "Show the data in Figure 3",
                         "Show the data in Figure 4"]


def test_the_print_parts_give_each_figure_as_png_and_leave_out_the_data_tables(report):
    parts = print_chapters(report)
    sources = [img.get("src") for part in parts for img in lxml_html.fromstring(part.html).xpath("//img")]
    assert len(sources) == len(report.figures())
    for part in parts:
        for img in lxml_html.fromstring(part.html).xpath("//img"):
            assert part.images[img.get("src")].startswith(b"\x89PNG")
        assert not lxml_html.fromstring(part.html).xpath("//details")


def test_each_print_part_starts_with_a_section_asked_to_start_a_page(report):
    parts = print_chapters(report)
    assert parts[0].ids[0] == report.sections[0].id
    starts = {part.ids[0] for part in parts[1:]}
    assert starts == {section.id for section in report.sections[1:] if section.new_page}
    assert [i for part in parts for i in part.ids] == [section.id for section in report.sections]


def test_axe_finds_no_accessibility_violations_in_chromium(written):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium package is needed for the accessibility test"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        try:
            tab = browser.new_page()
            tab.goto(written["html"].as_uri())
            results = Axe().run(tab)
        finally:
            browser.close()
    assert results.violations_count == 0, results.generate_report()
