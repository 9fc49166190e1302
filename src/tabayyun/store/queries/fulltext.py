"""The search query: full-text search over documents and quotes, best match first, with snippets."""

from __future__ import annotations

import sqlite3

from tabayyun.store.queries.sql import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Table,
    current_documents,
    current_quotes,
    fts_query,
    ranked_current,
)

__all__ = [
    "search",
]


def search(conn: sqlite3.Connection, text: str, *, limit: int = 20) -> list[Table]:
    """Full-text search over documents and quotes, best match first (bm25), with snippets."""
    query = fts_query(text)
    docs = Table("Documents", ["rank", "document", "title", "published", "snippet"])
    said = Table("Quotes", ["rank", "speaker", "document", "snippet"])
    if not query:
        return [docs, said]
    for number, (rowid, _) in enumerate(ranked_current(conn, "documents_fts", query, limit, current_documents), 1):
        row = conn.execute(
            "SELECT d.source_path, d.title, d.published, "
            f"snippet(documents_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? AND documents_fts.rowid = ?",
            (query, rowid),
        ).fetchone()
        docs.rows.append([number, row[0], row[1], row[2], " ".join(row[3].split())])
    for number, (rowid, _) in enumerate(ranked_current(conn, "quotes_fts", query, limit, current_quotes), 1):
        row = conn.execute(
            "SELECT quotes_fts.speaker, d.source_path, "
            f"snippet(quotes_fts, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) "
            "FROM quotes_fts JOIN documents d ON d.id = quotes_fts.doc_id "
            "WHERE quotes_fts MATCH ? AND quotes_fts.rowid = ?",
            (query, rowid),
        ).fetchone()
        said.rows.append([number, row[0], row[1], " ".join(row[2].split())])
    return [docs, said]
