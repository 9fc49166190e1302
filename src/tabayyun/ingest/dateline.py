"""Publication dates written as a line of their own near the top of a text.

Articles copied from the web often keep their date as a short line under the
title ("14 December, 2016", "Wednesday 14 December 2016", "14/12/2016").
:func:`find_dateline` finds such a line and returns the ISO date and the
character span of the date in the text.  It is deliberately strict: a date
inside a sentence ("On 14 December 2016 the army ...") is not a dateline.
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["find_dateline", "parse_date_string", "parse_iso_date"]

MAX_LINES = 6  # non-empty lines looked at from the top
MAX_LINE_CHARS = 120  # longer lines are prose, not a dateline
MAX_EXTRA_LETTERS = 16  # letters allowed around the date ("Published:", "Aleppo,", "10:32 GMT")
MAX_EXTRA_WORDS = 4
MIN_YEAR = 1900
MAX_YEAR = 2100

_MONTHS_EN = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# Egyptian/Gulf (transliterated) and Levantine (Syriac) month names.
_MONTHS_AR = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4,
    "مايو": 5, "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7,
    "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4,
    "أيار": 5, "ايار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8,
    "أيلول": 9, "ايلول": 9, "تشرين الأول": 10, "تشرين الاول": 10,
    "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
}  # fmt: skip

_WEEKDAYS_EN = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?"
)
_WEEKDAYS_AR = (
    r"(?:يوم\s+)?(?:الأحد|الاحد|الإثنين|الاثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت)"
)

_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_DAY = rf"(?P<day>{_DIGIT}{{1,2}})(?:st|nd|rd|th)?"
_YEAR = rf"(?P<year>{_DIGIT}{{4}})"


def _alternation(names: dict[str, int]) -> str:
    # Longest first, so "sept" wins over "sep" and "كانون الثاني" is taken whole.
    return "|".join(
        re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)
    )


_MONTH_EN = rf"(?P<month>{_alternation(_MONTHS_EN)})\.?"
_MONTH_AR = rf"(?P<month>{_alternation(_MONTHS_AR)})"
_WD_EN = rf"(?:{_WEEKDAYS_EN}\s*,?\s*)?"
_WD_AR = rf"(?:{_WEEKDAYS_AR}\s*[،,]?\s*)?"
_END = r"(?![0-9\u0660-\u0669\u06f0-\u06f9])"
_START = r"(?<![0-9\u0660-\u0669\u06f0-\u06f9])"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 14 December, 2016 / Wednesday 14 Dec 2016 / 14th of December 2016
    ("dmy", re.compile(rf"\b{_WD_EN}{_DAY}\s+(?:of\s+)?{_MONTH_EN}\s*,?\s*{_YEAR}{_END}", re.I)),
    # December 14, 2016 / Wednesday, December 14, 2016
    ("mdy", re.compile(rf"\b{_WD_EN}{_MONTH_EN}\s+{_DAY}\s*,?\s*{_YEAR}{_END}", re.I)),
    # 2016-12-14 / 2016/12/14 (also the date part of an ISO timestamp)
    (
        "ymd",
        re.compile(
            rf"{_START}{_YEAR}(?P<sep>[-/.])(?P<d1>{_DIGIT}{{1,2}})(?P=sep)(?P<d2>{_DIGIT}{{1,2}}){_END}"
        ),
    ),
    # 14/12/2016 / 14.12.2016 / 14-12-2016 (day first unless that is impossible)
    (
        "num",
        re.compile(
            rf"{_START}(?P<d1>{_DIGIT}{{1,2}})(?P<sep>[-/.])(?P<d2>{_DIGIT}{{1,2}})(?P=sep){_YEAR}{_END}"
        ),
    ),
    # ١٤ كانون الأول ٢٠١٦ / الأربعاء 14 ديسمبر 2016م
    (
        "dmy_ar",
        re.compile(rf"{_WD_AR}{_START}{_DAY}\s+{_MONTH_AR}\s*[،,]?\s*{_YEAR}(?:\s*م\b)?{_END}"),
    ),
)

_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ISO_RE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.,]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*")
_WORD_RE = re.compile(r"[^\W\d_]+")
_IGNORED_WORDS = frozenset({"ad", "ah", "ce", "gmt", "utc", "am", "pm", "م", "هـ", "ه"})


def _to_int(digits: str) -> int:
    return int(digits.translate(_TO_ASCII))


def _make_date(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(name: str, arabic: bool) -> int | None:
    key = re.sub(r"\s+", " ", name.strip().rstrip(".")).lower()
    return (_MONTHS_AR if arabic else _MONTHS_EN).get(key)


def _match_to_iso(kind: str, m: re.Match[str]) -> str | None:
    year = _to_int(m.group("year"))
    if kind in ("dmy", "mdy", "dmy_ar"):
        month = _month_number(m.group("month"), arabic=kind == "dmy_ar")
        if month is None:
            return None
        return _make_date(year, month, _to_int(m.group("day")))
    first, second = _to_int(m.group("d1")), _to_int(m.group("d2"))
    if kind == "ymd":
        return _make_date(year, first, second)
    # Numeric day/month/year: news in this domain writes the day first; fall
    # back to month first only when the day-first reading is impossible.
    return _make_date(year, second, first) or _make_date(year, first, second)


def _dates_in_line(line: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(line):
            iso = _match_to_iso(kind, m)
            if iso is not None:
                found.append((iso, m.start(), m.end()))
    found.sort(key=lambda f: (f[1], -f[2]))
    return found


def _is_almost_only(line: str, start: int, end: int) -> bool:
    rest = line[:start] + " " + line[end:]
    words = [w for w in _WORD_RE.findall(rest) if w.lower() not in _IGNORED_WORDS]
    return len(words) <= MAX_EXTRA_WORDS and sum(len(w) for w in words) <= MAX_EXTRA_LETTERS


def _line_date(line: str) -> tuple[str, int, int] | None:
    """The date of a line that is (almost) only a date, with its span in the line."""
    if len(line) > MAX_LINE_CHARS:
        return None
    for iso, start, end in _dates_in_line(line):
        if _is_almost_only(line, start, end):
            return iso, start, end
    return None


def is_date_line(line: str) -> bool:
    """True when ``line`` is (almost) only a date."""
    return _line_date(line) is not None


def find_dateline(text: str) -> tuple[str, int, int] | None:
    """Find a date line among the first few non-empty lines of ``text``.

    Returns ``(iso_date, start, end)`` where ``text[start:end]`` is the date
    expression itself (a label such as "Published:" or a trailing time is
    not part of the span), or ``None``.
    """
    pos = 0
    seen = 0
    while seen < MAX_LINES and pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        line = text[pos:end]
        if line.strip():
            seen += 1
            hit = _line_date(line)
            if hit is not None:
                iso, s, e = hit
                return iso, pos + s, pos + e
        if nl == -1:
            break
        pos = nl + 1
    return None


def parse_iso_date(value: str) -> str | None:
    """``YYYY-MM-DD`` (optionally followed by an ISO time) -> ``YYYY-MM-DD``, else None."""
    m = _ISO_RE.fullmatch(value)
    if m is None:
        return None
    return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def parse_date_string(value: str) -> str | None:
    """A metadata date (ISO, or any dateline form) -> ``YYYY-MM-DD``, else None."""
    iso = parse_iso_date(value)
    if iso is not None:
        return iso
    hit = _line_date(value.strip())
    return hit[0] if hit is not None else None
