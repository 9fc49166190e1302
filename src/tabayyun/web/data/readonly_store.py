"""The store file opened read-only for the web, one connection per worker thread, each request's
queries bounded by a time limit; a file that is not a store of this schema version is refused."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from tabayyun.settings import SETTINGS
from tabayyun.store.schema import SCHEMA_VERSION

__all__ = ["DEFAULT_TIME_LIMIT", "ReadOnlyStore", "StoreUnusable", "interrupted"]

DEFAULT_TIME_LIMIT = SETTINGS.web.query_time_limit
PROGRESS_STEPS = 1000  # SQLite virtual-machine instructions between two looks at the clock


class StoreUnusable(Exception):
    """The file is missing, not a tabayyun store, or of another schema version."""


class ReadOnlyStore:
    """The store file opened read-only, one connection per worker thread.

    ``time_limit`` (seconds; None for none) bounds the queries of a request: SQLite's progress
    handler interrupts a query running past it (``sqlite3.OperationalError: interrupted``, see
    :func:`interrupted`), and the connection stays usable for the next request."""

    def __init__(self, path: str | Path, *, time_limit: float | None = DEFAULT_TIME_LIMIT) -> None:
        self.path = Path(path)
        self.time_limit = time_limit
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
        """This thread's connection (opened on first use, kept for the thread's life), with a new
        time budget: its queries are interrupted once ``time_limit`` seconds have passed since
        this call. A route calls it once per request."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            conn.set_progress_handler(self._over_time, PROGRESS_STEPS)
            self._local.conn = conn
        limit = self.time_limit
        self._local.deadline = None if limit is None else time.monotonic() + limit
        return conn

    def _over_time(self) -> int:
        """SQLite's progress handler: non-zero interrupts the running query."""
        deadline = getattr(self._local, "deadline", None)
        return 1 if deadline is not None and time.monotonic() > deadline else 0


def interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` is a query stopped by the time limit (SQLite's "interrupted" error)."""
    return isinstance(exc, sqlite3.OperationalError) and str(exc) == "interrupted"
