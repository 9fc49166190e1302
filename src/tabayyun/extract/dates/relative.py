"""Resolution of dates told relative to the anchor or to the discourse: months and weekdays
without a year, today/yesterday, parts of day, "this year", "last week", seasons, weekends,
"later that year", and references to the present, past or future."""

from __future__ import annotations

import datetime as dt
import re

from tabayyun.extract.dates.calendar_math import add_months, iso_week, nearest_year
from tabayyun.extract.dates.context import Context, mention
from tabayyun.extract.dates.patterns import FLAGS, NAME_AFTER
from tabayyun.extract.dates.scan import Candidate
from tabayyun.extract.dates.vocabulary import (
    MONTHS,
    PARTS_OF_DAY,
    SEASONS,
    UNIT_CODES,
    weekday_number,
)
from tabayyun.model import DateMention
from tabayyun.script import has_arabic


def resolve_month_rel_year(cand: Candidate, ctx: Context) -> DateMention | None:
    """A month of a year named relative to the anchor: "March of last year"."""
    m = cand.match
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return None
    step = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    month = MONTHS[m.group("m").lower()]
    return mention(cand, f"{anchor.year + step:04d}-{month:02d}", "month", ctx=ctx, relative=True, anchor=label)


_MONTH_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|of|during|through|throughout|before|after|early|late|mid|"
    r"last|next|this|and|or|to|between|on|for|each|every|that|past|coming)\s*-?|[,(])\s*$",
    FLAGS,
)


def resolve_month(cand: Candidate, ctx: Context) -> DateMention | None:
    """A month without a year: "in March", "last June", "early October"."""
    m = cand.match
    month_text = m.group("m")
    if not month_text[0].isupper():
        return None
    rel = (m.group("rel") or "").lower()
    if not rel:
        before = ctx.norm[max(0, cand.start - 20) : cand.start]
        # "the October slaying", "a June agreement": a month name used as a modifier
        attributive = (
            month_text.lower() != "may"
            and re.search(r"\b(?:the|a|an)\s+$", before, FLAGS) is not None
            and re.match(r"\s+[a-z]", ctx.norm[cand.end : cand.end + 2]) is not None
        )
        if not attributive and not _MONTH_CONTEXT_BEFORE.search(before):
            at_sentence_start = re.search(r"(?:^|[.!?\n]\s*)$", before) is not None
            if month_text.lower() in ("may", "march") or not at_sentence_start:
                return None
    month = MONTHS[month_text.lower()]
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return mention(cand, f"XXXX-{month:02d}", "month", ctx=ctx, relative=True)
    if rel in ("last", "past"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("next", "coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    else:
        tense = ctx.tense(cand.start, cand.end)
        date = nearest_year(month, 15, anchor, tense)
        year = date.year if date else anchor.year
    return mention(cand, f"{year:04d}-{month:02d}", "month", ctx=ctx, relative=True, anchor=label)


def resolve_weekday(cand: Candidate, ctx: Context) -> DateMention | None:
    """A weekday, maybe with a part of day: "on Thursday", "last Monday", "Friday night"."""
    m = cand.match
    wd_text = m.group("wd")
    if not has_arabic(wd_text) and not wd_text[0].isupper():
        return None
    if NAME_AFTER.match(ctx.text, cand.end) or re.search(r"\b(?:Good|Black|Bloody|Mail\s+on|Super|Ash)\s+$", ctx.text[max(0, cand.start - 12) : cand.start]):
        return None
    weekday = weekday_number(wd_text)
    assert weekday is not None
    rel = (m.group("rel") or "").lower()
    pod = m.group("pod")
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        value = f"XXXX-WXX-{weekday + 1}"
        return mention(cand, value, "day", ctx=ctx, weekday=weekday, relative=True)
    if rel in ("last", "past"):
        back = (anchor.weekday() - weekday) % 7 or 7
        date = anchor - dt.timedelta(days=back)
    elif rel in ("next", "coming"):
        ahead = (weekday - anchor.weekday()) % 7 or 7
        date = anchor + dt.timedelta(days=ahead)
    elif rel == "this":
        date = anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    else:
        tense = ctx.tense(cand.start, cand.end)
        if tense == "future":
            ahead = (weekday - anchor.weekday()) % 7
            date = anchor + dt.timedelta(days=ahead)
        else:
            date = anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
    if pod:
        value = f"{date.isoformat()}T{PARTS_OF_DAY[pod.lower()]}"
        return mention(cand, value, "day", ctx=ctx, type="TIME", weekday=weekday, relative=True, anchor=label)
    return mention(cand, date.isoformat(), "day", ctx=ctx, weekday=weekday, relative=True, anchor=label)


_GENERIC_NOUNS = (
    r"(?:world|society|youth|young|generations?|children|kids|people|families|women|men|consumers|students|"
    r"workers|leaders|economy|technology|computers|culture|politics|standards)"
)
_GENERIC_ERA_AFTER = re.compile(rf"\s*'s\s+(?:[a-z\-]+\s+){{0,2}}?{_GENERIC_NOUNS}\b")
_GENERIC_ERA_BEFORE = re.compile(rf"\b{_GENERIC_NOUNS}\s+of\s+$", FLAGS)


def resolve_deictic(cand: Candidate, ctx: Context) -> DateMention | None:
    """"today", "yesterday", "tomorrow", "tonight", maybe with a part of day."""
    m = cand.match
    word = m.group("w")
    if word[0].isupper() and cand.start > 0:
        before = ctx.norm[max(0, cand.start - 40) : cand.start]
        # "Russia Today", "USA Today": a capitalised Today straight after a capitalised word.
        if word == "Today" and re.search(r"[A-Z][\w.'\-]*\s+$", before) and not re.search(
            r"(?:^|[^\w\s])\s*(?:And|But|So|Since|Until|From|As\s+of|Only|Even|Not|Yet)\s+$", before
        ):
            return None
    if word.lower() in ("today", "tomorrow") and not m.group("pod") and (
        _GENERIC_ERA_AFTER.match(ctx.norm, cand.end)
        or _GENERIC_ERA_BEFORE.search(ctx.norm[max(0, cand.start - 30) : cand.start])
    ):
        return None  # "today's youth", "the leaders of tomorrow": the era, not the day
    anchor, label = ctx.anchor(cand.start)
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word.lower()]
    pod = m.group("pod")
    if anchor is None:
        return mention(cand, "PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF"), "vague", ctx=ctx, relative=True)
    date = anchor + dt.timedelta(days=offset)
    if word.lower() == "tonight":
        pod = pod or "night"
    if pod:
        return mention(cand, f"{date.isoformat()}T{PARTS_OF_DAY[pod.lower()]}", "day", ctx=ctx, type="TIME", relative=True, anchor=label)
    return mention(cand, date.isoformat(), "day", ctx=ctx, relative=True, anchor=label)


