"""Read functions shared by the JSON API and the HTML pages: plain dicts and lists.

Every query is bounded (LIMIT, or an index range that stops early) and walks an index of the
store's schema, so a page answers in the same time on a 100,000-document store as on the demo.
Where an exact total would need a scan, a capped count is given instead (``"1000+"``).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tabayyun.store.queries import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    _current_documents,
    _current_quotes,
    _ranked,
    date_between,
    first_carriers,
    fts_query,
    in_key_order,
    key_pairs,
)
from tabayyun.store.schema import SCHEMA_VERSION

__all__ = [
    "NotFound",
    "ReadOnlyStore",
    "StoreUnusable",
    "actor_detail",
    "actors_list",
    "document_detail",
    "documents_list",
    "event_detail",
    "findings_list",
    "map_points",
    "network",
    "parse_day",
    "safe_url",
    "search",
    "sources_list",
    "statement_detail",
    "timeline",
]

CAP = 1000  # capped counts stop here


class StoreUnusable(Exception):
    """The file is missing, not a tabayyun store, or of another schema version."""


class NotFound(LookupError):
    """An id that names nothing in the store."""


def parse_day(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD parameter, or None when empty; ValueError with a clear message otherwise."""
    if value is None or value.strip() == "":
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date in YYYY-MM-DD form") from None


def safe_url(url: str | None) -> str | None:
    """The URL when its scheme is http or https, else None (javascript:, data:, ... never render)."""
    if not url:
        return None
    cleaned = url.strip()
    return cleaned if re.match(r"(?i)^https?://[^\s]+$", cleaned) else None


