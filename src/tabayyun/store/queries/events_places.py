"""The event and place queries: corpus events with their filters (shared with ``export``) and
geocoded places with an optional bounding box."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from tabayyun.store.queries.sql import Table, date_between, find_place_names, placeholders

__all__ = [
    "event_conditions",
    "events",
    "parse_bbox",
    "places",
]


def event_conditions(
    conn: sqlite3.Connection,
    *,
    type: str | None = None,  # noqa: A002 - the PLOVER word
    actor_ids: Sequence[str] = (),
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    include_unasserted: bool = False,
    in_division: bool = False,
) -> tuple[list[str], list[Any]]:
    """The WHERE conditions (over ``corpus_events e``) and their parameters for the event filters
    of ``query events`` and ``export``: happened only unless ``include_unasserted``, a PLOVER type,
    an actor as source or target, a place (by its stored names; with ``in_division`` also the
    events inside a division of that name), a date range."""
    where: list[str] = []
    params: list[Any] = []
    if not include_unasserted:
        where.append("e.happened = 1")
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    if actor_ids:
        p = placeholders(actor_ids)
        where.append(f"(e.source_actor IN ({p}) OR e.target_actor IN ({p}))")
        params.extend([*actor_ids, *actor_ids])
    if place:
        names = find_place_names(conn, place) or [place]
        p = placeholders(names)
        if in_division:
            where.append(f"(e.place_name IN ({p}) OR e.place_admin1 IN ({p}))")
            params.extend([*names, *names])
        else:
            where.append(f"e.place_name IN ({p})")
            params.extend(names)
    date_between(where, params, "e.date", date_from, date_to)
    return where, params


def events(
    conn: sqlite3.Connection,
    *,
    type: str | None = None,  # noqa: A002 - the PLOVER word
    actor_ids: Sequence[str] = (),
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    include_unasserted: bool = False,
    limit: int | None = 500,
) -> Table:
    """Corpus events (an event reported by several documents is one row) in date order, with
    their CAMEO root code and ACLED type, how many documents carry them and how many
    independent sources. Only events that happened (asserted, not negated) unless
    ``include_unasserted``."""
    # imported here: tabayyun.extract.events loads spaCy (seconds), which only this query needs
    from tabayyun.extract.events import plover_to_acled, plover_to_cameo

    where, params = event_conditions(conn, type=type, actor_ids=actor_ids, place=place, date_from=date_from,
                                     date_to=date_to, include_unasserted=include_unasserted)
    sql = (
        "SELECT e.date, e.type, e.mode, coalesce(sa.name, e.source_name) AS source, "
        "coalesce(ta.name, e.target_name) AS target, e.place_name, "
        "e.status, e.carriers, e.independent_sources, e.sentence, e.id "
        "FROM corpus_events e LEFT JOIN actors sa ON sa.id = e.source_actor "
        "LEFT JOIN actors ta ON ta.id = e.target_actor "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY e.date IS NULL, e.date, e.type, e.id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    table = Table(
        "Events",
        ["date", "type", "mode", "cameo", "acled", "source", "target", "place", "status", "documents",
         "independent_sources", "sentence", "id"],
    )
    for row in conn.execute(sql, params):
        acled = plover_to_acled(row["type"], row["mode"])
        table.rows.append(
            [row["date"], row["type"], row["mode"], plover_to_cameo(row["type"]), acled[0] if acled else None,
             row["source"], row["target"], row["place_name"], row["status"], row["carriers"],
             row["independent_sources"], row["sentence"], row["id"]]
        )
    return table


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``S,W,N,E`` in decimal degrees (W > E crosses the antimeridian)."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 4:
        raise ValueError(f"{value!r} is not a bounding box S,W,N,E")
    try:
        south, west, north, east = (float(part) for part in parts)
    except ValueError:
        raise ValueError(f"{value!r} is not a bounding box S,W,N,E (four numbers)") from None
    if not (-90 <= south <= north <= 90) or not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ValueError(f"{value!r} is not a bounding box S,W,N,E (south <= north, degrees in range)")
    return south, west, north, east


def places(
    conn: sqlite3.Connection, *, bbox: tuple[float, float, float, float] | None = None, limit: int | None = 500
) -> Table:
    """Geocoded places (role place: a capital standing for its government is not a map point),
    most mentioned first, with coordinates and mention and document counts."""
    where = ["p.role = 'place'", "p.latitude IS NOT NULL", "d.current = 1"]
    params: list[Any] = []
    if bbox is not None:
        south, west, north, east = bbox
        where.append("p.latitude BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            where.append("p.longitude BETWEEN ? AND ?")
            params += [west, east]
        else:
            where.append("(p.longitude >= ? OR p.longitude <= ?)")
            params += [west, east]
    sql = (
        "SELECT p.name, p.country, p.admin1, p.latitude, p.longitude, p.feature, p.precision, p.geonames_id, "
        "count(*) AS mentions, count(DISTINCT p.doc_id) AS documents, group_concat(DISTINCT p.surface) AS surfaces "
        f"FROM places p JOIN documents d ON d.id = p.doc_id WHERE {' AND '.join(where)} "
        "GROUP BY p.name, p.latitude, p.longitude ORDER BY mentions DESC, p.name"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    table = Table(
        "Places",
        ["name", "country", "admin1", "latitude", "longitude", "feature", "precision", "geonames_id", "mentions",
         "documents", "surfaces"],
    )
    table.rows = [list(row) for row in conn.execute(sql, params)]
    return table
