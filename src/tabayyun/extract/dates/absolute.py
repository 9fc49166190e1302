"""Resolution of dates written out in full or nearly so: numeric and ISO dates, Hijri and
Arabic Gregorian dates, day-month forms, month-year, years (in digits or words), centuries,
holidays, decades and halves of a year."""

from __future__ import annotations

import re

from tabayyun.extract.dates.calendar_math import expand_year, holiday_date, nearest_year, safe_date
from tabayyun.extract.dates.context import Context, mention
from tabayyun.extract.dates.patterns import FLAGS, NAME_AFTER
from tabayyun.extract.dates.scan import Candidate
from tabayyun.extract.dates.vocabulary import (
    DECADE_WORDS,
    MONTHS,
    ORDINAL_DAYS,
    SEASONS,
    month_number,
    spelled_year,
    weekday_number,
)
from tabayyun.extract.hijri import gregorian_to_hijri_year, hijri_month_number, hijri_to_gregorian
from tabayyun.model import DateMention
from tabayyun.nlp import doc_text
from tabayyun.script import has_arabic

_NUMERIC_BEFORE_BAD = re.compile(
    r"(?:resolution|resolutions|no\.|number|nos\.|article|chapter|section|page|pp?\.|flight|route|"
    r"room|code|version|law|decree|act|item|paragraph|\$|£|€|#)\s*$",
    FLAGS,
)
_YEAR_AFTER_BAD = re.compile(
    r"\s*(?:%|percent|per\s+cent|hours|hrs|GMT|UTC|local\s+time|km|kilometers|kilometres|miles|meters|metres|"
    r"feet|people|persons|troops|soldiers|fighters|civilians|men|women|children|families|refugees|"
    r"dollars|euros|pounds|tons|tonnes|barrels|units|votes|seats|shares|points|calories|acres)\b",
    FLAGS,
)


def resolve_numeric(cand: Candidate, ctx: Context) -> DateMention | None:
    """Numeric and ISO dates: "28/11/2016 CE", "Tuesday, 29/11/2016", "2016-11-28"."""
    g = cand.match.groupdict()
    weekday = weekday_number(g.get("wd")) if "wd" in g else None
    return _numeric_date(cand, ctx, weekday)


def _numeric_date(cand: Candidate, ctx: Context, weekday: int | None) -> DateMention | None:
    m = cand.match
    a, b, y_text = int(m.group("a")), int(m.group("b")), m.group("y")
    before = ctx.norm[max(0, cand.start - 25) : cand.start]
    if _NUMERIC_BEFORE_BAD.search(before):
        return None
    sep1 = m.group("s1").strip()
    sep2 = m.group("s2").strip() if cand.kind == "numeric" else sep1
    if sep1 != sep2:
        return None
    if len(y_text) == 2 and (sep1 == "-" or " " in m.group("s1") + m.group("s2")):
        return None
    suffix = (m.groupdict().get("suf") or "").strip()
    year = expand_year(y_text)
    hijri = suffix.upper().startswith("A.H") or suffix.upper().startswith("AH") or suffix in ("هـ", "ه", "H.") or (
        len(y_text) == 4 and 1300 <= year <= 1500
    )
    if cand.kind == "iso":
        date = safe_date(year, b, a)
        if date is None:
            return None
        return mention(cand, date.isoformat(), "day", ctx=ctx)
    if hijri:
        # Hijri numeric dates are written day-first.
        greg = hijri_to_gregorian(year, b, a)
        if greg is None:
            return None
        iso = greg.isoformat()
        return mention(cand, iso, "day", ctx=ctx, calendar="hijri", gregorian=iso, weekday=weekday)
    if not 1900 <= year <= 2100:
        return None
    day_first = ctx.day_first if ctx.day_first is not None else True
    first = safe_date(year, b, a) if day_first else safe_date(year, a, b)
    second = safe_date(year, a, b) if day_first else safe_date(year, b, a)
    if first is None and second is None:
        return None
    if first is None:
        assert second is not None
        return mention(cand, second.isoformat(), "day", ctx=ctx, weekday=weekday)
    alternative = second.isoformat() if second is not None and second != first else None
    return mention(cand, first.isoformat(), "day", ctx=ctx, weekday=weekday, alternative=alternative)


