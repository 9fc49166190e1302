"""Resolution of periods and counted spans: quarters and the quarter anaphora of financial
reports ("the year-earlier period"), amounts of time before or after the anchor ("3 days ago"),
durations ("two weeks") and recurrences ("every day")."""

from __future__ import annotations

import datetime as dt
import re

from tabayyun.extract.dates.calendar_math import add_months, iso_week, quarter_of
from tabayyun.extract.dates.context import Context, mention
from tabayyun.extract.dates.patterns import FLAGS
from tabayyun.extract.dates.scan import Candidate
from tabayyun.extract.dates.vocabulary import MONTHS, ORDINALS, UNIT_CODES, WEEKDAYS, number_value
from tabayyun.model import DateMention
from tabayyun.nlp import doc_text

_QUARTER_ANAPHORA = re.compile(r"year[\s\-](?:earlier|ago)", FLAGS)


def resolve_quarter(cand: Candidate, ctx: Context) -> DateMention | None:
    """A quarter: "the third quarter of 2015", "the year-earlier quarter", "year-ago"."""
    m = cand.match
    g = m.groupdict()
    anchor, label = ctx.anchor(cand.start)
    surface = m.group(0).lower()
    if cand.kind == "quarter":
        q = ORDINALS[m.group("q").lower()]
        pre = (g.get("pre_y") or "").lower()
        if g.get("y"):
            year = int(g["y"])
        elif pre[:2] in ("19", "20"):
            year = int(pre)
        elif anchor is None:
            return mention(cand, f"XXXX-Q{q}", "vague", ctx=ctx, relative=True)
        else:
            year = anchor.year if q <= quarter_of(anchor) else anchor.year - 1
            if "next year" in pre:
                year = anchor.year + 1
            elif "this year" in pre:
                year = anchor.year
            elif "last year" in pre:
                year = anchor.year - 1
            elif _QUARTER_ANAPHORA.search(pre):
                base = ctx.last_quarter[0] if ctx.last_quarter else year
                year = base - 1
        if not _QUARTER_ANAPHORA.search(pre):
            ctx.last_quarter = (year, q)
            if ctx.topic_quarter is None and anchor is not None and anchor.year - 1 <= year <= anchor.year:
                ctx.topic_quarter = (year, q)
            done = ctx.latest_done_quarter
            if anchor is not None and (year, q) < (anchor.year, quarter_of(anchor)) and (done is None or (year, q) > done):
                ctx.latest_done_quarter = (year, q)
        start = cand.start
        lead = re.match(r"the\s+", m.group(0), FLAGS)
        if lead and re.search(r"-quarter$", m.group(0), FLAGS):
            start += lead.end()  # "the third-quarter results": the timex is the adjective
        return mention(cand, f"{year:04d}-Q{q}", "vague", ctx=ctx, start=start, relative=not g.get("y"), anchor=label)
    # "the quarter", "the year-earlier period", "year-ago": need a quarter in the discourse.
    mod = (g.get("qmod") or "").lower()
    if mod[:2] in ("19", "20") and ctx.last_quarter:
        return mention(cand, f"{int(mod):04d}-Q{ctx.last_quarter[1]}", "vague", ctx=ctx)
    if anchor is not None and mod in ("latest", "current"):
        # "the latest quarter": the last one completed; "the current quarter": the running one.
        index = anchor.year * 4 + quarter_of(anchor) - 1 - (mod == "latest")
        return mention(cand, f"{index // 4:04d}-Q{index % 4 + 1}", "vague", ctx=ctx, relative=True, anchor=label)
    if ctx.last_quarter is None:
        return None
    year, q = ctx.last_quarter
    if cand.kind == "year_ago_adj" and anchor is not None and _longer_period_before(ctx, cand.start):
        return mention(cand, f"{anchor.year - 1:04d}", "year", ctx=ctx, relative=True, anchor=label)
    if cand.kind == "year_ago_adj" or _QUARTER_ANAPHORA.search(surface):
        reported = ctx.reported_quarter()
        assert reported is not None
        year, q = reported[0] - 1, reported[1]
    elif "period" in surface and not mod:
        return None
    return mention(cand, f"{year:04d}-Q{q}", "vague", ctx=ctx, relative=True, anchor=label)


