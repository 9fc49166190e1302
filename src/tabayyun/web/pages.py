"""HTML pages, rendered on the server with Jinja2 (autoescaped: document text is hostile)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from tabayyun.report.html import REPORT_CSS
from tabayyun.web import data, reporting
from tabayyun.web.api import check_type, conn_of, days, found
from tabayyun.web.highlight import Span, render_spans

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)

NAV = [
    ("documents", "/documents", "Documents"),
    ("actors", "/actors", "Actors"),
    ("timeline", "/timeline", "Timeline"),
    ("network", "/network", "Network"),
    ("map", "/map", "Map"),
    ("findings", "/findings", "Findings"),
    ("sources", "/sources", "Sources"),
    ("search", "/search", "Search"),
    ("report", "/report", "Report"),
]
TEMPLATES.env.globals["nav"] = NAV


def page(
    request: Request, template: str, name: str, title: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(
        request, template, {"page": name, "title": title, **context}, status_code=status_code
    )


def query_string(**params: Any) -> str:
    """The non-empty parameters as a query string (for paging and export links)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def pages_around(filters: dict[str, Any], offset: int, size: int, more: bool) -> dict[str, str | None]:
    """The query strings of the next and the previous page of a list (None where there is none)."""
    return {
        "next_qs": query_string(**filters, offset=offset + size) if more else None,
        "prev_qs": query_string(**filters, offset=max(0, offset - size)) if offset else None,
    }


# ------------------------------------------------------------------------------- documents


@router.get("/", response_class=HTMLResponse)
@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    q: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    outlet: str | None = None,
    place: str | None = None,
    offset: int = Query(0, ge=0, le=10_000),
) -> HTMLResponse:
    conn = conn_of(request)
    start, end = days(date_from, date_to)
    result = data.documents_list(
        conn,
        q=q or None,
        date_from=start,
        date_to=end,
        outlet=outlet or None,
        place=place or None,
        limit=50,
        offset=offset,
    )
    filters = {
        "q": q or "",
        "from": start or "",
        "to": end or "",
        "outlet": outlet or "",
        "place": place or "",
    }
    return page(
        request,
        "documents.html",
        "documents",
        "Documents",
        result=result,
        filters=filters,
        outlets=data.outlet_choices(conn),
        **pages_around(filters, offset, 50, result["more"]),
    )


def _title_for_citation(c: dict[str, Any]) -> str:
    when = c["effective_date"] or c["date"] or "undated"
    return f"{c['chain']}, {when}"


def document_spans(detail: dict[str, Any]) -> list[Span]:
    """Every evidence item and sentence of a document as a span to highlight."""
    spans: list[Span] = []
    for s in detail["sentences"]:
        spans.append(
            Span("sentence", s["start"], s["end"], str(s["idx"]), f"s-{s['idx']}", "", [s["kind"]])
        )
    for f in detail["findings"]:
        if f["start"] is not None and f["end"] is not None:
            spans.append(
                Span(
                    "finding",
                    f["start"],
                    f["end"],
                    str(f["id"]),
                    f"f-{f['id']}",
                    f"{f['severity']}: {f['message']}",
                    [f"sev-{f['severity']}"],
                )
            )
    for q in detail["quotes"]:
        spans.append(
            Span(
                "quote",
                q["start"],
                q["end"],
                q["id"],
                f"q-{q['id']}",
                q["speaker"] or "unknown speaker",
            )
        )
    for e in detail["events"]:
        status = e["status"] or ("negated" if e["negated"] else e["modality"])
        extra = [] if status in (None, "asserted") else ["not-happened"]
        spans.append(
            Span(
                "event",
                e["start"],
                e["end"],
                e["id"],
                f"e-{e['id']}",
                f"{e['type']} ({status})",
                extra,
            )
        )
    for c in detail["citations"]:
        spans.append(
            Span("citation", c["start"], c["end"], c["id"], f"c-{c['id']}", _title_for_citation(c))
        )
    for i, p in enumerate(detail["places"]):
        where = ", ".join(x for x in (p["name"], p["admin1"], p["country"]) if x)
        spans.append(
            Span(
                "place",
                p["start"],
                p["end"],
                p["name"],
                f"p-{i}",
                where + (" (standing for its government)" if p["role"] == "actor" else ""),
            )
        )
    for i, d in enumerate(detail["dates"]):
        spans.append(
            Span(
                "date",
                d["start"],
                d["end"],
                d["value"],
                f"d-{i}",
                d["value"] + (f" ({d['calendar']})" if d["calendar"] != "gregorian" else ""),
            )
        )
    names = detail["actor_names"]
    for m in detail["mentions"]:
        spans.append(
            Span(
                "actor",
                m["start"],
                m["end"],
                m["actor_id"],
                "",
                names.get(m["actor_id"], m["surface"]),
            )
        )
    return spans


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> HTMLResponse:
    detail = found(data.document_detail, conn_of(request), doc_id)
    body = Markup(
        render_spans(detail["text"], document_spans(detail))
    )  # every text piece escaped inside
    total = sum(detail["claim_counts"].values()) or 1
    shares = {
        k: round(100 * detail["claim_counts"].get(k, 0) / total)
        for k in ("sourced", "quoted", "unsourced")
    }
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in detail["quotes"]:
        by_speaker[q["speaker"] or "unknown speaker"].append(q)
    return page(
        request,
        "document.html",
        "document",
        detail["document"]["label"],
        d=detail,
        body=body,
        shares=shares,
        by_speaker=dict(by_speaker),
    )


