"""Peak memory of a real `tabayyun ingest` over a synthetic corpus on disk.

    .venv/bin/python benchmarks/ingest_memory.py [--count 2000] [--sentences 8] [--processes 1]
                                                 [--corpus DIR] [--db PATH] [--interval 0.2]

Writes ``--count`` synthetic documents (tabayyun.corpus.synthetic, as .txt files) under
``--corpus`` (default: a temporary directory; an existing corpus with that many files is reused),
then runs ``python -m tabayyun.cli ingest CORPUS --db DB --no-progress`` as a subprocess and
samples the resident set size of its whole process tree (the ingest process and any workers,
with psutil) every ``--interval`` seconds. Progress is read from the store itself (documents
committed so far, through a read-only connection), so the report gives the peak RSS reached
by 10%, 50% and 100% of the documents stored, then the peak during the cross-document
resolution that closes the run. A flat profile means the ingest streams: memory does not grow
with the number of documents.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tabayyun.corpus.synthetic import write_corpus  # noqa: E402

MB = 1024 * 1024
MARKS = (0.1, 0.5, 1.0)


def tree_rss(process: psutil.Process) -> int:
    """Resident set size of a process and all its descendants, in bytes (0 once it is gone)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def stored_documents(db: Path) -> int | None:
    """Documents committed so far (None while the store is not readable yet)."""
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def prepare_corpus(directory: Path, count: int, sentences: int) -> float:
    """Write the corpus unless ``directory`` already holds ``count`` documents; returns seconds."""
    if directory.is_dir() and len(list(directory.glob("*.txt"))) == count:
        return 0.0
    start = time.perf_counter()
    write_corpus(directory, count, sentences=sentences)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=8)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="corpus directory (default: a temporary one)")
    parser.add_argument("--db", type=Path, help="store to create (default: a temporary file; must not exist)")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between samples")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        db = args.db or Path(tmp) / "memory.db"
        if db.exists():
            parser.error(f"{db} exists: the run measures a fresh ingest")
        written = prepare_corpus(corpus, args.count, args.sentences)
        size = sum(p.stat().st_size for p in corpus.glob("*.txt"))
        print(f"corpus: {args.count} documents, {args.sentences} sentences each, {size / MB:.1f} MB on disk"
              + (f" (written in {written:.1f} s)" if written else " (reused)"))
        command = [sys.executable, "-m", "tabayyun.cli", "ingest", str(corpus), "--db", str(db), "--no-progress",
                   "--processes", str(args.processes)]
        print("$ " + " ".join(command[1:]))
        start = time.perf_counter()
        process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        peak = 0
        marks: dict[float, tuple[float, int, int]] = {}  # share -> (seconds, docs, peak RSS so far)
        first_doc: float | None = None
        stored = 0
        all_stored: float | None = None
        peak_at_all_stored = 0
        last_poll = 0.0
        while process.poll() is None:
            peak = max(peak, tree_rss(process))
            now = time.perf_counter() - start
            if now - last_poll >= max(args.interval, 0.5):
                last_poll = now
                stored = stored_documents(db) or stored
                if stored and first_doc is None:
                    first_doc = now
                for share in MARKS:
                    if share not in marks and stored >= share * args.count:
                        marks[share] = (now, stored, peak)
                if stored >= args.count and all_stored is None:
                    all_stored, peak_at_all_stored = now, peak
            time.sleep(args.interval)
        elapsed = time.perf_counter() - start
        output = process.stdout.read() if process.stdout else ""
        stored = stored_documents(db) or stored
    if process.returncode not in (0, None):
        print(output)
        raise SystemExit(f"ingest exited with {process.returncode}")
    print(output.strip().splitlines()[-1] if output.strip() else "(no output)")
    print(f"{'progress':<28}{'seconds':>9}{'docs':>8}{'peak RSS MB':>13}")
    for share in MARKS:
        if share in marks:
            seconds, docs, rss = marks[share]
            print(f"{f'{share:.0%} of documents stored':<28}{seconds:>9.1f}{docs:>8}{rss / MB:>13.1f}")
    print(f"{'end (after resolution)':<28}{elapsed:>9.1f}{stored:>8}{peak / MB:>13.1f}")
    if first_doc is not None and all_stored is not None and all_stored > first_doc:
        rate = (marks[1.0][1] - marks[0.1][1]) / max(marks[1.0][0] - marks[0.1][0], 1e-9) if 0.1 in marks else 0
        print(f"steady ingest rate (10% -> 100%): {rate:.1f} docs/s; overall incl. model load and resolution: "
              f"{stored / elapsed:.1f} docs/s")
        print(f"resolution and exit: {elapsed - all_stored:.1f} s, peak RSS over it "
              f"{max(peak - peak_at_all_stored, 0) / MB:+.1f} MB")
        if rate:
            for n in (10_000, 100_000):
                print(f"estimated ingest time at --count {n}: {n / rate / 60:.0f} min (+ model load and resolution)")


if __name__ == "__main__":
    main()
