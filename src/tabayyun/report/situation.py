"""The situation report: "what is happening in X between these dates?", every line sourced.

:func:`build_situation` reads the store and returns a :class:`SituationReport` with five
sections, in this order:

* ``what-happened``: corpus events in date order, with their carriers and independent sources;
  planned, negated, hypothetical and intended events in a separate, labelled group;
* ``who-said-what``: statements grouped by speaker, earliest first, with their carriers;
* ``contested``: corpus findings on the items in scope, events whose carriers give different
  dates, and one event reported with different statuses (happened / did not happen);
* ``sources``: the outlets behind the items (by country, state-owned or not), relay chains, and
  the share of items resting on a single source;
* ``audit``: unsourced sentences and date findings of the documents in scope.

Every line keeps the document id and the character span (``start``/``end`` into
``documents.text``) of the sentence, quote or citation it shows, and shows those words; the
only other words are fixed labels. Every query is bounded: a section holds at most ``limit``
lines and says when more were left out.

JSON (:meth:`SituationReport.to_json`)::

    {"question", "scope": {place, place_names, place_match, date_from, date_to, actor, actor_ids, limit},
     "generated_at", "corpus": {documents_in_range, documents_in_range_capped, documents_behind_report},
     "counts": {events, events_happened, events_not_happened, statements, speakers, contested, outlets,
                relay_chains, single_source_items, unsourced_claims, date_findings},
     "empty", "notes": [...],
     "sections": [{"id", "title", "count", "more", "notes",
                   "groups": [{"key", "title", "lines": [{
                       "kind", "date", "id", "text", ...labels...,
                       "sources": [{doc_id, outlet, date, start, end, quote_id | event_id | citation_id,
                                    own_report, title, source_path}]}]}]}]}

``kind`` is ``event`` (labels: type, mode, source, target, place, status, happened, carriers,
independent_sources, single_source), ``statement`` (speaker, carriers, independent_sources,
single_source), ``finding`` / ``date-conflict`` / ``status-conflict`` (label, statuses or dates,
message), ``outlet`` (outlet, country, ownership, items), ``relay`` (chain), ``claim`` or
``date-finding`` (finding, severity, message, suggestion). ``text`` is always
``documents.text[start:end]`` of the first source.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from tabayyun.corpus.resolve import normalise_name
from tabayyun.store.queries import (
    date_between,
    find_place_names,
    first_carriers,
    in_key_order,
    key_pairs,
)

__all__ = [
    "SECTION_IDS",
    "Group",
    "Line",
    "PlaceScope",
    "Section",
    "SituationReport",
    "Source",
    "build_situation",
    "corpus_summary",
    "corroboration",
    "count_summary",
    "line_labels",
    "resolve_place",
    "scope_summary",
]

SECTION_IDS = ("what-happened", "who-said-what", "contested", "sources", "audit")
SECTION_TITLES = {
    "what-happened": "What happened",
    "who-said-what": "Who said what",
    "contested": "Contested points",
    "sources": "Where the information comes from",
    "audit": "Audit",
}
STATUS_LABELS = {
    "asserted": "reported as having happened",
    "planned": "planned: not reported as having happened",
    "negated": "negated: reported as not having happened",
    "hypothetical": "hypothetical: not reported as having happened",
    "reported-intent": "stated intention: not reported as having happened",
}
NEARBY_KM = 20.0  # events and places this close to a named city count as in that city
CARRIERS_SHOWN = 12  # carriers listed per line; the rest are counted
SCAN_FACTOR = 25  # rows read per line wanted before a streamed section stops looking
SCAN_ROWS = 50_000  # items of the date range a place or text filter reads at most per section
SCAN_NOTE = (f"the search stopped after reading {SCAN_ROWS:,} items of the date range: narrow the dates "
             "to see the rest")
COUNT_CAP = 100_000  # document counts stop here ("more than ...")


# ------------------------------------------------------------------------------- the report


@dataclass(slots=True)
class Source:
    """One place in one document that a line rests on: ``text[start:end]``."""

    doc_id: str
    start: int
    end: int
    outlet: str  # the outlet carrying it, or the document's own name when no outlet is cited
    date: str | None
    own_report: bool = False  # no outlet is cited: the document reports it itself
    quote_id: str | None = None
    event_id: str | None = None
    citation_id: str | None = None
    title: str | None = None
    source_path: str | None = None
    outlet_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "doc_id": self.doc_id, "outlet": self.outlet, "date": self.date, "start": self.start, "end": self.end,
        }
        for key in ("quote_id", "event_id", "citation_id"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        data["own_report"] = self.own_report
        data["title"] = self.title
        data["source_path"] = self.source_path
        return data


@dataclass(slots=True)
class Line:
    """One item of the report: the words of ``sources[0]`` (``text``) and what carries them.
    ``fields`` holds fixed labels (status, type, speaker, counts), never generated prose."""

    kind: str  # event | statement | finding | date-conflict | status-conflict | outlet | relay | claim | date-finding
    text: str
    sources: list[Source]
    date: str | None = None
    item_id: str | None = None  # corpus event or statement id, for /events/{id} and /statements/{id}
    fields: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "date": self.date, "id": self.item_id, "text": self.text, **self.fields,
            "sources": [source.to_json() for source in self.sources],
        }


@dataclass(slots=True)
class Group:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "lines": [line.to_json() for line in self.lines]}


@dataclass(slots=True)
class Section:
    id: str
    title: str
    groups: list[Group] = field(default_factory=list)
    more: bool | str = False  # the section was capped: more items exist than are shown
    notes: list[str] = field(default_factory=list)  # fixed-phrase notes (counts, caps)

    @property
    def lines(self) -> list[Line]:
        return [line for group in self.groups for line in group.lines]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "count": len(self.lines), "more": self.more, "notes": self.notes,
            "groups": [group.to_json() for group in self.groups],
        }


@dataclass(slots=True)
class SituationReport:
    question: str
    scope: dict[str, Any]
    generated_at: str
    corpus: dict[str, Any]
    counts: dict[str, int]
    sections: list[Section]
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(self.section(sid).lines for sid in ("what-happened", "who-said-what", "audit"))

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: ``sections`` in report order, each with ``groups`` of ``lines``; every
        line has ``text`` (the document's words) and ``sources: [{doc_id, outlet, date, start,
        end, quote_id|event_id|citation_id, ...}]`` such that the stored text of ``doc_id``
        sliced ``[start:end]`` is what the line restates (the first source is the one shown)."""
        return {
            "question": self.question, "scope": self.scope, "generated_at": self.generated_at,
            "corpus": self.corpus, "counts": self.counts, "empty": self.empty, "notes": self.notes,
            "sections": [section.to_json() for section in self.sections],
        }


