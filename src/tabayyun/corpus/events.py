"""Corpus events: the events of current documents merged across documents by type, actors,
place, status and date, with their carriers, independent sources and findings."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tabayyun.corpus.normalise import normalise_name, source_chain

__all__ = ["event_status", "resolve_events"]


def event_status(negated: bool, modality: str | None) -> str:
    """``asserted`` for an event the text says happened; else why it did not (yet)."""
    if negated:
        return "negated"
    return modality or "asserted"


def _day_number(value: str | None) -> int | None:
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


# Events are staged like quotes: one row each, read back sorted by the dedup key and date, so
# a corpus event is a run of neighbouring rows and memory holds one run at a time.
_EVENT_STAGE = """
CREATE TEMP TABLE resolution_events (
    i INTEGER PRIMARY KEY, doc_id TEXT, event_id TEXT, type TEXT, mode TEXT, source TEXT, target TEXT,
    source_name TEXT, target_name TEXT, date TEXT, day INTEGER, place_key TEXT, place_name TEXT,
    place_admin1 TEXT, place_country TEXT, latitude REAL, longitude REAL, status TEXT, outlet_id TEXT,
    chain TEXT, published TEXT, path TEXT, start INTEGER, "end" INTEGER, sentence_start INTEGER,
    sentence_end INTEGER
)
"""
_EVENT_COLUMNS = (
    "i", "doc_id", "event_id", "type", "mode", "source", "target", "source_name", "target_name", "date", "day",
    "place_key", "place_name", "place_admin1", "place_country", "latitude", "longitude", "status", "outlet_id",
    "chain", "published", "path", "start", "end", "sentence_start", "sentence_end",
)


@dataclass(slots=True)
class _Event:
    i: int
    doc_id: str
    event_id: str
    type: str
    mode: str | None
    source: str  # canonical actor id, "" when none
    target: str
    source_name: str | None
    target_name: str | None
    date: str | None
    day: int | None  # date as a day number, when it names a day
    place_key: str  # normalised place name, "" when unplaced
    place_name: str | None
    place_admin1: str | None
    place_country: str | None
    latitude: float | None
    longitude: float | None
    status: str
    outlet_id: str | None
    chain: str
    published: str | None
    path: str
    start: int
    end: int
    sentence_start: int | None
    sentence_end: int | None

    def key(self) -> tuple[str, str, str, str, str]:
        return (self.type, self.source, self.target, self.place_key, self.status)


@dataclass(slots=True)
class _Cite:
    outlet_id: str
    via: str | None
    scope_start: int | None
    scope_end: int | None


def _origin_outlet(cited: str | None, position: int, citations: dict[str, _Cite]) -> str | None:
    """The outlet at the origin of a relay chain: from the citation governing the event, down
    through the citations it relays whose passage holds the event ("Sputnik, via RT": Sputnik)."""
    if not cited or cited not in citations:
        return None
    relayed: dict[str, list[str]] = defaultdict(list)
    for cid, cite in citations.items():
        if cite.via:
            relayed[cite.via].append(cid)
    current, seen = cited, {cited}
    while True:
        inner = [
            cid for cid in relayed.get(current, ())
            if cid not in seen and (citations[cid].scope_start is None or citations[cid].scope_end is None
                                    or citations[cid].scope_start <= position < citations[cid].scope_end)
        ]
        if not inner:
            return citations[current].outlet_id
        current = inner[0]
        seen.add(current)


def _stage_events(conn: sqlite3.Connection, canonical: dict[str, tuple[str, str | None]]) -> int:
    conn.execute("DROP TABLE IF EXISTS temp.resolution_events")
    conn.execute(_EVENT_STAGE)
    rows = conn.execute(
        "SELECT e.doc_id, e.id, e.type, e.mode, e.source_actor, e.target_actor, e.source_name, e.target_name, "
        "e.date, e.place_name, e.place_admin1, e.place_country, e.latitude, e.longitude, e.negated, e.modality, "
        "e.citation, e.start, e.\"end\", e.sentence_start, e.sentence_end, d.published, d.url, d.source_path "
        "FROM events e JOIN documents d ON d.id = e.doc_id WHERE d.current = 1 ORDER BY e.doc_id"
    )
    reader = conn.cursor()  # citations are read per document, while ``rows`` is being walked

    def staged() -> Iterable[tuple[object, ...]]:
        for doc_id, group in itertools.groupby(rows, key=lambda row: row[0]):
            events = list(group)
            citations: dict[str, _Cite] = {}
            if any(row[16] for row in events):
                citations = {
                    c[0]: _Cite(c[1], c[2], c[3], c[4])
                    for c in reader.execute(
                        "SELECT id, outlet_id, via, scope_start, scope_end FROM citations WHERE doc_id = ?", (doc_id,)
                    )
                }
            for row in events:
                outlet = _origin_outlet(row[16], row[17], citations)
                yield (
                    row[0], row[1], row[2], row[3],
                    canonical.get(row[4], (row[4], None))[0] or "" if row[4] else "",
                    canonical.get(row[5], (row[5], None))[0] or "" if row[5] else "",
                    row[6], row[7], row[8], _day_number(row[8]), normalise_name(row[9]) if row[9] else "",
                    row[9], row[10], row[11], row[12], row[13], event_status(bool(row[14]), row[15]), outlet,
                    source_chain(outlet, row[22], row[0]), row[21], row[23], row[17], row[18], row[19], row[20],
                )

    conn.executemany(
        f"INSERT INTO temp.resolution_events ({', '.join(_q(c) for c in _EVENT_COLUMNS[1:])}) "
        f"VALUES ({', '.join('?' for _ in _EVENT_COLUMNS[1:])})",
        staged(),
    )
    return int(conn.execute("SELECT count(*) FROM temp.resolution_events").fetchone()[0])


def _q(column: str) -> str:
    return f'"{column}"' if column == "end" else column


def _event_runs(conn: sqlite3.Connection) -> Iterable[list[_Event]]:
    """Corpus events: runs of staged events with equal keys whose dates are within a day of the
    run's earliest (undated events join only undated ones), earliest carrier first."""
    rows = conn.execute(
        f"SELECT {', '.join(_q(c) for c in _EVENT_COLUMNS)} FROM temp.resolution_events "
        "ORDER BY type, source, target, place_key, status, day IS NULL, day, date, "
        "coalesce(published, '9999'), doc_id, event_id"
    )
    run: list[_Event] = []
    for values in rows:
        event = _Event(*values)
        if run:
            first = run[0]
            if first.day is not None and event.day is not None:
                near = event.day - first.day <= 1
            else:
                near = first.day is None and event.day is None and first.date == event.date
            same_key = first.key() == event.key()
            if not (same_key and near):
                yield run
                run = []
        run.append(event)
    if run:
        yield run


