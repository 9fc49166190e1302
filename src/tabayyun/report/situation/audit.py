"""The ``audit`` section: unsourced sentences and date findings of the documents in scope (those
behind the report's lines and those published in the date range)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from tabayyun.report.situation.model import Group, Line, Source
from tabayyun.report.situation.reading import (
    cursor,
    date_sql,
    marks,
    own_label,
    stream,
)
from tabayyun.report.situation.scope import PlaceScope, sentence_place_sql
from tabayyun.settings import SETTINGS


def read_audit(
    conn: sqlite3.Connection, scope: PlaceScope | None, actor_ids: Sequence[str], date_from: str | None,
    date_to: str | None, behind: Sequence[str], limit: int,
) -> tuple[list[Group], bool]:
    """Unsourced sentences (naming the place / the actor when given) and date findings of the
    documents in scope: those behind the report's lines and those published in the range."""
    cur = cursor(conn)
    docs = list(dict.fromkeys(behind))
    if date_from or date_to:
        where, params = date_sql("d.published", date_from, date_to)
        doc_scope = []
        if scope is not None and scope.names:
            doc_scope.append(
                f"EXISTS (SELECT 1 FROM places p WHERE p.doc_id = d.id AND p.role = 'place' "
                f"AND +p.name IN ({marks(scope.names)}))"
            )
            params += scope.names
        if actor_ids:
            doc_scope.append(
                f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id AND m.actor_id IN ({marks(actor_ids)}))"
            )
            params += list(actor_ids)
        sql = (
            f"SELECT d.id FROM documents d WHERE {' AND '.join([*where, 'd.current = 1', *doc_scope])} "
            "ORDER BY d.published, d.rowid"
        )
        for row in stream(cur, sql, params, limit * SETTINGS.report.scan_factor):
            if len(docs) >= 2 * limit:
                break
            if row[0] not in docs:
                docs.append(row[0])
    docs = docs[: 2 * limit]
    info = {}
    for start in range(0, len(docs), 500):
        chunk = docs[start : start + 500]
        for row in cur.execute(
            f"SELECT id, title, url, source_path, published FROM documents WHERE id IN ({marks(chunk)})", chunk
        ):
            info[row["id"]] = row
    docs.sort(key=lambda d: (info[d]["published"] or "9999", info[d]["source_path"]) if d in info else ("9999", d))
    claims = Group("unsourced", "Unsourced sentences (no outlet cited, not a quotation)")
    dated = Group("date-findings", "Date findings")
    more = False
    sentence_where, sentence_params = ["c.doc_id = ?", "c.kind = 'unsourced'"], []
    if scope is not None:
        sql, values = sentence_place_sql(scope)
        sentence_where.append(sql)
        sentence_params += values
    if actor_ids:
        sentence_where.append(
            f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = c.doc_id AND m.sentence = c.idx "
            f"AND m.actor_id IN ({marks(actor_ids)}))"
        )
        sentence_params += list(actor_ids)
    for doc_id in docs:
        row_info = info.get(doc_id)
        if row_info is None:
            continue
        own = own_label(row_info)
        for row in cur.execute(
            f"SELECT c.idx, c.start, c.\"end\", c.text, c.date FROM claims c WHERE {' AND '.join(sentence_where)} "
            f"ORDER BY c.idx LIMIT {limit + 1}",
            [doc_id, *sentence_params],
        ):
            if len(claims.lines) >= limit:
                more = True
                break
            claims.lines.append(Line(
                kind="claim", text=row["text"], date=row["date"],
                sources=[Source(doc_id=doc_id, start=row["start"], end=row["end"], outlet=own, date=row["date"],
                                own_report=True, title=row_info["title"], source_path=row_info["source_path"])],
                fields={"label": "no independent confirmation: no source named", "document": row_info["title"]},
            ))
        for row in cur.execute(
            "SELECT f.rowid, f.kind, f.severity, f.start, f.\"end\", f.message, f.suggestion, "
            "substr(d.text, f.start + 1, f.\"end\" - f.start) AS words FROM findings f JOIN documents d ON d.id = f.doc_id "
            "WHERE f.doc_id = ? AND +f.level = 'document' AND f.start IS NOT NULL ORDER BY f.start LIMIT ?",
            (doc_id, limit + 1),
        ):
            if len(dated.lines) >= limit:
                more = True
                break
            dated.lines.append(Line(
                kind="date-finding", text=row["words"], date=row_info["published"],
                sources=[Source(doc_id=doc_id, start=row["start"], end=row["end"], outlet=own,
                                date=row_info["published"], own_report=True, title=row_info["title"],
                                source_path=row_info["source_path"])],
                fields={"finding": row["kind"], "severity": row["severity"], "message": row["message"],
                        "suggestion": row["suggestion"], "finding_id": row["rowid"], "document": row_info["title"]},
            ))
    return [g for g in (dated, claims) if g.lines], more