# ------------------------------------------------------------------------------- places


@dataclass(slots=True)
class PlaceScope:
    """What ``--place`` designates in the store: gazetteer names (aliases resolved), countries
    (ISO codes) and first-level divisions when it names one, and city points for the nearby match."""

    query: str
    names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    divisions: list[str] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)

    def describe(self) -> str:
        parts = [", ".join(self.names) if self.names else f"no geocoded place; text match on {self.query!r}"]
        if self.countries:
            parts.append("every place in " + ", ".join(self.countries))
        if self.divisions:
            parts.append("every place in " + ", ".join(self.divisions))
        if self.points:
            parts.append(f"within about {NEARBY_KM:.0f} km")
        return "; ".join(parts)


def _cursor(conn: sqlite3.Connection) -> sqlite3.Cursor:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur


def _has(conn: sqlite3.Connection, kind: str, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", (kind, name)).fetchone() is not None


def resolve_place(conn: sqlite3.Connection, place: str) -> PlaceScope:
    """The stored place names ``place`` designates (``queries.find_place_names``), with the
    countries, divisions and points they stand for."""
    scope = PlaceScope(place)
    if not place.strip() or not _has(conn, "table", "places"):
        return scope
    cur = _cursor(conn)
    scope.names = find_place_names(conn, place)
    for name in scope.names:
        row = cur.execute(
            "SELECT feature, country, latitude, longitude FROM places WHERE name = ? AND role = 'place' "
            "AND feature IS NOT NULL LIMIT 1",
            (name,),
        ).fetchone()
        if row is None:
            continue
        if row["feature"] == "country" and row["country"]:
            scope.countries.append(row["country"])
        elif row["feature"] == "admin1":
            scope.divisions.append(name)
        elif row["feature"] == "city" and row["latitude"] is not None:
            scope.points.append((row["latitude"], row["longitude"]))
    return scope


def _box(lat: float, lon: float) -> tuple[float, float, float, float]:
    dlat = NEARBY_KM / 111.0
    dlon = NEARBY_KM / (111.0 * max(0.1, math.cos(math.radians(lat))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" for _ in values)


def _event_place_sql(scope: PlaceScope) -> tuple[str, list[Any]]:
    """SQL over ``corpus_events e``: the event's place is the place, lies in it, or is near it."""
    if not scope.names:
        return "e.place_name = ? COLLATE NOCASE", [scope.query.strip()]
    terms, params = _scope_terms(scope, "e.place_name", "e.place_country", "e.place_admin1", "e.latitude",
                                 "e.longitude")
    return "(" + " OR ".join(terms) + ")", params


def _scope_terms(scope: PlaceScope, name: str, country: str, admin1: str, latitude: str,
                 longitude: str) -> tuple[list[str], list[Any]]:
    """The alternatives of "is in the scope" over the given columns: one of its names, in one of
    its countries or divisions, or within the box around one of its points."""
    terms = [f"{name} IN ({_marks(scope.names)})"]
    params: list[Any] = [*scope.names]
    if scope.countries:
        terms.append(f"{country} IN ({_marks(scope.countries)})")
        params += scope.countries
    if scope.divisions:
        terms.append(f"{admin1} IN ({_marks(scope.divisions)})")
        params += scope.divisions
    for lat, lon in scope.points:
        south, north, west, east = _box(lat, lon)
        terms.append(f"({latitude} BETWEEN ? AND ? AND {longitude} BETWEEN ? AND ?)")
        params += [south, north, west, east]
    return terms, params


def _sentence_place_sql(scope: PlaceScope) -> tuple[str, list[Any]]:
    """SQL over ``claims c``: the sentence names the place (or a place in or near it), else, for
    what the geocoder missed, its text contains the name, unless it uses it for a government
    ("Moscow said": a place row with role actor)."""
    spellings = list(dict.fromkeys([scope.query.strip(), *scope.names]))
    likes = ["%" + re.sub(r"([%_\\])", r"\\\1", name) + "%" for name in spellings]
    in_sentence = 'p.doc_id = c.doc_id AND p.start >= c.start AND p.start < c."end"'
    text_match = " OR ".join("c.text LIKE ? ESCAPE '\\'" for _ in likes)
    fallback = (
        f"(({text_match}) AND NOT EXISTS (SELECT 1 FROM places p WHERE "
        f"{in_sentence} AND p.role = 'actor' AND (+p.surface IN ({_marks(spellings)}) "
        f"OR +p.name IN ({_marks(spellings)}))))"
    )
    fallback_params: list[Any] = [*likes, *spellings, *spellings]
    if not scope.names:
        return fallback, fallback_params
    # the unary + keeps SQLite on the (doc_id, start) primary key: the name index would walk
    # every mention of the place in the corpus for each sentence
    terms, params = _scope_terms(scope, "+p.name", "+p.country", "+p.admin1", "+p.latitude", "+p.longitude")
    geocoded = f"EXISTS (SELECT 1 FROM places p WHERE {in_sentence} AND p.role = 'place' AND ({' OR '.join(terms)}))"
    return f"({geocoded} OR {fallback})", [*params, *fallback_params]


# ------------------------------------------------------------------------------- helpers


def _date_sql(column: str, date_from: str | None, date_to: str | None) -> tuple[list[str], list[Any]]:
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


def _own_label(row: sqlite3.Row) -> str:
    """What a document is called when it reports something itself: its site, else its title
    (shortened) or path, marked as its own report."""
    name = _host(row["url"]) or row["title"] or row["source_path"]
    if len(name) > 60:
        name = name[:59].rstrip() + "…"
    return f"{name} (own report)"


def _stream(cur: sqlite3.Cursor, sql: str, params: Sequence[Any], max_rows: int) -> Iterator[sqlite3.Row]:
    """Rows of ``sql`` fetched in small batches, at most ``max_rows``."""
    cur.execute(sql, params)
    read = 0
    while read < max_rows:
        batch = cur.fetchmany(min(256, max_rows - read))
        if not batch:
            return
        read += len(batch)
        yield from batch


# ------------------------------------------------------------------------------- what happened


_CARRIER_COLUMNS = (
    "d.title, d.url, d.source_path, d.published, o.name AS outlet_name, c.id AS cite_id, c.start AS cite_start, "
    'c."end" AS cite_end, c.chain AS chain, c.via AS via'
)


def _event_carriers(cur: sqlite3.Cursor, event_id: str) -> tuple[list[Source], list[sqlite3.Row]]:
    keys = first_carriers(cur, "event", event_id, CARRIERS_SHOWN)
    if not keys:
        return [], []
    rows = in_key_order(cur.execute(
        "SELECT ec.doc_id, ec.event_id, ec.outlet_id, ec.date, ec.earliest, ev.sentence_start, ev.sentence_end, "
        f'ev.start AS pred_start, ev."end" AS pred_end, {_CARRIER_COLUMNS}, '
        "substr(d.text, coalesce(ev.sentence_start, ev.start) + 1, "
        "coalesce(ev.sentence_end, ev.\"end\") - coalesce(ev.sentence_start, ev.start)) AS words "
        "FROM event_carriers ec JOIN events ev ON ev.doc_id = ec.doc_id AND ev.id = ec.event_id "
        "JOIN documents d ON d.id = ec.doc_id LEFT JOIN outlets o ON o.id = ec.outlet_id "
        "LEFT JOIN citations c ON c.doc_id = ev.doc_id AND c.id = ev.citation "
        f"WHERE ec.corpus_event_id = ? AND (ec.doc_id, ec.event_id) IN (VALUES {key_pairs(keys)})",
        [event_id, *(v for key in keys for v in key)],
    ).fetchall(), keys, "event_id")
    sources = []
    for row in rows:
        start = row["sentence_start"] if row["sentence_start"] is not None else row["pred_start"]
        end = row["sentence_end"] if row["sentence_end"] is not None else row["pred_end"]
        sources.append(Source(
            doc_id=row["doc_id"], start=start, end=end, outlet=row["outlet_name"] or _own_label(row),
            date=row["date"], own_report=row["outlet_name"] is None, event_id=row["event_id"],
            citation_id=row["cite_id"], title=row["title"], source_path=row["source_path"],
            outlet_id=row["outlet_id"],
        ))
    return sources, rows


def _event_line(cur: sqlite3.Cursor, event: sqlite3.Row, names: dict[str, str]) -> tuple[Line, list[sqlite3.Row]]:
    sources, rows = _event_carriers(cur, event["id"])
    text = rows[0]["words"] if rows else (event["sentence"] or "")
    line = Line(
        kind="event", text=text, sources=sources, date=event["date"], item_id=event["id"],
        fields={
            "type": event["type"], "mode": event["mode"],
            "source": names.get(event["source_actor"] or "", event["source_name"]),
            "target": names.get(event["target_actor"] or "", event["target_name"]),
            "place": event["place_name"], "status": event["status"], "happened": bool(event["happened"]),
            "last_date": event["last_date"], "carriers": event["carriers"],
            "independent_sources": event["independent_sources"],
            "single_source": event["independent_sources"] <= 1,
            "carriers_not_shown": max(0, event["carriers"] - len(sources)),
        },
    )
    return line, rows


def _actor_names(cur: sqlite3.Cursor, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    names: dict[str, str] = {}
    for chunk_start in range(0, len(wanted), 500):
        chunk = wanted[chunk_start : chunk_start + 500]
        for row in cur.execute(f"SELECT id, name FROM actors WHERE id IN ({_marks(chunk)})", chunk):
            names[row[0]] = row[1]
    return names


def _events(
    conn: sqlite3.Connection, scope: PlaceScope | None, actor_ids: Sequence[str], date_from: str | None,
    date_to: str | None, limit: int,
) -> tuple[list[Line], bool | str, list[sqlite3.Row]]:
    """Corpus events in scope, in date order (undated last when no range is given).

    With a place, an event is in scope when its own place is (or lies in, or near) the place,
    or when a carrier's sentence names it ("talks in Ankara on a truce in Aleppo"). The first
    route is one query; the second reads the events of the range in date order and stops after
    ``limit * SCAN_FACTOR`` of them."""
    cur = _cursor(conn)
    where, params = _date_sql("e.date", date_from, date_to)
    if actor_ids:
        where.append(f"(e.source_actor IN ({_marks(actor_ids)}) OR e.target_actor IN ({_marks(actor_ids)}))")
        params += [*actor_ids, *actor_ids]
    plain = " AND ".join(where) or "1"
    # dated events in date order (the corpus_events_date index), then, without a range, undated ones
    walks = [(f"{plain} AND e.date IS NOT NULL", "e.date, e.type, e.rowid")]
    if not date_from and not date_to:
        walks.append((f"{plain} AND e.date IS NULL", "e.type, e.rowid"))
    more: bool | str = False  # "scan": the place filter stopped reading after SCAN_ROWS events
    found: dict[str, sqlite3.Row] = {}
    matched: dict[str, str] = {}
    for condition, order in walks:
        if len(found) > limit:
            break
        walk = f"SELECT e.*, e.rowid AS rowid_ FROM corpus_events e WHERE {condition}"
        if scope is None:
            rows = cur.execute(f"{walk} ORDER BY {order} LIMIT ?", [*params, limit + 1]).fetchall()
            for row in rows:
                found[row["id"]], matched[row["id"]] = row, "all"
            continue
        place_sql, place_params = _event_place_sql(scope)
        direct = cur.execute(
            f"SELECT * FROM ({walk} ORDER BY {order} LIMIT ?) e WHERE {place_sql} LIMIT ?",
            [*params, SCAN_ROWS, *place_params, limit + 1],
        ).fetchall()
        walk_params = list(params)
        if len(direct) > limit and direct[-1]["date"]:
            # a full page: sentences naming the place matter only up to its last date
            walk += " AND e.date <= ?"
            walk_params.append(direct[-1]["date"])
        elif cur.execute(f"SELECT count(*) FROM ({walk} LIMIT ?)", [*params, SCAN_ROWS + 1]).fetchone()[0] > SCAN_ROWS:
            more = "scan"
        sentence_sql, sentence_params = _sentence_place_sql(scope)
        sentence_sql = sentence_sql.replace("c.doc_id", "ev.doc_id").replace("c.start", "ev.sentence_start")
        sentence_sql = sentence_sql.replace('c."end"', "ev.sentence_end").replace(
            "c.text", "substr(dd.text, ev.sentence_start + 1, ev.sentence_end - ev.sentence_start)")
        budget = limit * SCAN_FACTOR
        named = cur.execute(
            f"SELECT * FROM ({walk} ORDER BY {order} LIMIT ?) e WHERE EXISTS (SELECT 1 FROM event_carriers ec "
            "JOIN events ev ON ev.doc_id = ec.doc_id AND ev.id = ec.event_id JOIN documents dd ON dd.id = ev.doc_id "
            f"WHERE ec.corpus_event_id = e.id AND ev.sentence_start IS NOT NULL AND {sentence_sql}) LIMIT ?",
            [*walk_params, budget, *sentence_params, limit + 1],
        ).fetchall()
        scanned = cur.execute(f"SELECT count(*) FROM ({walk} LIMIT ?)", [*walk_params, budget + 1]).fetchone()[0]
        more = more or len(direct) > limit or len(named) > limit or scanned > budget
        for row in named:
            found[row["id"]], matched[row["id"]] = row, "sentence"
        for row in direct:
            found[row["id"]], matched[row["id"]] = row, "place"
    rows = sorted(found.values(), key=lambda r: (r["date"] is None, r["date"] or "", r["type"], r["rowid_"]))
    more = more or len(rows) > limit
    rows = rows[:limit]
    names = _actor_names(cur, [a for r in rows for a in (r["source_actor"], r["target_actor"])])
    lines, carrier_rows = [], []
    for event in rows:
        line, carried = _event_line(cur, event, names)
        if scope is not None:
            line.fields["place_match"] = matched[event["id"]]
        lines.append(line)
        carrier_rows += carried
    return lines, more, carrier_rows


# ------------------------------------------------------------------------------- who said what


def _statement_line(cur: sqlite3.Cursor, statement_id: str | None, quote: sqlite3.Row) -> tuple[Line, list[sqlite3.Row]]:
    if statement_id is None:  # a quote resolution has not reached (an interrupted ingest)
        rows = cur.execute(
            "SELECT q.doc_id, q.id AS quote_id, q.outlet_id, q.date, q.start AS q_start, q.\"end\" AS q_end, "
            f"q.text AS words, {_CARRIER_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id "
            "LEFT JOIN outlets o ON o.id = q.outlet_id LEFT JOIN citations c ON c.doc_id = q.doc_id "
            "AND c.id = q.citation_id WHERE q.doc_id = ? AND q.id = ?",
            (quote["doc_id"], quote["id"]),
        ).fetchall()
        statement = {"carriers": 1, "independent_sources": 1, "earliest_date": quote["date"]}
    else:
        statement = cur.execute("SELECT * FROM statements WHERE id = ?", (statement_id,)).fetchone()
        keys = first_carriers(cur, "statement", statement_id, CARRIERS_SHOWN)
        rows = in_key_order(cur.execute(
            "SELECT sc.doc_id, sc.quote_id, sc.outlet_id, sc.date, q.start AS q_start, q.\"end\" AS q_end, "
            f"q.text AS words, {_CARRIER_COLUMNS} FROM statement_carriers sc "
            "JOIN quotes q ON q.doc_id = sc.doc_id AND q.id = sc.quote_id JOIN documents d ON d.id = sc.doc_id "
            "LEFT JOIN outlets o ON o.id = sc.outlet_id LEFT JOIN citations c ON c.doc_id = q.doc_id "
            f"AND c.id = q.citation_id WHERE sc.statement_id = ? AND (sc.doc_id, sc.quote_id) IN (VALUES {key_pairs(keys)})",
            [statement_id, *(v for key in keys for v in key)],
        ).fetchall(), keys, "quote_id") if keys else []
    sources = [
        Source(
            doc_id=row["doc_id"], start=row["q_start"], end=row["q_end"],
            outlet=row["outlet_name"] or _own_label(row), date=row["date"], own_report=row["outlet_name"] is None,
            quote_id=row["quote_id"], citation_id=row["cite_id"], title=row["title"],
            source_path=row["source_path"], outlet_id=row["outlet_id"],
        )
        for row in rows
    ]
    carriers = statement["carriers"]
    line = Line(
        kind="statement", text=rows[0]["words"] if rows else quote["text"], sources=sources,
        date=statement["earliest_date"], item_id=statement_id,
        fields={
            "carriers": carriers, "independent_sources": statement["independent_sources"],
            "single_source": statement["independent_sources"] <= 1,
            "carriers_not_shown": max(0, carriers - len(sources)),
        },
    )
    return line, rows


def _statements(
    conn: sqlite3.Connection, scope: PlaceScope | None, actor_ids: Sequence[str], date_from: str | None,
    date_to: str | None, limit: int,
) -> tuple[list[Group], bool | str, list[sqlite3.Row]]:
    """Statements whose quotes fall in scope, grouped by speaker; the groups and the statements in
    them earliest first. Quotes are read in date order (the ``quotes_date`` or ``quotes_speaker``
    index) until ``limit`` distinct statements are found."""
    cur, reader = _cursor(conn), _cursor(conn)
    walk_where, walk_params = _date_sql("q.date", date_from, date_to)
    join, where, params = "", ["d.current = 1"], []
    if scope is not None:
        join = "JOIN claims c ON c.doc_id = q.doc_id AND c.idx = q.sentence "
        sql, values = _sentence_place_sql(scope)
        where.append(sql)
        params += values
    # each walk reads at most SCAN_ROWS quotes of the range in date order, filtered outside
    walks: list[tuple[str, list[Any]]] = []
    for speaker in list(dict.fromkeys(actor_ids)) or [None]:
        conditions, values = list(walk_where), list(walk_params)
        if speaker is not None:
            conditions.insert(0, "q.speaker_actor_id = ?")
            values.insert(0, speaker)
        dated = " AND ".join([*conditions, "q.date IS NOT NULL"])
        walks.append((f"SELECT q.*, q.rowid AS r FROM quotes q WHERE {dated} ORDER BY q.date, q.rowid", values))
        if not date_from and not date_to:
            undated = " AND ".join([*conditions, "q.date IS NULL"])
            walks.append((f"SELECT q.*, q.rowid AS r FROM quotes q WHERE {undated} ORDER BY q.rowid", values))
    seen: set[str] = set()
    carrier_rows: list[sqlite3.Row] = []
    more: bool | str = False
    budget = limit * SCAN_FACTOR
    found: list[tuple[str, Line, sqlite3.Row]] = []
    for walk, values in walks:
        sql = (
            "SELECT q.doc_id, q.id, q.date, q.text, q.speaker_actor_id, q.speaker_name, q.speaker_surface "
            f"FROM ({walk} LIMIT {SCAN_ROWS}) q JOIN documents d ON d.id = q.doc_id {join}"
            f"WHERE {' AND '.join(where)}"
        )
        for quote in _stream(reader, sql, [*values, *params], budget):
            budget -= 1
            link = cur.execute(
                "SELECT statement_id FROM statement_carriers WHERE doc_id = ? AND quote_id = ? LIMIT 1",
                (quote["doc_id"], quote["id"]),
            ).fetchone()
            key = link[0] if link else f"{quote['doc_id']}#{quote['id']}"
            if key in seen:
                continue
            if len(seen) >= limit:
                more = True
                break
            line, rows = _statement_line(cur, link[0] if link else None, quote)
            seen.add(key)
            carrier_rows += rows
            found.append((key, line, quote))
        if budget <= 0:
            more = True
        if more:
            break
        if cur.execute(f"SELECT count(*) FROM ({walk} LIMIT ?)", [*values, SCAN_ROWS + 1]).fetchone()[0] > SCAN_ROWS:
            more = "scan"
    # group by (canonical) speaker
    speaker_ids = sorted({q["speaker_actor_id"] for _, _, q in found if q["speaker_actor_id"]})
    canonical = {
        row[0]: row[1] or row[0]
        for row in cur.execute(f"SELECT id, canonical_id FROM actors WHERE id IN ({_marks(speaker_ids)})", speaker_ids)
    }
    names = _actor_names(cur, canonical.values())
    groups: dict[str, Group] = {}
    for _, line, quote in found:
        speaker_id = canonical.get(quote["speaker_actor_id"] or "", quote["speaker_actor_id"])
        name = names.get(speaker_id or "") or quote["speaker_name"] or quote["speaker_surface"] or "unknown speaker"
        key = speaker_id or f"name:{normalise_name(name)}"
        line.fields["speaker"] = name
        line.fields["speaker_id"] = speaker_id
        groups.setdefault(key, Group(key=key, title=name)).lines.append(line)
    ordered = []
    for group in groups.values():
        group.lines.sort(key=lambda line: (line.date is None, line.date or "", line.text))
        ordered.append(group)
    ordered.sort(key=lambda g: (g.lines[0].date is None, g.lines[0].date or "", g.title))
    return ordered, more, carrier_rows


# ------------------------------------------------------------------------------- contested


_FINDING_LABELS = {
    "conflicting-speaker": "the same words are attributed to different speakers",
    "conflicting-date": "the carriers give different dates",
    "conflicting-event-type": "one report is coded as different event types",
    "single-source": "carried by several documents, all from one source",
}


def _shift(day: str, days: int) -> str:
    try:
        return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return day


def _contested(conn: sqlite3.Connection, events: list[Line], statements: list[Line], limit: int) -> tuple[list[Group], bool]:
    cur = _cursor(conn)
    by_item = {line.item_id: line for line in [*events, *statements] if line.item_id}
    findings = Group("findings", "Corpus findings on these items")
    first_docs = {item.sources[0].doc_id for item in by_item.values() if item.sources}
    for doc_id in sorted(first_docs):
        for row in cur.execute(
            "SELECT rowid, kind, severity, message, statement_id, event_id FROM findings "
            "WHERE doc_id = ? AND +level = 'corpus' ORDER BY rowid LIMIT 50",
            (doc_id,),
        ):
            item = by_item.get(row["statement_id"]) or by_item.get(row["event_id"])
            if item is None:
                continue
            findings.lines.append(Line(
                kind="finding", text=item.text, sources=item.sources, date=item.date, item_id=item.item_id,
                fields={"finding": row["kind"], "label": _FINDING_LABELS.get(row["kind"], row["kind"]),
                        "severity": row["severity"], "message": row["message"], "about": item.kind},
            ))
    dates = Group("dates", "Events whose carriers give different dates")
    for line in events:
        last = line.fields.get("last_date")
        if last and line.date and last[:10] != line.date[:10]:
            dates.lines.append(Line(
                kind="date-conflict", text=line.text, sources=line.sources, date=line.date, item_id=line.item_id,
                fields={"label": "the carriers give different dates", "dates": sorted({
                    s.date for s in line.sources if s.date}), "about": "event"},
            ))
    statuses = Group("statuses", "One event, reported as having happened by some and not by others")
    seen_pairs: set[frozenset[str]] = set()
    for line in events:
        if len(findings.lines) + len(dates.lines) + len(statuses.lines) > limit:
            break
        event = cur.execute(
            "SELECT type, source_actor, target_actor, place_name, status, date FROM corpus_events WHERE id = ?",
            (line.item_id,),
        ).fetchone()
        if event is None or not event["date"]:
            continue
        # the same (type, actors, place) within a day, through the most selective index at hand
        days = (_shift(event["date"], -1), event["date"], _shift(event["date"], 1))
        if event["source_actor"]:
            lead, lead_value = "source_actor = ? AND +type = ?", (event["source_actor"], event["type"])
        elif event["target_actor"]:
            lead, lead_value = "target_actor = ? AND +type = ?", (event["target_actor"], event["type"])
        else:
            lead, lead_value = "type = ? AND +type = ?", (event["type"], event["type"])
        for other in cur.execute(
            f"SELECT id FROM corpus_events WHERE {lead} AND date IN (?, ?, ?) AND id != ? AND status != ? "
            "AND +source_actor IS ? AND +target_actor IS ? AND +place_name IS ? LIMIT 5",
            (*lead_value, *days, line.item_id, event["status"], event["source_actor"], event["target_actor"],
             event["place_name"]),
        ).fetchall():
            pair = frozenset((line.item_id or "", other["id"]))
            if pair in seen_pairs:
                continue
            seen_pairs.add(pair)
            other_event = cur.execute("SELECT * FROM corpus_events WHERE id = ?", (other["id"],)).fetchone()
            if not (event["status"] == "asserted" or other_event["status"] == "asserted"):
                continue  # planned against hypothetical: neither says it happened
            other_line, _ = _event_line(cur, other_event, {})
            if {s.doc_id for s in line.sources} & {s.doc_id for s in other_line.sources}:
                continue  # one document telling two things (a plan and its start) is not a dispute
            statuses.lines.append(Line(
                kind="status-conflict", text=line.text, sources=[*line.sources, *other_line.sources],
                date=line.date, item_id=line.item_id,
                fields={"label": "reported with different statuses",
                        "statuses": [event["status"], other_event["status"]], "other_id": other["id"],
                        "other_text": other_line.text, "about": "event"},
            ))
    groups = [g for g in (findings, dates, statuses) if g.lines]
    shown, more = 0, False
    for group in groups:
        room = max(0, limit - shown)
        if len(group.lines) > room:
            group.lines = group.lines[:room]
            more = True
        shown += len(group.lines)
    return [g for g in groups if g.lines], more


# ------------------------------------------------------------------------------- sources


_OWNED = {1: "state-owned", 0: "not state-owned"}


def _sources(conn: sqlite3.Connection, items: list[Line], carrier_rows: list[sqlite3.Row], limit: int) -> tuple[list[Group], list[str], dict[str, int]]:
    cur = _cursor(conn)
    per_outlet: dict[str, list[Source]] = defaultdict(list)
    own: dict[str, list[Source]] = defaultdict(list)
    for line in items:
        for source in line.sources:
            if source.own_report:
                own[source.doc_id].append(source)
            elif source.outlet_id:
                per_outlet[source.outlet_id].append(source)
    # the citation span that names the outlet, per carrier
    cites: dict[tuple[str, str], sqlite3.Row] = {}
    for row in carrier_rows:
        if row["cite_id"] is not None:
            cites[(row["doc_id"], row["cite_id"])] = row
    outlets: dict[str, sqlite3.Row] = {}
    ids = sorted(per_outlet)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in cur.execute(f"SELECT * FROM outlets WHERE id IN ({_marks(chunk)})", chunk):
            outlets[row["id"]] = row
    by_country: dict[str, Group] = {}
    ranked = sorted(per_outlet.items(), key=lambda kv: (-len(kv[1]), outlets[kv[0]]["name"] if kv[0] in outlets else kv[0]))
    for outlet_id, sources in ranked[:limit]:
        info = outlets.get(outlet_id)
        spans = [
            Source(doc_id=doc, start=start, end=end, outlet=sources[0].outlet, date=date, citation_id=cid,
                   title=_title_of(sources, doc), source_path=_path_of(sources, doc), outlet_id=outlet_id)
            for doc, cid, start, end, _, date in _citation_texts(cur, outlet_id, _cite_keys(sources)[:5])
        ]
        if not spans:
            continue
        words = cur.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
            (spans[0].start + 1, spans[0].end - spans[0].start, spans[0].doc_id),
        ).fetchone()[0]
        country = (info["country"] if info else None) or "an unknown country"
        owned = _OWNED.get(info["state_owned"] if info else None, "ownership unclear")
        group = by_country.setdefault(country, Group(f"country:{country}", f"Outlets based in {country}"))
        group.lines.append(Line(
            kind="outlet", text=words, sources=spans,
            fields={"outlet": sources[0].outlet, "outlet_id": outlet_id, "country": info["country"] if info else None,
                    "state_owned": info["state_owned"] if info else None, "ownership": owned,
                    "items": len(sources), "documents": len({s.doc_id for s in sources})},
        ))
    groups = sorted(by_country.values(), key=lambda g: (-sum(line.fields["items"] for line in g.lines), g.title))
    if own:
        group = Group("own-report", "No outlet cited: the document's own report")
        for doc_id, sources in sorted(own.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]:
            first = sources[0]
            words = cur.execute(
                "SELECT substr(text, ?, ?) FROM documents WHERE id = ?", (first.start + 1, first.end - first.start, doc_id)
            ).fetchone()[0]
            group.lines.append(Line(kind="outlet", text=words, sources=sources[:5],
                                    fields={"outlet": first.outlet, "items": len(sources),
                                            "documents": 1}))
        groups.append(group)
    # relay chains: carrier citations that another outlet relays
    relays = Group("relays", "Relay chains (who relays whom)")
    chains: dict[str, list[tuple[str, sqlite3.Row]]] = defaultdict(list)
    for (doc_id, _), row in cites.items():
        if row["via"] is not None and row["chain"]:
            chains[row["chain"]].append((doc_id, row))
    for chain, rows in sorted(chains.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]:
        spans = [
            Source(doc_id=doc_id, start=row["cite_start"], end=row["cite_end"], outlet=row["outlet_name"] or chain,
                   date=None, citation_id=row["cite_id"], title=row["title"], source_path=row["source_path"])
            for doc_id, row in rows[:5]
        ]
        words = cur.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
            (spans[0].start + 1, spans[0].end - spans[0].start, spans[0].doc_id),
        ).fetchone()[0]
        relays.lines.append(Line(kind="relay", text=words, sources=spans,
                                 fields={"chain": chain, "items": len(rows)}))
    if relays.lines:
        groups.append(relays)
    single = sum(1 for line in items if line.fields.get("single_source"))
    shares = {"items": len(items), "single_source": single}
    notes = []
    if items:
        notes.append(f"{single} of {len(items)} items shown ({100 * single / len(items):.0f}%) rest on a single "
                     "source: no independent confirmation")
    return groups, notes, shares


def _cite_keys(sources: list[Source]) -> list[tuple[str, str]]:
    return list(dict.fromkeys((s.doc_id, s.citation_id) for s in sources if s.citation_id))


def _title_of(sources: list[Source], doc_id: str) -> str | None:
    return next((s.title for s in sources if s.doc_id == doc_id), None)


def _path_of(sources: list[Source], doc_id: str) -> str | None:
    return next((s.source_path for s in sources if s.doc_id == doc_id), None)


def _citation_texts(
    cur: sqlite3.Cursor, outlet_id: str, keys: list[tuple[str, str]]
) -> list[tuple[str, str, int, int, str, str | None]]:
    """The citations naming ``outlet_id`` behind carriers (doc, carrying citation id): the carrying
    citation itself, or the citation of that outlet it relays ("Sputnik" inside an RT passage).
    Each as (doc, citation id, start, end, the citation as written, its date)."""
    found = []
    for doc_id, cid in dict.fromkeys(keys):
        row = cur.execute(
            'SELECT c.id, c.start, c."end", substr(d.text, c.start + 1, c."end" - c.start), c.effective_date '
            "FROM citations c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = ? AND +c.outlet_id = ? "
            "ORDER BY c.id = ? DESC, c.via = ? DESC, c.start LIMIT 1",
            (doc_id, outlet_id, cid, cid),
        ).fetchone()
        if row is not None:
            found.append((doc_id, row[0], row[1], row[2], row[3], row[4]))
    return found


# ------------------------------------------------------------------------------- audit


def _audit(
    conn: sqlite3.Connection, scope: PlaceScope | None, actor_ids: Sequence[str], date_from: str | None,
    date_to: str | None, behind: Sequence[str], limit: int,
) -> tuple[list[Group], bool]:
    """Unsourced sentences (naming the place / the actor when given) and date findings of the
    documents in scope: those behind the report's lines and those published in the range."""
    cur = _cursor(conn)
    docs = list(dict.fromkeys(behind))
    if date_from or date_to:
        where, params = _date_sql("d.published", date_from, date_to)
        doc_scope = []
        if scope is not None and scope.names:
            doc_scope.append(
                f"EXISTS (SELECT 1 FROM places p WHERE p.doc_id = d.id AND p.role = 'place' "
                f"AND +p.name IN ({_marks(scope.names)}))"
            )
            params += scope.names
        if actor_ids:
            doc_scope.append(
                f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id AND m.actor_id IN ({_marks(actor_ids)}))"
            )
            params += list(actor_ids)
        sql = (
            f"SELECT d.id FROM documents d WHERE {' AND '.join([*where, 'd.current = 1', *doc_scope])} "
            "ORDER BY d.published, d.rowid"
        )
        for row in _stream(cur, sql, params, limit * SCAN_FACTOR):
            if len(docs) >= 2 * limit:
                break
            if row[0] not in docs:
                docs.append(row[0])
    docs = docs[: 2 * limit]
    info = {}
    for start in range(0, len(docs), 500):
        chunk = docs[start : start + 500]
        for row in cur.execute(
            f"SELECT id, title, url, source_path, published FROM documents WHERE id IN ({_marks(chunk)})", chunk
        ):
            info[row["id"]] = row
    docs.sort(key=lambda d: (info[d]["published"] or "9999", info[d]["source_path"]) if d in info else ("9999", d))
    claims = Group("unsourced", "Unsourced sentences (no outlet cited, not a quotation)")
    dated = Group("date-findings", "Date findings")
    more = False
    sentence_where, sentence_params = ["c.doc_id = ?", "c.kind = 'unsourced'"], []
    if scope is not None:
        sql, values = _sentence_place_sql(scope)
        sentence_where.append(sql)
        sentence_params += values
    if actor_ids:
        sentence_where.append(
            f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = c.doc_id AND m.sentence = c.idx "
            f"AND m.actor_id IN ({_marks(actor_ids)}))"
        )
        sentence_params += list(actor_ids)
    for doc_id in docs:
        row_info = info.get(doc_id)
        if row_info is None:
            continue
        own = _own_label(row_info)
        for row in cur.execute(
            f"SELECT c.idx, c.start, c.\"end\", c.text, c.date FROM claims c WHERE {' AND '.join(sentence_where)} "
            f"ORDER BY c.idx LIMIT {limit + 1}",
            [doc_id, *sentence_params],
        ):
            if len(claims.lines) >= limit:
                more = True
                break
            claims.lines.append(Line(
                kind="claim", text=row["text"], date=row["date"],
                sources=[Source(doc_id=doc_id, start=row["start"], end=row["end"], outlet=own, date=row["date"],
                                own_report=True, title=row_info["title"], source_path=row_info["source_path"])],
                fields={"label": "no independent confirmation: no source named", "document": row_info["title"]},
            ))
        for row in cur.execute(
            "SELECT f.rowid, f.kind, f.severity, f.start, f.\"end\", f.message, f.suggestion, "
            "substr(d.text, f.start + 1, f.\"end\" - f.start) AS words FROM findings f JOIN documents d ON d.id = f.doc_id "
            "WHERE f.doc_id = ? AND +f.level = 'document' AND f.start IS NOT NULL ORDER BY f.start LIMIT ?",
            (doc_id, limit + 1),
        ):
            if len(dated.lines) >= limit:
                more = True
                break
            dated.lines.append(Line(
                kind="date-finding", text=row["words"], date=row_info["published"],
                sources=[Source(doc_id=doc_id, start=row["start"], end=row["end"], outlet=own,
                                date=row_info["published"], own_report=True, title=row_info["title"],
                                source_path=row_info["source_path"])],
                fields={"finding": row["kind"], "severity": row["severity"], "message": row["message"],
                        "suggestion": row["suggestion"], "finding_id": row["rowid"], "document": row_info["title"]},
            ))
    return [g for g in (dated, claims) if g.lines], more


# ------------------------------------------------------------------------------- the whole report


def _count_documents(conn: sqlite3.Connection, date_from: str | None, date_to: str | None) -> tuple[int, bool]:
    where, params = _date_sql("published", date_from, date_to)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM documents WHERE {' AND '.join([*where, 'current = 1'])} LIMIT ?)"
    count = conn.execute(sql, [*params, COUNT_CAP + 1]).fetchone()[0]
    return min(count, COUNT_CAP), count > COUNT_CAP


