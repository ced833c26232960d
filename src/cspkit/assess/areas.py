"""Finding an area by name or ONS code and walking the geography to its LSOAs and parents.

Lookups come in different vintages (LSOA 2011 -> district 2021, district 2017 -> CSP 2017).
Codes that did not change keep their meaning across vintages, so the walk follows codes and
ignores the vintage, preferring the newest where a code has several names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import duckdb

from cspkit.errors import CspkitError
from cspkit.sources.geography import LEVEL_NAMES

# When a name matches at several levels (Stoke-on-Trent is a district and a CSP), prefer this order.
LEVEL_PREFERENCE = ("csp", "lad", "pfa", "region", "country", "ward", "lsoa")


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, self.level)

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.level_name})"


def list_areas(con: duckdb.DuckDBPyConnection, levels: tuple[str, ...] = ("csp", "lad", "pfa")) -> list[Area]:
    """Every area of the given levels in the loaded lookups, newest name per code."""
    rows = con.execute(
        """
        SELECT code, arg_max(coalesce(name, code), vintage) AS name, level
        FROM areas WHERE level IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY code, level ORDER BY level, name
        """,
        [list(levels)],
    ).fetchall()
    return [Area(code, name, level) for code, name, level in rows]


def resolve_area(con: duckdb.DuckDBPyConnection, query: str) -> Area:
    """The area a user means by ``query``: an ONS code or a name (case, '&' and hyphens ignored)."""
    wanted = query.strip()
    rows = con.execute(
        """
        SELECT code, arg_max(coalesce(name, code), vintage), level FROM areas
        WHERE upper(code) = upper(?)
           OR lower(replace(replace(name, '&', 'and'), '-', ' ')) = lower(replace(replace(?, '&', 'and'), '-', ' '))
        GROUP BY code, level
        """,
        [wanted, wanted],
    ).fetchall()
    if rows:
        return _preferred([Area(code, name, level) for code, name, level in rows])
    if con.execute("SELECT count(*) FROM areas").fetchone()[0] == 0:
        raise CspkitError(
            "No geography lookups are loaded, so no areas are known. "
            "Load one with: cspkit load lookup FILE (or run cspkit demo)."
        )
    names = sorted({a.name for a in list_areas(con)})
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else " List areas with: cspkit assess --list-areas"
    raise CspkitError(f"No area called '{query}' in the loaded lookups.{hint}")


def lsoas_in(con: duckdb.DuckDBPyConnection, area: Area) -> list[str]:
    """Codes of every LSOA inside ``area`` (the area itself if it is an LSOA)."""
    if area.level == "lsoa":
        return [area.code]
    rows = con.execute(
        """
        WITH RECURSIVE below(code, level) AS (
            SELECT ?::VARCHAR, ?::VARCHAR
            UNION
            SELECT l.child_code, l.child_level
            FROM area_links l JOIN below b ON l.parent_code = b.code AND l.parent_level = b.level
        )
        SELECT DISTINCT code FROM below WHERE level = 'lsoa' ORDER BY code
        """,
        [area.code, area.level],
    ).fetchall()
    return [r[0] for r in rows]


def parent_of(con: duckdb.DuckDBPyConnection, area: Area, level: str) -> Area | None:
    """The area of ``level`` containing ``area`` (e.g. the police force area of a CSP), if known."""
    row = con.execute(
        """
        WITH RECURSIVE above(code, level, depth) AS (
            SELECT ?::VARCHAR, ?::VARCHAR, 0
            UNION
            SELECT l.parent_code, l.parent_level, a.depth + 1
            FROM area_links l JOIN above a ON l.child_code = a.code AND l.child_level = a.level
            WHERE a.depth < 8
        )
        SELECT a.code, arg_max(coalesce(ar.name, a.code), ar.vintage)
        FROM above a LEFT JOIN areas ar ON ar.code = a.code AND ar.level = a.level
        WHERE a.level = ? GROUP BY a.code ORDER BY count(*) DESC LIMIT 1
        """,
        [area.code, area.level, level],
    ).fetchone()
    return Area(row[0], row[1], level) if row else None


def children_of(con: duckdb.DuckDBPyConnection, area: Area, level: str) -> list[Area]:
    """Areas of ``level`` inside ``area`` (e.g. the districts of a force), newest name per code."""
    rows = con.execute(
        """
        WITH RECURSIVE below(code, level) AS (
            SELECT ?::VARCHAR, ?::VARCHAR
            UNION
            SELECT l.child_code, l.child_level
            FROM area_links l JOIN below b ON l.parent_code = b.code AND l.parent_level = b.level
        )
        SELECT b.code, arg_max(coalesce(ar.name, b.code), ar.vintage)
        FROM below b LEFT JOIN areas ar ON ar.code = b.code AND ar.level = b.level
        WHERE b.level = ? GROUP BY b.code ORDER BY 2
        """,
        [area.code, area.level, level],
    ).fetchall()
    return [Area(code, name, level) for code, name in rows]


def _preferred(areas: list[Area]) -> Area:
    return min(areas, key=lambda a: LEVEL_PREFERENCE.index(a.level))
