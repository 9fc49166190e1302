"""Exports: the store's records as files other tools read (CSV, JSON lines)."""

from tabayyun.export.events import COLUMNS, SCHEMES, EventFilter, export_rows
from tabayyun.export.files import write_rows

__all__ = ["COLUMNS", "SCHEMES", "EventFilter", "export_rows", "write_rows"]