def _question(place: str | None, date_from: str | None, date_to: str | None, actor: str | None) -> str:
    where = f" in {place}" if place else ""
    if date_from and date_to:
        when = f" between {date_from} and {date_to}"
    elif date_from:
        when = f" since {date_from}"
    elif date_to:
        when = f" up to {date_to}"
    else:
        when = ""
    who = f", involving {actor}" if actor else ""
    return f"What is happening{where}{when}{who}?"


def build_situation(
    conn: sqlite3.Connection,
    *,
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    kb: Any = None,
    limit: int = 200,
) -> SituationReport:
    """The situation report for a place, a date range (inclusive ISO dates) and an actor, each
    optional. An empty scope (nothing matches, an unknown actor) gives a report that says so.
    ``limit`` caps the lines of every section."""
    from tabayyun.store.queries import ActorNotFound, find_actor_ids

    limit = max(1, int(limit))
    place = place.strip() if place and place.strip() else None
    actor = actor.strip() if actor and actor.strip() else None
    notes: list[str] = []
    scope_info: dict[str, Any] = {"place": place, "date_from": date_from, "date_to": date_to, "actor": actor,
                                  "limit": limit}
    scope = resolve_place(conn, place) if place else None
    if scope is not None:
        scope_info["place_names"] = scope.names
        scope_info["place_match"] = scope.describe()
    actor_ids: list[str] = []
    unknown_actor = False
    if actor:
        try:
            actor_ids = find_actor_ids(conn, actor, kb)
            names = _actor_names(_cursor(conn), actor_ids[:1])
            scope_info["actor_name"] = names.get(actor_ids[0], actor)
        except ActorNotFound:
            unknown_actor = True
            notes.append(f"no actor in the store matches {actor!r}")
        scope_info["actor_ids"] = actor_ids
    sections = [Section(sid, SECTION_TITLES[sid]) for sid in SECTION_IDS]
    by_id = {s.id: s for s in sections}
    event_lines: list[Line] = []
    statement_groups: list[Group] = []
    carrier_rows: list[sqlite3.Row] = []
    if not unknown_actor:
        has_events = _has(conn, "table", "corpus_events")
        if has_events:
            event_lines, more, rows = _events(conn, scope, actor_ids, date_from, date_to, limit)
            carrier_rows += rows
            happened = Group("happened", "Reported as having happened")
            not_happened = Group("not-happened", "Planned, negated, hypothetical or intended: not reported as having happened")
            for line in event_lines:
                (happened if line.fields["happened"] else not_happened).lines.append(line)
            by_id["what-happened"].groups = [g for g in (happened, not_happened) if g.lines]
            by_id["what-happened"].more = more
        statement_groups, more, rows = _statements(conn, scope, actor_ids, date_from, date_to, limit)
        carrier_rows += rows
        by_id["who-said-what"].groups = statement_groups
        by_id["who-said-what"].more = more
    statement_lines = [line for group in statement_groups for line in group.lines]
    if not unknown_actor:
        groups, more = _contested(conn, event_lines, statement_lines, limit)
        by_id["contested"].groups, by_id["contested"].more = groups, more
    groups, source_notes, shares = _sources(conn, [*event_lines, *statement_lines], carrier_rows, limit)
    by_id["sources"].groups, by_id["sources"].notes = groups, source_notes
    behind = [s.doc_id for line in [*event_lines, *statement_lines] for s in line.sources]
    if not unknown_actor:
        groups, more = _audit(conn, scope, actor_ids, date_from, date_to, behind, limit)
        by_id["audit"].groups, by_id["audit"].more = groups, more
    for section in sections:
        if section.more == "scan":
            section.notes.append(SCAN_NOTE)
        elif section.more:
            section.notes.append(f"only the first {limit} items are shown; more are in scope")
        section.more = bool(section.more)
    in_range, capped = _count_documents(conn, date_from, date_to)
    corpus = {"documents_in_range": in_range, "documents_in_range_capped": capped,
              "documents_behind_report": len(set(behind))}
    happened_count = sum(1 for line in event_lines if line.fields["happened"])
    counts = {
        "events": len(event_lines), "events_happened": happened_count,
        "events_not_happened": len(event_lines) - happened_count,
        "statements": len(statement_lines), "speakers": len(statement_groups),
        "contested": len(by_id["contested"].lines),
        "outlets": sum(1 for line in by_id["sources"].lines if line.kind == "outlet" and line.fields.get("outlet_id")),
        "relay_chains": sum(1 for line in by_id["sources"].lines if line.kind == "relay"),
        "single_source_items": shares["single_source"],
        "unsourced_claims": sum(1 for line in by_id["audit"].lines if line.kind == "claim"),
        "date_findings": sum(1 for line in by_id["audit"].lines if line.kind == "date-finding"),
    }
    report = SituationReport(
        question=_question(place, date_from, date_to, scope_info.get("actor_name") or actor),
        scope=scope_info,
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        corpus=corpus, counts=counts, sections=sections, notes=notes,
    )
    if report.empty:
        report.notes.append("nothing in the store matches this scope")
    return report


