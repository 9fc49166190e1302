"""The audit of one document: every rule run, one finding per error."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tabayyun.audit.dates import (
    calendar_mismatch,
    citation_after_publication,
    date_order,
    future_date,
    weekday_mismatch,
)
from tabayyun.model import Citation, DateMention, Finding

__all__ = ["RULES", "audit_document"]

RULES = ("date-order", "weekday-mismatch", "calendar-mismatch", "citation-after-publication", "future-date")


def audit_document(
    text: str,
    *,
    citations: Sequence[Citation],
    dates: Sequence[DateMention],
    sentences: Sequence[tuple[int, int]],
    published: date | None,
) -> list[Finding]:
    findings = [
        *date_order(text, citations, dates),
        *weekday_mismatch(dates),
        *calendar_mismatch(text, dates, citations),
        *citation_after_publication(citations, published),
        *future_date(text, dates, citations, sentences, published),
    ]
    return _one_finding_per_error(findings)


def _one_finding_per_error(findings: list[Finding]) -> list[Finding]:
    """A Hijri date that disagrees with its twin also lands on the wrong weekday and may fall after
    publication: report the calendar mismatch once, not its consequences."""
    calendar = [f for f in findings if f.kind == "calendar-mismatch"]
    kept = [
        f
        for f in findings
        if f.kind == "calendar-mismatch" or not any(c.start <= f.start and f.end <= c.end for c in calendar)
    ]
    kept.sort(key=lambda f: (f.start, f.kind))
    return kept
