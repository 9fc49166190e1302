"""The timeline page: corpus events and statements in date order, each read by a bounded index
walk, and the PLOVER event types of its filter."""

from __future__ import annotations

import sqlite3
from typing import Any

from tabayyun.knowledge import KnowledgeBase
from tabayyun.settings import SETTINGS
from tabayyun.store.queries import (
    actor_ids_for,
    date_between,
    find_outlet_ids,
    find_place_names,
    placeholders,
)
from tabayyun.web.data.common import actor_names

__all__ = ["PLOVER_TYPES", "event_types", "timeline"]


def timeline(
    conn: sqlite3.Connection,
    *,
    place: str | None = None,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 - a PLOVER type, or "statement"
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> dict[str, Any]:
    """Corpus events and statements in date order, with corroboration (independent sources).

    Events walk ``corpus_events_date`` (or the type/actor indexes), statements walk their
    carrying quotes by ``quotes_date`` (or ``quotes_speaker``) and keep each statement at its
    earliest carrier; both stop after ``offset + limit`` rows and are merged by date."""
    wanted = limit + offset + 1
    actor_ids: list[str] = []
    if actor:
        actor_ids = actor_ids_for(conn, actor, KnowledgeBase.load())
        if not actor_ids:
            return {
                "items": [],
                "limit": limit,
                "offset": offset,
                "more": False,
                "note": f"no actor matches {actor!r}",
            }
    names = find_place_names(conn, place) if place else []
    if place and not names:
        names = [place]
    outlets = find_outlet_ids(conn, outlet) if outlet else []
    items: list[dict[str, Any]] = []
    cut = False
    if type != "statement":
        found, cut_events = _timeline_events(
            conn, actor_ids, names, type, outlets, date_from, date_to, wanted
        )
        items += found
        cut = cut or cut_events
    if not type or type == "statement":
        found, cut_statements = _timeline_statements(
            conn, actor_ids, names, outlets, date_from, date_to, wanted
        )
        items += found
        cut = cut or cut_statements
    items.sort(key=lambda i: (i["date"] or "9999", i["kind"], i["id"]))
    page = items[offset : offset + limit]
    who = actor_names(
        conn,
        [
            v
            for i in page
            for v in (i.get("source_actor"), i.get("target_actor"), i.get("speaker_id"))
        ],
    )
    for item in page:
        if item["kind"] == "event":
            item["source"] = (who.get(item["source_actor"] or "") or {}).get("name") or item[
                "source_name"
            ]
            item["target"] = (who.get(item["target_actor"] or "") or {}).get("name") or item[
                "target_name"
            ]
        item["single_source"] = item["independent_sources"] <= 1
    note = (
        f"The place and outlet filters looked at the first {SCAN:,} events and quotes of the date range: "
        "narrow the dates to see further."
        if cut
        else None
    )
    return {
        "items": page,
        "limit": limit,
        "offset": offset,
        "more": len(items) > offset + limit,
        "note": note,
    }


SCAN = SETTINGS.web.timeline_scan


def _timeline_events(
    conn: sqlite3.Connection,
    actor_ids: list[str],
    places: list[str],
    type_: str | None,
    outlets: list[str],
    date_from: str | None,
    date_to: str | None,
    wanted: int,
) -> tuple[list[dict[str, Any]], bool]:
    """Corpus events in date order: an index walk (date, type, or actor) of at most SCAN rows,
    then the place and outlet filters, which no index serves. Returns (items, walk cut short)."""
    inner_where = ["e.date IS NOT NULL"]
    params: list[Any] = []
    date_between(inner_where, params, "e.date", date_from, date_to)
    if type_:
        inner_where.append("e.type = ?")
        params.append(type_.upper())
    outer_where = ["1"]
    outer_params: list[Any] = []
    if places:
        outer_where.append(f"w.place_name IN ({placeholders(places)})")
        outer_params += places
    if outlets:
        outer_where.append(
            f"EXISTS (SELECT 1 FROM event_carriers ec WHERE ec.corpus_event_id = w.id AND ec.outlet_id IN ({placeholders(outlets)}))"
        )
        outer_params += outlets
    columns = (
        "e.id, e.type, e.mode, e.date, e.source_actor, e.target_actor, e.source_name, e.target_name, "
        "e.place_name, e.status, e.happened, e.carriers, e.independent_sources, e.sentence, e.first_doc_id"
    )
    sql = (
        f"SELECT * FROM (SELECT {columns} FROM corpus_events e WHERE {{inner}} ORDER BY e.date LIMIT {SCAN}) w "
        f"WHERE {' AND '.join(outer_where)} LIMIT ?"
    )
    rows: dict[str, sqlite3.Row] = {}
    walks = (
        [("", [])]
        if not actor_ids
        else [
            (f" AND e.{column} = ?", [actor_id])
            for column in ("source_actor", "target_actor")
            for actor_id in actor_ids[:20]
        ]
    )
    cut = False
    for extra, extra_params in walks:
        found = conn.execute(
            sql.format(inner=" AND ".join(inner_where) + extra),
            [*params, *extra_params, *outer_params, wanted],
        ).fetchall()
        rows.update((r["id"], r) for r in found)
        if len(found) < wanted and len(outer_where) > 1:
            walked = conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM corpus_events e WHERE {' AND '.join(inner_where) + extra} "
                f"LIMIT {SCAN})",
                [*params, *extra_params],
            ).fetchone()[0]
            cut = cut or walked >= SCAN
    items = [
        {
            "kind": "event",
            "id": r["id"],
            "date": r["date"],
            "type": r["type"],
            "mode": r["mode"],
            "source_actor": r["source_actor"],
            "target_actor": r["target_actor"],
            "source_name": r["source_name"],
            "target_name": r["target_name"],
            "place": r["place_name"],
            "status": r["status"],
            "happened": bool(r["happened"]),
            "carriers": r["carriers"],
            "independent_sources": r["independent_sources"],
            "text": r["sentence"],
            "doc_id": r["first_doc_id"],
            "href": f"/events/{r['id']}",
        }
        for r in rows.values()
    ]
    return items, cut


