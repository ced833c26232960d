"""Stop and search months are UK months (issue 17): police.uk writes Date in UTC and files each
search under its month in Europe/London time. Real files of summer (BST) and winter (GMT) load and
are counted exactly; the UTC month boundary is tested both ways in both seasons."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from cspkit.errors import InputError
from cspkit.sources.police_uk import find_files, first_problem, uk_month
from cspkit.store.loaders.police_uk import load

REAL = Path(__file__).parent / "data" / "police-uk-real"
HEADER = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing"
)


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize(
    ("published", "month"),
    [
        ("2018-03-31T23:00:00+00:00", "2018-04"),  # BST began 25 March: 00:00 on 1 April in the UK
        ("2018-06-30T22:59:59+00:00", "2018-06"),  # 23:59 BST, still June
        ("2018-06-30T23:00:00+00:00", "2018-07"),  # midnight BST: July
        ("2017-12-31T23:59:00+00:00", "2017-12"),  # GMT: UTC is UK time
        ("2018-01-31T23:30:00+00:00", "2018-01"),
        ("2018-02-01T00:00:00+00:00", "2018-02"),
        ("2018-04-01T00:30:00", "2018-04"),  # no offset: already UK time
        ("2018-04-01T00:30:00Z", "2018-04"),
    ],
)
def test_a_date_is_placed_in_its_uk_month(published, month):
    assert uk_month(published) == month


def _file(tmp_path: Path, month: str, dates: list[str]) -> Path:
    path = tmp_path / f"{month}-metropolitan-stop-and-search.csv"
    row = ",{},False,,51.5,-0.1,Male,18-24,,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,,"
    path.write_text("\n".join([HEADER, *("Person search" + row.format(d) for d in dates)]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("month", "date", "uk"),
    [
        ("2018-06", "2018-06-30T23:30:00+00:00", "2018-07"),  # summer: late UTC on the last day is next month
        ("2018-03", "2018-03-31T23:30:00+00:00", "2018-04"),  # the first BST night
        ("2018-01", "2017-12-31T23:30:00+00:00", "2017-12"),  # winter: UTC is UK time, no shift
    ],
)
def test_a_date_outside_the_uk_month_of_the_file_is_refused_saying_so(tmp_path, store, month, date, uk):
    path = _file(tmp_path, month, [f"{month}-15T12:00:00+00:00", date])
    problem = str(first_problem(find_files([path])[0]))
    assert (f"({uk} in UK time)" in problem) == (uk != date[:7])
    with pytest.raises(InputError, match=re.escape(f"line 3: the file name says {month} but Date is {date}")):
        load(store, [path])
    assert store.con.execute("SELECT count(*) FROM stop_searches").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("month", "date"),
    [("2018-07", "2018-06-30T23:30:00+00:00"), ("2018-02", "2018-02-01T00:00:00+00:00")],
)
def test_a_date_inside_the_uk_month_is_loaded_and_kept_as_published(tmp_path, store, month, date):
    load(store, [_file(tmp_path, month, [date])])
    assert store.con.execute("SELECT searched_at, strftime(month, '%Y-%m') FROM stop_searches").fetchall() == [
        (date, month)
    ]


def test_real_files_of_summer_and_winter_load_and_are_counted_exactly(store):
    files = sorted(REAL.rglob("*-stop-and-search.csv"))
    expected = {path.name[:7]: len(rows_of(path)) for path in files}
    report = load(store, files)
    found = dict(store.con.execute(
        "SELECT strftime(month, '%Y-%m'), count(*) FROM stop_searches GROUP BY ALL").fetchall())
    assert found == expected == {"2017-12": 101, "2018-04": 70, "2020-10": 236, "2026-02": 30}
    assert report.rows == sum(expected.values())


def test_the_first_bst_night_of_2018_is_filed_in_april_as_police_uk_did(store):
    load(store, [REAL / "2018-04"])
    published = [r["Date"] for r in rows_of(REAL / "2018-04" / "2018-04-metropolitan-stop-and-search.csv")]
    march_utc = [d for d in published if d.startswith("2018-03-31T23")]
    assert len(march_utc) == 38
    held = store.con.execute(
        "SELECT count(*) FROM stop_searches WHERE month = DATE '2018-04-01' AND searched_at LIKE '2018-03-31T23%'"
    ).fetchone()[0]
    assert held == 38


def test_the_last_gmt_night_of_2017_stays_in_december(store):
    load(store, [REAL / "2017-12"])
    published = [r["Date"] for r in rows_of(REAL / "2017-12" / "2017-12-city-of-london-stop-and-search.csv")]
    late = sorted(d for d in published if d >= "2017-12-31T23")
    assert len(late) == 4
    held = store.con.execute(
        "SELECT searched_at FROM stop_searches WHERE searched_at >= '2017-12-31T23' AND month = DATE '2017-12-01' "
        "ORDER BY 1").fetchall()
    assert [d for (d,) in held] == late


def test_every_vintage_is_held_with_its_outcomes_legislation_and_link_as_published(store):
    # 2017-12 ("Nothing found - no further action"), 2018-04 and 2020-10 ("A no further action disposal",
    # blank links), 2026-02 ("Community resolution", 2021-era wording): counted with csv, not with the reader.
    files = sorted(REAL.rglob("*-stop-and-search.csv"))
    load(store, files)
    fields = ("Outcome", "Legislation", "Outcome linked to object of search")
    published = Counter(
        (path.name[:7], *(row[f] or None for f in fields)) for path in files for row in rows_of(path))
    held = store.con.execute(
        "SELECT strftime(month, '%Y-%m'), outcome, legislation, outcome_linked_to_object, count(*) "
        "FROM stop_searches GROUP BY ALL").fetchall()
    assert {tuple(r[:-1]): r[-1] for r in held} == dict(published)
    assert published[("2026-02", "Community resolution", "Police and Criminal Evidence Act 1984 (section 1)",
                       "True")] == 2
