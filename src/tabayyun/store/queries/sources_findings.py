"""The provenance queries: outlets by how often they are cited (who relays whom) and the audit findings."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from tabayyun.store.queries.sql import Table

__all__ = [
    "findings",
    "sources",
]


def sources(conn: sqlite3.Connection) -> Table:
    """Outlets by how often they are cited, with who relays them and whom they relay."""
    relayed_by: dict[str, list[str]] = defaultdict(list)
    relays: dict[str, list[str]] = defaultdict(list)
    for row in conn.execute(
        "SELECT DISTINCT c.outlet_id, c.relayed_by, o.name, r.name FROM citations c "
        "JOIN documents d ON d.id = c.doc_id AND d.current = 1 "
        "JOIN outlets o ON o.id = c.outlet_id JOIN outlets r ON r.id = c.relayed_by ORDER BY r.name"
    ):
        relayed_by[row[0]].append(row[3])
        relays[row[1]].append(row[2])
    table = Table(
        "Sources",
        ["outlet", "id", "state_owned", "country", "citations", "documents", "quotes_carried", "first", "last",
         "relayed_by", "relays"],
    )
    for row in conn.execute(
        "SELECT o.id, o.name, o.state_owned, o.country, count(*) AS n, count(DISTINCT c.doc_id) AS docs, "
        "min(c.effective_date), max(c.effective_date), "
        "(SELECT count(*) FROM quotes q JOIN documents qd ON qd.id = q.doc_id AND qd.current = 1 "
        " WHERE q.outlet_id = o.id) AS carried "
        "FROM citations c JOIN documents d ON d.id = c.doc_id AND d.current = 1 "
        "JOIN outlets o ON o.id = c.outlet_id GROUP BY o.id ORDER BY n DESC, o.name"
    ):
        owned = {1: "yes", 0: "no"}.get(row[2], "unclear")
        table.rows.append(
            [row[1], row[0], owned, row[3], row[4], row[5], row[8], row[6], row[7],
             ", ".join(relayed_by.get(row[0], [])), ", ".join(relays.get(row[0], []))]
        )
    return table


# ------------------------------------------------------------------------------- findings


# ------------------------------------------------------------------------------- findings


def findings(conn: sqlite3.Connection, *, level: str | None = None, kind: str | None = None) -> Table:
    where = ["(d.id IS NULL OR d.current = 1)"]
    params: list[Any] = []
    if level:
        where.append("f.level = ?")
        params.append(level)
    if kind:
        where.append("f.kind = ?")
        params.append(kind)
    table = Table("Findings", ["level", "kind", "severity", "document", "excerpt", "message", "suggestion"])
    for row in conn.execute(
        "SELECT f.level, f.kind, f.severity, d.source_path, "
        "CASE WHEN f.start IS NOT NULL THEN substr(d.text, f.start + 1, f.\"end\" - f.start) END, "
        "f.message, f.suggestion FROM findings f LEFT JOIN documents d ON d.id = f.doc_id "
        f"WHERE {' AND '.join(where)} "
        "ORDER BY f.level DESC, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, "
        "d.source_path, f.start",
        params,
    ):
        table.rows.append(list(row))
    return table
