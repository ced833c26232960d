"""The quarterly return as an Excel workbook a provider fills in offline, and reading it back.

The template is written for one project and quarter. Reading it back checks every cell the
provider fills in and refuses the whole return, naming the cell, when anything is wrong: an
unknown project, a number cell holding text, a formula (cspkit keeps figures, not formulas, so a
return says the same whoever opens it), or a total that is not the sum of its lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any, BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from cspkit.casework.funding import MoneyError, format_pence, parse_pounds
from cspkit.web.commissioning.models import Project
from cspkit.web.commissioning.returns import ReturnData
from cspkit.web.performance.quarters import Quarter

SHEET = "Return"
SPEND_LINES = ("Staff", "Activities and venues", "Equipment", "Other")
TEXTS = (
    ("progress", "Progress this quarter"),
    ("outcomes", "Outcomes achieved"),
    ("evidence", "Evidence of the outcomes"),
    ("risks", "Risks and issues"),
)
MAX_BYTES = 2_000_000
MAX_ROWS = 300
_FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in


class ReturnFileError(ValueError):
    """A return workbook that cannot be accepted; the message names the cell and the problem."""


def write_template(project: Project, quarter: Quarter) -> bytes:
    """The return for ``project`` and ``quarter``, with this quarter's figures if already sent."""
    existing = project.returns.filter(year=quarter.year, quarter=quarter.number).first()
    delivered = {d.output_id: d.delivered for d in existing.deliveries.all()} if existing else {}
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold = Font(bold=True)
    sheet["A1"] = f"Quarterly return: {project.name}"
    sheet["A1"].font = Font(bold=True, size=14)
    details = [
        ("Partnership", str(project.partnership)),
        ("Project reference", project.reference),
        ("Project", project.name),
        ("Provider", str(project.provider)),
        ("Financial year", quarter.financial_year),
        ("Quarter", quarter.number),
    ]
    for row, (label, value) in enumerate(details, start=3):
        sheet.cell(row, 1, label).font = bold
        sheet.cell(row, 2, value)
    row = 10
    sheet.cell(row, 1, "Spend this quarter (£)").font = bold
    lines = existing.spend_lines if existing else {}
    for offset, heading in enumerate(SPEND_LINES, start=1):
        sheet.cell(row + offset, 1, heading)
        cell = sheet.cell(row + offset, 2, lines.get(heading, 0) / 100 if existing else None)
        cell.fill, cell.number_format = _FILL, "#,##0.00"
    total_row = row + len(SPEND_LINES) + 1
    sheet.cell(total_row, 1, "Total").font = bold
    total = sheet.cell(total_row, 2, existing.spend_pence / 100 if existing else None)
    total.fill, total.number_format = _FILL, "#,##0.00"
    row = total_row + 2
    sheet.cell(row, 1, "Outputs").font = bold
    for col, header in enumerate(("Output", "Unit", "Promised over the project", "Delivered this quarter"), 1):
        sheet.cell(row + 1, col, header).font = bold
    for offset, output in enumerate(project.outputs.all(), start=2):
        sheet.cell(row + offset, 1, output.name)
        sheet.cell(row + offset, 2, output.unit)
        sheet.cell(row + offset, 3, output.promised)
        sheet.cell(row + offset, 4, delivered.get(output.pk)).fill = _FILL
    row = row + 2 + project.outputs.count() + 1
    for attr, label in TEXTS:
        sheet.cell(row, 1, label).font = bold
        sheet.cell(row, 2, getattr(existing, attr) if existing else None).fill = _FILL
        row += 1
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 26
    sheet.column_dimensions["D"].width = 24
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ReadReturn:
    project: Project
    data: ReturnData


