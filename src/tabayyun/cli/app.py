"""The `tabayyun` Typer app and its --version, the options and helpers its commands share (the
store, dates, actor names) and :func:`main`, the console script."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tabayyun import __version__

__all__ = [
    "DbOption",
    "FromOption",
    "ToOption",
    "app",
    "check_date",
    "lookup_actor_ids",
    "main",
    "main_options",
    "open_store",
]

# The helpers import the store and the knowledge base inside their bodies (as the commands import
# what they run), so that `tabayyun --help` starts without loading them.

app = typer.Typer(
    name="tabayyun",
    help="Turn news reports and analysis articles into a sourced, checkable evidence record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


DbOption = Annotated[Path, typer.Option("--db", help="The SQLite store (created and migrated as needed).")]
FromOption = Annotated[str | None, typer.Option("--from", help="Earliest date, YYYY-MM-DD (inclusive).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Latest date, YYYY-MM-DD (inclusive).")]


def open_store(db: Path):
    from tabayyun.store import StoreError, connect

    try:
        return connect(db, create=False)
    except StoreError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


def check_date(value: str | None, option: str) -> str | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", param_hint=option) from None


def lookup_actor_ids(conn, name: str) -> list[str]:
    from tabayyun.knowledge import KnowledgeBase
    from tabayyun.store.queries import ActorNotFound, find_actor_ids

    try:
        return find_actor_ids(conn, name, KnowledgeBase.load())
    except ActorNotFound as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None


def main() -> None:
    app()
