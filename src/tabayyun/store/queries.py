"""Read queries over the store. Each returns :class:`Table` objects that the command line
prints as a rich table, JSON lines or CSV. Only current documents (the latest version of
each input) are read."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tabayyun.corpus.resolve import normalise_name
from tabayyun.knowledge import KnowledgeBase

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "ActorNotFound",
    "Table",
    "actor_profile",
    "events",
    "find_actor_ids",
    "find_place_names",
    "findings",
    "parse_bbox",
    "places",
    "quotes",
    "search",
    "sources",
    "timeline",
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


# ------------------------------------------------------------------------------- actors


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


def _placeholders(values: Sequence[Any]) -> str:
    return ",".join("?" for _ in values)


def _names(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    ids_list = sorted(ids)
    return {
        row[0]: row[1]
        for row in conn.execute(f"SELECT id, name FROM actors WHERE id IN ({_placeholders(ids_list)})", ids_list)
    }


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


# ------------------------------------------------------------------------------- timeline


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
        condition, values = _place_condition(conn, place)
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
                f"SELECT chain FROM citations WHERE doc_id = ? AND id IN ({_placeholders(cited)})",
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
        condition, values = _place_condition(conn, place)
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


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


SMALL_PLACES_TABLE = 200_000  # below this many place rows, every spelling is compared folded


def gazetteer_names(place: str) -> list[str]:
    """Gazetteer names of ``place`` (Halab -> Aleppo, Palmyra -> Tadmur) when the gazetteer is
    already built on this machine (a query never builds it: that takes seconds)."""
    try:
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


def _place_condition(conn: sqlite3.Connection, place: str) -> tuple[str, list[Any]]:
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
        f"AND p.name IN ({_placeholders(names)}))"
    )
    return f"({geocoded} OR {fallback})", [*names, like, place, place]


# ------------------------------------------------------------------------------- events and places


def event_conditions(
    conn: sqlite3.Connection,
    *,
    type: str | None = None,  # noqa: A002 - the PLOVER word
    actor_ids: Sequence[str] = (),
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    include_unasserted: bool = False,
    in_division: bool = False,
) -> tuple[list[str], list[Any]]:
    """The WHERE conditions (over ``corpus_events e``) and their parameters for the event filters
    of ``query events`` and ``export``: happened only unless ``include_unasserted``, a PLOVER type,
    an actor as source or target, a place (by its stored names; with ``in_division`` also the
    events inside a division of that name), a date range."""
    where: list[str] = []
    params: list[Any] = []
    if not include_unasserted:
        where.append("e.happened = 1")
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    if actor_ids:
        p = _placeholders(actor_ids)
        where.append(f"(e.source_actor IN ({p}) OR e.target_actor IN ({p}))")
        params.extend([*actor_ids, *actor_ids])
    if place:
        names = find_place_names(conn, place) or [place]
        p = _placeholders(names)
        if in_division:
            where.append(f"(e.place_name IN ({p}) OR e.place_admin1 IN ({p}))")
            params.extend([*names, *names])
        else:
            where.append(f"e.place_name IN ({p})")
            params.extend(names)
    date_between(where, params, "e.date", date_from, date_to)
    return where, params


def events(
    conn: sqlite3.Connection,
    *,
    type: str | None = None,  # noqa: A002 - the PLOVER word
    actor_ids: Sequence[str] = (),
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    include_unasserted: bool = False,
    limit: int | None = 500,
) -> Table:
    """Corpus events (an event reported by several documents is one row) in date order, with
    their CAMEO root code and ACLED type, how many documents carry them and how many
    independent sources. Only events that happened (asserted, not negated) unless
    ``include_unasserted``."""
    from tabayyun.extract.events import plover_to_acled, plover_to_cameo

    where, params = event_conditions(conn, type=type, actor_ids=actor_ids, place=place, date_from=date_from,
                                     date_to=date_to, include_unasserted=include_unasserted)
    sql = (
        "SELECT e.date, e.type, e.mode, coalesce(sa.name, e.source_name) AS source, "
        "coalesce(ta.name, e.target_name) AS target, e.place_name, "
        "e.status, e.carriers, e.independent_sources, e.sentence, e.id "
        "FROM corpus_events e LEFT JOIN actors sa ON sa.id = e.source_actor "
        "LEFT JOIN actors ta ON ta.id = e.target_actor "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY e.date IS NULL, e.date, e.type, e.id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    table = Table(
        "Events",
        ["date", "type", "mode", "cameo", "acled", "source", "target", "place", "status", "documents",
         "independent_sources", "sentence", "id"],
    )
    for row in conn.execute(sql, params):
        acled = plover_to_acled(row["type"], row["mode"])
        table.rows.append(
            [row["date"], row["type"], row["mode"], plover_to_cameo(row["type"]), acled[0] if acled else None,
             row["source"], row["target"], row["place_name"], row["status"], row["carriers"],
             row["independent_sources"], row["sentence"], row["id"]]
        )
    return table


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``S,W,N,E`` in decimal degrees (W > E crosses the antimeridian)."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 4:
        raise ValueError(f"{value!r} is not a bounding box S,W,N,E")
    try:
        south, west, north, east = (float(part) for part in parts)
    except ValueError:
        raise ValueError(f"{value!r} is not a bounding box S,W,N,E (four numbers)") from None
    if not (-90 <= south <= north <= 90) or not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ValueError(f"{value!r} is not a bounding box S,W,N,E (south <= north, degrees in range)")
    return south, west, north, east


def places(
    conn: sqlite3.Connection, *, bbox: tuple[float, float, float, float] | None = None, limit: int | None = 500
) -> Table:
    """Geocoded places (role place: a capital standing for its government is not a map point),
    most mentioned first, with coordinates and mention and document counts."""
    where = ["p.role = 'place'", "p.latitude IS NOT NULL", "d.current = 1"]
    params: list[Any] = []
    if bbox is not None:
        south, west, north, east = bbox
        where.append("p.latitude BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            where.append("p.longitude BETWEEN ? AND ?")
            params += [west, east]
        else:
            where.append("(p.longitude >= ? OR p.longitude <= ?)")
            params += [west, east]
    sql = (
        "SELECT p.name, p.country, p.admin1, p.latitude, p.longitude, p.feature, p.precision, p.geonames_id, "
        "count(*) AS mentions, count(DISTINCT p.doc_id) AS documents, group_concat(DISTINCT p.surface) AS surfaces "
        f"FROM places p JOIN documents d ON d.id = p.doc_id WHERE {' AND '.join(where)} "
        "GROUP BY p.name, p.latitude, p.longitude ORDER BY mentions DESC, p.name"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    table = Table(
        "Places",
        ["name", "country", "admin1", "latitude", "longitude", "feature", "precision", "geonames_id", "mentions",
         "documents", "surfaces"],
    )
    table.rows = [list(row) for row in conn.execute(sql, params)]
    return table


# ------------------------------------------------------------------------------- quotes


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
        where.append(f"q.speaker_actor_id IN ({_placeholders(speaker_ids)})")
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
    p = _placeholders(ids)
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
        together.rows = _appears_with(conn, ids, limit)
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


def _appears_with(conn: sqlite3.Connection, ids: Sequence[str], limit: int) -> list[list[Any]]:
    """Co-occurrence computed from the mentions (when no stored counts apply)."""
    p = _placeholders(ids)
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
            f"SELECT id, name, type FROM actors WHERE id IN ({_placeholders(list(counts))})", list(counts)
        )
    } if counts else {}
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), info.get(kv[0], (kv[0],))[0], kv[0]))
    rows: list[list[Any]] = []
    for actor_id, places in ranked[:limit]:
        name, type_ = info.get(actor_id, (actor_id, None))
        rows.append([name, type_, len(places), len({doc for doc, _ in places})])
    return rows


# ------------------------------------------------------------------------------- sources


def sources(conn: sqlite3.Connection) -> Table:
    """Outlets by how often they are cited, with who relays them and whom they relay."""
    relayed_by: dict[str, list[str]] = defaultdict(list)
    relays: dict[str, list[str]] = defaultdict(list)
    for row in conn.execute(
        "SELECT DISTINCT c.outlet_id, c.relayed_by, o.name, r.name FROM citations c "
        "JOIN documents d ON d.id = c.doc_id AND d.current = 1 "
        "JOIN outlets o ON o.id = c.outlet_id JOIN outlets r ON r.id = c.relayed_by ORDER BY r.name"
    ):
        relayed_by[row[0]].append(row[3])
        relays[row[1]].append(row[2])
    table = Table(
        "Sources",
        ["outlet", "id", "state_owned", "country", "citations", "documents", "quotes_carried", "first", "last",
         "relayed_by", "relays"],
    )
    for row in conn.execute(
        "SELECT o.id, o.name, o.state_owned, o.country, count(*) AS n, count(DISTINCT c.doc_id) AS docs, "
        "min(c.effective_date), max(c.effective_date), "
        "(SELECT count(*) FROM quotes q JOIN documents qd ON qd.id = q.doc_id AND qd.current = 1 "
        " WHERE q.outlet_id = o.id) AS carried "
        "FROM citations c JOIN documents d ON d.id = c.doc_id AND d.current = 1 "
        "JOIN outlets o ON o.id = c.outlet_id GROUP BY o.id ORDER BY n DESC, o.name"
    ):
        owned = {1: "yes", 0: "no"}.get(row[2], "unclear")
        table.rows.append(
            [row[1], row[0], owned, row[3], row[4], row[5], row[8], row[6], row[7],
             ", ".join(relayed_by.get(row[0], [])), ", ".join(relays.get(row[0], []))]
        )
    return table


# ------------------------------------------------------------------------------- findings


def findings(conn: sqlite3.Connection, *, level: str | None = None, kind: str | None = None) -> Table:
    where = ["(d.id IS NULL OR d.current = 1)"]
    params: list[Any] = []
    if level:
        where.append("f.level = ?")
        params.append(level)
    if kind:
        where.append("f.kind = ?")
        params.append(kind)
    table = Table("Findings", ["level", "kind", "severity", "document", "excerpt", "message", "suggestion"])
    for row in conn.execute(
        "SELECT f.level, f.kind, f.severity, d.source_path, "
        "CASE WHEN f.start IS NOT NULL THEN substr(d.text, f.start + 1, f.\"end\" - f.start) END, "
        "f.message, f.suggestion FROM findings f LEFT JOIN documents d ON d.id = f.doc_id "
        f"WHERE {' AND '.join(where)} "
        "ORDER BY f.level DESC, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, "
        "d.source_path, f.start",
        params,
    ):
        table.rows.append(list(row))
    return table


# ------------------------------------------------------------------------------- search


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


def _current_documents(conn: sqlite3.Connection, rowids: list[int]) -> set[int]:
    return {
        row[0]
        for chunk in _chunks(rowids)
        for row in conn.execute(
            f"SELECT rowid FROM documents WHERE rowid IN ({_placeholders(chunk)}) AND current = 1", chunk
        )
    }


def _current_quotes(conn: sqlite3.Connection, rowids: list[int]) -> set[int]:
    return {
        row[0]
        for chunk in _chunks(rowids)
        for row in conn.execute(
            f"SELECT f.rowid FROM quotes_fts f JOIN documents d ON d.id = f.doc_id "
            f"WHERE f.rowid IN ({_placeholders(chunk)}) AND d.current = 1",
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


def _ranked(
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


def search(conn: sqlite3.Connection, text: str, *, limit: int = 20) -> list[Table]:
    """Full-text search over documents and quotes, best match first (bm25), with snippets."""
    query = fts_query(text)
    docs = Table("Documents", ["rank", "document", "title", "published", "snippet"])
    said = Table("Quotes", ["rank", "speaker", "document", "snippet"])
    if not query:
        return [docs, said]
    for number, (rowid, _) in enumerate(_ranked(conn, "documents_fts", query, limit, _current_documents), 1):
        row = conn.execute(
            "SELECT d.source_path, d.title, d.published, "
            f"snippet(documents_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? AND documents_fts.rowid = ?",
            (query, rowid),
        ).fetchone()
        docs.rows.append([number, row[0], row[1], row[2], " ".join(row[3].split())])
    for number, (rowid, _) in enumerate(_ranked(conn, "quotes_fts", query, limit, _current_quotes), 1):
        row = conn.execute(
            "SELECT quotes_fts.speaker, d.source_path, "
            f"snippet(quotes_fts, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) "
            "FROM quotes_fts JOIN documents d ON d.id = quotes_fts.doc_id "
            "WHERE quotes_fts MATCH ? AND quotes_fts.rowid = ?",
            (query, rowid),
        ).fetchone()
        said.rows.append([number, row[0], row[1], " ".join(row[2].split())])
    return [docs, said]
