"""The search page: full-text search (FTS5, bm25, bounded) over documents and quotes, with
highlighted snippets."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from tabayyun.store.queries import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    current_documents,
    current_quotes,
    fts_query,
    ranked_current,
)
from tabayyun.web.data.common import doc_label

__all__ = ["search"]


def _snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """A snippet with FTS markers as parts: [{"text": ..., "hit": bool}], rendered escaped."""
    parts: list[dict[str, Any]] = []
    for i, chunk in enumerate(
        re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]", " ".join(snippet.split()))
    ):
        if chunk:
            parts.append({"text": chunk, "hit": i % 2 == 1})
    return parts


def search(conn: sqlite3.Connection, text: str, *, limit: int = 20) -> dict[str, Any]:
    """Full-text search (FTS5, bm25, bounded) over documents and quotes, with snippets."""
    query = fts_query(text or "")
    docs: list[dict[str, Any]] = []
    said: list[dict[str, Any]] = []
    if not query:
        return {"q": text, "documents": docs, "quotes": said}
    for rowid, score in ranked_current(conn, "documents_fts", query, limit, current_documents):
        r = conn.execute(
            "SELECT d.id, d.title, d.source_path, d.published, "
            f"snippet(documents_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) AS snip "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? AND documents_fts.rowid = ?",
            (query, rowid),
        ).fetchone()
        if r is not None:
            docs.append(
                {
                    "doc_id": r["id"],
                    "document": doc_label(r),
                    "published": r["published"],
                    "score": round(score, 3),
                    "snippet": _snippet_parts(r["snip"]),
                    "href": f"/documents/{r['id']}",
                }
            )
    for rowid, score in ranked_current(conn, "quotes_fts", query, limit, current_quotes):
        r = conn.execute(
            "SELECT quotes_fts.speaker, quotes_fts.doc_id, quotes_fts.quote_id, d.title, d.source_path, "
            f"snippet(quotes_fts, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) AS snip "
            "FROM quotes_fts JOIN documents d ON d.id = quotes_fts.doc_id "
            "WHERE quotes_fts MATCH ? AND quotes_fts.rowid = ?",
            (query, rowid),
        ).fetchone()
        if r is not None:
            said.append(
                {
                    "doc_id": r["doc_id"],
                    "quote_id": r["quote_id"],
                    "speaker": r["speaker"],
                    "document": doc_label(r),
                    "score": round(score, 3),
                    "snippet": _snippet_parts(r["snip"]),
                    "href": f"/documents/{r['doc_id']}#q-{r['quote_id']}",
                }
            )
    return {"q": text, "documents": docs, "quotes": said}
