"""The document page: one document with every extracted item (citations, quotes, mentions,
dates, places, events, findings, sentences) and the provenance chains of its items."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from tabayyun.web.data.common import NotFound, actor_names
from tabayyun.web.data.documents import DOC_COLUMNS, doc_dict
from tabayyun.web.data.provenance import citation_chain, event_chain, other_carriers, quote_chain

__all__ = ["document_detail"]

# the items of one document, each ``WHERE doc_id = ? ... LIMIT ?``
CITATIONS_SQL = (
    "SELECT c.id, c.outlet, c.outlet_surface, c.outlet_id, c.date, c.effective_date, c.date_surface, c.start, "
    'c."end", c.kind, c.via, c.relayed_by, c.chain, o.state_owned, o.country '
    "FROM citations c LEFT JOIN outlets o ON o.id = c.outlet_id WHERE c.doc_id = ? ORDER BY c.start LIMIT ?"
)
QUOTES_SQL = (
    'SELECT q.id, q.text, q.start, q."end", q.kind, q.speaker_name, q.speaker_surface, q.speaker_actor_id, '
    "q.speaker_kind, q.cue, q.citation_id, q.outlet_id, q.date, q.sentence, "
    "sc.statement_id, st.carriers, st.independent_sources, st.single_source "
    "FROM quotes q LEFT JOIN statement_carriers sc ON sc.doc_id = q.doc_id AND sc.quote_id = q.id "
    "LEFT JOIN statements st ON st.id = sc.statement_id WHERE q.doc_id = ? ORDER BY q.start LIMIT ?"
)
MENTIONS_SQL = (
    'SELECT actor_id, start, "end", surface, sentence FROM mentions WHERE doc_id = ? ORDER BY start LIMIT ?'
)
DATES_SQL = (
    'SELECT start, "end", surface, value, day, precision, calendar FROM dates WHERE doc_id = ? '
    "ORDER BY start LIMIT ?"
)
PLACES_SQL = (
    'SELECT start, "end", surface, name, country, admin1, latitude, longitude, feature, precision, role '
    "FROM places WHERE doc_id = ? ORDER BY start LIMIT ?"
)
EVENTS_SQL = (
    "SELECT e.id, e.type, e.mode, e.source_actor, e.target_actor, e.source_name, e.target_name, e.date, "
    'e.place_name, e.start, e."end", e.sentence_start, e.sentence_end, e.citation, e.negated, e.modality, '
    "e.is_main, ec.corpus_event_id, ce.status, ce.carriers, ce.independent_sources "
    "FROM events e LEFT JOIN event_carriers ec ON ec.doc_id = e.doc_id AND ec.event_id = e.id "
    "LEFT JOIN corpus_events ce ON ce.id = ec.corpus_event_id WHERE e.doc_id = ? ORDER BY e.start LIMIT ?"
)
FINDINGS_SQL = (
    'SELECT rowid AS id, kind, severity, start, "end", message, suggestion FROM findings '
    "WHERE doc_id = ? ORDER BY start LIMIT ?"
)
CLAIMS_SQL = (
    'SELECT idx, start, "end", kind, date, date_basis FROM claims WHERE doc_id = ? ORDER BY idx LIMIT ?'
)


def document_detail(
    conn: sqlite3.Connection, doc_id: str, *, item_limit: int = 5000
) -> dict[str, Any]:
    """One document with every extracted item and the provenance of its quotes, citations and
    events. Raises NotFound."""
    doc, text = _document(conn, doc_id)
    lim = (doc_id, item_limit)

    citations = _rows(conn, CITATIONS_SQL, lim)
    by_citation = {c["id"]: c for c in citations}
    quotes = _rows(conn, QUOTES_SQL, lim)
    mentions = _rows(conn, MENTIONS_SQL, lim)
    actors = actor_names(
        conn, [m["actor_id"] for m in mentions] + [q["speaker_actor_id"] for q in quotes]
    )
    _name_speakers(quotes, actors)
    dates = _rows(conn, DATES_SQL, lim)
    places = _rows(conn, PLACES_SQL, lim)
    events = _rows(conn, EVENTS_SQL, lim)
    findings = _rows(conn, FINDINGS_SQL, lim)
    claims = _rows(conn, CLAIMS_SQL, lim)
    _add_excerpts(findings, text)
    _add_chains(conn, doc_id, citations, quotes, events, by_citation, actors)
    share = defaultdict(int)
    for c in claims:
        share[c["kind"]] += 1
    return {
        "document": doc,
        "text": text,
        "citations": citations,
        "quotes": quotes,
        "mentions": mentions,
        "actor_names": {k: v["name"] for k, v in actors.items()},
        "actors": _actors_by_mentions(conn, mentions, actors),
        "dates": dates,
        "places": places,
        "events": events,
        "findings": findings,
        "sentences": _sentences(claims),
        "claim_counts": dict(share),
    }


def _document(conn: sqlite3.Connection, doc_id: str) -> tuple[dict[str, Any], str]:
    """The document's row (with its home area) and its text. Raises NotFound."""
    row = conn.execute(
        f"SELECT {DOC_COLUMNS}, d.text, d.current, d.main_event FROM documents d WHERE d.id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no document with id {doc_id!r}")
    doc = doc_dict(row)
    doc["current"] = bool(row["current"])
    doc["main_event"] = row["main_event"]
    home = conn.execute(
        "SELECT name, country, admin1, latitude, longitude, source FROM home_areas WHERE doc_id = ?", (doc_id,)
    ).fetchone()
    doc["home_area"] = dict(home) if home is not None else None
    text: str = row["text"]
    return doc, text


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[str, int]) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, params)]


