"""SQL building blocks the read queries share (and the web app and the reports use): the result
:class:`Table`, placeholders, the date-range, actor and place filters, a statement's or an event's
first carriers, and full-text ranking restricted to current documents."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tabayyun.corpus.normalise import normalise_name
from tabayyun.knowledge import KnowledgeBase

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "RANK_WINDOW",
    "SMALL_PLACES_TABLE",
    "ActorNotFound",
    "Table",
    "actor_ids_for",
    "current_documents",
    "current_quotes",
    "date_between",
    "find_actor_ids",
    "find_outlet_ids",
    "find_place_names",
    "first_carriers",
    "fts_query",
    "gazetteer_names",
    "in_key_order",
    "key_pairs",
    "place_condition",
    "placeholders",
    "ranked_current",
]


HIGHLIGHT_START = "\x02"  # around matched terms in search snippets
HIGHLIGHT_END = "\x03"


@dataclass(slots=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class ActorNotFound(LookupError):
    pass


# ------------------------------------------------------------------------------- filters


def date_between(where: list[str], params: list[Any], column: str, date_from: str | None, date_to: str | None) -> None:
    """Add the --from/--to bounds (inclusive ISO dates) on ``column`` to a WHERE clause."""
    if date_from:
        where.append(f"{column} >= ?")
        params.append(date_from)
    if date_to:
        where.append(f"{column} <= ?")
        # a value with a time after its day ("2016-12-07T10:00") still sorts inside that day
        params.append(date_to + "\U0010ffff" if len(date_to) == 10 else date_to)


def find_actor_ids(conn: sqlite3.Connection, name: str, kb: KnowledgeBase | None = None) -> list[str]:
    """Every stored actor id that ``name`` designates, merged actors included: the canonical id
    first. Knowledge-base names and aliases, stored aliases (diacritics and case folded), then a
    substring of the name."""
    canonical_of = {
        row[0]: row[1] or row[0] for row in conn.execute("SELECT id, canonical_id FROM actors")
    }
    targets: list[str] = []
    if kb is not None:
        entry = kb.match_actor(name)
        outlet = kb.match_outlet(name)
        for candidate in (entry and f"actor:{entry.id}", outlet and f"outlet:{outlet.id}"):
            if candidate and candidate in canonical_of:
                targets.append(canonical_of[candidate])
    if not targets:
        wanted = normalise_name(name)
        for actor_id, alias in conn.execute("SELECT actor_id, alias FROM aliases"):
            if wanted and normalise_name(alias) == wanted and actor_id in canonical_of:
                targets.append(canonical_of[actor_id])
    if not targets:
        wanted = normalise_name(name)
        for row in conn.execute("SELECT id, name FROM actors"):
            if wanted and wanted in normalise_name(row[1]):
                targets.append(canonical_of[row[0]])
    if not targets:
        raise ActorNotFound(f"no actor in the store matches {name!r}")
    first = max(set(targets), key=lambda t: (targets.count(t), -targets.index(t)))
    return [first] + sorted(a for a, c in canonical_of.items() if c == first and a != first)


def actor_ids_for(conn: sqlite3.Connection, name_or_id: str, kb: KnowledgeBase | None = None) -> list[str]:
    """Actor ids for a stored id (what links carry: one index probe), with the actors merged
    into it, else for a name as :func:`find_actor_ids` reads it; empty when nothing matches.
    The web's ``?actor=`` and actor pages use it, so a name finds there what it finds in
    ``tabayyun query`` and ``tabayyun report``."""
    value = name_or_id.strip()
    if not value:
        return []
    row = conn.execute("SELECT coalesce(canonical_id, id) FROM actors WHERE id = ?", (value,)).fetchone()
    if row is not None:
        canonical = row[0]
        merged = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM actors WHERE canonical_id = ? AND id != ? ORDER BY id LIMIT 200", (canonical, canonical)
            )
        ]
        return [canonical, *merged]
    try:
        return find_actor_ids(conn, value, kb)
    except ActorNotFound:
        return []


def find_outlet_ids(conn: sqlite3.Connection, outlet: str) -> list[str]:
    """Outlet ids an id or a name designates (case folded; the outlets table is small); the
    value itself when none does."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM outlets WHERE id = ? OR name = ? COLLATE NOCASE LIMIT 10", (outlet, outlet)
        )
    ] or [outlet]


def placeholders(values: Sequence[Any]) -> str:
    return ",".join("?" for _ in values)


# ------------------------------------------------------------------------------- carriers

