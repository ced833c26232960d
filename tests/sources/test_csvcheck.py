"""The shared CSV checks name the file, the line and the problem for every kind of bad input."""

from __future__ import annotations

import pytest

from cspkit.errors import InputError
from cspkit.sources.csvcheck import normalise, read_csv


def write(tmp_path, text: str | bytes, name: str = "data.csv"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_header_names_are_matched_whatever_their_case_spacing_or_punctuation():
    assert normalise(" Number of Offences ") == "number_of_offences"
    assert normalise("LSOA code (2011)") == "lsoa_code_2011"
    assert normalise("90+") == "90+"


def test_values_are_read_as_text_without_the_padding_around_them(tmp_path):
    csv = read_csv(write(tmp_path, "\ufeffArea,Count\nE01014210, 12 \n"))
    assert csv.header == {"area": "Area", "count": "Count"}
    assert csv.column("count").to_pylist() == ["12"]


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"data.csv: the file is empty"):
        read_csv(write(tmp_path, ""))


def test_a_file_with_only_a_header_is_refused(tmp_path):
    with pytest.raises(InputError, match="header but no rows of data"):
        read_csv(write(tmp_path, "area,count\n"))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match=r"missing.csv: no such file"):
        read_csv(tmp_path / "missing.csv")


def test_text_that_is_not_utf8_names_the_line_and_the_byte(tmp_path):
    path = write(tmp_path, "area,name\nE01014210,Stoke\nE01014211,Caf\xe9\n".encode("cp1252"))
    with pytest.raises(InputError, match=r"line 3: the file is not UTF-8 text \(byte 0xE9"):
        read_csv(path)


def test_a_row_wider_than_the_header_names_its_line(tmp_path):
    path = write(tmp_path, "area,count\nE01014210,1\nE01014211,2,3\n")
    with pytest.raises(InputError, match="line 3: this line has 3 fields but the header has 2"):
        read_csv(path)


def test_two_columns_with_the_same_name_are_refused(tmp_path):
    with pytest.raises(InputError, match="line 1: two columns are called 'Area' and 'area'"):
        read_csv(write(tmp_path, "Area,area\n1,2\n"))


def test_line_numbers_count_blank_lines_and_values_spanning_lines(tmp_path):
    path = write(tmp_path, 'area,note,count\nE01014210,"two\nlines",1\n\nE01014211,x,lots\n')
    csv = read_csv(path)
    with pytest.raises(InputError, match=r"line 5: the count in column 'count' is 'lots', not a number"):
        csv.numbers("count", what="the count")


def test_numbers_accept_padding_thousands_separators_and_minus_zero(tmp_path):
    csv = read_csv(write(tmp_path, 'count\n 12 \n"1,234"\n-00\n1944.0\n'))
    assert csv.numbers("count", what="the count").to_pylist() == [12, 1234, 0, 1944]


def test_a_blank_number_is_named_as_empty_unless_blanks_are_allowed(tmp_path):
    csv = read_csv(write(tmp_path, "area,count\nA,1\nB,\n"))
    assert csv.numbers("count", what="the count", blank=True).to_pylist() == [1, None]
    with pytest.raises(InputError, match=r"line 3: the count \(column 'count'\) is empty"):
        csv.numbers("count", what="the count")


def test_numbers_outside_their_range_or_not_whole_are_refused(tmp_path):
    csv = read_csv(write(tmp_path, "decile\n3\n2.5\n11\n"))
    with pytest.raises(InputError, match=r"line 3: the decile in column 'decile' is '2.5', not a whole number"):
        csv.numbers("decile", what="the decile", integer=True)
    with pytest.raises(InputError, match=r"line 4: .* cannot be above 10"):
        csv.numbers("decile", what="the decile", maximum=10)


def test_a_repeated_key_names_both_lines(tmp_path):
    csv = read_csv(write(tmp_path, "area,month\nA,2022-01\nB,2022-01\nA,2022-02\nA,2022-01\n"))
    with pytest.raises(InputError, match=r"line 5: area A in 2022-01 appears twice \(first on line 2\)"):
        csv.check_unique(["area", "month"], lambda row: f"area {csv.value('area', row)} in {csv.value('month', row)}")


