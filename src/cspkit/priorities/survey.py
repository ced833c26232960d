"""Reading consultation survey responses as online survey tools export them.

One row per respondent, one column per question: 1-5 importance ratings and free text. Reads
CSV and Excel exports of the usual tools: Microsoft Forms and Google Forms (one header row;
grid questions as ``Question [Item]``), SurveyMonkey (a second header row naming the items of
matrix questions, 'Response' or 'Open-Ended Response' elsewhere), SmartSurvey and Citizen Space.
Answers may be numbers or number-led labels ('5 - Most important'); blanks and 'Don't know'
are no answer. Tool columns (start time, email, IP address) are left alone.

Every problem names the file, the line and the column: a wrong answer buried in a 1-5 column
is an error, not a silent shift in the percentages.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cspkit.errors import InputError
from cspkit.sources.textfile import refuse_not_text
from cspkit.sources.workbook import load_workbook

NO_ANSWER = frozenset({
    "", "-", "n/a", "na", "none", "don't know", "dont know", "don’t know", "not sure", "no opinion",
    "prefer not to say", "not applicable", "skipped",
})
ID_COLUMNS = ("respondent id", "response id", "respondent", "respondent number", "response number", "id",
              "unique response number", "submission id")
TOOL_COLUMNS = frozenset({
    "collector id", "start date", "end date", "start time", "completion time", "completed", "last modified time",
    "ip address", "email", "email address", "name", "first name", "last name", "custom data 1", "timestamp",
    "started", "ended", "date", "status", "time taken", "language", "source", "user agent", "response status",
})
SUBHEADINGS = frozenset({"response", "open-ended response"})
#: Tool columns that date each response, in the order they are looked for (completion first).
DATE_COLUMNS = ("completion time", "end date", "timestamp", "ended", "completed", "start time", "start date",
                "started", "date")
RATING_SHARE = 0.8
"""A column is a rating question when at least this share of its answers are whole numbers."""

_NUMBER_LED = re.compile(r"^(\d+)(?:\.0+)?(?:\s*[-–—:=(.)]?\s*[^\d\s.,/:\-].*)?$", re.DOTALL)
_GRID_ITEM = re.compile(r"^(.*\S)\s*\[([^\[\]]+)\]\s*$", re.DOTALL)


@dataclass(frozen=True)
class SurveyResponses:
    """Checked answers: for each rating question, one level per respondent (None: no answer)."""

    source: str
    respondent_ids: tuple[str, ...]
    ratings: Mapping[str, tuple[int | None, ...]]  # question label -> answers, in respondent order
    question_text: Mapping[str, str]  # question label -> the column heading as exported
    comments: Mapping[str, tuple[str, ...]]  # free-text column -> answers ('' for none)
    scale: tuple[int, int] = (1, 5)
    id_column: str | None = None
    answered_on: tuple[date | None, ...] = ()  # each response's date, from the tool's time column if it has one

    @property
    def respondents(self) -> int:
        return len(self.respondent_ids)

    @property
    def dates(self) -> tuple[date, date] | None:
        """The first and last dates responses were made, where the export dates them; a report says
        when the public was asked, and whether that was long before the period it informs."""
        known = [d for d in self.answered_on if d is not None]
        return (min(known), max(known)) if known else None

    def comments_by_respondent(self) -> list[str]:
        """Everything each respondent wrote, across all free-text questions."""
        columns = list(self.comments.values())
        return ["\n".join(column[i] for column in columns if column[i]) for i in range(self.respondents)]


@dataclass(frozen=True)
class _Column:
    index: int
    label: str
    text: str


def read_survey(
    path: str | Path,
    *,
    id_column: str | None = None,
    questions: Sequence[str] | None = None,
    text_columns: Sequence[str] | None = None,
    scale: tuple[int, int] = (1, 5),
) -> SurveyResponses:
    """Read and check a survey export (.csv, .xlsx).

    Parameters
    ----------
    id_column
        The respondent id column; found by its usual names if not given. Without one, each row is
        a respondent and duplicates cannot be checked.
    questions
        The rating questions (labels or headings); found automatically if not given: columns
        whose answers are mostly whole numbers.
    text_columns
        Free-text questions; found automatically if not given: the other columns with answers.
    scale
        The lowest and highest answer (1 to 5).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    rows = _read_rows(path)
    if not rows:
        raise InputError(path, "the file is empty")
    header_rows = 2 if _has_subheadings(rows) else 1
    columns = _columns(path, rows[:header_rows])
    data = [(line, cells) for line, cells in rows[header_rows:] if any(_text(c) for c in cells)]
    width = len(rows[0][1])
    for line, cells in data:
        if len(cells) != width:
            raise InputError(path, f"this row has {len(cells)} cells but the first row names {width} columns", line)

    id_col = _id_column(path, columns, id_column)
    ids = _respondent_ids(path, data, id_col)
    rating_cols, text_cols = _classify(path, columns, data, id_col, questions, text_columns)
    if not rating_cols:
        raise InputError(path, f"found no questions answered {scale[0]} to {scale[1]}; name them with --question "
                               f"(columns: {', '.join(c.label for c in columns)})", rows[0][0])
    ratings = {c.label: tuple(_rating(path, line, cells[c.index], c, scale) for line, cells in data)
               for c in rating_cols}
    comments = {c.label: tuple("" if _text(cells[c.index]).casefold() in NO_ANSWER else _text(cells[c.index])
                               for _, cells in data) for c in text_cols}
    when = next((c for name in DATE_COLUMNS if (c := _find(columns, name)) is not None), None)
    return SurveyResponses(
        source=str(path),
        respondent_ids=ids,
        ratings=ratings,
        question_text={c.label: c.text for c in rating_cols},
        comments=comments,
        scale=scale,
        id_column=id_col.label if id_col else None,
        answered_on=tuple(_date(cells[when.index]) for _, cells in data) if when is not None else (),
    )


