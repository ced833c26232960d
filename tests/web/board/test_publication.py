"""Publishing freezes a version: later edits, figures and re-ratings reach the next draft, never
what the public already reads (issue 13, high finding 1)."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse

from cspkit.web.board import publishing
from cspkit.web.board.models import BoardReport, BoardSection, Publication
from cspkit.web.performance.models import ActionUpdate, MeasureUpdate


def _word_text(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as word:
        return word.read("word/document.xml").decode()


def _change_everything_after_publication(demo) -> None:
    """What the audit did: new commentary by an officer, a changed figure, a re-rating."""
    report = demo.published_report
    ActionUpdate.objects.filter(action=demo.police_action, year=report.year, quarter=report.quarter).update(
        commentary="Commentary written after publication", status="off_track"
    )
    MeasureUpdate.objects.filter(measure=demo.police_measure, year=report.year, quarter=report.quarter).update(
        value=99999, rating="red", rating_reason="Re-rated after publication"
    )
    BoardSection.objects.filter(report=report).update(highlights="Highlights rewritten after publication")


@pytest.mark.django_db
def test_the_public_page_and_word_file_keep_what_was_published(demo, client, sign_in) -> None:
    report = demo.published_report
    client.get(reverse("board:download", args=[report.pk, "docx"]))  # cached before the changes
    _change_everything_after_publication(demo)
    page = client.get(reverse("board:report", args=[report.pk])).content.decode()
    for late in ("Commentary written after publication", "99,999", "Re-rated after publication", "rewritten after"):
        assert late not in page
    assert "Version 1, published" in page
    word = _word_text(client.get(reverse("board:download", args=[report.pk, "docx"])).content)
    assert "Commentary written after publication" not in word and "99,999" not in word
    assert "Version 1, published" in word
    draft = sign_in("coordinator").get(reverse("board:report", args=[report.pk])).content.decode()
    assert "Commentary written after publication" in draft and "99,999" in draft  # the draft of version 2


@pytest.mark.django_db
def test_a_file_written_before_any_download_is_also_frozen(demo, client) -> None:
    """Files are written on first download, from the document frozen at publication."""
    _change_everything_after_publication(demo)
    word = _word_text(client.get(reverse("board:download", args=[demo.published_report.pk, "docx"])).content)
    assert "Commentary written after publication" not in word and "rewritten after" not in word


@pytest.mark.django_db
def test_publishing_again_makes_version_two_and_version_one_stays_available(demo, client, sign_in) -> None:
    report = demo.published_report
    _change_everything_after_publication(demo)
    coordinator = sign_in("coordinator")
    response = coordinator.post(reverse("board:publish", args=[report.pk]), {"version": report.version})
    assert response.status_code == 302
    coordinator.logout()
    page = client.get(reverse("board:report", args=[report.pk])).content.decode()
    assert "Version 2, published" in page and "Highlights rewritten after publication" in page
    first = client.get(reverse("board:version", args=[report.pk, 1])).content.decode()
    assert "Version 1, published" in first and "rewritten after" not in first
    assert list(report.publications.values_list("number", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_withdrawing_hides_every_version_from_the_public(demo, client, sign_in) -> None:
    report = demo.published_report
    sign_in("coordinator").post(
        reverse("board:publish", args=[report.pk]), {"version": report.version, "action": "withdraw"}
    )
    client.logout()
    assert client.get(reverse("board:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("board:version", args=[report.pk, 1])).status_code == 404
    assert client.get(reverse("board:version_download", args=[report.pk, 1, "docx"])).status_code == 404


@pytest.mark.django_db
def test_publishing_a_stale_page_is_refused_with_409_naming_who_changed_it(demo, sign_in) -> None:
    """Finding: publish/withdraw saved a stale copy of the report (a lost update)."""
    report = demo.draft_report
    opened = report.version
    coordinator = sign_in("coordinator")
    coordinator.post(
        reverse("board:edit_summary", args=[report.pk]), {"summary": "Written meanwhile", "opened_version": opened}
    )
    response = coordinator.post(reverse("board:publish", args=[report.pk]), {"version": opened})
    assert response.status_code == 409
    assert "This was changed by Chris Coordinator at" in response.content.decode()
    report.refresh_from_db()
    assert not report.is_published and report.summary == "Written meanwhile"


@pytest.mark.django_db
def test_publishing_without_the_version_is_a_bad_request(demo, sign_in) -> None:
    response = sign_in("coordinator").post(reverse("board:publish", args=[demo.draft_report.pk]))
    assert response.status_code == 400
    assert not BoardReport.objects.get(pk=demo.draft_report.pk).is_published


@pytest.mark.django_db
def test_publishing_keeps_the_summary_written_after_the_page_was_loaded(demo, sign_in) -> None:
    """The report is reloaded before saving, so publishing never writes back an old summary."""
    report = demo.draft_report
    BoardReport.objects.filter(pk=report.pk).update(summary="Saved by someone else")
    publishing.publish(report, None, BoardReport.objects.get(pk=report.pk).version)
    assert BoardReport.objects.get(pk=report.pk).summary == "Saved by someone else"
    assert Publication.objects.get(report=report).summary == "Saved by someone else"


@pytest.mark.django_db
def test_each_version_file_is_written_once_then_served_from_the_cache(demo, client, monkeypatch) -> None:
    report = demo.published_report
    first = client.get(reverse("board:version_download", args=[report.pk, 1, "docx"]))
    monkeypatch.setattr(publishing, "FILE_FORMATS", {**publishing.FILE_FORMATS, "docx": (None, "nowhere", "x")})
    again = client.get(reverse("board:version_download", args=[report.pk, 1, "docx"]))
    assert again.status_code == 200 and again.content == first.content


@pytest.mark.django_db
def test_a_new_report_gives_each_section_a_history_row(demo, sign_in) -> None:
    """Finding: board sections were created without a history row."""
    from cspkit.web.performance.views import reporting_quarter

    quarter = reporting_quarter().previous().previous()
    sign_in("coordinator").post(reverse("board:plan", args=[demo.plan.pk]), {"quarter": quarter.slug})
    sections = BoardSection.objects.filter(report__year=quarter.year, report__quarter=quarter.number)
    assert sections.exists()
    assert all(section.history.filter(history_type="+").count() == 1 for section in sections)


@pytest.mark.django_db
def test_anonymous_downloads_are_rate_limited_per_address(demo, client, sign_in, monkeypatch) -> None:
    """Finding: anonymous PDF downloads had no cache or limit, so 8 clients slowed every page."""
    from django.core.cache import cache

    from cspkit.web.core import ratelimit

    cache.clear()
    monkeypatch.setattr(publishing, "publication_file", lambda publication, fmt: b"file")
    url = reverse("board:download", args=[demo.published_report.pk, "docx"])
    answers = [client.get(url).status_code for _ in range(ratelimit.ANONYMOUS_DOWNLOADS + 1)]
    assert answers[:-1] == [200] * ratelimit.ANONYMOUS_DOWNLOADS and answers[-1] == 429
    assert sign_in("board").get(url).status_code == 200  # the partnership is not limited
    cache.clear()
