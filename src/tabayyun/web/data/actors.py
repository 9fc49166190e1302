"""The actors pages: canonical actors by mentions, and one actor with its merged ids, aliases,
roles, statements, events and co-mentioned neighbours."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from tabayyun.knowledge import KnowledgeBase
from tabayyun.store.queries import actor_ids_for, placeholders
from tabayyun.web.data.common import NotFound, actor_names

__all__ = ["actor_detail", "actors_list"]


def actors_list(
    conn: sqlite3.Connection,
    *,
    q: str | None = None,
    type: str | None = None,  # noqa: A002
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """Canonical actors, most mentioned first; ``q`` matches a name or alias prefix."""
    where: list[str] = []
    params: list[Any] = []
    if q and q.strip():
        prefix = re.sub(r"[%_\\]", "", q.strip()) + "%"
        where.append(
            "s.actor_id IN (SELECT coalesce(a.canonical_id, a.id) FROM aliases al JOIN actors a ON a.id = al.actor_id "
            "WHERE al.alias LIKE ? LIMIT 500)"
        )
        params.append(prefix)
    if type:
        where.append("a.type = ?")
        params.append(type)
    rows = conn.execute(
        "SELECT s.actor_id, s.mentions, s.documents, s.quotes, a.name, a.type, a.country, a.known "
        "FROM actor_stats s JOIN actors a ON a.id = s.actor_id "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY s.mentions DESC, a.name LIMIT ? OFFSET ?",
        [*params, limit + 1, offset],
    ).fetchall()
    actors = [
        {
            "id": r["actor_id"],
            "name": r["name"],
            "type": r["type"],
            "country": r["country"],
            "known": bool(r["known"]),
            "mentions": r["mentions"],
            "documents": r["documents"],
            "quotes": r["quotes"],
        }
        for r in rows[:limit]
    ]
    return {"actors": actors, "limit": limit, "offset": offset, "more": len(rows) > limit}


def actor_detail(conn: sqlite3.Connection, actor_id: str, *, limit: int = 50) -> dict[str, Any]:
    ids = actor_ids_for(conn, actor_id, KnowledgeBase.load())
    if not ids or conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone() is None:
        raise NotFound(f"no actor with id {actor_id!r}")
    main = dict(conn.execute("SELECT * FROM actors WHERE id = ?", (ids[0],)).fetchone())
    main["known"] = bool(main["known"])
    stats = conn.execute(
        "SELECT mentions, documents, quotes FROM actor_stats WHERE actor_id = ?", (ids[0],)
    ).fetchone()
    main.update(dict(stats) if stats else {"mentions": None, "documents": None, "quotes": None})
    merged = [
        dict(r)
        for r in conn.execute(
            f"SELECT id, name, merge_reason FROM actors WHERE id IN ({placeholders(ids)}) AND id != ? LIMIT 200",
            [*ids, ids[0]],
        )
    ]
    aliases: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in conn.execute(
        f"SELECT alias, kind FROM aliases WHERE actor_id IN ({placeholders(ids)}) LIMIT 500", ids
    ):
        if r[0] not in seen:
            seen.add(r[0])
            aliases.append({"alias": r[0], "kind": r[1]})
    aliases.sort(key=lambda a: (a["kind"] == "surface", a["kind"], a["alias"]))
    roles = [
        dict(r)
        for r in conn.execute(
            "SELECT r.title, r.country, coalesce(o.name, r.org) AS org, coalesce(t.name, r.target) AS target, "
            'r.start, r."end" FROM roles r LEFT JOIN actors o ON o.id = r.org LEFT JOIN actors t ON t.id = r.target '
            f"WHERE r.actor_id IN ({placeholders(ids)}) ORDER BY r.start LIMIT 100",
            ids,
        )
    ]
    statements = [
        dict(r)
        for r in conn.execute(
            "SELECT id, text, earliest_date, carriers, independent_sources, single_source FROM statements "
            f"WHERE speaker_actor_id IN ({placeholders(ids)}) LIMIT ?",
            [*ids, limit],
        )
    ]
    statements.sort(key=lambda s: (s["earliest_date"] or "9999", s["id"]))
    events: dict[str, dict[str, Any]] = {}
    for column in ("source_actor", "target_actor"):
        for r in conn.execute(
            "SELECT id, type, mode, date, source_actor, target_actor, source_name, target_name, place_name, status, "
            f"happened, carriers, independent_sources FROM corpus_events WHERE {column} IN ({placeholders(ids)}) "
            "ORDER BY date LIMIT ?",
            [*ids, limit],
        ):
            events[r["id"]] = dict(r)
    names = actor_names(
        conn, [v for e in events.values() for v in (e["source_actor"], e["target_actor"])]
    )
    for e in events.values():
        e["source"] = (names.get(e["source_actor"] or "") or {}).get("name") or e["source_name"]
        e["target"] = (names.get(e["target_actor"] or "") or {}).get("name") or e["target_name"]
    neighbours = [
        {"id": r[0], "name": r[1] or r[0], "type": r[2], "sentences": r[3], "documents": r[4]}
        for r in conn.execute(
            "SELECT co.other_id, a.name, a.type, co.sentences, co.documents FROM actor_cooccurrence co "
            "LEFT JOIN actors a ON a.id = co.other_id WHERE co.actor_id = ? ORDER BY co.sentences DESC LIMIT 30",
            (ids[0],),
        )
    ]
    return {
        "actor": main,
        "ids": ids,
        "merged": merged,
        "aliases": aliases,
        "roles": roles,
        "statements": statements,
        "events": sorted(events.values(), key=lambda e: (e["date"] or "9999", e["id"])),
        "neighbours": neighbours,
    }
