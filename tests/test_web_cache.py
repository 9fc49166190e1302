"""The web server's response cache: same bytes for the same GET until the store file changes."""

from __future__ import annotations

import asyncio
import os
import shutil

import pytest
from fastapi.testclient import TestClient

from tabayyun.web import cache as cache_module
from tabayyun.web.app import create_app
from tabayyun.web.cache import ResponseCache


@pytest.fixture()
def store_copy(demo_db, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db, path)
    return path


def test_a_repeated_page_is_replayed_and_a_changed_store_drops_the_cache(store_copy, monkeypatch):
    client = TestClient(create_app(store_copy))
    first = client.get("/timeline?from=2016-12-01&to=2016-12-07")
    again = client.get("/timeline?from=2016-12-01&to=2016-12-07")
    assert (first.status_code, again.status_code) == (200, 200)
    assert (first.headers["x-tabayyun-cache"], again.headers["x-tabayyun-cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert client.get("/timeline?from=2016-12-02").headers["x-tabayyun-cache"] == "miss"  # other query
    # a new ingest changes the file: the next answer is computed again
    monkeypatch.setattr(cache_module, "CHECK_EVERY", 0.0)
    stat = os.stat(store_copy)
    os.utime(store_copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert client.get("/timeline?from=2016-12-01&to=2016-12-07").headers["x-tabayyun-cache"] == "miss"


def test_errors_and_static_files_are_not_cached(store_copy):
    client = TestClient(create_app(store_copy))
    for _ in range(2):
        missing = client.get("/documents/no-such-document")
        assert missing.status_code == 404 and missing.headers["x-tabayyun-cache"] == "miss"
    assert "x-tabayyun-cache" not in client.get("/static/style.css").headers


def test_the_cache_can_be_turned_off(store_copy):
    client = TestClient(create_app(store_copy, cache=False))
    client.get("/sources")
    assert "x-tabayyun-cache" not in client.get("/sources").headers


def test_least_recently_used_answers_leave_first(tmp_path):
    calls: list[str] = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode() * 10})

    store = tmp_path / "x.db"
    store.write_bytes(b"x")
    cached = ResponseCache(app, store, max_entries=2)

    def get(path: str) -> None:
        async def receive():
            return {"type": "http.request"}

        async def send(message):
            return None

        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
        asyncio.run(cached(scope, receive, send))

    for path in ("/a", "/b", "/a", "/c", "/a", "/b"):
        get(path)
    # /b was the least recently used when /c came in, so it was computed again
    assert calls == ["/a", "/b", "/c", "/b"]
    assert cached.size == sum(len(body) for _, _, body in cached.entries.values())
