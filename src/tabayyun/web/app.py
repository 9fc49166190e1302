"""The FastAPI application: JSON API, HTML pages, static files, security headers, error pages."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tabayyun import __version__
from tabayyun.web import api, pages
from tabayyun.web.cache import ResponseCache
from tabayyun.web.data import DEFAULT_TIME_LIMIT, ReadOnlyStore, interrupted

__all__ = ["LOCAL_HOSTS", "create_app"]

STATIC = Path(__file__).parent / "static"
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1", "testserver"]
SECURITY_HEADERS = {
    b"content-security-policy": b"default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
}
log = logging.getLogger("tabayyun.web")


class SecurityHeaders:
    """Adds the security headers to every response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS.items() if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message, "status": status}, status_code=status)
    titles = {404: "Not found", 422: "Bad parameter", 500: "Server error", 503: "Unavailable"}
    return pages.page(
        request,
        "error.html",
        "error",
        titles.get(status, "Error"),
        status_code=status,
        status=status,
        message=message,
    )


def _over_time_message(limit: float | None) -> str:
    return (
        f"The query took longer than the time limit ({round((limit or 0) * 1000)} ms) and was "
        "stopped: narrow the request (a shorter date range, a place, an actor) and try again."
    )


def create_app(
    db_path: str | Path,
    *,
    allowed_hosts: list[str] | None = None,
    cache: bool = True,
    query_time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> FastAPI:
    """The web application over the store at ``db_path``, opened read-only.

    Raises ``tabayyun.web.data.StoreUnusable`` when the file is missing, not a store, or of
    another schema version. ``allowed_hosts`` (Host header check against DNS rebinding) defaults
    to the loopback names; ``["*"]`` accepts any. ``cache`` keeps and replays GET answers until
    the store file changes (see :mod:`tabayyun.web.cache`). ``query_time_limit`` (seconds, None
    for none) bounds the queries of each request: a request running past it answers 503."""
    store = ReadOnlyStore(db_path, time_limit=query_time_limit)
    app = FastAPI(
        title="tabayyun",
        version=__version__,
        description="A sourced, checkable evidence record of conflict reporting: documents, actors, "
        "statements, events, places, findings. Every item points to its document and character span.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.kb = None
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")
    if cache:
        app.add_middleware(ResponseCache, store_path=db_path)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOCAL_HOSTS)
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(request, 422, "; ".join(parts) or "invalid parameters")

    @app.exception_handler(sqlite3.OperationalError)
    async def over_time(request: Request, exc: sqlite3.OperationalError) -> Response:
        if not interrupted(exc):
            raise exc  # any other database error: the plain 500 below
        log.warning("time limit reached while serving %s", request.url.path)
        return _error(request, 503, _over_time_message(store.time_limit))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error while serving %s", request.url.path)
        # this handler runs outside the middleware stack: add the headers here
        headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS.items()}
        if _wants_json(request):
            return JSONResponse(
                {"detail": "internal error", "status": 500}, status_code=500, headers=headers
            )
        return HTMLResponse(
            "<!doctype html><title>Server error</title><h1>Server error</h1>"
            "<p>Something went wrong while building this page. The details are in the server log.</p>",
            status_code=500,
            headers=headers,
        )

    return app
