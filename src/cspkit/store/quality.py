"""What police.uk data the store holds, and what about it an analyst should know before using it.

Coverage is one row per force, kind and month from the force's first to its last month of that
kind (a month missing inside it shows as a row with no file). Each force is judged against its
own span: a store holding one force's 2022 files and another's 2024 files has no missing month,
only a note that the forces cover different months. Flags are the data-quality warnings:

- **missing month**: a month between the force's first and last file of a kind has no file;
- **low volume / high volume**: a month whose rows per day depart sharply from the force's
  usual level (see :func:`volume_ratios`);
- **one crime type low / one crime type high**: a month whose file is of the usual size but one
  common crime type's records depart far from its own usual level (Staffordshire's anti-social
  behaviour in November 2022 is 45% down while its other records are as usual): only that type's
  figures are in doubt, so the month is not left out of the others' trends;
- **no location**: rows with neither coordinates nor an LSOA code, which cannot be counted in any area;
- **no LSOA**: rows with coordinates but no LSOA code: cspkit counts crimes in areas by their LSOA,
  so these are counted in no area either;
- **no coordinates**: rows with an LSOA code but no coordinates: counted in their area, but left
  out of maps, grid hot spots and repeat locations (a stop and search without coordinates is
  counted in its force's figures but cannot be mapped);
- **LSOA not in lookup**: LSOA codes that no loaded lookup knows (often a different LSOA
  vintage), so those rows drop out of area figures;
- **outside force area**: rows in LSOAs of another police force area (police.uk files hold
  crimes a force recorded anywhere, e.g. Staffordshire crimes in Birmingham);
- **same rows as another force**: a month whose rows are exactly those held for another force
  name (one file loaded under two names counts its crimes twice);
- **Reported by differs**: files whose 'Reported by' is not the force their name gives.

The last two need lookups loaded; when they are not, :attr:`QualityReport.notes` says so
rather than reporting nothing wrong.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass, field
from datetime import date
from statistics import median

import duckdb
import pandas as pd

# A month is flagged when its rows per day are below LOW_RATIO or above HIGH_RATIO times the
# median of the force's other months of the same kind. Force-level monthly crime moves by
# about 10-15% with the seasons; Poisson noise on thousands of rows is about 1%. A departure
# of more than a fifth (1/0.8 = 1.25 upwards, the same distance on a log scale) is beyond both
# and usually means a recording or publication problem: Staffordshire Jan-Mar 2022 run at
# 0.62-0.78 of its other months. Counts are per day so that February is not flagged for
# being short. The median of the *other* months keeps a bad month from hiding itself, and a
# median (not a mean) keeps several bad months from moving the yardstick.
LOW_RATIO = 0.8
HIGH_RATIO = 1.25
MIN_OTHER_MONTHS = 3
# One crime type departs from its own usual level by much more than the whole file may. A common
# type's months move with the seasons far more than the whole file's (ASB runs 25-30% lower in
# winter than in summer), so only a departure beyond TYPE_LOW_RATIO (or its inverse) is flagged,
# and only for types with at least TYPE_MIN_ROWS records in a usual month force-wide, where chance
# moves a month by a few per cent at most.
TYPE_LOW_RATIO = 0.6
TYPE_MIN_ROWS = 300

FLAG_KINDS = (
    "missing month",
    "low volume",
    "high volume",
    "one crime type low",
    "one crime type high",
    "no location",
    "no LSOA",
    "no coordinates",
    "LSOA not in lookup",
    "outside force area",
    "same rows as another force",
    "Reported by differs",
)

# Rows found by an area check, by force then (kind, month); None when the check could not run.
AreaCounts = dict[str, dict[tuple[str, date], int]] | None

# What each row has of its location, counted per file: the flag each count raises.
LOCATION_COUNTS = {
    "rows_no_location": "no location",
    "rows_no_lsoa": "no LSOA",
    "rows_no_coordinates": "no coordinates",
}


@dataclass(frozen=True)
class MonthCoverage:
    """One force, kind and month: what is loaded and what was found wrong with it."""

    force: str
    force_name: str | None
    kind: str
    month: date
    rows: int | None  # None: no file for this month
    rows_no_location: int | None  # neither coordinates nor an LSOA code
    rows_no_lsoa: int | None  # coordinates but no LSOA code
    rows_no_coordinates: int | None  # an LSOA code (or, for stop and search, nothing) but no coordinates
    rows_lsoa_not_in_lookup: int | None  # None: not checked (no lookup loaded)
    rows_outside_force_area: int | None  # None: not checked (lookups or force area unknown)
    volume_ratio: float | None  # rows per day / median of the force's other months
    source_file: str | None
    loaded_at: str | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Flag:
    """One data-quality warning, in words an analyst can act on."""

    flag: str  # one of FLAG_KINDS
    force: str
    kind: str
    month: date | None  # None when it sums several months
    rows: int | None
    message: str


@dataclass(frozen=True)
class QualityReport:
    """Coverage (force, kind, month), flags, and notes on the checks that could not run."""

    coverage: list[MonthCoverage]
    flags: list[Flag]
    notes: list[str] = field(default_factory=list)

    def coverage_frame(self) -> pd.DataFrame:
        """Coverage as a data frame, flags joined by '; '."""
        rows = [asdict(c) | {"flags": "; ".join(c.flags)} for c in self.coverage]
        frame = pd.DataFrame(rows, columns=list(MonthCoverage.__dataclass_fields__))
        return _whole_numbers(frame, ("rows", *LOCATION_COUNTS, "rows_lsoa_not_in_lookup", "rows_outside_force_area"))

    def flags_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame([asdict(f) for f in self.flags], columns=list(Flag.__dataclass_fields__))
        return _whole_numbers(frame, ("rows",))


def _whole_numbers(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Counts stay integers (nullable) even where a missing month leaves a gap, so no format prints 734.0."""
    return frame.astype({c: "Int64" for c in columns})


