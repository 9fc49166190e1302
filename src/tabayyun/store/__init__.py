"""The SQLite store: schema and migrations, the per-document writer, ingest and read queries.

One file, opened with :func:`connect` (WAL, foreign keys on, migrated to the current schema).
See ``docs/store.md`` for the tables and the queries.
"""

from tabayyun.store.db import StoreError, connect, migrate, schema_version
from tabayyun.store.schema import SCHEMA_VERSION
from tabayyun.store.writer import StoreWriter

__all__ = ["SCHEMA_VERSION", "StoreError", "StoreWriter", "connect", "migrate", "schema_version"]
