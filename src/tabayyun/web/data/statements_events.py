"""The statement and corpus-event pages: the item, its first carriers (earliest reports first)
and the corpus findings about it."""

from __future__ import annotations

import sqlite3
from typing import Any

from tabayyun.store.queries import first_carriers, in_key_order, key_pairs
from tabayyun.web.data.common import NotFound, actor_names, doc_label

__all__ = ["event_detail", "statement_detail"]


def _carrier_rows(
    conn: sqlite3.Connection, kind: str, sql: str, item_id: str, limit: int, item: str, alias: str
) -> list[sqlite3.Row]:
    """The first ``limit`` carriers of a statement or event, earliest reports first
    (``queries.first_carriers``): ``sql`` selects carrier rows (table alias ``alias``) and ends
    in a WHERE clause that the keys' condition extends."""
    keys = first_carriers(conn, kind, item_id, limit)
    if not keys:
        return []
    rows = conn.execute(
        sql + f"AND ({alias}.doc_id, {alias}.{item}) IN (VALUES {key_pairs(keys)})",
        [item_id, *(v for key in keys for v in key)],
    ).fetchall()
    return in_key_order(rows, keys, item)


def statement_detail(
    conn: sqlite3.Connection, statement_id: str, *, limit: int = 200
) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM statements WHERE id = ?", (statement_id,)).fetchone()
    if row is None:
        raise NotFound(f"no statement with id {statement_id!r}")
    statement = dict(row)
    statement["single_source"] = bool(statement["single_source"])
    # a statement may have thousands of carriers: the first ``limit``, earliest reports first
    rows = _carrier_rows(
        conn,
        "statement",
        'SELECT sc.*, o.name AS outlet, d.title, d.source_path, d.published, q.text, q.start, q."end", '
        "q.speaker_surface, c.chain FROM statement_carriers sc JOIN documents d ON d.id = sc.doc_id "
        "LEFT JOIN outlets o ON o.id = sc.outlet_id "
        "LEFT JOIN quotes q ON q.doc_id = sc.doc_id AND q.id = sc.quote_id "
        "LEFT JOIN citations c ON c.doc_id = q.doc_id AND c.id = q.citation_id WHERE sc.statement_id = ? ",
        statement_id,
        limit,
        "quote_id",
        "sc",
    )
    carriers = [
        {
            **_carrier(r),
            "quote_id": r["quote_id"],
            "chain": r["chain"],
            "text": r["text"],
            "speaker_as_written": r["speaker_surface"],
        }
        for r in rows
    ]
    findings = _corpus_findings(conn, "statement_id", statement_id)
    return {"statement": statement, "carriers": carriers, "findings": findings}


def event_detail(conn: sqlite3.Connection, event_id: str, *, limit: int = 200) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM corpus_events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise NotFound(f"no event with id {event_id!r}")
    event = dict(row)
    names = actor_names(conn, [event["source_actor"], event["target_actor"]])
    event["source"] = (names.get(event["source_actor"] or "") or {}).get("name") or event[
        "source_name"
    ]
    event["target"] = (names.get(event["target_actor"] or "") or {}).get("name") or event[
        "target_name"
    ]
    event["happened"] = bool(event["happened"])
    rows = _carrier_rows(
        conn,
        "event",
        'SELECT ec.*, o.name AS outlet, d.title, d.source_path, d.published, e.start, e."end", e.modality, '
        "e.negated, e.mode, substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence "
        "FROM event_carriers ec JOIN documents d ON d.id = ec.doc_id LEFT JOIN outlets o ON o.id = ec.outlet_id "
        "LEFT JOIN events e ON e.doc_id = ec.doc_id AND e.id = ec.event_id WHERE ec.corpus_event_id = ? ",
        event_id,
        limit,
        "event_id",
        "ec",
    )
    carriers = [
        {
            **_carrier(r),
            "event_id": r["event_id"],
            "modality": r["modality"],
            "negated": bool(r["negated"]) if r["negated"] is not None else None,
            "mode": r["mode"],
            "sentence": r["sentence"],
        }
        for r in rows
    ]
    findings = _corpus_findings(conn, "event_id", event_id)
    return {"event": event, "carriers": carriers, "findings": findings}


def _carrier(row: sqlite3.Row) -> dict[str, Any]:
    """What every carrier of a statement or an event shows: its document, outlet, date, span."""
    return {
        "doc_id": row["doc_id"],
        "outlet_id": row["outlet_id"],
        "outlet": row["outlet"],
        "source_chain": row["source_chain"],
        "date": row["date"],
        "earliest": bool(row["earliest"]),
        "document": doc_label(row),
        "published": row["published"],
        "start": row["start"],
        "end": row["end"],
    }


def _corpus_findings(conn: sqlite3.Connection, column: str, value: str) -> list[dict[str, Any]]:
    """Corpus-level findings about one statement (``statement_id``) or event (``event_id``)."""
    return [
        dict(r)
        for r in conn.execute(
            "SELECT rowid AS id, kind, severity, message, suggestion FROM findings "
            f"WHERE level = 'corpus' AND {column} = ? LIMIT 50",
            (value,),
        )
    ]
