"""Latency of every page and API endpoint of the web application on a big store.

    .venv/bin/python benchmarks/web_latency.py --db STORE [--repeat 20] [--no-http] [--only SUBSTRING]
                                               [--explain]

STORE is a store built once by ``benchmarks/query_latency.py --docs 100000 --sentences 10 --db STORE``
(100k documents, 1M quotes). The ids the pages ask for (a document, a statement, a corpus event,
the most mentioned actor) are picked from the store by rowid, without scanning it. Every route of
the contract is requested ``--repeat`` times after one warm-up request, first in process
(starlette's ``TestClient`` on ``create_app``), then over HTTP against ``python -m tabayyun.web``
in a subprocess (one keep-alive httpx client). Prints p50/p95 in milliseconds, the status, and
p95 as a multiple of the baseline measured in the same run: ``/api/openapi.json`` and a static
file, the framework's floor. Target: p95 < 300 ms for every route. The response cache is off
(every request is answered from the store: the latency of a page nobody has opened yet);
``--cache`` measures with it, as ``tabayyun serve`` runs by default.

``--explain`` then requests each route over the target once more with every SQL statement traced
(``sqlite3`` trace callback; a statement's time is until the next one starts, so it includes the
Python work on its rows), re-runs its slowest statements alone and prints their time and
``EXPLAIN QUERY PLAN``: which query to fix, and why.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

TARGET_MS = 300.0
MONTH = {"place": "Aleppo", "from": "2016-12-01", "to": "2016-12-31"}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _by_rowid(conn: sqlite3.Connection, table: str, rng: random.Random) -> str | None:
    """The id of a random row of ``table``: a rowid lookup, never a scan."""
    top = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
    if not top:
        return None
    for _ in range(20):
        row = conn.execute(f"SELECT id FROM {table} WHERE rowid >= ? ORDER BY rowid LIMIT 1",
                           (rng.randint(1, top),)).fetchone()
        if row:
            return row[0]
    return None


def pick_ids(db: Path, seed: int = 5) -> dict[str, str]:
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ids = {
            "document": _by_rowid(conn, "documents", rng),
            "statement": _by_rowid(conn, "statements", rng),
            "event": _by_rowid(conn, "corpus_events", rng),
        }
        # the busiest actor is the worst case for its page (actor_stats: one row per actor)
        row = conn.execute("SELECT actor_id FROM actor_stats ORDER BY mentions DESC LIMIT 1").fetchone()
        ids["actor"] = row[0] if row else "actor:unknown"
        name = conn.execute("SELECT name FROM actors WHERE id = ?", (ids["actor"],)).fetchone()
        ids["actor_name"] = name[0] if name else "Putin"
        row = conn.execute("SELECT outlet_id FROM citations WHERE doc_id = ? LIMIT 1", (ids["document"],)).fetchone()
        ids["outlet"] = row[0] if row else "outlet:rt"
    finally:
        conn.close()
    return {k: v or "missing" for k, v in ids.items()}


def static_file() -> str | None:
    """A file the app serves under /static/ (the first stylesheet or script found)."""
    static = ROOT / "src" / "tabayyun" / "web" / "static"
    for pattern in ("*.css", "*.js", "*"):
        for path in sorted(static.rglob(pattern)):
            if path.is_file():
                return "/static/" + path.relative_to(static).as_posix()
    return None


def routes(ids: dict[str, str]) -> list[tuple[str, str]]:
    """(label, path) for every page and API endpoint of the contract."""
    doc, statement, event = quote(ids["document"]), quote(ids["statement"], safe=""), quote(ids["event"], safe="")
    actor = quote(ids["actor"], safe="")
    week = urlencode({"from": "2016-12-01", "to": "2016-12-07"})
    month = urlencode(MONTH)
    report = urlencode({"place": "Aleppo", "from": "2016-12-01", "to": "2016-12-31"})
    who = urlencode({"actor": ids["actor_name"]})
    return [
        ("page /", "/"),
        ("page /documents", "/documents"),
        ("page /documents?q=", "/documents?q=ceasefire"),
        ("page /documents?from&to", f"/documents?{week}"),
        ("page /documents?outlet", "/documents?" + urlencode({"outlet": ids["outlet"]})),
        ("page /documents?place", "/documents?place=Aleppo"),
        ("page /documents/{id}", f"/documents/{doc}"),
        ("page /statements/{id}", f"/statements/{statement}"),
        ("page /events/{id}", f"/events/{event}"),
        ("page /actors", "/actors"),
        ("page /actors/{id}", f"/actors/{actor}"),
        ("page /timeline", "/timeline"),
        ("page /timeline?place&from&to", f"/timeline?{month}"),
        ("page /timeline?actor", f"/timeline?{who}"),
        ("page /timeline?type&from&to", f"/timeline?type=AID&{week}"),
        ("page /network", "/network"),
        ("page /map", "/map"),
        ("page /findings", "/findings"),
        ("page /sources", "/sources"),
        ("page /search?q=", "/search?q=ceasefire"),
        ("page /report?place&from&to", f"/report?{report}"),
        ("export /report.html", f"/report.html?{report}"),
        ("export /report.md", f"/report.md?{report}"),
        ("api /api/documents", "/api/documents"),
        ("api /api/documents/{id}", f"/api/documents/{doc}"),
        ("api /api/actors", "/api/actors"),
        ("api /api/actors/{id}", f"/api/actors/{actor}"),
        ("api /api/timeline", "/api/timeline"),
        ("api /api/timeline?place&from&to", f"/api/timeline?{month}"),
        ("api /api/statements/{id}", f"/api/statements/{statement}"),
        ("api /api/events/{id}", f"/api/events/{event}"),
        ("api /api/network", "/api/network"),
        ("api /api/network?from&to", f"/api/network?{week}"),
        ("api /api/map", "/api/map"),
        ("api /api/outlines", "/api/outlines"),
        ("api /api/findings", "/api/findings"),
        ("api /api/sources", "/api/sources"),
        ("api /api/search?q=", "/api/search?q=ceasefire"),
        ("api /api/report", f"/api/report?{report}"),
    ]


def measure(get: Callable[[str], tuple[int, int]], paths: list[tuple[str, str]], repeat: int) -> list[tuple]:
    rows = []
    for label, path in paths:
        t0 = time.perf_counter()
        status, size = get(path)  # warm-up: caches, first compilation of templates
        print(f"  {label}: first request {(time.perf_counter() - t0) * 1000:.0f} ms", file=sys.stderr, flush=True)
        timings = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            status, size = get(path)
            timings.append((time.perf_counter() - t0) * 1000)
        rows.append((label, status, size, statistics.median(timings), percentile(timings, 0.95)))
    return rows


class SqlTrace:
    """Every SQL statement run by connections opened while installed, with its elapsed time."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str]] = []
        self._last: tuple[float, str] | None = None
        self._connect = sqlite3.connect

    def _hook(self, sql: str) -> None:
        now = time.perf_counter()
        self.close_last(now)
        self._last = (now, sql)

    def close_last(self, now: float | None = None) -> None:
        if self._last is not None:
            self.statements.append(((now or time.perf_counter()) - self._last[0], self._last[1]))
            self._last = None

    def install(self) -> None:
        def connect(*args, **kwargs):
            conn = self._connect(*args, **kwargs)
            conn.set_trace_callback(self._hook)
            return conn

        sqlite3.connect = connect

    def uninstall(self) -> None:
        sqlite3.connect = self._connect