# the carrier table of a corpus statement or event, its corpus-id column and its item column
_CARRIER_TABLES = {
    "statement": ("statement_carriers", "statement_id", "quote_id"),
    "event": ("event_carriers", "corpus_event_id", "event_id"),
}


def first_carriers(conn: sqlite3.Connection | sqlite3.Cursor, kind: str, item_id: str, limit: int) -> list[tuple[str, str]]:
    """The (document id, quote or event id) keys of a statement's or an event's first ``limit``
    carriers: the earliest reports first, then by date (undated last) and document. Only keys
    are read, from index ranges (``*_carriers_first``), so an item carried a thousand times costs
    no more than one carried a dozen times. ``kind`` is "statement" or "event"."""
    table, key, item = _CARRIER_TABLES[kind]
    select = f"SELECT doc_id, {item}, date FROM {table} WHERE {key} = ?"
    rows = conn.execute(f"{select} AND earliest = 1", (item_id,)).fetchall()
    rows.sort(key=lambda r: (r[2] or "9999", r[0], r[1]))
    for dated in ("date IS NOT NULL", "date IS NULL"):
        if len(rows) >= limit:
            break
        rows += conn.execute(
            f"{select} AND earliest = 0 AND {dated} ORDER BY date, doc_id, {item} LIMIT ?",
            (item_id, limit - len(rows)),
        ).fetchall()
    return [(r[0], r[1]) for r in rows[:limit]]


def key_pairs(keys: Sequence[tuple[str, str]]) -> str:
    """``(?, ?),(?, ?)...``: the placeholders of ``(a, b) IN (VALUES ...)`` for these keys."""
    return ",".join("(?, ?)" for _ in keys)


def in_key_order(rows: Sequence[sqlite3.Row], keys: Sequence[tuple[str, str]], item: str) -> list[sqlite3.Row]:
    """Rows fetched for ``keys`` (by their ``doc_id`` and ``item`` columns), in the keys' order."""
    rank = {key: i for i, key in enumerate(keys)}
    return sorted(rows, key=lambda r: rank[(r["doc_id"], r[item])])


# ------------------------------------------------------------------------------- places


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


SMALL_PLACES_TABLE = 200_000  # below this many place rows, every spelling is compared folded


def gazetteer_names(place: str) -> list[str]:
    """Gazetteer names of ``place`` (Halab -> Aleppo, Palmyra -> Tadmur) when the gazetteer is
    already built on this machine (a query never builds it: that takes seconds)."""
    try:
        # imported here: the gazetteer is optional (built on demand) and failing to load it only
        # loses aliases
        from tabayyun.knowledge.gazetteer import Gazetteer, cache_dir, gazetteer_version

        if not (cache_dir() / f"gazetteer-{gazetteer_version()}.sqlite").exists():
            return []
        return list(dict.fromkeys(entry.name for entry in Gazetteer.load().lookup(place)[:8]))
    except Exception:  # noqa: BLE001 - a missing or unreadable gazetteer only loses aliases
        return []


def find_place_names(conn: sqlite3.Connection, place: str) -> list[str]:
    """Gazetteer names of the stored places that ``place`` designates: the name as written (case
    folded), its gazetteer names, the names stored for that spelling ("Palmyra" finds Tadmur),
    each an index probe; on stores of up to ``SMALL_PLACES_TABLE`` place rows also every
    spelling compared with case, diacritics and articles folded."""
    wanted = normalise_name(place)
    if not wanted or not _has_table(conn, "places"):
        return []
    found: set[str] = set()
    for name in dict.fromkeys([place.strip(), place.strip().title(), *gazetteer_names(place)]):
        if conn.execute("SELECT 1 FROM places WHERE name = ? AND role = 'place' LIMIT 1", (name,)).fetchone():
            found.add(name)
    last = ""
    for _ in range(20):  # the distinct names written that way: a loose scan of places_surface
        row = conn.execute(
            "SELECT name FROM places WHERE surface = ? COLLATE NOCASE AND role = 'place' AND name > ? "
            "ORDER BY name LIMIT 1", (place.strip(), last),
        ).fetchone()
        if row is None:
            break
        found.add(last := row[0])
    if (conn.execute("SELECT max(rowid) FROM places").fetchone()[0] or 0) <= SMALL_PLACES_TABLE:
        found.update(
            name for name, surface in conn.execute("SELECT DISTINCT name, surface FROM places WHERE role = 'place'")
            if normalise_name(name) == wanted or normalise_name(surface) == wanted
        )
    return sorted(found)


