"""The casework counts file for the strategic assessment: exported from the demo's casework, read
back, and printed in the report's section, its figures equal counts made here directly from the
demo's records, with 1-4 withheld; the file holds no names."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import F

from cspkit.casework.powers import LABELS, Power
from cspkit.reports.assessment.casework_section import casework_section
from cspkit.sources.casework_counts import read_casework_counts
from cspkit.web.cases.counts_export import counts_csv
from cspkit.web.cases.models import Breach, Case, Incident, Intervention, Person, Place

STARTS, ENDS = date(2000, 1, 1), date(2099, 12, 31)  # every demo record


def _shown(n: int) -> int | None:
    return None if 1 <= n <= 4 else n


def _independent(partnership) -> dict[str, int | None]:
    return {measure: _shown(n) for measure, n in _raw(partnership).items()}


def _raw(partnership, only: set[int] | None = None) -> dict[str, int]:
    cases = [c for c in Case.objects.all() if c.partnership_id == partnership.pk and (only is None or c.pk in only)]
    ids = {c.pk for c in cases}
    interventions = [i for i in Intervention.objects.all() if i.case_id in ids and STARTS <= i.on <= ENDS]
    expected = {
        "Cases opened": sum(1 for c in cases if STARTS <= c.opened_on <= ENDS),
        "Cases closed": sum(1 for c in cases if c.closed_on and STARTS <= c.closed_on <= ENDS),
        "Cases open at the end of the period": sum(1 for c in cases if not c.closed_on or c.closed_on > ENDS),
        "Breaches recorded": sum(
            1 for b in Breach.objects.select_related("intervention") if b.intervention.case_id in ids
        ),
    }
    for power in Power:
        expected[LABELS[power]] = sum(1 for i in interventions if i.power == power.value)
    return expected


@pytest.mark.django_db
def test_the_sections_figures_equal_the_demo_counted_here(casework, tmp_path):
    partnership = casework.noise.partnership
    path = tmp_path / "casework-counts.csv"
    path.write_text(counts_csv(partnership, STARTS, ENDS), encoding="utf-8")
    counts = read_casework_counts(path)
    assert [p.label for p in counts.periods] == ["January 1999 to December 2098", "January 2000 to December 2099"]
    table = next(b for b in casework_section(counts).blocks if getattr(b, "id", "") == "casework-counts")
    printed = {row.cells[1].value: row.cells[3].value for row in table.rows}
    expected = _independent(partnership)
    shown = {measure: value for measure, value in expected.items() if value != 0}
    assert {m: printed[m] for m in shown} == shown
    assert all(printed.get(m, 0) == 0 for m, v in expected.items() if v == 0)  # zero rows are left out
    assert any(v is None for v in shown.values()) and any(v for v in shown.values())  # both kinds are tested


@pytest.mark.django_db
def test_the_file_holds_counts_only(casework):
    text = counts_csv(casework.noise.partnership, STARTS, ENDS)
    names = {n for p in Person.objects.all() for n in (p.first_name, p.last_name) if n and len(n) > 3}
    assert names and not any(name in text for name in names)
    for line in text.splitlines()[1:]:
        count = line.split(",")[5]
        assert count == "[c]" or count == "0" or int(count) >= 5


AREAS = {"North ward": ["E01000001"], "South ward": ["E01000002", "E01000003"]}


def _place_cases_in_lsoas(partnership) -> None:
    """The demo's places have no LSOA; give them one of four (the fourth: none known) in turn."""
    for n, place in enumerate(Place.objects.filter(partnership=partnership).order_by("pk")):
        place.lsoa_code = ("E01000001", "E01000002", "E01000003", "")[n % 4]
        place.save(update_fields=["lsoa_code"])


def _area_expected(partnership, codes: list[str], whole: dict[str, int]) -> dict[str, int | None]:
    ids = {i.case_id for i in Incident.objects.select_related("place") if i.place and i.place.lsoa_code in codes}
    raw = _raw(partnership, ids)
    # withheld if 1-4, or if the rest of the partnership (whole - area) would be 1-4
    return {m: None if 1 <= n <= 4 or (1 <= whole[m] - n <= 4 and whole[m] >= 5) else n for m, n in raw.items()}


