"""Serving the app with uvicorn, on 127.0.0.1 by default, optionally for a limited time."""

from __future__ import annotations

import asyncio
import ipaddress
import sys
from pathlib import Path

import uvicorn

from tabayyun.web.app import LOCAL_HOSTS, create_app
from tabayyun.web.data import DEFAULT_TIME_LIMIT

__all__ = ["run"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


async def _serve(server: uvicorn.Server, host: str, stop_after: float | None) -> None:
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():  # failed to start (port in use, ...): surface the error
            await task
            raise SystemExit(1)
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1] if server.servers else server.config.port
    print(f"Serving http://{_url_host(host)}:{port}/", flush=True)
    if stop_after is not None:
        done, _ = await asyncio.wait({task}, timeout=stop_after)
        if not done:
            server.should_exit = True
    await task


def run(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    stop_after: float | None = None,
    cache: bool = True,
    query_time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> None:
    """Serve the store at ``db_path`` until interrupted, or for ``stop_after`` seconds.

    Prints ``Serving http://HOST:PORT/`` (flushed) once connections are accepted; port 0 picks
    a free port. Raises ``StoreUnusable`` before listening when the store cannot be served.
    ``query_time_limit``: seconds the queries of one request may take (None: no limit)."""
    hosts = LOCAL_HOSTS if _is_loopback(host) else ["*"]
    app = create_app(db_path, allowed_hosts=hosts, cache=cache, query_time_limit=query_time_limit)
    config = uvicorn.Config(
        app,
        host=host.strip("[]"),
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    try:
        asyncio.run(_serve(server, host, stop_after))
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