# ------------------------------------------------------------------------------- statements, events


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, statement_id: str) -> HTMLResponse:
    detail = found(data.statement_detail, conn_of(request), statement_id)
    return page(request, "statement.html", "statement", "Statement", s=detail)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    detail = found(data.event_detail, conn_of(request), event_id)
    return page(request, "event.html", "event", f"Event {detail['event']['type']}", e=detail)


# ------------------------------------------------------------------------------- actors


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request,
    q: str | None = None,
    type: str | None = None,  # noqa: A002
    offset: int = Query(0, ge=0, le=10_000),
) -> HTMLResponse:
    result = data.actors_list(
        conn_of(request), q=q or None, type=type or None, limit=100, offset=offset
    )
    filters = {"q": q or "", "type": type or ""}
    return page(
        request,
        "actors.html",
        "actors",
        "Actors",
        result=result,
        filters=filters,
        **pages_around(filters, offset, 100, result["more"]),
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> Response:
    detail = found(data.actor_detail, conn_of(request), actor_id)
    if detail["actor"]["id"] != actor_id:  # a merged actor: show the canonical one
        return RedirectResponse(f"/actors/{detail['actor']['id']}", status_code=307)
    return page(request, "actor.html", "actor", detail["actor"]["name"], a=detail)


# ------------------------------------------------------------------------------- timeline


def timeline_chart(
    items: list[dict[str, Any]], width: int = 960, height: int = 90
) -> dict[str, Any] | None:
    """Bars per day for the rows shown (events and statements stacked), as SVG geometry."""
    days: dict[str, dict[str, int]] = defaultdict(lambda: {"event": 0, "statement": 0})
    for item in items:
        if item["date"]:
            days[item["date"]][item["kind"]] += 1
    if not days:
        return None
    first, last = dt.date.fromisoformat(min(days)), dt.date.fromisoformat(max(days))
    span = (last - first).days + 1
    step = width / span
    top = max(sum(v.values()) for v in days.values())
    bars = []
    for key, counts in sorted(days.items()):
        x = (dt.date.fromisoformat(key) - first).days * step
        y = height
        for kind in ("event", "statement"):
            h = counts[kind] / top * (height - 14)
            if h:
                y -= h
                bars.append(
                    {
                        "x": round(x + 0.5, 1),
                        "y": round(y, 1),
                        "w": round(max(step - 1, 1), 1),
                        "h": round(h, 1),
                        "kind": kind,
                        "label": f"{key}: {counts[kind]} {kind}(s)",
                    }
                )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "first": first.isoformat(),
        "last": last.isoformat(),
    }


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    place: str | None = None,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002
    outlet: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    offset: int = Query(0, ge=0, le=10_000),
) -> HTMLResponse:
    conn = conn_of(request)
    start, end = days(date_from, date_to)
    kind = check_type(type)
    result = data.timeline(
        conn,
        place=place or None,
        actor=actor or None,
        type=kind,
        outlet=outlet or None,
        date_from=start,
        date_to=end,
        limit=200,
        offset=offset,
    )
    filters = {
        "place": place or "",
        "actor": actor or "",
        "type": type or "",
        "outlet": outlet or "",
        "from": start or "",
        "to": end or "",
    }
    return page(
        request,
        "timeline.html",
        "timeline",
        "Timeline",
        result=result,
        filters=filters,
        chart=timeline_chart(result["items"]),
        types=data.event_types(),
        outlets=data.outlet_choices(conn),
        **pages_around(filters, offset, 200, result["more"]),
    )


