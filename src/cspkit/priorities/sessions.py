"""Recording each scoring session in the evidence store, so every ranking can be traced and rerun."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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


def record_session(store: Store, ranking: Ranking, *, scored_by: str, inputs: list[dict[str, str]] | None = None,
                   note: str | None = None) -> int:
    """Write the session, every level behind it and its result in one transaction; return its id."""
    if not scored_by.strip():
        raise CspkitError("Say who is running the scoring session (--by NAME).")
    template = ranking.template
    with store.transaction() as con:
        session_id = con.execute(
            "INSERT INTO priority_sessions (scored_by, template_name, template_title, template_source,"
            " template_sha256, template_text, scorers, evidence, inputs, sensitivity_step, order_stable,"
            " note, cspkit_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING session_id",
            [scored_by.strip(), template.name, template.title, template.source, template.sha256, template.text,
             json.dumps(list(ranking.scorers)), json.dumps([c.evidence.to_dict() for c in ranking.candidates]),
             json.dumps(inputs or []), ranking.sensitivity.step, ranking.sensitivity.stable, note, __version__],
        ).fetchone()[0]
        score_rows, result_rows = [], []
        for candidate in ranking.candidates:
            for d in candidate.dimensions:
                for entry in d.agreement.entries if d.agreement else ():
                    value = template.dimension(d.key).level(entry.level).value
                    score_rows.append([session_id, candidate.name, d.key, "scorer", entry.scorer, entry.level,
                                       value, entry.confidence, entry.comment or None])
                if d.evidence is not None:
                    level = d.evidence.level
                    value = template.dimension(d.key).level(level).value if level is not None else None
                    score_rows.append([session_id, candidate.name, d.key, "evidence", None, level, value,
                                       d.evidence.confidence, d.evidence.reason])
                score_rows.append([session_id, candidate.name, d.key, "used", None, d.level, d.value,
                                   d.confidence, d.source])
            low, high = candidate.rank_range or (None, None)
            result_rows.append([session_id, candidate.name, candidate.rank, candidate.score, candidate.band,
                                candidate.confidence, low, high, json.dumps(dict(candidate.group_scores)),
                                candidate.explanation])
        con.executemany("INSERT INTO priority_scores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", score_rows)
        con.executemany("INSERT INTO priority_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", result_rows)
    return int(session_id)


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