def resolve_hijri(cand: Candidate, ctx: Context) -> DateMention | None:
    """Hijri dates: "8th Rabii' I 1438 AH", "Rabi' al-Awwal 8, 1438 AH"."""
    m = cand.match
    g = m.groupdict()
    weekday = weekday_number(g.get("wd")) if "wd" in g else None
    month = hijri_month_number(m.group("hm"))
    if month is None:
        return None
    day = int(m.group("d"))
    relative = False
    anchor_label = None
    if g.get("y"):
        year = int(m.group("y"))
    else:
        if not g.get("suf") and not has_arabic(m.group("hm")) and len(m.group("hm")) < 5:
            return None
        anchor, anchor_label = ctx.anchor(cand.start)
        if anchor is None or (year_h := gregorian_to_hijri_year(anchor)) is None:
            return None
        year, relative = year_h, True
        options = [(y, d) for y in (year - 1, year, year + 1) if (d := hijri_to_gregorian(y, month, day))]
        if not options:
            return None
        year = min(options, key=lambda o: abs((o[1] - anchor).days))[0]
    greg = hijri_to_gregorian(year, month, day)
    if greg is None:
        return None
    iso = greg.isoformat()
    return mention(
        cand, iso, "day", ctx=ctx, calendar="hijri", gregorian=iso, weekday=weekday,
        relative=relative, anchor=anchor_label,
    )


def resolve_day_month(cand: Candidate, ctx: Context) -> DateMention | None:
    """Day and month, with or without a year: "14 December, 2016", "Monday November 28th",
    "March eighth", "7 كانون الأول 2016"."""
    m = cand.match
    g = m.groupdict()
    kind = cand.kind
    weekday = weekday_number(g.get("wd")) if "wd" in g else None
    if kind == "mdy_words":
        month_text = m.group("m") or m.group("m2")
        if not month_text[0].isupper():
            return None
        month = month_number(month_text)
        day = ORDINAL_DAYS[re.sub(r"[\s\-]+", "-", (m.group("dw") or m.group("dw2")).lower())]
    else:
        month = month_number(m.group("m") if kind != "ar_greg" else m.group("am"))
        day = int(m.group("d"))
    if month is None:
        return None
    if g.get("y"):
        date = safe_date(int(m.group("y")), month, day)
        if date is None:
            return None
        return mention(cand, date.isoformat(), "day", ctx=ctx, weekday=weekday)
    if kind == "mdy" and _looks_like_name_or_count(ctx.norm, cand):
        return None
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        if not 1 <= day <= 31:
            return None
        return mention(cand, f"XXXX-{month:02d}-{day:02d}", "day", ctx=ctx, weekday=weekday, relative=True)
    date = nearest_year(month, day, anchor, ctx.tense(cand.start, cand.end))
    if date is None:
        return None
    return mention(cand, date.isoformat(), "day", ctx=ctx, weekday=weekday, relative=True, anchor=label)


def _looks_like_name_or_count(norm: str, cand: Candidate) -> bool:
    """'May 5' after a capitalised name ("Theresa May 5 ...") is not a date."""
    m = cand.match
    month_text = m.group("m")
    if month_text.lower() != "may":
        return False
    before = norm[max(0, cand.start - 30) : cand.start]
    return bool(re.search(r"[A-Z][a-z]+\s+$", before)) and not re.search(r"\b(?:on|in|of|since|until|by)\s+$", before, FLAGS)


def resolve_month_year(cand: Candidate, ctx: Context) -> DateMention | None:
    """A month of a year: "December 2016", "early March 2015"."""
    m = cand.match
    month = month_number(m.group("m"))
    if month is None:
        return None
    return mention(cand, f"{int(m.group('y')):04d}-{month:02d}", "month", ctx=ctx)


def resolve_spelled_year(cand: Candidate, ctx: Context) -> DateMention | None:
    """A year in words: "nineteen ninety-six", "the summer of two thousand"."""
    m = cand.match
    g = m.groupdict()
    year = spelled_year(m.group("y"))
    if year is None or not 1000 <= year <= 2099:
        return None
    bare = not (g.get("m") or g.get("s") or m.group(0).lower().startswith("the"))
    if bare and m.group("y").lower().startswith("two thousand"):
        # "two thousand" alone is usually a count ("two thousand people")
        before = ctx.norm[max(0, cand.start - 12) : cand.start]
        if not re.search(r"\b(?:in|since|by|until|of|year)\s+$", before, FLAGS):
            return None
    if g.get("m"):
        return mention(cand, f"{year:04d}-{MONTHS[m.group('m').lower()]:02d}", "month", ctx=ctx)
    if g.get("s"):
        return mention(cand, f"{year:04d}-{SEASONS[m.group('s').lower()]}", "vague", ctx=ctx)
    return mention(cand, f"{year:04d}", "year", ctx=ctx)