# ------------------------------------------------------------------------------- shared by the renderers


def line_labels(line: Line) -> list[str]:
    """The fixed labels a renderer prints before a line's words (date, type, actors, place, status)."""
    f = line.fields
    if line.kind == "event":
        who = " → ".join(part or "—" for part in (f.get("source"), f.get("target"))) if (
            f.get("source") or f.get("target")) else None
        kind = f["type"] + (f" ({f['mode']})" if f.get("mode") else "")
        labels = [kind, who, f.get("place")]
        if not f.get("happened"):
            labels.append(STATUS_LABELS.get(f.get("status", ""), f.get("status")))
        return [label for label in labels if label]
    if line.kind == "statement":
        return [f.get("speaker") or "unknown speaker"]
    if line.kind in ("finding", "date-conflict", "status-conflict"):
        labels = [f.get("label")]
        if line.kind == "date-conflict":
            labels.append("dates: " + ", ".join(f.get("dates", [])))
        if line.kind == "status-conflict":
            labels.append("statuses: " + " / ".join(f.get("statuses", [])))
        return [label for label in labels if label]
    if line.kind == "outlet":
        items = f"{f.get('items', 0)} item(s) in {f.get('documents', 0)} document(s)"
        return [label for label in (f.get("outlet"), f.get("ownership"), items) if label]
    if line.kind == "relay":
        return [f.get("chain", ""), f"{f.get('items', 0)} item(s)"]
    if line.kind == "date-finding":
        return [f"{f.get('finding')} ({f.get('severity')})"]
    if line.kind == "claim":
        return [f.get("label", "")]
    return []