def test_missing_columns_are_listed_with_the_columns_the_file_has(tmp_path):
    csv = read_csv(write(tmp_path, "Area,Count\nA,1\n"))
    with pytest.raises(
        InputError, match=r"line 1: this does not look like a test file: no column 'Period'.*'Area', 'Count'"
    ):
        csv.find_columns({"area": ("Area",), "period": ("Period",)}, what="a test file")


def test_a_title_line_above_the_column_names_is_named_as_such(tmp_path):
    path = write(tmp_path, "Table 1: crimes by area\nSource: ONS\n\nArea,Count,Year\nE01014210,1,2022\n")
    with pytest.raises(InputError, match=r"line 1: this does not look like the column names: it is one column "
                                         r"\('Table 1: crimes by area'\) but line 4 has 3 fields\. If the file begins "
                                         r"with a title or notes, delete the lines above the column names"):
        read_csv(path)


def test_column_names_under_a_title_spread_across_the_columns_are_found_on_their_line(tmp_path):
    csv = read_csv(write(tmp_path, "Table 1: crimes,,\nSource: ONS,,\nArea,Count,Year\nE01014210,1,2022\n"))
    with pytest.raises(InputError, match=r"line 1: the column names are on line 3, not line 1: delete the lines "
                                         r"above them \(a title or notes\)"):
        csv.find_columns({"area": ("Area",), "count": ("Count",)}, what="a test file")


def test_text_after_a_closing_quote_mark_is_refused_not_quietly_mended(tmp_path):
    """pyarrow reads ``"x"y`` as ``xy``: a damaged file (here a run of quote marks that merges
    two column names, as the fuzz suite found) would load with a column silently lost."""
    merged = 'lsoa11_code,Crime_rank,""""Housing_rank,Environment_rank\nE01000001,1,2,3\n'
    with pytest.raises(InputError, match=r"line 1: a quoted value is broken"):
        read_csv(write(tmp_path, merged))
    with pytest.raises(InputError, match=r"line 3: a quoted value is broken"):
        read_csv(write(tmp_path, 'area,count\nE01014210,"1"\nE01014211,"2"x\n'))


def test_a_quote_left_open_is_named_on_the_line_it_was_opened(tmp_path):
    """The hostile campaign: a quote opened on line 1,002 was reported on line 2,061, where the csv
    module gave up, sending the user to the wrong row."""
    rows = [f"E0101{n:04d},{n}" for n in range(2000)]
    rows[1000] = '"E0101abc,1'  # line 1,002 (the header is line 1): the quote is never closed
    with pytest.raises(InputError, match=r"line 1002: a quoted field is not closed"):
        read_csv(write(tmp_path, "area,count\n" + "\n".join(rows) + "\n"))
    rows[1500] = '"E0101xyz",2'  # a later quoted value closes it, and the csv module stops further on
    with pytest.raises(InputError, match=r"line 1002: a quoted value is broken .*lines 1,002 to 1,502"):
        read_csv(write(tmp_path, "area,count\n" + "\n".join(rows) + "\n"))


def test_quoted_values_with_commas_doubled_quotes_and_line_breaks_are_read(tmp_path):
    csv = read_csv(write(tmp_path, 'area,name\nE01,"Bristol, City of"\nE02,"the ""Hill""\nestate"\n'))
    assert csv.column("name").to_pylist() == ["Bristol, City of", 'the "Hill"\nestate']


def test_a_header_of_a_hundred_thousand_columns_is_refused_at_once(tmp_path):
    """Found by the fuzz suite: a run of commas in the header (a damaged file) made the check for
    repeated names take hours (it compared every column with every earlier one)."""
    with pytest.raises(InputError, match=r"line 1: the first line names 100,001 columns"):
        read_csv(write(tmp_path, "area" + "," * 100_000 + "\nE01\n"))


def test_repeated_column_names_are_found_among_thousands(tmp_path):
    names = [f"c{i}" for i in range(4_000)] + [" C17"]
    with pytest.raises(InputError, match=r"two columns are called 'c17' and 'C17'"):
        read_csv(write(tmp_path, ",".join(names) + "\n" + ",".join("1" * len(names)) + "\n"))
