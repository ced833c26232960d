"""Safe files in and out (issue 13): uploads read within limits and refused when they attack the
XML parser, formulas reported not dropped, and exports that never carry a live formula."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cspkit.errors import InputError
from cspkit.web.core.exports import safe_cell, safe_sheet, write_csv_rows
from cspkit.web.core.uploads import Limits, open_xlsx, sheet_rows
from cspkit.web.plan.models import Action
from cspkit.web.plan.workbook import read_workbook, write_workbook

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _plan_book(rows: list[list] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Delivery plan"
    for row in rows or [["1. Anti-social behaviour"], ["Ref", "Activity", "Lead"], ["1.1", "Patrols", "Police"]]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _without_declaration(xml: bytes) -> bytes:
    return re.sub(rb"^<\?xml[^>]*\?>", b"", xml)


def _rewrite_sheet(content: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML changed."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def test_a_sheet_declaring_a_million_rows_and_every_column_is_read_at_once() -> None:
    """Finding: a 1.6 KB file declaring A1:XFD1048576 tied a server thread up for minutes."""
    content = _rewrite_sheet(
        _plan_book(), lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', xml)
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    started = time.monotonic()
    tables = read_workbook(io.BytesIO(content), "plan.xlsx")
    assert time.monotonic() - started < 2
    assert tables.priorities[0].rows[0].activity == "Patrols"


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE], ids=["billion laughs", "XXE"])
def test_an_xml_document_type_is_refused_with_a_clear_error(attack: bytes) -> None:
    """Finding: an XXE DOCTYPE or "billion laughs" in an upload gave a 500."""
    content = _rewrite_sheet(_plan_book(), lambda xml: attack + _without_declaration(xml))
    with pytest.raises(InputError, match="declares an XML document type"):
        read_workbook(io.BytesIO(content), "plan.xlsx")


def test_malformed_xml_is_a_damaged_workbook_not_a_crash() -> None:
    content = _rewrite_sheet(_plan_book(), lambda xml: xml[: len(xml) // 2])
    with pytest.raises(InputError, match="damaged"):
        read_workbook(io.BytesIO(content), "plan.xlsx")


def test_a_formula_cell_is_reported_with_its_cell_not_dropped() -> None:
    """Finding: formula cells were silently read as empty."""
    content = _plan_book([["1. Anti-social behaviour"], ["Ref", "Activity", "Lead"], ["1.1", "=A1&B1", "Police"]])
    with pytest.raises(InputError, match=r"line 3: cell B3 holds a formula \(=A1&B1\)"):
        read_workbook(io.BytesIO(content), "plan.xlsx")


def test_rows_columns_size_and_time_are_limited() -> None:
    content = _plan_book([["x"] * 5 for _ in range(30)])
    sheet = open_xlsx(io.BytesIO(content), "big.xlsx").active
    with pytest.raises(InputError, match="more than 20 rows"):
        list(sheet_rows(sheet, "big.xlsx", Limits(max_rows=20)))
    with pytest.raises(InputError, match="column D is beyond the 3 columns"):
        list(sheet_rows(sheet, "big.xlsx", Limits(max_columns=3)))
    with pytest.raises(InputError, match="took more than -1 seconds"):
        list(sheet_rows(sheet, "big.xlsx", Limits(max_seconds=-1)))
    with pytest.raises(InputError, match="the most this page takes is 0 MB"):
        open_xlsx(io.BytesIO(content), "big.xlsx", Limits(max_bytes=100))


@pytest.mark.django_db
def test_the_import_page_shows_the_problem_instead_of_a_500(demo, sign_in) -> None:
    content = _rewrite_sheet(_plan_book(), lambda xml: BILLION_LAUGHS + _without_declaration(xml))
    upload = io.BytesIO(content)
    upload.name = "attack.xlsx"
    response = sign_in("coordinator").post(
        reverse("plan:import"),
        {
            "partnership": demo.plan.partnership_id,
            "workbook": upload,
            "title": "T",
            "starts": "2026-04-01",
            "ends": "2029-03-31",
        },
    )
    assert response.status_code == 200 and "declares an XML document type" in response.content.decode()


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_is_exported_as_text(demo) -> None:
    """Finding: text beginning with = was exported to the plan workbook as a live formula."""
    Action.objects.filter(pk=demo.police_action.pk).update(we_will='=HYPERLINK("http://evil.example","Click")')
    sheet = load_workbook(io.BytesIO(write_workbook(demo.plan))).active
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_csv_cells_starting_with_a_formula_character_are_neutralised() -> None:
    assert [safe_cell(v) for v in ["=1+1", "+44 1234", "-x", "@SUM(A1)", "plain", -5, None]] == [
        "'=1+1",
        "'+44 1234",
        "'-x",
        "'@SUM(A1)",
        "plain",
        -5,
        None,
    ]
    buffer = io.StringIO()
    write_csv_rows(buffer, [["=cmd|' /C calc'!A0", 3]])
    assert buffer.getvalue() == "'=cmd|' /C calc'!A0,3\r\n"
    book = Workbook()
    book.active["A1"] = "=1+1"
    assert safe_sheet(book.active)["A1"].data_type == "s"
