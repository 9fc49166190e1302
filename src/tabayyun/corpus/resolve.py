"""Cross-document resolution over the store.

Recomputed in full after every ingest run, in one transaction. Every step sorts and then
compares neighbours only (a sorted-neighbourhood window), so the work is O(n log n).

* **Actors.** Knowledge-base ids (``actor:``, ``outlet:``) are already shared by every
  document. Actors found by NER alone (``ner:``) merge when their normalised names are
  equal, or when the knowledge base recognises the name, or, conservatively, when two
  names of the same type are near-identical (rapidfuzz ratio >= 92, both at least 6
  characters, same first letter, same digits). ``actors.canonical_id`` and
  ``actors.merge_reason`` record the outcome.
* **Statements.** Quotes of at least four words by the same (canonical) speaker whose
  normalised text is equal or near-identical (ratio >= 90) are one statement carried by several documents. The
  earliest carrier (by statement date, then publication date) gives the statement its
  wording and date.
* **Corroboration.** A carrier's source chain is the outlet at the origin of its citation's
  via chain (the innermost citation carrying the quote): Sputnik relayed by RT and Sputnik
  cited directly are one chain. A quote no outlet carries counts as its own document's
  (or web site's) report. ``independent_sources`` counts distinct chains.
* **Events.** Events of current documents with the same PLOVER type, the same (canonical)
  source and target actors, the same place (normalised gazetteer name) or both unplaced, the
  same status, and dates within a day of the earliest one are one corpus event; its carriers
  are counted and its independent sources too, exactly as for statements. The status is
  ``asserted`` for asserted, non-negated events (``happened = 1``), else ``negated``,
  ``planned``, ``hypothetical`` or ``reported-intent``: those are kept but never merged with
  asserted ones. Two event types for the same predicate of one document are a
  ``conflicting-event-type`` finding.
* **Corpus findings.** ``single-source`` (a statement carried several times that traces back
  to one source), ``conflicting-speaker`` (the same words attributed to different
  speakers), ``conflicting-date`` (one statement given different dates by its carriers).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import sqlite3
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from rapidfuzz import fuzz

from tabayyun.knowledge import KnowledgeBase, fold, strip_article
from tabayyun.store.schema import ACTOR_STATS_FILL

__all__ = ["event_status", "normalise_name", "normalise_statement", "resolve_corpus"]

ACTOR_RATIO = 92.0
STATEMENT_RATIO = 90.0
WINDOW = 4
MIN_FUZZY_STATEMENT = 20  # characters of normalised text before near-identical matching applies
MIN_CONFLICT_WORDS = 6
MIN_STATEMENT_WORDS = 4


def normalise_name(name: str) -> str:
    """``The Free Syrian Army's`` -> ``free syrian army``."""
    text = strip_article(fold(name))
    text = re.sub(r"(?i)['’]s$", "", text)
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def normalise_statement(text: str) -> str:
    """Case, diacritics, punctuation and a leading "that" do not make a different statement."""
    words = re.findall(r"[^\W_]+", fold(text).casefold())
    if words and words[0] == "that":
        words = words[1:]
    return " ".join(words)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = array("q", range(n))  # 8 bytes per item

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _neighbours(keys: Sequence[str], window: int = WINDOW) -> Iterable[tuple[int, int]]:
    """Pairs of indices that are close in sort order of the keys and of the reversed keys."""
    for sort_key in (lambda i: keys[i], lambda i: keys[i][::-1]):
        order = sorted(range(len(keys)), key=sort_key)
        for pos, i in enumerate(order):
            for j in order[pos + 1 : pos + 1 + window]:
                yield i, j


