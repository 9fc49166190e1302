"""The store file opened read-only for the web, one connection per worker thread; a file that is
not a store of this schema version is refused (``StoreUnusable``)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from tabayyun.store.schema import SCHEMA_VERSION

__all__ = ["ReadOnlyStore", "StoreUnusable"]


class StoreUnusable(Exception):
    """The file is missing, not a tabayyun store, or of another schema version."""


class ReadOnlyStore:
    """The store file opened read-only, one connection per worker thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.check()

    def _open(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise StoreUnusable(
                f"{self.path}: no such store (create it with `tabayyun ingest ... --db {self.path}`)"
            )
        uri = f"file:{self.path.resolve().as_posix()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=10.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = 1")
        return conn

    def check(self) -> None:
        """Refuse a file that is not a store of this schema version (a read-only file is never migrated)."""
        conn = self._open()
        try:
            try:
                has = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                ).fetchone()
            except sqlite3.DatabaseError as exc:
                raise StoreUnusable(f"{self.path}: not a usable SQLite database ({exc})") from None
            if not has:
                raise StoreUnusable(f"{self.path}: not a tabayyun store (no schema_version table)")
            version = int(
                conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
            )
        finally:
            conn.close()
        if version != SCHEMA_VERSION:
            hint = (
                f"migrate it once with `tabayyun query sources --db {self.path}` (any command that opens it)"
                if version < SCHEMA_VERSION
                else "upgrade tabayyun to read it"
            )
            raise StoreUnusable(
                f"{self.path}: the store has schema version {version}, this tabayyun serves version "
                f"{SCHEMA_VERSION} only; {hint}"
            )

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use, kept for the thread's life)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
        return conn