# a reporting period other than a quarter: "for the nine months", "in the first half"
_LONGER_PERIOD = re.compile(
    r"\b(?:(?:nine|six|(?:\d{1,2}|twelve)|first\s+(?:nine|six))[\s\-]+months?|(?:first|second)\s+half|"
    r"(?:fiscal|full|calendar)[\s\-]+year|year[\s\-]to[\s\-]date)\b|(?P<q>\bquarter|\bperiod\b)",
    FLAGS,
)


def _longer_period_before(ctx: Context, start: int) -> bool:
    """Whether the sentence before ``start`` last names a period longer than a quarter, which
    "a year earlier" then compares with ("For the nine months, net rose ... from ... a year earlier")."""
    lo = max(0, start - 300)
    if ctx.doc is not None and 0 <= start - ctx.doc_offset < len(doc_text(ctx.doc)):
        span = ctx.doc.char_span(start - ctx.doc_offset, start - ctx.doc_offset + 1, alignment_mode="expand")
        if span is not None:
            lo = max(lo, span.sent.start_char + ctx.doc_offset)
    else:
        boundary = list(re.finditer(r"[.!?]\s+(?=[A-Z])", ctx.norm[lo:start]))
        if boundary:
            lo += boundary[-1].end()
    last = None
    for last in _LONGER_PERIOD.finditer(ctx.norm, lo, start):  # noqa: B007 - the last one counts
        pass
    return last is not None and last.group("q") is None


_ADVERB_UNITS = {"daily": "day", "nightly": "day", "weekly": "week", "hourly": "hour"}


def resolve_set(cand: Candidate, ctx: Context) -> DateMention | None:
    """A recurrence (TimeML SET): "every day", "each Thursday", "every July", "weekly"."""
    m = cand.match
    if m.group("adv"):
        unit = _ADVERB_UNITS[m.group("adv").lower()]
        value = "PT1H" if unit == "hour" else f"P1{UNIT_CODES[unit]}"
    elif m.group("wd"):
        if not m.group("wd")[0].isupper() or m.group("n"):
            return None
        value = f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()] + 1}"
    elif m.group("m"):
        if not m.group("m")[0].isupper() or m.group("n"):
            return None
        value = f"XXXX-{MONTHS[m.group('m').lower()]:02d}"
    else:
        n_text = (m.group("n") or "").lower()
        n = 2 if n_text == "other" else (number_value(n_text) if n_text else 1)
        value = f"P{'X' if n is None else n}{UNIT_CODES[m.group('u').lower()]}"
    return mention(cand, value, "vague", ctx=ctx, type="SET")


def resolve_ago(cand: Candidate, ctx: Context) -> DateMention | None:
    """An amount of time before or after the anchor: "3 days ago", "two years earlier"."""
    m = cand.match
    unit = m.group("u").lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    direction = m.group("dir").lower()
    n = number_value(m.group("n"))
    if direction == "hence" and n is None:
        return None
    # "three days later", "ten days before the vote": TimeML marks the amount as a duration
    # and the word after it as a signal; those never reach here (see the "duration" pattern).
    sign = -1 if direction in ("ago", "earlier") else 1
    if n is None:
        return mention(cand, "PAST_REF" if sign < 0 else "FUTURE_REF", "vague", ctx=ctx)
    anchor, label = ctx.anchor(cand.start)
    if (
        unit == "year"
        and n == 1
        and direction in ("ago", "earlier")
        and (reported := ctx.reported_quarter()) is not None
        and not _longer_period_before(ctx, cand.start)
    ):
        year, q = reported
        return mention(cand, f"{year - 1:04d}-Q{q}", "vague", ctx=ctx, relative=True, anchor=label)
    if anchor is None:
        return None
    if unit == "day":
        day = anchor + dt.timedelta(days=sign * n)
        return mention(cand, day.isoformat(), "day", ctx=ctx, relative=True, anchor=label)
    if unit == "week":
        day = anchor + dt.timedelta(weeks=sign * n)
        return mention(cand, iso_week(day), "week", ctx=ctx, relative=True, anchor=label)
    if unit == "month":
        year, month = add_months(anchor, sign * n)
        return mention(cand, f"{year:04d}-{month:02d}", "month", ctx=ctx, relative=True, anchor=label)
    if unit == "year":
        return mention(cand, f"{anchor.year + sign * n:04d}", "year", ctx=ctx, relative=True, anchor=label)
    if unit == "decade":
        return mention(cand, f"{(anchor.year + sign * 10 * n) // 10:03d}", "vague", ctx=ctx, relative=True, anchor=label)
    if unit == "quarter":
        index = anchor.year * 4 + quarter_of(anchor) - 1 + sign * n
        return mention(cand, f"{index // 4:04d}-Q{index % 4 + 1}", "vague", ctx=ctx, relative=True, anchor=label)
    return None


