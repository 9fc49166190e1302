"""Ingest throughput against `analyze` alone, on the same corpus in the same run.

    .venv/bin/python benchmarks/ingest_throughput.py [--count 200] [--sentences 8] [--processes 2]

Generates a synthetic corpus (benchmarks/synthetic.py), then times, each in a fresh subprocess
so that every run pays the model load once:

* ``tabayyun analyze DIR --format jsonl`` (output to /dev/null) on 1 process
* ``tabayyun ingest DIR --db NEW.db`` on 1 process (analysis + writes + resolution)
* ``tabayyun analyze DIR --format jsonl --processes N``
* ``tabayyun ingest DIR --db NEW.db --processes N``
* ``tabayyun ingest DIR --db SAME.db`` again (everything already stored: the idempotent rerun)
* the same documents as one .jsonl with urls from five outlets, ingested plainly and with
  ``--learn-home-areas`` (its first pass parses every document again: the cost of learning)

and prints documents/s and the ratios (target: ingest / analyze >= 0.8).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tabayyun.corpus.synthetic import write_corpus  # noqa: E402


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tabayyun.cli", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--sentences", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.count, sentences=args.sentences)
        n = args.count
        analyze = timed("analyze", str(corpus), "--format", "jsonl", "--output", str(Path(tmp) / "out.jsonl"))
        ingest1 = timed("ingest", str(corpus), "--db", str(Path(tmp) / "one.db"))
        analyze_n = timed("analyze", str(corpus), "--format", "jsonl", "--output", str(Path(tmp) / "out2.jsonl"),
                          "--processes", str(args.processes))
        ingest_n = timed("ingest", str(corpus), "--db", str(Path(tmp) / "n.db"), "--processes", str(args.processes))
        rerun = timed("ingest", str(corpus), "--db", str(Path(tmp) / "one.db"))
        size = (Path(tmp) / "one.db").stat().st_size
        wires = with_urls(write_corpus(Path(tmp) / "wires", args.count, sentences=args.sentences, jsonl=True)[0])
        plain = timed("ingest", str(wires), "--db", str(Path(tmp) / "plain.db"))
        learned = timed("ingest", str(wires), "--db", str(Path(tmp) / "learned.db"), "--learn-home-areas")
    print(f"corpus: {n} synthetic documents, {args.sentences} sentences each; wall time incl. model load")
    print(f"{'run':<34}{'seconds':>9}{'docs/s':>9}")
    for label, seconds in (
        ("analyze (1 process, jsonl out)", analyze),
        ("ingest (1 process)", ingest1),
        (f"analyze (--processes {args.processes})", analyze_n),
        (f"ingest (--processes {args.processes})", ingest_n),
        ("ingest again (all already stored)", rerun),
        ("ingest .jsonl with urls", plain),
        ("ingest .jsonl --learn-home-areas", learned),
    ):
        print(f"{label:<34}{seconds:>9.2f}{n / seconds:>9.1f}")
    print(f"ingest / analyze throughput ratio: {analyze / ingest1:.2f} (target >= 0.8)")
    print(f"ingest / analyze ratio at --processes {args.processes}: {analyze_n / ingest_n:.2f}")
    print(f"ingest --processes {args.processes} / --processes 1 speed-up: {ingest1 / ingest_n:.2f}")
    print(f"--learn-home-areas / plain ingest time: {learned / plain:.2f}")
    print(f"store size: {size / 1024 / 1024:.1f} MB")


def with_urls(path: Path, outlets: int = 5) -> Path:
    """The .jsonl's documents spread over ``outlets`` made-up outlets (a url each)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) | {"url": f"https://outlet{i % outlets}.example/{i}"} for i, line in enumerate(lines)]
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
