"""Command line: `tabayyun analyze`, `tabayyun ingest` and `tabayyun query ...`.

Importing the command modules registers their commands on :data:`app`, in the order that
`tabayyun --help` lists them (analyze, ingest, then report, serve, export; the query group last)."""

from tabayyun.cli.app import app, main
from tabayyun.cli.documents import analyze, ingest
from tabayyun.cli.outputs import export_command, report_command, serve
from tabayyun.cli.query import query_app

__all__ = ["analyze", "app", "export_command", "ingest", "main", "query_app", "report_command", "serve"]