@pytest.mark.django_db
def test_counts_by_ward_equal_the_demo_counted_here_and_stay_withheld(casework, tmp_path):
    partnership = casework.noise.partnership
    _place_cases_in_lsoas(partnership)
    path = tmp_path / "casework-counts.csv"
    path.write_text(counts_csv(partnership, STARTS, ENDS, AREAS), encoding="utf-8")
    counts = read_casework_counts(path)
    whole = _raw(partnership)
    assert [a.name for a in counts.areas] == list(AREAS)
    expected = {name: _area_expected(partnership, codes, whole) for name, codes in AREAS.items()}
    for measure in whole:  # a lone withheld ward takes its smallest non-zero (else zero) neighbour with it
        values = {name: e[measure] for name, e in expected.items()}
        if list(values.values()).count(None) == 1 and not 1 <= whole[measure] <= 4:
            shown = [name for name, v in values.items() if v is not None]
            expected[min(shown, key=lambda n: (values[n] == 0, values[n]))][measure] = None
    seen: list[int | None] = []
    for area in counts.areas:
        expected_here = expected[area.name]
        assert {m: area.count(m, 1) for m in expected_here} == expected_here
        assert not any(line.group == "ASB Case Reviews" for line in area.lines)
        seen += expected_here.values()
    assert None in seen and any(seen)  # both withheld and shown counts are tested
    table = next(b for b in casework_section(counts).blocks if getattr(b, "id", "") == "casework-counts-by-area")
    for row in table.rows:
        area = next(a for a in counts.areas if a.name == row.cells[0].value)
        assert [c.value for c in row.cells[1:3]] == [area.count("Cases opened", 1),
                                                     area.count("Cases open at the end of the period", 1)]
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        count = line.split(",")[5]
        assert count == "[c]" or count == "0" or int(count) >= 5


def test_a_ward_count_close_to_the_partnerships_is_withheld_so_the_rest_cannot_be_worked_out():
    from cspkit.web.cases.counts_export import area_rows

    def row(measure: str, count: str, area: str, group: str = "Cases") -> list[str]:
        return ["P", "2025-04-01", "2026-03-31", group, measure, count, "5", area]

    whole = [row("Opened", "12", "All"), row("Closed", "12", "All"), row("Open", "[c]", "All"),
             row("Applications", "6", "All", "ASB Case Reviews")]
    ward = [row("Opened", "9", "W"), row("Closed", "7", "W"), row("Open", "0", "W"),
            row("Applications", "6", "W", "ASB Case Reviews")]
    assert [r[5] for r in area_rows(whole, ward, 5)] == ["[c]", "7", "0"]  # 12 - 9 = 3 would show the rest


def test_a_lone_withheld_ward_count_gets_a_second_withheld_with_it():
    from cspkit.web.cases.counts_export import withhold_complements

    def row(measure: str, count: str, area: str) -> list[str]:
        return ["P", "2025-04-01", "2026-03-31", "Cases", measure, count, "5", area]

    whole = [row("Opened", "30", "All"), row("Closed", "20", "All"), row("Open", "[c]", "All")]
    wards = [row("Opened", "[c]", "A"), row("Opened", "9", "B"), row("Opened", "17", "C"),
             row("Closed", "[c]", "A"), row("Closed", "0", "B"), row("Closed", "16", "C"),
             row("Open", "[c]", "A"), row("Open", "0", "B")]
    out = withhold_complements(wards, whole)
    assert [(r[4], r[7], r[5]) for r in out if r[5] == "[c]"] == [
        ("Opened", "A", "[c]"), ("Opened", "B", "[c]"),  # the smallest non-zero goes with it
        ("Closed", "A", "[c]"), ("Closed", "C", "[c]"),  # a zero says nothing, so the next one
        ("Open", "A", "[c]"),  # the partnership's is withheld: nothing to subtract from
    ]