def corroboration(line: Line) -> str | None:
    """"N independent sources", and the single-source warning, for events and statements."""
    if "independent_sources" not in line.fields:
        return None
    n = line.fields["independent_sources"]
    text = f"{n} independent source{'s' if n != 1 else ''}"
    if line.fields.get("single_source"):
        text += " · single source: no independent confirmation"
    return text


def count_summary(report: SituationReport) -> str:
    c = report.counts
    return (
        f"{c['events']} events ({c['events_happened']} reported as having happened, {c['events_not_happened']} not), "
        f"{c['statements']} statements by {c['speakers']} speakers, {c['contested']} contested points, "
        f"{c['outlets']} outlets, {c['relay_chains']} relay chains, {c['unsourced_claims']} unsourced sentences, "
        f"{c['date_findings']} date findings"
    )


def scope_summary(report: SituationReport) -> str:
    s = report.scope
    parts = []
    if s.get("place"):
        parts.append(f"place {s['place']} (matched: {s.get('place_match')})")
    else:
        parts.append("any place")
    if s.get("date_from") or s.get("date_to"):
        parts.append(f"dates {s.get('date_from') or 'any'} to {s.get('date_to') or 'any'}")
    else:
        parts.append("any date")
    if s.get("actor"):
        parts.append(f"actor {s.get('actor_name') or s['actor']}")
    else:
        parts.append("any actor")
    return " · ".join(parts)


def corpus_summary(report: SituationReport) -> str:
    c = report.corpus
    n = f"more than {c['documents_in_range']:,}" if c.get("documents_in_range_capped") else f"{c['documents_in_range']:,}"
    where = "published in the date range" if report.scope.get("date_from") or report.scope.get("date_to") else "in the store"
    return f"{n} documents {where}; {c['documents_behind_report']} documents behind this report"