def place_condition(conn: sqlite3.Connection, place: str) -> tuple[str, list[Any]]:
    """SQL over ``claims c`` for "the sentence names this place": a geocoded place of that name
    or alias in the sentence ("Palmyra" finds "Tadmur"), else, as a fallback for what the
    geocoder missed or stores without places, the name in the sentence's text, unless the
    sentence uses it for a government ("Moscow said": a place row with role actor)."""
    like = "%" + re.sub(r"([%_\\])", r"\\\1", place) + "%"
    text_match = "c.text LIKE ? ESCAPE '\\'"
    if not _has_table(conn, "places"):
        return text_match, [like]
    names = find_place_names(conn, place)
    in_sentence = "p.doc_id = c.doc_id AND p.start >= c.start AND p.start < c.\"end\""
    as_actor = (
        f"NOT EXISTS (SELECT 1 FROM places p WHERE {in_sentence} AND p.role = 'actor' "
        "AND (p.surface = ? COLLATE NOCASE OR p.name = ? COLLATE NOCASE))"
    )
    fallback = f"({text_match} AND {as_actor})"
    if not names:
        return fallback, [like, place, place]
    geocoded = (
        f"EXISTS (SELECT 1 FROM places p WHERE {in_sentence} AND p.role = 'place' "
        f"AND p.name IN ({placeholders(names)}))"
    )
    return f"({geocoded} OR {fallback})", [*names, like, place, place]


# ------------------------------------------------------------------------------- full-text ranking


def fts_query(text: str) -> str:
    """Words of ``text`` as an FTS5 query matching all of them (a trailing * keeps prefix search)."""
    terms = []
    for word in re.findall(r"[^\W_]+\*?", text):
        prefix = word.endswith("*")
        word = word.rstrip("*")
        terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms)


def _chunks(values: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def current_documents(conn: sqlite3.Connection, rowids: list[int]) -> set[int]:
    return {
        row[0]
        for chunk in _chunks(rowids)
        for row in conn.execute(
            f"SELECT rowid FROM documents WHERE rowid IN ({placeholders(chunk)}) AND current = 1", chunk
        )
    }


def current_quotes(conn: sqlite3.Connection, rowids: list[int]) -> set[int]:
    return {
        row[0]
        for chunk in _chunks(rowids)
        for row in conn.execute(
            f"SELECT f.rowid FROM quotes_fts f JOIN documents d ON d.id = f.doc_id "
            f"WHERE f.rowid IN ({placeholders(chunk)}) AND d.current = 1",
            chunk,
        )
    }


# A query matching more rows than this is ranked among its most recently stored matches
# (FTS5 walks rowids newest first and stops there): bm25 over every match of a very common
# word costs ~1 µs a row, 150 ms for a word found in 170,000 quotes.
RANK_WINDOW = 20_000

_TOP_SQL = (
    "SELECT rowid, score FROM (SELECT rowid, bm25({table}) AS score FROM {table} WHERE {table} MATCH ? "
    "ORDER BY rowid DESC LIMIT ?) ORDER BY score, rowid LIMIT ?"
)


def _top(conn: sqlite3.Connection, table: str, query: str, wanted: int) -> list[tuple[int, float]]:
    """The ``wanted`` best rows of an FTS5 table: (rowid, bm25), best first, ties by rowid.

    FTS5 scores every matching row it visits whatever the LIMIT, so the matches are visited
    newest first and at most ``RANK_WINDOW`` of them are scored; ranking them in an outer
    ``ORDER BY ... LIMIT`` keeps only the best ``wanted`` in SQLite's sorter. Below the window
    the ranking is exact."""
    window = max(RANK_WINDOW, wanted)
    return [(row[0], row[1]) for row in conn.execute(_TOP_SQL.format(table=table), (query, window, wanted))]


def ranked_current(
    conn: sqlite3.Connection,
    table: str,
    query: str,
    limit: int,
    current: Callable[[sqlite3.Connection, list[int]], set[int]],
) -> list[tuple[int, float]]:
    """The ``limit`` best rows of ``table`` that belong to current documents (snippets are made
    for these only): rows of older versions are dropped, asking for more rows while they crowd
    out the ``limit`` wanted."""
    wanted = limit
    ranked = _top(conn, table, query, wanted)
    while True:
        keep = current(conn, [rowid for rowid, _ in ranked]) if ranked else set()
        kept = [item for item in ranked if item[0] in keep]
        if len(kept) >= limit or len(ranked) < wanted:
            return kept[:limit]
        wanted *= 4
        ranked = _top(conn, table, query, wanted)
