"""An assessment is reused only while the evidence, the request and cspkit are what it was built
from: any new load, another period or a changed file named by the request builds it again."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.kept import KEEP, assessment_key, keep_assessment, keep_if_unchanged, kept_assessment
from cspkit.assess.period import parse_period
from cspkit.store.loads import record_load

pytestmark = pytest.mark.slow

REQUEST = AssessmentRequest(area="Cannock Chase", period=parse_period("2022-01..2022-11"))


def test_the_key_changes_with_the_evidence_the_request_and_the_files_it_names(staffordshire_store, tmp_path: Path):
    con = staffordshire_store.con
    key = assessment_key(con, REQUEST)
    assert assessment_key(con, REQUEST) == key  # nothing changed: the same key
    assert assessment_key(con, replace(REQUEST, period=parse_period("2022-02..2022-11"))) != key
    assert assessment_key(con, replace(REQUEST, area="Stafford")) != key
    peers = tmp_path / "peers.txt"
    peers.write_text("Stafford\n", encoding="utf-8")
    with_peers = assessment_key(con, replace(REQUEST, peers_file=peers))
    assert with_peers != key
    peers.write_text("Stafford\nLichfield\n", encoding="utf-8")  # the same file name, new contents
    assert assessment_key(con, replace(REQUEST, peers_file=peers)) != with_peers
    with staffordshire_store.transaction():
        record_load(con, kind="population", source_file=tmp_path / "population.csv", sha256="0" * 64, rows=1)
    assert assessment_key(con, REQUEST) != key  # a new load: built again


def test_a_kept_assessment_is_the_one_built_and_only_under_its_own_key(staffordshire_store, tmp_path: Path):
    built = build_assessment(staffordshire_store, REQUEST)
    key = assessment_key(staffordshire_store.con, REQUEST)
    folder = tmp_path / "kept"
    assert kept_assessment(folder, key) is None
    keep_assessment(folder, key, built)
    found = kept_assessment(folder, key)
    assert found is not None and found.created_at == built.created_at
    assert found.statements == built.statements and found.parameters == built.parameters
    assert sorted(found.tables) == sorted(built.tables)
    for name, table in built.tables.items():
        assert pickle.dumps(found.tables[name]) == pickle.dumps(table), name  # same values, types and index
    assert kept_assessment(folder, "0" * 64) is None
    whole = (folder / f"{key}.pickle").read_bytes()
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 1  # one bit changed on the disk
    (folder / f"{key}.pickle").write_bytes(bytes(flipped))
    assert kept_assessment(folder, key) is None  # not what was written: built again, never an error
    (folder / f"{key}.pickle").write_bytes(whole[:1000])
    assert kept_assessment(folder, key) is None
    (folder / f"{key}.pickle").write_bytes(whole)
    assert kept_assessment(folder, key) is not None


def test_a_result_is_kept_only_if_what_it_was_built_from_did_not_change_meanwhile(
    staffordshire_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    peers = tmp_path / "peers.txt"
    peers.write_text("Stafford\n", encoding="utf-8")
    request = replace(REQUEST, peers_file=peers)
    con = staffordshire_store.con
    key = assessment_key(con, request)
    built = build_assessment(staffordshire_store, request)
    peers.write_text("Stafford\nLichfield\n", encoding="utf-8")  # edited while the assessment was built
    keep_if_unchanged(tmp_path / "kept", key, con, request, built)
    assert kept_assessment(tmp_path / "kept", key) is None
    peers.write_text("Stafford\n", encoding="utf-8")
    keep_if_unchanged(tmp_path / "kept", key, con, request, built)
    assert kept_assessment(tmp_path / "kept", key) is not None
    from cspkit.assess import kept

    monkeypatch.setattr(kept, "_libraries", lambda: b"pandas 99.0")  # an upgraded library: built again
    assert assessment_key(con, request) != key


def test_only_the_most_recently_used_assessments_are_kept(staffordshire_store, tmp_path: Path):
    built = build_assessment(staffordshire_store, REQUEST)
    folder = tmp_path / "kept"
    for number in range(KEEP + 3):
        keep_assessment(folder, f"{number:064d}", built)
    assert len(list(folder.glob("*.pickle"))) == KEEP
    assert kept_assessment(folder, f"{KEEP + 2:064d}") is not None
    assert not list(folder.glob(".*.tmp"))


def test_the_key_changes_with_any_file_cspkit_ships(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from cspkit.assess import kept

    package = tmp_path / "cspkit"
    (package / "assess").mkdir(parents=True)
    (package / "assess" / "kept.py").write_text("# code\n", encoding="utf-8")
    groupings = package / "assess" / "groupings.yaml"
    groupings.write_text("Burglary: [Burglary]\n", encoding="utf-8")
    monkeypatch.setattr(kept, "__file__", str(package / "assess" / "kept.py"))

    def digest() -> bytes:
        kept._source_code.cache_clear()
        return kept._source_code()

    first = digest()
    assert digest() == first
    groupings.write_text("Burglary: [Burglary, Robbery]\n", encoding="utf-8")  # shipped data, not code
    assert digest() != first
    kept._source_code.cache_clear()
