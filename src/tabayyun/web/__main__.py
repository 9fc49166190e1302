"""``python -m tabayyun.web --db PATH [--host 127.0.0.1] [--port 8765] [--stop-after SECONDS] [--no-cache]
[--time-limit-ms MS]``."""

from __future__ import annotations

import argparse
import sys

from tabayyun.settings import SETTINGS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tabayyun.web", description="Serve a tabayyun store locally."
    )
    parser.add_argument("--db", required=True, help="the SQLite store written by `tabayyun ingest`")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)"
    )
    parser.add_argument(
        "--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)"
    )
    parser.add_argument(
        "--stop-after",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop by itself after this long",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="answer every request from the store (no response cache)"
    )
    parser.add_argument(
        "--time-limit-ms",
        type=int,
        default=round(SETTINGS.web.query_time_limit * 1000),
        metavar="MS",
        help="stop a request's queries after this many milliseconds and answer 503 (default %(default)s; 0: no limit)",
    )
    args = parser.parse_args(argv)

    from tabayyun.web.data import StoreUnusable
    from tabayyun.web.server import run

    try:
        run(
            args.db,
            host=args.host,
            port=args.port,
            stop_after=args.stop_after,
            cache=not args.no_cache,
            query_time_limit=args.time_limit_ms / 1000 if args.time_limit_ms > 0 else None,
        )
    except StoreUnusable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
