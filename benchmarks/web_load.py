"""Throughput of the web server under load from a second process on 127.0.0.1.

    .venv/bin/python benchmarks/web_load.py --db STORE [--duration 20] [--connections 16] [--threads 2]
                                            [--per-route SECONDS] [--distinct 1000]

Starts ``python -m tabayyun.web --db STORE --stop-after ...`` (it stops by itself afterwards) and
loads it with ``wrk`` when /usr/bin/wrk exists (a Lua script cycles through a mix of pages and API
calls), otherwise with a bounded client of our own (httpx, one thread per connection, at most
``--duration`` seconds and ``--max-requests`` requests). The baseline, measured in the same run with
the same load: a static file (or ``/api/openapi.json``). Prints requests/s, latency percentiles,
non-2xx responses and socket errors. Target: >= 200 requests/s on 2 cores with 0 errors.
``--per-route S`` also loads each route of the mix alone for S seconds: which routes hold the
mix back.

Two servers are loaded in turn: one started with ``--no-cache`` (every answer computed from the
store: the cost of a cold page), then one with its response cache (the default of ``tabayyun
serve``) under a mix whose item pages (documents, statements, events) are spread over
``--distinct`` different ids of each kind, as many readers opening different items would, while
the index pages (timeline, sources, map, search) are shared; the target is read on that run.
STORE: see benchmarks/web_latency.py.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.web_latency import percentile, pick_ids, routes, static_file  # noqa: E402
from tests.browser import serve  # noqa: E402

TARGET_RPS = 200.0
# the mix: what a reader clicks through (pages) and what the pages' scripts fetch (API)
MIX = ("page /", "page /documents/{id}", "page /statements/{id}", "page /events/{id}", "page /actors",
       "page /timeline", "page /timeline?place&from&to", "page /findings", "page /sources",
       "page /search?q=", "api /api/documents/{id}", "api /api/timeline", "api /api/statements/{id}",
       "api /api/events/{id}", "api /api/map", "api /api/search?q=")

_LUA = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def wait_idle(url: str, path: str, limit: float = 300) -> float:
    """Wait until the server answers ``path`` (a cheap route that reads the store, so it waits for
    the same worker threads) quickly again: requests a load run left queued (wrk stops sending,
    the server still works through them) must not count against the next run. Returns the
    seconds waited."""
    import httpx

    start = time.monotonic()
    with httpx.Client(base_url=url, timeout=limit) as client:
        while time.monotonic() - start < limit:
            t0 = time.perf_counter()
            client.get(path)
            if time.perf_counter() - t0 < 0.05:
                break
            time.sleep(0.2)
    return time.monotonic() - start


def run_wrk(url: str, paths: list[str], args: argparse.Namespace) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA % ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths))
    out = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
         "--latency", "-s", script.name, url + "/"],
        capture_output=True, text=True, timeout=args.duration + 60, check=True,
    ).stdout
    Path(script.name).unlink()

    def number(pattern: str) -> float:
        match = re.search(pattern, out)
        return float(match.group(1)) if match else 0.0

    def ms(pattern: str) -> float:
        match = re.search(pattern + r"\s+([\d.]+)(us|ms|s)\b", out)
        if not match:
            return 0.0
        return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": number(r"(\d+) requests in"),
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50": ms(r"\s50%"),
        "p99": ms(r"\s99%"),
        "non2xx": number(r"Non-2xx or 3xx responses: (\d+)"),
        "socket_errors": float(sum(int(n) for n in errors.groups())) if errors else 0.0,
    }


def run_threads(url: str, paths: list[str], args: argparse.Namespace) -> dict[str, float]:
    """The fallback load: ``--connections`` threads, each a keep-alive httpx client, bounded in time
    and request count. Run in this process, which is not the server's."""
    import httpx

    deadline = time.monotonic() + args.duration
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"non2xx": 0, "socket_errors": 0, "sent": 0}

    def worker(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=10) as client:
            i = offset
            while time.monotonic() < deadline:
                with lock:
                    if counts["sent"] >= args.max_requests:
                        return
                    counts["sent"] += 1
                path = paths[i % len(paths)]
                i += 1
                t0 = time.perf_counter()
                try:
                    status = client.get(path).status_code
                except httpx.HTTPError:
                    with lock:
                        counts["socket_errors"] += 1
                    continue
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(elapsed)
                    counts["non2xx"] += not 200 <= status < 300

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    return {
        "requests": float(len(latencies)),
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p99": percentile(latencies, 0.99) if latencies else 0.0,
        "non2xx": float(counts["non2xx"]),
        "socket_errors": float(counts["socket_errors"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--duration", type=int, default=20, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--max-requests", type=int, default=200_000, help="bound for the fallback client")
    parser.add_argument("--per-route", type=int, default=0, metavar="SECONDS",
                        help="also load each route of the mix alone for this long")
    parser.add_argument("--no-wrk", action="store_true", help="use the fallback client even if wrk exists")
    parser.add_argument("--distinct", type=int, default=1000,
                        help="different ids per item page in the cached run's mix")
    args = parser.parse_args()
    if not args.db.exists():
        parser.error(f"{args.db} does not exist: build it with benchmarks/query_latency.py --db")

    by_label = dict(routes(pick_ids(args.db)))
    mix = [by_label[label] for label in MIX]
    spread = [dict(routes(pick_ids(args.db, seed)))[label] for seed in range(args.distinct) for label in MIX]
    baseline = static_file() or "/api/openapi.json"
    use_wrk = shutil.which("wrk") is not None and not args.no_wrk
    load = run_wrk if use_wrk else run_threads
    tool = (f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s" if use_wrk
            else f"{args.connections} httpx threads for {args.duration} s")
    results = {}
    # the server stops by itself a while after both runs, even if this script is interrupted
    alone: dict[str, dict[str, float]] = {}
    total = 2 * args.duration + len(mix) * (args.per_route + 90)
    with serve(args.db, stop_after=total + 120, cache=False) as server:
        results[f"baseline {baseline}"] = load(server.url, [baseline], args)
        results[f"mix of {len(mix)} routes, no cache"] = load(server.url, mix, args)
        probe = by_label["api /api/events/{id}"]
        drained = wait_idle(server.url, probe)
        if args.per_route:
            single = argparse.Namespace(**{**vars(args), "duration": args.per_route})
            for label, path in zip(MIX, mix, strict=True):
                alone[label] = load(server.url, [path], single)
                drained = max(drained, wait_idle(server.url, probe))
    with serve(args.db, stop_after=args.duration + 180) as server:
        results[f"mix, {len(set(spread))} URLs, cache on"] = load(server.url, spread, args)
    print(f"load: {tool}, from a second process on 127.0.0.1; store {args.db}")
    print("mix: " + ", ".join(MIX))
    print(f"{'run':<38}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'sock err':>9}")
    for label, r in results.items():
        print(f"{label:<38}{r['requests']:>10.0f}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
              f"{r['non2xx']:>9.0f}{r['socket_errors']:>9.0f}")
    if drained > 1:
        print(f"after a run the server went on with the requests still queued for up to {drained:.0f} s")
    if alone:
        print(f"each route alone for {args.per_route} s:")
        for label, r in sorted(alone.items(), key=lambda item: item[1]["rps"]):
            print(f"  {label:<36}{r['requests']:>10.0f}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
                  f"{r['non2xx']:>9.0f}{r['socket_errors']:>9.0f}")
    floor, cold, mixed = list(results.values())
    ok = mixed["rps"] >= TARGET_RPS and mixed["non2xx"] == 0 and mixed["socket_errors"] == 0
    print(f"mix / static throughput: cache on {mixed['rps'] / max(floor['rps'], 0.01):.2f}, "
          f"no cache {cold['rps'] / max(floor['rps'], 0.01):.2f}; "
          f"target >= {TARGET_RPS:.0f} req/s with 0 errors (cache on): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
