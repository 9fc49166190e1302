"""Provenance chains of a document's quotes, citations and events: the carrying citation, its
relays, the outlet, and the carriers of the same statement or event in other documents."""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import quote

from tabayyun.web.data.common import doc_label

__all__ = ["citation_chain", "event_chain", "other_carriers", "quote_chain"]


def _quote_title(q: dict[str, Any]) -> str:
    return q["speaker"] or "unknown speaker"


def _step(kind: str, label: str, detail: str = "", href: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "label": label, "detail": detail, "href": href}


def _relay_steps(
    citation: dict[str, Any] | None,
    by_id: dict[str, dict[str, Any]],
    first_label: str = "carried by ",
) -> list[dict[str, Any]]:
    """The carrying citation, then each citation relaying it (the ``via`` chain outwards)."""
    steps: list[dict[str, Any]] = []
    seen: set[str] = set()
    first = True
    while citation is not None and citation["id"] not in seen:
        seen.add(citation["id"])
        when = citation["effective_date"] or citation["date"] or "undated"
        owned = {1: ", state-owned", 0: ""}.get(citation.get("state_owned"), ", ownership unclear")
        steps.append(
            _step(
                "citation" if first else "relay",
                (first_label if first else "relayed by ") + citation["outlet"],
                f"{when}{owned}; “{citation['outlet_surface']}” at {citation['start']}–{citation['end']}",
                f"#c-{citation['id']}",
            )
        )
        first = False
        citation = by_id.get(citation["via"]) if citation["via"] else None
    return steps


def quote_chain(
    q: dict[str, Any], by_id: dict[str, dict[str, Any]], others: list[dict[str, Any]]
) -> list[dict]:
    steps = [
        _step(
            "quote",
            f"quote by {_quote_title(q)}",
            f"{q['date'] or 'undated'}; {q['kind']}, cue “{q['cue'] or ''}”",
            f"#q-{q['id']}",
        )
    ]
    cited = by_id.get(q["citation_id"] or "")
    if cited:
        steps += _relay_steps(cited, by_id)
    else:
        steps.append(_step("citation", "no outlet cited", "the document's own report"))
    if q["statement_id"]:
        steps.append(
            _step(
                "statement",
                "statement",
                f"{q['carriers']} carrier(s), {q['independent_sources']} independent source(s)"
                + (" — single source" if q["single_source"] else ""),
                f"/statements/{q['statement_id']}",
            )
        )
        for other in others:
            steps.append(
                _step(
                    "carrier",
                    f"also carried by {other['outlet'] or 'the document itself'}",
                    f"{other['date'] or 'undated'}, {other['label']}",
                    f"/documents/{other['doc_id']}#q-{other['item_id']}",
                )
            )
    return steps


def citation_chain(c: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[dict]:
    steps = _relay_steps(c, by_id, "cited: ")
    steps.append(
        _step(
            "outlet",
            f"outlet {c['outlet']}",
            c["chain"],
            f"/documents?outlet={quote(c['outlet_id'])}",
        )
    )
    return steps


def event_chain(
    e: dict[str, Any], by_id: dict[str, dict[str, Any]], others: list[dict[str, Any]]
) -> list[dict]:
    status = e["status"] or ("negated" if e["negated"] else e["modality"])
    who = " → ".join(x for x in (e["source"], e["target"]) if x)
    steps = [
        _step(
            "event",
            f"event {e['type']} ({status})",
            f"{e['date'] or 'undated'}; {who}".rstrip("; "),
            f"#e-{e['id']}",
        )
    ]
    cited = by_id.get(e["citation"] or "")
    steps += (
        _relay_steps(cited, by_id)
        if cited
        else [_step("citation", "no outlet cited", "the document's own report")]
    )
    if e["corpus_event_id"]:
        steps.append(
            _step(
                "corpus-event",
                "corpus event",
                f"{e['carriers']} document(s), {e['independent_sources']} independent source(s)",
                f"/events/{e['corpus_event_id']}",
            )
        )
        for other in others:
            steps.append(
                _step(
                    "carrier",
                    f"also reported by {other['outlet'] or 'the document itself'}",
                    f"{other['date'] or 'undated'}, {other['label']}",
                    f"/documents/{other['doc_id']}#e-{other['item_id']}",
                )
            )
    return steps


# (carrier table, its item-id column, the column naming the corpus item) per kind of item
_CARRIER_TABLES = {
    "statement": ("statement_carriers", "quote_id", "statement_id"),
    "event": ("event_carriers", "event_id", "corpus_event_id"),
}


def other_carriers(
    conn: sqlite3.Connection, kind: str, doc_id: str, ids: list[str], per: int = 10
) -> dict:
    """Up to ``per`` carriers in other documents of each statement or corpus event in ``ids``."""
    table, item, key = _CARRIER_TABLES[kind]
    found: dict[str, list[dict[str, Any]]] = {}
    for value in dict.fromkeys(ids):
        found[value] = [
            {
                "doc_id": r["doc_id"],
                "item_id": r[item],
                "outlet": r["outlet"],
                "date": r["date"],
                "label": doc_label(r),
            }
            for r in conn.execute(
                f"SELECT x.doc_id, x.{item}, x.date, o.name AS outlet, d.title, d.source_path "
                f"FROM {table} x JOIN documents d ON d.id = x.doc_id "
                f"LEFT JOIN outlets o ON o.id = x.outlet_id WHERE x.{key} = ? AND x.doc_id != ? LIMIT ?",
                (value, doc_id, per),
            )
        ]
    return found
