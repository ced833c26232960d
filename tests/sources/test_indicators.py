"""Partner indicators: every period format becomes its first and last day; bad rows are named."""

from __future__ import annotations

from datetime import date

import pytest

from cspkit.errors import InputError
from cspkit.sources.indicators import Period, parse_period, read_indicators


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022-03", date(2022, 3, 1), date(2022, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2022-Q1", date(2022, 1, 1), date(2022, 3, 31)),
        ("2022 Q4", date(2022, 10, 1), date(2022, 12, 31)),
        ("2022/23 Q1", date(2022, 4, 1), date(2022, 6, 30)),
        ("2022/23 Q4", date(2023, 1, 1), date(2023, 3, 31)),
        ("2022/23", date(2022, 4, 1), date(2023, 3, 31)),
        ("1999/00", date(1999, 4, 1), date(2000, 3, 31)),
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_each_period_format_gives_its_first_and_last_day(text, start, end):
    assert parse_period(text) == Period(start, end)


@pytest.mark.parametrize("text", ["2022-13", "2022/24", "2022-Q5", "March 2022", "22/23", ""])
def test_text_that_is_not_a_period_is_not_guessed(text):
    assert parse_period(text) is None


def write(tmp_path, *lines: str, name: str = "fire.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = "area_code,period,measure,value,denominator"


def test_a_partner_file_is_read_with_dates_and_its_file_name_as_source(tmp_path):
    path = write(
        tmp_path,
        HEADER,
        "E06000021,2022-03,Deliberate fires,12,",
        "E06000021,2022/23 Q1,Drug treatment completions,40,160",
    )
    rows = read_indicators(path).table.to_pylist()
    assert rows[0] == {
        "area_code": "E06000021",
        "period": "2022-03",
        "period_start": date(2022, 3, 1),
        "period_end": date(2022, 3, 31),
        "measure": "Deliberate fires",
        "value": 12.0,
        "denominator": None,
        "source": "fire.csv",
    }
    assert (rows[1]["period_start"], rows[1]["denominator"]) == (date(2022, 4, 1), 160.0)


def test_a_source_column_names_the_partner(tmp_path):
    path = write(tmp_path, "area,period,measure,value,source", "E06000021,2022,Reoffending rate,0.25,Probation")
    assert read_indicators(path).table["source"].to_pylist() == ["Probation"]


def test_an_unknown_period_format_names_its_line_and_the_formats_known(tmp_path):
    path = write(tmp_path, HEADER, "E06000021,2022-03,Fires,1,", "E06000021,Mar-22,Fires,1,")
    with pytest.raises(
        InputError, match=r"line 3: period 'Mar-22' is not a period cspkit knows: write it like 2022-03 \(month\)"
    ):
        read_indicators(path)


def test_a_value_that_is_not_a_number_names_its_line(tmp_path):
    path = write(tmp_path, HEADER, "E06000021,2022-03,Fires,twelve,")
    with pytest.raises(InputError, match="line 2: the value in column 'value' is 'twelve', not a number"):
        read_indicators(path)


def test_an_area_that_is_not_an_ons_code_is_refused(tmp_path):
    path = write(tmp_path, HEADER, "Stoke-on-Trent,2022-03,Fires,1,")
    with pytest.raises(InputError, match="line 2: area 'Stoke-on-Trent' is not an ONS area code"):
        read_indicators(path)


def test_the_same_measure_twice_for_an_area_and_period_is_refused(tmp_path):
    path = write(tmp_path, HEADER, "E06000021,2022-03,Fires,1,", "E06000021,2022-03,Fires,2,")
    with pytest.raises(InputError, match=r"line 3: 'Fires' for E06000021 in 2022-03 appears twice \(first on line 2\)"):
        read_indicators(path)


def test_a_file_without_a_measure_column_is_refused(tmp_path):
    path = write(tmp_path, "area_code,period,value", "E06000021,2022-03,1")
    with pytest.raises(InputError, match="no column 'measure' or 'indicator'"):
        read_indicators(path)


@pytest.mark.parametrize("period", ["0001-01", "1999", "2099-Q1", "1066/67"])
def test_a_period_no_partnership_could_report_is_refused(tmp_path, period):
    path = write(tmp_path, HEADER, "E06000021,2022-03,Fires,1,", f"E06000021,{period},Fires,1,")
    with pytest.raises(InputError, match=rf"line 3: period '{period}' is outside the years a partnership's figures "
                                         r"can cover \(2000 to \d{4}\)"):
        read_indicators(path)


@pytest.mark.parametrize("other", ["deliberate fires", "Deliberate  fires", " DELIBERATE FIRES"])
def test_one_measure_written_two_ways_is_refused_naming_both_lines(tmp_path, other):
    path = write(tmp_path, HEADER, "E06000021,2022-03,Deliberate fires,1,", "E06000021,2022-04,Arson,1,",
                 f"E06000021,2022-04,{other},2,")
    with pytest.raises(InputError, match=r"line 4: the measure is written 'Deliberate fires' on line 2 but "
                                         r"'.+' here: they differ only in capitals or spaces"):
        read_indicators(path)


def test_rows_of_area_codes_the_store_does_not_know_are_counted_with_an_example(tmp_path):
    path = write(tmp_path, HEADER, "E06000021,2022-03,Fires,1,", "E07999999,2022-03,Fires,2,",
                 "E07999999,2022-04,Fires,2,", "E01014210,2022-03,Fires,2,")
    known = {"E06000021", "E07000192"}  # districts known, LSOAs not: an LSOA code cannot be judged
    assert read_indicators(path, known_codes=known).warnings == (
        f"{path}: 2 rows have area codes that no loaded lookup knows (E07999999; first on line 3): they are loaded, "
        "but cannot be placed in any area the store knows. Check the codes, or load the lookup that holds them",
    )
    assert read_indicators(path).warnings == ()
