"""The ``sources`` section: the outlets behind the items shown (by country, state-owned or not),
the documents reporting on their own, relay chains, and the share of single-source items."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from tabayyun.report.situation.model import Group, Line, Source
from tabayyun.report.situation.reading import cursor, marks

_OWNED = {1: "state-owned", 0: "not state-owned"}


def read_sources(conn: sqlite3.Connection, items: list[Line], carrier_rows: list[sqlite3.Row], limit: int) -> tuple[list[Group], list[str], dict[str, int]]:
    """The groups of the sources section for the items shown, its notes, and the single-source
    share (``{"items", "single_source"}``)."""
    cur = cursor(conn)
    per_outlet: dict[str, list[Source]] = defaultdict(list)
    own: dict[str, list[Source]] = defaultdict(list)
    for line in items:
        for source in line.sources:
            if source.own_report:
                own[source.doc_id].append(source)
            elif source.outlet_id:
                per_outlet[source.outlet_id].append(source)
    # the citation span that names the outlet, per carrier
    cites: dict[tuple[str, str], sqlite3.Row] = {}
    for row in carrier_rows:
        if row["cite_id"] is not None:
            cites[(row["doc_id"], row["cite_id"])] = row
    outlets: dict[str, sqlite3.Row] = {}
    ids = sorted(per_outlet)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in cur.execute(f"SELECT * FROM outlets WHERE id IN ({marks(chunk)})", chunk):
            outlets[row["id"]] = row
    by_country: dict[str, Group] = {}
    ranked = sorted(per_outlet.items(), key=lambda kv: (-len(kv[1]), outlets[kv[0]]["name"] if kv[0] in outlets else kv[0]))
    for outlet_id, sources in ranked[:limit]:
        info = outlets.get(outlet_id)
        spans = [
            Source(doc_id=doc, start=start, end=end, outlet=sources[0].outlet, date=date, citation_id=cid,
                   title=_title_of(sources, doc), source_path=_path_of(sources, doc), outlet_id=outlet_id)
            for doc, cid, start, end, _, date in _citation_texts(cur, outlet_id, _cite_keys(sources)[:5])
        ]
        if not spans:
            continue
        words = cur.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
            (spans[0].start + 1, spans[0].end - spans[0].start, spans[0].doc_id),
        ).fetchone()[0]
        country = (info["country"] if info else None) or "an unknown country"
        owned = _OWNED.get(info["state_owned"] if info else None, "ownership unclear")
        group = by_country.setdefault(country, Group(f"country:{country}", f"Outlets based in {country}"))
        group.lines.append(Line(
            kind="outlet", text=words, sources=spans,
            fields={"outlet": sources[0].outlet, "outlet_id": outlet_id, "country": info["country"] if info else None,
                    "state_owned": info["state_owned"] if info else None, "ownership": owned,
                    "items": len(sources), "documents": len({s.doc_id for s in sources})},
        ))
    groups = sorted(by_country.values(), key=lambda g: (-sum(line.fields["items"] for line in g.lines), g.title))
    if own:
        group = Group("own-report", "No outlet cited: the document's own report")
        for doc_id, sources in sorted(own.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]:
            first = sources[0]
            words = cur.execute(
                "SELECT substr(text, ?, ?) FROM documents WHERE id = ?", (first.start + 1, first.end - first.start, doc_id)
            ).fetchone()[0]
            group.lines.append(Line(kind="outlet", text=words, sources=sources[:5],
                                    fields={"outlet": first.outlet, "items": len(sources),
                                            "documents": 1}))
        groups.append(group)
    # relay chains: carrier citations that another outlet relays
    relays = Group("relays", "Relay chains (who relays whom)")
    chains: dict[str, list[tuple[str, sqlite3.Row]]] = defaultdict(list)
    for (doc_id, _), row in cites.items():
        if row["via"] is not None and row["chain"]:
            chains[row["chain"]].append((doc_id, row))
    for chain, rows in sorted(chains.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]:
        spans = [
            Source(doc_id=doc_id, start=row["cite_start"], end=row["cite_end"], outlet=row["outlet_name"] or chain,
                   date=None, citation_id=row["cite_id"], title=row["title"], source_path=row["source_path"])
            for doc_id, row in rows[:5]
        ]
        words = cur.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
            (spans[0].start + 1, spans[0].end - spans[0].start, spans[0].doc_id),
        ).fetchone()[0]
        relays.lines.append(Line(kind="relay", text=words, sources=spans,
                                 fields={"chain": chain, "items": len(rows)}))
    if relays.lines:
        groups.append(relays)
    single = sum(1 for line in items if line.fields.get("single_source"))
    shares = {"items": len(items), "single_source": single}
    notes = []
    if items:
        notes.append(f"{single} of {len(items)} items shown ({100 * single / len(items):.0f}%) rest on a single "
                     "source: no independent confirmation")
    return groups, notes, shares


def _cite_keys(sources: list[Source]) -> list[tuple[str, str]]:
    return list(dict.fromkeys((s.doc_id, s.citation_id) for s in sources if s.citation_id))


def _title_of(sources: list[Source], doc_id: str) -> str | None:
    return next((s.title for s in sources if s.doc_id == doc_id), None)


def _path_of(sources: list[Source], doc_id: str) -> str | None:
    return next((s.source_path for s in sources if s.doc_id == doc_id), None)


def _citation_texts(
    cur: sqlite3.Cursor, outlet_id: str, keys: list[tuple[str, str]]
) -> list[tuple[str, str, int, int, str, str | None]]:
    """The citations naming ``outlet_id`` behind carriers (doc, carrying citation id): the carrying
    citation itself, or the citation of that outlet it relays ("Sputnik" inside an RT passage).
    Each as (doc, citation id, start, end, the citation as written, its date)."""
    found = []
    for doc_id, cid in dict.fromkeys(keys):
        row = cur.execute(
            'SELECT c.id, c.start, c."end", substr(d.text, c.start + 1, c."end" - c.start), c.effective_date '
            "FROM citations c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = ? AND +c.outlet_id = ? "
            "ORDER BY c.id = ? DESC, c.via = ? DESC, c.start LIMIT 1",
            (doc_id, outlet_id, cid, cid),
        ).fetchone()
        if row is not None:
            found.append((doc_id, row[0], row[1], row[2], row[3], row[4]))
    return found