class ReadOnlyStore:
    """The store file opened read-only, one connection per worker thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.check()

    def _open(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise StoreUnusable(
                f"{self.path}: no such store (create it with `tabayyun ingest ... --db {self.path}`)"
            )
        uri = f"file:{self.path.resolve().as_posix()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=10.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = 1")
        return conn

    def check(self) -> None:
        """Refuse a file that is not a store of this schema version (a read-only file is never migrated)."""
        conn = self._open()
        try:
            try:
                has = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                ).fetchone()
            except sqlite3.DatabaseError as exc:
                raise StoreUnusable(f"{self.path}: not a usable SQLite database ({exc})") from None
            if not has:
                raise StoreUnusable(f"{self.path}: not a tabayyun store (no schema_version table)")
            version = int(
                conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
            )
        finally:
            conn.close()
        if version != SCHEMA_VERSION:
            hint = (
                f"migrate it once with `tabayyun query sources --db {self.path}` (any command that opens it)"
                if version < SCHEMA_VERSION
                else "upgrade tabayyun to read it"
            )
            raise StoreUnusable(
                f"{self.path}: the store has schema version {version}, this tabayyun serves version "
                f"{SCHEMA_VERSION} only; {hint}"
            )

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use, kept for the thread's life)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
        return conn


# ------------------------------------------------------------------------------- helpers


def _ph(values: Sequence[Any]) -> str:
    return ",".join("?" for _ in values)


def _capped(conn: sqlite3.Connection, sql: str, params: Sequence[Any], cap: int = CAP) -> int | str:
    """How many rows ``sql`` returns, counting at most ``cap`` (then ``"cap+"``)."""
    n = conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {cap + 1})", params).fetchone()[0]
    return f"{cap}+" if n > cap else n


def _names(conn: sqlite3.Connection, ids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
    """Actor id -> {id, name, type, canonical} for the given ids (one IN query)."""
    wanted = sorted({i for i in ids if i})
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in conn.execute(
            f"SELECT a.id, a.name, a.type, coalesce(a.canonical_id, a.id) AS canonical, c.name AS canonical_name "
            f"FROM actors a LEFT JOIN actors c ON c.id = a.canonical_id WHERE a.id IN ({_ph(chunk)})",
            chunk,
        ):
            found[row["id"]] = {
                "id": row["id"],
                "name": row["canonical_name"] or row["name"],
                "type": row["type"],
                "canonical": row["canonical"],
            }
    return found


def _doc_label(row: sqlite3.Row | dict[str, Any]) -> str:
    return row["title"] or row["source_path"]


def _place_names(conn: sqlite3.Connection, place: str) -> list[str]:
    """Gazetteer names ``place`` designates: a stored name (as typed or capitalised), else a
    spelling the documents use. Index lookups (``places_name``), bounded."""
    variants = list(
        dict.fromkeys([place.strip(), place.strip().title(), place.strip().capitalize()])
    )
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT DISTINCT name FROM places WHERE name IN ({_ph(variants)}) LIMIT 20", variants
        )
    ]
    if names:
        return names
    # a surface ("Palmyra" for Tadmur): no index on surface yet (see the report), so bounded
    return [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT name FROM (SELECT name FROM places WHERE surface = ? COLLATE NOCASE LIMIT 50)",
            (place.strip(),),
        )
    ]


def resolve_actor(conn: sqlite3.Connection, name_or_id: str) -> list[str]:
    """Actor ids (canonical first, then those merged into it) for an id or a name/alias.

    Exact id, then the NOCASE alias index, then an actor name; empty when nothing matches."""
    value = name_or_id.strip()
    if not value:
        return []
    row = conn.execute(
        "SELECT coalesce(canonical_id, id) FROM actors WHERE id = ?", (value,)
    ).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT coalesce(a.canonical_id, a.id) FROM aliases al JOIN actors a ON a.id = al.actor_id "
            "WHERE al.alias = ? COLLATE NOCASE LIMIT 1",
            (value,),
        ).fetchone()
    if row is None:
        return []
    canonical = row[0]
    merged = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM actors WHERE canonical_id = ? AND id != ? LIMIT 200",
            (canonical, canonical),
        )
    ]
    return [canonical, *merged]


# ------------------------------------------------------------------------------- documents


DOC_COLUMNS = (
    "d.rowid, d.id, d.source_path, d.title, d.url, d.published, d.language, "
    "d.n_citations, d.n_quotes, d.n_actors, d.n_findings, d.version"
)


def _doc_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "source_path": row["source_path"],
        "label": _doc_label(row),
        "url": safe_url(row["url"]),
        "published": row["published"],
        "language": row["language"],
        "citations": row["n_citations"],
        "quotes": row["n_quotes"],
        "actors": row["n_actors"],
        "findings": row["n_findings"],
        "version": row["version"],
    }


def documents_list(
    conn: sqlite3.Connection,
    *,
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    place: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Current documents, newest first (or best match first with ``q``), with filters."""
    where = ["d.current = 1"]
    params: list[Any] = []
    date_between(where, params, "d.published", date_from, date_to)
    if outlet:
        ids = outlet_ids(conn, outlet)
        _rare_or_per_document(
            conn,
            where,
            params,
            ids,
            "SELECT doc_id FROM citations WHERE outlet_id IN ({})",
            # unary + keeps SQLite on the document's own rows (primary key), off the outlet index
            "EXISTS (SELECT 1 FROM citations c WHERE c.doc_id = d.id AND +c.outlet_id IN ({}))",
        )
    if place:
        names = _place_names(conn, place) or [place]
        _rare_or_per_document(
            conn,
            where,
            params,
            names,
            "SELECT doc_id FROM places WHERE name IN ({}) AND role = 'place'",
            "EXISTS (SELECT 1 FROM places p WHERE p.doc_id = d.id AND +p.name IN ({}) AND p.role = 'place')",
        )
    order = "d.published DESC, d.rowid DESC"
    if q and fts_query(q):
        # the best 500 matches (bounded bm25 sort), then the other filters
        ranked = [
            rowid
            for rowid, _ in _ranked(conn, "documents_fts", fts_query(q), 500, _current_documents)
        ]
        if not ranked:
            return {"documents": [], "limit": limit, "offset": offset, "more": False}
        where.append(f"d.rowid IN ({_ph(ranked)})")
        params += ranked
        order = "instr(?, ',' || d.rowid || ',')"
        params_order = ["," + ",".join(map(str, ranked)) + ","]
    else:
        params_order = []
    sql = (
        f"SELECT {DOC_COLUMNS} FROM documents d WHERE {' AND '.join(where)} "
        f"ORDER BY {order} LIMIT ? OFFSET ?"
    )
    rows = conn.execute(sql, [*params, *params_order, limit + 1, offset]).fetchall()
    return {
        "documents": [_doc_dict(row) for row in rows[:limit]],
        "limit": limit,
        "offset": offset,
        "more": len(rows) > limit,
    }


