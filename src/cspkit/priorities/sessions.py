"""Recording each scoring session in the evidence store, so every ranking can be traced and rerun."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from cspkit import __version__
from cspkit.errors import CspkitError
from cspkit.priorities.ranking import Ranking
from cspkit.store import Store
from cspkit.store.loads import sha256_of_file


@dataclass(frozen=True)
class SessionSummary:
    session_id: int
    scored_at: datetime
    scored_by: str
    template_name: str
    template_sha256: str
    scorers: tuple[str, ...]
    candidates: int
    ranked: int
    note: str | None


def input_file(role: str, path: str | Path) -> dict[str, str]:
    """A file a session read, as recorded: its role, path and checksum."""
    return {"role": role, "path": str(path), "sha256": sha256_of_file(Path(path))}


FIELDS = ("scored_by, template_name, template_title, template_source, template_sha256, template_text, scorers,"
          " evidence, inputs, sensitivity_step, order_stable, note, cspkit_version")


def record_session(store: Store, ranking: Ranking, *, scored_by: str, inputs: list[dict[str, str]] | None = None,
                   note: str | None = None, reuse_unchanged: bool = False) -> int:
    """Write the session, every level behind it and its result in one transaction; return its id.

    With ``reuse_unchanged``, a rerun that changes nothing (the latest session has the same
    person, template, scores, evidence, input files and result) returns that session's id
    instead of recording it again: rebuilding a report after editing its words is not a new
    scoring session, and its report should not say that it is.
    """
    if not scored_by.strip():
        raise CspkitError("Say who is running the scoring session (--by NAME).")
    template = ranking.template
    fields = [scored_by.strip(), template.name, template.title, template.source, template.sha256, template.text,
              json.dumps(list(ranking.scorers)), json.dumps([c.evidence.to_dict() for c in ranking.candidates]),
              json.dumps(inputs or []), ranking.sensitivity.step, ranking.sensitivity.stable, note, __version__]
    score_rows, result_rows = _rows(ranking)
    with store.transaction() as con:
        if reuse_unchanged:
            same = _same_as_latest(con, fields, score_rows, result_rows)
            if same is not None:
                return same
        marks = ", ".join("?" * len(fields))
        session_id = con.execute(
            f"INSERT INTO priority_sessions ({FIELDS}) VALUES ({marks}) RETURNING session_id", fields
        ).fetchone()[0]
        con.executemany("INSERT INTO priority_scores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [[session_id, *row] for row in score_rows])
        con.executemany("INSERT INTO priority_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [[session_id, *row] for row in result_rows])
    return int(session_id)


def _rows(ranking: Ranking) -> tuple[list[tuple], list[tuple]]:
    """Every level behind the ranking (scorers', evidence's, used) and each candidate's result."""
    template = ranking.template
    score_rows, result_rows = [], []
    for candidate in ranking.candidates:
        for d in candidate.dimensions:
            for entry in d.agreement.entries if d.agreement else ():
                value = template.dimension(d.key).level(entry.level).value
                score_rows.append((candidate.name, d.key, "scorer", entry.scorer, entry.level, value,
                                   entry.confidence, entry.comment or None))
            if d.evidence is not None:
                level = d.evidence.level
                value = template.dimension(d.key).level(level).value if level is not None else None
                score_rows.append((candidate.name, d.key, "evidence", None, level, value, d.evidence.confidence,
                                   d.evidence.reason))
            score_rows.append((candidate.name, d.key, "used", None, d.level, d.value, d.confidence, d.source))
        low, high = candidate.rank_range or (None, None)
        result_rows.append((candidate.name, candidate.rank, candidate.score, candidate.band, candidate.confidence,
                            low, high, json.dumps(dict(candidate.group_scores)), candidate.explanation))
    return score_rows, result_rows


def _same_as_latest(con: duckdb.DuckDBPyConnection, fields: list, score_rows: list[tuple],
                    result_rows: list[tuple]) -> int | None:
    """The latest session's id if it recorded exactly these fields, levels and results; else None."""
    latest = con.execute(f"SELECT session_id, {FIELDS} FROM priority_sessions ORDER BY session_id DESC LIMIT 1")
    row = latest.fetchone()
    if row is None or list(row[1:]) != fields:
        return None
    session_id = row[0]
    query = "SELECT * EXCLUDE (session_id) FROM {} WHERE session_id = ?"
    scores = con.execute(query.format("priority_scores"), [session_id]).fetchall()
    results = con.execute(query.format("priority_results"), [session_id]).fetchall()
    same = Counter(scores) == Counter(score_rows) and Counter(results) == Counter(result_rows)
    return int(session_id) if same else None


def list_sessions(store: Store) -> list[SessionSummary]:
    """Every recorded session, newest first."""
    rows = store.con.execute(
        "SELECT s.session_id, s.scored_at, s.scored_by, s.template_name, s.template_sha256, s.scorers, s.note,"
        " count(r.candidate), count(r.rank)"
        " FROM priority_sessions s LEFT JOIN priority_results r USING (session_id)"
        " GROUP BY ALL ORDER BY s.session_id DESC"
    ).fetchall()
    return [SessionSummary(session_id=row[0], scored_at=row[1], scored_by=row[2], template_name=row[3],
                           template_sha256=row[4], scorers=tuple(json.loads(row[5])), note=row[6],
                           candidates=row[7], ranked=row[8]) for row in rows]
