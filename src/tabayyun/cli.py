"""Command line: `tabayyun analyze`, `tabayyun ingest` and `tabayyun query ...`."""

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


# -- the corpus store ------------------------------------------------------------------------

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite store (created and migrated as needed).")]


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


class QueryFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


FormatOption = Annotated[
    QueryFormat, typer.Option("--format", "-f", help="table (rich), jsonl (one object per row) or csv.")
]
FromOption = Annotated[str | None, typer.Option("--from", help="Earliest date, YYYY-MM-DD (inclusive).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Latest date, YYYY-MM-DD (inclusive).")]
LimitOption = Annotated[int, typer.Option(min=0, help="At most this many rows (0: no limit).")]

query_app = typer.Typer(
    name="query",
    help="Read the knowledge base built by `tabayyun ingest`.",
    no_args_is_help=True,
)
app.add_typer(query_app)


def _open_store(db: Path):
    from tabayyun.store import StoreError, connect

    try:
        return connect(db, create=False)
    except StoreError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _check_date(value: str | None, option: str) -> str | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", param_hint=option) from None


def _actor_ids(conn, name: str) -> list[str]:
    from tabayyun.knowledge import KnowledgeBase
    from tabayyun.store.queries import ActorNotFound, find_actor_ids

    try:
        return find_actor_ids(conn, name, KnowledgeBase.load())
    except ActorNotFound as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None


def _emit(tables, format: QueryFormat) -> None:
    from tabayyun.store.output import write_tables

    write_tables(tables, format.value, sys.stdout)


