"""Date vocabulary: month, weekday, number and ordinal words (English and Arabic), unit codes,
parts of day, seasons and holidays, with the look-ups that turn a written word into its number."""

from __future__ import annotations

import re

_MONTHS_FULL = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
MONTHS: dict[str, int] = {name: i + 1 for i, name in enumerate(_MONTHS_FULL)}
_MONTH_ABBR: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_WEEKDAY_ABBR: dict[str, int] = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

_A = "[اأإآ]"
# Arabic names of Gregorian months: Egyptian/Gulf forms and Levantine/Iraqi forms.
AR_GREG_MONTHS: list[tuple[int, str]] = [
    (1, "يناير|كانون\\s+الثاني"),
    (2, "فبراير|شباط"),
    (3, f"مارس|{_A}ذار"),
    (4, f"{_A}بريل|نيسان"),
    (5, f"مايو|مايس|{_A}يار"),
    (6, "يونيو|يونيه|حزيران"),
    (7, "يوليو|يوليه|تموز"),
    (8, f"{_A}غسطس|{_A}ب"),
    (9, f"سبتمبر|{_A}يلول"),
    (11, "نوفمبر|تشرين\\s+الثاني"),
    (10, f"{_A}كتوبر|تشرين\\s+{_A}ل{_A}ول"),
    (12, f"ديسمبر|كانون\\s+{_A}ل{_A}ول"),
]
AR_WEEKDAYS: list[tuple[int, str]] = [
    (0, f"ال{_A}ثنين"),
    (1, "الثلاثاء"),
    (2, f"ال{_A}ربعاء"),
    (3, "الخميس"),
    (4, "الجمعة"),
    (5, "السبت"),
    (6, f"ال{_A}حد"),
]
_AR_GREG_RES = [(n, re.compile(f"(?:{p})$")) for n, p in AR_GREG_MONTHS]
_AR_WD_RES = [(n, re.compile(f"(?:{p})$")) for n, p in AR_WEEKDAYS]

_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "hundred": 100, "a couple of": 2, "couple of": 2,
}  # fmt: skip
_VAGUE_NUMBERS = {"several", "few", "a few", "some", "many", "couple", "a couple"}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}
UNIT_CODES: dict[str, str] = {
    "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
    "quarter": "Q", "hour": "H", "minute": "M", "second": "S",
}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}

HOLIDAYS: dict[str, tuple[int, int] | str] = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
    "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
    "valentine's day": (2, 14), "thanksgiving day": "thanksgiving", "thanksgiving": "thanksgiving", "election day": "election",
    "easter sunday": "easter", "easter": "easter",
}  # fmt: skip

ORDINAL_DAYS: dict[str, int] = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
} | {"thirtieth": 30}
ORDINAL_DAYS |= {f"twenty-{w}": 20 + ORDINAL_DAYS[w] for w in list(ORDINAL_DAYS)[:9]} | {"thirty-first": 31}

_SPELLED_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "oh": 0}
DECADE_WORDS = {w: 20 + 10 * i for i, w in enumerate("twenties thirties forties fifties sixties seventies eighties nineties".split())}


def month_number(name: str) -> int | None:
    key = name.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    if key in _MONTH_ABBR:
        return _MONTH_ABBR[key]
    for number, pattern in _AR_GREG_RES:
        if pattern.match(name.strip()):
            return number
    return None


def weekday_number(name: str | None) -> int | None:
    if not name:
        return None
    key = re.sub(r"^يوم\s+", "", name.strip()).lower().rstrip(".")
    if key in WEEKDAYS:
        return WEEKDAYS[key]
    if key in _WEEKDAY_ABBR:
        return _WEEKDAY_ABBR[key]
    for number, pattern in _AR_WD_RES:
        if pattern.match(key):
            return number
    return None


def number_value(word: str) -> int | None:
    key = re.sub(r"\s+", " ", word.lower().strip())
    if key in _NUMBER_WORDS:
        return _NUMBER_WORDS[key]
    if key in _VAGUE_NUMBERS:
        return None
    try:
        number = float(key)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def spelled_year(words: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'two thousand and one' -> 2001."""
    parts = [w for w in re.split(r"[\s\-]+", words.lower()) if w and w != "and"]
    if parts[:2] == ["two", "thousand"]:
        return 2000 + sum(_SPELLED_NUMBERS.get(w, 0) for w in parts[2:])
    if not parts or parts[0] not in _SPELLED_NUMBERS:
        return None
    century = _SPELLED_NUMBERS[parts[0]]
    rest = parts[1:]
    if rest == ["hundred"]:
        return century * 100
    if any(w not in _SPELLED_NUMBERS for w in rest):
        return None
    return century * 100 + sum(_SPELLED_NUMBERS[w] for w in rest)


