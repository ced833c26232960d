"""The whole demo partnership: deterministic for a seed, and labelled as fictional."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cspkit.demo.partnership import DemoFiles, write_demo


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_same_seed_writes_byte_identical_files_and_another_seed_does_not(demo: DemoFiles, tmp_path: Path) -> None:
    original = checksums(demo.folder)
    again = checksums(write_demo(tmp_path / "again", seed=demo.seed).folder)
    other = checksums(write_demo(tmp_path / "other", seed=demo.seed + 1).folder)
    assert again == original
    assert other.keys() == original.keys()
    changed = [name for name in original if other[name] != original[name] and name != "README.txt"]
    assert len(changed) == len(original) - 1


def test_every_kind_of_evidence_is_written_inside_the_demo_folder(demo: DemoFiles) -> None:
    assert set(demo.files) == {
        "lookup", "boundaries", "population", "deprivation", "police_uk", "home_office", "indicators", "ethnicity"
    }  # fmt: skip
    for paths in demo.files.values():
        assert paths and all(path.is_file() and demo.folder in path.parents for path in paths)


def test_the_folder_says_the_data_are_fictional(demo: DemoFiles) -> None:
    notice = (demo.folder / "README.txt").read_text()
    assert "Fictional" in notice and f"--seed {demo.seed}" in notice
