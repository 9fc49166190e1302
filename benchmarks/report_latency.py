"""Latency of the situation report for one place and one month on a big store.

    .venv/bin/python benchmarks/report_latency.py --db STORE [--place Aleppo] [--from 2016-12-01]
                                                  [--to 2016-12-31] [--repeat 5]

Times ``build_situation`` (the queries), ``render_markdown`` and ``render_html`` (standalone and
the web fragment) separately, each ``--repeat`` times after one warm-up, and prints p50/max in
milliseconds, the size of each output and how many lines the report has. The baseline, measured in
the same run: a bare ``SELECT`` of the month's corpus events (every one, through the
``corpus_events(date, type)`` index) and the same bounded by ``LIMIT 200``. Target: build + render
< 2 s. STORE: see benchmarks/web_latency.py.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tabayyun.knowledge import KnowledgeBase  # noqa: E402

TARGET_S = 2.0


def timed(call: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    result = call()  # warm-up
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - t0) * 1000)
    return timings, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--place", default="Aleppo")
    parser.add_argument("--from", dest="date_from", default="2016-12-01")
    parser.add_argument("--to", dest="date_to", default="2016-12-31")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        parser.error(f"{args.db} does not exist: build it with benchmarks/query_latency.py --db")

    from tabayyun.report.html import render_html
    from tabayyun.report.markdown import render_markdown
    from tabayyun.report.situation import build_situation

    kb = KnowledgeBase.load()
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    month = (args.date_from, args.date_to)
    bare_all, count = timed(lambda: len(conn.execute(
        "SELECT id, type, date, place_name, independent_sources FROM corpus_events "
        "WHERE date >= ? AND date <= ?", month).fetchall()), args.repeat)
    bare_200, _ = timed(lambda: conn.execute(
        "SELECT id, type, date, place_name, independent_sources FROM corpus_events "
        "WHERE date >= ? AND date <= ? ORDER BY date LIMIT 200", month).fetchall(), args.repeat)

    def build():
        return build_situation(conn, place=args.place, date_from=args.date_from, date_to=args.date_to, kb=kb)

    built, report = timed(build, args.repeat)
    md_t, md = timed(lambda: render_markdown(report), args.repeat)
    html_t, html = timed(lambda: render_html(report), args.repeat)
    frag_t, fragment = timed(lambda: render_html(report, standalone=False, link_base=""), args.repeat)
    data = report.to_json()
    conn.close()

    items = sum(1 for line in str(md).splitlines() if re.match(r"\s*(?:[-*]|\d+\.|\|) ", line))
    print(f"store: {args.db}; report: place {args.place}, {args.date_from}..{args.date_to}, "
          f"{args.repeat} runs each after a warm-up")
    print(f"report: {len(str(md)) / 1024:.1f} KB Markdown ({items:,} list items or table rows), "
          f"{len(str(html)) / 1024:.1f} KB HTML, {len(str(fragment)) / 1024:.1f} KB fragment; JSON keys: "
          + ", ".join(data if isinstance(data, dict) else []))
    print(f"{'step':<52}{'p50 ms':>10}{'max ms':>10}")
    rows = [
        (f"baseline: SELECT month's corpus events ({count:,})", bare_all),
        ("baseline: same, ORDER BY date LIMIT 200", bare_200),
        ("build_situation", built),
        ("render_markdown", md_t),
        ("render_html (standalone)", html_t),
        ("render_html (fragment, links)", frag_t),
    ]
    for label, timings in rows:
        print(f"{label:<52}{statistics.median(timings):>10.1f}{max(timings):>10.1f}")
    total = statistics.median(built) + statistics.median(md_t) + statistics.median(html_t)
    print(f"build + markdown + html: {total:.0f} ms (target < {TARGET_S * 1000:.0f} ms: "
          f"{'met' if total < TARGET_S * 1000 else 'NOT met'}); "
          f"{total / max(statistics.median(bare_all), 0.01):.1f} x the bare SELECT of the month")


if __name__ == "__main__":
    main()
