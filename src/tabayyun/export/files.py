"""Rows written as the files other tools read: CSV or JSON lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import IO, Any

__all__ = ["write_rows"]


def write_rows(rows: Iterable[dict[str, Any]], columns: Sequence[str], format: str, sink: IO[str]) -> int:
    """Write ``rows`` as ``csv`` (a header, then one line per row) or ``jsonl`` (one ASCII-safe
    JSON object per line); returns how many rows were written."""
    count = 0
    if format == "csv":
        writer = csv.DictWriter(sink, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    elif format == "jsonl":
        for row in rows:
            sink.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=True) + "\n")
            count += 1
    else:
        raise ValueError(f"unknown format {format!r} (csv or jsonl)")
    return count
