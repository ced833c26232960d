"""A plan to and from Excel, in the layout partnerships already use for their delivery plans.

Sheet "Delivery plan" has, for each priority, a heading ("1. Anti-social behaviour") and a
table: Ref | Aims | Activity | How | Timescale | Lead | Working with | Performance Measures |
Assumptions and Key Risks | Status. The first six columns are those of the Staffordshire
Moorlands partnership plan; How, Timescale and Working with those of Stafford Borough's
(whose "We will" and "Owner" headings are read as Activity and Lead). Each performance measure
and each assumption or risk is one line of its cell. Sheet "Performance measures" (optional
when importing) gives each measure's definition, owner, polarity, baseline and target.

Reading is separate from saving: :func:`read_workbook` checks the whole file and returns plain
data, or raises an :class:`InputError` naming the sheet, line and problem; only then does
:func:`create_plan` write, in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cspkit.errors import InputError
from cspkit.web.accounts.models import Agency, Partnership
from cspkit.web.core.exports import safe_sheet
from cspkit.web.core.uploads import open_xlsx, sheet_rows
from cspkit.web.plan.models import Action, Measure, Outcome, Plan, Priority, Risk

DELIVERY_SHEET = "Delivery plan"
MEASURES_SHEET = "Performance measures"

DELIVERY_COLUMNS = [
    ("ref", "Ref"),
    ("aim", "Aims"),
    ("activity", "Activity"),
    ("how", "How"),
    ("timescale", "Timescale"),
    ("lead", "Lead"),
    ("working_with", "Working with"),
    ("measures", "Performance Measures"),
    ("risks", "Assumptions and Key Risks"),
    ("status", "Status"),
]
MEASURE_COLUMNS = [
    ("priority", "Priority"),
    ("ref", "Ref"),
    ("name", "Measure"),
    ("action", "Action ref"),
    ("definition", "Definition"),
    ("lead", "Owner"),
    ("polarity", "Polarity"),
    ("unit", "Unit"),
    ("baseline", "Baseline"),
    ("baseline_period", "Baseline period"),
    ("target", "Target"),
    ("frequency", "Frequency"),
    ("source", "Source"),
    ("evidence_series", "Evidence series"),
]
#: Headings other plans use for the same columns.
ALIASES = {
    "ref": "ref",
    "no": "ref",
    "number": "ref",
    "reference": "ref",
    "aims": "aim",
    "aim": "aim",
    "outcome": "aim",
    "outcomes": "aim",
    "activity": "activity",
    "we will": "activity",
    "action": "activity",
    "actions": "activity",
    "how": "how",
    "timescale": "timescale",
    "timescales": "timescale",
    "lead": "lead",
    "owner": "lead",
    "working with": "working_with",
    "performance measures": "measures",
    "performance measure": "measures",
    "measures": "measures",
    "assumptions and key risks": "risks",
    "assumptions and risks": "risks",
    "risks": "risks",
    "status": "status",
}
_HEADING = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s+(.+?)\s*$")
_RISK = re.compile(r"^(assumption|risk)\s*:\s*(.*?)(?:\s+—\s+mitigation:\s*(.*))?$", re.IGNORECASE | re.DOTALL)


@dataclass
class RiskLine:
    kind: str
    description: str
    mitigation: str = ""


@dataclass
class DeliveryRow:
    line: int
    ref: str = ""
    aim: str = ""
    activity: str = ""
    how: str = ""
    timescale: str = ""
    lead: str = ""
    working_with: str = ""
    measures: list[str] = field(default_factory=list)
    risks: list[RiskLine] = field(default_factory=list)
    status: str = Action.Status.NOT_STARTED


@dataclass
class MeasureRow:
    line: int
    priority: int
    ref: str
    name: str
    action: str = ""
    definition: str = ""
    lead: str = ""
    polarity: str = Measure.Polarity.NONE
    unit: str = Measure.Unit.COUNT
    baseline: Decimal | None = None
    baseline_period: str = ""
    target: Decimal | None = None
    frequency: str = Measure.Frequency.QUARTERLY
    source: str = Measure.Source.MANUAL
    evidence_series: str = ""


@dataclass
class PriorityTable:
    number: int
    title: str
    rows: list[DeliveryRow] = field(default_factory=list)


@dataclass
class PlanTables:
    """Everything read from a workbook, checked, before anything is saved."""

    priorities: list[PriorityTable]
    measures: list[MeasureRow] | None  # None: the workbook has no measures sheet


# Writing ------------------------------------------------------------------------------------


def write_workbook(plan: Plan) -> bytes:
    """The plan as an .xlsx file (both sheets)."""
    book = Workbook()
    sheet = book.active
    sheet.title = DELIVERY_SHEET
    sheet.append([plan.title])
    sheet["A1"].font = Font(bold=True, size=14)
    priorities = plan.priorities.prefetch_related(
        "outcomes", "actions__measures", "actions__risks", "actions__owner_agency", "risks"
    )
    for priority in priorities:
        sheet.append([])
        sheet.append([f"{priority.number}. {priority.title}"])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
        sheet.append([label for _, label in DELIVERY_COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in _delivery_rows(priority):
            sheet.append(row)
    for letter, width in zip("ABCDEFGHIJ", [7, 35, 40, 35, 18, 18, 25, 40, 40, 12], strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    measures = book.create_sheet(MEASURES_SHEET)
    measures.append([label for _, label in MEASURE_COLUMNS])
    for cell in measures[1]:
        cell.font = Font(bold=True)
    for measure in Measure.objects.filter(priority__plan=plan).select_related("priority", "action"):
        measures.append(
            [
                measure.priority.number,
                measure.reference,
                measure.name,
                measure.action.reference if measure.action else "",
                measure.definition,
                measure.lead,
                measure.get_polarity_display(),
                measure.get_unit_display(),
                measure.baseline,
                measure.baseline_period,
                measure.target,
                measure.get_frequency_display(),
                measure.get_source_display(),
                measure.evidence_series,
            ]
        )
    measures.freeze_panes = "A2"
    safe_sheet(sheet)
    safe_sheet(measures)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _risk_text(risk: Risk) -> str:
    text = f"{risk.get_kind_display()}: {risk.description}"
    return f"{text} — Mitigation: {risk.mitigation}" if risk.mitigation else text


def _delivery_rows(priority: Priority) -> list[list[Any]]:
    rows = []
    outcomes_used = set()
    for action in priority.actions.all():
        if action.outcome_id:
            outcomes_used.add(action.outcome_id)
        rows.append(
            [
                action.reference,
                action.outcome.description if action.outcome else "",
                action.we_will,
                action.how,
                action.timescale,
                action.lead or (str(action.owner_agency) if action.owner_agency else ""),
                action.working_with,
                "\n".join(m.name for m in action.measures.all()),
                "\n".join(_risk_text(r) for r in action.risks.all()),
                action.get_status_display(),
            ]
        )
    for outcome in priority.outcomes.all():
        if outcome.pk not in outcomes_used:
            rows.append(["", outcome.description, "", "", "", "", "", "", "", ""])
    loose_measures = [m.name for m in priority.measures.all() if m.action_id is None]
    loose_risks = [_risk_text(r) for r in priority.risks.all() if r.action_id is None]
    if loose_measures or loose_risks:
        rows.append(["", "", "", "", "", "", "", "\n".join(loose_measures), "\n".join(loose_risks), ""])
    return rows


# Reading ------------------------------------------------------------------------------------


def read_workbook(stream: IO[bytes], name: str) -> PlanTables:
    """Read and check a plan workbook; raise :class:`InputError` at the first problem."""
    book = open_xlsx(stream, name)
    delivery = book[DELIVERY_SHEET] if DELIVERY_SHEET in book.sheetnames else book.worksheets[0]
    priorities = _read_delivery(delivery, f"{name}, sheet {delivery.title}")
    measures = None
    if MEASURES_SHEET in book.sheetnames:
        measures = _read_measures(book[MEASURES_SHEET], f"{name}, sheet {MEASURES_SHEET}", priorities)
    book.close()
    return PlanTables(priorities, measures)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_map(cells: list[str]) -> dict[str, int] | None:
    """Column positions if this row is a table heading, else None."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = ALIASES.get(" ".join(cell.lower().split()))
        if key and key not in found:
            found[key] = index
    if "activity" not in found or len(found) < 2:
        return None
    if "ref" not in found and found["activity"] > 0 and not cells[0]:
        found["ref"] = 0  # Moorlands' plan leaves the reference column's heading empty
    return found


