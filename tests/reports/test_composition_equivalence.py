"""The shortcuts that make composing the assessment report quick give what the slow ways gave:
dict look-ups the rows boolean masks selected, work done once per report shared by its copies,
and commentary generated only for the parts that are asked for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest

from cspkit.assess.areas import Area
from cspkit.assess.assessment import Assessment
from cspkit.assess.period import Period
from cspkit.reports.assessment import commentary
from cspkit.reports.assessment.commentary import drafts
from cspkit.reports.assessment.inputs import ReportInputs, RowLookup

ALL = "All crime (excluding ASB)"


def _table() -> pd.DataFrame:
    """Mixed column types, a repeated key, a missing key value and an index that is not 0..n-1."""
    return pd.DataFrame(
        {"group": ["Burglary", "Drugs", "Burglary", "Drugs", None, "Robbery"],
         "kind": ["area", "area", "force", "area", "force", "area"],
         "rate": [1.5, 2.0, np.nan, 4.0, 5.0, 6.0], "count": [1, 2, 3, 4, 5, 6],
         "flagged": [True, False, True, False, True, False]},
        index=[10, 11, 12, 13, 14, 15])


def _assessment() -> Assessment:
    rates = pd.DataFrame({"crime_group": [ALL, "Burglary"], "comparator": ["Hartbury", "Hartbury"],
                          "comparator_kind": ["area", "area"], "rate": [50.0, 5.0], "population": [1e5, 1e5],
                          "count": [5000.0, 500.0]})
    return Assessment(
        area=Area("E22900001", "Hartbury", "csp"), period=Period(date(2025, 10, 1), date(2026, 9, 1)),
        parameters={"groupings": {ALL: ["Burglary"], "Burglary": ["Burglary"]}},
        tables=MappingProxyType({"rates": rates}), statements=(), caveats=(), inputs=(),
    )


@pytest.mark.parametrize("key", [("Burglary", "area"), ("Burglary", "force"), ("Drugs", "area"),
                                 ("Robbery", "area"), ("Robbery", "force")])
def test_a_lookup_finds_the_first_row_a_mask_selects(key):
    table = _table()
    masked = table[(table["group"] == key[0]) & (table["kind"] == key[1])]
    found = RowLookup.of(table, "group", "kind").get(*key)
    if masked.empty:
        assert found is None
    else:
        pd.testing.assert_series_equal(found, masked.iloc[0])
        assert [type(v) for v in found] == [type(v) for v in masked.iloc[0]]


@pytest.mark.parametrize("groups", [("Drugs",), ("Drugs", "Burglary"), ("Robbery", "Nothing"), ("Nothing",),
                                    ("Drugs", "Drugs")])
def test_a_lookup_selects_the_rows_a_mask_selects_in_the_same_order(groups):
    table = _table()
    rows = RowLookup.of(table, "group").rows((g,) for g in groups)
    pd.testing.assert_frame_equal(rows, table[table["group"].isin(groups)], check_index_type=False)


def test_work_done_once_is_shared_by_copies_of_the_inputs():
    inputs = ReportInputs(_assessment())
    calls = []
    assert inputs.once("answer", lambda: calls.append(1) or 42) == 42
    copy = replace(inputs, texts={"summary": "Words."})
    assert copy.once("answer", lambda: calls.append(1) or 0) == 42
    assert calls == [1]
    assert copy.lookup("rates", "crime_group") is inputs.lookup("rates", "crime_group")


def test_commentary_is_generated_only_for_the_parts_asked_for(monkeypatch):
    inputs = ReportInputs(_assessment())
    asked = []
    monkeypatch.setattr(commentary, "overall_recommendations", lambda _: asked.append(1) or ["Act."])
    parts = drafts(inputs)
    assert asked == []
    assert parts["recommendations"][1]() == "- Act."
    assert asked == [1]
    assert list(parts) == [*commentary.PARTS, "priority-burglary", "priority-burglary-recommendations",
                           "data-quality"]
