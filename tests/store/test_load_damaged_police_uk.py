"""Damaged and unusual police.uk files, as downloads and Excel re-saves produce them: each is
either loaded with every row accounted for, or refused with a message naming the file (and zip
member), the line or byte and the problem, leaving the store unchanged (issue 9)."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import duckdb
import pytest

from cspkit.errors import InputError, StoreError
from cspkit.sources import police_uk as police_uk_source
from cspkit.store.loaders.police_uk import load

JANUARY = "2022-01/2022-01-staffordshire-street.csv"
ROWS = 6_324


@pytest.fixture(scope="module")
def january(shared_data: Path) -> bytes:
    return (shared_data / "police-uk" / JANUARY).read_bytes()


def lines_of(data: bytes) -> list[bytes]:
    return data.split(b"\r\n")


def write(folder: Path, data: bytes, name: str = "2022-01-staffordshire-street.csv") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def held(store) -> tuple:
    return store.con.execute(
        "SELECT (SELECT count(*) FROM street_crimes), (SELECT count(*) FROM police_uk_files), "
        "(SELECT count(*) FROM loads)"
    ).fetchone()


def refused(store, paths, match: str) -> InputError:
    before = held(store)
    with pytest.raises(InputError, match=match) as error:
        load(store, paths)
    assert held(store) == before
    return error.value


# --- Silent loss: a damaged end is named with its byte offset ---------------------------------


def test_a_file_followed_by_32_mib_of_null_bytes_is_refused_at_the_first_null(tmp_path, store, january):
    path = write(tmp_path, january)
    with open(path, "r+b") as stream:  # a sparse tail of zeros: nothing is written to disk
        stream.truncate(len(january) + (33 << 20))
    error = refused(store, [path], "NUL byte")
    assert error.offset == len(january)
    assert error.line == ROWS + 2


def test_a_header_one_row_and_40_mib_of_junk_do_not_replace_a_month(tmp_path, store, january):
    load(store, [write(tmp_path / "good", january)])
    junk = lines_of(january)[0] + b"\r\n" + lines_of(january)[1] + b"\r\n" + b"x" * (40 << 20)
    error = refused(store, [write(tmp_path / "bad", junk)], "no line break")
    assert error.offset == len(lines_of(january)[0]) + len(lines_of(january)[1]) + 4
    assert held(store)[0] == ROWS


def test_a_32_mib_line_in_the_middle_is_named_with_its_line_and_byte(tmp_path, store, january):
    lines = lines_of(january)
    lines[3000] += b"y" * (32 << 20)
    error = refused(store, [write(tmp_path, b"\r\n".join(lines))], "longer than 1,048,576 bytes")
    assert error.line == 3001
    assert error.offset == sum(len(line) + 2 for line in lines[:3000])


def test_a_first_line_longer_than_131072_characters_gets_a_message(tmp_path, store, january):
    header = b"Crime ID" + b"x" * 200_000
    refused(store, [write(tmp_path, header + b"\r\n" + january)], "header should be")


# --- Excel re-saves and blank lines -----------------------------------------------------------


def test_a_file_with_carriage_returns_only_loads_every_row(tmp_path, store, january):
    report = load(store, [write(tmp_path, january.replace(b"\r\n", b"\r"))])
    assert report.rows == held(store)[0] == ROWS


def test_a_blank_line_after_the_header_does_not_hide_the_rows(tmp_path, store, january):
    lines = lines_of(january)
    report = load(store, [write(tmp_path, b"\r\n".join([lines[0], b"", *lines[1:]]))])
    assert report.rows == ROWS


def test_a_blank_line_does_not_hide_a_bad_lsoa_code_further_on(tmp_path, store, january):
    lines = lines_of(january)
    lines[4000] = lines[4000].replace(b",E01", b",X01", 1)
    lines.insert(50, b"")
    error = refused(store, [write(tmp_path, b"\r\n".join(lines))], "LSOA code 'X01")
    assert error.line == 4002


def test_many_blank_lines_are_skipped_and_every_row_loaded(tmp_path, store, january, monkeypatch):
    lines = lines_of(january)
    blanks = b"\r\n" * (16 << 20)  # 32 MiB: DuckDB's strict reader stops at so many
    cleaned = []
    original = police_uk_source.without_blank_lines
    monkeypatch.setattr(police_uk_source, "without_blank_lines", lambda *a: cleaned.append(a) or original(*a))
    report = load(store, [write(tmp_path, b"\r\n".join(lines[:3000]) + b"\r\n" + blanks + b"\r\n".join(lines[3000:]))])
    assert report.rows == held(store)[0] == ROWS
    assert len(cleaned) == 1  # loaded from a copy without the blank lines


def test_blank_lines_with_mixed_line_endings_are_skipped(tmp_path, store, january):
    lines = january.split(b"\n")
    report = load(store, [write(tmp_path, b"\n".join([*lines[:50], b"", *lines[50:]]))])
    assert report.rows == ROWS


# --- Zips ---------------------------------------------------------------------------------------


def zipped(tmp_path: Path, data: bytes, member: str = JANUARY, method: int = zipfile.ZIP_DEFLATED) -> Path:
    archive = tmp_path / "police.zip"
    with zipfile.ZipFile(archive, "w", method) as out:
        out.writestr(member, data)
    return archive


def test_a_zip_cut_in_half_is_called_cut_short_not_a_wrong_name(tmp_path, store, january):
    archive = zipped(tmp_path, january)
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refused(store, [archive], "cut short or damaged")


def test_damaged_compressed_data_is_named_with_the_member(tmp_path, store, january):
    archive = zipped(tmp_path, january)
    data = bytearray(archive.read_bytes())
    for i in range(2_000, 2_400):
        data[i] ^= 0x5A
    archive.write_bytes(bytes(data))
    error = refused(store, [archive], "damaged|checksum")
    assert JANUARY in str(error)


def test_a_bad_crc_is_named(tmp_path, store, january):
    archive = zipped(tmp_path, january, method=zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    offset = data.index(b"2022-01,Staffordshire Police", 100)
    data[offset] = ord("3")  # one changed byte: the stored CRC no longer matches
    archive.write_bytes(bytes(data))
    error = refused(store, [archive], "checksum \\(CRC\\)")
    assert JANUARY in str(error)


def _set_flag(archive: Path, bit: int) -> None:
    data = bytearray(archive.read_bytes())
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    for at in (local + 6, central + 8):
        flags = struct.unpack_from("<H", data, at)[0]
        struct.pack_into("<H", data, at, flags | bit)
    archive.write_bytes(bytes(data))


def test_a_password_protected_zip_is_named(tmp_path, store, january):
    archive = zipped(tmp_path, january)
    _set_flag(archive, 0x1)
    error = refused(store, [archive], "protected by a password")
    assert JANUARY in str(error)


def _as_deflate64(archive: Path) -> None:
    data = bytearray(archive.read_bytes())
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<H", data, local + 8, 9)
    struct.pack_into("<H", data, central + 10, 9)
    archive.write_bytes(bytes(data))


def test_a_deflate64_zip_as_windows_writes_is_read(tmp_path, store, january, monkeypatch):
    # Deflate64 extends Deflate: a Deflate stream of Huffman-coded literals only (no matches,
    # where the two differ) is also valid Deflate64, so the member is relabelled method 9.
    monkeypatch.setattr(zipfile, "_get_compressor", lambda *_: zlib.compressobj(
        9, zlib.DEFLATED, -15, 9, zlib.Z_HUFFMAN_ONLY))
    data = b"\r\n".join(lines_of(january)[:2000])
    archive = zipped(tmp_path, data)
    monkeypatch.undo()
    _as_deflate64(archive)
    with zipfile.ZipFile(archive) as check:
        assert check.infolist()[0].compress_type == 9
        assert check.read(JANUARY) == data
    report = load(store, [archive])
    assert report.rows == held(store)[0] == 1999


def test_a_folder_with_brackets_in_a_zip_is_taken_literally(tmp_path, store, january):
    report = load(store, [zipped(tmp_path, january, member=f"police [2022]/{JANUARY}")])
    assert report.rows == ROWS
    assert report.files[0].member == f"police [2022]/{JANUARY}"


def test_a_zip_bomb_of_nulls_is_refused_without_reading_it_into_memory(tmp_path, store):
    archive = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
        out.open(JANUARY, "w", force_zip64=True) as member,
    ):
        block = bytes(1 << 20)
        for _ in range(256):
            member.write(block)
    tracemalloc.start()
    try:
        refused(store, [archive], "NUL byte")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20


# --- Store problems name the store ---------------------------------------------------------------


class _FullDisk:
    """The store's connection, failing as a full disk does on the statement that matches."""

    def __init__(self, con: duckdb.DuckDBPyConnection, failing: str) -> None:
        self._con, self._failing = con, failing

    def execute(self, sql: str, *args, **kwargs):
        if sql.lstrip().upper().startswith(self._failing):
            raise duckdb.IOException('Could not write file "evidence.duckdb.wal": No space left on device')
        return self._con.execute(sql, *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._con, name)


@pytest.mark.parametrize("failing", ["COMMIT", "INSERT INTO STREET_CRIMES"])
def test_disk_full_names_the_store_not_the_files(tmp_path, store, january, failing):
    path = write(tmp_path, january)
    real = store.con
    store.con = _FullDisk(real, failing)
    try:
        with pytest.raises(StoreError, match=r"evidence store at .*disk holding it is full") as error:
            load(store, [path])
    finally:
        store.con = real
    assert "could not be read" not in str(error.value)
    assert held(store) == (0, 0, 0)
