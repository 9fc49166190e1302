"""The commands that read documents: `tabayyun analyze` (print the evidence record of each) and
`tabayyun ingest` (store it)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tabayyun.cli.app import DbOption, app
from tabayyun.model import to_json

__all__ = [
    "HomeOption",
    "OutputFormat",
    "analyze",
    "ingest",
]

# The commands import what they run (spaCy, the store, the web app) inside their bodies, so that
# `tabayyun --help` and the other commands start without loading them.


class OutputFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


HomeOption = Annotated[
    str | None,
    typer.Option(
        "--home",
        help='Where the outlet of these files is based: a town and its state or country ("Paris, Texas"), '
        'a state or a country. Ambiguous place names lean toward it ("Paris" in a Paris, Texas paper); '
        "it wins over a .jsonl line's home.",
    ),
]


def _home_option(home: str | None, errors: Console):
    """The --home option resolved through the gazetteer; an unknown name is a usage error."""
    if home is None:
        return None
    from tabayyun.resolve.home_areas import UnknownHome, resolve_home

    try:
        return resolve_home(home)
    except UnknownHome as exc:
        errors.print(f"[red]error:[/red] --home: {escape(str(exc))}")
        raise typer.Exit(2) from None


@app.command(
    epilog=(
        "Examples:\n\n"
        "  tabayyun analyze examples/\n\n"
        "  tabayyun analyze report.txt --published 2016-12-14 --format jsonl --output report.jsonl\n\n"
        '  tabayyun analyze paris-news/ --home "Paris, Texas"'
    )
)
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt .md .html .htm .jsonl) or directories.")],
    format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="text (default on a terminal) or jsonl (one JSON object per document)."),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for every input; overrides metadata.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    processes: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    max_size: Annotated[
        float, typer.Option("--max-size", min=0.001, help="Largest input file to analyze, in MB.")
    ] = 20.0,
    model: Annotated[str | None, typer.Option(help="spaCy model package name.")] = None,
    home: HomeOption = None,
) -> None:
    """Analyze documents and print their citations, quotes, actors, dates, claims and findings."""
    from tabayyun.ingest import IngestError, iter_documents
    from tabayyun.nlp import ModelNotInstalled
    from tabayyun.pipeline import AnalysisFailure, analyze_documents
    from tabayyun.resolve.home_areas import HomeAssigner

    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:  # arguments are checked here, before any file is read
        stream = iter_documents(paths, published=published, max_bytes=int(max_size * 1024 * 1024))
    except ValueError as exc:
        errors.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    assign = HomeAssigner(_home_option(home, errors))
    failures: list[IngestError | AnalysisFailure] = []

    def documents():
        for item in stream:
            if isinstance(item, IngestError):
                errors.print(f"[red]error:[/red] {escape(str(item))}")
                failures.append(item)
                continue
            assign(item)
            for warning in item.warnings:
                errors.print(f"[yellow]warning:[/yellow] {escape(item.source_path)}: {escape(warning)}")
            yield item

    to_file = output is not None
    chosen = format or (OutputFormat.text if not to_file and sys.stdout.isatty() else OutputFormat.jsonl)
    sink = output.open("w", encoding="utf-8") if to_file else sys.stdout
    console = Console(file=sink, force_terminal=False if to_file else None, width=140 if to_file else None)
    analyzed = 0
    try:
        for record in analyze_documents(documents(), processes=processes, model=model):
            if isinstance(record, AnalysisFailure):
                errors.print(f"[red]error:[/red] {escape(str(record))}")
                failures.append(record)
                continue
            analyzed += 1
            if chosen is OutputFormat.jsonl:
                sink.write(json.dumps(to_json(record), ensure_ascii=True) + "\n")
                sink.flush()
            else:
                from tabayyun.report.text import render

                render(record, console)
    except ModelNotInstalled as exc:
        errors.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    finally:
        if to_file:
            sink.close()
    summary = f"{analyzed} document(s) analyzed, {len(failures)} skipped"
    errors.print(summary if not failures else f"[yellow]{summary}[/yellow]")
    raise typer.Exit(0 if analyzed else 1)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  tabayyun ingest examples/ --db out/demo.db\n\n"
        "  tabayyun ingest articles/ wires.jsonl --db corpus.db --processes 2 --published 2016-12-14\n\n"
        '  tabayyun ingest paris-news/ --db corpus.db --home "Paris, Texas"\n\n'
        "  tabayyun ingest local-papers.jsonl --db corpus.db --learn-home-areas"
    )
)
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt .md .html .htm .jsonl) or directories.")],
    db: DbOption,
    processes: Annotated[int, typer.Option(min=1, help="Worker processes for the analysis (writes stay here).")] = 1,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for every input; overrides metadata.")
    ] = None,
    max_size: Annotated[
        float, typer.Option("--max-size", min=0.001, help="Largest input file to analyze, in MB.")
    ] = 20.0,
    model: Annotated[str | None, typer.Option(help="spaCy model package name.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar (on a terminal).")] = True,
    home: HomeOption = None,
    learn_home_areas: Annotated[
        bool,
        typer.Option(
            "--learn-home-areas",
            help="First learn each outlet's home area (outlet: the host of a document's url) from the "
            "places its documents name, here and already stored, then ingest each document with it. "
            "Reads and parses the inputs twice.",
        ),
    ] = False,
) -> None:
    """Analyze documents and store them in one SQLite knowledge base.

    Resumable and idempotent: a document already stored (same content) is skipped, a changed
    file is stored as a new version, each document is written in its own transaction, and
    cross-document resolution is recomputed at the end. Bad inputs are recorded in the
    ingest_errors table and listed at the end; the batch goes on.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tabayyun.nlp import ModelNotInstalled
    from tabayyun.store import StoreError
    from tabayyun.store.ingest import count_inputs
    from tabayyun.store.ingest import ingest as run_ingest

    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    _home_option(home, errors)  # an unknown --home is a usage error before anything is read
    bar = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=errors,
        disable=not progress or not errors.is_terminal,
        transient=False,
    )
    counts = {"stored": 0, "skipped": 0, "error": 0}

    def advance(event: str, path: str) -> None:
        if event == "resolving":
            bar.update(task, description="resolve", counts=_counts(counts) + " · resolving across documents")
            return
        if event == "learning":
            bar.update(task, counts="learning each outlet's home area (first pass)")
            return
        counts[event] += 1
        bar.update(task, advance=1, counts=_counts(counts))

    try:
        with bar:
            task = bar.add_task("ingest", total=count_inputs(paths) or None, counts=_counts(counts))
            report = run_ingest(
                paths, db, processes=processes, published=published,
                max_bytes=int(max_size * 1024 * 1024), model=model, progress=advance,
                home=home, learn_home_areas=learn_home_areas,
            )
    except (ValueError, StoreError, ModelNotInstalled) as exc:
        errors.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    for problem in report.errors:
        errors.print(f"[red]error:[/red] {escape(problem)}")
    if learn_home_areas and home is not None:
        errors.print("--learn-home-areas not used: --home gives every document its home area")
    elif learn_home_areas:
        learned = sorted(report.home_areas.items())
        shown = "; ".join(f"{outlet}: {name}" for outlet, name in learned[:10])
        more = f"; and {len(learned) - 10} more (see the home_areas table)" if len(learned) > 10 else ""
        errors.print(f"home areas learned for {len(learned)} outlet(s)" + (f": {escape(shown + more)}" if learned else ""))
    resolution = report.resolution
    summary = (
        f"{report.stored} document(s) stored, {report.skipped} already stored, {len(report.errors)} error(s) "
        f"in {db}; {resolution.get('statements', 0)} statement(s) from {resolution.get('quotes', 0)} quote(s), "
        f"{resolution.get('multi_carrier_statements', 0)} carried by several documents, "
        f"{resolution.get('actors_merged', 0)} actor(s) merged, {resolution.get('corpus_findings', 0)} corpus finding(s)"
    )
    errors.print(summary if not report.errors else f"[yellow]{summary}[/yellow]")
    raise typer.Exit(0 if report.stored or report.skipped else 1)


def _counts(counts: dict[str, int]) -> str:
    return f"{counts['stored']} stored · {counts['skipped']} skipped · {counts['error']} errors"
