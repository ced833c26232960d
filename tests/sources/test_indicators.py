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
