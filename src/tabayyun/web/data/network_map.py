"""The network and map pages: actors linked by co-mentions and events, and geocoded places and
located corpus events."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any
from urllib.parse import quote

from tabayyun.store.queries import date_between
from tabayyun.web.data.common import actor_names

__all__ = ["map_points", "network"]


def network(
    conn: sqlite3.Connection,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    include_media: bool = False,
    max_nodes: int = 60,
    sample: int = 3000,
) -> dict[str, Any]:
    """Actors as nodes; edges weighted by shared sentences (co-mentions) and by events between
    them. Without a date range the co-mentions come from ``actor_cooccurrence`` for the most
    mentioned actors; with one, from the first ``sample`` sentences of the range (claims by date)."""
    weights: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"comentions": 0, "events": 0}
    )
    sampled = False
    top: list[str] = []
    if date_from or date_to:
        where, params = ["c.date IS NOT NULL"], []
        date_between(where, params, "c.date", date_from, date_to)
        claims = conn.execute(
            f"SELECT c.doc_id, c.idx FROM claims c WHERE {' AND '.join(where)} ORDER BY c.date LIMIT ?",
            [*params, sample + 1],
        ).fetchall()
        sampled = len(claims) > sample
        per_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
        for doc_id, idx in claims[:sample]:
            for (actor_id,) in conn.execute(
                "SELECT actor_id FROM mentions WHERE doc_id = ? AND sentence = ? LIMIT 50",
                (doc_id, idx),
            ):
                per_sentence[(doc_id, idx)].add(actor_id)
        canon = actor_names(conn, [a for s in per_sentence.values() for a in s])
        for actors in per_sentence.values():
            ids = sorted({canon[a]["canonical"] for a in actors if a in canon})
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    weights[(a, b)]["comentions"] += 1
    else:
        top = [
            r[0]
            for r in conn.execute(
                "SELECT s.actor_id FROM actor_stats s JOIN actors a ON a.id = s.actor_id "
                f"{'' if include_media else 'WHERE a.type != ' + repr('media')} "
                "ORDER BY s.mentions DESC LIMIT ?",
                (max_nodes,),
            )
        ]
        for actor_id in top:
            for other, n in conn.execute(
                "SELECT other_id, sentences FROM actor_cooccurrence WHERE actor_id = ? ORDER BY sentences DESC "
                "LIMIT 15",
                (actor_id,),
            ):
                a, b = sorted((actor_id, other))
                weights[(a, b)]["comentions"] = max(weights[(a, b)]["comentions"], n)
    # events between two actors: a bounded walk of the date index in a range, else of each top
    # actor's (source_actor, date) index
    event_rows: list[tuple[str, str]] = []
    if date_from or date_to:
        where, params = ["e.date IS NOT NULL"], []
        date_between(where, params, "e.date", date_from, date_to)
        event_rows = conn.execute(
            "SELECT source_actor, target_actor FROM (SELECT e.source_actor, e.target_actor, e.happened "
            f"FROM corpus_events e WHERE {' AND '.join(where)} ORDER BY e.date LIMIT ?) "
            "WHERE source_actor IS NOT NULL AND target_actor IS NOT NULL AND happened = 1",
            [*params, sample],
        ).fetchall()
    else:
        for actor_id in top:
            event_rows += conn.execute(
                "SELECT source_actor, target_actor FROM (SELECT source_actor, target_actor, happened "
                "FROM corpus_events WHERE source_actor = ? LIMIT 300) "
                "WHERE target_actor IS NOT NULL AND happened = 1",
                (actor_id,),
            ).fetchall()
    for source, target in event_rows:
        if source != target:
            a, b = sorted((source, target))
            weights[(a, b)]["events"] += 1
    info = actor_names(conn, [x for pair in weights for x in pair] + top)
    degree: dict[str, int] = defaultdict(int)
    for (a, b), w in weights.items():
        if not include_media and (
            (info.get(a) or {}).get("type") == "media" or (info.get(b) or {}).get("type") == "media"
        ):
            continue
        total = w["comentions"] + w["events"]
        degree[a] += total
        degree[b] += total
    for actor_id in top:  # the most mentioned actors are shown even without a link
        degree.setdefault(actor_id, 0)
    keep = set(sorted(degree, key=lambda x: (-degree[x], x))[:max_nodes])
    nodes = [
        {
            "id": a,
            "name": (info.get(a) or {}).get("name", a),
            "type": (info.get(a) or {}).get("type"),
            "weight": degree[a],
            "href": f"/actors/{a}",
        }
        for a in sorted(keep, key=lambda x: (-degree[x], x))
    ]
    edges = [
        {"source": a, "target": b, "weight": w["comentions"] + w["events"], **w}
        for (a, b), w in sorted(weights.items())
        if a in keep and b in keep
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "sampled": sampled,
        "date_from": date_from,
        "date_to": date_to,
    }


def map_points(
    conn: sqlite3.Connection,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    sample: int = 20000,
    limit: int = 500,
) -> dict[str, Any]:
    """Geocoded places (from the first ``sample`` rows of the ``places_map`` index, aggregated by
    place) and located corpus events in the date range."""
    where, params = [], []
    date_between(where, params, "d.published", date_from, date_to)
    rows = conn.execute(
        "SELECT p.name, p.country, p.latitude, p.longitude, p.feature, p.precision, count(*) AS mentions, "
        "count(DISTINCT p.doc_id) AS documents, min(p.doc_id) AS doc_id FROM ("
        "  SELECT doc_id, name, country, latitude, longitude, feature, precision FROM places "
        "  WHERE role = 'place' AND latitude IS NOT NULL LIMIT ?) p "
        f"JOIN documents d ON d.id = p.doc_id AND d.current = 1 {'WHERE ' + ' AND '.join(where) if where else ''} "
        "GROUP BY p.name, p.latitude, p.longitude ORDER BY mentions DESC, p.name LIMIT ?",
        [sample, *params, limit],
    ).fetchall()
    places = [
        {
            "name": r["name"],
            "country": r["country"],
            "lat": r["latitude"],
            "lon": r["longitude"],
            "feature": r["feature"],
            "precision": r["precision"],
            "mentions": r["mentions"],
            "documents": r["documents"],
            "href": f"/documents?place={quote(r['name'])}",
        }
        for r in rows
    ]
    where, params = ["e.latitude IS NOT NULL"], []
    date_between(where, params, "e.date", date_from, date_to)
    events = [
        {
            "id": r["id"],
            "type": r["type"],
            "date": r["date"],
            "place": r["place_name"],
            "lat": r["latitude"],
            "lon": r["longitude"],
            "status": r["status"],
            "happened": bool(r["happened"]),
            "independent_sources": r["independent_sources"],
            "href": f"/events/{r['id']}",
        }
        for r in conn.execute(
            "SELECT id, type, date, place_name, latitude, longitude, status, happened, independent_sources "
            f"FROM corpus_events e WHERE {' AND '.join(where)} ORDER BY e.date LIMIT ?",
            [*params, limit],
        )
    ]
    return {"places": places, "events": events}
