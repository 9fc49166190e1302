"""The scope a report covers: the place (:class:`PlaceScope`, its names, countries, divisions and
nearby points, and the SQL that tests "is in it"), the actor and the date window, resolved
against the store, and the question the report answers."""

from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from tabayyun.report.situation.reading import actor_names, cursor, has, marks
from tabayyun.settings import SETTINGS
from tabayyun.store.queries import ActorNotFound, find_actor_ids, find_place_names


@dataclass(slots=True)
class PlaceScope:
    """What ``--place`` designates in the store: gazetteer names (aliases resolved), countries
    (ISO codes) and first-level divisions when it names one, and city points for the nearby match."""

    query: str
    names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    divisions: list[str] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)

    def describe(self) -> str:
        parts = [", ".join(self.names) if self.names else f"no geocoded place; text match on {self.query!r}"]
        if self.countries:
            parts.append("every place in " + ", ".join(self.countries))
        if self.divisions:
            parts.append("every place in " + ", ".join(self.divisions))
        if self.points:
            parts.append(f"within about {SETTINGS.report.nearby_km:.0f} km")
        return "; ".join(parts)


def resolve_place(conn: sqlite3.Connection, place: str) -> PlaceScope:
    """The stored place names ``place`` designates (``queries.find_place_names``), with the
    countries, divisions and points they stand for."""
    scope = PlaceScope(place)
    if not place.strip() or not has(conn, "table", "places"):
        return scope
    cur = cursor(conn)
    scope.names = find_place_names(conn, place)
    for name in scope.names:
        row = cur.execute(
            "SELECT feature, country, latitude, longitude FROM places WHERE name = ? AND role = 'place' "
            "AND feature IS NOT NULL LIMIT 1",
            (name,),
        ).fetchone()
        if row is None:
            continue
        if row["feature"] == "country" and row["country"]:
            scope.countries.append(row["country"])
        elif row["feature"] == "admin1":
            scope.divisions.append(name)
        elif row["feature"] == "city" and row["latitude"] is not None:
            scope.points.append((row["latitude"], row["longitude"]))
    return scope


def _box(lat: float, lon: float) -> tuple[float, float, float, float]:
    dlat = SETTINGS.report.nearby_km / 111.0
    dlon = SETTINGS.report.nearby_km / (111.0 * max(0.1, math.cos(math.radians(lat))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def event_place_sql(scope: PlaceScope) -> tuple[str, list[Any]]:
    """SQL over ``corpus_events e``: the event's place is the place, lies in it, or is near it."""
    if not scope.names:
        return "e.place_name = ? COLLATE NOCASE", [scope.query.strip()]
    terms, params = _scope_terms(scope, "e.place_name", "e.place_country", "e.place_admin1", "e.latitude",
                                 "e.longitude")
    return "(" + " OR ".join(terms) + ")", params


def _scope_terms(scope: PlaceScope, name: str, country: str, admin1: str, latitude: str,
                 longitude: str) -> tuple[list[str], list[Any]]:
    """The alternatives of "is in the scope" over the given columns: one of its names, in one of
    its countries or divisions, or within the box around one of its points."""
    terms = [f"{name} IN ({marks(scope.names)})"]
    params: list[Any] = [*scope.names]
    if scope.countries:
        terms.append(f"{country} IN ({marks(scope.countries)})")
        params += scope.countries
    if scope.divisions:
        terms.append(f"{admin1} IN ({marks(scope.divisions)})")
        params += scope.divisions
    for lat, lon in scope.points:
        south, north, west, east = _box(lat, lon)
        terms.append(f"({latitude} BETWEEN ? AND ? AND {longitude} BETWEEN ? AND ?)")
        params += [south, north, west, east]
    return terms, params


def sentence_place_sql(scope: PlaceScope) -> tuple[str, list[Any]]:
    """SQL over ``claims c``: the sentence names the place (or a place in or near it), else, for
    what the geocoder missed, its text contains the name, unless it uses it for a government
    ("Moscow said": a place row with role actor)."""
    spellings = list(dict.fromkeys([scope.query.strip(), *scope.names]))
    likes = ["%" + re.sub(r"([%_\\])", r"\\\1", name) + "%" for name in spellings]
    in_sentence = 'p.doc_id = c.doc_id AND p.start >= c.start AND p.start < c."end"'
    text_match = " OR ".join("c.text LIKE ? ESCAPE '\\'" for _ in likes)
    fallback = (
        f"(({text_match}) AND NOT EXISTS (SELECT 1 FROM places p WHERE "
        f"{in_sentence} AND p.role = 'actor' AND (+p.surface IN ({marks(spellings)}) "
        f"OR +p.name IN ({marks(spellings)}))))"
    )
    fallback_params: list[Any] = [*likes, *spellings, *spellings]
    if not scope.names:
        return fallback, fallback_params
    # the unary + keeps SQLite on the (doc_id, start) primary key: the name index would walk
    # every mention of the place in the corpus for each sentence
    terms, params = _scope_terms(scope, "+p.name", "+p.country", "+p.admin1", "+p.latitude", "+p.longitude")
    geocoded = f"EXISTS (SELECT 1 FROM places p WHERE {in_sentence} AND p.role = 'place' AND ({' OR '.join(terms)}))"
    return f"({geocoded} OR {fallback})", [*params, *fallback_params]


@dataclass(slots=True)
class ReportScope:
    """The scope resolved: ``info`` is the report's ``scope`` JSON, ``place`` what the place
    designates (``None`` without one), ``actor_ids`` the actor's ids, ``unknown_actor`` when no
    actor in the store matches, ``notes`` the fixed-phrase notes this gives the report."""

    info: dict[str, Any]
    place: PlaceScope | None
    actor_ids: list[str]
    unknown_actor: bool
    notes: list[str]


def resolve_scope(
    conn: sqlite3.Connection, place: str | None, date_from: str | None, date_to: str | None, actor: str | None,
    kb: Any, limit: int,
) -> ReportScope:
    """The place and the actor (both already stripped, or ``None``) looked up in the store."""
    notes: list[str] = []
    scope_info: dict[str, Any] = {"place": place, "date_from": date_from, "date_to": date_to, "actor": actor,
                                  "limit": limit}
    scope = resolve_place(conn, place) if place else None
    if scope is not None:
        scope_info["place_names"] = scope.names
        scope_info["place_match"] = scope.describe()
    actor_ids: list[str] = []
    unknown_actor = False
    if actor:
        try:
            actor_ids = find_actor_ids(conn, actor, kb)
            names = actor_names(cursor(conn), actor_ids[:1])
            scope_info["actor_name"] = names.get(actor_ids[0], actor)
        except ActorNotFound:
            unknown_actor = True
            notes.append(f"no actor in the store matches {actor!r}")
        scope_info["actor_ids"] = actor_ids
    return ReportScope(scope_info, scope, actor_ids, unknown_actor, notes)


def question(place: str | None, date_from: str | None, date_to: str | None, actor: str | None) -> str:
    where = f" in {place}" if place else ""
    if date_from and date_to:
        when = f" between {date_from} and {date_to}"
    elif date_from:
        when = f" since {date_from}"
    elif date_to:
        when = f" up to {date_to}"
    else:
        when = ""
    who = f", involving {actor}" if actor else ""
    return f"What is happening{where}{when}{who}?"