def assess_quality(con: duckdb.DuckDBPyConnection) -> QualityReport:
    """Coverage and data-quality flags for every police.uk file in the store."""
    files = _files(con)
    located = _location_counts(con)
    for row in files:
        row.update(located.get((row["force"], row["kind"], row["month"]), dict.fromkeys(LOCATION_COUNTS, 0)))
    notes: list[str] = []
    not_in_lookup = _lsoas_not_in_lookup(con, notes)
    outside = _outside_force_area(con, notes)
    coverage, flags = [], []
    grouped = _group(files)
    street_ratios: dict[str, dict[date, float]] = {}  # each force's whole street files, to judge one type in
    notes.extend(_span_notes(grouped))
    for (force, kind), months in grouped.items():
        span = _month_span(list(months))
        ratios = volume_ratios({m: r["rows"] for m, r in months.items()})
        if kind == "street":
            street_ratios[force] = ratios
        missing = [m for m in span if m not in months]
        force_name = next(iter(months.values()))["force_name"]
        for month in span:
            coverage.append(
                _month_row(force, force_name, kind, month, months.get(month), ratios, not_in_lookup, outside)
            )
        flags.extend(_month_flags(force, kind, missing, ratios))
        flags.extend(_total_flags(force, kind, coverage[-len(span):]))
    flags.extend(_crime_type_flags(con, street_ratios))
    flags.extend(_same_rows_flags(con))
    flags.extend(_reported_by_flags(con))
    return QualityReport(coverage, flags, notes)


_TABLES = {"street": "street_crimes", "outcomes": "outcomes", "stop-and-search": "stop_searches"}


