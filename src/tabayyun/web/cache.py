"""A response cache for a read-only store: the same GET answers the same bytes until the store
file changes (a new ingest), so pages and API answers are kept and replayed.

Bounded by entry count and total bytes (least recently used first out); a response is kept
only when it is a complete 200 of a reasonable size. The store's fingerprint (size and
modification time of the database file and its write-ahead log) is checked at most once a
second; when it changes the whole cache is dropped.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRIES = 512
MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 4 * 1024 * 1024
CHECK_EVERY = 1.0  # seconds between two looks at the store's files

Entry = tuple[int, list[tuple[bytes, bytes]], bytes]


def _fingerprint(path: Path) -> tuple[tuple[int, int], ...]:
    marks = []
    for name in (path, path.with_name(path.name + "-wal")):
        try:
            stat = os.stat(name)
            marks.append((stat.st_size, stat.st_mtime_ns))
        except OSError:
            marks.append((-1, -1))
    return tuple(marks)


class ResponseCache:
    """ASGI middleware caching GET responses (not ``/static``, which the browser caches)."""

    def __init__(self, app: ASGIApp, store_path: str | Path, *, max_entries: int = MAX_ENTRIES,
                 max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.path = Path(store_path)
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple[str, str, bytes], Entry] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.fingerprint = _fingerprint(self.path)
        self.checked = time.monotonic()
        self.hits = self.misses = 0

    def _still_valid(self) -> None:
        now = time.monotonic()
        if now - self.checked < CHECK_EVERY:
            return
        self.checked = now
        current = _fingerprint(self.path)
        if current != self.fingerprint:
            self.fingerprint = current
            self.entries.clear()
            self.size = 0

    def _get(self, key: tuple[str, str, bytes]) -> Entry | None:
        with self.lock:
            self._still_valid()
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return entry

    def _put(self, key: tuple[str, str, bytes], entry: Entry) -> None:
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += len(entry[2])
            while self.entries and (len(self.entries) > self.max_entries or self.size > self.max_bytes):
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[2])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        key = (host, scope["path"], scope.get("query_string", b""))
        cached = self._get(key)
        if cached is not None:
            status, headers, body = cached
            await send({"type": "http.response.start", "status": status,
                        "headers": [*headers, (b"x-tabayyun-cache", b"hit")]})
            await send({"type": "http.response.body", "body": body})
            return

        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message["status"] == 200
                message = {**message, "headers": [*message.get("headers", []), (b"x-tabayyun-cache", b"miss")]}
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                if size > MAX_ENTRY_BYTES:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(body)
                if not message.get("more_body", False) and keep and start is not None:
                    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"x-tabayyun-cache"]
                    self._put(key, (start["status"], headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)
