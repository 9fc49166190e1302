"""Claims: one per sentence, labelled by what backs it."""

from __future__ import annotations

from collections.abc import Sequence

from tabayyun.model import Citation, Claim, Quote
from tabayyun.settings import SETTINGS
from tabayyun.spans import SpanIndex


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _reach(citation: Citation) -> tuple[int, int]:
    """The citation's own span together with the passage it governs."""
    start = min(citation.start, citation.scope_start if citation.scope_start is not None else citation.start)
    end = max(citation.end, citation.scope_end if citation.scope_end is not None else citation.end)
    return start, end


def governing_citations(citations: SpanIndex[Citation], start: int, end: int) -> list[str]:
    """Ids of the citations whose passage or own span overlaps text[start:end]."""
    ids = []
    for citation in citations.overlapping(start, end):
        scope_start = citation.scope_start if citation.scope_start is not None else citation.start
        scope_end = citation.scope_end if citation.scope_end is not None else citation.end
        if _overlap(start, end, scope_start, scope_end) or _overlap(start, end, citation.start, citation.end):
            ids.append(citation.id)
    return sorted(ids, key=lambda cid: int(cid[1:]) if cid[1:].isdigit() else 0)


def _only_citations(text: str, start: int, end: int, citations: SpanIndex[Citation]) -> bool:
    rest = list(text[start:end])
    for citation in citations.overlapping(start, end):
        for i in range(max(start, citation.start), min(end, citation.end)):
            rest[i - start] = " "
    return not any(ch.isalpha() for ch in rest)


def extract_claims(
    text: str,
    sentences: Sequence[tuple[int, int]],
    citations: Sequence[Citation],
    quotes: Sequence[Quote],
) -> list[Claim]:
    by_reach = SpanIndex(citations, _reach)
    by_span = SpanIndex(quotes, lambda q: (q.start, q.end))
    claims: list[Claim] = []
    for start, end in sentences:
        if not any(ch.isalpha() for ch in text[start:end]):
            continue
        if _only_citations(text, start, end, by_reach):
            continue  # "(BBC Arabic, 12/01/2016)." on its own is the source of a claim, not a claim
        ids = governing_citations(by_reach, start, end)
        length = max(1, end - start)
        quoted = any(_overlap(start, end, q.start, q.end) / length >= SETTINGS.quotes.claim_quoted_share for q in by_span.overlapping(start, end))
        kind = "sourced" if ids else ("quoted" if quoted else "unsourced")
        claims.append(Claim(start=start, end=end, kind=kind, citations=ids))
    return claims