def resolve_part_of_day(cand: Candidate, ctx: Context) -> DateMention | None:
    """A part of the anchor day: "this morning", "last night"."""
    m = cand.match
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return None
    pod = PARTS_OF_DAY[m.group("pod").lower()]
    day = anchor - dt.timedelta(days=1) if m.group(0).lower().startswith("last") else anchor
    return mention(cand, f"{day.isoformat()}T{pod}", "day", ctx=ctx, type="TIME", relative=True, anchor=label)


def resolve_named_year(cand: Candidate, ctx: Context) -> DateMention | None:
    """The anchor's year by name: "the current fiscal year", "year-end", "the full year"."""
    m = cand.match
    g = m.groupdict()
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return None
    rel = (g.get("rel") or g.get("rel2") or "").lower()
    if re.match(r"\s+(?:ended|ending)\b", ctx.norm[cand.end : cand.end + 10]):
        return mention(cand, "P1Y", "vague", ctx=ctx, type="DURATION")  # "the fiscal year ended June 30"
    step = {"previous": -1, "last": -1, "next": 1, "coming": 1}.get(rel, 0)
    return mention(cand, f"{anchor.year + step:04d}", "year", ctx=ctx, relative=True, anchor=label)


def resolve_the_year(cand: Candidate, ctx: Context) -> DateMention | None:
    """"for the year", "earlier in the year": the anchor's year; "the year ended ...": a duration."""
    m = cand.match
    if m.group("ended") is not None:
        return mention(cand, "P1Y", "vague", ctx=ctx, type="DURATION")
    if re.match(r"\s+(?:ago|earlier|before|after|later|since|when|in\s+which|that|of\b)", ctx.norm[cand.end : cand.end + 12], FLAGS):
        return None  # "in the year before the war", "in the year since": another year
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return None
    return mention(cand, f"{anchor.year:04d}", "year", ctx=ctx, relative=True, anchor=label)


