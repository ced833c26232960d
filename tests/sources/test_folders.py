"""A folder of files is read whole, or the command says what it could not read: never a month
passed over in silence (the hostile-input campaign's worst finding)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from cspkit.errors import InputError
from cspkit.sources.folders import files_in
from cspkit.sources.police_uk import find_files


def _months(shared_data: Path, folder: Path, months: tuple[str, ...] = ("2022-01", "2022-02")) -> Path:
    folder.mkdir()
    for month in months:
        (folder / month).mkdir()
        name = f"{month}-staffordshire-street.csv"
        (folder / month / name).symlink_to(shared_data / "police-uk" / month / name)
    return folder


def test_a_month_folder_that_is_a_link_is_read(shared_data, tmp_path):
    police = _months(shared_data, tmp_path / "police", ("2022-01",))
    (police / "2022-02").symlink_to(shared_data / "police-uk" / "2022-02", target_is_directory=True)
    (police / "loop").symlink_to(police, target_is_directory=True)  # a link back up: read once, not forever
    months = sorted(f.month for f in find_files([police]))
    assert [f"{m:%Y-%m}" for m in months] == ["2022-01", "2022-02"]


def test_a_link_to_nothing_is_refused_by_name(shared_data, tmp_path):
    police = _months(shared_data, tmp_path / "police")
    (police / "2022-03-staffordshire-street.csv").symlink_to(tmp_path / "gone.csv")
    with pytest.raises(InputError, match=r"2022-03-staffordshire-street\.csv.*a link to a file that does not exist"):
        find_files([police])


def test_a_folder_that_cannot_be_opened_is_refused_by_name(shared_data, tmp_path, monkeypatch):
    """As an ordinary user finds with a month folder they may not read (root reads everything, so the
    refusal the operating system gives is what is played here)."""
    police = _months(shared_data, tmp_path / "police")
    walk = os.walk

    def locked(top, onerror=None, followlinks=False):
        for root, folders, names in walk(top, onerror=onerror, followlinks=followlinks):
            if root.endswith("2022-02"):
                onerror(PermissionError(errno.EACCES, "Permission denied", root))
                continue
            yield root, folders, names

    monkeypatch.setattr(os, "walk", locked)
    with pytest.raises(InputError, match=r"2022-02: cannot open this folder \(permission denied\); nothing was loaded"):
        files_in(police)
