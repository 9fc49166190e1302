"""Resolution dispatch: the table from pattern kind to resolver, its import-time check that
every pattern kind has one, and the compound forms resolved through another kind ("9 a.m.
Tuesday", "the week of March 6")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from tabayyun.extract.dates import absolute, periods, relative
from tabayyun.extract.dates.calendar_math import iso_week
from tabayyun.extract.dates.context import Context, mention
from tabayyun.extract.dates.patterns import PATTERN_BY_KIND, PATTERNS
from tabayyun.extract.dates.scan import Candidate
from tabayyun.model import DateMention

Resolver = Callable[[Candidate, Context], "DateMention | None"]

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def resolve(cand: Candidate, ctx: Context) -> DateMention | None:
    """The mention a candidate stands for, or None when it is not a date after all."""
    return RESOLVERS[cand.kind](cand, ctx)


def _resolve_clock(cand: Candidate, ctx: Context) -> DateMention | None:
    """A clock time before a day ("9 a.m. EST Tuesday", "noon Thursday", "5 p.m. Nov. 9")."""
    m = cand.match
    clock = m.group("clock").lower()
    if clock in ("noon", "midday"):
        hour, minute = 12, 0
    elif clock == "midnight":
        hour, minute = 24, 0
    else:
        hour, minute = int(m.group("hh")), int(m.group("mm") or 0)
        if not (1 <= hour <= 12 and minute < 60):
            return None
        pm = m.group("ampm").lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    day_part: DateMention | None = None
    for kind in ("mdy", "weekday", "deictic"):
        inner = PATTERN_BY_KIND[kind].match(ctx.norm, m.start("date"))
        if inner is not None and inner.end() == m.end("date"):
            day_part = resolve(Candidate(inner.start(), inner.end(), kind, inner), replace(ctx, outer=(cand.start, cand.end)))
            break
    if day_part is None or not ISO_DAY.fullmatch(day_part.value):
        return None
    return replace(
        day_part,
        start=cand.start,
        end=cand.end,
        surface=ctx.text[cand.start : cand.end],
        value=f"{day_part.value}T{hour:02d}:{minute:02d}",
        type="TIME",
    )


def _resolve_week_of(cand: Candidate, ctx: Context) -> DateMention | None:
    """The (ISO) week holding a day: "the week of March 6"."""
    m = cand.match
    for inner_kind in ("mdy", "dmy"):
        inner = PATTERN_BY_KIND[inner_kind].match(ctx.norm, m.start("date"))
        if inner is not None and inner.end() == m.end("date"):
            day = resolve(Candidate(inner.start(), inner.end(), inner_kind, inner), replace(ctx))
            if day is not None and ISO_DAY.fullmatch(day.value):
                week = iso_week(dt.date.fromisoformat(day.value))
                return mention(cand, week, "week", ctx=ctx, relative=day.relative, anchor=day.anchor)
    return None


RESOLVERS: dict[str, Resolver] = {
    "numeric": absolute.resolve_numeric,
    "iso": absolute.resolve_numeric,
    "hijri": absolute.resolve_hijri,
    "hijri_mdy": absolute.resolve_hijri,
    "dmy": absolute.resolve_day_month,
    "mdy": absolute.resolve_day_month,
    "ar_greg": absolute.resolve_day_month,
    "mdy_words": absolute.resolve_day_month,
    "my": absolute.resolve_month_year,
    "month_rel_year": relative.resolve_month_rel_year,
    "month": relative.resolve_month,
    "weekday": relative.resolve_weekday,
    "clock": _resolve_clock,
    "deictic": relative.resolve_deictic,
    "this_pod": relative.resolve_part_of_day,
    "year": absolute.resolve_year,
    "spelled_year": absolute.resolve_spelled_year,
    "this_year_np": relative.resolve_named_year,
    "century": absolute.resolve_century,
    "holiday": absolute.resolve_holiday,
    "decade": absolute.resolve_decade,
    "quarter": periods.resolve_quarter,
    "quarter_ref": periods.resolve_quarter,
    "year_ago_adj": periods.resolve_quarter,
    "half": absolute.resolve_half,
    "the_year": relative.resolve_the_year,
    "rel_unit": relative.resolve_rel_unit,
    "season": relative.resolve_rel_unit,
    "weekend": relative.resolve_rel_unit,
    "ago": periods.resolve_ago,
    "ref": relative.resolve_ref,
    "set": periods.resolve_set,
    "week_of": _resolve_week_of,
    "anaphoric": relative.resolve_anaphoric,
    "current_adj": relative.resolve_current_adj,
    "duration": periods.resolve_duration,
}


def check_resolvers(patterns: Sequence[tuple[str, re.Pattern[str]]], resolvers: Mapping[str, Resolver]) -> None:
    """Raise LookupError naming every pattern kind that has no resolver."""
    missing = [kind for kind, _ in patterns if kind not in resolvers]
    if missing:
        raise LookupError(f"date pattern kind(s) without a resolver: {', '.join(missing)}")


check_resolvers(PATTERNS, RESOLVERS)