def resolve_duration(cand: Candidate, ctx: Context) -> DateMention | None:
    """A stretch of time (TimeML DURATION): "two weeks", "the past 12 hours", "2 1/2 years"."""
    m = cand.match
    unit = m.group("u").lower()
    unit = "century" if unit.startswith("centur") else unit
    n_text = m.group("n")
    n = number_value(n_text)
    pre = (m.group("pre") or "").lower()
    if n_text.lower() in ("a", "an") and not pre and unit in ("day", "week", "month", "year", "quarter"):
        # "a year" on its own is usually part of a rate ("twice a year") or a measure; keep it.
        before = ctx.norm[max(0, cand.start - 30) : cand.start]
        if re.search(r"(?:times|once|twice|per|percent|%)\s*$", before, FLAGS):
            return None
        # a rate: "24 hours a day", "$2 million a year", "four flights a week", "358,000 a month"
        if re.search(
            r"(?:(?<![\d,.])(?!(?:19|20)\d\d\b)\d[\d,.]*|\b(?:millions?|billions?|thousands?|hundreds?|dozens?|two|three|four|five|six|seven|eight|nine|ten|"
            r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty))"
            r"(?:\s+(?:of\s+)?[\w\-]+)?\s+$",
            before,
            FLAGS,
        ):
            return None
    after = ctx.norm[cand.end : cand.end + 30].lower()
    if re.match(r"\s*(?:ago|earlier|hence|from now)\b", after):
        return None
    if (
        unit == "quarter"
        and n_text.lower() in ("a", "one", "three")
        and re.match(r"\s+of\s+(?:the|its|his|her|their|our|all|a|an|those|these)\b(?!\s+year\b)", after)
    ):
        return None  # a fraction: "three-quarters of its food", "a quarter of the market"
    if n_text.lower() == "one" and unit == "day" and not pre:
        before = ctx.norm[max(0, cand.start - 12) : cand.start].lower()
        if re.search(r"\b(?:will|would|could|may|might|can|should|to|he|she|they|we|i|you|it)\s+$", before) and re.match(
            r"\s+[a-z]+", after
        ) and not re.match(r"\s+(?:of|after|before|later|earlier|ago|in|and|or|to|for|at|on)\b", after):
            return mention(cand, "FUTURE_REF", "vague", ctx=ctx)  # "Islam will one day be ...": some day
    code = UNIT_CODES[unit]
    half = {"year": "6M", "month": "15D", "day": "T12H", "hour": "30M", "minute": "30S"}.get(unit)
    if m.group("half") and n is not None and half is not None:
        # "2 1/2 years" = P2Y6M, "5 1/2 hours" = PT5H30M
        value = f"PT{n}{code}{half}" if unit in ("hour", "minute") else f"P{n}{code}{half}"
        return mention(cand, value, "vague", ctx=ctx, type="DURATION")
    if unit in ("hour", "minute"):
        amount = "X" if n is None else str(n)
        return mention(cand, f"PT{amount}{code}", "vague", ctx=ctx, type="DURATION")
    if unit == "decade":
        amount = "X" if n is None else str(n * 10)
        return mention(cand, f"P{amount}Y", "vague", ctx=ctx, type="DURATION")
    if unit == "century":
        amount = "X" if n is None else str(n * 100)
        return mention(cand, f"P{amount}Y", "vague", ctx=ctx, type="DURATION")
    amount = "X" if n is None else str(n)
    start = cand.start
    lead = re.match(r"(?:the|a|an)\s+", m.group(0), FLAGS)
    if lead and n_text.lower() not in ("a", "an", "few", "a few") and not pre:
        start = cand.start + lead.end()
    return mention(cand, f"P{amount}{code}", "vague", ctx=ctx, start=start, type="DURATION")