def _shape(sql: str) -> str:
    """The statement with its literals replaced by ?: the same query for another row."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", " ".join(sql.split()))
    return re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)


def explain(db: Path, trace: SqlTrace, top: int = 3) -> None:
    trace.close_last()
    shapes: dict[str, list[float]] = {}
    for elapsed, sql in trace.statements:
        shapes.setdefault(_shape(sql), []).append(elapsed)
    busiest = sorted(shapes.items(), key=lambda item: -sum(item[1]))[:top]
    for sql, times in busiest:
        if len(times) > 1:
            print(f"    {sum(times) * 1000:8.1f} ms traced in {len(times)} runs of: {sql[:400]}")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    slowest = sorted(trace.statements, key=lambda item: -item[0])[:top]
    for elapsed, sql in slowest:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            print(f"    {elapsed * 1000:8.1f} ms (traced) {' '.join(sql.split())[:300]}")
            continue
        t0 = time.perf_counter()
        try:
            rows = conn.execute(sql).fetchall()
            alone = f"{(time.perf_counter() - t0) * 1000:.1f} ms alone, {len(rows)} rows"
            plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        except sqlite3.Error as exc:
            alone, plan = f"not re-run ({exc})", []
        print(f"    {elapsed * 1000:8.1f} ms traced, {alone}: {' '.join(sql.split())[:600]}")
        for step in plan:
            print(f"        plan: {step}")
    conn.close()


def print_table(title: str, rows: list[tuple], floor_ms: float) -> list[str]:
    print(f"\n{title}")
    print(f"{'route':<36}{'status':>7}{'KB':>9}{'p50 ms':>9}{'p95 ms':>9}{'x floor':>9}")
    slow = []
    for label, status, size, p50, p95 in rows:
        flag = ""
        if status != 200:
            flag = "  <- not 200"
        elif p95 >= TARGET_MS and not label.startswith("baseline"):
            flag = "  <- over target"
            slow.append(label)
        print(f"{label:<36}{status:>7}{size / 1024:>9.1f}{p50:>9.1f}{p95:>9.1f}{p95 / floor_ms:>9.1f}{flag}")
    return slow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="the store (see above)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-http", action="store_true", help="only the in-process measurement")
    parser.add_argument("--only", help="only routes whose label contains this")
    parser.add_argument("--explain", action="store_true", help="trace the SQL of the routes over target")
    parser.add_argument("--cache", action="store_true", help="keep the response cache on (repeats replay)")
    args = parser.parse_args()
    if not args.db.exists():
        parser.error(f"{args.db} does not exist: build it with benchmarks/query_latency.py --db")

    ids = pick_ids(args.db)
    paths = routes(ids)
    if args.only:
        paths = [(label, path) for label, path in paths if args.only in label]
    baselines = [("baseline /api/openapi.json", "/api/openapi.json")]
    if (static := static_file()) is not None:
        baselines.append((f"baseline {static}", static))
    print(f"store: {args.db} ({args.db.stat().st_size / 1024 / 1024:,.0f} MB); ids: "
          + ", ".join(f"{k} {v}" for k, v in ids.items()))

    from starlette.testclient import TestClient

    from tabayyun.web.app import create_app

    t0 = time.perf_counter()
    app = create_app(args.db, cache=args.cache)
    print(f"create_app: {(time.perf_counter() - t0) * 1000:.0f} ms")
    slow: list[str] = []
    with TestClient(app) as client:
        def get(path: str) -> tuple[int, int]:
            response = client.get(path)
            return response.status_code, len(response.content)

        floor = measure(get, baselines, args.repeat)
        rows = measure(get, paths, args.repeat)
    floor_ms = max(min(row[4] for row in floor), 0.01)
    slow += print_table(f"in process (TestClient), {args.repeat} requests each", floor + rows, floor_ms)
    if args.explain and slow:
        trace = SqlTrace()
        trace.install()
        traced_app = create_app(args.db, cache=False)  # its connections are opened while the trace is installed
        by_label = dict(paths)
        with TestClient(traced_app) as client:
            for label in slow:
                trace.close_last()
                trace.statements.clear()
                client.get(by_label[label])
                print(f"\n{label} ({by_label[label]}): {len(trace.statements) + 1} SQL statements; the slowest:")
                explain(args.db, trace)
        trace.uninstall()

    if not args.no_http:
        import httpx

        from tests.browser import serve

        with serve(args.db, stop_after=1800, cache=args.cache) as server, httpx.Client(base_url=server.url, timeout=60) as client:
            def get_http(path: str) -> tuple[int, int]:
                response = client.get(path)
                return response.status_code, len(response.content)

            floor = measure(get_http, baselines, args.repeat)
            rows = measure(get_http, paths, args.repeat)
        floor_ms = max(min(row[4] for row in floor), 0.01)
        slow += print_table(f"over HTTP ({server.url}, python -m tabayyun.web), {args.repeat} requests each",
                            floor + rows, floor_ms)
    print(f"\ntarget: p95 < {TARGET_MS:.0f} ms; over target: {', '.join(sorted(set(slow))) or 'none'}")


if __name__ == "__main__":
    main()
