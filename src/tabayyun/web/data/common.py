"""What the query modules share: the not-found error, parameter checks, actor names and
document labels. Names of places, actors and outlets are looked up with the store's own
helpers (:mod:`tabayyun.store.queries.sql`), as the command line and the report do."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable
from typing import Any

from tabayyun.store.queries import placeholders

__all__ = ["NotFound", "actor_names", "doc_label", "parse_day", "safe_url"]


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
