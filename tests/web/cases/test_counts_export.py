"""The casework counts file for the strategic assessment: exported from the demo's casework, read
back, and printed in the report's section, its figures equal counts made here directly from the
demo's records, with 1-4 withheld; the file holds no names."""

from __future__ import annotations

from datetime import date

import pytest

from cspkit.casework.powers import LABELS, Power
from cspkit.reports.assessment.casework_section import casework_section
from cspkit.sources.casework_counts import read_casework_counts
from cspkit.web.cases.counts_export import counts_csv
from cspkit.web.cases.models import Breach, Case, Intervention, Person

STARTS, ENDS = date(2000, 1, 1), date(2099, 12, 31)  # every demo record


def _shown(n: int) -> int | None:
    return None if 1 <= n <= 4 else n


def _independent(partnership) -> dict[str, int | None]:
    cases = [c for c in Case.objects.all() if c.partnership_id == partnership.pk]
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
    return {measure: _shown(n) for measure, n in expected.items()}


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
