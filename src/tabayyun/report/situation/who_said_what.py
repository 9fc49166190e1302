"""The ``who-said-what`` section: statements whose quotes fall in scope, each with its carriers,
grouped by (canonical) speaker, earliest first."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from tabayyun.corpus.normalise import normalise_name
from tabayyun.report.situation.model import Group, Line, Source
from tabayyun.report.situation.reading import (
    CARRIER_COLUMNS,
    actor_names,
    cursor,
    date_sql,
    marks,
    own_label,
    stream,
)
from tabayyun.report.situation.scope import PlaceScope, sentence_place_sql
from tabayyun.settings import SETTINGS
from tabayyun.store.queries import first_carriers, in_key_order, key_pairs


def _statement_line(cur: sqlite3.Cursor, statement_id: str | None, quote: sqlite3.Row) -> tuple[Line, list[sqlite3.Row]]:
    if statement_id is None:  # a quote resolution has not reached (an interrupted ingest)
        rows = cur.execute(
            "SELECT q.doc_id, q.id AS quote_id, q.outlet_id, q.date, q.start AS q_start, q.\"end\" AS q_end, "
            f"q.text AS words, {CARRIER_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id "
            "LEFT JOIN outlets o ON o.id = q.outlet_id LEFT JOIN citations c ON c.doc_id = q.doc_id "
            "AND c.id = q.citation_id WHERE q.doc_id = ? AND q.id = ?",
            (quote["doc_id"], quote["id"]),
        ).fetchall()
        statement = {"carriers": 1, "independent_sources": 1, "earliest_date": quote["date"]}
    else:
        statement = cur.execute("SELECT * FROM statements WHERE id = ?", (statement_id,)).fetchone()
        keys = first_carriers(cur, "statement", statement_id, SETTINGS.report.carriers_shown)
        rows = in_key_order(cur.execute(
            "SELECT sc.doc_id, sc.quote_id, sc.outlet_id, sc.date, q.start AS q_start, q.\"end\" AS q_end, "
            f"q.text AS words, {CARRIER_COLUMNS} FROM statement_carriers sc "
            "JOIN quotes q ON q.doc_id = sc.doc_id AND q.id = sc.quote_id JOIN documents d ON d.id = sc.doc_id "
            "LEFT JOIN outlets o ON o.id = sc.outlet_id LEFT JOIN citations c ON c.doc_id = q.doc_id "
            f"AND c.id = q.citation_id WHERE sc.statement_id = ? AND (sc.doc_id, sc.quote_id) IN (VALUES {key_pairs(keys)})",
            [statement_id, *(v for key in keys for v in key)],
        ).fetchall(), keys, "quote_id") if keys else []
    sources = [
        Source(
            doc_id=row["doc_id"], start=row["q_start"], end=row["q_end"],
            outlet=row["outlet_name"] or own_label(row), date=row["date"], own_report=row["outlet_name"] is None,
            quote_id=row["quote_id"], citation_id=row["cite_id"], title=row["title"],
            source_path=row["source_path"], outlet_id=row["outlet_id"],
        )
        for row in rows
    ]
    carriers = statement["carriers"]
    line = Line(
        kind="statement", text=rows[0]["words"] if rows else quote["text"], sources=sources,
        date=statement["earliest_date"], item_id=statement_id,
        fields={
            "carriers": carriers, "independent_sources": statement["independent_sources"],
            "single_source": statement["independent_sources"] <= 1,
            "carriers_not_shown": max(0, carriers - len(sources)),
        },
    )
    return line, rows


def read_statements(
    conn: sqlite3.Connection, scope: PlaceScope | None, actor_ids: Sequence[str], date_from: str | None,
    date_to: str | None, limit: int,
) -> tuple[list[Group], bool | str, list[sqlite3.Row]]:
    """Statements whose quotes fall in scope, grouped by speaker; the groups and the statements in
    them earliest first. Quotes are read in date order (the ``quotes_date`` or ``quotes_speaker``
    index) until ``limit`` distinct statements are found."""
    cur, reader = cursor(conn), cursor(conn)
    walk_where, walk_params = date_sql("q.date", date_from, date_to)
    join, where, params = "", ["d.current = 1"], []
    if scope is not None:
        join = "JOIN claims c ON c.doc_id = q.doc_id AND c.idx = q.sentence "
        sql, values = sentence_place_sql(scope)
        where.append(sql)
        params += values
    # each walk reads at most SETTINGS.report.scan_rows quotes of the range in date order, filtered outside
    walks: list[tuple[str, list[Any]]] = []
    for speaker in list(dict.fromkeys(actor_ids)) or [None]:
        conditions, values = list(walk_where), list(walk_params)
        if speaker is not None:
            conditions.insert(0, "q.speaker_actor_id = ?")
            values.insert(0, speaker)
        dated = " AND ".join([*conditions, "q.date IS NOT NULL"])
        walks.append((f"SELECT q.*, q.rowid AS r FROM quotes q WHERE {dated} ORDER BY q.date, q.rowid", values))
        if not date_from and not date_to:
            undated = " AND ".join([*conditions, "q.date IS NULL"])
            walks.append((f"SELECT q.*, q.rowid AS r FROM quotes q WHERE {undated} ORDER BY q.rowid", values))
    seen: set[str] = set()
    carrier_rows: list[sqlite3.Row] = []
    more: bool | str = False
    budget = limit * SETTINGS.report.scan_factor
    found: list[tuple[str, Line, sqlite3.Row]] = []
    for walk, values in walks:
        sql = (
            "SELECT q.doc_id, q.id, q.date, q.text, q.speaker_actor_id, q.speaker_name, q.speaker_surface "
            f"FROM ({walk} LIMIT {SETTINGS.report.scan_rows}) q JOIN documents d ON d.id = q.doc_id {join}"
            f"WHERE {' AND '.join(where)}"
        )
        for quote in stream(reader, sql, [*values, *params], budget):
            budget -= 1
            link = cur.execute(
                "SELECT statement_id FROM statement_carriers WHERE doc_id = ? AND quote_id = ? LIMIT 1",
                (quote["doc_id"], quote["id"]),
            ).fetchone()
            key = link[0] if link else f"{quote['doc_id']}#{quote['id']}"
            if key in seen:
                continue
            if len(seen) >= limit:
                more = True
                break
            line, rows = _statement_line(cur, link[0] if link else None, quote)
            seen.add(key)
            carrier_rows += rows
            found.append((key, line, quote))
        if budget <= 0:
            more = True
        if more:
            break
        if cur.execute(f"SELECT count(*) FROM ({walk} LIMIT ?)", [*values, SETTINGS.report.scan_rows + 1]).fetchone()[0] > SETTINGS.report.scan_rows:
            more = "scan"
    # group by (canonical) speaker
    speaker_ids = sorted({q["speaker_actor_id"] for _, _, q in found if q["speaker_actor_id"]})
    canonical = {
        row[0]: row[1] or row[0]
        for row in cur.execute(f"SELECT id, canonical_id FROM actors WHERE id IN ({marks(speaker_ids)})", speaker_ids)
    }
    names = actor_names(cur, canonical.values())
    groups: dict[str, Group] = {}
    for _, line, quote in found:
        speaker_id = canonical.get(quote["speaker_actor_id"] or "", quote["speaker_actor_id"])
        name = names.get(speaker_id or "") or quote["speaker_name"] or quote["speaker_surface"] or "unknown speaker"
        key = speaker_id or f"name:{normalise_name(name)}"
        line.fields["speaker"] = name
        line.fields["speaker_id"] = speaker_id
        groups.setdefault(key, Group(key=key, title=name)).lines.append(line)
    ordered = []
    for group in groups.values():
        group.lines.sort(key=lambda line: (line.date is None, line.date or "", line.text))
        ordered.append(group)
    ordered.sort(key=lambda g: (g.lines[0].date is None, g.lines[0].date or "", g.title))
    return ordered, more, carrier_rows
