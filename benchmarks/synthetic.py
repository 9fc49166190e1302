"""Generate a synthetic corpus from templates and the knowledge base.

    .venv/bin/python benchmarks/synthetic.py OUT_DIR [--count 200] [--sentences 8] [--seed 7] [--jsonl]

Documents are short wire-style reports about late 2016 with citations, relays and statements
that recur across documents (see tabayyun.corpus.synthetic).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tabayyun.corpus.synthetic import write_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--sentences", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jsonl", action="store_true", help="one .jsonl file instead of .txt files")
    args = parser.parse_args()
    paths = write_corpus(args.out, args.count, seed=args.seed, jsonl=args.jsonl, sentences=args.sentences)
    print(f"wrote {args.count} documents to {len(paths)} file(s) under {args.out}")


if __name__ == "__main__":
    main()
