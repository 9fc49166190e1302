"""Calendar arithmetic for date resolution: safe construction, ISO weeks, quarters, month
steps, two-digit years, the nearest year for a month and day, and the dates of holidays."""

from __future__ import annotations

import datetime as dt
import re

from tabayyun.extract.dates.vocabulary import HOLIDAYS


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def expand_year(two_or_four: str) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 2:
        year += 2000 if year < 50 else 1900
    return year


def nearest_year(month: int, day: int, anchor: dt.date, tense: str | None = None) -> dt.date | None:
    """The dated (month, day) nearest to the anchor, in its year or a neighbouring one.

    A weekday written with it does not choose the year: the audit checks it against the result.
    """
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := safe_date(y, month, day))]
    if not options:
        return None
    past = [d for d in options if d <= anchor]
    future = [d for d in options if d >= anchor]
    # A month and day without a year is rarely written for a day nearly a year away: the tense
    # of the clause ("had been set to expire Nov. 6") then belongs to the event, not the date.
    near_past = bool(past) and (anchor - max(past)).days <= 31
    near_future = bool(future) and (min(future) - anchor).days <= 31
    if tense == "past" and past and (anchor - max(past)).days <= 366 and not (near_future and (anchor - max(past)).days > 300):
        return max(past)
    if tense == "future" and future and (min(future) - anchor).days <= 366 and not (near_past and (min(future) - anchor).days > 300):
        return min(future)
    # News mostly looks back: a future reading must be clearly nearer to win.
    return min(options, key=lambda d: ((d - anchor).days * 1.5 if d > anchor else (anchor - d).days, d))


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    day = (h + l_ - 7 * m + 33 * month + 19) % 32
    return dt.date(year, month, day)


def holiday_date(name: str, year: int) -> dt.date:
    rule = HOLIDAYS[re.sub(r"\s+", " ", name.lower().replace("'", "")).replace("years", "year's").replace("valentines", "valentine's")]
    if isinstance(rule, tuple):
        return dt.date(year, *rule)
    if rule == "easter":
        return _easter(year)
    november = dt.date(year, 11, 1)
    if rule == "election":  # US Election Day: the Tuesday after the first Monday of November
        return november + dt.timedelta(days=(0 - november.weekday()) % 7 + 1)
    # US Thanksgiving: fourth Thursday of November
    return november + dt.timedelta(days=(3 - november.weekday()) % 7 + 21)