def _crime_type_flags(con: duckdb.DuckDBPyConnection, file_ratios: dict[str, dict[date, float]]) -> list[Flag]:
    """Months of a street file of the usual size in which one common crime type's records per day
    depart from that type's usual level beyond :data:`TYPE_LOW_RATIO` (a month whose whole file is
    flagged is not flagged again for each of its types)."""
    counts: dict[tuple[str, str], dict[date, int]] = {}
    for force, crime_type, month, rows in con.execute(
        "SELECT force, crime_type, month, count(*) FROM street_crimes GROUP BY ALL ORDER BY ALL"
    ).fetchall():
        counts.setdefault((force, crime_type), {})[month] = rows
    flags = []
    for (force, crime_type), by_month in counts.items():
        if force not in file_ratios or median(by_month.values()) < TYPE_MIN_ROWS:
            continue
        for month, ratio in sorted(volume_ratios(by_month).items()):
            whole = file_ratios[force].get(month)
            if (whole is not None and not LOW_RATIO <= whole <= HIGH_RATIO) or \
                    TYPE_LOW_RATIO <= ratio <= 1 / TYPE_LOW_RATIO:
                continue
            low = ratio < TYPE_LOW_RATIO
            flags.append(Flag(
                "one crime type low" if low else "one crime type high", force, "street", month, by_month[month],
                f"{month:%B %Y} has {abs(1 - ratio):.0%} {'fewer' if low else 'more'} {crime_type.lower()} records "
                "per day than the median of the force's other months, while its other records are about as "
                f"usual: read {crime_type.lower()} figures that include it with care"))
    return flags


def _same_rows_flags(con: duckdb.DuckDBPyConnection) -> list[Flag]:
    """Months held under two force names with exactly the same rows (compared by a checksum of
    every row but its force; only months with equal row counts are compared, so this is cheap)."""
    candidates = con.execute(
        "SELECT a.force, b.force, a.kind, a.month, a.rows FROM police_uk_files a JOIN police_uk_files b "
        "ON a.kind = b.kind AND a.month = b.month AND a.force < b.force AND a.rows = b.rows AND a.rows > 0 "
        "ORDER BY ALL"
    ).fetchall()
    same: dict[tuple[str, str, str], list[tuple[date, int]]] = {}
    for first, second, kind, month, rows in candidates:
        sums = [
            con.execute(
                f"SELECT sum(hash(t)) FROM (SELECT * EXCLUDE (force, load_id) FROM {_TABLES[kind]} "
                "WHERE force = ? AND month = ?) t",
                [force, month],
            ).fetchone()[0]
            for force in (first, second)
        ]
        if sums[0] == sums[1]:
            same.setdefault((first, second, kind), []).append((month, rows))
    return [
        Flag("same rows as another force", second, kind, months[0][0] if len(months) == 1 else None,
             sum(r for _, r in months),
             f"{sum(r for _, r in months):,} {kind} rows of {_months_text([m for m, _ in months])} are exactly "
             f"those held for {first}: one file loaded under two force names counts every row twice. "
             "Load the file under its right name only (rebuild the store without the other)")
        for (first, second, kind), months in same.items()
    ]


def _reported_by_flags(con: duckdb.DuckDBPyConnection) -> list[Flag]:
    """Files whose 'Reported by' names another force than the one their file name gives."""
    rows = con.execute(
        "SELECT f.force, f.kind, f.force_name, p.force_name, list(f.month ORDER BY f.month), sum(f.rows) "
        "FROM police_uk_files f JOIN police_forces p USING (force) "
        "WHERE f.force_name IS NOT NULL AND f.force_name <> p.force_name GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    return [
        Flag("Reported by differs", force, kind, months[0] if len(months) == 1 else None, total,
             f"the files of {_months_text(months)} are named {force} ({expected}) but 'Reported by' is "
             f"{found}: check that the files were not renamed or mixed up")
        for force, kind, found, expected, months, total in rows
    ]


def volume_ratios(rows_by_month: dict[date, int]) -> dict[date, float]:
    """Each month's rows per day over the median rows per day of the other months.

    Months with fewer than :data:`MIN_OTHER_MONTHS` others to compare with get no ratio.
    """
    per_day = {m: rows / calendar.monthrange(m.year, m.month)[1] for m, rows in rows_by_month.items()}
    if len(per_day) <= MIN_OTHER_MONTHS:
        return {}
    ratios = {}
    for month, value in per_day.items():
        usual = median(v for m, v in per_day.items() if m != month)
        if usual > 0:
            ratios[month] = value / usual
    return ratios


