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
        "lookup", "boundaries", "population", "deprivation", "police_uk", "home_office", "indicators",
        "national_context", "ethnicity",
    }  # fmt: skip
    for paths in demo.files.values():
        assert paths and all(path.is_file() and demo.folder in path.parents for path in paths)


def test_the_folder_says_the_data_are_fictional(demo: DemoFiles) -> None:
    notice = (demo.folder / "README.txt").read_text()
    assert "Fictional" in notice and f"--seed {demo.seed}" in notice


def test_the_national_context_is_published_rates_by_area_and_a_most_similar_group(demo: DemoFiles) -> None:
    from cspkit.assess.published import published_title, read_published_rates

    rates_file, msg_file = demo.files["national_context"]
    table = read_published_rates(rates_file)
    assert {"K04000001", "E12000005", "E22900001"} <= set(table)  # England and Wales, the region, Hartbury
    # the table's title line says which year its rates are for, as a published table does
    assert "year ending" in (published_title(rates_file) or "")
    members = msg_file.read_text(encoding="utf-8").splitlines()[1:]
    assert len(members) == 15 and all(line.split(",")[0] in table for line in members)
    assert "E22900001" not in {line.split(",")[0] for line in members}  # a partnership is not its own peer
