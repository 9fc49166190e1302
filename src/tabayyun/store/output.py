"""Printing query results: rich tables, JSON lines or CSV."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from typing import IO, Any

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from tabayyun.store.queries import HIGHLIGHT_END, HIGHLIGHT_START, Table

__all__ = ["write_tables"]

_WIDE = {"text", "snippet", "message", "excerpt", "sentence"}
_NO_WRAP = {"date", "first", "last", "start", "end", "published", "rank", "basis", "severity"}


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]")
    return value


def _cell(value: Any, limit: int | None) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    text = str(value)
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    out = Text()
    bold = False
    for part in text.replace(HIGHLIGHT_END, HIGHLIGHT_START).split(HIGHLIGHT_START):
        out.append(part, style="bold yellow" if bold else None)
        bold = not bold
    return out


def _rich(tables: Sequence[Table], console: Console, limit: int | None) -> None:
    for table in tables:
        if not table.rows and len(tables) > 1:
            console.print(Text(f"{table.title}: none", style="dim"))
            continue
        shown = RichTable(title=f"{table.title} ({len(table.rows)})", title_justify="left", show_lines=False)
        for column in table.columns:
            if column in _WIDE:
                shown.add_column(column, overflow="fold", ratio=4, min_width=30)
            elif column in _NO_WRAP:
                shown.add_column(column, no_wrap=True)
            else:
                shown.add_column(column, overflow="fold", ratio=1)
        for row in table.rows:
            shown.add_row(*(_cell(v, limit if c in _WIDE else None) for c, v in zip(table.columns, row, strict=True)))
        console.print(shown)


def write_tables(tables: Sequence[Table], format: str, sink: IO[str], console: Console | None = None) -> None:
    """``table``: rich tables; ``jsonl``: one object per row (with a ``section`` key when the
    result has several tables); ``csv``: a header and rows per table, blank line between tables."""
    if format == "table":
        if console is None:
            console = Console(file=sink)
            if not console.is_terminal and "COLUMNS" not in os.environ:  # a pipe or a file: wide enough to read
                console = Console(file=sink, width=160)
        _rich(tables, console, limit=300)
        return
    several = len(tables) > 1
    if format == "jsonl":
        for table in tables:
            for row in table.dicts():
                item = {"section": table.title, **row} if several else row
                sink.write(json.dumps({k: _plain(v) for k, v in item.items()}, ensure_ascii=True) + "\n")
        return
    writer = csv.writer(sink, lineterminator="\n")
    for number, table in enumerate(tables):
        if several:
            if number:
                sink.write("\n")
            sink.write(f"# {table.title}\n")
        writer.writerow(table.columns)
        writer.writerows([_plain(v) for v in row] for row in table.rows)
