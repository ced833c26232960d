"""Priority scoring sessions: who scored, when, with which template and evidence, and the result.

A board may ask a year later why drugs ranked above burglary. Each session keeps the exact
template text and checksum, the evidence as JSON, every level (from each scorer, from the
evidence rules and the agreed one) and the ranked result, so the answer can be shown and rerun.
"""

from __future__ import annotations

import duckdb

SCHEMA = """
CREATE SEQUENCE priority_session_id_seq START 1;

CREATE TABLE priority_sessions (
    session_id        BIGINT PRIMARY KEY DEFAULT nextval('priority_session_id_seq'),
    scored_at         TIMESTAMP NOT NULL DEFAULT current_timestamp,
    scored_by         VARCHAR NOT NULL,   -- who ran the session
    template_name     VARCHAR NOT NULL,
    template_title    VARCHAR,
    template_source   VARCHAR,            -- file the template was read from
    template_sha256   VARCHAR NOT NULL,
    template_text     VARCHAR NOT NULL,   -- the template exactly as used
    scorers           JSON NOT NULL,      -- names of the people whose scores were used
    evidence          JSON NOT NULL,      -- one object per candidate (CandidateEvidence)
    inputs            JSON,               -- files read (evidence, scores, survey) with checksums
    sensitivity_step  DOUBLE NOT NULL,
    order_stable      BOOLEAN NOT NULL,   -- true if no single weight moved by the step changes the order
    note              VARCHAR,
    cspkit_version    VARCHAR NOT NULL
);

-- Every level behind the result: each scorer's, each set by an evidence rule, and the one used.
CREATE TABLE priority_scores (
    session_id  BIGINT NOT NULL,
    candidate   VARCHAR NOT NULL,
    dimension   VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,     -- 'scorer', 'evidence' or 'used'
    scorer      VARCHAR,              -- the person, for source 'scorer'
    level       INTEGER,
    value       DOUBLE,
    confidence  VARCHAR,
    note        VARCHAR               -- scorer's comment, or the evidence rule's reason
);

CREATE TABLE priority_results (
    session_id   BIGINT NOT NULL,
    candidate    VARCHAR NOT NULL,
    rank         INTEGER,             -- empty if not every dimension had a level
    score        DOUBLE,
    band         VARCHAR,
    confidence   VARCHAR,
    rank_low     INTEGER,             -- best and worst rank when any one weight moves by the step
    rank_high    INTEGER,
    group_scores JSON,
    explanation  VARCHAR NOT NULL,
    PRIMARY KEY (session_id, candidate)
);
"""


def upgrade(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)
