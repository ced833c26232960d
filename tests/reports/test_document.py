"""The document model: tables say what they mean in words, ids are checked, numbering is automatic."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cspkit.reports.document import (
    BulletList,
    Cell,
    Column,
    Document,
    Heading,
    Paragraph,
    Section,
    Status,
    Table,
    markdown_blocks,
)

HIGHER = Status("Higher", "Significantly higher than England and Wales", "higher")


def test_columns_format_numbers_the_way_reports_print_them():
    assert Column("n", "Crimes", "integer").format(81234.4, "N/A") == "81,234"
    assert Column("r", "Rate", "number", 1).format(91.66, "N/A") == "91.7"
    assert Column("c", "Change", "percent", 1).format(0.245, "N/A") == "24.5%"
    assert Column("r", "Rate", "number").format(math.nan, "N/A") == "N/A"
    assert Column("a", "Area").format(None, "-") == "-"


def test_a_row_of_the_wrong_width_is_refused_naming_the_table():
    with pytest.raises(ValueError, match=r"'Rates'.*2 values for 3 columns"):
        Table.build("t", "Rates", [Column("a", "A"), Column("b", "B"), Column("c", "C")], [("x", 1)])


def test_statuses_used_form_the_key_in_order_of_first_use():
    lower = Status("Lower", "Significantly lower", "lower")
    table = Table.build("t", "Rates", [Column("a", "Area"), Column("r", "Rate", "number")],
                        [("A", Cell(1.0, lower)), ("B", Cell(2.0, HIGHER)), ("C", Cell(1.5, lower))])
    assert table.statuses_used() == [lower, HIGHER]
    assert table.columns_with_status() == [1]


def test_a_table_from_a_frame_looks_statuses_up_in_the_key():
    frame = pd.DataFrame({"area": ["A", "B"], "rate": [90.0, 70.0], "vs_ew": ["higher", None]})
    table = Table.from_frame("t", "Rates", frame, [Column("area", "Area"), Column("rate", "Rate", "number")],
                             statuses={"rate": "vs_ew"}, status_key={"higher": HIGHER})
    assert [row.cells[1] for row in table.rows] == [Cell(90.0, HIGHER), Cell(70.0, None)]


def test_an_unknown_status_word_is_an_error():
    frame = pd.DataFrame({"area": ["A"], "rate": [90.0], "vs_ew": ["worse"]})
    with pytest.raises(ValueError, match="no status called 'worse'"):
        Table.from_frame("t", "Rates", frame, [Column("area", "Area"), Column("rate", "Rate", "number")],
                         statuses={"rate": "vs_ew"}, status_key={"higher": HIGHER})


def test_a_missing_frame_column_is_named():
    with pytest.raises(ValueError, match="no column rate"):
        Table.from_frame("t", "Rates", pd.DataFrame({"area": ["A"]}),
                         [Column("area", "Area"), Column("rate", "Rate", "number")])


def test_a_status_tone_must_be_one_the_writers_can_colour():
    with pytest.raises(ValueError, match="tone must be higher, similar, lower or neutral, not 'worse'"):
        Status("Worse", "Worse than England", "worse")


def test_section_ids_must_be_usable_as_anchors_and_keys():
    with pytest.raises(ValueError, match="lower-case letters"):
        Section("Year to date", "Year to date")
    with pytest.raises(ValueError, match="level must be 1, 2 or 3"):
        Section("deep", "Deep", level=4)


def test_two_sections_with_one_id_are_refused():
    with pytest.raises(ValueError, match="section id 'intro'"):
        Document("Report", [Section("intro", "Introduction"), Section("intro", "Again")])


def test_tables_and_figures_are_numbered_separately_in_reading_order():
    table = Table.build("t1", "First", [Column("a", "A")], [("x",)])
    second = Table.build("t2", "Second", [Column("a", "A")], [("y",)])
    document = Document("Report", [Section("one", "One", [table]), Section("two", "Two", [second])])
    assert document.numbering() == {"t1": "Table 1", "t2": "Table 2"}
    assert document.tables() == [table, second]


def test_metadata_keeps_the_order_given():
    document = Document("Report", [], metadata={"Produced by": "CSP", "Date created": "January 2024"})
    assert document.metadata == (("Produced by", "CSP"), ("Date created", "January 2024"))


def test_analyst_markdown_becomes_blocks():
    assert markdown_blocks("Para **one**.\n\n## Sub\n\n- a\n- b") == [
        Paragraph("Para **one**."), Heading("Sub"), BulletList(["a", "b"])]


def test_a_value_that_rounds_to_zero_prints_without_a_sign():
    """Robbery's change of -0.4% was printed "-0%" in the demo's candidate table."""
    change, rate = Column("c", "Change", "percent", 0), Column("r", "Rate", "number")
    assert [change.format(v, "") for v in (-0.004, 0.0, -0.04, 0.004)] == ["0%", "0%", "-4%", "0%"]
    assert [rate.format(v, "") for v in (-0.04, -1.04, -1000.0)] == ["0.0", "-1.0", "-1,000.0"]
    assert change.format(-0.004, "", decimals=1) == "-0.4%"


def test_an_interval_prints_both_ends_in_the_columns_kind_and_a_range_of_one_as_one_number():
    from cspkit.reports.document import Interval

    assert Column("i", "95% CI", "number").format(Interval(101.26, 103.81), "N/A") == "101.3 to 103.8"
    assert Column("i", "95% CI", "number").format(Interval(1.27, 1.534), "N/A", decimals=2) == "1.27 to 1.53"
    assert Column("i", "95% CI", "percent").format(Interval(0.2405, 0.248), "N/A") == "24.1% to 24.8%"
    change = Column("i", "Interval of the change", "percent", 0, signed=True)
    assert change.format(Interval(0.001, 0.07), "") == "0% to +7%"
    assert change.format(Interval(-0.12, -0.031), "") == "-12% to -3%"
    assert Column("r", "Rank", "integer").format(Interval(3, 3), "") == "3"
    assert Column("r", "Rank", "integer").format(Interval(1, 2), "") == "1 to 2"


def test_a_stand_in_given_its_drawn_figure_is_fitted_to_the_height_the_composition_gave_it():
    from cspkit.reports.document import Figure

    drawn = Figure(id="map", title="A tall map", alt_text="A map.", png=b"\x89PNG", width_cm=16.0, height_cm=24.0)
    stand_in = Figure(id="map", title="", alt_text="", png=b"")
    planned = Document("Report", [Section("s", "S", [stand_in.fitted(18.0), Paragraph("How to read it.")])])
    final = Document("Report", [Section("s", "S", [drawn.fitted(18.0), Paragraph("How to read it.")])])
    assert planned.with_figures({"map": drawn}) == final
    assert (final.figures()[0].width_cm, final.figures()[0].height_cm) == (12.0, 18.0)
    short = Figure(id="map", title="A short map", alt_text="A map.", png=b"\x89PNG", width_cm=16.0, height_cm=9.0)
    assert planned.with_figures({"map": short}).figures()[0].height_cm == 9.0