_LOCATION_SQL = """
SELECT force, '{kind}' AS kind, month,
       count(*) FILTER (WHERE longitude IS NULL AND {lsoa} IS NULL) AS rows_no_location,
       count(*) FILTER (WHERE longitude IS NOT NULL AND {lsoa} IS NULL) AS rows_no_lsoa,
       count(*) FILTER (WHERE longitude IS NULL AND {lsoa} IS NOT NULL) AS rows_no_coordinates
FROM {table} GROUP BY ALL
"""


def _location_counts(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, date], dict[str, int]]:
    """Rows per force, kind and month with no coordinates, no LSOA code, or neither, counted as
    the assessment counts them: by LSOA in areas, by coordinates on maps. Stop and search files
    have no LSOA: a search without coordinates is counted in its force's figures, not mapped."""
    query = " UNION ALL ".join(
        _LOCATION_SQL.format(kind=kind, table=table, lsoa="lsoa_code" if kind != "stop-and-search" else "'none'")
        for kind, table in _TABLES.items()
    )
    rows = con.execute(query).fetchall()
    return {(force, kind, month): dict(zip(LOCATION_COUNTS, counts, strict=True))
            for force, kind, month, *counts in rows}


def _files(con: duckdb.DuckDBPyConnection) -> list[dict]:
    result = con.execute(
        "SELECT f.force, f.kind, f.month, f.rows, coalesce(f.force_name, p.force_name), "
        "l.source_file || coalesce(': ' || l.member, ''), strftime(l.loaded_at, '%Y-%m-%d %H:%M:%S') "
        "FROM police_uk_files f LEFT JOIN loads l USING (load_id) LEFT JOIN police_forces p USING (force) "
        "ORDER BY f.force, f.kind, f.month"
    ).fetchall()
    keys = ("force", "kind", "month", "rows", "force_name", "source_file", "loaded_at")
    return [dict(zip(keys, row, strict=True)) for row in result]


def _group(files: list[dict]) -> dict[tuple[str, str], dict[date, dict]]:
    grouped: dict[tuple[str, str], dict[date, dict]] = {}
    for row in files:
        grouped.setdefault((row["force"], row["kind"]), {})[row["month"]] = row
    return grouped


def _month_span(months: list[date]) -> list[date]:
    """Every month from the first to the last of ``months``."""
    first, last = min(months), max(months)
    span, current = [], first
    while current <= last:
        span.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return span


def _span_notes(grouped: dict[tuple[str, str], dict[date, dict]]) -> list[str]:
    """One note per kind whose forces cover different spans of months (not a gap in any of them)."""
    notes = []
    for kind in sorted({k for _, k in grouped}):
        spans = {force: (min(months), max(months)) for (force, k), months in grouped.items() if k == kind}
        if len(set(spans.values())) > 1:
            listed = "; ".join(f"{force} {first:%Y-%m}..{last:%Y-%m}" for force, (first, last) in sorted(spans.items()))
            notes.append(f"The forces' {kind} files cover different months ({listed}); each force is checked for "
                         "missing months within its own span, and figures that compare forces use only the months "
                         "they all cover.")
    return notes


def _month_row(
    force: str,
    force_name: str | None,
    kind: str,
    month: date,
    file: dict | None,
    ratios: dict[date, float],
    not_in_lookup: AreaCounts,
    outside: AreaCounts,
) -> MonthCoverage:
    flags = []
    if file is None:
        flags.append("missing month")
    ratio = ratios.get(month)
    if ratio is not None and ratio < LOW_RATIO:
        flags.append("low volume")
    if ratio is not None and ratio > HIGH_RATIO:
        flags.append("high volume")
    flags += [flag for count, flag in LOCATION_COUNTS.items() if file and file[count]]
    lookup_rows = _checked(not_in_lookup, force, kind, month, file, applies=kind != "stop-and-search")
    outside_rows = _checked(outside, force, kind, month, file, applies=kind != "stop-and-search")
    if lookup_rows:
        flags.append("LSOA not in lookup")
    if outside_rows:
        flags.append("outside force area")
    return MonthCoverage(
        force=force,
        force_name=force_name,
        kind=kind,
        month=month,
        rows=file["rows"] if file else None,
        **{count: file[count] if file else None for count in LOCATION_COUNTS},
        rows_lsoa_not_in_lookup=lookup_rows,
        rows_outside_force_area=outside_rows,
        volume_ratio=round(ratio, 3) if ratio is not None else None,
        source_file=file["source_file"] if file else None,
        loaded_at=file["loaded_at"] if file else None,
        flags=tuple(flags),
    )


