"""JSON routes under /api/ (described in /api/openapi.json)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from tabayyun.web import data
from tabayyun.web.outlines import OutlinesMissing, load_outlines
from tabayyun.web.reporting import build

router = APIRouter(prefix="/api", tags=["api"])

FromDay = Annotated[
    str | None,
    Query(
        alias="from", description="Earliest date, YYYY-MM-DD (inclusive)", examples=["2016-12-01"]
    ),
]
ToDay = Annotated[str | None, Query(alias="to", description="Latest date, YYYY-MM-DD (inclusive)")]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many rows")]
Offset = Annotated[int, Query(ge=0, le=10_000, description="Rows to skip (paging)")]


def conn_of(request: Request):
    """This worker thread's read-only connection to the store."""
    return request.app.state.store.connection()


def day(value: str | None, name: str) -> str | None:
    """A date parameter checked here so that a malformed one is a 422 with a clear message."""
    try:
        return data.parse_day(value, name)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


def days(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """The from/to pair, checked; from after to is a 422 too."""
    start, end = day(date_from, "from"), day(date_to, "to")
    if start and end and start > end:
        raise HTTPException(status_code=422, detail=f"from: {start} is after to: {end}")
    return start, end


def found(fn, *args, **kwargs) -> Any:
    try:
        return fn(*args, **kwargs)
    except data.NotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


@router.get("/documents", summary="Current documents, newest first, with filters")
def api_documents(
    request: Request,
    q: Annotated[
        str | None, Query(description="Words in the title or text (full-text search)")
    ] = None,
    date_from: FromDay = None,
    date_to: ToDay = None,
    outlet: Annotated[
        str | None, Query(description="Outlet id or name cited by the document")
    ] = None,
    place: Annotated[str | None, Query(description="Place named in the document")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    start, end = days(date_from, date_to)
    return data.documents_list(
        conn_of(request),
        q=q,
        date_from=start,
        date_to=end,
        outlet=outlet,
        place=place,
        limit=limit,
        offset=offset,
    )


@router.get("/documents/{doc_id}", summary="A document with its text and every extracted item")
def api_document(request: Request, doc_id: str) -> dict[str, Any]:
    return found(data.document_detail, conn_of(request), doc_id)


@router.get("/actors", summary="Actors, most mentioned first")
def api_actors(
    request: Request,
    q: Annotated[str | None, Query(description="Start of a name or alias")] = None,
    type: Annotated[
        str | None, Query(description="person, state, organization, armed_group, media")
    ] = None,  # noqa: A002
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    return data.actors_list(conn_of(request), q=q, type=type, limit=limit, offset=offset)


@router.get(
    "/actors/{actor_id}", summary="An actor: aliases, roles, statements, events, neighbours"
)
def api_actor(request: Request, actor_id: str) -> dict[str, Any]:
    return found(data.actor_detail, conn_of(request), actor_id)


@router.get("/timeline", summary="Corpus events and statements in date order, with corroboration")
def api_timeline(
    request: Request,
    place: str | None = None,
    actor: Annotated[str | None, Query(description="Actor id, name or alias")] = None,
    type: Annotated[str | None, Query(description="A PLOVER event type, or 'statement'")] = None,  # noqa: A002
    outlet: Annotated[str | None, Query(description="Outlet id or name carrying the item")] = None,
    date_from: FromDay = None,
    date_to: ToDay = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> dict[str, Any]:
    start, end = days(date_from, date_to)
    return data.timeline(
        conn_of(request),
        place=place or None,
        actor=actor or None,
        type=check_type(type),
        outlet=outlet or None,
        date_from=start,
        date_to=end,
        limit=limit,
        offset=offset,
    )


def check_type(value: str | None) -> str | None:
    if not value:
        return None
    if value.lower() == "statement":
        return "statement"
    if value.upper() not in data.event_types():
        raise HTTPException(
            status_code=422,
            detail=f"type: {value!r} is not 'statement' or a PLOVER type ({', '.join(data.event_types())})",
        )
    return value.upper()


@router.get("/statements/{statement_id}", summary="A statement and the documents carrying it")
def api_statement(request: Request, statement_id: str) -> dict[str, Any]:
    return found(data.statement_detail, conn_of(request), statement_id)


@router.get("/events/{event_id}", summary="A corpus event and the documents reporting it")
def api_event(request: Request, event_id: str) -> dict[str, Any]:
    return found(data.event_detail, conn_of(request), event_id)


@router.get("/network", summary="Actor network: co-mentions and events, weighted")
def api_network(
    request: Request,
    date_from: FromDay = None,
    date_to: ToDay = None,
    media: Annotated[bool, Query(description="Include outlets (media actors)")] = False,
    nodes: Annotated[int, Query(ge=2, le=200, description="At most this many actors")] = 60,
) -> dict[str, Any]:
    start, end = days(date_from, date_to)
    return data.network(
        conn_of(request),
        date_from=start,
        date_to=end,
        include_media=media,
        max_nodes=nodes,
    )


@router.get("/map", summary="Geocoded places and located events")
def api_map(
    request: Request,
    date_from: FromDay = None,
    date_to: ToDay = None,
) -> dict[str, Any]:
    start, end = days(date_from, date_to)
    return data.map_points(conn_of(request), date_from=start, date_to=end)


@router.get("/outlines", summary="Country outlines (Natural Earth 1:110m), decoded from TopoJSON")
def api_outlines() -> JSONResponse:
    try:
        outlines = load_outlines()
    except OutlinesMissing as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from None
    return JSONResponse(outlines, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/findings", summary="Audit findings: corpus level first, then per document")
def api_findings(
    request: Request,
    level: Annotated[str | None, Query(pattern="^(corpus|document)$")] = None,
    kind: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    return data.findings_list(
        conn_of(request), level=level, kind=kind or None, limit=limit, offset=offset
    )


@router.get("/sources", summary="Cited outlets: how often, state ownership, relays")
def api_sources(request: Request) -> dict[str, Any]:
    return data.sources_list(conn_of(request))


@router.get("/search", summary="Full-text search over documents and quotes")
def api_search(
    request: Request,
    q: Annotated[str, Query(description="Words (all required; word* for a prefix)")] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    return data.search(conn_of(request), q, limit=limit)


@router.get("/report", summary="The situation report as JSON, every line with its sources")
def api_report(
    request: Request,
    place: str | None = None,
    actor: str | None = None,
    date_from: FromDay = None,
    date_to: ToDay = None,
) -> dict[str, Any]:
    start, end = days(date_from, date_to)
    report = build(request, place=place, actor=actor, date_from=start, date_to=end)
    return report.to_json()
