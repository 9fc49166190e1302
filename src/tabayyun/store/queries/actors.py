"""The actor queries: quotes by speaker and the actor profile (aliases, roles, counts, quotes,
who appears in the same sentences)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from tabayyun.store.queries.sql import Table, date_between, placeholders

__all__ = [
    "actor_profile",
    "appears_with",
    "quotes",
]


def quotes(
    conn: sqlite3.Connection,
    *,
    speaker_ids: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = 500,
) -> Table:
    where = ["d.current = 1"]
    params: list[Any] = []
    if speaker_ids:
        where.append(f"q.speaker_actor_id IN ({placeholders(speaker_ids)})")
        params.extend(speaker_ids)
    date_between(where, params, "q.date", date_from, date_to)
    sql = (
        "SELECT q.date, coalesce(canon.name, a.name, q.speaker_name, q.speaker_surface) AS speaker, q.kind, "
        "q.text, c.chain, d.source_path, st.id AS statement, st.carriers, st.independent_sources "
        "FROM quotes q JOIN documents d ON d.id = q.doc_id "
        "LEFT JOIN actors a ON a.id = q.speaker_actor_id LEFT JOIN actors canon ON canon.id = a.canonical_id "
        "LEFT JOIN citations c ON c.doc_id = q.doc_id AND c.id = q.citation_id "
        "LEFT JOIN statement_carriers sc ON sc.doc_id = q.doc_id AND sc.quote_id = q.id "
        "LEFT JOIN statements st ON st.id = sc.statement_id "
        f"WHERE {' AND '.join(where)} ORDER BY q.date, d.source_path, q.start"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    table = Table(
        "Quotes",
        ["date", "speaker", "kind", "text", "carried_by", "document", "statement", "carriers", "independent_sources"],
    )
    table.rows = [list(row) for row in conn.execute(sql, params)]
    return table


# ------------------------------------------------------------------------------- actor


def actor_profile(conn: sqlite3.Connection, ids: Sequence[str], *, limit: int = 20) -> list[Table]:
    """Who the actor is (aliases, roles), where it is mentioned, what it said, and who it
    appears with in the same sentences."""
    p = placeholders(ids)
    ids = list(ids)
    main = conn.execute("SELECT * FROM actors WHERE id = ?", (ids[0],)).fetchone()
    stats = _actor_stats(conn, ids)
    if stats is not None:
        mention_counts: Sequence[int] = (stats["mentions"], stats["documents"])
        quote_count = stats["quotes"]
    else:
        mention_counts = conn.execute(
            f"SELECT count(*), count(DISTINCT m.doc_id) FROM mentions m JOIN documents d ON d.id = m.doc_id "
            f"WHERE d.current = 1 AND m.actor_id IN ({p})",
            ids,
        ).fetchone()
        quote_count = conn.execute(
            f"SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.doc_id "
            f"WHERE d.current = 1 AND q.speaker_actor_id IN ({p})",
            ids,
        ).fetchone()[0]
    merged = conn.execute(
        f"SELECT id, merge_reason FROM actors WHERE id IN ({p}) AND id != ?", [*ids, ids[0]]
    ).fetchall()
    profile = Table("Actor", ["id", "name", "type", "country", "known", "mentions", "documents", "quotes", "merged"])
    profile.rows.append(
        [main["id"], main["name"], main["type"], main["country"], bool(main["known"]), mention_counts[0],
         mention_counts[1], quote_count, "; ".join(f"{r[0]} ({r[1]})" for r in merged)]
    )
    aliases = Table("Aliases", ["alias", "kind"])
    seen: set[str] = set()
    for row in conn.execute(
        f"SELECT alias, kind FROM aliases WHERE actor_id IN ({p}) ORDER BY kind = 'surface', kind, alias", ids
    ):
        if row[0] not in seen:
            seen.add(row[0])
            aliases.rows.append([row[0], row[1]])
    roles = Table("Roles", ["title", "country", "org", "target", "start", "end"])
    roles.rows = [
        list(row)
        for row in conn.execute(
            f"SELECT r.title, r.country, coalesce(o.name, r.org), coalesce(t.name, r.target), r.start, r.\"end\" "
            f"FROM roles r LEFT JOIN actors o ON o.id = r.org LEFT JOIN actors t ON t.id = r.target "
            f"WHERE r.actor_id IN ({p}) ORDER BY r.start",
            ids,
        )
    ]
    said = quotes(conn, speaker_ids=ids, limit=limit)
    said.title = "Quotes"
    together = Table("Appears with (same sentence)", ["actor", "type", "sentences", "documents"])
    if stats is not None:
        together.rows = [
            list(row)
            for row in conn.execute(
                "SELECT coalesce(a.name, co.other_id), a.type, co.sentences, co.documents FROM actor_cooccurrence co "
                "LEFT JOIN actors a ON a.id = co.other_id WHERE co.actor_id = ? "
                "ORDER BY co.sentences DESC, coalesce(a.name, co.other_id), co.other_id LIMIT ?",
                (ids[0], limit),
            )
        ]
    else:
        together.rows = appears_with(conn, ids, limit)
    return [profile, aliases, roles, said, together]


def _actor_stats(conn: sqlite3.Connection, ids: Sequence[str]) -> sqlite3.Row | None:
    """The counts resolution stored for the actor, when they answer the question exactly:
    ``ids`` are a canonical actor and everything merged into it, and the last ingest run
    finished (a run that is under way or was interrupted has not recomputed them)."""
    group = {
        row[0]
        for row in conn.execute(
            "SELECT id FROM actors WHERE id = ? OR canonical_id = ?", (ids[0], ids[0])
        )
    }
    canonical = conn.execute("SELECT coalesce(canonical_id, id) FROM actors WHERE id = ?", (ids[0],)).fetchone()
    if canonical is None or canonical[0] != ids[0] or group != set(ids):
        return None
    unfinished = conn.execute(
        "SELECT finished_at IS NULL FROM ingest_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if unfinished is not None and unfinished[0]:
        return None
    row: sqlite3.Row | None = conn.execute(
        "SELECT mentions, documents, quotes FROM actor_stats WHERE actor_id = ?", (ids[0],)
    ).fetchone()
    return row


def appears_with(conn: sqlite3.Connection, ids: Sequence[str], limit: int) -> list[list[Any]]:
    """Co-occurrence computed from the mentions (when no stored counts apply)."""
    p = placeholders(ids)
    counts: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for row in conn.execute(
        f"SELECT DISTINCT coalesce(a.canonical_id, a.id), m1.doc_id, m1.sentence FROM mentions m1 "
        f"JOIN documents d ON d.id = m1.doc_id AND d.current = 1 "
        f"JOIN mentions m2 ON m2.doc_id = m1.doc_id AND m2.sentence = m1.sentence "
        f"JOIN actors a ON a.id = m2.actor_id "
        f"WHERE m1.actor_id IN ({p}) AND m1.sentence IS NOT NULL AND m2.actor_id NOT IN ({p})",
        [*ids, *ids],
    ):
        counts[row[0]].add((row[1], row[2]))
    info = {
        row[0]: (row[1], row[2])
        for row in conn.execute(
            f"SELECT id, name, type FROM actors WHERE id IN ({placeholders(list(counts))})", list(counts)
        )
    } if counts else {}
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), info.get(kv[0], (kv[0],))[0], kv[0]))
    rows: list[list[Any]] = []
    for actor_id, places in ranked[:limit]:
        name, type_ = info.get(actor_id, (actor_id, None))
        rows.append([name, type_, len(places), len({doc for doc, _ in places})])
    return rows