@query_app.command(
    epilog="Example:\n\n  tabayyun query timeline --db corpus.db --place Aleppo --from 2016-11-26 --to 2016-12-07"
)
def timeline(
    db: DbOption,
    place: Annotated[
        str | None,
        typer.Option(
            help="Only sentences naming this place: a geocoded place of that name or alias "
            "(Palmyra finds Tadmur), else a case-insensitive text match on the sentence; a capital "
            "used for its government (\"Moscow said\") does not count."
        ),
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Only sentences that mention or quote this actor.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    all_sentences: Annotated[
        bool, typer.Option("--all", help="Also sentences dated only by their document's publication date.")
    ] = False,
    limit: LimitOption = 200,
    format: FormatOption = QueryFormat.table,
) -> None:
    """Dated sentences in date order, with their sources and the actors they name.

    A sentence's date is the first day written in it, else the date of a quote in it, else the
    date of the citation governing it (the basis column says which)."""
    from tabayyun.store import queries

    start, end = _check_date(date_from, "--from"), _check_date(date_to, "--to")
    conn = _open_store(db)
    ids = _actor_ids(conn, actor) if actor else []
    _emit([queries.timeline(conn, place=place, actor_ids=ids, date_from=start, date_to=end,
                            include_published=all_sentences, limit=limit or None)], format)


@query_app.command("actor", epilog='Example:\n\n  tabayyun query actor "Cavusoglu" --db corpus.db')
def actor_command(
    name: Annotated[str, typer.Argument(help="A name, alias or surname (case and diacritics do not matter).")],
    db: DbOption,
    limit: LimitOption = 20,
    format: FormatOption = QueryFormat.table,
) -> None:
    """An actor: aliases, roles, mentions, quotes, and who appears with them in the same sentences."""
    from tabayyun.store import queries

    conn = _open_store(db)
    _emit(queries.actor_profile(conn, _actor_ids(conn, name), limit=limit or 1_000_000), format)


@query_app.command("quotes", epilog="Example:\n\n  tabayyun query quotes --speaker Lavrov --db corpus.db")
def quotes_command(
    db: DbOption,
    speaker: Annotated[str | None, typer.Option(help="Only quotes by this actor.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: LimitOption = 500,
    format: FormatOption = QueryFormat.table,
) -> None:
    """Quotes in date order, with the outlet chain carrying each and the statement it belongs to
    (how many documents carry it, how many independent sources)."""
    from tabayyun.store import queries

    start, end = _check_date(date_from, "--from"), _check_date(date_to, "--to")
    conn = _open_store(db)
    ids = _actor_ids(conn, speaker) if speaker else []
    _emit([queries.quotes(conn, speaker_ids=ids, date_from=start, date_to=end, limit=limit or None)], format)


@query_app.command("sources", epilog="Example:\n\n  tabayyun query sources --db corpus.db --format csv")
def sources_command(db: DbOption, format: FormatOption = QueryFormat.table) -> None:
    """Outlets: how often cited, in how many documents, relayed by whom, state-owned or not."""
    from tabayyun.store import queries

    _emit([queries.sources(_open_store(db))], format)


@query_app.command("findings", epilog="Example:\n\n  tabayyun query findings --db corpus.db --level corpus")
def findings_command(
    db: DbOption,
    level: Annotated[str | None, typer.Option(help="document or corpus.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind (date-order, conflicting-speaker, ...).")] = None,
    format: FormatOption = QueryFormat.table,
) -> None:
    """Audit findings: per document (dates) and across the corpus (conflicting attributions,
    single-source statements)."""
    from tabayyun.store import queries

    _emit([queries.findings(_open_store(db), level=level, kind=kind)], format)


@query_app.command(
    "events",
    epilog="Example:\n\n  tabayyun query events --db corpus.db --type ASSAULT --place Aleppo --from 2016-12-01",
)
def events_command(
    db: DbOption,
    type: Annotated[  # noqa: A002 - the option is --type
        str | None, typer.Option("--type", help="Only this PLOVER type (ASSAULT, CONSULT, AGREE, ...).")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Only events with this actor as source or target.")] = None,
    place: Annotated[
        str | None, typer.Option(help="Only events at this place (gazetteer name or a name the documents use).")
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    include_unasserted: Annotated[
        bool,
        typer.Option("--include-unasserted", help="Also planned, hypothetical and negated events (marked in status)."),
    ] = False,
    limit: LimitOption = 500,
    format: FormatOption = QueryFormat.table,
) -> None:
    """Events across the corpus, in date order: the same event reported by several documents is
    one row, with its CAMEO root code, ACLED type, how many documents carry it and how many
    independent sources (relays count once)."""
    from tabayyun.extract.events import PLOVER_TYPES
    from tabayyun.store import queries

    if type is not None and type.upper() not in PLOVER_TYPES:
        raise typer.BadParameter(f"{type!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})", param_hint="--type")
    start, end = _check_date(date_from, "--from"), _check_date(date_to, "--to")
    conn = _open_store(db)
    ids = _actor_ids(conn, actor) if actor else []
    _emit([queries.events(conn, type=type, actor_ids=ids, place=place, date_from=start, date_to=end,
                          include_unasserted=include_unasserted, limit=limit or None)], format)


@query_app.command("places", epilog="Example:\n\n  tabayyun query places --db corpus.db --bbox 32,35,37.5,42")
def places_command(
    db: DbOption,
    bbox: Annotated[
        str | None,
        typer.Option(help="Only places inside this box: S,W,N,E in decimal degrees (W > E crosses 180°)."),
    ] = None,
    limit: LimitOption = 500,
    format: FormatOption = QueryFormat.table,
) -> None:
    """Geocoded places, most mentioned first, with coordinates and mention counts. A capital
    standing for its government ("Moscow said") is not a place here."""
    from tabayyun.store import queries

    box = None
    if bbox is not None:
        try:
            box = queries.parse_bbox(bbox)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--bbox") from None
    _emit([queries.places(_open_store(db), bbox=box, limit=limit or None)], format)


@query_app.command("search", epilog='Example:\n\n  tabayyun query search "withdrawal routes" --db corpus.db')
def search_command(
    text: Annotated[str, typer.Argument(help="Words to find (all of them; diacritics and case ignored; word* for a prefix).")],
    db: DbOption,
    limit: LimitOption = 20,
    format: FormatOption = QueryFormat.table,
) -> None:
    """Full-text search over documents and quotes, best match first, with snippets."""
    from tabayyun.store import queries

    _emit(queries.search(_open_store(db), text, limit=limit or 1_000_000), format)


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

    start, end = _check_date(date_from, "--from"), _check_date(date_to, "--to")
    if start and end and start > end:
        raise typer.BadParameter(f"--from {start} is after --to {end}", param_hint="--from")
    conn = _open_store(db)
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
) -> None:
    """Browse a store in a local web page: documents with their evidence highlighted, actors,
    timeline, network, map, findings, sources, search and the situation report. Offline."""
    from tabayyun.web.data import StoreUnusable
    from tabayyun.web.server import run

    try:
        run(db, host=host, port=port, stop_after=stop_after, cache=cache)
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

    start, end = _check_date(date_from, "--from"), _check_date(date_to, "--to")
    conn = _open_store(db)
    flt = EventFilter(date_from=start, date_to=end, type=type, place=place,
                      actor_ids=_actor_ids(conn, actor) if actor else (), include_unhappened=include_unasserted)
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
