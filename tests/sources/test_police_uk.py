"""police.uk files are found in folders, zips and single files, named strictly, and checked line by line."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from cspkit.errors import InputError
from cspkit.sources import police_uk
from cspkit.sources.police_uk import check_header, find_files, first_problem, parse_file_name

JANUARY = "2022-01/2022-01-staffordshire-street.csv"


@pytest.fixture(scope="module")
def january(shared_data: Path) -> list[bytes]:
    """The lines (with their line ends) of the real Staffordshire January 2022 file."""
    return (shared_data / "police-uk" / JANUARY).read_bytes().splitlines(keepends=True)


def write(path: Path, lines: list[bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(lines))
    return path


def fields(line: bytes) -> list[bytes]:
    """Fields of a real street row (none of the first ten is quoted in the sample rows used)."""
    return line.rstrip(b"\r\n").split(b",")


def joined(parts: list[bytes]) -> bytes:
    return b",".join(parts) + b"\r\n"


def single(path: Path) -> police_uk.PoliceUkFile:
    (file,) = find_files([path])
    return file


@pytest.mark.parametrize(
    ("name", "month", "force", "kind"),
    [
        ("2022-01-staffordshire-street.csv", date(2022, 1, 1), "staffordshire", "street"),
        ("2022-01-avon-and-somerset-street.csv", date(2022, 1, 1), "avon-and-somerset", "street"),
        ("2021-12-devon-and-cornwall-outcomes.csv", date(2021, 12, 1), "devon-and-cornwall", "outcomes"),
        ("2023-06-avon-and-somerset-stop-and-search.csv", date(2023, 6, 1), "avon-and-somerset", "stop-and-search"),
        ("2022-01/2022-01-btp-street.csv", date(2022, 1, 1), "btp", "street"),
    ],
)
def test_a_file_name_gives_the_month_the_force_and_the_kind(name, month, force, kind):
    assert parse_file_name(name) == (month, force, kind)


@pytest.mark.parametrize(
    "name",
    ["2022-13-staffordshire-street.csv", "2022-01-staffordshire.csv", "2022-01-staffordshire-street.txt",
     "staffordshire-street.csv", "2022-01--street.csv", "notes.csv"],
)
def test_names_that_are_not_police_uk_file_names_are_not_parsed(name):
    assert parse_file_name(name) is None


def test_a_downloaded_folder_tree_yields_every_month(shared_data):
    files = find_files([shared_data / "police-uk"])
    assert [f.month for f in files] == [date(2022, m, 1) for m in range(1, 12)]
    assert {(f.force, f.kind, f.member) for f in files} == {("staffordshire", "street", None)}


def test_a_zip_archive_is_read_in_place_member_by_member(tmp_path, shared_data):
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(shared_data / "police-uk" / JANUARY, JANUARY)
    file = single(archive)
    assert (file.member, file.month, file.force) == (JANUARY, date(2022, 1, 1), "staffordshire")
    contents = [(opened, stream.read()) for opened, stream in police_uk.each_opened([file])]
    assert contents == [(file, (shared_data / "police-uk" / JANUARY).read_bytes())]
    assert file.label == f"{archive}: {JANUARY}"


def test_a_zip_holding_files_that_are_not_police_uk_data_is_refused_naming_them(tmp_path, january):
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(JANUARY, b"".join(january[:3]))
        out.writestr("notes/readme.txt", b"hello")
        out.writestr("2022-01/summary.csv", b"a,b\n1,2\n")
    with pytest.raises(InputError, match=r"not police\.uk data: 2022-01/summary\.csv, notes/readme\.txt") as error:
        find_files([archive])
    assert error.value.source == str(archive)


def test_a_zip_with_no_police_uk_files_is_refused(tmp_path):
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("__MACOSX/._x", b"")
    with pytest.raises(InputError, match=r"holds no police\.uk files"):
        find_files([archive])


def test_a_folder_holding_a_stray_file_is_refused(tmp_path, january):
    write(tmp_path / "data" / JANUARY, january)
    (tmp_path / "data" / "2022-01" / "my notes.xlsx").write_bytes(b"x")
    with pytest.raises(InputError, match=r"not police\.uk data: 2022-01/my notes\.xlsx"):
        find_files([tmp_path / "data"])


def test_a_single_file_must_carry_a_police_uk_name(tmp_path, january):
    path = write(tmp_path / "january.csv", january)
    with pytest.raises(InputError, match="expected YYYY-MM-<force>"):
        find_files([path])


def test_the_same_force_month_and_kind_given_twice_is_refused(tmp_path, january):
    first = write(tmp_path / "a" / JANUARY, january)
    second = write(tmp_path / "b" / JANUARY, january)
    with pytest.raises(InputError, match="2022-01 staffordshire street is also in"):
        find_files([first, second])


def test_one_file_named_twice_or_also_inside_a_folder_given_is_read_once(tmp_path, january, monkeypatch):
    path = write(tmp_path / "data" / JANUARY, january)
    monkeypatch.chdir(tmp_path)
    assert find_files([path, path]) == find_files([path])
    assert find_files([tmp_path / "data", path]) == find_files([path])
    assert find_files([path, Path("data") / ".." / "data" / JANUARY]) == find_files([path])


def test_a_path_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        find_files([tmp_path / "missing"])


def test_a_wrong_header_is_refused_with_the_header_expected(tmp_path, january):
    header = january[0].replace(b"Crime type", b"Crime category")
    file = single(write(tmp_path / JANUARY, [header, *january[1:5]]))
    with pytest.raises(InputError, match="header should be: Crime ID,Month,Reported by") as error:
        check_header(file)
    assert error.value.line == 1


@pytest.mark.parametrize(
    ("spoil", "difference"),
    [
        (lambda h: h.replace(b"Context", b"Context,"), "the header ends with an extra empty column"),
        (lambda h: h.replace(b"Context", b"Context,Extra"), "an unexpected column 'Extra' at position 13"),
        (lambda h: h.lower(), "column 1 is written 'crime id', not 'Crime ID'"),
        (lambda h: h.replace(b",Month", b", Month"), r"column 2, 'Month', has spaces around its name \(' Month'\)"),
        (lambda h: h.replace(b"Location,", b""), "there is no column 'Location': column 7 is 'LSOA code'"),
        (lambda h: h.replace(b",Context", b""), "the header has 11 columns, not 12: no column 'Context'"),
    ],
)
def test_a_wrong_header_says_how_it_differs_and_shows_the_header_found(tmp_path, january, spoil, difference):
    header = spoil(january[0].rstrip(b"\r\n")) + b"\r\n"
    file = single(write(tmp_path / JANUARY, [header, *january[1:5]]))
    with pytest.raises(InputError, match=rf"line 1: {difference}.*The header found is: "
                                         rf"{re.escape(header.decode().strip())}; the header should be: Crime ID"):
        check_header(file)


def test_an_outcomes_header_in_a_file_named_street_is_named_as_such(tmp_path, january):
    header = b"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\r\n"
    file = single(write(tmp_path / JANUARY, [header, *january[1:5]]))
    with pytest.raises(InputError, match=r"the header of a police\.uk outcomes file, but the file name says street"):
        check_header(file)


def test_lines_ending_in_cr_cr_lf_are_named_as_converted_twice(tmp_path, january):
    lines = [line.rstrip(b"\r\n") + b"\r\r\n" for line in january[:5]]
    file = single(write(tmp_path / JANUARY, lines))
    with pytest.raises(InputError, match=r"line 1: the lines end in CR CR LF .* converted twice.*Download or copy"):
        check_header(file)
    assert "CR CR LF" in str(first_problem(file))


def test_a_file_without_its_header_is_refused(tmp_path, january):
    file = single(write(tmp_path / JANUARY, january[1:5]))
    with pytest.raises(InputError, match="header should be"):
        check_header(file)


def test_an_empty_file_is_refused(tmp_path):
    file = single(write(tmp_path / JANUARY, []))
    with pytest.raises(InputError, match="the file is empty"):
        check_header(file)


def test_a_file_with_a_header_and_no_rows_is_refused(tmp_path, january):
    file = single(write(tmp_path / JANUARY, january[:1]))
    with pytest.raises(InputError, match="a header but no rows"):
        check_header(file)


def test_a_real_file_has_no_problem(shared_data):
    assert first_problem(single(shared_data / "police-uk" / JANUARY)) is None


def _too_many_fields(lines):
    lines[56] = lines[56].rstrip(b"\r\n") + b",extra\r\n"
    return 57, "expected 12 fields, found 13"


def _truncated(lines):
    lines[-1] = lines[-1][:40]
    return len(lines), "expected 12 fields, found"


def _other_month(lines):
    lines[1] = lines[1].replace(b",2022-01,", b",2022-02,", 1)
    return 2, "the file name says 2022-01 but Month is 2022-02"


def _not_a_month(lines):
    lines[3] = lines[3].replace(b",2022-01,", b",Jan 2022,", 1)
    return 4, "Month 'Jan 2022' is not a month"


def _two_forces(lines):
    lines[9] = lines[9].replace(b"Staffordshire Police,Staffordshire", b"West Midlands Police,Staffordshire")
    return 10, "file holds more than one force: 'Staffordshire Police' and 'West Midlands Police'"


def _not_utf8(lines):
    lines[8] = lines[8].replace(b"On or near", b"On or n\xe9ar", 1)
    return 9, "bytes that are not UTF-8"


def _outside_great_britain(lines):
    parts = fields(lines[5])
    parts[4] = b"-12.500000"
    lines[5] = joined(parts)
    return 6, "Longitude -12.500000, Latitude .* is outside Great Britain"


def _bad_lsoa(lines):
    parts = fields(lines[7])
    parts[7] = b"E0100943"
    lines[7] = joined(parts)
    return 8, "LSOA code 'E0100943' is not an LSOA code"


def _no_crime_type(lines):
    parts = fields(lines[11])
    parts[9] = b""
    lines[11] = joined(parts)
    return 12, "Crime type is empty"


def _unclosed_quote(lines):
    lines[20] = lines[20].replace(b"On or near", b'"On or near', 1)
    return 21, "quoted field starting on this line is not closed"


@pytest.mark.parametrize(
    "spoil",
    [_too_many_fields, _truncated, _other_month, _not_a_month, _two_forces, _not_utf8, _outside_great_britain,
     _bad_lsoa, _no_crime_type, _unclosed_quote],
)
def test_the_first_problem_names_the_line_and_says_what_is_wrong(tmp_path, january, spoil):
    lines = list(january[:60])
    line, problem = spoil(lines)
    file = single(write(tmp_path / JANUARY, lines))
    error = first_problem(file)
    assert error is not None
    assert error.source == str(tmp_path / JANUARY)
    assert error.line == line
    assert re.search(problem, error.problem), error.problem


STOP_AND_SEARCH = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing\r\n"
)


def test_a_stop_and_search_dated_outside_the_month_in_its_name_is_refused(tmp_path):
    row = ("Person search,{date},False,,52.80,-2.11,Male,18-24,White - English,White,"
           "Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,False,False\r\n")
    dates = ("2022-01-04T10:00:00+00:00", "2022-02-01T00:10:00+00:00")
    lines = [STOP_AND_SEARCH, *(row.format(date=d) for d in dates)]
    file = single(write(tmp_path / "2022-01-staffordshire-stop-and-search.csv", [s.encode() for s in lines]))
    error = first_problem(file)
    assert (error.line, error.problem) == (3, "the file name says 2022-01 but Date is 2022-02-01T00:10:00+00:00")


def test_the_members_of_a_zip_are_read_with_one_opening_of_the_archive(tmp_path, january, monkeypatch):
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for month in ("2022-01", "2022-02", "2022-03"):
            text = b"".join(january[:4]).replace(b"2022-01", month.encode())
            out.writestr(f"{month}/{month}-staffordshire-street.csv", text)
    files = find_files([archive])
    openings = []
    original = zipfile.ZipFile

    def counting(*args, **kwargs):
        openings.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", counting)
    contents = {file.month_text: stream.read() for file, stream in police_uk.each_opened(files)}
    assert len(openings) == 1
    assert contents["2022-02"].count(b",2022-02,") == 3
    police_uk.check_headers(files)


def test_a_zip_whose_index_asks_for_an_unknown_zip_version_is_refused_by_name(tmp_path, january):
    """Found by the fuzz suite: zipfile raises NotImplementedError ("zip file version 17.1") for
    a damaged central directory, which reached the user as a traceback."""
    archive = tmp_path / "police.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(f"2022-01/{JANUARY.split('/')[-1]}", b"".join(january[:3]))
    data = bytearray(archive.read_bytes())
    entry = data.rindex(b"PK\x01\x02")
    data[entry + 6] = 171  # "version needed to extract": 17.1
    archive.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"police\.zip: the zip archive cannot be read \(zip file version 17\.1\)"):
        find_files([archive])