def _independent_chains(run: Sequence[_Event]) -> set[str]:
    """The source chains of a corpus event's carriers. A carrier no citation governs is its
    document's own report, unless the same document also gives the event a cited source (then
    the uncited mention repeats that report: it is not one more source)."""
    cited_docs = {e.doc_id for e in run if e.outlet_id}
    return {e.chain for e in run if e.outlet_id or e.doc_id not in cited_docs}


def _event_id(first: _Event) -> str:
    parts = [*first.key(), first.doc_id, first.event_id]
    return "ev:" + hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:16]


def resolve_events(conn: sqlite3.Connection, canonical: dict[str, tuple[str, str | None]]) -> dict[str, int]:
    """Recompute ``corpus_events`` and ``event_carriers`` and the event findings."""
    n = _stage_events(conn, canonical)
    conn.execute("DELETE FROM event_carriers")
    conn.execute("DELETE FROM corpus_events")
    counts = {"events": n, "corpus_events": 0, "multi_carrier_events": 0, "conflicting_event_types": 0,
              "corpus_findings": 0}
    reader = conn.cursor()
    for run in _event_runs(conn):
        first = run[0]
        eid = _event_id(first)
        documents = {e.doc_id for e in run}
        chains = _independent_chains(run)
        sentence = None
        if first.sentence_start is not None and first.sentence_end is not None:
            start, end = first.sentence_start, first.sentence_end
            sentence = reader.execute(
                "SELECT substr(text, ?, ?) FROM documents WHERE id = ?", (start + 1, end - start, first.doc_id)
            ).fetchone()[0]
        dates = [e.date for e in run if e.date]
        conn.execute(
            "INSERT INTO corpus_events (id, type, mode, source_actor, target_actor, source_name, target_name, date, "
            "last_date, place_name, place_admin1, place_country, latitude, longitude, status, happened, sentence, "
            "first_doc_id, carriers, independent_sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)",
            (
                eid, first.type, first.mode, first.source or None, first.target or None,
                first.source_name, first.target_name, first.date, max(dates) if dates else None,
                first.place_name, first.place_admin1, first.place_country, first.latitude,
                first.longitude, first.status, int(first.status == "asserted"), sentence,
                first.doc_id, len(documents), len(chains),
            ),
        )
        conn.executemany(
            "INSERT INTO event_carriers (corpus_event_id, doc_id, event_id, outlet_id, source_chain, date, earliest) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(eid, e.doc_id, e.event_id, e.outlet_id, e.chain, e.date, int(rank == 0))
             for rank, e in enumerate(run)],
        )
        counts["corpus_events"] += 1
        counts["multi_carrier_events"] += len(documents) > 1
    # one predicate of one document coded as two event types: the coding disagrees with itself
    for doc_id, start, end, path, coded, first_event in conn.execute(
        "SELECT doc_id, start, \"end\", min(path), group_concat(type || ' (' || event_id || ')', ', '), min(event_id) "
        "FROM temp.resolution_events GROUP BY doc_id, start, \"end\" HAVING count(DISTINCT type) > 1 "
        "ORDER BY min(path), start"
    ).fetchall():
        corpus_event = reader.execute(
            "SELECT corpus_event_id FROM event_carriers WHERE doc_id = ? AND event_id = ?", (doc_id, first_event)
        ).fetchone()
        conn.execute(
            "INSERT INTO findings (level, doc_id, event_id, kind, severity, start, \"end\", message) "
            "VALUES ('corpus', ?, ?, 'conflicting-event-type', 'warning', ?, ?, ?)",
            (doc_id, corpus_event[0] if corpus_event else None, start, end,
             f"one mention in {path} is coded as different event types: {coded}"),
        )
        counts["conflicting_event_types"] += 1
        counts["corpus_findings"] += 1
    conn.execute("DROP TABLE temp.resolution_events")
    return counts
