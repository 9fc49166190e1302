"""Date audit rules: dates that contradict their context, their weekday, their calendar twin,
or the article's own publication date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from statistics import median

from tabayyun.model import Citation, DateMention, Finding
from tabayyun.settings import SETTINGS

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FUTURE_MARKERS = re.compile(
    r"\b(?:will|would|shall|to be|is to|are to|expected|scheduled|due|plans?|planned|intends?|"
    r"until|till|before|by|next|upcoming|set to|going to|deadline|leave|ends?|expires?|hopes?)\b",
    re.I,
)


def _day(value: str | None) -> date | None:
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _mention_at(dates: Sequence[DateMention], start: int | None, end: int | None) -> DateMention | None:
    if start is None:
        return None
    for mention in dates:
        if mention.start <= start and end is not None and mention.end >= end - 5:
            return mention
        if mention.start == start:
            return mention
    return None


def date_order(
    text: str, citations: Sequence[Citation], dates: Sequence[DateMention]
) -> list[Finding]:
    """A citation date that reads one way under the document's day/month order but whose context
    (the other citations, the dates written in the passage it closes) says the other way."""
    findings: list[Finding] = []
    cited = [(c, _day(c.date)) for c in citations]
    for citation, value in cited:
        if value is None:
            continue
        mention = _mention_at(dates, citation.date_start, citation.date_end)
        alternative = _day(mention.alternative) if mention else None
        if alternative is None or alternative == value:
            continue
        context = [d for c, d in cited if d is not None and c is not citation]
        passage = [
            d
            for m in dates
            if citation.scope_start is not None
            and citation.scope_start <= m.start < (citation.scope_end or citation.start)
            and (d := _day(m.value)) is not None
            and m is not mention
        ]
        context += passage * 2  # dates written in the passage itself weigh more
        if not context:
            continue
        centre = date.fromordinal(int(median(d.toordinal() for d in context)))
        if abs((alternative - centre).days) <= SETTINGS.audit.swap_near_days and abs((value - centre).days) > SETTINGS.audit.swap_far_days:
            surface = text[citation.start:citation.end]
            reason = "the other citations" + (" and the dates in the passage it closes" if passage else "")
            findings.append(
                Finding(
                    kind="date-order",
                    severity="warning",
                    start=citation.date_start if citation.date_start is not None else citation.start,
                    end=citation.date_end if citation.date_end is not None else citation.end,
                    message=(
                        f"{surface} reads as {value.isoformat()} under this document's day/month order, "
                        f"but {reason} point to {centre.strftime('%B %Y')}: day and month look swapped"
                    ),
                    suggestion=alternative.isoformat(),
                )
            )
    return findings


def weekday_mismatch(dates: Sequence[DateMention]) -> list[Finding]:
    """"Saturday, 26/11/2016" must be a Saturday."""
    findings: list[Finding] = []
    for mention in dates:
        value = _day(mention.value)
        if mention.weekday is None or value is None or value.weekday() == mention.weekday:
            continue
        written = WEEKDAYS[mention.weekday]
        alternative = _day(mention.alternative)
        if alternative is not None and alternative.weekday() == mention.weekday:
            suggestion = alternative
        else:
            shift = (mention.weekday - value.weekday()) % 7
            suggestion = value + timedelta(days=shift if shift <= 3 else shift - 7)
        findings.append(
            Finding(
                kind="weekday-mismatch",
                severity="warning",
                start=mention.start,
                end=mention.end,
                message=f"{mention.surface!r} says {written}, but {value.isoformat()} is a {WEEKDAYS[value.weekday()]}",
                suggestion=suggestion.isoformat(),
            )
        )
    return findings


def _line_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def _is_twin(text: str, hijri: DateMention, other: DateMention) -> bool:
    """Written beside the Hijri date: on its line, or alone on the next or previous line."""
    if _line_of(text, hijri.start) == _line_of(text, other.start):
        return True
    line_start, line_end = _line_of(text, other.start)
    rest = (text[line_start:other.start] + text[other.end:line_end]).strip(" \t,.;:()-–/")
    return len(rest.split()) <= 2


def calendar_mismatch(
    text: str, dates: Sequence[DateMention], citations: Sequence[Citation] = ()
) -> list[Finding]:
    """A Hijri date and the Gregorian date written beside it must name the same day."""
    findings: list[Finding] = []
    cited = {(c.date_start, c.date_end) for c in citations}
    gregorian = [
        m for m in dates if m.calendar == "gregorian" and _day(m.value) and (m.start, m.end) not in cited
    ]
    for hijri in (m for m in dates if m.calendar == "hijri"):
        converted = _day(hijri.gregorian or hijri.value)
        if converted is None:
            continue
        twins = [
            g
            for g in gregorian
            if 0 <= g.start - hijri.end <= SETTINGS.audit.twin_window_chars or 0 <= hijri.start - g.end <= SETTINGS.audit.twin_window_chars
        ]
        twins = [
            g
            for g in twins
            if "." not in text[min(g.end, hijri.end):max(g.start, hijri.start)].strip(" .") and _is_twin(text, hijri, g)
        ]
        if not twins:
            continue
        twin = min(twins, key=lambda g: min(abs(g.start - hijri.end), abs(hijri.start - g.end)))
        value = _day(twin.value)
        assert value is not None
        gap = abs((value - converted).days)
        if gap == 0:
            continue
        findings.append(
            Finding(
                kind="calendar-mismatch",
                severity="warning" if gap > 1 else "info",
                start=min(hijri.start, twin.start),
                end=max(hijri.end, twin.end),
                message=(
                    f"{hijri.surface!r} is {converted.isoformat()} in the Umm al-Qura calendar, "
                    f"but the Gregorian date beside it, {twin.surface!r}, is {value.isoformat()}"
                    + (" (one day apart: may be a moon-sighting difference)" if gap == 1 else "")
                ),
                suggestion=converted.isoformat(),
            )
        )
    return findings


def citation_after_publication(citations: Sequence[Citation], published: date | None) -> list[Finding]:
    if published is None:
        return []
    findings = []
    for citation in citations:
        value = _day(citation.date)
        if value is not None and value > published:
            findings.append(
                Finding(
                    kind="citation-after-publication",
                    severity="error",
                    start=citation.start,
                    end=citation.end,
                    message=(
                        f"{citation.outlet} is cited as of {value.isoformat()}, after the article's "
                        f"publication date {published.isoformat()}"
                    ),
                    suggestion=None,
                )
            )
    return findings


def future_date(
    text: str,
    dates: Sequence[DateMention],
    citations: Sequence[Citation],
    sentences: Sequence[tuple[int, int]],
    published: date | None,
) -> list[Finding]:
    """A date after publication, written as if it had already happened."""
    if published is None:
        return []
    cited_spans = {(c.date_start, c.date_end) for c in citations}
    findings = []
    for mention in dates:
        value = _day(mention.value) or (
            _day(mention.value + "-01") if len(mention.value) == 7 and mention.value[:4].isdigit() else None
        )
        if value is None or mention.relative or value <= published or mention.type != "DATE":
            continue
        if mention.precision == "month" and value.replace(day=1) <= published.replace(day=1):
            continue
        if (mention.start, mention.end) in cited_spans or any(
            c.date_start is not None and c.date_start <= mention.start < (c.date_end or 0) for c in citations
        ):
            continue
        sentence = next(((s, e) for s, e in sentences if s <= mention.start < e), None)
        context = text[sentence[0]:sentence[1]] if sentence else text[max(0, mention.start - 150):mention.end + 50]
        if _FUTURE_MARKERS.search(context):
            continue
        findings.append(
            Finding(
                kind="future-date",
                severity="warning",
                start=mention.start,
                end=mention.end,
                message=(
                    f"{mention.surface!r} ({mention.value}) is after the publication date "
                    f"{published.isoformat()} but is not written as a future or planned event"
                ),
                suggestion=None,
            )
        )
    return findings