def _rare_or_per_document(
    conn: sqlite3.Connection,
    where: list[str],
    params: list[Any],
    values: list[str],
    by_index: str,
    per_document: str,
    rare: int = 3000,
) -> None:
    """Filter documents on rows of another table. A value with few rows: the set of their
    documents, read by index. A common one: checked per document while documents are walked in
    date order (the document's own rows, by primary key), which stops at the page's end."""
    marks = _ph(values)
    n = conn.execute(
        f"SELECT count(*) FROM ({by_index.format(marks)} LIMIT {rare})", values
    ).fetchone()[0]
    if n < rare:
        where.append(f"d.id IN ({by_index.format(marks)})")
    else:
        where.append(per_document.format(marks))
    params += values


def outlet_ids(conn: sqlite3.Connection, outlet: str) -> list[str]:
    """Outlet ids an id or a name designates (the outlets table is small)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM outlets WHERE id = ? OR name = ? COLLATE NOCASE LIMIT 10",
            (outlet, outlet),
        )
    ] or [outlet]


def outlet_choices(conn: sqlite3.Connection, limit: int = 300) -> list[dict[str, Any]]:
    """Outlets for a filter menu (the outlets table is small: the registry plus cited names)."""
    return [
        {"id": row[0], "name": row[1]}
        for row in conn.execute("SELECT id, name FROM outlets ORDER BY name LIMIT ?", (limit,))
    ]


def _quote_title(q: dict[str, Any]) -> str:
    return q["speaker"] or "unknown speaker"


def document_detail(
    conn: sqlite3.Connection, doc_id: str, *, item_limit: int = 5000
) -> dict[str, Any]:
    """One document with every extracted item and the provenance of its quotes, citations and
    events. Raises NotFound."""
    row = conn.execute(
        f"SELECT {DOC_COLUMNS}, d.text, d.current, d.main_event FROM documents d WHERE d.id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no document with id {doc_id!r}")
    doc = _doc_dict(row)
    doc["current"] = bool(row["current"])
    doc["main_event"] = row["main_event"]
    home = conn.execute(
        "SELECT name, country, admin1, latitude, longitude, source FROM home_areas WHERE doc_id = ?", (doc_id,)
    ).fetchone()
    doc["home_area"] = dict(home) if home is not None else None
    text: str = row["text"]
    lim = (doc_id, item_limit)

    citations = [
        dict(r)
        for r in conn.execute(
            "SELECT c.id, c.outlet, c.outlet_surface, c.outlet_id, c.date, c.effective_date, c.date_surface, c.start, "
            'c."end", c.kind, c.via, c.relayed_by, c.chain, o.state_owned, o.country '
            "FROM citations c LEFT JOIN outlets o ON o.id = c.outlet_id WHERE c.doc_id = ? ORDER BY c.start LIMIT ?",
            lim,
        )
    ]
    by_citation = {c["id"]: c for c in citations}
    quotes = [
        dict(r)
        for r in conn.execute(
            'SELECT q.id, q.text, q.start, q."end", q.kind, q.speaker_name, q.speaker_surface, q.speaker_actor_id, '
            "q.speaker_kind, q.cue, q.citation_id, q.outlet_id, q.date, q.sentence, "
            "sc.statement_id, st.carriers, st.independent_sources, st.single_source "
            "FROM quotes q LEFT JOIN statement_carriers sc ON sc.doc_id = q.doc_id AND sc.quote_id = q.id "
            "LEFT JOIN statements st ON st.id = sc.statement_id WHERE q.doc_id = ? ORDER BY q.start LIMIT ?",
            lim,
        )
    ]
    mentions = [
        dict(r)
        for r in conn.execute(
            'SELECT actor_id, start, "end", surface, sentence FROM mentions WHERE doc_id = ? ORDER BY start LIMIT ?',
            lim,
        )
    ]
    actors = _names(
        conn, [m["actor_id"] for m in mentions] + [q["speaker_actor_id"] for q in quotes]
    )
    for q in quotes:
        known = actors.get(q["speaker_actor_id"] or "")
        q["speaker"] = known["name"] if known else (q["speaker_name"] or q["speaker_surface"])
        q["speaker_canonical"] = known["canonical"] if known else None
    dates = [
        dict(r)
        for r in conn.execute(
            'SELECT start, "end", surface, value, day, precision, calendar FROM dates WHERE doc_id = ? '
            "ORDER BY start LIMIT ?",
            lim,
        )
    ]
    places = [
        dict(r)
        for r in conn.execute(
            'SELECT start, "end", surface, name, country, admin1, latitude, longitude, feature, precision, role '
            "FROM places WHERE doc_id = ? ORDER BY start LIMIT ?",
            lim,
        )
    ]
    events = [
        dict(r)
        for r in conn.execute(
            "SELECT e.id, e.type, e.mode, e.source_actor, e.target_actor, e.source_name, e.target_name, e.date, "
            'e.place_name, e.start, e."end", e.sentence_start, e.sentence_end, e.citation, e.negated, e.modality, '
            "e.is_main, ec.corpus_event_id, ce.status, ce.carriers, ce.independent_sources "
            "FROM events e LEFT JOIN event_carriers ec ON ec.doc_id = e.doc_id AND ec.event_id = e.id "
            "LEFT JOIN corpus_events ce ON ce.id = ec.corpus_event_id WHERE e.doc_id = ? ORDER BY e.start LIMIT ?",
            lim,
        )
    ]
    findings = [
        dict(r)
        for r in conn.execute(
            'SELECT rowid AS id, kind, severity, start, "end", message, suggestion FROM findings '
            "WHERE doc_id = ? ORDER BY start LIMIT ?",
            lim,
        )
    ]
    claims = [
        dict(r)
        for r in conn.execute(
            'SELECT idx, start, "end", kind, date, date_basis FROM claims WHERE doc_id = ? ORDER BY idx LIMIT ?',
            lim,
        )
    ]
    for f in findings:
        f["excerpt"] = (
            text[f["start"] : f["end"]] if f["start"] is not None and f["end"] is not None else None
        )

    # other carriers of this document's statements and events (bounded per item)
    others = _other_carriers(
        conn, "statement", doc_id, [q["statement_id"] for q in quotes if q["statement_id"]]
    )
    event_others = _other_carriers(
        conn, "event", doc_id, [e["corpus_event_id"] for e in events if e["corpus_event_id"]]
    )
    for q in quotes:
        q["chain"] = _quote_chain(q, by_citation, others.get(q["statement_id"] or "", []))
    for c in citations:
        c["chain_steps"] = _citation_chain(c, by_citation)
    for e in events:
        e["source"] = (actors.get(e["source_actor"] or "") or {}).get("name") or e["source_name"]
        e["target"] = (actors.get(e["target_actor"] or "") or {}).get("name") or e["target_name"]
        e["chain"] = _event_chain(e, by_citation, event_others.get(e["corpus_event_id"] or "", []))

    # actors named in the document, most mentioned first
    counts: dict[str, int] = defaultdict(int)
    for m in mentions:
        canonical = (actors.get(m["actor_id"]) or {}).get("canonical", m["actor_id"])
        counts[canonical] += 1
    names = _names(conn, counts)
    actor_list = sorted(
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
    sentences = [
        {
            "idx": c["idx"],
            "start": c["start"],
            "end": c["end"],
            "kind": c["kind"],
            "date": c["date"],
        }
        for c in claims
    ]
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
        "actors": actor_list,
        "dates": dates,
        "places": places,
        "events": events,
        "findings": findings,
        "sentences": sentences,
        "claim_counts": dict(share),
    }


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


def _quote_chain(
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


def _citation_chain(c: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[dict]:
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


def _event_chain(
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


def _other_carriers(
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
                "label": _doc_label(r),
            }
            for r in conn.execute(
                f"SELECT x.doc_id, x.{item}, x.date, o.name AS outlet, d.title, d.source_path "
                f"FROM {table} x JOIN documents d ON d.id = x.doc_id "
                f"LEFT JOIN outlets o ON o.id = x.outlet_id WHERE x.{key} = ? AND x.doc_id != ? LIMIT ?",
                (value, doc_id, per),
            )
        ]
    return found


# ------------------------------------------------------------------------------- statements and events


def _carrier_rows(
    conn: sqlite3.Connection, kind: str, sql: str, item_id: str, limit: int, item: str, alias: str
) -> list[sqlite3.Row]:
    """The first ``limit`` carriers of a statement or event, earliest reports first
    (``queries.first_carriers``): ``sql`` selects carrier rows (table alias ``alias``) and ends
    in a WHERE clause that the keys' condition extends."""
    keys = first_carriers(conn, kind, item_id, limit)
    if not keys:
        return []
    rows = conn.execute(
        sql + f"AND ({alias}.doc_id, {alias}.{item}) IN (VALUES {key_pairs(keys)})",
        [item_id, *(v for key in keys for v in key)],
    ).fetchall()
    return in_key_order(rows, keys, item)