def resolve_year(cand: Candidate, ctx: Context) -> DateMention | None:
    """A year in digits: "2016", "in 1898.", "fiscal 2015", "FY2016", "mid-2014"."""
    m = cand.match
    year = int(m.group("y"))
    before = ctx.norm[max(0, cand.start - 25) : cand.start]
    if not 1900 <= year <= 2099 and not m.group("suf") and not (
        # "independence from Spain in 1898.": an older year after a preposition of time, ending a phrase
        re.search(r"\b(?:in|since|until|till|from|before|after|during)\s+$", before, FLAGS)
        and re.match(r"\s*(?:[.,;:)!?]|$)", ctx.norm[cand.end : cand.end + 2])
    ):
        return None
    if _NUMERIC_BEFORE_BAD.search(before):
        return None
    if _YEAR_AFTER_BAD.match(ctx.norm, cand.end) or re.match(r"-[A-Za-z]", ctx.norm[cand.end : cand.end + 2]):
        return None  # "2000 troops", "a 2000-year-old colonnade"
    if not m.group("fy") and re.search(
        r"\b(?:nearly|almost|about|around|approximately|some|least|roughly|estimated|exchange)\s+$",
        before,
        FLAGS,
    ):
        return None  # "nearly 2000 air raids"
    if re.search(r"\d\s*$", before) or re.match(r"\s*(?:[:]\d|\d)", ctx.norm[cand.end : cand.end + 3]):
        return None
    local = (m.start("y") - ctx.doc_offset, m.end("y") - ctx.doc_offset)
    if ctx.doc is not None and local[0] >= 0 and local[1] <= len(doc_text(ctx.doc)):
        span = ctx.doc.char_span(*local)
        if span is not None and len(span) == 1:
            token = span[0]
            if token.ent_type_ in ("MONEY", "QUANTITY", "PERCENT") or (token.ent_type_ == "CARDINAL" and token.dep_ == "nummod"):
                return None
    fy = (m.group("fy") or "").lower()
    start = cand.start
    if fy in ("the year", "calendar"):
        start = m.start("y")
    elif fy.startswith("fy"):
        return mention(cand, f"FY{year}", "year", ctx=ctx)
    return mention(cand, f"{year:04d}", "year", ctx=ctx, start=start)


def resolve_century(cand: Candidate, ctx: Context) -> DateMention | None:
    """A century: "the 20th century", "this century", "the past century" (a duration)."""
    m = cand.match
    g = m.groupdict()
    if g.get("n"):
        return mention(cand, f"{int(m.group('n')) - 1:02d}", "vague", ctx=ctx)
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return None
    word = m.group("this").lower()
    if "past" in word:
        # "the past century": the last hundred years, not the 19th century
        return mention(cand, "P100Y", "vague", ctx=ctx, type="DURATION")
    step = -1 if ("last" in word or "past" in word) else (1 if "next" in word else 0)
    return mention(cand, f"{anchor.year // 100 + step:02d}", "vague", ctx=ctx, relative=True, anchor=label)


def resolve_holiday(cand: Candidate, ctx: Context) -> DateMention | None:
    """A holiday, with its year or the nearest one: "Christmas 2015", "last Easter"."""
    m = cand.match
    name = m.group("h")
    if name[0].islower() or NAME_AFTER.match(ctx.text, cand.end):
        return None
    if m.group("y"):
        return mention(cand, holiday_date(name, int(m.group("y"))).isoformat(), "day", ctx=ctx)
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return None
    rel = (m.group("rel") or "").lower()
    this_year = holiday_date(name, anchor.year)
    if rel == "last":
        date = this_year if this_year < anchor else holiday_date(name, anchor.year - 1)
    elif rel == "next":
        date = this_year if this_year > anchor else holiday_date(name, anchor.year + 1)
    else:
        options = [holiday_date(name, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        date = min(options, key=lambda d: abs((d - anchor).days))
    return mention(cand, date.isoformat(), "day", ctx=ctx, relative=True, anchor=label)


def _decade_value(m: re.Match[str]) -> str:
    """TimeML decade value: "the 1990s", "the '90s", "the nineties" -> 199."""
    if m.group("dec"):
        return m.group("dec")[:3]
    short = int(m.group("short")) if m.group("short") else DECADE_WORDS[m.group("word").lower()]
    return f"19{short // 10}"


def resolve_decade(cand: Candidate, ctx: Context) -> DateMention | None:
    """A decade: "the 1990s", "the '90s", "the nineties"."""
    m = cand.match
    return mention(cand, _decade_value(m), "vague", ctx=ctx)


def resolve_half(cand: Candidate, ctx: Context) -> DateMention | None:
    """A half year: "the first half of 2016", "the second half of next year"."""
    m = cand.match
    half = 1 if m.group("h").lower() in ("first", "1st") else 2
    if m.group("y"):
        return mention(cand, f"{int(m.group('y')):04d}-H{half}", "vague", ctx=ctx)
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return None
    step = {"last": -1, "next": 1}.get(m.group("rel").lower(), 0)
    return mention(cand, f"{anchor.year + step:04d}-H{half}", "vague", ctx=ctx, relative=True, anchor=label)