def read_return(stream: BinaryIO, name: str, projects: Any) -> ReadReturn:
    """Read a filled-in template; ``projects`` are those the sender may report on."""
    content = stream.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ReturnFileError(
            f"{name}: the file is larger than {MAX_BYTES // 1_000_000} MB; is it the return template?"
        )
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError, Exception) as error:
        raise ReturnFileError(
            f"{name}: not an Excel workbook (.xlsx) that can be read ({type(error).__name__})"
        ) from None
    if SHEET not in book.sheetnames:
        raise ReturnFileError(f"{name}: no sheet called '{SHEET}'; download the template again")
    cells = _cells(book[SHEET], name)
    book.close()
    where = f"{name}, sheet {SHEET}"

    def find(label: str) -> int:
        for row, values in cells.items():
            if str(values.get(1, {}).get("value") or "").strip() == label:
                return row
        raise ReturnFileError(f"{where}: no row labelled '{label}' in column A; download the template again")

    def value(row: int, col: int) -> Any:
        cell = cells.get(row, {}).get(col)
        if cell is None:
            return None
        if cell["formula"]:
            raise ReturnFileError(
                f"{where}, cell {cell['ref']}: holds a formula ({cell['value']}); type the figure itself"
            )
        return cell["value"]

    def ref(row: int, col: int) -> str:
        return f"{'ABCDEF'[col - 1]}{row}"

    reference = str(value(find("Project reference"), 2) or "").strip()
    project = projects.filter(reference=reference).first()
    if project is None:
        raise ReturnFileError(
            f"{where}, cell {ref(find('Project reference'), 2)}: no project '{reference}' that you report on"
        )
    quarter = _quarter(value(find("Financial year"), 2), value(find("Quarter"), 2), where, ref(find("Quarter"), 2))
    if quarter.ends < project.starts or quarter.starts > project.ends:
        raise ReturnFileError(f"{where}, cell {ref(find('Quarter'), 2)}: {quarter.label} is outside the project "
                              f"({project.starts:%-d %B %Y} to {project.ends:%-d %B %Y})")
    if quarter.starts > date.today():
        raise ReturnFileError(f"{where}, cell {ref(find('Quarter'), 2)}: {quarter.label} has not begun yet")

    def money(row: int, col: int, *, required: bool = False) -> int:
        raw = value(row, col)
        if raw is None or raw == "":
            if required:
                raise ReturnFileError(f"{where}, cell {ref(row, col)}: empty; give the amount in pounds")
            return 0
        try:
            pence = parse_pounds(raw)
        except MoneyError as error:
            raise ReturnFileError(f"{where}, cell {ref(row, col)}: {error}") from None
        if pence < 0:
            raise ReturnFileError(f"{where}, cell {ref(row, col)}: spend cannot be negative")
        return pence

    first = find(SPEND_LINES[0])
    lines = {heading: money(first + i, 2) for i, heading in enumerate(SPEND_LINES)}
    total_row = find("Total")
    total = money(total_row, 2, required=True)
    if total != sum(lines.values()):
        raise ReturnFileError(
            f"{where}, cell {ref(total_row, 2)}: the total {format_pence(total)} is not the sum of the lines above "
            f"({format_pence(sum(lines.values()))})"
        )
    outputs = {o.name: o for o in project.outputs.all()}
    deliveries: dict[int, int] = {}
    row = find("Output") + 1
    while str(value(row, 1) or "").strip():
        label = str(value(row, 1)).strip()
        output = outputs.get(label)
        if output is None:
            raise ReturnFileError(f"{where}, cell {ref(row, 1)}: '{label}' is not an output of {project}")
        raw = value(row, 4)
        if raw is None or raw == "":
            raise ReturnFileError(
                f"{where}, cell {ref(row, 4)}: empty; give how many {output.unit} were delivered (0 if none)"
            )
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw < 0 or float(raw) != int(raw):
            raise ReturnFileError(f"{where}, cell {ref(row, 4)}: '{raw}' is not a whole number of {output.unit}")
        deliveries[output.pk] = int(raw)
        row += 1
    missing = [name for name, output in outputs.items() if output.pk not in deliveries]
    if missing:
        raise ReturnFileError(f"{where}: no figure for {', '.join(missing)}; download the template again")
    texts = {attr: str(value(find(label), 2) or "").strip() for attr, label in TEXTS}
    return ReadReturn(project, ReturnData(quarter, total, deliveries, spend_lines=lines, **texts))


def _cells(sheet: Any, name: str) -> dict[int, dict[int, dict[str, Any]]]:
    """The first MAX_ROWS rows and four columns, whatever size the sheet declares."""
    found: dict[int, dict[int, dict[str, Any]]] = {}
    for row in sheet.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=4):
        for cell in row:
            if getattr(cell, "value", None) is None:
                continue
            formula = cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
            found.setdefault(cell.row, {})[cell.column] = {
                "value": cell.value,
                "formula": formula,
                "ref": cell.coordinate,
            }
    return found


def _quarter(year_text: Any, number: Any, where: str, cell: str) -> Quarter:
    try:
        year = int(str(year_text).split("/")[0])
        return Quarter(year, int(number))
    except (TypeError, ValueError):
        raise ReturnFileError(f"{where}, cell {cell}: '{number}' is not a quarter 1 to 4 of {year_text}") from None