def _date(value: Any) -> date | None:
    """A response's date from a tool's time column: a spreadsheet date, ISO text, or UK day-first text
    ('08/03/2024 03:18:00', as Microsoft Forms exports it in the UK); None if it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text.split(" ")[0].split("T")[0], pattern).date()
        except ValueError:
            continue
    return None


def parse_answer(value: Any) -> int | None:
    """The whole number an answer starts with ('5', 5, 5.0, '5 - Most important'); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    match = _NUMBER_LED.match(_text(value))
    return int(match.group(1)) if match else None


def _read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(line or row number, cells) for every row of the first sheet or the CSV."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return _read_xlsx(path)
    refuse_not_text(path)  # UTF-16 text, or a workbook saved with a .csv name: say so, not mojibake
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's 'CSV' on Windows
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(path, f"not a readable CSV file: {exc}", start) from None
    return rows


def _read_xlsx(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        book = load_workbook(path)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        raise InputError(path, f"not a readable Excel file: {exc}") from None
    try:
        sheet = book.worksheets[0]
        rows = [(number, ["" if v is None else v for v in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    width = max((len(cells) for _, cells in rows), default=0)
    return [(number, cells + [""] * (width - len(cells))) for number, cells in rows]


def _has_subheadings(rows: list[tuple[int, list[Any]]]) -> bool:
    """SurveyMonkey's second header row says 'Response' / 'Open-Ended Response' or names matrix items."""
    return len(rows) > 1 and any(_text(cell).casefold() in SUBHEADINGS for cell in rows[1][1])


def _columns(path: Path, header: list[tuple[int, list[Any]]]) -> list[_Column]:
    top = [_text(c) for c in header[0][1]]
    sub = [_text(c) for c in header[1][1]] if len(header) > 1 else [""] * len(top)
    columns, current = [], ""
    for index, heading in enumerate(top):
        current = heading or (current if len(header) > 1 else "")
        item = sub[index] if index < len(sub) else ""
        if item and item.casefold() not in SUBHEADINGS:
            label, text = item, f"{current} [{item}]"
        else:
            label, text = current, current
            grid = _GRID_ITEM.match(current)
            if grid:
                label = grid.group(2).strip()
        columns.append(_Column(index, label or f"column {index + 1}", text or f"column {index + 1}"))
    seen: dict[str, int] = {}
    for column in columns:
        key = column.label.casefold()
        if key in seen and not column.label.startswith("column "):
            raise InputError(path, f"two columns are both called '{column.label}' (columns {seen[key] + 1} and "
                                   f"{column.index + 1}); rename one", header[0][0])
        seen[key] = column.index
    return columns


def _find(columns: list[_Column], name: str) -> _Column | None:
    wanted = " ".join(name.split()).casefold()
    for column in columns:
        if wanted in (" ".join(column.label.split()).casefold(), " ".join(column.text.split()).casefold()):
            return column
    return None


def _missing(path: Path, name: str, columns: list[_Column], what: str) -> InputError:
    names = ", ".join(f"'{c.label}'" for c in columns)
    return InputError(path, f"no {what} column '{name}' (columns: {names})", 1)


def _id_column(path: Path, columns: list[_Column], name: str | None) -> _Column | None:
    if name is not None:
        found = _find(columns, name)
        if found is None:
            raise _missing(path, name, columns, "respondent id")
        return found
    for candidate in ID_COLUMNS:
        found = _find(columns, candidate)
        if found is not None:
            return found
    return None


def _respondent_ids(path: Path, data: list[tuple[int, list[Any]]], column: _Column | None) -> tuple[str, ...]:
    if column is None:
        return tuple(str(line) for line, _ in data)
    seen: dict[str, int] = {}
    for line, cells in data:
        value = _text(cells[column.index])
        if isinstance(cells[column.index], float) and cells[column.index].is_integer():
            value = str(int(cells[column.index]))
        if not value:
            raise InputError(path, f"no respondent id in column '{column.label}'", line)
        if value in seen:
            raise InputError(path, f"respondent id '{value}' appears twice (lines {seen[value]} and {line}); "
                                   "remove the duplicate response", line)
        seen[value] = line
    return tuple(seen)


def _classify(path: Path, columns: list[_Column], data: list[tuple[int, list[Any]]], id_col: _Column | None,
              questions: Sequence[str] | None, text_columns: Sequence[str] | None) -> tuple[list[_Column],
                                                                                            list[_Column]]:
    named_ratings = [_find(columns, q) or _raise(_missing(path, q, columns, "question")) for q in questions or ()]
    named_texts = [_find(columns, t) or _raise(_missing(path, t, columns, "free-text")) for t in text_columns or ()]
    ratings, texts = list(named_ratings), list(named_texts)
    taken = {c.index for c in (*ratings, *texts)} | ({id_col.index} if id_col else set())
    for column in columns:
        if column.index in taken or " ".join(column.label.split()).casefold() in TOOL_COLUMNS:
            continue
        answers = [cells[column.index] for _, cells in data if _text(cells[column.index]).casefold() not in NO_ANSWER]
        if not answers:
            continue
        numeric = sum(parse_answer(a) is not None for a in answers)
        if questions is None and numeric / len(answers) >= RATING_SHARE:
            ratings.append(column)
        elif text_columns is None and numeric / len(answers) < RATING_SHARE:
            texts.append(column)
    return ratings, texts


def _rating(path: Path, line: int, value: Any, column: _Column, scale: tuple[int, int]) -> int | None:
    if _text(value).casefold() in NO_ANSWER:
        return None
    number = parse_answer(value)
    low, high = scale
    if number is None:
        raise InputError(path, f"'{column.label}': answer '{_text(value)}' is not a number from {low} to {high}", line)
    if not low <= number <= high:
        raise InputError(path, f"'{column.label}': answer {number} is outside {low} to {high}", line)
    return number


def _raise(error: InputError) -> Any:
    raise error


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)