def _timeline_statements(
    conn: sqlite3.Connection,
    actor_ids: list[str],
    places: list[str],
    outlets: list[str],
    date_from: str | None,
    date_to: str | None,
    wanted: int,
) -> tuple[list[dict[str, Any]], bool]:
    """Statements in the order their carrying quotes are dated: a walk of at most SCAN quotes by
    ``quotes_date`` (or ``quotes_speaker``), each statement kept at its first quote in the walk
    (its earliest carrier in the range). Returns (items, walk cut short)."""
    inner_where = ["q.date IS NOT NULL"]
    params: list[Any] = []
    date_between(inner_where, params, "q.date", date_from, date_to)
    outer_where = ["d.current = 1"]
    outer_params: list[Any] = []
    if outlets:
        outer_where.append(f"w.outlet_id IN ({placeholders(outlets)})")
        outer_params += outlets
    if places:
        outer_where.append(
            "EXISTS (SELECT 1 FROM claims c JOIN places p ON p.doc_id = c.doc_id AND p.start >= c.start "
            "AND p.start < c.\"end\" WHERE c.doc_id = w.doc_id AND c.idx = w.sentence AND p.role = 'place' "
            f"AND +p.name IN ({placeholders(places)}))"
        )
        outer_params += places
    sql = (
        "SELECT st.id, st.text, st.speaker_actor_id, st.speaker_name, st.carriers, st.independent_sources, "
        "w.date, w.doc_id, w.id AS quote_id, o.name AS outlet FROM ("
        f"  SELECT q.doc_id, q.id, q.date, q.sentence, q.outlet_id FROM quotes q WHERE {{inner}} "
        f"  ORDER BY q.date LIMIT {SCAN}) w "
        "JOIN statement_carriers sc ON sc.doc_id = w.doc_id AND sc.quote_id = w.id "
        "JOIN statements st ON st.id = sc.statement_id JOIN documents d ON d.id = w.doc_id "
        f"LEFT JOIN outlets o ON o.id = w.outlet_id WHERE {' AND '.join(outer_where)} ORDER BY w.date"
    )
    walks = (
        [("", [])]
        if not actor_ids
        else [(" AND q.speaker_actor_id = ?", [a]) for a in actor_ids[:20]]
    )
    rows: dict[str, sqlite3.Row] = {}
    cut = False
    for extra, extra_params in walks:
        seen: dict[str, sqlite3.Row] = {}
        walked = 0
        for r in conn.execute(
            sql.format(inner=" AND ".join(inner_where) + extra),
            [*params, *extra_params, *outer_params],
        ):
            walked += 1
            if r["id"] not in seen:
                seen[r["id"]] = r
                if len(seen) >= wanted:
                    break
        if len(seen) < wanted:
            total = conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM quotes q WHERE {' AND '.join(inner_where) + extra} LIMIT {SCAN})",
                [*params, *extra_params],
            ).fetchone()[0]
            cut = cut or total >= SCAN
        for key, r in seen.items():
            if key not in rows or r["date"] < rows[key]["date"]:
                rows[key] = r
    items = [
        {
            "kind": "statement",
            "id": r["id"],
            "date": r["date"],
            "type": "STATEMENT",
            "speaker_id": r["speaker_actor_id"],
            "speaker": r["speaker_name"],
            "status": "said",
            "happened": True,
            "carriers": r["carriers"],
            "independent_sources": r["independent_sources"],
            "text": r["text"],
            "doc_id": r["doc_id"],
            "quote_id": r["quote_id"],
            "outlet": r["outlet"],
            "href": f"/statements/{r['id']}",
        }
        for r in rows.values()
    ]
    return items, cut


# tabayyun.extract.events.PLOVER_TYPES, repeated here because importing that module loads spaCy
# (a second at startup); tests/test_web_api.py checks that the two stay equal.
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


def event_types() -> list[str]:
    return list(PLOVER_TYPES)
