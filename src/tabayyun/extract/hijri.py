"""Hijri (Islamic, Umm al-Qura) month names and conversion to the Gregorian calendar.

Month names are matched in their many English transliterations ("Rabi' I",
"Rabii' al-Awwal", "Rabi-ul-Awal", "Jumadil Akhir", "Dhul Hijjah" ...) and in
Arabic script ("ربيع الأول", "ذو الحجة").  The patterns expect text where curly
apostrophes and the ayn/hamza letters have been folded to a plain ``'``.
"""

from __future__ import annotations

import datetime as dt
import re

from hijridate import Gregorian, Hijri

# Ordinal parts that distinguish Rabi' I/II and Jumada I/II.
_ART = r"(?:(?:a|e|u|i)?l[\s\-']*)?"
_FIRST = rf"(?:{_ART}(?:aww?all?|awwel|ou?la|oo?la|ula|ulaa|aula|oolaa)(?![a-z])|i(?![a-z])|1(?![0-9])|first(?![a-z]))"
_SECOND = (
    rf"(?:{_ART}(?:th?aa?nii?y?(?:ah|a)?|saa?nii?|akh[ie]rr?(?:ah|a)?|aakh[ie]r|akhar|ukhraa?)(?![a-z])"
    r"|ii(?![a-z])|2(?![0-9])|second(?![a-z]))"
)
_RABI = r"rab(?:ee|ii|ie|i)'?(?:a|e|u)?'?"
_JUMADA = r"(?:j|dj)um(?:aa|a|u|oo)d(?:aa|a|i|ah|ee|e)?'?"
_DHU = r"(?:dh?ou?|dh?u|zh?u|zou|thu)[\s\-']*(?:a?l|el|il)?[\s\-']*"

_EN_MONTHS: list[tuple[int, str]] = [
    (1, r"mu?h?h?arr?am|moh?arr?am"),
    (2, r"s[ao]ff?ar|saphar"),
    (4, rf"{_RABI}[\s\-]*{_SECOND}"),
    (3, rf"{_RABI}[\s\-]*{_FIRST}"),
    (6, rf"{_JUMADA}[\s\-]*{_SECOND}"),
    (5, rf"{_JUMADA}[\s\-]*{_FIRST}"),
    (7, r"raj[ae]b"),
    (8, r"sh[ae]'?a?'?b[ae]a?n"),
    (9, r"rama[dzḍ]h?aa?n|ramazan"),
    (10, r"shaww?aa?l"),
    (11, rf"{_DHU}(?:q|k)[ai]'?[ae]?'?d[ae]?h?"),
    (12, rf"{_DHU}h[ie]jj?[ae]?h?"),
]

_ALIF = "[اأإآ]"
_AR_MONTHS: list[tuple[int, str]] = [
    (1, "محرم"),
    (2, "صفر"),
    (4, f"ربيع\\s+(?:{_ALIF}ل{_ALIF}خر|الثاني)"),
    (3, f"ربيع\\s+{_ALIF}ل{_ALIF}ول"),
    (6, f"جماد[ىي]\\s+(?:{_ALIF}ل{_ALIF}خرة?|الثانية?)"),
    (5, f"جماد[ىي]\\s+{_ALIF}ل{_ALIF}ول[ىي]?"),
    (7, "رجب"),
    (8, "شعبان"),
    (9, "رمضان"),
    (10, "شوال"),
    (11, "ذو\\s+القعدة"),
    (12, "ذو\\s+الحجة"),
]

HIJRI_MONTH_PATTERN = "|".join(f"(?:{p})" for _, p in _EN_MONTHS + _AR_MONTHS)
"""Alternation matching any Hijri month name (compile with re.IGNORECASE)."""

_COMPILED = [(n, re.compile(rf"(?:{p})$", re.IGNORECASE)) for n, p in _EN_MONTHS + _AR_MONTHS]

HIJRI_MIN_YEAR = 1343
HIJRI_MAX_YEAR = 1500


def hijri_month_number(name: str) -> int | None:
    """The month number (1-12) of a Hijri month name, or None if it is not one."""
    folded = fold_apostrophes(name.strip())
    for number, pattern in _COMPILED:
        if pattern.match(folded):
            return number
    return None


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """Convert an Umm al-Qura Hijri date; None when it is invalid or out of the supported range."""
    if not HIJRI_MIN_YEAR <= year <= HIJRI_MAX_YEAR:
        return None
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def gregorian_to_hijri_year(date: dt.date) -> int | None:
    """The Hijri year that contains a Gregorian date, or None outside the supported range."""
    try:
        return Gregorian(date.year, date.month, date.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


_FOLD = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u02bf\u02be\u00b4`\u2032"})


def fold_apostrophes(text: str) -> str:
    """Replace typographic apostrophes and ayn/hamza marks by ``'`` (same length)."""
    return text.translate(_FOLD)
