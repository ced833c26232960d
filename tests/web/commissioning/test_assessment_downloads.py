"""The two files for the strategic assessment are downloads for the partnership's coordinator only;
what is downloaded reads back as the assessment expects, and a bad period is a 404, not a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from cspkit.sources.casework_counts import read_casework_counts
from cspkit.sources.projects import read_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def hartbury(projects):
    return projects["P1"].partnership


def test_the_coordinator_downloads_both_files_and_they_read_back(sign_in, hartbury, tmp_path: Path):
    client = sign_in("coordinator")
    index = client.get(reverse("commissioning:index")).content.decode()
    assert reverse("commissioning:projects_csv", args=[hartbury.pk]) in index
    counts = client.get(reverse("cases:counts_csv", args=[hartbury.pk]), {"period": "2025/26"})
    assert counts.status_code == 200 and counts["Content-Type"].startswith("text/csv")
    (tmp_path / "counts.csv").write_bytes(counts.content)
    read = read_casework_counts(tmp_path / "counts.csv")
    assert [p.label for p in read.periods] == ["April 2024 to March 2025", "April 2025 to March 2026"]
    projects = client.get(reverse("commissioning:projects_csv", args=[hartbury.pk]))
    (tmp_path / "projects.csv").write_bytes(projects.content)
    assert [p.reference for p in read_projects(tmp_path / "projects.csv")] == ["P1", "P2", "P3", "P4", "P5", "P6"]


OTHERS = ["analyst", "officer", "board", "provider", "asbofficer", "supervisor", "outsider"]


@pytest.mark.parametrize("username", OTHERS)
def test_no_one_else_downloads_them(sign_in, hartbury, username):
    client = sign_in(username)
    assert client.get(reverse("cases:counts_csv", args=[hartbury.pk])).status_code == 403
    assert client.get(reverse("commissioning:projects_csv", args=[hartbury.pk])).status_code == 403
    assert reverse("commissioning:projects_csv", args=[hartbury.pk]) not in client.get(
        reverse("commissioning:index")
    ).content.decode()


def test_anonymous_people_are_sent_to_sign_in(client, hartbury):
    response = client.get(reverse("commissioning:projects_csv", args=[hartbury.pk]))
    assert response.status_code == 302 and "sign-in" in response["Location"]


@pytest.mark.parametrize("period", ["2025/27", "last year", "1066", "9999-01..9999-12"])
def test_a_bad_period_is_not_found(sign_in, hartbury, period):
    response = sign_in("coordinator").get(reverse("cases:counts_csv", args=[hartbury.pk]), {"period": period})
    assert response.status_code == 404