@pytest.mark.django_db
def test_each_withheld_count_says_whether_it_is_small_or_withheld_to_protect_another(casework, tmp_path):
    """The review counted "12 counts are withheld as small" where two of them were 10 and 9, withheld
    only so that the small ones could not be worked out: the file now says which is which."""
    partnership = casework.noise.partnership
    cases = list(Case.objects.filter(partnership=partnership).order_by("pk"))
    Case.objects.filter(partnership=partnership).update(closed_on=None)
    for case in cases[:2]:  # 2 closed (small), so the number still open, however many, is withheld with it
        Case.objects.filter(pk=case.pk).update(closed_on=case.opened_on)
    text = counts_csv(partnership, STARTS, ENDS)
    raw = _raw(partnership)
    assert raw["Cases closed"] == 2 and raw["Cases open at the end of the period"] >= 5
    rows = {row["measure"]: row for row in csv_rows(text)
            if row["period_start"] == STARTS.isoformat() and row["area"] == "All"}
    for measure, n in raw.items():
        row = rows[measure]
        expected = "" if row["count"] != "[c]" else "small" if 1 <= n <= 4 else "secondary"
        assert row["withheld"] == expected, measure
    assert rows["Cases open at the end of the period"]["withheld"] == "secondary"
    path = tmp_path / "counts.csv"
    path.write_text(text, encoding="utf-8")
    section = casework_section(read_casework_counts(path))
    words = " ".join(getattr(b, "text", "") for b in section.blocks)
    reasons = [row["withheld"] for row in rows.values()]
    small, secondary = reasons.count("small"), reasons.count("secondary")
    assert f"{small + secondary} counts are withheld: {small} because they are from 1 to 4 and {secondary} so that " \
           "a withheld count cannot be worked out from the others." in words
    table = next(b for b in section.blocks if getattr(b, "id", "") == "casework-counts")
    assert any("so that a withheld count cannot be worked out" in note for note in table.notes)


@pytest.mark.django_db
def test_a_year_with_no_casework_at_all_is_written_blank_and_printed_not_recorded(casework, tmp_path):
    """The review found the export giving 0 for every count of a year the report called "not recorded"."""
    partnership = casework.noise.partnership
    Case.objects.filter(partnership=partnership).update(closed_on=F("opened_on"))  # nothing still open
    Case.objects.filter(pk=casework.noise.pk).update(opened_on=date(2200, 3, 1), closed_on=None)
    starts, ends = date(2200, 1, 1), date(2200, 12, 31)
    text = counts_csv(partnership, starts, ends, AREAS)
    earlier = [row for row in csv_rows(text) if row["period_start"] == "2199-01-01"]
    assert earlier and all(row["count"] == "" for row in earlier)
    assert all(row["count"] != "" for row in csv_rows(text) if row["period_start"] == "2200-01-01")
    path = tmp_path / "counts.csv"
    path.write_text(text, encoding="utf-8")
    counts = read_casework_counts(path)
    assert counts.recorded == (False, True)
    table = next(b for b in casework_section(counts).blocks if getattr(b, "id", "") == "casework-counts")
    assert table.rows and all(row.cells[2].value.text == "not recorded" for row in table.rows)
    assert table.notes[0].startswith("Not recorded: the case management system holds no casework at all in "
                                     "January to December 2199")
    assert not any("first recorded" in note for note in table.notes)


@pytest.mark.django_db
def test_a_year_with_a_case_open_is_written_as_counted_zeros_and_all(casework):
    partnership = casework.noise.partnership
    Case.objects.filter(pk=casework.noise.pk).update(opened_on=date(2200, 3, 1), closed_on=None)
    text = counts_csv(partnership, date(2200, 1, 1), date(2200, 12, 31))
    earlier = {row["measure"]: row["count"] for row in csv_rows(text) if row["period_start"] == "2199-01-01"}
    assert earlier["Cases open at the end of the period"] not in ("", "0") and earlier["Cases opened"] == "0"


def csv_rows(text: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))
