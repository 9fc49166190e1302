"""Opening the SQLite file: connection settings and schema migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tabayyun.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["StoreError", "connect", "schema_version"]


class StoreError(Exception):
    """The file cannot be used as a tabayyun store (newer schema, not a database, ...)."""


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal" and str(mode).lower() != "memory":
        raise StoreError(f"could not switch the database to WAL mode (got {mode!r})")
    conn.execute("PRAGMA synchronous = NORMAL")


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version of an open database; 0 for an empty file."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        others = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if others:
            raise StoreError("the file is an SQLite database but not a tabayyun store (no schema_version table)")
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, *, upto: int = SCHEMA_VERSION) -> int:
    """Apply the migrations the file is missing, each in its own transaction; returns the version."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {current}, newer than this tabayyun reads "
            f"(up to {SCHEMA_VERSION}); upgrade tabayyun to open it"
        )
    if current == 0:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        conn.execute("COMMIT")
    for version, script in MIGRATIONS:
        if version <= current or version > upto:
            continue
        # executescript commits first; the BEGIN ... COMMIT inside makes the step atomic
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{script}\n"
            f"INSERT INTO schema_version (version, applied_at) VALUES ({version}, datetime('now'));\nCOMMIT;"
        )
        current = version
    return current


def connect(path: str | Path, *, create: bool = True, upto: int = SCHEMA_VERSION) -> sqlite3.Connection:
    """Open (and create or migrate) a store. The connection is in autocommit mode: writers
    open their own transactions with ``BEGIN IMMEDIATE``."""
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"{path}: no such store (create it with `tabayyun ingest ... --db {path}`)")
    if create and path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    conn.row_factory = sqlite3.Row
    try:
        _configure(conn)
        migrate(conn, upto=upto)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from None
    except StoreError as exc:
        conn.close()
        raise StoreError(f"{path}: {exc}") from None
    return conn
