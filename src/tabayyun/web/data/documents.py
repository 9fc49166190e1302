"""The documents page: current documents with their filters (dates, outlet, place, full text),
and the outlet choices of its filter menu."""

from __future__ import annotations

import sqlite3
from typing import Any

from tabayyun.store.queries import (
    current_documents,
    date_between,
    find_outlet_ids,
    find_place_names,
    fts_query,
    placeholders,
    ranked_current,
)
from tabayyun.web.data.common import doc_label, safe_url

__all__ = ["DOC_COLUMNS", "doc_dict", "documents_list", "outlet_choices"]


DOC_COLUMNS = (
    "d.rowid, d.id, d.source_path, d.title, d.url, d.published, d.language, "
    "d.n_citations, d.n_quotes, d.n_actors, d.n_findings, d.version"
)


def doc_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "source_path": row["source_path"],
        "label": doc_label(row),
        "url": safe_url(row["url"]),
        "published": row["published"],
        "language": row["language"],
        "citations": row["n_citations"],
        "quotes": row["n_quotes"],
        "actors": row["n_actors"],
        "findings": row["n_findings"],
        "version": row["version"],
    }


def documents_list(
    conn: sqlite3.Connection,
    *,
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    place: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Current documents, newest first (or best match first with ``q``), with filters."""
    where = ["d.current = 1"]
    params: list[Any] = []
    date_between(where, params, "d.published", date_from, date_to)
    if outlet:
        ids = find_outlet_ids(conn, outlet)
        _rare_or_per_document(
            conn,
            where,
            params,
            ids,
            "SELECT doc_id FROM citations WHERE outlet_id IN ({})",
            # unary + keeps SQLite on the document's own rows (primary key), off the outlet index
            "EXISTS (SELECT 1 FROM citations c WHERE c.doc_id = d.id AND +c.outlet_id IN ({}))",
        )
    if place:
        names = find_place_names(conn, place) or [place]
        _rare_or_per_document(
            conn,
            where,
            params,
            names,
            "SELECT doc_id FROM places WHERE name IN ({}) AND role = 'place'",
            "EXISTS (SELECT 1 FROM places p WHERE p.doc_id = d.id AND +p.name IN ({}) AND p.role = 'place')",
        )
    order = "d.published DESC, d.rowid DESC"
    if q and fts_query(q):
        # the best 500 matches (bounded bm25 sort), then the other filters
        ranked = [
            rowid
            for rowid, _ in ranked_current(conn, "documents_fts", fts_query(q), 500, current_documents)
        ]
        if not ranked:
            return {"documents": [], "limit": limit, "offset": offset, "more": False}
        where.append(f"d.rowid IN ({placeholders(ranked)})")
        params += ranked
        order = "instr(?, ',' || d.rowid || ',')"
        params_order = ["," + ",".join(map(str, ranked)) + ","]
    else:
        params_order = []
    sql = (
        f"SELECT {DOC_COLUMNS} FROM documents d WHERE {' AND '.join(where)} "
        f"ORDER BY {order} LIMIT ? OFFSET ?"
    )
    rows = conn.execute(sql, [*params, *params_order, limit + 1, offset]).fetchall()
    return {
        "documents": [doc_dict(row) for row in rows[:limit]],
        "limit": limit,
        "offset": offset,
        "more": len(rows) > limit,
    }


def _rare_or_per_document(
    conn: sqlite3.Connection,
    where: list[str],
    params: list[Any],
    values: list[str],
    by_index: str,
    per_document: str,
    rare: int = 3000,
) -> None:
    """Filter documents on rows of another table. A value with few rows: the set of their
    documents, read by index. A common one: checked per document while documents are walked in
    date order (the document's own rows, by primary key), which stops at the page's end."""
    marks = placeholders(values)
    n = conn.execute(
        f"SELECT count(*) FROM ({by_index.format(marks)} LIMIT {rare})", values
    ).fetchone()[0]
    if n < rare:
        where.append(f"d.id IN ({by_index.format(marks)})")
    else:
        where.append(per_document.format(marks))
    params += values


def outlet_choices(conn: sqlite3.Connection, limit: int = 300) -> list[dict[str, Any]]:
    """Outlets for a filter menu (the outlets table is small: the registry plus cited names)."""
    return [
        {"id": row[0], "name": row[1]}
        for row in conn.execute("SELECT id, name FROM outlets ORDER BY name LIMIT ?", (limit,))
    ]
