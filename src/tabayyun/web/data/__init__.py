"""Read functions shared by the JSON API and the HTML pages: plain dicts and lists.

Every query is bounded (LIMIT, or an index range that stops early) and walks an index of the
store's schema, so a page answers in the same time on a 100,000-document store as on the demo.
Where an exact total would need a scan, a capped count is given instead (``"1000+"``).
"""

from tabayyun.web.data.actors import actor_detail, actors_list
from tabayyun.web.data.chronology import PLOVER_TYPES, event_types, timeline
from tabayyun.web.data.common import NotFound, parse_day, safe_url
from tabayyun.web.data.document_page import document_detail
from tabayyun.web.data.documents import documents_list, outlet_choices
from tabayyun.web.data.findings_sources import findings_list, sources_list
from tabayyun.web.data.fulltext import search
from tabayyun.web.data.network_map import map_points, network
from tabayyun.web.data.readonly_store import (
    DEFAULT_TIME_LIMIT,
    ReadOnlyStore,
    StoreUnusable,
    interrupted,
)
from tabayyun.web.data.statements_events import event_detail, statement_detail

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "PLOVER_TYPES",
    "NotFound",
    "ReadOnlyStore",
    "StoreUnusable",
    "actor_detail",
    "actors_list",
    "document_detail",
    "documents_list",
    "event_detail",
    "event_types",
    "findings_list",
    "interrupted",
    "map_points",
    "network",
    "outlet_choices",
    "parse_day",
    "safe_url",
    "search",
    "sources_list",
    "statement_detail",
    "timeline",
]
