"""The findings and sources pages: findings with capped per-kind counts, and cited outlets with
their relays."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from tabayyun.settings import SETTINGS

__all__ = ["findings_list", "sources_list"]



def _capped(conn: sqlite3.Connection, sql: str, params: Sequence[Any], cap: int = SETTINGS.web.count_cap) -> int | str:
    """How many rows ``sql`` returns, counting at most ``cap`` (then ``"cap+"``)."""
    n = conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {cap + 1})", params).fetchone()[0]
    return f"{cap}+" if n > cap else n


def _distinct_kinds(conn: sqlite3.Connection, level: str) -> list[str]:
    """The finding kinds of a level, one index seek each (``findings_level``)."""
    kinds: list[str] = []
    last = ""
    for _ in range(100):
        row = conn.execute(
            "SELECT min(kind) FROM findings WHERE level = ? AND kind > ?", (level, last)
        ).fetchone()
        if row is None or row[0] is None:
            break
        last = row[0]
        kinds.append(last)
    return kinds


def findings_list(
    conn: sqlite3.Connection,
    *,
    level: str | None = None,
    kind: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """Corpus findings first, then document findings; per kind counts capped at ``SETTINGS.web.count_cap``."""
    summary = []
    for lvl in ("corpus", "document"):
        for k in _distinct_kinds(conn, lvl):
            summary.append(
                {
                    "level": lvl,
                    "kind": k,
                    "count": _capped(
                        conn, "SELECT 1 FROM findings WHERE level = ? AND kind = ?", (lvl, k)
                    ),
                }
            )
    rows: list[dict[str, Any]] = []
    levels = [level] if level else ["corpus", "document"]
    want = limit + offset + 1
    for lvl in levels:
        where, params = ["f.level = ?"], [lvl]
        if kind:
            where.append("f.kind = ?")
            params.append(kind)
        for r in conn.execute(
            'SELECT f.rowid AS id, f.level, f.kind, f.severity, f.doc_id, f.start, f."end", f.message, f.suggestion, '
            "f.statement_id, f.event_id, d.title, d.source_path, "
            'CASE WHEN f.start IS NOT NULL THEN substr(d.text, f.start + 1, min(f."end" - f.start, 300)) END AS excerpt '
            f"FROM findings f LEFT JOIN documents d ON d.id = f.doc_id WHERE {' AND '.join(where)} "
            "ORDER BY f.level, f.kind LIMIT ?",
            [*params, want],
        ):
            item = dict(r)
            item["document"] = (r["title"] or r["source_path"]) if r["doc_id"] else None
            del item["title"], item["source_path"]
            rows.append(item)
        if len(rows) >= want:
            break
    return {
        "summary": summary,
        "findings": rows[offset : offset + limit],
        "limit": limit,
        "offset": offset,
        "more": len(rows) > offset + limit,
    }


def _relay_pairs(
    conn: sqlite3.Connection, per: int = 200, relayers: int = 100
) -> list[tuple[str, str]]:
    """(relayed outlet, relaying outlet) pairs: the distinct relaying outlets by successive seeks
    of ``citations_relayed_by``, then up to ``per`` citations each."""
    pairs: set[tuple[str, str]] = set()
    last = ""
    for _ in range(relayers):
        row = conn.execute(
            "SELECT min(relayed_by) FROM citations WHERE relayed_by > ?", (last,)
        ).fetchone()
        if row is None or row[0] is None:
            break
        last = row[0]
        for (outlet_id,) in conn.execute(
            "SELECT DISTINCT outlet_id FROM (SELECT outlet_id FROM citations WHERE relayed_by = ? LIMIT ?)",
            (last, per),
        ):
            pairs.add((outlet_id, last))
    return sorted(pairs)


def sources_list(conn: sqlite3.Connection, *, limit: int = 200, cap: int = 1000) -> dict[str, Any]:
    """Cited outlets with a capped citation count, state ownership, who relays them and whom they
    relay. The outlets table is small (the registry plus cited names); counts stop at ``cap``."""
    outlets = conn.execute(
        "SELECT id, name, country, language, state_owned, type, known FROM outlets ORDER BY name LIMIT 2000"
    ).fetchall()
    names = {o["id"]: o["name"] for o in outlets}
    relayed_by: dict[str, list[str]] = defaultdict(list)
    relays: dict[str, list[str]] = defaultdict(list)
    for relayed, relaying in _relay_pairs(conn):
        relayed_by[relayed].append(names.get(relaying, relaying))
        relays[relaying].append(names.get(relayed, relayed))
    result = []
    for o in outlets:
        n = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM citations WHERE outlet_id = ? LIMIT ?)",
            (o["id"], cap + 1),
        ).fetchone()[0]
        if n == 0:
            continue
        result.append(
            {
                "id": o["id"],
                "name": o["name"],
                "country": o["country"],
                "language": o["language"],
                "state_owned": {1: "yes", 0: "no"}.get(o["state_owned"], "unclear"),
                "type": o["type"],
                "known": bool(o["known"]),
                "citations": n if n <= cap else f"{cap}+",
                "_n": n,
                "relayed_by": sorted(relayed_by.get(o["id"], []))[:30],
                "relays": sorted(relays.get(o["id"], []))[:30],
            }
        )
    result.sort(key=lambda r: (-r["_n"], r["name"]))
    for r in result:
        del r["_n"]
    return {"sources": result[:limit], "cap": cap}
