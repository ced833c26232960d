"""Loading partner indicators: dates stored with each period, corrected returns replace, failed
loads change nothing."""

from __future__ import annotations

from datetime import date

import pytest

from cspkit.errors import CspkitError, InputError
from cspkit.store.loaders import indicators, lookup

HEADER = "area_code,period,measure,value,denominator,source"


def write(tmp_path, name: str, *rows: str):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_indicators_are_stored_with_the_dates_of_their_periods(store, tmp_path):
    path = write(tmp_path, "fire.csv", "E06000021,2022/23 Q2,Deliberate fires,31,,Fire service")
    indicators.load(store, [path])
    assert store.con.execute(
        "SELECT area_code, period, period_start, period_end, measure, value, denominator, source FROM indicators"
    ).fetchall() == [
        ("E06000021", "2022/23 Q2", date(2022, 7, 1), date(2022, 9, 30), "Deliberate fires", 31, None, "Fire service")
    ]


def test_a_corrected_return_replaces_the_earlier_value_and_a_reload_counts_once(store, tmp_path):
    first = write(
        tmp_path,
        "treatment.csv",
        "E06000021,2022,Treatment completions,40,160,",
        "E07000192,2022,Treatment completions,12,50,",
    )
    indicators.load(store, [first])
    indicators.load(store, [first])
    corrected = write(tmp_path, "treatment-corrected.csv", "E06000021,2022,Treatment completions,42,160,")
    indicators.load(store, [corrected])
    assert store.con.execute("SELECT area_code, value FROM indicators ORDER BY ALL").fetchall() == [
        ("E06000021", 42),
        ("E07000192", 12),
    ]


def test_a_failed_load_changes_nothing(store, tmp_path):
    good = write(tmp_path, "a.csv", "E06000021,2022-01,Fires,1,,")
    bad = write(tmp_path, "b.csv", "E06000021,Jan 2022,Fires,1,,")
    with pytest.raises(InputError, match=r"b.csv, line 2: period 'Jan 2022'"):
        indicators.load(store, [good, bad])
    assert store.con.execute("SELECT (SELECT count(*) FROM indicators) + (SELECT count(*) FROM loads)").fetchone() == (
        0,
    )


def test_two_files_with_the_same_measure_area_and_period_are_refused(store, tmp_path):
    a = write(tmp_path, "a.csv", "E06000021,2022-01,Fires,1,,")
    b = write(tmp_path, "b.csv", "E06000021,2022-01,Fires,2,,")
    with pytest.raises(CspkitError, match="both hold 'Fires' for E06000021 in 2022-01"):
        indicators.load(store, [a, b])


def test_options_are_refused(store, tmp_path):
    with pytest.raises(CspkitError, match="--level does not apply to indicator files"):
        indicators.load(store, [write(tmp_path, "a.csv", "E06000021,2022-01,Fires,1,,")], level="lad")


def test_a_load_warns_of_area_codes_no_loaded_lookup_knows(store, tmp_path):
    districts = tmp_path / "lookup_lsoa11_ltla21.csv"
    districts.write_text("LSOA11CD,LAD21CD\nE01014210,E06000021\n", encoding="utf-8")
    lookup.load(store, [districts])
    path = write(tmp_path, "fire.csv", "E06000021,2022-03,Fires,1,,", "E06999999,2022-03,Fires,1,,")
    report = indicators.load(store, [path])
    assert [w for w in report.warnings if "E06999999; first on line 3" in w]
    assert store.con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 2
