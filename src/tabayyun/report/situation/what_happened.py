"""The ``what-happened`` section: corpus events in scope in date order, each with its carriers,
split into those reported as having happened and the planned, negated, hypothetical or intended."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from tabayyun.report.situation.model import Group, Line, Source
from tabayyun.report.situation.reading import (
    CARRIER_COLUMNS,
    actor_names,
    cursor,
    date_sql,
    marks,
    own_label,
)
from tabayyun.report.situation.scope import PlaceScope, event_place_sql, sentence_place_sql
from tabayyun.settings import SETTINGS
from tabayyun.store.queries import first_carriers, in_key_order, key_pairs


def _event_carriers(cur: sqlite3.Cursor, event_id: str) -> tuple[list[Source], list[sqlite3.Row]]:
    keys = first_carriers(cur, "event", event_id, SETTINGS.report.carriers_shown)
    if not keys:
        return [], []
    rows = in_key_order(cur.execute(
        "SELECT ec.doc_id, ec.event_id, ec.outlet_id, ec.date, ec.earliest, ev.sentence_start, ev.sentence_end, "
        f'ev.start AS pred_start, ev."end" AS pred_end, {CARRIER_COLUMNS}, '
        "substr(d.text, coalesce(ev.sentence_start, ev.start) + 1, "
        "coalesce(ev.sentence_end, ev.\"end\") - coalesce(ev.sentence_start, ev.start)) AS words "
        "FROM event_carriers ec JOIN events ev ON ev.doc_id = ec.doc_id AND ev.id = ec.event_id "
        "JOIN documents d ON d.id = ec.doc_id LEFT JOIN outlets o ON o.id = ec.outlet_id "
        "LEFT JOIN citations c ON c.doc_id = ev.doc_id AND c.id = ev.citation "
        f"WHERE ec.corpus_event_id = ? AND (ec.doc_id, ec.event_id) IN (VALUES {key_pairs(keys)})",
        [event_id, *(v for key in keys for v in key)],
    ).fetchall(), keys, "event_id")
    sources = []
    for row in rows:
        start = row["sentence_start"] if row["sentence_start"] is not None else row["pred_start"]
        end = row["sentence_end"] if row["sentence_end"] is not None else row["pred_end"]
        sources.append(Source(
            doc_id=row["doc_id"], start=start, end=end, outlet=row["outlet_name"] or own_label(row),
            date=row["date"], own_report=row["outlet_name"] is None, event_id=row["event_id"],
            citation_id=row["cite_id"], title=row["title"], source_path=row["source_path"],
            outlet_id=row["outlet_id"],
        ))
    return sources, rows


def event_line(cur: sqlite3.Cursor, event: sqlite3.Row, names: dict[str, str]) -> tuple[Line, list[sqlite3.Row]]:
    """The line of one corpus event (its first carrier's words) and the carrier rows behind it."""
    sources, rows = _event_carriers(cur, event["id"])
    text = rows[0]["words"] if rows else (event["sentence"] or "")
    line = Line(
        kind="event", text=text, sources=sources, date=event["date"], item_id=event["id"],
        fields={
            "type": event["type"], "mode": event["mode"],
            "source": names.get(event["source_actor"] or "", event["source_name"]),
            "target": names.get(event["target_actor"] or "", event["target_name"]),
            "place": event["place_name"], "status": event["status"], "happened": bool(event["happened"]),
            "last_date": event["last_date"], "carriers": event["carriers"],
            "independent_sources": event["independent_sources"],
            "single_source": event["independent_sources"] <= 1,
            "carriers_not_shown": max(0, event["carriers"] - len(sources)),
        },
    )
    return line, rows


def read_events(
    conn: sqlite3.Connection, scope: PlaceScope | None, actor_ids: Sequence[str], date_from: str | None,
    date_to: str | None, limit: int,
) -> tuple[list[Line], bool | str, list[sqlite3.Row]]:
    """Corpus events in scope, in date order (undated last when no range is given).

    With a place, an event is in scope when its own place is (or lies in, or near) the place,
    or when a carrier's sentence names it ("talks in Ankara on a truce in Aleppo"). The first
    route is one query; the second reads the events of the range in date order and stops after
    ``limit * SETTINGS.report.scan_factor`` of them."""
    cur = cursor(conn)
    where, params = date_sql("e.date", date_from, date_to)
    if actor_ids:
        where.append(f"(e.source_actor IN ({marks(actor_ids)}) OR e.target_actor IN ({marks(actor_ids)}))")
        params += [*actor_ids, *actor_ids]
    plain = " AND ".join(where) or "1"
    # dated events in date order (the corpus_events_date index), then, without a range, undated ones
    walks = [(f"{plain} AND e.date IS NOT NULL", "e.date, e.type, e.rowid")]
    if not date_from and not date_to:
        walks.append((f"{plain} AND e.date IS NULL", "e.type, e.rowid"))
    more: bool | str = False  # "scan": the place filter stopped reading after SETTINGS.report.scan_rows events
    found: dict[str, sqlite3.Row] = {}
    matched: dict[str, str] = {}
    for condition, order in walks:
        if len(found) > limit:
            break
        walk = f"SELECT e.*, e.rowid AS rowid_ FROM corpus_events e WHERE {condition}"
        if scope is None:
            rows = cur.execute(f"{walk} ORDER BY {order} LIMIT ?", [*params, limit + 1]).fetchall()
            for row in rows:
                found[row["id"]], matched[row["id"]] = row, "all"
            continue
        place_sql, place_params = event_place_sql(scope)
        direct = cur.execute(
            f"SELECT * FROM ({walk} ORDER BY {order} LIMIT ?) e WHERE {place_sql} LIMIT ?",
            [*params, SETTINGS.report.scan_rows, *place_params, limit + 1],
        ).fetchall()
        walk_params = list(params)
        if len(direct) > limit and direct[-1]["date"]:
            # a full page: sentences naming the place matter only up to its last date
            walk += " AND e.date <= ?"
            walk_params.append(direct[-1]["date"])
        elif cur.execute(f"SELECT count(*) FROM ({walk} LIMIT ?)", [*params, SETTINGS.report.scan_rows + 1]).fetchone()[0] > SETTINGS.report.scan_rows:
            more = "scan"
        sentence_sql, sentence_params = sentence_place_sql(scope)
        sentence_sql = sentence_sql.replace("c.doc_id", "ev.doc_id").replace("c.start", "ev.sentence_start")
        sentence_sql = sentence_sql.replace('c."end"', "ev.sentence_end").replace(
            "c.text", "substr(dd.text, ev.sentence_start + 1, ev.sentence_end - ev.sentence_start)")
        budget = limit * SETTINGS.report.scan_factor
        named = cur.execute(
            f"SELECT * FROM ({walk} ORDER BY {order} LIMIT ?) e WHERE EXISTS (SELECT 1 FROM event_carriers ec "
            "JOIN events ev ON ev.doc_id = ec.doc_id AND ev.id = ec.event_id JOIN documents dd ON dd.id = ev.doc_id "
            f"WHERE ec.corpus_event_id = e.id AND ev.sentence_start IS NOT NULL AND {sentence_sql}) LIMIT ?",
            [*walk_params, budget, *sentence_params, limit + 1],
        ).fetchall()
        scanned = cur.execute(f"SELECT count(*) FROM ({walk} LIMIT ?)", [*walk_params, budget + 1]).fetchone()[0]
        more = more or len(direct) > limit or len(named) > limit or scanned > budget
        for row in named:
            found[row["id"]], matched[row["id"]] = row, "sentence"
        for row in direct:
            found[row["id"]], matched[row["id"]] = row, "place"
    rows = sorted(found.values(), key=lambda r: (r["date"] is None, r["date"] or "", r["type"], r["rowid_"]))
    more = more or len(rows) > limit
    rows = rows[:limit]
    names = actor_names(cur, [a for r in rows for a in (r["source_actor"], r["target_actor"])])
    lines, carrier_rows = [], []
    for event in rows:
        line, carried = event_line(cur, event, names)
        if scope is not None:
            line.fields["place_match"] = matched[event["id"]]
        lines.append(line)
        carrier_rows += carried
    return lines, more, carrier_rows


def happened_groups(lines: list[Line]) -> list[Group]:
    """The event lines split into those reported as having happened and the others (the groups
    that hold lines)."""
    happened = Group("happened", "Reported as having happened")
    not_happened = Group("not-happened", "Planned, negated, hypothetical or intended: not reported as having happened")
    for line in lines:
        (happened if line.fields["happened"] else not_happened).lines.append(line)
    return [g for g in (happened, not_happened) if g.lines]
