"""Sorted-neighbourhood clustering: a union-find, and the unions of items close in sort
order, in memory or along a sorted SQL query."""

from __future__ import annotations

import sqlite3
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Sequence

from tabayyun.settings import SETTINGS

__all__ = ["UnionFind", "cluster", "window_unions"]



class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = array("q", range(n))  # 8 bytes per item

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _neighbours(keys: Sequence[str], window: int = SETTINGS.corpus.neighbour_window) -> Iterable[tuple[int, int]]:
    """Pairs of indices that are close in sort order of the keys and of the reversed keys."""
    for sort_key in (lambda i: keys[i], lambda i: keys[i][::-1]):
        order = sorted(range(len(keys)), key=sort_key)
        for pos, i in enumerate(order):
            for j in order[pos + 1 : pos + 1 + window]:
                yield i, j


def cluster(
    keys: Sequence[str], close: Callable[[int, int], float | None], block: Callable[[int], Hashable]
) -> UnionFind:
    """Union equal keys within a block, then neighbours that ``close`` accepts."""
    uf = UnionFind(len(keys))
    first: dict[tuple[Hashable, str], int] = {}
    for i, key in enumerate(keys):
        seen = first.setdefault((block(i), key), i)
        if seen != i:
            uf.union(seen, i)
    by_block: dict[Hashable, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        by_block[block(i)].append(i)
    for members in by_block.values():
        if len(members) < 2:
            continue
        for a, b in _neighbours([keys[i] for i in members]):
            i, j = members[a], members[b]
            if uf.find(i) != uf.find(j) and close(i, j) is not None:
                uf.union(i, j)
    return uf


def window_unions(
    conn: sqlite3.Connection, uf: UnionFind, sql: str, close: Callable[[str, str], float | None]
) -> None:
    """Rows (i, block, key) in block then sort order: within a block, each row is compared with the
    ``SETTINGS.corpus.neighbour_window`` rows before it (equal keys always join)."""
    window: deque[tuple[int, str]] = deque(maxlen=SETTINGS.corpus.neighbour_window)
    block: object = object()
    for i, row_block, key in conn.execute(sql):
        if row_block != block:
            window.clear()
            block = row_block
        for j, other in window:
            if uf.find(i) != uf.find(j) and (other == key or close(key, other) is not None):
                uf.union(i, j)
        window.append((i, key))
