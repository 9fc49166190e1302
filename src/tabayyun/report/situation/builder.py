"""Assembling the situation report: resolve the scope, read the five sections in order, note
where they were capped, count what they hold, and wrap it all in a :class:`SituationReport`."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from tabayyun.report.situation.audit import read_audit
from tabayyun.report.situation.contested import read_contested
from tabayyun.report.situation.model import (
    SECTION_IDS,
    SECTION_TITLES,
    Group,
    Line,
    Section,
    SituationReport,
)
from tabayyun.report.situation.reading import date_sql, has
from tabayyun.report.situation.scope import ReportScope, question, resolve_scope
from tabayyun.report.situation.sources import read_sources
from tabayyun.report.situation.what_happened import happened_groups, read_events
from tabayyun.report.situation.who_said_what import read_statements
from tabayyun.settings import SETTINGS

SCAN_NOTE = (f"the search stopped after reading {SETTINGS.report.scan_rows:,} items of the date range: narrow the dates "
             "to see the rest")


def _count_documents(conn: sqlite3.Connection, date_from: str | None, date_to: str | None) -> tuple[int, bool]:
    where, params = date_sql("published", date_from, date_to)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM documents WHERE {' AND '.join([*where, 'current = 1'])} LIMIT ?)"
    count = conn.execute(sql, [*params, SETTINGS.report.count_cap + 1]).fetchone()[0]
    return min(count, SETTINGS.report.count_cap), count > SETTINGS.report.count_cap


def _read_sections(
    conn: sqlite3.Connection, resolved: ReportScope, by_id: dict[str, Section], date_from: str | None,
    date_to: str | None, limit: int,
) -> tuple[list[Line], list[Group], dict[str, int], list[str]]:
    """Fill the five sections in report order (an unknown actor leaves all but ``sources``
    empty); returns the event lines, the statement groups, the single-source shares and the
    documents behind the lines."""
    scope, actor_ids, unknown_actor = resolved.place, resolved.actor_ids, resolved.unknown_actor
    event_lines: list[Line] = []
    statement_groups: list[Group] = []
    carrier_rows: list[sqlite3.Row] = []
    if not unknown_actor:
        has_events = has(conn, "table", "corpus_events")
        if has_events:
            event_lines, more, rows = read_events(conn, scope, actor_ids, date_from, date_to, limit)
            carrier_rows += rows
            by_id["what-happened"].groups = happened_groups(event_lines)
            by_id["what-happened"].more = more
        statement_groups, more, rows = read_statements(conn, scope, actor_ids, date_from, date_to, limit)
        carrier_rows += rows
        by_id["who-said-what"].groups = statement_groups
        by_id["who-said-what"].more = more
    statement_lines = [line for group in statement_groups for line in group.lines]
    if not unknown_actor:
        groups, more = read_contested(conn, event_lines, statement_lines, limit)
        by_id["contested"].groups, by_id["contested"].more = groups, more
    groups, source_notes, shares = read_sources(conn, [*event_lines, *statement_lines], carrier_rows, limit)
    by_id["sources"].groups, by_id["sources"].notes = groups, source_notes
    behind = [s.doc_id for line in [*event_lines, *statement_lines] for s in line.sources]
    if not unknown_actor:
        groups, more = read_audit(conn, scope, actor_ids, date_from, date_to, behind, limit)
        by_id["audit"].groups, by_id["audit"].more = groups, more
    return event_lines, statement_groups, shares, behind


def _note_caps(sections: list[Section], limit: int) -> None:
    """Say in each capped section why it stopped; ``more`` becomes a plain bool."""
    for section in sections:
        if section.more == "scan":
            section.notes.append(SCAN_NOTE)
        elif section.more:
            section.notes.append(f"only the first {limit} items are shown; more are in scope")
        section.more = bool(section.more)


def _counts(
    by_id: dict[str, Section], event_lines: list[Line], statement_groups: list[Group], shares: dict[str, int]
) -> dict[str, int]:
    statement_lines = [line for group in statement_groups for line in group.lines]
    happened_count = sum(1 for line in event_lines if line.fields["happened"])
    return {
        "events": len(event_lines), "events_happened": happened_count,
        "events_not_happened": len(event_lines) - happened_count,
        "statements": len(statement_lines), "speakers": len(statement_groups),
        "contested": len(by_id["contested"].lines),
        "outlets": sum(1 for line in by_id["sources"].lines if line.kind == "outlet" and line.fields.get("outlet_id")),
        "relay_chains": sum(1 for line in by_id["sources"].lines if line.kind == "relay"),
        "single_source_items": shares["single_source"],
        "unsourced_claims": sum(1 for line in by_id["audit"].lines if line.kind == "claim"),
        "date_findings": sum(1 for line in by_id["audit"].lines if line.kind == "date-finding"),
    }


def build_situation(
    conn: sqlite3.Connection,
    *,
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    kb: Any = None,
    limit: int = 200,
) -> SituationReport:
    """The situation report for a place, a date range (inclusive ISO dates) and an actor, each
    optional. An empty scope (nothing matches, an unknown actor) gives a report that says so.
    ``limit`` caps the lines of every section."""
    limit = max(1, int(limit))
    place = place.strip() if place and place.strip() else None
    actor = actor.strip() if actor and actor.strip() else None
    resolved = resolve_scope(conn, place, date_from, date_to, actor, kb, limit)
    sections = [Section(sid, SECTION_TITLES[sid]) for sid in SECTION_IDS]
    by_id = {s.id: s for s in sections}
    event_lines, statement_groups, shares, behind = _read_sections(conn, resolved, by_id, date_from, date_to, limit)
    _note_caps(sections, limit)
    in_range, capped = _count_documents(conn, date_from, date_to)
    corpus = {"documents_in_range": in_range, "documents_in_range_capped": capped,
              "documents_behind_report": len(set(behind))}
    counts = _counts(by_id, event_lines, statement_groups, shares)
    report = SituationReport(
        question=question(place, date_from, date_to, resolved.info.get("actor_name") or actor),
        scope=resolved.info,
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        corpus=corpus, counts=counts, sections=sections, notes=resolved.notes,
    )
    if report.empty:
        report.notes.append("nothing in the store matches this scope")
    return report