def _read_delivery(sheet: Any, source: str) -> list[PriorityTable]:
    priorities: list[PriorityTable] = []
    columns: dict[str, int] | None = None
    for line, values in sheet_rows(sheet, source):
        cells = [_text(v) for v in values]
        filled = [c for c in cells if c]
        if not filled:
            continue
        header = _header_map(cells)
        if header:
            if not priorities:
                raise InputError(
                    source, "a table starts before any priority heading such as '1. Anti-social behaviour'", line
                )
            columns = header
            continue
        heading = _HEADING.match(filled[0]) if len(filled) == 1 else None
        if heading:  # "1. Anti-social behaviour"; a reference such as 1.1 has no space, so is never taken for one
            number, title = int(heading[1]), heading[2]
            if any(p.number == number for p in priorities):
                raise InputError(source, f"priority {number} appears twice", line)
            priorities.append(PriorityTable(number, title))
            columns = None
            continue
        if columns is None:
            continue  # the plan's title, or text between a heading and its table ("Priority Areas: ...")
        priorities[-1].rows.append(_delivery_row(cells, columns, line, source))
    if not priorities:
        raise InputError(
            source,
            "no priority headings found; each priority needs a heading such as "
            "'1. Anti-social behaviour' above its table",
        )
    return priorities


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else ""


