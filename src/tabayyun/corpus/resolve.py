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

import sqlite3

from tabayyun.corpus.actor_stats import fill_actor_stats
from tabayyun.corpus.actors import record_merges, resolve_actors
from tabayyun.corpus.events import resolve_events
from tabayyun.corpus.statements import resolve_statements
from tabayyun.knowledge import KnowledgeBase

__all__ = ["resolve_corpus"]


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
    canonical = resolve_actors(conn, kb)
    record_merges(conn, canonical)
    n, counts = resolve_statements(conn, canonical)
    event_counts = resolve_events(conn, canonical) if _has_table(conn, "corpus_events") else {}
    counts["corpus_findings"] += event_counts.pop("corpus_findings", 0)
    # per actor counts and co-occurrence, which the actor query reads
    fill_actor_stats(conn)
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


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None
