"""The commands that present a store: `tabayyun report` (a situation report), `tabayyun serve` (the
local web app) and `tabayyun export` (the corpus events for other tools)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tabayyun.cli.app import (
    DbOption,
    FromOption,
    ToOption,
    app,
    check_date,
    lookup_actor_ids,
    open_store,
)
from tabayyun.settings import SETTINGS

__all__ = [
    "ExportFormat",
    "ExportScheme",
    "ReportFormat",
    "export_command",
    "report_command",
    "serve",
]

# The commands import what they run (spaCy, the store, the web app) inside their bodies, so that
# `tabayyun --help` and the other commands start without loading them.


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


@app.command(
    "report",
    epilog=(
        "Examples:\n\n"
        "  tabayyun report --db corpus.db --place Aleppo --from 2016-11-26 --to 2016-12-07\n\n"
        "  tabayyun report --db corpus.db --place Aleppo --actor Lavrov --format html --output aleppo.html"
    ),
)
def report_command(
    db: DbOption,
    place: Annotated[
        str | None,
        typer.Option(
            help="Only what happened at this place (its name, an alias such as Halab for Aleppo, a "
            "division or a country) and what the sentences naming it say."
        ),
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    actor: Annotated[
        str | None, typer.Option(help="Only items where this actor is the speaker, the source or the target.")
    ] = None,
    format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="md (Markdown), html (one self-contained file) or json."),
    ] = ReportFormat.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many lines per section.")] = 200,
) -> None:
    """A situation report: what is happening at a place between two dates, every line sourced.

    Sections: what happened (events, planned and negated ones apart), who said what (statements
    by speaker), contested points, where the information comes from (outlets, relays, single
    sources) and an audit (unsourced sentences, date findings). Each line quotes the document
    and gives the outlet, date, document and character span it comes from."""
    from tabayyun.knowledge import KnowledgeBase
    from tabayyun.report.situation import build_situation

    start, end = check_date(date_from, "--from"), check_date(date_to, "--to")
    if start and end and start > end:
        raise typer.BadParameter(f"--from {start} is after --to {end}", param_hint="--from")
    conn = open_store(db)
    report = build_situation(conn, place=place, date_from=start, date_to=end, actor=actor,
                             kb=KnowledgeBase.load() if actor else None, limit=limit)
    if format is ReportFormat.json:
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n"
    elif format is ReportFormat.html:
        from tabayyun.report.html import render_html

        text = render_html(report)
    else:
        from tabayyun.report.markdown import render_markdown

        text = render_markdown(report)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"situation report written to {escape(str(output))} ({report.counts['events']} events, "
        f"{report.counts['statements']} statements)"
    )


@app.command(
    "serve",
    epilog="Example:\n\n  tabayyun serve --db corpus.db            # then open http://127.0.0.1:8765/",
)
def serve(
    db: Annotated[Path, typer.Option("--db", help="The SQLite store to browse (opened read-only).")],
    host: Annotated[str, typer.Option(help="Address to bind; the default serves this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 picks a free one).")] = 8765,
    stop_after: Annotated[
        float | None, typer.Option("--stop-after", min=0, help="Stop by itself after this many seconds.")
    ] = None,
    cache: Annotated[
        bool, typer.Option("--cache/--no-cache", help="Replay answers until the store file changes.")
    ] = True,
    time_limit_ms: Annotated[
        int,
        typer.Option(
            "--time-limit-ms",
            min=0,
            help="Stop a request's queries after this many milliseconds and answer 503 (0: no limit).",
        ),
    ] = round(SETTINGS.web.query_time_limit * 1000),
) -> None:
    """Browse a store in a local web page: documents with their evidence highlighted, actors,
    timeline, network, map, findings, sources, search and the situation report. Offline."""
    from tabayyun.web.data import StoreUnusable
    from tabayyun.web.server import run

    try:
        run(
            db,
            host=host,
            port=port,
            stop_after=stop_after,
            cache=cache,
            query_time_limit=time_limit_ms / 1000 if time_limit_ms > 0 else None,
        )
    except StoreUnusable as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


class ExportScheme(StrEnum):
    plover = "plover"
    cameo = "cameo"
    acled = "acled"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


@app.command(
    "export",
    epilog=(
        "Examples:\n\n"
        "  tabayyun export --db corpus.db --scheme acled --output events.csv\n\n"
        "  tabayyun export --db corpus.db --scheme cameo --place Aleppo --from 2016-12-01 --format jsonl"
    ),
)
def export_command(
    db: DbOption,
    scheme: Annotated[
        ExportScheme,
        typer.Option(help="plover: our full record; cameo: GDELT-style columns; acled: ACLED-style columns."),
    ] = ExportScheme.plover,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or jsonl.")] = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    type: Annotated[  # noqa: A002 - the option is --type
        str | None, typer.Option("--type", help="Only this PLOVER type (ASSAULT, CONSULT, AGREE, ...).")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Only events with this actor as source or target.")] = None,
    place: Annotated[str | None, typer.Option(help="Only events at this place or in this division.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    include_unasserted: Annotated[
        bool,
        typer.Option("--include-unasserted", help="Also planned, hypothetical and negated events (plover and cameo)."),
    ] = False,
) -> None:
    """Export the corpus events (deduplicated, with carriers and independent-source counts) for
    other tools. Every row keeps its provenance: the first document that reported the event and
    the character span of its predicate there. Fatalities are never guessed (left empty)."""
    from tabayyun.export import COLUMNS, EventFilter, export_rows, write_rows

    start, end = check_date(date_from, "--from"), check_date(date_to, "--to")
    conn = open_store(db)
    flt = EventFilter(date_from=start, date_to=end, type=type, place=place,
                      actor_ids=lookup_actor_ids(conn, actor) if actor else (), include_unhappened=include_unasserted)
    rows = export_rows(conn, scheme.value, flt)
    if output is None:
        write_rows(rows, COLUMNS[scheme.value], format.value, sys.stdout)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as sink:
            count = write_rows(rows, COLUMNS[scheme.value], format.value, sink)
    except OSError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"{count} events written to {escape(str(output))} ({scheme.value}, {format.value})")