def _name_speakers(quotes: list[dict[str, Any]], actors: dict[str, dict[str, Any]]) -> None:
    """Each quote's speaker: the resolved actor's name, else the name or surface as written."""
    for q in quotes:
        known = actors.get(q["speaker_actor_id"] or "")
        q["speaker"] = known["name"] if known else (q["speaker_name"] or q["speaker_surface"])
        q["speaker_canonical"] = known["canonical"] if known else None


def _add_excerpts(findings: list[dict[str, Any]], text: str) -> None:
    for f in findings:
        f["excerpt"] = (
            text[f["start"] : f["end"]] if f["start"] is not None and f["end"] is not None else None
        )


def _add_chains(
    conn: sqlite3.Connection,
    doc_id: str,
    citations: list[dict[str, Any]],
    quotes: list[dict[str, Any]],
    events: list[dict[str, Any]],
    by_citation: dict[str, dict[str, Any]],
    actors: dict[str, dict[str, Any]],
) -> None:
    """The provenance chain of every quote, citation and event, with the other carriers of this
    document's statements and events (bounded per item); events also get their actors' names."""
    others = other_carriers(
        conn, "statement", doc_id, [q["statement_id"] for q in quotes if q["statement_id"]]
    )
    event_others = other_carriers(
        conn, "event", doc_id, [e["corpus_event_id"] for e in events if e["corpus_event_id"]]
    )
    for q in quotes:
        q["chain"] = quote_chain(q, by_citation, others.get(q["statement_id"] or "", []))
    for c in citations:
        c["chain_steps"] = citation_chain(c, by_citation)
    for e in events:
        e["source"] = (actors.get(e["source_actor"] or "") or {}).get("name") or e["source_name"]
        e["target"] = (actors.get(e["target_actor"] or "") or {}).get("name") or e["target_name"]
        e["chain"] = event_chain(e, by_citation, event_others.get(e["corpus_event_id"] or "", []))


def _actors_by_mentions(
    conn: sqlite3.Connection, mentions: list[dict[str, Any]], actors: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Actors named in the document (canonical ids), most mentioned first."""
    counts: dict[str, int] = defaultdict(int)
    for m in mentions:
        canonical = (actors.get(m["actor_id"]) or {}).get("canonical", m["actor_id"])
        counts[canonical] += 1
    names = actor_names(conn, counts)
    return sorted(
        (
            {
                "id": a,
                "name": (names.get(a) or {}).get("name", a),
                "type": (names.get(a) or {}).get("type"),
                "mentions": n,
            }
            for a, n in counts.items()
        ),
        key=lambda a: (-a["mentions"], a["name"]),
    )


def _sentences(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "idx": c["idx"],
            "start": c["start"],
            "end": c["end"],
            "kind": c["kind"],
            "date": c["date"],
        }
        for c in claims
    ]
