"""Command line: `tabayyun analyze FILE_OR_DIR...`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tabayyun import __version__
from tabayyun.model import to_json

app = typer.Typer(
    name="tabayyun",
    help="Turn news reports and analysis articles into a sourced, checkable evidence record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tabayyun {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """tabayyun: verify the news before you accept it."""


@app.command(
    epilog=(
        "Examples:\n\n"
        "  tabayyun analyze examples/\n\n"
        "  tabayyun analyze report.txt --published 2016-12-14 --format jsonl --output report.jsonl"
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
) -> None:
    """Analyze documents and print their citations, quotes, actors, dates, claims and findings."""
    from tabayyun.ingest import IngestError, iter_documents
    from tabayyun.nlp import ModelNotInstalled
    from tabayyun.pipeline import AnalysisFailure, analyze_documents

    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        stream = iter_documents(paths, published=published, max_bytes=int(max_size * 1024 * 1024))
        first = next(stream, None)
    except ValueError as exc:
        errors.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None

    def documents():
        item = first
        while item is not None:
            if isinstance(item, IngestError):
                errors.print(f"[red]error:[/red] {escape(str(item))}")
                failures.append(item)
            else:
                for warning in item.warnings:
                    errors.print(f"[yellow]warning:[/yellow] {escape(item.source_path)}: {escape(warning)}")
                yield item
            item = next(stream, None)

    failures: list = []
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
