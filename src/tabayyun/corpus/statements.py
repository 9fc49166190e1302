"""Statements: quotes of one speaker with the same words, clustered across documents, with
their carriers and the corpus findings about them (single source, conflicting speaker or date)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from tabayyun.corpus.clustering import UnionFind, window_unions
from tabayyun.corpus.normalise import normalise_statement, source_chain
from tabayyun.settings import SETTINGS

__all__ = ["resolve_statements"]



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
                   source_chain(row[6], row[8], row[0]), row[9], len(key.split()))

    conn.executemany(
        "INSERT INTO temp.resolution_quotes (doc_id, quote_id, text, key, rkey, speaker, speaker_name, date, "
        "published, outlet_id, chain, path, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        staged(),
    )
    return int(conn.execute("SELECT count(*) FROM temp.resolution_quotes").fetchone()[0])


def _members(conn: sqlite3.Connection, root: str, where: str = "") -> Iterable[tuple[int, list[_Quote]]]:
    """Clusters (root, carriers earliest first), in order of their first quote."""
    rows = conn.execute(
        f"SELECT r.{root}, {_MEMBER} FROM temp.resolution_roots r JOIN temp.resolution_quotes q ON q.i = r.i "
        f"{where} ORDER BY r.{root}, {_ORDER}"
    )
    for cluster, group in itertools.groupby(rows, key=lambda row: row[0]):
        yield cluster, [_Quote(*row[1:]) for row in group]


def _text_close(a: str, b: str) -> float | None:
    if min(len(a), len(b)) < SETTINGS.corpus.min_fuzzy_statement_chars:
        return None
    score = fuzz.ratio(a, b)
    return score if score >= SETTINGS.corpus.statement_ratio else None


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


def resolve_statements(
    conn: sqlite3.Connection, canonical: dict[str, tuple[str, str | None]]
) -> tuple[int, dict[str, int]]:
    """Recompute ``statements``, ``statement_carriers`` and the corpus findings about them;
    returns the number of quotes and the counts."""
    n = _stage_quotes(conn, canonical)
    _cluster_quotes(conn, n)
    conn.execute("DELETE FROM statement_carriers")
    conn.execute("DELETE FROM statements")
    conn.execute("DELETE FROM findings WHERE level = 'corpus'")
    counts = {"statements": 0, "multi_carrier_statements": 0, "single_source": 0, "conflicting_speakers": 0,
              "corpus_findings": 0}
    _write_statements(conn, counts)
    _find_conflicting_speakers(conn, counts)
    conn.execute("DROP TABLE temp.resolution_quotes")
    conn.execute("DROP TABLE temp.resolution_roots")
    return n, counts


def _cluster_quotes(conn: sqlite3.Connection, n: int) -> None:
    """Fill ``temp.resolution_roots``: each staged quote's statement and its same-words cluster."""
    # statements: quotes of the same speaker; a few words ("according to Reuters") are too
    # little to call two quotes one statement, so short quotes stay alone
    uf = UnionFind(n + 1)
    for column in ("key", "rkey"):
        window_unions(
            conn, uf,
            f"SELECT i, speaker, {column} FROM temp.resolution_quotes WHERE words >= {SETTINGS.corpus.min_statement_words} "
            f"ORDER BY speaker, {column}, i",
            _text_close,
        )
    # the same words whoever said them
    uf_words = UnionFind(n + 1)
    for column in ("key", "rkey"):
        window_unions(
            conn, uf_words, f"SELECT i, 0, {column} FROM temp.resolution_quotes ORDER BY {column}, i", _text_close
        )
    conn.execute(_ROOTS)
    conn.executemany(
        "INSERT INTO temp.resolution_roots (i, root, words_root) VALUES (?, ?, ?)",
        ((i, uf.find(i), uf_words.find(i)) for i in range(1, n + 1)),
    )
    del uf, uf_words


def _finding(
    conn: sqlite3.Connection, counts: dict[str, int], doc_id: str, sid: str, kind: str, severity: str, message: str
) -> None:
    conn.execute(
        "INSERT INTO findings (level, doc_id, statement_id, kind, severity, message) "
        "VALUES ('corpus', ?, ?, ?, ?, ?)",
        (doc_id, sid, kind, severity, message),
    )
    counts["corpus_findings"] += 1


def _write_statements(conn: sqlite3.Connection, counts: dict[str, int]) -> None:
    """One statement per cluster of ``root``, its carriers earliest first, and its findings."""
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
            _finding(
                conn, counts, first.doc_id, sid, "single-source", "info",
                f"statement {_short(first.text)!r} is carried by {len(documents)} documents but every carrier "
                f"traces back to one source ({first.chain})",
            )
        dates = sorted({q.date for q in members if q.date})
        if len(dates) > 1:
            spread = _spread_days(dates)
            where = _listing(f"{q.date} in {q.path}" for q in members if q.date)
            _finding(
                conn, counts, first.doc_id, sid, "conflicting-date", "warning" if spread > 1 else "info",
                f"statement {_short(first.text)!r} is dated differently by its carriers: {where}",
            )


def _find_conflicting_speakers(conn: sqlite3.Connection, counts: dict[str, int]) -> None:
    """The same words attributed to different known speakers (an outlet named as speaker is a
    carrier, not a rival attribution)."""
    for _, members in _members(
        conn, "words_root",
        f"WHERE q.speaker != '' AND q.speaker NOT LIKE 'outlet:%' AND q.words >= {SETTINGS.corpus.min_conflict_words}",
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
        _finding(
            conn, counts, first.doc_id, sid, "conflicting-speaker", "warning",
            f"the words {_short(first.text)!r} are attributed to different speakers: {who}",
        )