def statement_detail(
    conn: sqlite3.Connection, statement_id: str, *, limit: int = 200
) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM statements WHERE id = ?", (statement_id,)).fetchone()
    if row is None:
        raise NotFound(f"no statement with id {statement_id!r}")
    statement = dict(row)
    statement["single_source"] = bool(statement["single_source"])
    # a statement may have thousands of carriers: the first ``limit``, earliest reports first
    rows = _carrier_rows(
        conn,
        "statement",
        'SELECT sc.*, o.name AS outlet, d.title, d.source_path, d.published, q.text, q.start, q."end", '
        "q.speaker_surface, c.chain FROM statement_carriers sc JOIN documents d ON d.id = sc.doc_id "
        "LEFT JOIN outlets o ON o.id = sc.outlet_id "
        "LEFT JOIN quotes q ON q.doc_id = sc.doc_id AND q.id = sc.quote_id "
        "LEFT JOIN citations c ON c.doc_id = q.doc_id AND c.id = q.citation_id WHERE sc.statement_id = ? ",
        statement_id,
        limit,
        "quote_id",
        "sc",
    )
    carriers = [
        {
            **_carrier(r),
            "quote_id": r["quote_id"],
            "chain": r["chain"],
            "text": r["text"],
            "speaker_as_written": r["speaker_surface"],
        }
        for r in rows
    ]
    findings = _corpus_findings(conn, "statement_id", statement_id)
    return {"statement": statement, "carriers": carriers, "findings": findings}


