"""A sorted index of character spans, for overlap and containment queries in O(log n + k)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


def strip_span(text: str, start: int, end: int, strip: str = "") -> tuple[int, int]:
    """``start``/``end`` moved inward past whitespace (and the characters of ``strip``)."""
    while start < end and (text[start].isspace() or text[start] in strip):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in strip):
        end -= 1
    return start, end


class SpanIndex(Generic[T]):
    """Items with a (start, end) span, sorted by start, queried without a pass over all of them."""

    def __init__(self, items: Iterable[T], span: Callable[[T], tuple[int, int]]) -> None:
        rows = sorted(((*span(item), item) for item in items), key=lambda row: (row[0], row[1]))
        self._starts = [row[0] for row in rows]
        self._rows = rows
        self._longest = max((end - start for start, end, _ in rows), default=0)

    def __len__(self) -> int:
        return len(self._rows)

    def overlapping(self, start: int, end: int) -> Iterator[T]:
        """Items whose span shares at least one character with [start, end)."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, max(end, start + 1))
        for s, e, item in self._rows[lo:hi]:
            if s < end and start < e or (s == e == start):
                yield item

    def containing(self, pos: int) -> Iterator[T]:
        """Items whose span contains the position ``pos``."""
        lo = bisect.bisect_left(self._starts, pos - self._longest)
        hi = bisect.bisect_right(self._starts, pos)
        for s, e, item in self._rows[lo:hi]:
            if s <= pos < e:
                yield item

    def any_overlap(self, start: int, end: int) -> bool:
        return next(self.overlapping(start, end), None) is not None


class GrowingSpans:
    """A set of taken spans that grows one span at a time (greedy non-overlapping selection)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = sorted(spans)
        self._longest = max((e - s for s, e in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        bisect.insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        lo = bisect.bisect_left(self._spans, (start - self._longest, -1))
        for s, e in self._spans[lo:]:
            if s >= end:
                return False
            if s < end and start < e:
                return True
        return False
