"""Audit rules on hand-built dates and citations, then end to end on short articles."""

from __future__ import annotations

from datetime import date

from tabayyun.audit.dates import (
    calendar_mismatch,
    citation_after_publication,
    date_order,
    future_date,
    weekday_mismatch,
)
from tabayyun.model import Citation, DateMention


def cite(cid: str, outlet: str, value: str, start: int, alt: str | None = None) -> tuple[Citation, DateMention]:
    mention = DateMention(start=start, end=start + 10, surface="xx/xx/2016", value=value, precision="day", alternative=alt)
    citation = Citation(
        id=cid, outlet=outlet, outlet_surface=outlet, outlet_start=start - 10, outlet_end=start - 2,
        date=value, date_surface="xx/xx/2016", start=start - 11, end=start + 11, kind="parenthetical",
        date_start=start, date_end=start + 10, scope_start=max(0, start - 100), scope_end=start - 11,
    )
    return citation, mention


def test_a_swapped_citation_date_among_december_citations_is_flagged():
    pairs = [
        cite("c1", "RT", "2016-12-01", 100, None),
        cite("c2", "BBC", "2016-12-02", 300, None),
        cite("c3", "BBC Arabic", "2016-01-12", 500, "2016-12-01"),
        cite("c4", "RT", "2016-12-05", 700, None),
    ]
    citations, dates = zip(*pairs, strict=True)
    findings = date_order(" " * 800, citations, dates)
    assert [(f.kind, f.suggestion, f.start) for f in findings] == [("date-order", "2016-12-01", 500)]


def test_an_ambiguous_date_that_fits_its_context_is_left_alone():
    pairs = [cite("c1", "RT", "2016-01-12", 100, "2016-12-01"), cite("c2", "BBC", "2016-01-14", 300, None)]
    citations, dates = zip(*pairs, strict=True)
    assert date_order(" " * 400, citations, dates) == []


def test_weekday_must_match_the_date():
    saturday = DateMention(0, 20, "Saturday, 26/11/2016", "2016-11-26", "day", weekday=5)
    friday = DateMention(30, 50, "Friday, 26/11/2016", "2016-11-26", "day", weekday=4)
    findings = weekday_mismatch([saturday, friday])
    assert [(f.start, f.suggestion) for f in findings] == [(30, "2016-11-25")]
    assert "is a Saturday" in findings[0].message


def test_hijri_date_and_its_gregorian_twin_must_agree():
    text = "Wednesday 8th Rabi' I 1438 AH\n7/12/2016 CE.  Later: 9th Rabi' I 1438 AH\n1/12/2016 CE"
    hijri_ok = DateMention(0, 29, text[0:29], "2016-12-07", "day", calendar="hijri", gregorian="2016-12-07")
    twin_ok = DateMention(30, 39, text[30:39], "2016-12-07", "day")
    start = text.index("9th")
    hijri_bad = DateMention(start, start + 19, text[start:start + 19], "2016-12-08", "day", calendar="hijri", gregorian="2016-12-08")
    twin_start = text.index("1/12")
    twin_bad = DateMention(twin_start, twin_start + 9, text[twin_start:twin_start + 9], "2016-12-01", "day")
    findings = calendar_mismatch(text, [hijri_ok, twin_ok, hijri_bad, twin_bad])
    assert [(f.kind, f.severity, f.suggestion) for f in findings] == [("calendar-mismatch", "warning", "2016-12-08")]


def test_citation_after_publication_and_future_dates():
    citation, mention = cite("c1", "RT", "2016-12-20", 100)
    assert [f.kind for f in citation_after_publication([citation], date(2016, 12, 14))] == ["citation-after-publication"]
    assert citation_after_publication([citation], date(2016, 12, 21)) == []
    text = "The council voted on 20/12/2016 to condemn it. The administration will leave on 20/1/2017."
    past = DateMention(21, 31, "20/12/2016", "2016-12-20", "day")
    planned = DateMention(text.index("20/1/2017"), text.index("20/1/2017") + 9, "20/1/2017", "2017-01-20", "day")
    sentences = [(0, 46), (47, len(text))]
    findings = future_date(text, [past, planned], [], sentences, date(2016, 12, 14))
    assert [(f.kind, f.start) for f in findings] == [("future-date", 21)]
