"""Read queries over the store. Each returns :class:`Table` objects that the command line
prints as a rich table, JSON lines or CSV. Only current documents (the latest version of
each input) are read."""

from tabayyun.store.queries.actors import actor_profile, quotes
from tabayyun.store.queries.chronology import timeline
from tabayyun.store.queries.events_places import event_conditions, events, parse_bbox, places
from tabayyun.store.queries.fulltext import search
from tabayyun.store.queries.sources_findings import findings, sources
from tabayyun.store.queries.sql import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    ActorNotFound,
    Table,
    actor_ids_for,
    current_documents,
    current_quotes,
    date_between,
    find_actor_ids,
    find_outlet_ids,
    find_place_names,
    first_carriers,
    fts_query,
    in_key_order,
    key_pairs,
    placeholders,
    ranked_current,
)

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "ActorNotFound",
    "Table",
    "actor_ids_for",
    "actor_profile",
    "current_documents",
    "current_quotes",
    "date_between",
    "event_conditions",
    "events",
    "find_actor_ids",
    "find_outlet_ids",
    "find_place_names",
    "findings",
    "first_carriers",
    "fts_query",
    "in_key_order",
    "key_pairs",
    "parse_bbox",
    "placeholders",
    "places",
    "quotes",
    "ranked_current",
    "search",
    "sources",
    "timeline",
]