# ------------------------------------------------------------------------------- network, map


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    media: bool = False,
) -> HTMLResponse:
    start, end = days(date_from, date_to)
    src = "/api/network?" + query_string(
        **{"from": start, "to": end, "media": "true" if media else None}
    )
    return page(
        request,
        "network.html",
        "network",
        "Network",
        src=src,
        filters={"from": start or "", "to": end or "", "media": media},
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> HTMLResponse:
    start, end = days(date_from, date_to)
    src = "/api/map?" + query_string(**{"from": start, "to": end})
    return page(
        request, "map.html", "map", "Map", src=src, filters={"from": start or "", "to": end or ""}
    )


# ------------------------------------------------------------------------------- findings, sources, search


@router.get("/findings", response_class=HTMLResponse)
def findings_page(
    request: Request,
    level: str | None = Query(None, pattern="^(corpus|document)?$"),
    kind: str | None = None,
    offset: int = Query(0, ge=0, le=10_000),
) -> HTMLResponse:
    result = data.findings_list(
        conn_of(request), level=level or None, kind=kind or None, limit=100, offset=offset
    )
    filters = {"level": level or "", "kind": kind or ""}
    return page(
        request,
        "findings.html",
        "findings",
        "Findings",
        result=result,
        filters=filters,
        **pages_around(filters, offset, 100, result["more"]),
    )


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    return page(
        request, "sources.html", "sources", "Sources", result=data.sources_list(conn_of(request))
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    result = data.search(conn_of(request), q, limit=30) if q.strip() else None
    return page(request, "search.html", "search", "Search", q=q, result=result)


# ------------------------------------------------------------------------------- report


def _report_args(
    place: str | None, actor: str | None, date_from: str | None, date_to: str | None
) -> dict:
    start, end = days(date_from, date_to)
    return {"place": place or None, "actor": actor or None, "date_from": start, "date_to": end}


@router.get("/report", response_class=HTMLResponse)
def report_page(
    request: Request,
    place: str | None = None,
    actor: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> HTMLResponse:
    args = _report_args(place, actor, date_from, date_to)
    qs = query_string(
        place=args["place"],
        actor=args["actor"],
        **{"from": args["date_from"], "to": args["date_to"]},
    )
    report = reporting.build(request, **args)
    # the report module's own HTML: it escapes every document-derived string itself
    fragment = Markup(reporting.html_fragment(report))
    filters = {
        "place": place or "",
        "actor": actor or "",
        "from": args["date_from"] or "",
        "to": args["date_to"] or "",
    }
    return page(
        request,
        "report.html",
        "report",
        "Situation report",
        fragment=fragment,
        qs=qs,
        filters=filters,
    )


def _filename(args: dict[str, Any], ext: str) -> str:
    parts = ["situation"] + [
        "".join(ch for ch in str(v) if ch.isalnum() or ch in "-_") for v in args.values() if v
    ]
    return "-".join(p for p in parts if p)[:80] + ext


@router.get("/report.css")
def report_css() -> Response:
    """The report module's stylesheet for the embedded fragment (inline CSS is not allowed here)."""
    return Response(
        REPORT_CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/report.html")
def report_html(
    request: Request,
    place: str | None = None,
    actor: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> Response:
    args = _report_args(place, actor, date_from, date_to)
    html = reporting.html_standalone(reporting.build(request, **args))
    return HTMLResponse(
        html,
        headers={
            "Content-Disposition": f'attachment; filename="{_filename(args, ".html")}"',
            # the standalone file carries its own CSS inline and no script
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        },
    )


@router.get("/report.md")
def report_md(
    request: Request,
    place: str | None = None,
    actor: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> Response:
    args = _report_args(place, actor, date_from, date_to)
    text = reporting.markdown(reporting.build(request, **args))
    return PlainTextResponse(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{_filename(args, ".md")}"',
        },
    )