def _checked(counts: AreaCounts, force: str, kind: str, month: date, file: dict | None, *, applies: bool) -> int | None:
    """Rows found by a check, 0 if none, None if the check could not run for this file."""
    if counts is None or file is None or not applies:
        return None
    per_force = counts.get(force)
    if per_force is None:
        return None
    return per_force.get((kind, month), 0)


def _month_flags(force: str, kind: str, missing: list[date], ratios: dict[date, float]) -> list[Flag]:
    flags = []
    if missing:
        flags.append(
            Flag("missing month", force, kind, None, None,
                 f"no {kind} file for {_months_text(missing)}, between the force's first and last {kind} files")
        )
    for month, ratio in sorted(ratios.items()):
        if ratio < LOW_RATIO or ratio > HIGH_RATIO:
            low = ratio < LOW_RATIO
            flags.append(
                Flag("low volume" if low else "high volume", force, kind, month, None,
                     f"{month:%B %Y} has {abs(1 - ratio):.0%} {'fewer' if low else 'more'} records per day than "
                     "the median of the force's other months: read comparisons that include it with care")
            )
    return flags


def _total_flags(force: str, kind: str, rows: list[MonthCoverage]) -> list[Flag]:
    total = sum(r.rows or 0 for r in rows)
    flags = []
    for flag, attribute, words in (
        *_location_words(kind),
        ("LSOA not in lookup", "rows_lsoa_not_in_lookup",
         "have a neighbourhood (LSOA) code that is not in the ONS geography lookup used (often an LSOA of "
         "another census year), so they are counted in no area"),
        ("outside force area", "rows_outside_force_area",
         "are in LSOAs outside the force's area (crimes the force recorded elsewhere)"),
    ):
        count = sum(getattr(r, attribute) or 0 for r in rows)
        if count:
            flags.append(Flag(flag, force, kind, None, count,
                              f"{count:,} of {total:,} {RECORDS.get(kind, kind + ' records')} "
                              f"({_share(count, total)}) {words}"))
    return flags


#: What a reader calls the records of each kind of police.uk file (the flags are printed in reports).
RECORDS = {"street": "police.uk crime and ASB records", "outcomes": "police.uk outcome records",
           "stop-and-search": "police.uk stop and search records"}


def _location_words(kind: str) -> tuple[tuple[str, str, str], ...]:
    """The location flags of ``kind`` and what each means for the figures."""
    if kind == "stop-and-search":
        return (("no coordinates", "rows_no_coordinates",
                 "have no coordinates: they are counted in the force's figures but cannot be mapped"),)
    return (
        ("no location", "rows_no_location", "have neither coordinates nor an LSOA code, so they cannot be counted "
                                            "in any area"),
        ("no LSOA", "rows_no_lsoa", "have coordinates but no LSOA code: areas are counted by LSOA, so they are "
                                    "counted in no area"),
        ("no coordinates", "rows_no_coordinates", "have an LSOA code but no coordinates: they are counted in their "
                                                  "area but left out of maps, grid hot spots and repeat locations"),
    )


def _months_text(months: list[date]) -> str:
    return ", ".join(f"{m:%Y-%m}" for m in months)


def _known_lsoas_sql() -> str:
    return (
        "SELECT code FROM areas WHERE level = 'lsoa' "
        "UNION SELECT child_code FROM area_links WHERE child_level = 'lsoa'"
    )


