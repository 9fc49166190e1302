"""Gazetteer build time, size, peak memory and lookup speed, measured in a fresh directory.

    .venv/bin/python benchmarks/gazetteer_build.py

The issue's limits: build under 60 s, lookups in microseconds from the index, memory under
300 MB for the gazetteer.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tabayyun.knowledge.gazetteer import Gazetteer  # noqa: E402

NAMES = ["Aleppo", "Halab", "حلب", "Hmeimim", "Castello road", "Paris", "Springfield", "Idlib", "Geneva", "Alanya"]


def main() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        gazetteer = Gazetteer.load(Path(tmp))
        built = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in Path(tmp).glob("*.sqlite")) / 2**20
        rounds = 2000
        start = time.perf_counter()
        for _ in range(rounds):
            for name in NAMES:
                gazetteer.lookup(name)
        per_lookup = (time.perf_counter() - start) / (rounds * len(NAMES)) * 1e6
        print(f"gazetteer: {len(gazetteer):,} names, built in {built:.1f} s (limit 60 s), file {size:.0f} MB")
        print(f"peak RSS during the build: {peak:.0f} MB (process before: {before:.0f} MB; limit 300 MB)")
        print(f"lookup: {per_lookup:.1f} µs per name ({len(NAMES)} names looked up {rounds} times each; repeats hit a cache)")


if __name__ == "__main__":
    main()