def _lines(text: str) -> list[str]:
    return [" ".join(line.lstrip("•-* ").split()) for line in text.splitlines() if line.strip(" •-*")]


def _status(text: str, source: str, line: int) -> str:
    if not text:
        return Action.Status.NOT_STARTED
    for value, label in Action.Status.choices:
        if text.lower() in {value, label.lower()}:
            return value
    known = ", ".join(label for _, label in Action.Status.choices)
    raise InputError(source, f"the status '{text}' is not one of: {known}", line)


def _risk_line(text: str) -> RiskLine:
    match = _RISK.match(text)
    if match:
        return RiskLine(match[1].lower(), match[2].strip(), (match[3] or "").strip())
    return RiskLine(Risk.Kind.RISK, text)


def _delivery_row(cells: list[str], columns: dict[str, int], line: int, source: str) -> DeliveryRow:
    def get(key: str) -> str:
        return _cell(cells, columns, key)

    return DeliveryRow(
        line=line,
        ref=get("ref"),
        aim=get("aim"),
        activity=get("activity"),
        how=get("how"),
        timescale=get("timescale"),
        lead=get("lead"),
        working_with=get("working_with"),
        measures=_lines(get("measures")),
        risks=[_risk_line(text) for text in _lines(get("risks"))],
        status=_status(get("status"), source, line),
    )


def _choice(model_choices: Any, text: str, what: str, source: str, line: int, default: str) -> str:
    if not text:
        return default
    for value, label in model_choices:
        if text.lower() in {value, label.lower()}:
            return value
    known = ", ".join(label for _, label in model_choices)
    raise InputError(source, f"the {what} '{text}' is not one of: {known}", line)


def _number(text: str, what: str, source: str, line: int) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise InputError(source, f"the {what} '{text}' is not a number", line) from None


