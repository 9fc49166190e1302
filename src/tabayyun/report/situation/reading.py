"""How the sections read the store: cursors, bounded row streams, SQL placeholders and date
conditions, actor names, the carrier columns, and the scan limits every section shares."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlparse

from tabayyun.store.queries import date_between

CARRIER_COLUMNS = (
    "d.title, d.url, d.source_path, d.published, o.name AS outlet_name, c.id AS cite_id, c.start AS cite_start, "
    'c."end" AS cite_end, c.chain AS chain, c.via AS via'
)


def cursor(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor whose rows are :class:`sqlite3.Row` (columns by name)."""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur


def has(conn: sqlite3.Connection, kind: str, name: str) -> bool:
    """Whether the store holds the ``kind`` (table, index) called ``name``."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", (kind, name)).fetchone() is not None


def marks(values: Sequence[Any]) -> str:
    """One ``?`` placeholder per value, comma-separated."""
    return ",".join("?" for _ in values)


def date_sql(column: str, date_from: str | None, date_to: str | None) -> tuple[list[str], list[Any]]:
    """The conditions (and their parameters) keeping ``column`` within the date window."""
    where: list[str] = []
    params: list[Any] = []
    date_between(where, params, column, date_from, date_to)
    return where, params


def _host(url: str | None) -> str | None:
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return None
    return parsed.netloc.lower().removeprefix("www.") or None


def own_label(row: sqlite3.Row) -> str:
    """What a document is called when it reports something itself: its site, else its title
    (shortened) or path, marked as its own report."""
    name = _host(row["url"]) or row["title"] or row["source_path"]
    if len(name) > 60:
        name = name[:59].rstrip() + "…"
    return f"{name} (own report)"


def stream(cur: sqlite3.Cursor, sql: str, params: Sequence[Any], max_rows: int) -> Iterator[sqlite3.Row]:
    """Rows of ``sql`` fetched in small batches, at most ``max_rows``."""
    cur.execute(sql, params)
    read = 0
    while read < max_rows:
        batch = cur.fetchmany(min(256, max_rows - read))
        if not batch:
            return
        read += len(batch)
        yield from batch


def actor_names(cur: sqlite3.Cursor, ids: Iterable[str | None]) -> dict[str, str]:
    """The stored name of each actor id given (``None`` and empty ids skipped)."""
    wanted = sorted({i for i in ids if i})
    names: dict[str, str] = {}
    for chunk_start in range(0, len(wanted), 500):
        chunk = wanted[chunk_start : chunk_start + 500]
        for row in cur.execute(f"SELECT id, name FROM actors WHERE id IN ({marks(chunk)})", chunk):
            names[row[0]] = row[1]
    return names