def _cluster(
    keys: Sequence[str], close: Callable[[int, int], float | None], block: Callable[[int], Hashable]
) -> _UnionFind:
    """Union equal keys within a block, then neighbours that ``close`` accepts."""
    uf = _UnionFind(len(keys))
    first: dict[tuple[Hashable, str], int] = {}
    for i, key in enumerate(keys):
        seen = first.setdefault((block(i), key), i)
        if seen != i:
            uf.union(seen, i)
    by_block: dict[Hashable, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        by_block[block(i)].append(i)
    for members in by_block.values():
        if len(members) < 2:
            continue
        for a, b in _neighbours([keys[i] for i in members]):
            i, j = members[a], members[b]
            if uf.find(i) != uf.find(j) and close(i, j) is not None:
                uf.union(i, j)
    return uf


# ------------------------------------------------------------------------------- actors


@dataclass(slots=True)
class _Actor:
    id: str
    name: str
    type: str
    key: str


def _resolve_actors(conn: sqlite3.Connection, kb: KnowledgeBase) -> dict[str, tuple[str, str | None]]:
    """actor id -> (canonical id, merge reason)."""
    result: dict[str, tuple[str, str | None]] = {}
    stored_ids = set()
    unknown: list[_Actor] = []
    for row in conn.execute("SELECT id, name, type FROM actors ORDER BY id"):
        stored_ids.add(row["id"])
        if row["id"].startswith("ner:"):
            unknown.append(_Actor(row["id"], row["name"], row["type"], normalise_name(row["name"])))
        else:
            result[row["id"]] = (row["id"], None)
    remaining: list[_Actor] = []
    for actor in unknown:
        entry = kb.match_actor(actor.name) if len(actor.key) >= 4 else None
        kb_id = f"actor:{entry.id}" if entry is not None else None
        if kb_id is not None and kb_id in stored_ids:
            result[actor.id] = (kb_id, f"name {actor.name!r} matches knowledge-base actor {entry.name!r}")
        else:
            remaining.append(actor)

    keys = [a.key for a in remaining]
    reasons: dict[tuple[int, int], str] = {}

    def close(i: int, j: int) -> float | None:
        a, b = remaining[i], remaining[j]
        if min(len(a.key), len(b.key)) < 6 or a.key[0] != b.key[0]:
            return None
        if re.sub(r"\D", "", a.key) != re.sub(r"\D", "", b.key):
            return None
        score = fuzz.ratio(a.key, b.key)
        if score < ACTOR_RATIO:
            return None
        reasons[(i, j)] = f"near-identical name to {b.name!r} (ratio {score:.0f})"
        reasons[(j, i)] = f"near-identical name to {a.name!r} (ratio {score:.0f})"
        return score

    uf = _cluster(keys, close, block=lambda i: remaining[i].type)
    # names equal after normalisation merge whatever the type NER gave them
    by_key: dict[str, int] = {}
    for i, actor in enumerate(remaining):
        if actor.key:
            seen = by_key.setdefault(actor.key, i)
            if seen != i:
                uf.union(seen, i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(remaining)):
        groups[uf.find(i)].append(i)
    for members in groups.values():
        canonical = min(members, key=lambda i: remaining[i].id)
        for i in members:
            actor = remaining[i]
            if i == canonical:
                result[actor.id] = (actor.id, None)
            elif actor.key == remaining[canonical].key:
                result[actor.id] = (remaining[canonical].id, f"same normalised name {actor.key!r}")
            else:
                reason = next(
                    (reasons[(i, j)] for j in members if (i, j) in reasons),
                    f"near-identical name to {remaining[canonical].name!r}",
                )
                result[actor.id] = (remaining[canonical].id, reason)
    return result


# ------------------------------------------------------------------------------- statements


# Quotes are staged in a temporary table and read back sorted, a window at a time, so memory
# does not grow with the corpus (two union-find arrays of 8 bytes per quote aside).
_STAGE = """
CREATE TEMP TABLE resolution_quotes (
    i INTEGER PRIMARY KEY, doc_id TEXT, quote_id TEXT, text TEXT, key TEXT, rkey TEXT, speaker TEXT,
    speaker_name TEXT, date TEXT, published TEXT, outlet_id TEXT, chain TEXT, path TEXT, words INTEGER
)
"""
_ROOTS = "CREATE TEMP TABLE resolution_roots (i INTEGER PRIMARY KEY, root INTEGER, words_root INTEGER)"
# the carriers of a statement, earliest first: statement date, then publication date
_ORDER = "coalesce(q.date, '9999'), coalesce(q.published, '9999'), q.doc_id, q.quote_id"
_MEMBER = "q.doc_id, q.quote_id, q.text, q.key, q.speaker, q.speaker_name, q.date, q.outlet_id, q.chain, q.path"


@dataclass(slots=True)
class _Quote:
    doc_id: str
    quote_id: str
    text: str
    key: str
    speaker: str  # canonical actor id, "" when unknown
    speaker_name: str | None
    date: str | None
    outlet_id: str | None
    chain: str
    path: str


def _source_chain(outlet_id: str | None, url: str | None, doc_id: str) -> str:
    if outlet_id:
        return outlet_id
    host = urlparse(url).netloc.lower().removeprefix("www.") if url else ""
    return f"site:{host}" if host else f"doc:{doc_id[:16]}"


def _stage_quotes(conn: sqlite3.Connection, canonical: dict[str, tuple[str, str | None]]) -> int:
    """Copy the current quotes, with their normalised keys, into ``temp.resolution_quotes``."""
    conn.execute("DROP TABLE IF EXISTS temp.resolution_quotes")
    conn.execute("DROP TABLE IF EXISTS temp.resolution_roots")
    conn.execute(_STAGE)
    rows = conn.execute(
        "SELECT q.doc_id, q.id, q.text, q.speaker_actor_id, q.speaker_name, q.date, q.outlet_id, "
        "d.published, d.url, d.source_path FROM quotes q JOIN documents d ON d.id = q.doc_id "
        "WHERE d.current = 1"
    )

    def staged() -> Iterable[tuple[object, ...]]:
        for row in rows:
            speaker = canonical.get(row[3], (row[3], None))[0] or ""
            key = normalise_statement(row[2])
            yield (row[0], row[1], row[2], key, key[::-1], speaker, row[4], row[5], row[7], row[6],
                   _source_chain(row[6], row[8], row[0]), row[9], len(key.split()))

    conn.executemany(
        "INSERT INTO temp.resolution_quotes (doc_id, quote_id, text, key, rkey, speaker, speaker_name, date, "
        "published, outlet_id, chain, path, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        staged(),
    )
    return int(conn.execute("SELECT count(*) FROM temp.resolution_quotes").fetchone()[0])


def _window_unions(
    conn: sqlite3.Connection, uf: _UnionFind, sql: str, close: Callable[[str, str], float | None]
) -> None:
    """Rows (i, block, key) in block then sort order: within a block, each row is compared with the
    ``WINDOW`` rows before it (equal keys always join)."""
    window: deque[tuple[int, str]] = deque(maxlen=WINDOW)
    block: object = object()
    for i, row_block, key in conn.execute(sql):
        if row_block != block:
            window.clear()
            block = row_block
        for j, other in window:
            if uf.find(i) != uf.find(j) and (other == key or close(key, other) is not None):
                uf.union(i, j)
        window.append((i, key))


def _members(conn: sqlite3.Connection, root: str, where: str = "") -> Iterable[tuple[int, list[_Quote]]]:
    """Clusters (root, carriers earliest first), in order of their first quote."""
    rows = conn.execute(
        f"SELECT r.{root}, {_MEMBER} FROM temp.resolution_roots r JOIN temp.resolution_quotes q ON q.i = r.i "
        f"{where} ORDER BY r.{root}, {_ORDER}"
    )
    for cluster, group in itertools.groupby(rows, key=lambda row: row[0]):
        yield cluster, [_Quote(*row[1:]) for row in group]


def _text_close(a: str, b: str) -> float | None:
    if min(len(a), len(b)) < MIN_FUZZY_STATEMENT:
        return None
    score = fuzz.ratio(a, b)
    return score if score >= STATEMENT_RATIO else None


def _statement_id(speaker: str, key: str) -> str:
    return "s:" + hashlib.sha1(f"{speaker}\x00{key}".encode()).hexdigest()[:16]


def _spread_days(dates: Iterable[str]) -> int:
    days = []
    for value in dates:
        try:
            days.append(dt.date.fromisoformat(value[:10]))
        except ValueError:
            continue
    return (max(days) - min(days)).days if days else 0


def _listing(items: Iterable[str], limit: int = 6) -> str:
    items = list(items)
    shown = "; ".join(items[:limit])
    return shown if len(items) <= limit else f"{shown}; and {len(items) - limit} more"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rival_documents(members: Sequence[_Quote]) -> bool:
    """Two different documents give the words two different speakers (overlapping quotes
    inside one document are the extractor's nesting, not a conflict between sources)."""
    speakers_by_doc: dict[str, set[str]] = defaultdict(set)
    for q in members:
        speakers_by_doc[q.doc_id].add(q.speaker)
    # with two documents and two speakers overall, some pair of documents always disagrees
    return len(speakers_by_doc) >= 2 and len(set().union(*speakers_by_doc.values())) > 1


def resolve_corpus(conn: sqlite3.Connection, kb: KnowledgeBase) -> dict[str, int]:
    """Recompute actor merges, statements, corroboration and corpus findings; returns counts."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        stats = _resolve(conn, kb)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return stats


def _resolve(conn: sqlite3.Connection, kb: KnowledgeBase) -> dict[str, int]:
    canonical = _resolve_actors(conn, kb)
    conn.executemany(
        "UPDATE actors SET canonical_id = ?, merge_reason = ? WHERE id = ?",
        [(target, reason, actor_id) for actor_id, (target, reason) in canonical.items()],
    )
    n = _stage_quotes(conn, canonical)
    # statements: quotes of the same speaker; a few words ("according to Reuters") are too
    # little to call two quotes one statement, so short quotes stay alone
    uf = _UnionFind(n + 1)
    for column in ("key", "rkey"):
        _window_unions(
            conn, uf,
            f"SELECT i, speaker, {column} FROM temp.resolution_quotes WHERE words >= {MIN_STATEMENT_WORDS} "
            f"ORDER BY speaker, {column}, i",
            _text_close,
        )
    # the same words whoever said them
    uf_words = _UnionFind(n + 1)
    for column in ("key", "rkey"):
        _window_unions(
            conn, uf_words, f"SELECT i, 0, {column} FROM temp.resolution_quotes ORDER BY {column}, i", _text_close
        )
    conn.execute(_ROOTS)
    conn.executemany(
        "INSERT INTO temp.resolution_roots (i, root, words_root) VALUES (?, ?, ?)",
        ((i, uf.find(i), uf_words.find(i)) for i in range(1, n + 1)),
    )
    del uf, uf_words

    conn.execute("DELETE FROM statement_carriers")
    conn.execute("DELETE FROM statements")
    conn.execute("DELETE FROM findings WHERE level = 'corpus'")
    counts = {"statements": 0, "multi_carrier_statements": 0, "single_source": 0, "conflicting_speakers": 0,
              "corpus_findings": 0}

    def finding(doc_id: str, sid: str, kind: str, severity: str, message: str) -> None:
        conn.execute(
            "INSERT INTO findings (level, doc_id, statement_id, kind, severity, message) "
            "VALUES ('corpus', ?, ?, ?, ?, ?)",
            (doc_id, sid, kind, severity, message),
        )
        counts["corpus_findings"] += 1

    for _, members in _members(conn, "root"):
        first = members[0]
        sid = _statement_id(first.speaker, first.key)
        if conn.execute("SELECT 1 FROM statements WHERE id = ?", (sid,)).fetchone():
            # short quotes are kept apart even when their words are equal
            sid = _statement_id(first.speaker, f"{first.key}\x00{first.doc_id}\x00{first.quote_id}")
        chains = {q.chain for q in members}
        documents = {q.doc_id for q in members}
        conn.execute(
            "INSERT INTO statements (id, speaker_actor_id, speaker_name, text, earliest_date, first_doc_id, "
            "carriers, independent_sources, single_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sid, first.speaker or None, first.speaker_name, first.text, first.date, first.doc_id,
             len(documents), len(chains), int(len(chains) == 1)),
        )
        conn.executemany(
            "INSERT INTO statement_carriers (statement_id, doc_id, quote_id, outlet_id, source_chain, date, "
            "earliest) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(sid, q.doc_id, q.quote_id, q.outlet_id, q.chain, q.date, int(rank == 0))
             for rank, q in enumerate(members)],
        )
        counts["statements"] += 1
        counts["multi_carrier_statements"] += len(documents) > 1
        counts["single_source"] += len(chains) == 1
        if len(documents) > 1 and len(chains) == 1:
            finding(
                first.doc_id, sid, "single-source", "info",
                f"statement {_short(first.text)!r} is carried by {len(documents)} documents but every carrier "
                f"traces back to one source ({first.chain})",
            )
        dates = sorted({q.date for q in members if q.date})
        if len(dates) > 1:
            spread = _spread_days(dates)
            where = _listing(f"{q.date} in {q.path}" for q in members if q.date)
            finding(
                first.doc_id, sid, "conflicting-date", "warning" if spread > 1 else "info",
                f"statement {_short(first.text)!r} is dated differently by its carriers: {where}",
            )

    # the same words attributed to different known speakers (an outlet named as speaker is a
    # carrier, not a rival attribution)
    for _, members in _members(
        conn, "words_root",
        f"WHERE q.speaker != '' AND q.speaker NOT LIKE 'outlet:%' AND q.words >= {MIN_CONFLICT_WORDS}",
    ):
        speakers = {q.speaker for q in members}
        if len(speakers) < 2 or not _rival_documents(members):
            continue
        counts["conflicting_speakers"] += 1
        first = members[0]
        sid = conn.execute(
            "SELECT statement_id FROM statement_carriers WHERE doc_id = ? AND quote_id = ?",
            (first.doc_id, first.quote_id),
        ).fetchone()[0]
        who = _listing(f"{q.speaker_name or q.speaker} in {q.path}" for q in members)
        finding(
            first.doc_id, sid, "conflicting-speaker", "warning",
            f"the words {_short(first.text)!r} are attributed to different speakers: {who}",
        )
    conn.execute("DROP TABLE temp.resolution_quotes")
    conn.execute("DROP TABLE temp.resolution_roots")
    event_counts = _resolve_events(conn, canonical) if _has_table(conn, "corpus_events") else {}
    counts["corpus_findings"] += event_counts.pop("corpus_findings", 0)
    # per actor counts and co-occurrence, which the actor query reads
    for statement in ACTOR_STATS_FILL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    merged = sum(1 for actor_id, (target, _) in canonical.items() if actor_id != target)
    return {
        "actors": len(canonical),
        "actors_merged": merged,
        "quotes": n,
        "statements": counts["statements"],
        "multi_carrier_statements": counts["multi_carrier_statements"],
        "single_source": counts["single_source"],
        "conflicting_speakers": counts["conflicting_speakers"],
        "corpus_findings": counts["corpus_findings"],
        **event_counts,
    }


# ------------------------------------------------------------------------------- events


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


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
                    _source_chain(outlet, row[22], row[0]), row[21], row[23], row[17], row[18], row[19], row[20],
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


def _resolve_events(conn: sqlite3.Connection, canonical: dict[str, tuple[str, str | None]]) -> dict[str, int]:
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
