"""The timeline query: dated sentences in date order, with their sources and the actors they name."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from tabayyun.store.queries.sql import Table, date_between, place_condition, placeholders

__all__ = [
    "timeline",
]


def timeline(
    conn: sqlite3.Connection,
    *,
    place: str | None = None,
    actor_ids: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    include_published: bool = False,
    limit: int | None = 200,
) -> Table:
    """Sentences in date order. A sentence's date is the first day written in it, else the date
    of a quote in it, else the date of its citation (``date_basis`` says which); sentences dated
    only by their document's publication date are left out unless ``include_published``."""
    where = ["d.current = 1", "c.date IS NOT NULL"]
    params: list[Any] = []
    if not include_published:
        where.append("c.date_basis != 'published'")
    date_between(where, params, "c.date", date_from, date_to)
    if place:
        condition, values = place_condition(conn, place)
        where.append(condition)
        params.extend(values)
    if actor_ids:
        rows = _actor_timeline_rows(
            conn, list(actor_ids), place=place, date_from=date_from, date_to=date_to,
            include_published=include_published, limit=limit,
        )
    else:
        sql = (
            "SELECT c.date, c.date_basis, c.kind, c.text, c.citations, c.doc_id, c.idx, d.source_path "
            f"FROM claims c JOIN documents d ON d.id = c.doc_id WHERE {' AND '.join(where)} "
            "ORDER BY c.date, d.published, d.source_path, c.idx, d.rowid"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = conn.execute(sql, params).fetchall()
    table = Table("Timeline", ["date", "basis", "kind", "sources", "actors", "text", "document"])
    for row in rows:
        cited = json.loads(row["citations"])
        outlets: list[str] = []
        if cited:
            for c in conn.execute(
                f"SELECT chain FROM citations WHERE doc_id = ? AND id IN ({placeholders(cited)})",
                [row["doc_id"], *cited],
            ):
                if c[0] not in outlets:
                    outlets.append(c[0])
        actors = [
            a[0]
            for a in conn.execute(
                "SELECT DISTINCT coalesce(canon.name, a.name) FROM mentions m JOIN actors a ON a.id = m.actor_id "
                "LEFT JOIN actors canon ON canon.id = a.canonical_id "
                "WHERE m.doc_id = ? AND m.sentence = ? ORDER BY m.start",
                (row["doc_id"], row["idx"]),
            )
        ]
        table.rows.append(
            [row["date"], row["date_basis"], row["kind"], "; ".join(outlets), ", ".join(actors), row["text"],
             row["source_path"]]
        )
    return table


def _actor_timeline_rows(
    conn: sqlite3.Connection,
    ids: list[str],
    *,
    place: str | None,
    date_from: str | None,
    date_to: str | None,
    include_published: bool,
    limit: int | None,
) -> list[sqlite3.Row]:
    """The sentences mentioning or quoting any of ``ids``, in timeline order.

    ``actor_sentences`` holds one row per (actor, dated sentence) in timeline order, so each id
    is an index walk that stops after ``limit`` rows; the first ``limit`` of the merged walks
    (a sentence naming two of the ids counts once) are the answer."""
    where = ["h.actor_id = ?", "d.current = 1"]
    params: list[Any] = []
    join = ""
    if not include_published:
        where.append("h.basis != 'published'")
    date_between(where, params, "h.date", date_from, date_to)
    if place:
        join = "JOIN claims c ON c.doc_id = d.id AND c.idx = h.idx "
        condition, values = place_condition(conn, place)
        where.append(condition)
        params.extend(values)
    sql = (
        "SELECT h.date, h.published, h.source_path, h.idx, h.doc_rowid FROM actor_sentences h "
        f"JOIN documents d ON d.rowid = h.doc_rowid {join}WHERE {' AND '.join(where)} "
        "ORDER BY h.date, h.published, h.source_path, h.idx, h.doc_rowid"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    keys: set[tuple[str, str, str, int, int]] = set()
    for actor_id in dict.fromkeys(ids):
        keys.update(tuple(row) for row in conn.execute(sql, [actor_id, *params]))
    chosen = sorted(keys)[: limit or None]
    return [
        conn.execute(
            "SELECT c.date, c.date_basis, c.kind, c.text, c.citations, c.doc_id, c.idx, d.source_path "
            "FROM documents d JOIN claims c ON c.doc_id = d.id AND c.idx = ? WHERE d.rowid = ?",
            (key[3], key[4]),
        ).fetchone()
        for key in chosen
    ]
