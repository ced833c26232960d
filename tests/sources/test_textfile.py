"""Every byte accounted for: line counts, blank lines, line endings and damage with its offset."""

from __future__ import annotations

import io

import pytest

from cspkit.errors import InputError
from cspkit.sources.textfile import bounded_lines, read_head, scan_text


def scan(data: bytes, **kwargs):
    return scan_text(io.BytesIO(data), "file.csv", **kwargs)


@pytest.mark.parametrize(
    ("data", "lines", "blank", "newline"),
    [
        (b"a,b\r\n1,2\r\n3,4\r\n", 3, 0, b"\n"),
        (b"a,b\n1,2\n\n3,4", 4, 1, b"\n"),
        (b"a,b\r1,2\r\r\r3,4\r", 5, 2, b"\r"),
        (b"a,b\r\n\r\n1,2\r\n", 3, 1, b"\n"),
        (b"", 0, 0, b"\n"),
    ],
)
def test_lines_and_blank_lines_are_counted(data, lines, blank, newline):
    found = scan(data)
    assert (found.lines, found.blank_lines, found.newline, found.size) == (lines, blank, newline, len(data))


def test_counts_do_not_depend_on_where_chunks_end():
    data = b"h\r\n" + b"".join(b"%d\r\n\r\n" % i for i in range(500))
    expected = scan(data)
    for chunk in (1, 2, 3, 7, 64):
        assert scan(data, chunk=chunk) == expected
    assert expected.data_lines == 500


def test_a_nul_byte_is_named_with_its_line_and_offset():
    data = b"a,b\n1,2\n3," + b"\0" * 100
    with pytest.raises(InputError, match="NUL byte") as error:
        scan(data, chunk=4)
    assert (error.value.line, error.value.offset) == (3, 10)


def test_a_line_longer_than_the_limit_is_named_where_it_starts():
    data = b"a,b\n1,2\n" + b"x" * 100 + b"\n4,5\n"
    with pytest.raises(InputError, match="longer than 50 bytes") as error:
        scan(data, max_line=50, chunk=16)
    assert (error.value.line, error.value.offset) == (3, 8)


def test_bounded_lines_never_holds_more_than_the_limit():
    stream = io.BytesIO(b"a\n" + b"y" * (3 << 20))
    lines = bounded_lines(stream, "file.csv", max_line=1 << 20)
    assert next(lines) == b"a\n"
    with pytest.raises(InputError, match="no line break"):
        next(lines)


def test_the_head_of_a_file_says_whether_rows_follow():
    assert read_head(io.BytesIO(b"a,b\r\n\r\n\r\n"), "f").more is False
    assert read_head(io.BytesIO(b"a,b\r\n\r\n1,2\r\n"), "f").more is True
    assert read_head(io.BytesIO(b"a,b\r1,2\r"), "f").line == b"a,b"


@pytest.mark.parametrize(
    ("start", "said"),
    [
        ("a,b\n1,2\n".encode("utf-16"), "this is UTF-16 text"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "this is an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "this is an old Excel 97-2003 workbook (.xls)"),
    ],
)
def test_a_file_saved_in_another_format_is_named_not_called_damaged(start, said):
    """Both were "damaged ... as happens when a download is cut short": downloading again would not help."""
    for read in (scan_text, read_head):
        with pytest.raises(InputError, match="CSV UTF-8") as error:
            read(io.BytesIO(start), "lookup.csv")
        assert said in str(error.value) and "cut short" not in str(error.value)