def event_detail(conn: sqlite3.Connection, event_id: str, *, limit: int = 200) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM corpus_events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise NotFound(f"no event with id {event_id!r}")
    event = dict(row)
    names = _names(conn, [event["source_actor"], event["target_actor"]])
    event["source"] = (names.get(event["source_actor"] or "") or {}).get("name") or event[
        "source_name"
    ]
    event["target"] = (names.get(event["target_actor"] or "") or {}).get("name") or event[
        "target_name"
    ]
    event["happened"] = bool(event["happened"])
    rows = _carrier_rows(
        conn,
        "event",
        'SELECT ec.*, o.name AS outlet, d.title, d.source_path, d.published, e.start, e."end", e.modality, '
        "e.negated, e.mode, substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence "
        "FROM event_carriers ec JOIN documents d ON d.id = ec.doc_id LEFT JOIN outlets o ON o.id = ec.outlet_id "
        "LEFT JOIN events e ON e.doc_id = ec.doc_id AND e.id = ec.event_id WHERE ec.corpus_event_id = ? ",
        event_id,
        limit,
        "event_id",
        "ec",
    )
    carriers = [
        {
            **_carrier(r),
            "event_id": r["event_id"],
            "modality": r["modality"],
            "negated": bool(r["negated"]) if r["negated"] is not None else None,
            "mode": r["mode"],
            "sentence": r["sentence"],
        }
        for r in rows
    ]
    findings = _corpus_findings(conn, "event_id", event_id)
    return {"event": event, "carriers": carriers, "findings": findings}


def _carrier(row: sqlite3.Row) -> dict[str, Any]:
    """What every carrier of a statement or an event shows: its document, outlet, date, span."""
    return {
        "doc_id": row["doc_id"],
        "outlet_id": row["outlet_id"],
        "outlet": row["outlet"],
        "source_chain": row["source_chain"],
        "date": row["date"],
        "earliest": bool(row["earliest"]),
        "document": _doc_label(row),
        "published": row["published"],
        "start": row["start"],
        "end": row["end"],
    }


def _corpus_findings(conn: sqlite3.Connection, column: str, value: str) -> list[dict[str, Any]]:
    """Corpus-level findings about one statement (``statement_id``) or event (``event_id``)."""
    return [
        dict(r)
        for r in conn.execute(
            "SELECT rowid AS id, kind, severity, message, suggestion FROM findings "
            f"WHERE level = 'corpus' AND {column} = ? LIMIT 50",
            (value,),
        )
    ]


# ------------------------------------------------------------------------------- actors


