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
* **Corpus findings.** ``single-source`` (a statement carried several times that traces back
  to one source), ``conflicting-speaker`` (the same words attributed to different
  speakers), ``conflicting-date`` (one statement given different dates by its carriers).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from rapidfuzz import fuzz

from tabayyun.knowledge import KnowledgeBase, fold, strip_article

__all__ = ["normalise_name", "normalise_statement", "resolve_corpus"]

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
        self.parent = list(range(n))

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


@dataclass(slots=True)
class _Quote:
    doc_id: str
    quote_id: str
    text: str
    key: str
    speaker: str  # canonical actor id, "" when unknown
    speaker_name: str | None
    date: str | None
    published: str | None
    outlet_id: str | None
    chain: str
    path: str


def _source_chain(outlet_id: str | None, url: str | None, doc_id: str) -> str:
    if outlet_id:
        return outlet_id
    host = urlparse(url).netloc.lower().removeprefix("www.") if url else ""
    return f"site:{host}" if host else f"doc:{doc_id[:16]}"


def _load_quotes(conn: sqlite3.Connection, canonical: dict[str, tuple[str, str | None]]) -> list[_Quote]:
    rows = conn.execute(
        "SELECT q.doc_id, q.id, q.text, q.speaker_actor_id, q.speaker_name, q.date, q.outlet_id, "
        "c.chain, d.published, d.url, d.source_path FROM quotes q JOIN documents d ON d.id = q.doc_id "
        "LEFT JOIN citations c ON c.doc_id = q.doc_id AND c.id = q.citation_id WHERE d.current = 1"
    )
    quotes = []
    for row in rows:
        speaker = canonical.get(row["speaker_actor_id"], (row["speaker_actor_id"], None))[0] or ""
        quotes.append(
            _Quote(
                doc_id=row["doc_id"],
                quote_id=row["id"],
                text=row["text"],
                key=normalise_statement(row["text"]),
                speaker=speaker,
                speaker_name=row["speaker_name"],
                date=row["date"],
                published=row["published"],
                outlet_id=row["outlet_id"],
                chain=_source_chain(row["outlet_id"], row["url"], row["doc_id"]),
                path=row["source_path"],
            )
        )
    return quotes


def _text_close(keys: Sequence[str]) -> Callable[[int, int], float | None]:
    def close(i: int, j: int) -> float | None:
        a, b = keys[i], keys[j]
        if min(len(a), len(b)) < MIN_FUZZY_STATEMENT:
            return None
        score = fuzz.ratio(a, b)
        return score if score >= STATEMENT_RATIO else None

    return close


def _order(q: _Quote) -> tuple[str, str, str, str]:
    return (q.date or "9999", q.published or "9999", q.doc_id, q.quote_id)


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


