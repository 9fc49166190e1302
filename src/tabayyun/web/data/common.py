"""What the query modules share: the not-found error, parameter checks, and small bounded
lookups (SQL placeholders, actor names, place names, actor and outlet resolution)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "NotFound",
    "actor_names",
    "doc_label",
    "outlet_ids",
    "parse_day",
    "place_names",
    "placeholders",
    "resolve_actor",
    "safe_url",
]


class NotFound(LookupError):
    """An id that names nothing in the store."""


def parse_day(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD parameter, or None when empty; ValueError with a clear message otherwise."""
    if value is None or value.strip() == "":
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date in YYYY-MM-DD form") from None


def safe_url(url: str | None) -> str | None:
    """The URL when its scheme is http or https, else None (javascript:, data:, ... never render)."""
    if not url:
        return None
    cleaned = url.strip()
    return cleaned if re.match(r"(?i)^https?://[^\s]+$", cleaned) else None


def placeholders(values: Sequence[Any]) -> str:
    return ",".join("?" for _ in values)


def actor_names(conn: sqlite3.Connection, ids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
    """Actor id -> {id, name, type, canonical} for the given ids (one IN query)."""
    wanted = sorted({i for i in ids if i})
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in conn.execute(
            f"SELECT a.id, a.name, a.type, coalesce(a.canonical_id, a.id) AS canonical, c.name AS canonical_name "
            f"FROM actors a LEFT JOIN actors c ON c.id = a.canonical_id WHERE a.id IN ({placeholders(chunk)})",
            chunk,
        ):
            found[row["id"]] = {
                "id": row["id"],
                "name": row["canonical_name"] or row["name"],
                "type": row["type"],
                "canonical": row["canonical"],
            }
    return found


def doc_label(row: sqlite3.Row | dict[str, Any]) -> str:
    return row["title"] or row["source_path"]


def place_names(conn: sqlite3.Connection, place: str) -> list[str]:
    """Gazetteer names ``place`` designates: a stored name (as typed or capitalised), else a
    spelling the documents use. Index lookups (``places_name``), bounded."""
    variants = list(
        dict.fromkeys([place.strip(), place.strip().title(), place.strip().capitalize()])
    )
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT DISTINCT name FROM places WHERE name IN ({placeholders(variants)}) LIMIT 20", variants
        )
    ]
    if names:
        return names
    # a surface ("Palmyra" for Tadmur): no index on surface yet (see the report), so bounded
    return [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT name FROM (SELECT name FROM places WHERE surface = ? COLLATE NOCASE LIMIT 50)",
            (place.strip(),),
        )
    ]


def resolve_actor(conn: sqlite3.Connection, name_or_id: str) -> list[str]:
    """Actor ids (canonical first, then those merged into it) for an id or a name/alias.

    Exact id, then the NOCASE alias index, then an actor name; empty when nothing matches."""
    value = name_or_id.strip()
    if not value:
        return []
    row = conn.execute(
        "SELECT coalesce(canonical_id, id) FROM actors WHERE id = ?", (value,)
    ).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT coalesce(a.canonical_id, a.id) FROM aliases al JOIN actors a ON a.id = al.actor_id "
            "WHERE al.alias = ? COLLATE NOCASE LIMIT 1",
            (value,),
        ).fetchone()
    if row is None:
        return []
    canonical = row[0]
    merged = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM actors WHERE canonical_id = ? AND id != ? LIMIT 200",
            (canonical, canonical),
        )
    ]
    return [canonical, *merged]


def outlet_ids(conn: sqlite3.Connection, outlet: str) -> list[str]:
    """Outlet ids an id or a name designates (the outlets table is small)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM outlets WHERE id = ? OR name = ? COLLATE NOCASE LIMIT 10",
            (outlet, outlet),
        )
    ] or [outlet]