def _read_measures(sheet: Any, source: str, priorities: list[PriorityTable]) -> list[MeasureRow]:
    rows = (values for _, values in sheet_rows(sheet, source))
    header = [_text(v).lower() for v in next(rows, ())]
    wanted = {label.lower(): key for key, label in MEASURE_COLUMNS}
    columns = {wanted[h]: i for i, h in enumerate(header) if h in wanted}
    missing = [label for key, label in MEASURE_COLUMNS if key in {"priority", "name"} and key not in columns]
    if missing:
        raise InputError(source, f"the heading row needs the column(s): {', '.join(missing)}", 1)
    numbers = {p.number for p in priorities}
    measures = []
    for line, values in enumerate(rows, start=2):
        cells = [_text(v) for v in values]
        if not any(cells):
            continue

        def get(key: str, cells: list[str] = cells) -> str:
            return _cell(cells, columns, key)

        try:
            priority = int(get("priority"))
        except ValueError:
            raise InputError(source, f"the priority '{get('priority')}' is not a priority number", line) from None
        if priority not in numbers:
            raise InputError(source, f"priority {priority} is not in the delivery plan", line)
        if not get("name"):
            raise InputError(source, "the measure has no name", line)
        measures.append(
            MeasureRow(
                line=line,
                priority=priority,
                ref=get("ref"),
                name=get("name"),
                action=get("action"),
                definition=get("definition"),
                lead=get("lead"),
                polarity=_choice(
                    Measure.Polarity.choices, get("polarity"), "polarity", source, line, Measure.Polarity.NONE
                ),
                unit=_choice(Measure.Unit.choices, get("unit"), "unit", source, line, Measure.Unit.COUNT),
                baseline=_number(get("baseline"), "baseline", source, line),
                baseline_period=get("baseline_period"),
                target=_number(get("target"), "target", source, line),
                frequency=_choice(
                    Measure.Frequency.choices, get("frequency"), "frequency", source, line, Measure.Frequency.QUARTERLY
                ),
                source=_choice(Measure.Source.choices, get("source"), "source", source, line, Measure.Source.MANUAL),
                evidence_series=get("evidence_series"),
            )
        )
    return measures


# Saving -------------------------------------------------------------------------------------


def match_agency(lead: str, agencies: list[Agency]) -> Agency | None:
    """The partner agency a lead names: the whole first line, else the first agency named in it."""
    first = lead.splitlines()[0].strip().lower() if lead.strip() else ""
    if not first:
        return None
    for agency in agencies:
        if first in {agency.name.lower(), agency.short_name.lower()}:
            return agency
    for agency in agencies:
        for name in filter(None, [agency.name, agency.short_name]):
            if re.search(rf"\b{re.escape(name.lower())}\b", lead.lower()):
                return agency
    return None


@transaction.atomic
def create_plan(tables: PlanTables, *, partnership: Partnership, title: str, starts: date, ends: date) -> Plan:
    """Save the tables read from a workbook as a new draft plan, all or nothing."""
    agencies = list(Agency.objects.filter(partnerships=partnership))
    plan = Plan.objects.create(partnership=partnership, title=title, starts=starts, ends=ends)
    actions_by_ref: dict[tuple[int, str], Action] = {}
    for table in tables.priorities:
        priority = Priority.objects.create(plan=plan, number=table.number, title=table.title)
        outcomes: dict[str, Outcome] = {}
        for row in table.rows:
            outcome = None
            if row.aim:
                outcome = outcomes.get(row.aim) or Outcome.objects.create(priority=priority, description=row.aim)
                outcomes[row.aim] = outcome
            action = None
            if row.activity:
                action = Action.objects.create(
                    priority=priority,
                    outcome=outcome,
                    reference=row.ref,
                    we_will=row.activity,
                    how=row.how,
                    timescale=row.timescale,
                    lead=row.lead,
                    owner_agency=match_agency(row.lead, agencies),
                    working_with=row.working_with,
                    status=row.status,
                )
                if row.ref:
                    actions_by_ref[(table.number, row.ref)] = action
            for risk in row.risks:
                Risk.objects.create(
                    priority=priority,
                    action=action,
                    kind=risk.kind,
                    description=risk.description,
                    mitigation=risk.mitigation,
                )
            if tables.measures is None:
                for name in row.measures:
                    Measure.objects.create(
                        priority=priority,
                        action=action,
                        name=name,
                        lead=row.lead,
                        owner_agency=match_agency(row.lead, agencies),
                        polarity=Measure.Polarity.NONE,
                    )
    priorities = {p.number: p for p in plan.priorities.all()}
    for row in tables.measures or []:
        Measure.objects.create(
            priority=priorities[row.priority],
            action=actions_by_ref.get((row.priority, row.action)),
            reference=row.ref,
            name=row.name,
            definition=row.definition,
            lead=row.lead,
            owner_agency=match_agency(row.lead, agencies),
            polarity=row.polarity,
            unit=row.unit,
            baseline=row.baseline,
            baseline_period=row.baseline_period,
            target=row.target,
            frequency=row.frequency,
            source=row.source,
            evidence_series=row.evidence_series,
        )
    return plan