def _rival_documents(quotes: Sequence[_Quote], members: Sequence[int]) -> bool:
    """Two different documents give the words two different speakers (overlapping quotes
    inside one document are the extractor's nesting, not a conflict between sources)."""
    speakers_by_doc: dict[str, set[str]] = defaultdict(set)
    for i in members:
        speakers_by_doc[quotes[i].doc_id].add(quotes[i].speaker)
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
    quotes = _load_quotes(conn, canonical)
    keys = [q.key for q in quotes]
    # a few words ("according to Reuters") are too little to call two quotes one statement
    short = [len(key.split()) < MIN_STATEMENT_WORDS for key in keys]
    uf = _cluster(keys, _text_close(keys), block=lambda i: (quotes[i].speaker, i if short[i] else -1))
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quotes)):
        clusters[uf.find(i)].append(i)

    conn.execute("DELETE FROM statement_carriers")
    conn.execute("DELETE FROM statements")
    conn.execute("DELETE FROM findings WHERE level = 'corpus'")
    findings: list[tuple[str | None, str, str, str, str]] = []
    statement_of: dict[int, str] = {}
    used_ids: set[str] = set()
    statement_rows = []
    carrier_rows = []
    for members in clusters.values():
        members.sort(key=lambda i: _order(quotes[i]))
        first = quotes[members[0]]
        sid = _statement_id(first.speaker, first.key)
        if sid in used_ids:  # short quotes are kept apart even when their words are equal
            sid = _statement_id(first.speaker, f"{first.key}\x00{first.doc_id}\x00{first.quote_id}")
        used_ids.add(sid)
        chains = {quotes[i].chain for i in members}
        documents = {quotes[i].doc_id for i in members}
        statement_rows.append(
            (
                sid, first.speaker or None, first.speaker_name, first.text, first.date, first.doc_id,
                len(documents), len(chains), int(len(chains) == 1),
            )
        )
        for rank, i in enumerate(members):
            q = quotes[i]
            statement_of[i] = sid
            carrier_rows.append((sid, q.doc_id, q.quote_id, q.outlet_id, q.chain, q.date, int(rank == 0)))
        if len(documents) > 1 and len(chains) == 1:
            findings.append(
                (
                    first.doc_id, sid, "single-source", "info",
                    f"statement {_short(first.text)!r} is carried by {len(documents)} documents but every carrier "
                    f"traces back to one source ({first.chain})",
                )
            )
        dates = sorted({quotes[i].date for i in members if quotes[i].date})
        if len(dates) > 1:
            spread = _spread_days(dates)
            where = _listing(f"{quotes[i].date} in {quotes[i].path}" for i in members if quotes[i].date)
            findings.append(
                (
                    first.doc_id, sid, "conflicting-date", "warning" if spread > 1 else "info",
                    f"statement {_short(first.text)!r} is dated differently by its carriers: {where}",
                )
            )
    conn.executemany(
        "INSERT INTO statements (id, speaker_actor_id, speaker_name, text, earliest_date, first_doc_id, "
        "carriers, independent_sources, single_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement_rows,
    )
    conn.executemany(
        "INSERT INTO statement_carriers (statement_id, doc_id, quote_id, outlet_id, source_chain, date, earliest) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        carrier_rows,
    )

    # the same words attributed to different known speakers
    uf_words = _cluster(keys, _text_close(keys), block=lambda i: 0)
    by_words: dict[int, list[int]] = defaultdict(list)
    for i, q in enumerate(quotes):
        # an outlet named as speaker is a carrier, not a rival attribution
        if q.speaker and not q.speaker.startswith("outlet:") and len(q.key.split()) >= MIN_CONFLICT_WORDS:
            by_words[uf_words.find(i)].append(i)
    conflicts = 0
    for members in by_words.values():
        speakers = {quotes[i].speaker for i in members}
        if len(speakers) < 2 or not _rival_documents(quotes, members):
            continue
        conflicts += 1
        members.sort(key=lambda i: _order(quotes[i]))
        first = quotes[members[0]]
        who = _listing(f"{quotes[i].speaker_name or quotes[i].speaker} in {quotes[i].path}" for i in members)
        findings.append(
            (
                first.doc_id, statement_of[members[0]], "conflicting-speaker", "warning",
                f"the words {_short(first.text)!r} are attributed to different speakers: {who}",
            )
        )
    conn.executemany(
        "INSERT INTO findings (level, doc_id, statement_id, kind, severity, message) "
        "VALUES ('corpus', ?, ?, ?, ?, ?)",
        findings,
    )
    merged = sum(1 for actor_id, (target, _) in canonical.items() if actor_id != target)
    return {
        "actors": len(canonical),
        "actors_merged": merged,
        "quotes": len(quotes),
        "statements": len(statement_rows),
        "multi_carrier_statements": sum(1 for row in statement_rows if row[6] > 1),
        "single_source": sum(1 for row in statement_rows if row[8]),
        "conflicting_speakers": conflicts,
        "corpus_findings": len(findings),
    }