def resolve_rel_unit(cand: Candidate, ctx: Context) -> DateMention | None:
    """A week, month, year, decade, weekend or season from the anchor: "last week", "the summer"."""
    m = cand.match
    g = m.groupdict()
    anchor, label = ctx.anchor(cand.start)
    if cand.kind == "weekend":
        unit, rel = "weekend", "the"
    elif cand.kind == "season":
        unit, rel = m.group("s").lower(), "the"
    else:
        unit, rel = m.group("u").lower(), re.sub(r"^the\s+", "", m.group("rel").lower())
        rel = {"this past": "last", "this coming": "next"}.get(re.sub(r"\s+", " ", rel), rel)
    if cand.kind == "rel_unit" and m.group("u")[0].isupper() and (
        re.search(r"[\"'“‘]\s*$", ctx.norm[max(0, cand.start - 2) : cand.start])
        or re.match(r",?\s*[\"'”’]|\s+With\b", ctx.norm[cand.end : cand.end + 6])
    ):
        return None  # a programme title in quotes: ABC's "This Week"
    if cand.kind == "rel_unit" and rel in ("past", "previous", "following") and unit in ("week", "month", "year", "decade"):
        # "the past year", "the following week": a stretch of time rather than a calendar unit.
        return mention(cand, "P10Y" if unit == "decade" else f"P1{UNIT_CODES[unit]}", "vague", ctx=ctx, type="DURATION")
    if anchor is None:
        return None
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if unit == "decade":
        # "the last decade" said in 1998 is the 1980s (TimeML decade value 198)
        return mention(cand, f"{anchor.year // 10 + step:03d}", "vague", ctx=ctx, relative=True, anchor=label)
    if unit == "year":
        return mention(cand, f"{anchor.year + step:04d}", "year", ctx=ctx, relative=True, anchor=label)
    if unit == "month":
        year, month = add_months(anchor, step)
        return mention(cand, f"{year:04d}-{month:02d}", "month", ctx=ctx, relative=True, anchor=label)
    if unit == "week":
        return mention(cand, iso_week(anchor + dt.timedelta(weeks=step)), "week", ctx=ctx, relative=True, anchor=label)
    if unit == "weekend":
        if rel == "the":
            tense = ctx.tense(cand.start, cand.end)
            if anchor.weekday() >= 5:
                step = 0
            else:
                step = 0 if tense == "future" else -1
        return mention(cand, iso_week(anchor + dt.timedelta(weeks=step)) + "-WE", "week", ctx=ctx, relative=True, anchor=label)
    season = SEASONS[unit]
    year = anchor.year + step
    if g.get("y"):
        year = int(g["y"])
    elif rel == "the":
        season_month = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[season]
        tense = ctx.tense(cand.start, cand.end)
        if tense != "future" and season_month > anchor.month + 1:
            year -= 1
    elif rel in ("last", "past", "previous") and season == "WI":
        year = anchor.year if anchor.month >= 3 else anchor.year - 1
    elif re.match(r"this\s+past", m.group("rel") or "", FLAGS):
        # "this past spring" said in October: the spring just gone, of the same year
        year = anchor.year if {"SP": 3, "SU": 6, "FA": 9}[season] < anchor.month else anchor.year - 1
    return mention(cand, f"{year:04d}-{season}", "vague", ctx=ctx, relative=not g.get("y"), anchor=label)


def resolve_anaphoric(cand: Candidate, ctx: Context) -> DateMention | None:
    """A day, month or year told relative to the last date the text named."""
    m = cand.match
    unit = m.group("u").lower()
    if m.group("that") and not (m.group("same") or m.group("pre") or unit == "year"):
        return None  # a bare "that day" or "that month" is mostly not a date of its own
    before = ctx.norm[max(0, cand.start - 12) : cand.start]
    if re.search(r"\b(?:over|for|during|within|throughout)\s+$", before, FLAGS):
        return None  # "over the following year": a stretch of time
    last = ctx.last_date
    if last is None or len(last) < {"year": 4, "month": 7, "day": 10}[unit]:
        return None
    direction = (m.group("dir") or "").lower()
    step = 1 if direction == "following" else (-1 if direction else 0)
    if unit == "year":
        value = f"{int(last[:4]) + step:04d}"
    elif unit == "month":
        year, month = add_months(dt.date(int(last[:4]), int(last[5:7]), 1), step)
        value = f"{year:04d}-{month:02d}"
    else:
        value = (dt.date.fromisoformat(last) + dt.timedelta(days=step)).isoformat()
    return mention(cand, value, unit, ctx=ctx, relative=True)


def resolve_ref(cand: Candidate, ctx: Context) -> DateMention | None:
    """References to the present, past or future: "now", "recently", "the coming weeks"."""
    m = cand.match
    word = re.sub(r"\s+", " ", m.group("w").lower())
    if word in ("now", "right now", "currently", "at present", "presently", "nowadays", "these days"):
        value = "PRESENT_REF"
    elif "future" in word or "term" in word or re.search(r"coming|next|upcoming", word):
        value = "FUTURE_REF"
    else:
        value = "PAST_REF"
    start = cand.start
    if word.startswith("in recent"):
        start += 3
    return mention(cand, value, "vague", ctx=ctx, start=start)


def resolve_current_adj(cand: Candidate, ctx: Context) -> DateMention | None:
    """"current market conditions": the present; "the then current price": a past present."""
    m = cand.match
    return mention(cand, "PAST_REF" if m.group("then") else "PRESENT_REF", "vague", ctx=ctx)
