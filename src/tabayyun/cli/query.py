"""`tabayyun query ...`: the sub-app that reads a store (timeline, actor, quotes, sources, findings,
events, places, search) and prints a rich table, JSON lines or CSV."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from tabayyun.cli.app import (
    DbOption,
    FromOption,
    ToOption,
    app,
    check_date,
    lookup_actor_ids,
    open_store,
)

__all__ = [
    "FormatOption",
    "LimitOption",
    "QueryFormat",
    "actor_command",
    "events_command",
    "findings_command",
    "places_command",
    "query_app",
    "quotes_command",
    "search_command",
    "sources_command",
    "timeline",
]

# The commands import what they run (spaCy, the store, the web app) inside their bodies, so that
# `tabayyun --help` and the other commands start without loading them.


class QueryFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


FormatOption = Annotated[
    QueryFormat, typer.Option("--format", "-f", help="table (rich), jsonl (one object per row) or csv.")
]
LimitOption = Annotated[int, typer.Option(min=0, help="At most this many rows (0: no limit).")]

query_app = typer.Typer(
    name="query",
    help="Read the knowledge base built by `tabayyun ingest`.",
    no_args_is_help=True,
)
app.add_typer(query_app)


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

    start, end = check_date(date_from, "--from"), check_date(date_to, "--to")
    conn = open_store(db)
    ids = lookup_actor_ids(conn, actor) if actor else []
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

    conn = open_store(db)
    _emit(queries.actor_profile(conn, lookup_actor_ids(conn, name), limit=limit or 1_000_000), format)


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

    start, end = check_date(date_from, "--from"), check_date(date_to, "--to")
    conn = open_store(db)
    ids = lookup_actor_ids(conn, speaker) if speaker else []
    _emit([queries.quotes(conn, speaker_ids=ids, date_from=start, date_to=end, limit=limit or None)], format)


@query_app.command("sources", epilog="Example:\n\n  tabayyun query sources --db corpus.db --format csv")
def sources_command(db: DbOption, format: FormatOption = QueryFormat.table) -> None:
    """Outlets: how often cited, in how many documents, relayed by whom, state-owned or not."""
    from tabayyun.store import queries

    _emit([queries.sources(open_store(db))], format)


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

    _emit([queries.findings(open_store(db), level=level, kind=kind)], format)


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
    start, end = check_date(date_from, "--from"), check_date(date_to, "--to")
    conn = open_store(db)
    ids = lookup_actor_ids(conn, actor) if actor else []
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
    _emit([queries.places(open_store(db), bbox=box, limit=limit or None)], format)


@query_app.command("search", epilog='Example:\n\n  tabayyun query search "withdrawal routes" --db corpus.db')
def search_command(
    text: Annotated[str, typer.Argument(help="Words to find (all of them; diacritics and case ignored; word* for a prefix).")],
    db: DbOption,
    limit: LimitOption = 20,
    format: FormatOption = QueryFormat.table,
) -> None:
    """Full-text search over documents and quotes, best match first, with snippets."""
    from tabayyun.store import queries

    _emit(queries.search(open_store(db), text, limit=limit or 1_000_000), format)