def actors_list(
    conn: sqlite3.Connection,
    *,
    q: str | None = None,
    type: str | None = None,  # noqa: A002
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """Canonical actors, most mentioned first; ``q`` matches a name or alias prefix."""
    where: list[str] = []
    params: list[Any] = []
    if q and q.strip():
        prefix = re.sub(r"[%_\\]", "", q.strip()) + "%"
        where.append(
            "s.actor_id IN (SELECT coalesce(a.canonical_id, a.id) FROM aliases al JOIN actors a ON a.id = al.actor_id "
            "WHERE al.alias LIKE ? LIMIT 500)"
        )
        params.append(prefix)
    if type:
        where.append("a.type = ?")
        params.append(type)
    rows = conn.execute(
        "SELECT s.actor_id, s.mentions, s.documents, s.quotes, a.name, a.type, a.country, a.known "
        "FROM actor_stats s JOIN actors a ON a.id = s.actor_id "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY s.mentions DESC, a.name LIMIT ? OFFSET ?",
        [*params, limit + 1, offset],
    ).fetchall()
    actors = [
        {
            "id": r["actor_id"],
            "name": r["name"],
            "type": r["type"],
            "country": r["country"],
            "known": bool(r["known"]),
            "mentions": r["mentions"],
            "documents": r["documents"],
            "quotes": r["quotes"],
        }
        for r in rows[:limit]
    ]
    return {"actors": actors, "limit": limit, "offset": offset, "more": len(rows) > limit}


def actor_detail(conn: sqlite3.Connection, actor_id: str, *, limit: int = 50) -> dict[str, Any]:
    ids = resolve_actor(conn, actor_id)
    if not ids or conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone() is None:
        raise NotFound(f"no actor with id {actor_id!r}")
    main = dict(conn.execute("SELECT * FROM actors WHERE id = ?", (ids[0],)).fetchone())
    main["known"] = bool(main["known"])
    stats = conn.execute(
        "SELECT mentions, documents, quotes FROM actor_stats WHERE actor_id = ?", (ids[0],)
    ).fetchone()
    main.update(dict(stats) if stats else {"mentions": None, "documents": None, "quotes": None})
    merged = [
        dict(r)
        for r in conn.execute(
            f"SELECT id, name, merge_reason FROM actors WHERE id IN ({_ph(ids)}) AND id != ? LIMIT 200",
            [*ids, ids[0]],
        )
    ]
    aliases: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in conn.execute(
        f"SELECT alias, kind FROM aliases WHERE actor_id IN ({_ph(ids)}) LIMIT 500", ids
    ):
        if r[0] not in seen:
            seen.add(r[0])
            aliases.append({"alias": r[0], "kind": r[1]})
    aliases.sort(key=lambda a: (a["kind"] == "surface", a["kind"], a["alias"]))
    roles = [
        dict(r)
        for r in conn.execute(
            "SELECT r.title, r.country, coalesce(o.name, r.org) AS org, coalesce(t.name, r.target) AS target, "
            'r.start, r."end" FROM roles r LEFT JOIN actors o ON o.id = r.org LEFT JOIN actors t ON t.id = r.target '
            f"WHERE r.actor_id IN ({_ph(ids)}) ORDER BY r.start LIMIT 100",
            ids,
        )
    ]
    statements = [
        dict(r)
        for r in conn.execute(
            "SELECT id, text, earliest_date, carriers, independent_sources, single_source FROM statements "
            f"WHERE speaker_actor_id IN ({_ph(ids)}) LIMIT ?",
            [*ids, limit],
        )
    ]
    statements.sort(key=lambda s: (s["earliest_date"] or "9999", s["id"]))
    events: dict[str, dict[str, Any]] = {}
    for column in ("source_actor", "target_actor"):
        for r in conn.execute(
            "SELECT id, type, mode, date, source_actor, target_actor, source_name, target_name, place_name, status, "
            f"happened, carriers, independent_sources FROM corpus_events WHERE {column} IN ({_ph(ids)}) "
            "ORDER BY date LIMIT ?",
            [*ids, limit],
        ):
            events[r["id"]] = dict(r)
    names = _names(
        conn, [v for e in events.values() for v in (e["source_actor"], e["target_actor"])]
    )
    for e in events.values():
        e["source"] = (names.get(e["source_actor"] or "") or {}).get("name") or e["source_name"]
        e["target"] = (names.get(e["target_actor"] or "") or {}).get("name") or e["target_name"]
    neighbours = [
        {"id": r[0], "name": r[1] or r[0], "type": r[2], "sentences": r[3], "documents": r[4]}
        for r in conn.execute(
            "SELECT co.other_id, a.name, a.type, co.sentences, co.documents FROM actor_cooccurrence co "
            "LEFT JOIN actors a ON a.id = co.other_id WHERE co.actor_id = ? ORDER BY co.sentences DESC LIMIT 30",
            (ids[0],),
        )
    ]
    return {
        "actor": main,
        "ids": ids,
        "merged": merged,
        "aliases": aliases,
        "roles": roles,
        "statements": statements,
        "events": sorted(events.values(), key=lambda e: (e["date"] or "9999", e["id"])),
        "neighbours": neighbours,
    }


# ------------------------------------------------------------------------------- timeline


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
        actor_ids = resolve_actor(conn, actor)
        if not actor_ids:
            return {
                "items": [],
                "limit": limit,
                "offset": offset,
                "more": False,
                "note": f"no actor matches {actor!r}",
            }
    names = _place_names(conn, place) if place else []
    if place and not names:
        names = [place]
    outlets = outlet_ids(conn, outlet) if outlet else []
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
    who = _names(
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


SCAN = 5000  # timeline walks stop after this many index entries when a filter is not indexed


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
        outer_where.append(f"w.place_name IN ({_ph(places)})")
        outer_params += places
    if outlets:
        outer_where.append(
            f"EXISTS (SELECT 1 FROM event_carriers ec WHERE ec.corpus_event_id = w.id AND ec.outlet_id IN ({_ph(outlets)}))"
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
        outer_where.append(f"w.outlet_id IN ({_ph(outlets)})")
        outer_params += outlets
    if places:
        outer_where.append(
            "EXISTS (SELECT 1 FROM claims c JOIN places p ON p.doc_id = c.doc_id AND p.start >= c.start "
            "AND p.start < c.\"end\" WHERE c.doc_id = w.doc_id AND c.idx = w.sentence AND p.role = 'place' "
            f"AND +p.name IN ({_ph(places)}))"
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


# ------------------------------------------------------------------------------- network


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
        canon = _names(conn, [a for s in per_sentence.values() for a in s])
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
    info = _names(conn, [x for pair in weights for x in pair] + top)
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


# ------------------------------------------------------------------------------- map


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


# ------------------------------------------------------------------------------- findings and sources


def _distinct_kinds(conn: sqlite3.Connection, level: str) -> list[str]:
    """The finding kinds of a level, one index seek each (``findings_level``)."""
    kinds: list[str] = []
    last = ""
    for _ in range(100):
        row = conn.execute(
            "SELECT min(kind) FROM findings WHERE level = ? AND kind > ?", (level, last)
        ).fetchone()
        if row is None or row[0] is None:
            break
        last = row[0]
        kinds.append(last)
    return kinds


def findings_list(
    conn: sqlite3.Connection,
    *,
    level: str | None = None,
    kind: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """Corpus findings first, then document findings; per kind counts capped at CAP."""
    summary = []
    for lvl in ("corpus", "document"):
        for k in _distinct_kinds(conn, lvl):
            summary.append(
                {
                    "level": lvl,
                    "kind": k,
                    "count": _capped(
                        conn, "SELECT 1 FROM findings WHERE level = ? AND kind = ?", (lvl, k)
                    ),
                }
            )
    rows: list[dict[str, Any]] = []
    levels = [level] if level else ["corpus", "document"]
    want = limit + offset + 1
    for lvl in levels:
        where, params = ["f.level = ?"], [lvl]
        if kind:
            where.append("f.kind = ?")
            params.append(kind)
        for r in conn.execute(
            'SELECT f.rowid AS id, f.level, f.kind, f.severity, f.doc_id, f.start, f."end", f.message, f.suggestion, '
            "f.statement_id, f.event_id, d.title, d.source_path, "
            'CASE WHEN f.start IS NOT NULL THEN substr(d.text, f.start + 1, min(f."end" - f.start, 300)) END AS excerpt '
            f"FROM findings f LEFT JOIN documents d ON d.id = f.doc_id WHERE {' AND '.join(where)} "
            "ORDER BY f.level, f.kind LIMIT ?",
            [*params, want],
        ):
            item = dict(r)
            item["document"] = (r["title"] or r["source_path"]) if r["doc_id"] else None
            del item["title"], item["source_path"]
            rows.append(item)
        if len(rows) >= want:
            break
    return {
        "summary": summary,
        "findings": rows[offset : offset + limit],
        "limit": limit,
        "offset": offset,
        "more": len(rows) > offset + limit,
    }


def _relay_pairs(
    conn: sqlite3.Connection, per: int = 200, relayers: int = 100
) -> list[tuple[str, str]]:
    """(relayed outlet, relaying outlet) pairs: the distinct relaying outlets by successive seeks
    of ``citations_relayed_by``, then up to ``per`` citations each."""
    pairs: set[tuple[str, str]] = set()
    last = ""
    for _ in range(relayers):
        row = conn.execute(
            "SELECT min(relayed_by) FROM citations WHERE relayed_by > ?", (last,)
        ).fetchone()
        if row is None or row[0] is None:
            break
        last = row[0]
        for (outlet_id,) in conn.execute(
            "SELECT DISTINCT outlet_id FROM (SELECT outlet_id FROM citations WHERE relayed_by = ? LIMIT ?)",
            (last, per),
        ):
            pairs.add((outlet_id, last))
    return sorted(pairs)


def sources_list(conn: sqlite3.Connection, *, limit: int = 200, cap: int = 1000) -> dict[str, Any]:
    """Cited outlets with a capped citation count, state ownership, who relays them and whom they
    relay. The outlets table is small (the registry plus cited names); counts stop at ``cap``."""
    outlets = conn.execute(
        "SELECT id, name, country, language, state_owned, type, known FROM outlets ORDER BY name LIMIT 2000"
    ).fetchall()
    names = {o["id"]: o["name"] for o in outlets}
    relayed_by: dict[str, list[str]] = defaultdict(list)
    relays: dict[str, list[str]] = defaultdict(list)
    for relayed, relaying in _relay_pairs(conn):
        relayed_by[relayed].append(names.get(relaying, relaying))
        relays[relaying].append(names.get(relayed, relayed))
    result = []
    for o in outlets:
        n = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM citations WHERE outlet_id = ? LIMIT ?)",
            (o["id"], cap + 1),
        ).fetchone()[0]
        if n == 0:
            continue
        result.append(
            {
                "id": o["id"],
                "name": o["name"],
                "country": o["country"],
                "language": o["language"],
                "state_owned": {1: "yes", 0: "no"}.get(o["state_owned"], "unclear"),
                "type": o["type"],
                "known": bool(o["known"]),
                "citations": n if n <= cap else f"{cap}+",
                "_n": n,
                "relayed_by": sorted(relayed_by.get(o["id"], []))[:30],
                "relays": sorted(relays.get(o["id"], []))[:30],
            }
        )
    result.sort(key=lambda r: (-r["_n"], r["name"]))
    for r in result:
        del r["_n"]
    return {"sources": result[:limit], "cap": cap}


def _snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """A snippet with FTS markers as parts: [{"text": ..., "hit": bool}], rendered escaped."""
    parts: list[dict[str, Any]] = []
    for i, chunk in enumerate(
        re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]", " ".join(snippet.split()))
    ):
        if chunk:
            parts.append({"text": chunk, "hit": i % 2 == 1})
    return parts


def search(conn: sqlite3.Connection, text: str, *, limit: int = 20) -> dict[str, Any]:
    """Full-text search (FTS5, bm25, bounded) over documents and quotes, with snippets."""
    query = fts_query(text or "")
    docs: list[dict[str, Any]] = []
    said: list[dict[str, Any]] = []
    if not query:
        return {"q": text, "documents": docs, "quotes": said}
    for rowid, score in _ranked(conn, "documents_fts", query, limit, _current_documents):
        r = conn.execute(
            "SELECT d.id, d.title, d.source_path, d.published, "
            f"snippet(documents_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) AS snip "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? AND documents_fts.rowid = ?",
            (query, rowid),
        ).fetchone()
        if r is not None:
            docs.append(
                {
                    "doc_id": r["id"],
                    "document": _doc_label(r),
                    "published": r["published"],
                    "score": round(score, 3),
                    "snippet": _snippet_parts(r["snip"]),
                    "href": f"/documents/{r['id']}",
                }
            )
    for rowid, score in _ranked(conn, "quotes_fts", query, limit, _current_quotes):
        r = conn.execute(
            "SELECT quotes_fts.speaker, quotes_fts.doc_id, quotes_fts.quote_id, d.title, d.source_path, "
            f"snippet(quotes_fts, 0, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) AS snip "
            "FROM quotes_fts JOIN documents d ON d.id = quotes_fts.doc_id "
            "WHERE quotes_fts MATCH ? AND quotes_fts.rowid = ?",
            (query, rowid),
        ).fetchone()
        if r is not None:
            said.append(
                {
                    "doc_id": r["doc_id"],
                    "quote_id": r["quote_id"],
                    "speaker": r["speaker"],
                    "document": _doc_label(r),
                    "score": round(score, 3),
                    "snippet": _snippet_parts(r["snip"]),
                    "href": f"/documents/{r['doc_id']}#q-{r['quote_id']}",
                }
            )
    return {"q": text, "documents": docs, "quotes": said}
