"""The ``contested`` section: corpus findings on the items shown, events whose carriers give
different dates, and one event reported with different statuses (happened / did not happen)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from tabayyun.report.situation.model import Group, Line
from tabayyun.report.situation.reading import cursor
from tabayyun.report.situation.what_happened import event_line

_FINDING_LABELS = {
    "conflicting-speaker": "the same words are attributed to different speakers",
    "conflicting-date": "the carriers give different dates",
    "conflicting-event-type": "one report is coded as different event types",
    "single-source": "carried by several documents, all from one source",
}


def _shift(day: str, days: int) -> str:
    try:
        return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return day


def read_contested(conn: sqlite3.Connection, events: list[Line], statements: list[Line], limit: int) -> tuple[list[Group], bool]:
    """The contested points among the event and statement lines shown, at most ``limit`` in all,
    and whether some were left out."""
    cur = cursor(conn)
    by_item = {line.item_id: line for line in [*events, *statements] if line.item_id}
    findings = Group("findings", "Corpus findings on these items")
    first_docs = {item.sources[0].doc_id for item in by_item.values() if item.sources}
    for doc_id in sorted(first_docs):
        for row in cur.execute(
            "SELECT rowid, kind, severity, message, statement_id, event_id FROM findings "
            "WHERE doc_id = ? AND +level = 'corpus' ORDER BY rowid LIMIT 50",
            (doc_id,),
        ):
            item = by_item.get(row["statement_id"]) or by_item.get(row["event_id"])
            if item is None:
                continue
            findings.lines.append(Line(
                kind="finding", text=item.text, sources=item.sources, date=item.date, item_id=item.item_id,
                fields={"finding": row["kind"], "label": _FINDING_LABELS.get(row["kind"], row["kind"]),
                        "severity": row["severity"], "message": row["message"], "about": item.kind},
            ))
    dates = Group("dates", "Events whose carriers give different dates")
    for line in events:
        last = line.fields.get("last_date")
        if last and line.date and last[:10] != line.date[:10]:
            dates.lines.append(Line(
                kind="date-conflict", text=line.text, sources=line.sources, date=line.date, item_id=line.item_id,
                fields={"label": "the carriers give different dates", "dates": sorted({
                    s.date for s in line.sources if s.date}), "about": "event"},
            ))
    statuses = Group("statuses", "One event, reported as having happened by some and not by others")
    seen_pairs: set[frozenset[str]] = set()
    for line in events:
        if len(findings.lines) + len(dates.lines) + len(statuses.lines) > limit:
            break
        event = cur.execute(
            "SELECT type, source_actor, target_actor, place_name, status, date FROM corpus_events WHERE id = ?",
            (line.item_id,),
        ).fetchone()
        if event is None or not event["date"]:
            continue
        # the same (type, actors, place) within a day, through the most selective index at hand
        days = (_shift(event["date"], -1), event["date"], _shift(event["date"], 1))
        if event["source_actor"]:
            lead, lead_value = "source_actor = ? AND +type = ?", (event["source_actor"], event["type"])
        elif event["target_actor"]:
            lead, lead_value = "target_actor = ? AND +type = ?", (event["target_actor"], event["type"])
        else:
            lead, lead_value = "type = ? AND +type = ?", (event["type"], event["type"])
        for other in cur.execute(
            f"SELECT id FROM corpus_events WHERE {lead} AND date IN (?, ?, ?) AND id != ? AND status != ? "
            "AND +source_actor IS ? AND +target_actor IS ? AND +place_name IS ? LIMIT 5",
            (*lead_value, *days, line.item_id, event["status"], event["source_actor"], event["target_actor"],
             event["place_name"]),
        ).fetchall():
            pair = frozenset((line.item_id or "", other["id"]))
            if pair in seen_pairs:
                continue
            seen_pairs.add(pair)
            other_event = cur.execute("SELECT * FROM corpus_events WHERE id = ?", (other["id"],)).fetchone()
            if not (event["status"] == "asserted" or other_event["status"] == "asserted"):
                continue  # planned against hypothetical: neither says it happened
            other_line, _ = event_line(cur, other_event, {})
            if {s.doc_id for s in line.sources} & {s.doc_id for s in other_line.sources}:
                continue  # one document telling two things (a plan and its start) is not a dispute
            statuses.lines.append(Line(
                kind="status-conflict", text=line.text, sources=[*line.sources, *other_line.sources],
                date=line.date, item_id=line.item_id,
                fields={"label": "reported with different statuses",
                        "statuses": [event["status"], other_event["status"]], "other_id": other["id"],
                        "other_text": other_line.text, "about": "event"},
            ))
    groups = [g for g in (findings, dates, statuses) if g.lines]
    shown, more = 0, False
    for group in groups:
        room = max(0, limit - shown)
        if len(group.lines) > room:
            group.lines = group.lines[:room]
            more = True
        shown += len(group.lines)
    return [g for g in groups if g.lines], more
