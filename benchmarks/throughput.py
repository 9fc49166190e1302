"""Throughput of `analyze` against bare spaCy `nlp.pipe`, same model, same corpus, same run.

    .venv/bin/python benchmarks/throughput.py [--words 60000] [--files 10000] [--big-mb 1]

Prints words/s for bare spaCy and for the full analyzer, on 1 and 2 processes, and their ratio;
then analyzes one big document (default 1 MB) and a directory of many small files while
sampling peak RSS, to show memory stays flat when streaming.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import psutil  # noqa: E402
import spacy  # noqa: E402

from tabayyun import nlp as nlp_module  # noqa: E402
from tabayyun.ingest import iter_documents  # noqa: E402
from tabayyun.model import Document  # noqa: E402
from tabayyun.pipeline import analyze_documents  # noqa: E402


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "examples").rglob("*")):
        if path.suffix in {".txt", ".md"}:
            texts.append(path.read_text(encoding="utf-8"))
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    return texts


def replicate(texts: list[str], words: int) -> list[str]:
    out, total, i = [], 0, 0
    while total < words:
        text = texts[i % len(texts)]
        out.append(text)
        total += len(text.split())
        i += 1
    return out


def count_words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def bare_spacy(texts: list[str], processes: int) -> float:
    nlp = spacy.load(nlp_module.model_name())  # the model as shipped, without our line-break rule
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=processes):
        pass
    return time.perf_counter() - start


def full_analyze(texts: list[str], processes: int, disable: tuple[str, ...] = ()) -> float:
    documents = [Document(text=t, source_path=f"bench-{i}.txt", published="2016-12-14") for i, t in enumerate(texts)]
    start = time.perf_counter()
    for _ in analyze_documents(documents, processes=processes, disable=disable):
        pass
    return time.perf_counter() - start


class PeakRSS:
    """Samples the resident memory of this process and its children every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            rss = me.memory_info().rss + sum(c.memory_info().rss for c in me.children(recursive=True))
            self.peak = max(self.peak, rss)
            time.sleep(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def streaming_memory(files: int, texts: list[str]) -> list[tuple[int, float, float]]:
    """Peak RSS after 10%, 50% and 100% of a directory of small files: flat means streaming."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(files):
            Path(tmp, f"doc-{i:06d}.txt").write_text(texts[i % len(texts)][:1500], encoding="utf-8")
        checkpoints = {max(1, files // 10), max(1, files // 2), files}
        started = time.perf_counter()
        with PeakRSS() as rss:
            done = 0
            for _ in analyze_documents(
                (d for d in iter_documents([tmp]) if isinstance(d, Document)), processes=1
            ):
                done += 1
                if done in checkpoints:
                    time.sleep(0.06)
                    rows.append((done, rss.peak / 2**20, time.perf_counter() - started))
    return rows


def words_per_second(texts: list[str], words: int, results: dict) -> None:
    print(f"\n{'processes':>9} | {'bare spaCy w/s':>14} | {'analyze w/s':>11} | {'ratio':>5}")
    print("-" * 50)
    for processes in (1, 2):
        # one process: best of two runs of each side (this shared machine's speed drifts)
        repeats = 2 if processes == 1 else 1
        bare = words / min(bare_spacy(texts, processes) for _ in range(repeats))
        ours = words / min(full_analyze(texts, processes) for _ in range(repeats))
        results[processes] = {"bare_words_per_s": round(bare), "analyze_words_per_s": round(ours), "ratio": round(ours / bare, 3)}
        print(f"{processes:>9} | {bare:>14,.0f} | {ours:>11,.0f} | {ours / bare:>5.2f}")
    scaling = results[2]["analyze_words_per_s"] / results[1]["analyze_words_per_s"]
    print(f"analyze, 2 processes vs 1: {scaling:.2f}x")
    without = words / min(full_analyze(texts, 1, disable=("places", "events")) for _ in range(2))
    overhead = without / results[1]["analyze_words_per_s"] - 1
    results["places_events_overhead"] = round(overhead, 3)
    print(
        f"analyze without places and events: {without:,.0f} w/s; "
        f"place lookup + event coding add {overhead:.0%} to analyze time (target <= 15%)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=60_000, help="corpus size for the words/s runs (0 to skip)")
    parser.add_argument("--files", type=int, default=2_000, help="small files for the memory run (0 to skip)")
    parser.add_argument("--big-mb", type=float, default=1.0, help="size of the single big document (0 to skip)")
    parser.add_argument("--json", action="store_true", help="print results as JSON too")
    args = parser.parse_args()

    base = corpus_texts()
    texts = replicate(base, max(args.words, 1))
    words = count_words(texts)
    print(f"corpus: {len(texts)} documents, {words} words (examples/ + shared seed, replicated)")
    print(f"model: {nlp_module.model_name()}, cpu count: {os.cpu_count()}")
    full_analyze(texts[:2], 1)  # warm the model, the knowledge base and the gazetteer once
    results: dict = {}
    if args.words:
        words_per_second(texts, words, results)
    if args.files:
        rows = streaming_memory(args.files, base)
        print(f"\nstreaming {args.files} small files (peak RSS as the run goes on):")
        for done, mb, seconds in rows:
            print(f"  after {done:>6} files: peak RSS {mb:6.0f} MB  ({seconds:.0f} s)")
        results["streaming"] = [{"files": d, "peak_rss_mb": round(m)} for d, m, _ in rows]
    if args.big_mb:
        big = ""
        while len(big.encode("utf-8")) < args.big_mb * 2**20:
            big += base[len(big) % len(base)] + "\n\n"
        start = time.perf_counter()
        with PeakRSS() as rss:
            record = next(analyze_documents([Document(text=big, source_path="big.txt", published="2016-12-14")]))
        seconds = time.perf_counter() - start
        results["big"] = {"mb": round(len(big.encode()) / 2**20, 2), "seconds": round(seconds, 1), "peak_rss_mb": round(rss.peak / 2**20)}
        print(
            f"\none {results['big']['mb']} MB document: {seconds:.1f} s, {len(record.citations)} citations, "
            f"{len(record.quotes)} quotes, peak RSS {rss.peak / 2**20:.0f} MB"
        )
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
