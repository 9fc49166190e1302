"""The fixed labels and one-line summaries the renderers (Markdown, HTML, the web app) print
around a report's lines: never generated prose, only fixed phrases and counts."""

from __future__ import annotations

from tabayyun.report.situation.model import Line, SituationReport

STATUS_LABELS = {
    "asserted": "reported as having happened",
    "planned": "planned: not reported as having happened",
    "negated": "negated: reported as not having happened",
    "hypothetical": "hypothetical: not reported as having happened",
    "reported-intent": "stated intention: not reported as having happened",
}


def line_labels(line: Line) -> list[str]:
    """The fixed labels a renderer prints before a line's words (date, type, actors, place, status)."""
    f = line.fields
    if line.kind == "event":
        who = " → ".join(part or "—" for part in (f.get("source"), f.get("target"))) if (
            f.get("source") or f.get("target")) else None
        kind = f["type"] + (f" ({f['mode']})" if f.get("mode") else "")
        labels = [kind, who, f.get("place")]
        if not f.get("happened"):
            labels.append(STATUS_LABELS.get(f.get("status", ""), f.get("status")))
        return [label for label in labels if label]
    if line.kind == "statement":
        return [f.get("speaker") or "unknown speaker"]
    if line.kind in ("finding", "date-conflict", "status-conflict"):
        labels = [f.get("label")]
        if line.kind == "date-conflict":
            labels.append("dates: " + ", ".join(f.get("dates", [])))
        if line.kind == "status-conflict":
            labels.append("statuses: " + " / ".join(f.get("statuses", [])))
        return [label for label in labels if label]
    if line.kind == "outlet":
        items = f"{f.get('items', 0)} item(s) in {f.get('documents', 0)} document(s)"
        return [label for label in (f.get("outlet"), f.get("ownership"), items) if label]
    if line.kind == "relay":
        return [f.get("chain", ""), f"{f.get('items', 0)} item(s)"]
    if line.kind == "date-finding":
        return [f"{f.get('finding')} ({f.get('severity')})"]
    if line.kind == "claim":
        return [f.get("label", "")]
    return []


def corroboration(line: Line) -> str | None:
    """"N independent sources", and the single-source warning, for events and statements."""
    if "independent_sources" not in line.fields:
        return None
    n = line.fields["independent_sources"]
    text = f"{n} independent source{'s' if n != 1 else ''}"
    if line.fields.get("single_source"):
        text += " · single source: no independent confirmation"
    return text


def count_summary(report: SituationReport) -> str:
    c = report.counts
    return (
        f"{c['events']} events ({c['events_happened']} reported as having happened, {c['events_not_happened']} not), "
        f"{c['statements']} statements by {c['speakers']} speakers, {c['contested']} contested points, "
        f"{c['outlets']} outlets, {c['relay_chains']} relay chains, {c['unsourced_claims']} unsourced sentences, "
        f"{c['date_findings']} date findings"
    )


def scope_summary(report: SituationReport) -> str:
    s = report.scope
    parts = []
    if s.get("place"):
        parts.append(f"place {s['place']} (matched: {s.get('place_match')})")
    else:
        parts.append("any place")
    if s.get("date_from") or s.get("date_to"):
        parts.append(f"dates {s.get('date_from') or 'any'} to {s.get('date_to') or 'any'}")
    else:
        parts.append("any date")
    if s.get("actor"):
        parts.append(f"actor {s.get('actor_name') or s['actor']}")
    else:
        parts.append("any actor")
    return " · ".join(parts)


def corpus_summary(report: SituationReport) -> str:
    c = report.corpus
    n = f"more than {c['documents_in_range']:,}" if c.get("documents_in_range_capped") else f"{c['documents_in_range']:,}"
    where = "published in the date range" if report.scope.get("date_from") or report.scope.get("date_to") else "in the store"
    return f"{n} documents {where}; {c['documents_behind_report']} documents behind this report"