def _lsoas_not_in_lookup(con: duckdb.DuckDBPyConnection, notes: list[str]) -> AreaCounts:
    """Rows per force, kind and month whose LSOA no loaded lookup knows; None if no lookup."""
    if not con.execute(f"SELECT count(*) FROM ({_known_lsoas_sql()})").fetchone()[0]:
        notes.append("LSOAs not in lookup: not checked, as no LSOA lookup is loaded (cspkit load lookup ...).")
        return None
    result = con.execute(
        f"WITH known AS ({_known_lsoas_sql()}), rows AS ("
        "  SELECT force, 'street' AS kind, month, lsoa_code FROM street_crimes"
        "  UNION ALL SELECT force, 'outcomes', month, lsoa_code FROM outcomes)"
        " SELECT force, kind, month, count(*) FROM rows"
        " WHERE lsoa_code IS NOT NULL AND lsoa_code NOT IN (SELECT code FROM known) GROUP BY ALL"
    ).fetchall()
    forces = {r[0] for r in con.execute("SELECT DISTINCT force FROM police_uk_files").fetchall()}
    counts: dict[str, dict] = {force: {} for force in forces}
    for force, kind, month, rows in result:
        counts[force][(kind, month)] = rows
    return counts


_LSOA_PFA_SQL = """
WITH RECURSIVE up(lsoa, code, level) AS (
    SELECT DISTINCT child_code, child_code, child_level FROM area_links WHERE child_level = 'lsoa'
    UNION
    SELECT up.lsoa, l.parent_code, l.parent_level
    FROM up JOIN area_links l ON l.child_code = up.code AND l.child_level = up.level
)
SELECT lsoa, code AS pfa_code FROM up WHERE level = 'pfa'
"""


def _outside_force_area(con: duckdb.DuckDBPyConnection, notes: list[str]) -> AreaCounts:
    """Rows per force, kind and month in LSOAs of another force area; None if not checkable.

    LSOAs are walked up the loaded links (LSOA -> district -> ... -> police force area); the
    force's own area comes from the police.uk force list. Rows in LSOAs with no known force
    area are not counted either way.
    """
    pairs = con.execute(f"SELECT count(*) FROM ({_LSOA_PFA_SQL})").fetchone()[0]
    if not pairs:
        notes.append(
            "Outside force area: not checked, as the loaded lookups do not link LSOAs to police force areas "
            "(load an LSOA to district lookup and a district to police force area lookup)."
        )
        return None
    forces = con.execute(
        "SELECT DISTINCT f.force, p.pfa_code FROM police_uk_files f LEFT JOIN police_forces p USING (force)"
    ).fetchall()
    unplaced = sorted(force for force, pfa in forces if pfa is None)
    if unplaced:
        notes.append(
            f"Outside force area: not checked for {', '.join(unplaced)}, "
            "as they are not police.uk forces with a police force area."
        )
    result = con.execute(
        f"WITH lsoa_pfa AS ({_LSOA_PFA_SQL}), rows AS ("
        "  SELECT force, 'street' AS kind, month, lsoa_code FROM street_crimes"
        "  UNION ALL SELECT force, 'outcomes', month, lsoa_code FROM outcomes),"
        " placed AS (SELECT lsoa, list(pfa_code) AS pfas FROM lsoa_pfa GROUP BY lsoa)"
        " SELECT r.force, r.kind, r.month, count(*) FROM rows r"
        " JOIN police_forces f USING (force) JOIN placed p ON p.lsoa = r.lsoa_code"
        " WHERE f.pfa_code IS NOT NULL AND NOT list_contains(p.pfas, f.pfa_code) GROUP BY ALL"
    ).fetchall()
    counts: dict[str, dict] = {force: {} for force, pfa in forces if pfa is not None}
    for force, kind, month, rows in result:
        counts[force][(kind, month)] = rows
    return counts


def _share(count: int, total: int) -> str:
    """'0.5%', or 'under 0.1%' where one decimal place would print a non-zero count as 0.0%."""
    share = count / total
    return "under 0.1%" if 0 < share < 0.0005 else f"{share:.1%}"
