"""Date expressions: detection with own patterns, TimeML normalisation, anchoring.

The extractor finds explicit dates (numeric ``28/11/2016 CE``, textual ``14 December,
2016``, ``Monday November 28th``), Hijri dates (``8th Rabii' I 1438 AH``, Arabic month
names), Arabic Gregorian dates (``7 كانون الأول 2016``) and relative expressions
(``on Thursday``, ``yesterday``, ``last week``, ``the third quarter``, ``now``).  Relative
ones are resolved against an anchor: the caller's ``anchor_at`` callback (for example the
date of the citation that carries the sentence) or the publication date.

Values follow the TimeML convention (``2016-12-01``, ``2016-12``, ``2016``,
``2016-W48``, ``2016-Q4``, ``PRESENT_REF``, ``P3D`` ...).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from tabayyun.extract.hijri import (
    HIJRI_MONTH_PATTERN,
    fold_apostrophes,
    gregorian_to_hijri_year,
    hijri_month_number,
    hijri_to_gregorian,
)
from tabayyun.model import DateMention
from tabayyun.nlp import doc_text
from tabayyun.spans import GrowingSpans, SpanIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc

AnchorFn = Callable[[int], "tuple[dt.date, str] | None"]

# --------------------------------------------------------------------------- vocabularies

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
_AR_GREG_MONTHS: list[tuple[int, str]] = [
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
_AR_WEEKDAYS: list[tuple[int, str]] = [
    (0, f"ال{_A}ثنين"),
    (1, "الثلاثاء"),
    (2, f"ال{_A}ربعاء"),
    (3, "الخميس"),
    (4, "الجمعة"),
    (5, "السبت"),
    (6, f"ال{_A}حد"),
]
_AR_GREG_RES = [(n, re.compile(f"(?:{p})$")) for n, p in _AR_GREG_MONTHS]
_AR_WD_RES = [(n, re.compile(f"(?:{p})$")) for n, p in _AR_WEEKDAYS]

_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "hundred": 100, "a couple of": 2, "couple of": 2,
}  # fmt: skip
_VAGUE_NUMBERS = {"several", "few", "a few", "some", "many", "couple", "a couple"}
_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}
_UNIT_CODES: dict[str, str] = {
    "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
    "quarter": "Q", "hour": "H", "minute": "M", "second": "S",
}
_PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}
_SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}

# --------------------------------------------------------------------------- patterns

_FLAGS = re.IGNORECASE
_MONTH_FULL_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR_RE = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH_RE = rf"(?:{_MONTH_FULL_RE}|{_MONTH_ABBR_RE})"
_WD_FULL_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_ABBR_RE = r"(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?"
_AR_WD_RE = "|".join(p for _, p in _AR_WEEKDAYS)
# the first two letters of every weekday, checked before trying the weekdays one by one (a
# look-ahead, so matches are the same, only found faster)
_WD_STARTS = sorted({w[:2].lower() for w in re.findall(r"[A-Za-z]+", _WD_FULL_RE + _WD_ABBR_RE)})
_WD_GUARD = rf"(?=(?i:{'|'.join(_WD_STARTS)})|[{''.join(sorted({'ي'} | {p[0] for _, p in _AR_WEEKDAYS}))}])"
_WD_PREFIX = (
    rf"(?:{_WD_GUARD}(?P<wd>{_WD_FULL_RE}|{_WD_ABBR_RE}|(?:يوم\s+)?(?:{_AR_WD_RE}))\s*,?\s*(?:the\s+)?)?"
)
_ORD = r"(?:st|nd|rd|th)?"
_CE_REQ = r"(?:\s*(?:CE|C\.E\.|AD|A\.D\.|م)(?![\w.]))"
_CE = _CE_REQ + "?"
_AH = r"(?:\s*(?:AH|A\.H\.|H\.|هـ|ه)(?![\w]))"
_YEAR4 = r"(?:1[0-9]{3}|20[0-9]{2})"
_AR_GREG_RE = "|".join(f"(?:{p})" for _, p in _AR_GREG_MONTHS)
_MOD_RE = r"(?:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of|end|beginning|start|middle)"
_NUM_WORD_RE = (
    r"(?:a\s+couple\s+of|couple\s+of|a\s+few|few|several|some|many|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    r"thirty|forty|fifty|sixty|hundred|\d{1,3}(?:\.\d+)?)"
)
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_SPELLED_YEAR_RE = (
    rf"(?:nineteen|eighteen|twenty)[\s\-]+(?:{_TENS}(?:[\s\-]+{_UNITS})?|{_TEENS}|hundred|oh[\s\-]+{_UNITS})"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_UNITS}|{_TEENS}))?"
)
_HOLIDAYS: dict[str, tuple[int, int] | str] = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
    "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
    "valentine's day": (2, 14), "thanksgiving day": "thanksgiving", "thanksgiving": "thanksgiving", "election day": "election",
    "easter sunday": "easter", "easter": "easter",
}  # fmt: skip
_HOLIDAY_RE = "|".join(re.escape(h).replace("'", "'?") for h in sorted(_HOLIDAYS, key=len, reverse=True))
_HOLIDAY_RE = r"(?:(?i:" + _HOLIDAY_RE.replace("\\ ", "\\s+") + r"))"
_UNIT_RE = r"(?:day|week|month|year|decade|century|centuries|quarter|hour|minute)"

_ORDINAL_DAYS: dict[str, int] = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
} | {"thirtieth": 30}
_ORDINAL_DAYS |= {f"twenty-{w}": 20 + _ORDINAL_DAYS[w] for w in list(_ORDINAL_DAYS)[:9]} | {"thirty-first": 31}
_ORDINAL_DAY_RE = "(?:" + "|".join(
    w.replace("-", "[\\s\\-]") for w in sorted(_ORDINAL_DAYS, key=len, reverse=True)
) + ")"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "numeric",
        re.compile(
            _WD_PREFIX
            + r"(?<![\w/.\-])(?P<a>\d{1,2})(?P<s1>\s{0,2}[/.\-]\s{0,2})(?P<b>\d{1,2})"
            r"(?P<s2>\s{0,2}[/.\-]\s{0,2})(?P<y>\d{4}|\d{2})"
            rf"(?:(?P<suf>{_AH}|{_CE_REQ})|(?![\w/]|[.\-]\d))",
            _FLAGS,
        ),
    ),
    (
        "iso",
        re.compile(
            r"(?<![\w/.\-])(?P<y>(?:19|20)\d{2})(?P<s1>[\-/.])(?P<b>\d{1,2})(?P=s1)(?P<a>\d{1,2})(?![\w/]|[.\-]\d)",
        ),
    ),
    (
        "hijri",
        re.compile(
            _WD_PREFIX
            + rf"(?<!\d)(?P<d>\d{{1,2}}){_ORD}\s*(?:of\s+)?(?P<hm>{HIJRI_MONTH_PATTERN})(?![\w])"
            rf"(?:\s*,?\s*(?P<y>1[3-5]\d\d)(?!\d))?(?P<suf>{_AH})?",
            _FLAGS,
        ),
    ),
    (
        "hijri_mdy",
        re.compile(
            rf"(?<![\w])(?P<hm>{HIJRI_MONTH_PATTERN})\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>1[3-5]\d\d){_AH}",
            _FLAGS,
        ),
    ),
    (
        "ar_greg",
        re.compile(
            _WD_PREFIX
            + rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?P<am>{_AR_GREG_RE})(?!\w)(?:\s*/\s*(?:{_AR_GREG_RE}))?"
            rf"(?:\s*,?\s*(?P<y>{_YEAR4})(?!\d))?(?P<suf>{_CE})",
        ),
    ),
    (
        "dmy",
        re.compile(
            _WD_PREFIX
            + rf"(?<![\w])(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?[\s\-]+(?P<m>{_MONTH_RE})(?![\w])"
            rf"(?:\s*,?[\s\-]*(?P<y>{_YEAR4})(?!\d))?(?P<suf>{_CE})",
            _FLAGS,
        ),
    ),
    (
        "mdy",
        re.compile(
            _WD_PREFIX
            + rf"(?<![\w])(?P<m>{_MONTH_RE})\s*(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}(?![\w])"
            rf"(?:(?:\s*,\s*|\s+)(?P<y>{_YEAR4})(?!\d))?(?P<suf>{_CE})",
            _FLAGS,
        ),
    ),
    (
        # spelled ordinal days, as in transcripts: "March eighth", "the twenty-first of May"
        "mdy_words",
        re.compile(
            rf"(?<![\w\-])(?:(?P<m>{_MONTH_FULL_RE})\s+(?:the\s+)?(?P<dw>{_ORDINAL_DAY_RE})|"
            rf"the\s+(?P<dw2>{_ORDINAL_DAY_RE})\s+of\s+(?P<m2>{_MONTH_FULL_RE}))(?![\w\-])"
            rf"(?:,?\s+(?P<y>{_YEAR4})(?!\d))?",
            _FLAGS,
        ),
    ),
    (
        "my",
        re.compile(
            rf"(?<![\w])(?:(?P<mod>{_MOD_RE})[\s\-]+(?:of\s+)?)?(?P<m>{_MONTH_RE})(?:\s*,\s*|\s+of\s+|\s+)(?P<y>{_YEAR4})(?!\d)(?P<suf>{_CE})",
            _FLAGS,
        ),
    ),
    (
        "month_rel_year",
        re.compile(
            rf"(?<![\w\-])(?P<m>{_MONTH_FULL_RE})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "month",
        re.compile(
            rf"(?<![\w\-])(?:(?P<rel>last|next|this|past|coming|early|late|mid|the\s+(?:end|beginning|start|middle)\s+of)[\s\-]+)?(?P<m>{_MONTH_FULL_RE})(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"(?<![\w\-])(?:(?:the|this|last|next)\s+)?(?:(?P<pre_y>(?:19|20)\d\d|year[\s\-](?:earlier|ago)|latest|current|"
            r"fiscal|this\s+year's|last\s+year's|next\s+year's)\s+)?(?:fiscal[\s\-]+)?"
            r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s\-]+quarter(?![\w\-])"
            r"(?:\s+of\s+(?:fiscal\s+)?(?P<y>(?:19|20)\d\d))?",
            _FLAGS,
        ),
    ),
    (
        "quarter_ref",
        re.compile(
            r"(?<![\w\-])(?:the|that)\s+(?:(?P<qmod>latest|current|same|year[\s\-](?:earlier|ago)|comparable|"
            r"comparable\s+year[\s\-](?:earlier|ago)|(?:19|20)\d\d)\s+)?(?:quarter|period)(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "this_year_np",
        re.compile(
            r"(?<![\w\-])(?:the\s+(?:(?P<rel>current|latest|full|previous|last|next|coming)\s+)?(?:fiscal|calendar)\s+year|"
            r"the\s+(?P<rel2>current|full)\s+year|(?:the\s+)?year(?:'s)?[\s\-]end)(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "year_ago_adj",
        re.compile(r"(?<![\w\-])year[\s\-](?:earlier|ago)(?![\w\-])", _FLAGS),
    ),
    (
        "spelled_year",
        re.compile(
            rf"(?<![\w\-])(?:(?P<m>{_MONTH_FULL_RE})\s+|the\s+(?P<s>spring|summer|fall|autumn|winter)\s+of\s+|the\s+year\s+)?"
            rf"(?P<y>{_SPELLED_YEAR_RE})(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "century",
        re.compile(
            r"(?<![\w\-])(?:(?P<this>this|last|next|the\s+(?:last|past|next|current))\s+century|(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century)(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "holiday",
        re.compile(
            rf"(?<![\w\-])(?:(?P<rel>last|next|this)\s+)?(?P<h>{_HOLIDAY_RE})(?:\s*,?\s*(?P<y>{_YEAR4})(?!\d))?(?![\w\-])",
        ),
    ),
    (
        "decade",
        re.compile(
            r"(?<![\w\-])(?:the\s+)?(?:(?:early|mid|late)[\s\-]+)?(?:(?P<dec>(?:1[89]|20)\d0)'?s|'(?P<short>[2-9]0)s|"
            r"(?<=the\s)(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?![\w])",
            _FLAGS,
        ),
    ),
    (
        "half",
        re.compile(
            r"(?<![\w\-])(?:the\s+)?(?P<h>first|second|last|latter|1st|2nd)[\s\-]+half\s+of\s+"
            rf"(?:(?P<y>{_YEAR4})(?!\d)|(?P<rel>the|this|last|next)\s+year(?![\w\-]))",
            _FLAGS,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?:(?<=\bpre-)|(?<=\bpost-)|(?<![\w$£€#.,/\-]))(?:(?P<fy>fiscal(?:\s+year)?|FY|the\s+year|calendar|(?:early|mid|late)\s*-|(?:early|late|mid)\s+|the\s+(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of\s+)\s*)?(?P<y>(?:1[89]|20)\d\d)(?![\w%]|[.,/\-]\d)(?P<suf>"
            + _CE
            + ")",
            _FLAGS,
        ),
    ),
    (
        "clock",
        re.compile(
            r"(?<![\w:.])(?P<clock>(?P<hh>\d{1,2})(?::(?P<mm>\d\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)(?![\w])|noon|midnight|midday)"
            r"(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC))?\s*,?\s+(?:on\s+)?"
            rf"(?P<date>(?:{_WD_FULL_RE})|{_MONTH_RE}\s*\d{{1,2}}(?![\w])|today|yesterday|tomorrow)(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"(?<![\w\-])(?:(?P<rel>last|next|this|past|coming|early|late)\s+)?(?P<wd>{_WD_FULL_RE}|(?:{_AR_WD_RE}))"
            rf"(?:(?:'s)?\s+(?P<pod>morning|afternoon|evening|night|overnight))?(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"(?<![\w\-])(?:(?P<mod>late|early)\s+)?(?P<w>today|yesterday|tomorrow|tonight)"
            r"(?:(?:'s)?\s+(?P<pod>morning|afternoon|evening|night))?(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "this_pod",
        re.compile(r"(?<![\w\-])(?:this|last)\s+(?P<pod>morning|afternoon|evening|night)(?![\w\-])", _FLAGS),
    ),
    (
        "rel_unit",
        re.compile(
            r"(?<![\w\-])(?:(?P<pre>earlier|later|early|late|the\s+(?:end|beginning|start|middle)\s+of)\s+)?(?P<rel>this\s+past|this\s+coming|last|next|this|past|coming|previous|the\s+past|the\s+previous|the\s+coming|the\s+current|the\s+following|(?<=of\s)the)\s+"
            r"(?P<u>week|month|year|decade|weekend|spring|summer|fall|autumn|winter)(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "season",
        re.compile(r"(?<![\w\-])the\s+(?:(?:early|late|mid)[\s\-]+)?(?P<s>spring|summer|fall|autumn|winter)(?:\s+of\s+(?P<y>(?:19|20)\d\d))?(?![\w\-])", _FLAGS),
    ),
    (
        "weekend",
        re.compile(r"(?<![\w\-])the\s+weekend(?![\w\-])", _FLAGS),
    ),
    (
        # "the week of March 6": the (ISO) week holding that day
        "week_of",
        re.compile(
            rf"(?<![\w\-])the\s+week\s+of\s+(?P<date>{_MONTH_RE}\s*\d{{1,2}}{_ORD}(?:,?\s+{_YEAR4})?|\d{{1,2}}{_ORD}\s+{_MONTH_RE}(?:,?\s+{_YEAR4})?)(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        # "for the year", "earlier in the year": the year of the anchor; "the year ended
        # March 31": a fiscal year, a stretch of twelve months
        "the_year",
        re.compile(
            r"(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bduring\s)|(?<=\bthroughout\s))the\s+year(?![\w\-'])"
            r"(?P<ended>(?=\s+(?:ended|ending)\b))?",
            _FLAGS,
        ),
    ),
    (
        "ago",
        re.compile(
            rf"(?<![\w\-])(?:(?:almost|nearly|about|some|roughly|around|more\s+than|less\s+than|over|just|only)\s+)?"
            rf"(?P<n>{_NUM_WORD_RE})[\s\-]+(?P<u>{_UNIT_RE})s?\s+(?P<dir>ago|earlier|hence|from\s+now)(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        "ref",
        re.compile(
            r"(?<![\w\-])(?P<w>now|right\s+now|currently|at\s+present|presently|nowadays|these\s+days|"
            r"recently|lately|in\s+recent\s+(?:years|months|weeks|days|times)|recent\s+(?:years|months|weeks|days)|"
            r"(?:the\s+)?(?:coming|upcoming)\s+(?:days|weeks|months|years|quarters)|future\s+(?:years|quarters)|"
            rf"the\s+past(?!\s+(?:{_NUM_WORD_RE}|{_UNIT_RE}s?|weekends?|springs?|summers?|falls?|autumns?|winters?)(?![\w\-]))|"
            r"the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|"
            r"the\s+(?:near|short|long)\s+term)(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        # "later that year", "the following month", "that same day": a date named just before
        "anaphoric",
        re.compile(
            r"(?<![\w\-])(?:(?P<pre>earlier|later)\s+(?:in\s+|on\s+)?)?(?:(?P<that>that)(?:\s+(?P<same>same))?|the\s+(?P<same2>same)|"
            r"the\s+(?P<dir>following|previous|prior))\s+(?P<u>day|month|year)(?![\w\-'])",
            _FLAGS,
        ),
    ),
    (
        # recurrences (TimeML SET): "every day", "each year", "every two weeks", "each Thursday",
        # "every July"; "daily" / "weekly" used as an adverb ("they meet almost daily.")
        "set",
        re.compile(
            rf"(?<![\w\-])(?:(?:every|each)\s+(?:(?P<n>other|{_NUM_WORD_RE})\s+)?"
            rf"(?:(?P<u>day|week|month|year|quarter)s?|(?P<wd>{_WD_FULL_RE})|(?P<m>{_MONTH_FULL_RE}))"
            r"|(?P<adv>daily|weekly|nightly|hourly)(?=\s*(?:[.,;:!?)]|$)|\s+(?:basis|outside|inside|at|in|on|for|to|from|with|by|since)\b))(?![\w\-])",
            _FLAGS,
        ),
    ),
    (
        # "current market conditions", "its current position": the present (TimeML PRESENT_REF);
        # "the then current price" is a past present. Not the economic terms built on "current".
        "current_adj",
        re.compile(
            r"(?<![\w\-])(?P<then>then[\s\-]+)?current(?=\s+[a-z])(?!\s+(?:accounts?|assets|liabilities|"
            r"dollars|ratio|yield|income|density|flow)\b)",
            _FLAGS,
        ),
    ),
    (
        "duration",
        re.compile(
            rf"(?<![\w\-])(?:(?:the|a|an)\s+)?(?:(?P<pre>past|last|next|coming|previous|first|final|further|additional|another)\s+)?"
            rf"(?P<n>{_NUM_WORD_RE})(?P<half>\s*(?:1/2|½))?[\s\-]+(?P<u>{_UNIT_RE})s?(?![\w\-])",
            _FLAGS,
        ),
    ),
]

# Preference when two candidates cover the same span length (lower wins).
_PRIORITY = {name: i for i, (name, _) in enumerate(_PATTERNS)}
_PRIORITY["anaphoric"] = -1  # before "the following year" read as a stretch of time

# Words after a weekday / "Today" that make it part of a name, not a date.
_NAME_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Mail|Star|Independent|Observer|Sun|Tribune|"
    r"Agreement|Accords?|Prayers?|Mosque|Show|Programme|Program|Night\s+Live|Islands?|Rising|Offensive)\b"
)
_NUMERIC_BEFORE_BAD = re.compile(
    r"(?:resolution|resolutions|no\.|number|nos\.|article|chapter|section|page|pp?\.|flight|route|"
    r"room|code|version|law|decree|act|item|paragraph|\$|£|€|#)\s*$",
    _FLAGS,
)
_YEAR_AFTER_BAD = re.compile(
    r"\s*(?:%|percent|per\s+cent|hours|hrs|GMT|UTC|local\s+time|km|kilometers|kilometres|miles|meters|metres|"
    r"feet|people|persons|troops|soldiers|fighters|civilians|men|women|children|families|refugees|"
    r"dollars|euros|pounds|tons|tonnes|barrels|units|votes|seats|shares|points|calories|acres)\b",
    _FLAGS,
)
_FUTURE_WORDS = re.compile(
    r"(?:\b(?:will|shall|going\s+to|expected\s+to|scheduled\s+to|due\s+to|plans?\s+to|"
    r"set\s+to|is\s+to|are\s+to|to\s+be\s+held|intends?\s+to)\b|'ll\b)",
    _FLAGS,
)

# --------------------------------------------------------------------------- helpers


def _norm(text: str) -> str:
    """A same-length copy of ``text`` with digits, apostrophes and spaces unified for matching."""
    out = fold_apostrophes(text)
    table = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
    table |= {0x00A0: " ", 0x2009: " ", 0x202F: " ", 0x2013: "-", 0x2010: "-", 0x2011: "-"}
    return out.translate(table)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int | None:
    key = name.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    if key in _MONTH_ABBR:
        return _MONTH_ABBR[key]
    for number, pattern in _AR_GREG_RES:
        if pattern.match(name.strip()):
            return number
    return None


def _weekday_number(name: str | None) -> int | None:
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


def _number_value(word: str) -> int | None:
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


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def _expand_year(two_or_four: str) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 2:
        year += 2000 if year < 50 else 1900
    return year


def _nearest_year(month: int, day: int, anchor: dt.date, tense: str | None = None) -> dt.date | None:
    """The dated (month, day) nearest to the anchor, in its year or a neighbouring one.

    A weekday written with it does not choose the year: the audit checks it against the result.
    """
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
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


# --------------------------------------------------------------------------- document-level


_NUMERIC_SCAN = re.compile(
    r"(?<![\w/.\-])(\d{1,2})\s{0,2}([/.\-])\s{0,2}(\d{1,2})\s{0,2}\2\s{0,2}(\d{4}|\d{2})(?![\d/]|[.\-]\d)"
)


def infer_day_first(text: str) -> bool | None:
    """Whether the document writes numeric dates day-first (True) or month-first (False).

    Counts unambiguous numeric dates (one of the two leading numbers above 12); None when
    there is no such evidence or it is evenly split.
    """
    day_first = month_first = 0
    for match in _NUMERIC_SCAN.finditer(_norm(text)):
        a, b = int(match.group(1)), int(match.group(3))
        if not (1 <= a <= 31 and 1 <= b <= 31):
            continue
        if a > 12 >= b:
            day_first += 1
        elif b > 12 >= a:
            month_first += 1
    if day_first > month_first:
        return True
    if month_first > day_first:
        return False
    return None


# --------------------------------------------------------------------------- resolution


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    kind: str
    match: re.Match[str]


@dataclass(slots=True)
class _Context:
    text: str
    norm: str
    reference: dt.date | None
    day_first: bool | None
    anchor_at: AnchorFn | None
    doc: Doc | None
    doc_offset: int
    last_quarter: tuple[int, int] | None = None
    # The first quarter the text names: financial reports compare "a year ago" with it.
    topic_quarter: tuple[int, int] | None = None
    # The most recent quarter named that had ended by the anchor.
    latest_done_quarter: tuple[int, int] | None = None
    # The last calendar date named (YYYY, YYYY-MM or YYYY-MM-DD), for "later that year".
    last_date: str | None = None
    # The whole expression a part is resolved for (the clock time around a weekday).
    outer: tuple[int, int] | None = None

    def reported_quarter(self) -> tuple[int, int] | None:
        """The quarter a "year ago" compares with: the report's first quarter, unless the text
        goes on to name a later one that is already over (another company's results)."""
        done = self.latest_done_quarter
        if done is not None and (self.topic_quarter is None or done > self.topic_quarter):
            return done
        return self.topic_quarter or self.last_quarter

    def anchor(self, offset: int) -> tuple[dt.date | None, str | None]:
        if self.anchor_at is not None:
            found = self.anchor_at(offset)
            if found is not None:
                return found
        if self.reference is not None:
            return self.reference, "published"
        return None, None

    def tense(self, start: int, end: int) -> str | None:
        """'past', 'future' or None for the clause that governs the expression."""
        if self.outer is not None and self.outer[0] <= start and end <= self.outer[1]:
            start, end = self.outer  # the day inside "9 a.m. Tuesday" takes the tense of the whole
        before = self.norm[max(0, start - 20) : start]
        left = max(self.norm.rfind(ch, 0, start) for ch in ".;:!?\n,")
        window = self.norm[max(left + 1, start - 80) : start]
        # "due Friday", "as soon as Tuesday" look ahead
        if _FUTURE_LEAD.search(before):
            return "future"
        if self.doc is not None:
            verdict = _doc_tense(self.doc, start - self.doc_offset, end - self.doc_offset)
            if verdict != "unknown":
                return verdict
        # Without a parse: a future marker shortly before the expression in the same clause.
        if _FUTURE_WORDS.search(window):
            return "future"
        return None


# "as soon as Tuesday", "as early as Monday", "scheduled for Friday"
_FUTURE_LEAD = re.compile(
    r"(?:as\s+(?:soon|early|late)\s+as|no\s+later\s+than|scheduled\s+for|planned\s+for|set\s+for|"
    r"payable|effective|expires?|expiring|deadline\s+(?:of|is|on)|due(?:\s+on)?)\s+(?:on\s+)?$",
    _FLAGS,
)
_ENDPOINT_PREPS = {"to", "until", "till", "through", "by", "before", "from"}
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll", "would", "'d"}
_FUTURE_HEADS = {"expect", "schedule", "plan", "set", "due", "intend", "go", "aim", "hope", "prepare", "try"}
# verbs whose simple past is spelled like their base form
_PAST_AS_BASE = frozenset(
    "hurt cut put set hit let cost shut spread quit bid cast burst split beat upset offset".split()
)
# verbs that move a time limit: "until/to" after them names a day ahead
_DEFERRING = {"extend", "postpone", "delay", "defer", "adjourn", "give", "grant", "push", "prolong"}
_REPORTING = {
    "say", "tell", "report", "announce", "confirm", "deny", "state", "claim", "insist", "add",
    "note", "reveal", "warn", "declare", "predict", "acknowledge", "disclose", "indicate",
}  # fmt: skip


def _doc_tense(doc: Doc, start: int, end: int) -> str | None:
    """Tense from the parse: 'past', 'future', None (no verdict) or 'unknown' (no verb found)."""
    if start < 0 or end > len(doc_text(doc)):
        return "unknown"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "unknown"
    token = span.root
    hops = 0
    for hops in range(6):  # noqa: B007 - the hop count is used below
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            break
        token = token.head
    root = span.root
    direct = hops <= 2 and (
        root.dep_ in ("npadvmod", "obl", "tmod", "advmod")
        or (root.dep_ == "pobj" and root.head.head.i == token.i)
        or root.head.i == token.i
    )
    if token.pos_ not in ("VERB", "AUX") or not direct:
        # attached through a noun or adjective ("payable Dec. 7", "a cutback in September"):
        # the clause's tense says little about the date
        return "unknown"
    if root.dep_ == "pobj" and root.head.lower_ in _ENDPOINT_PREPS:
        if root.head.lower_ in ("until", "till", "to") and token.lemma_.lower() in _DEFERRING:
            return "future"  # "postponed until Tuesday morning", "extended its deadline until Friday"
        return None  # "until mid-November": endpoints often lie ahead
    children = list(token.children)
    aux = [c for c in children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in aux) or token.lower_ == "going":
        return "future"
    if any(a.lower_ == "going" for a in aux):
        return "future"
    if token.tag_ == "VB" and token.dep_ in ("xcomp", "ccomp", "advcl", "attr") and any(c.lower_ == "to" for c in children):
        head = token.head
        governor = head.head if head.dep_ == "acomp" else head  # "had been due to ..."
        if any(a.lower_ == "had" for a in governor.children if a.dep_ in ("aux", "auxpass")):
            return "past"  # "had been scheduled to expire Friday": a plan told in the past perfect
        if head.lemma_.lower() in _FUTURE_HEADS or head.lemma_ == "be":
            return "future"
    if token.lemma_.lower() in ("plan", "schedule") and (
        token.tag_ in ("VBZ", "VBP") or (token.tag_ == "VBN" and any(a.tag_ in ("VBZ", "VBP") for a in aux))
    ):
        return "future"  # "is scheduled for Friday"; "planned to ... on Friday" (past) stays open
    if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if token.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    if token.tag_ == "VBG" and any(a.lower_ in ("is", "are", "'s", "'re", "am") for a in aux):
        return "future"
    if token.tag_ in ("VBZ", "VBP") and token.lemma_.lower() not in _REPORTING and not aux:
        # "The two leaders meet Monday": a present-tense event verb points ahead. A verb whose
        # past is its base ("hurt ..., which fell ... on Friday") in a sentence told in the past
        # may be a past itself.
        ambiguous = token.tag_ == "VBP" and token.lower_ in _PAST_AS_BASE
        if not ambiguous or not any(t.tag_ == "VBD" and t.lemma_.lower() not in _REPORTING for t in token.sent):
            return "future"
    return None


def _mention(
    cand: _Candidate,
    value: str,
    precision: str,
    *,
    ctx: _Context,
    start: int | None = None,
    end: int | None = None,
    **extra: object,
) -> DateMention:
    s = cand.start if start is None else start
    e = cand.end if end is None else end
    return DateMention(start=s, end=e, surface=ctx.text[s:e], value=value, precision=precision, **extra)  # type: ignore[arg-type]


def _resolve(cand: _Candidate, ctx: _Context) -> DateMention | None:  # noqa: C901 - a dispatcher
    m = cand.match
    kind = cand.kind
    g = m.groupdict()
    weekday = _weekday_number(g.get("wd")) if "wd" in g else None

    if kind in ("numeric", "iso"):
        return _resolve_numeric(cand, ctx, weekday)

    if kind in ("hijri", "hijri_mdy"):
        month = hijri_month_number(m.group("hm"))
        if month is None:
            return None
        day = int(m.group("d"))
        relative = False
        anchor_label = None
        if g.get("y"):
            year = int(m.group("y"))
        else:
            if not g.get("suf") and not _is_arabic(m.group("hm")) and len(m.group("hm")) < 5:
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
        return _mention(
            cand, iso, "day", ctx=ctx, calendar="hijri", gregorian=iso, weekday=weekday,
            relative=relative, anchor=anchor_label,
        )

    if kind in ("dmy", "mdy", "ar_greg", "mdy_words"):
        if kind == "mdy_words":
            month_text = m.group("m") or m.group("m2")
            if not month_text[0].isupper():
                return None
            month = _month_number(month_text)
            day = _ORDINAL_DAYS[re.sub(r"[\s\-]+", "-", (m.group("dw") or m.group("dw2")).lower())]
        else:
            month = _month_number(m.group("m") if kind != "ar_greg" else m.group("am"))
            day = int(m.group("d"))
        if month is None:
            return None
        if g.get("y"):
            date = _safe_date(int(m.group("y")), month, day)
            if date is None:
                return None
            return _mention(cand, date.isoformat(), "day", ctx=ctx, weekday=weekday)
        if kind == "mdy" and _looks_like_name_or_count(ctx.norm, cand):
            return None
        anchor, label = ctx.anchor(cand.start)
        if anchor is None:
            if not 1 <= day <= 31:
                return None
            return _mention(cand, f"XXXX-{month:02d}-{day:02d}", "day", ctx=ctx, weekday=weekday, relative=True)
        date = _nearest_year(month, day, anchor, ctx.tense(cand.start, cand.end))
        if date is None:
            return None
        return _mention(cand, date.isoformat(), "day", ctx=ctx, weekday=weekday, relative=True, anchor=label)

    if kind == "my":
        month = _month_number(m.group("m"))
        if month is None:
            return None
        return _mention(cand, f"{int(m.group('y')):04d}-{month:02d}", "month", ctx=ctx)

    if kind == "month_rel_year":
        anchor, label = ctx.anchor(cand.start)
        if anchor is None:
            return None
        step = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
        month = MONTHS[m.group("m").lower()]
        return _mention(cand, f"{anchor.year + step:04d}-{month:02d}", "month", ctx=ctx, relative=True, anchor=label)

    if kind == "month":
        return _resolve_month(cand, ctx)

    if kind == "weekday":
        return _resolve_weekday(cand, ctx)

    if kind == "clock":
        return _resolve_clock(cand, ctx)

    if kind == "deictic":
        return _resolve_deictic(cand, ctx)

    if kind == "this_pod":
        anchor, label = ctx.anchor(cand.start)
        if anchor is None:
            return None
        pod = _PARTS_OF_DAY[m.group("pod").lower()]
        day = anchor - dt.timedelta(days=1) if m.group(0).lower().startswith("last") else anchor
        return _mention(cand, f"{day.isoformat()}T{pod}", "day", ctx=ctx, type="TIME", relative=True, anchor=label)

    if kind == "year":
        return _resolve_year(cand, ctx)

    if kind == "spelled_year":
        year = _spelled_year(m.group("y"))
        if year is None or not 1000 <= year <= 2099:
            return None
        bare = not (g.get("m") or g.get("s") or m.group(0).lower().startswith("the"))
        if bare and m.group("y").lower().startswith("two thousand"):
            # "two thousand" alone is usually a count ("two thousand people")
            before = ctx.norm[max(0, cand.start - 12) : cand.start]
            if not re.search(r"\b(?:in|since|by|until|of|year)\s+$", before, _FLAGS):
                return None
        if g.get("m"):
            return _mention(cand, f"{year:04d}-{MONTHS[m.group('m').lower()]:02d}", "month", ctx=ctx)
        if g.get("s"):
            return _mention(cand, f"{year:04d}-{_SEASONS[m.group('s').lower()]}", "vague", ctx=ctx)
        return _mention(cand, f"{year:04d}", "year", ctx=ctx)

    if kind == "this_year_np":
        anchor, label = ctx.anchor(cand.start)
        if anchor is None:
            return None
        rel = (g.get("rel") or g.get("rel2") or "").lower()
        if re.match(r"\s+(?:ended|ending)\b", ctx.norm[cand.end : cand.end + 10]):
            return _mention(cand, "P1Y", "vague", ctx=ctx, type="DURATION")  # "the fiscal year ended June 30"
        step = {"previous": -1, "last": -1, "next": 1, "coming": 1}.get(rel, 0)
        return _mention(cand, f"{anchor.year + step:04d}", "year", ctx=ctx, relative=True, anchor=label)

    if kind == "century":
        if g.get("n"):
            return _mention(cand, f"{int(m.group('n')) - 1:02d}", "vague", ctx=ctx)
        anchor, label = ctx.anchor(cand.start)
        if anchor is None:
            return None
        word = m.group("this").lower()
        if "past" in word:
            # "the past century": the last hundred years, not the 19th century
            return _mention(cand, "P100Y", "vague", ctx=ctx, type="DURATION")
        step = -1 if ("last" in word or "past" in word) else (1 if "next" in word else 0)
        return _mention(cand, f"{anchor.year // 100 + step:02d}", "vague", ctx=ctx, relative=True, anchor=label)

    if kind == "holiday":
        return _resolve_holiday(cand, ctx)

    if kind == "decade":
        return _mention(cand, _decade_value(m), "vague", ctx=ctx)

    if kind in ("quarter", "quarter_ref", "year_ago_adj"):
        return _resolve_quarter(cand, ctx)

    if kind == "half":
        half = 1 if m.group("h").lower() in ("first", "1st") else 2
        if m.group("y"):
            return _mention(cand, f"{int(m.group('y')):04d}-H{half}", "vague", ctx=ctx)
        anchor, label = ctx.anchor(cand.start)
        if anchor is None:
            return None
        step = {"last": -1, "next": 1}.get(m.group("rel").lower(), 0)
        return _mention(cand, f"{anchor.year + step:04d}-H{half}", "vague", ctx=ctx, relative=True, anchor=label)

    if kind == "the_year":
        if m.group("ended") is not None:
            return _mention(cand, "P1Y", "vague", ctx=ctx, type="DURATION")
        if re.match(r"\s+(?:ago|earlier|before|after|later|since|when|in\s+which|that|of\b)", ctx.norm[cand.end : cand.end + 12], _FLAGS):
            return None  # "in the year before the war", "in the year since": another year
        anchor, label = ctx.anchor(cand.start)
        if anchor is None:
            return None
        return _mention(cand, f"{anchor.year:04d}", "year", ctx=ctx, relative=True, anchor=label)

    if kind in ("rel_unit", "season", "weekend"):
        return _resolve_rel_unit(cand, ctx)

    if kind == "ago":
        return _resolve_ago(cand, ctx)

    if kind == "ref":
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
        return _mention(cand, value, "vague", ctx=ctx, start=start)

    if kind == "set":
        return _resolve_set(cand, ctx)

    if kind == "week_of":
        for inner_kind in ("mdy", "dmy"):
            inner = _PATTERN_BY_KIND[inner_kind].match(ctx.norm, m.start("date"))
            if inner is not None and inner.end() == m.end("date"):
                day = _resolve(_Candidate(inner.start(), inner.end(), inner_kind, inner), replace(ctx))
                if day is not None and _ISO_DAY.fullmatch(day.value):
                    week = _iso_week(dt.date.fromisoformat(day.value))
                    return _mention(cand, week, "week", ctx=ctx, relative=day.relative, anchor=day.anchor)
        return None

    if kind == "anaphoric":
        return _resolve_anaphoric(cand, ctx)

    if kind == "current_adj":
        return _mention(cand, "PAST_REF" if m.group("then") else "PRESENT_REF", "vague", ctx=ctx)

    if kind == "duration":
        return _resolve_duration(cand, ctx)
    return None


_SPELLED_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "oh": 0}


def _spelled_year(words: str) -> int | None:
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


def _holiday_date(name: str, year: int) -> dt.date:
    rule = _HOLIDAYS[re.sub(r"\s+", " ", name.lower().replace("'", "")).replace("years", "year's").replace("valentines", "valentine's")]
    if isinstance(rule, tuple):
        return dt.date(year, *rule)
    if rule == "easter":
        return _easter(year)
    november = dt.date(year, 11, 1)
    if rule == "election":  # US Election Day: the Tuesday after the first Monday of November
        return november + dt.timedelta(days=(0 - november.weekday()) % 7 + 1)
    # US Thanksgiving: fourth Thursday of November
    return november + dt.timedelta(days=(3 - november.weekday()) % 7 + 21)


def _resolve_holiday(cand: _Candidate, ctx: _Context) -> DateMention | None:
    m = cand.match
    name = m.group("h")
    if name[0].islower() or _NAME_AFTER.match(ctx.text, cand.end):
        return None
    if m.group("y"):
        return _mention(cand, _holiday_date(name, int(m.group("y"))).isoformat(), "day", ctx=ctx)
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return None
    rel = (m.group("rel") or "").lower()
    this_year = _holiday_date(name, anchor.year)
    if rel == "last":
        date = this_year if this_year < anchor else _holiday_date(name, anchor.year - 1)
    elif rel == "next":
        date = this_year if this_year > anchor else _holiday_date(name, anchor.year + 1)
    else:
        options = [_holiday_date(name, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        date = min(options, key=lambda d: abs((d - anchor).days))
    return _mention(cand, date.isoformat(), "day", ctx=ctx, relative=True, anchor=label)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _looks_like_name_or_count(norm: str, cand: _Candidate) -> bool:
    """'May 5' after a capitalised name ("Theresa May 5 ...") is not a date."""
    m = cand.match
    month_text = m.group("m")
    if month_text.lower() != "may":
        return False
    before = norm[max(0, cand.start - 30) : cand.start]
    return bool(re.search(r"[A-Z][a-z]+\s+$", before)) and not re.search(r"\b(?:on|in|of|since|until|by)\s+$", before, _FLAGS)


def _resolve_numeric(cand: _Candidate, ctx: _Context, weekday: int | None) -> DateMention | None:
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
    year = _expand_year(y_text)
    hijri = suffix.upper().startswith("A.H") or suffix.upper().startswith("AH") or suffix in ("هـ", "ه", "H.") or (
        len(y_text) == 4 and 1300 <= year <= 1500
    )
    if cand.kind == "iso":
        date = _safe_date(year, b, a)
        if date is None:
            return None
        return _mention(cand, date.isoformat(), "day", ctx=ctx)
    if hijri:
        # Hijri numeric dates are written day-first.
        greg = hijri_to_gregorian(year, b, a)
        if greg is None:
            return None
        iso = greg.isoformat()
        return _mention(cand, iso, "day", ctx=ctx, calendar="hijri", gregorian=iso, weekday=weekday)
    if not 1900 <= year <= 2100:
        return None
    day_first = ctx.day_first if ctx.day_first is not None else True
    first = _safe_date(year, b, a) if day_first else _safe_date(year, a, b)
    second = _safe_date(year, a, b) if day_first else _safe_date(year, b, a)
    if first is None and second is None:
        return None
    if first is None:
        assert second is not None
        return _mention(cand, second.isoformat(), "day", ctx=ctx, weekday=weekday)
    alternative = second.isoformat() if second is not None and second != first else None
    return _mention(cand, first.isoformat(), "day", ctx=ctx, weekday=weekday, alternative=alternative)


_MONTH_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|of|during|through|throughout|before|after|early|late|mid|"
    r"last|next|this|and|or|to|between|on|for|each|every|that|past|coming)\s*-?|[,(])\s*$",
    _FLAGS,
)


def _resolve_month(cand: _Candidate, ctx: _Context) -> DateMention | None:
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
            and re.search(r"\b(?:the|a|an)\s+$", before, _FLAGS) is not None
            and re.match(r"\s+[a-z]", ctx.norm[cand.end : cand.end + 2]) is not None
        )
        if not attributive and not _MONTH_CONTEXT_BEFORE.search(before):
            at_sentence_start = re.search(r"(?:^|[.!?\n]\s*)$", before) is not None
            if month_text.lower() in ("may", "march") or not at_sentence_start:
                return None
    month = MONTHS[month_text.lower()]
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        return _mention(cand, f"XXXX-{month:02d}", "month", ctx=ctx, relative=True)
    if rel in ("last", "past"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("next", "coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    else:
        tense = ctx.tense(cand.start, cand.end)
        date = _nearest_year(month, 15, anchor, tense)
        year = date.year if date else anchor.year
    return _mention(cand, f"{year:04d}-{month:02d}", "month", ctx=ctx, relative=True, anchor=label)


def _resolve_weekday(cand: _Candidate, ctx: _Context) -> DateMention | None:
    m = cand.match
    wd_text = m.group("wd")
    if not _is_arabic(wd_text) and not wd_text[0].isupper():
        return None
    if _NAME_AFTER.match(ctx.text, cand.end) or re.search(r"\b(?:Good|Black|Bloody|Mail\s+on|Super|Ash)\s+$", ctx.text[max(0, cand.start - 12) : cand.start]):
        return None
    weekday = _weekday_number(wd_text)
    assert weekday is not None
    rel = (m.group("rel") or "").lower()
    pod = m.group("pod")
    anchor, label = ctx.anchor(cand.start)
    if anchor is None:
        value = f"XXXX-WXX-{weekday + 1}"
        return _mention(cand, value, "day", ctx=ctx, weekday=weekday, relative=True)
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
        value = f"{date.isoformat()}T{_PARTS_OF_DAY[pod.lower()]}"
        return _mention(cand, value, "day", ctx=ctx, type="TIME", weekday=weekday, relative=True, anchor=label)
    return _mention(cand, date.isoformat(), "day", ctx=ctx, weekday=weekday, relative=True, anchor=label)


_PATTERN_BY_KIND = dict(_PATTERNS)
_DECADE_WORDS = {w: 20 + 10 * i for i, w in enumerate("twenties thirties forties fifties sixties seventies eighties nineties".split())}


def _decade_value(m: re.Match[str]) -> str:
    """TimeML decade value: "the 1990s", "the '90s", "the nineties" -> 199."""
    if m.group("dec"):
        return m.group("dec")[:3]
    short = int(m.group("short")) if m.group("short") else _DECADE_WORDS[m.group("word").lower()]
    return f"19{short // 10}"


def _resolve_clock(cand: _Candidate, ctx: _Context) -> DateMention | None:
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
        inner = _PATTERN_BY_KIND[kind].match(ctx.norm, m.start("date"))
        if inner is not None and inner.end() == m.end("date"):
            day_part = _resolve(_Candidate(inner.start(), inner.end(), kind, inner), replace(ctx, outer=(cand.start, cand.end)))
            break
    if day_part is None or not _ISO_DAY.fullmatch(day_part.value):
        return None
    return replace(
        day_part,
        start=cand.start,
        end=cand.end,
        surface=ctx.text[cand.start : cand.end],
        value=f"{day_part.value}T{hour:02d}:{minute:02d}",
        type="TIME",
    )


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


_GENERIC_NOUNS = (
    r"(?:world|society|youth|young|generations?|children|kids|people|families|women|men|consumers|students|"
    r"workers|leaders|economy|technology|computers|culture|politics|standards)"
)
_GENERIC_ERA_AFTER = re.compile(rf"\s*'s\s+(?:[a-z\-]+\s+){{0,2}}?{_GENERIC_NOUNS}\b")
_GENERIC_ERA_BEFORE = re.compile(rf"\b{_GENERIC_NOUNS}\s+of\s+$", _FLAGS)


def _resolve_deictic(cand: _Candidate, ctx: _Context) -> DateMention | None:
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
        return _mention(cand, "PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF"), "vague", ctx=ctx, relative=True)
    date = anchor + dt.timedelta(days=offset)
    if word.lower() == "tonight":
        pod = pod or "night"
    if pod:
        return _mention(cand, f"{date.isoformat()}T{_PARTS_OF_DAY[pod.lower()]}", "day", ctx=ctx, type="TIME", relative=True, anchor=label)
    return _mention(cand, date.isoformat(), "day", ctx=ctx, relative=True, anchor=label)


def _resolve_year(cand: _Candidate, ctx: _Context) -> DateMention | None:
    m = cand.match
    year = int(m.group("y"))
    before = ctx.norm[max(0, cand.start - 25) : cand.start]
    if not 1900 <= year <= 2099 and not m.group("suf") and not (
        # "independence from Spain in 1898.": an older year after a preposition of time, ending a phrase
        re.search(r"\b(?:in|since|until|till|from|before|after|during)\s+$", before, _FLAGS)
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
        _FLAGS,
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
        return _mention(cand, f"FY{year}", "year", ctx=ctx)
    return _mention(cand, f"{year:04d}", "year", ctx=ctx, start=start)


_QUARTER_ANAPHORA = re.compile(r"year[\s\-](?:earlier|ago)", _FLAGS)


def _resolve_quarter(cand: _Candidate, ctx: _Context) -> DateMention | None:
    m = cand.match
    g = m.groupdict()
    anchor, label = ctx.anchor(cand.start)
    surface = m.group(0).lower()
    if cand.kind == "quarter":
        q = _ORDINALS[m.group("q").lower()]
        pre = (g.get("pre_y") or "").lower()
        if g.get("y"):
            year = int(g["y"])
        elif pre[:2] in ("19", "20"):
            year = int(pre)
        elif anchor is None:
            return _mention(cand, f"XXXX-Q{q}", "vague", ctx=ctx, relative=True)
        else:
            year = anchor.year if q <= _quarter_of(anchor) else anchor.year - 1
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
            if anchor is not None and (year, q) < (anchor.year, _quarter_of(anchor)) and (done is None or (year, q) > done):
                ctx.latest_done_quarter = (year, q)
        start = cand.start
        lead = re.match(r"the\s+", m.group(0), _FLAGS)
        if lead and re.search(r"-quarter$", m.group(0), _FLAGS):
            start += lead.end()  # "the third-quarter results": the timex is the adjective
        return _mention(cand, f"{year:04d}-Q{q}", "vague", ctx=ctx, start=start, relative=not g.get("y"), anchor=label)
    # "the quarter", "the year-earlier period", "year-ago": need a quarter in the discourse.
    mod = (g.get("qmod") or "").lower()
    if mod[:2] in ("19", "20") and ctx.last_quarter:
        return _mention(cand, f"{int(mod):04d}-Q{ctx.last_quarter[1]}", "vague", ctx=ctx)
    if anchor is not None and mod in ("latest", "current"):
        # "the latest quarter": the last one completed; "the current quarter": the running one.
        index = anchor.year * 4 + _quarter_of(anchor) - 1 - (mod == "latest")
        return _mention(cand, f"{index // 4:04d}-Q{index % 4 + 1}", "vague", ctx=ctx, relative=True, anchor=label)
    if ctx.last_quarter is None:
        return None
    year, q = ctx.last_quarter
    if cand.kind == "year_ago_adj" and anchor is not None and _longer_period_before(ctx, cand.start):
        return _mention(cand, f"{anchor.year - 1:04d}", "year", ctx=ctx, relative=True, anchor=label)
    if cand.kind == "year_ago_adj" or _QUARTER_ANAPHORA.search(surface):
        reported = ctx.reported_quarter()
        assert reported is not None
        year, q = reported[0] - 1, reported[1]
    elif "period" in surface and not mod:
        return None
    return _mention(cand, f"{year:04d}-Q{q}", "vague", ctx=ctx, relative=True, anchor=label)


# a reporting period other than a quarter: "for the nine months", "in the first half"
_LONGER_PERIOD = re.compile(
    r"\b(?:(?:nine|six|(?:\d{1,2}|twelve)|first\s+(?:nine|six))[\s\-]+months?|(?:first|second)\s+half|"
    r"(?:fiscal|full|calendar)[\s\-]+year|year[\s\-]to[\s\-]date)\b|(?P<q>\bquarter|\bperiod\b)",
    _FLAGS,
)


def _longer_period_before(ctx: _Context, start: int) -> bool:
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


def _resolve_rel_unit(cand: _Candidate, ctx: _Context) -> DateMention | None:
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
        return _mention(cand, "P10Y" if unit == "decade" else f"P1{_UNIT_CODES[unit]}", "vague", ctx=ctx, type="DURATION")
    if anchor is None:
        return None
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if unit == "decade":
        # "the last decade" said in 1998 is the 1980s (TimeML decade value 198)
        return _mention(cand, f"{anchor.year // 10 + step:03d}", "vague", ctx=ctx, relative=True, anchor=label)
    if unit == "year":
        return _mention(cand, f"{anchor.year + step:04d}", "year", ctx=ctx, relative=True, anchor=label)
    if unit == "month":
        year, month = _add_months(anchor, step)
        return _mention(cand, f"{year:04d}-{month:02d}", "month", ctx=ctx, relative=True, anchor=label)
    if unit == "week":
        return _mention(cand, _iso_week(anchor + dt.timedelta(weeks=step)), "week", ctx=ctx, relative=True, anchor=label)
    if unit == "weekend":
        if rel == "the":
            tense = ctx.tense(cand.start, cand.end)
            if anchor.weekday() >= 5:
                step = 0
            else:
                step = 0 if tense == "future" else -1
        return _mention(cand, _iso_week(anchor + dt.timedelta(weeks=step)) + "-WE", "week", ctx=ctx, relative=True, anchor=label)
    season = _SEASONS[unit]
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
    elif re.match(r"this\s+past", m.group("rel") or "", _FLAGS):
        # "this past spring" said in October: the spring just gone, of the same year
        year = anchor.year if {"SP": 3, "SU": 6, "FA": 9}[season] < anchor.month else anchor.year - 1
    return _mention(cand, f"{year:04d}-{season}", "vague", ctx=ctx, relative=not g.get("y"), anchor=label)


_CONCRETE_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")


def _resolve_anaphoric(cand: _Candidate, ctx: _Context) -> DateMention | None:
    """A day, month or year told relative to the last date the text named."""
    m = cand.match
    unit = m.group("u").lower()
    if m.group("that") and not (m.group("same") or m.group("pre") or unit == "year"):
        return None  # a bare "that day" or "that month" is mostly not a date of its own
    before = ctx.norm[max(0, cand.start - 12) : cand.start]
    if re.search(r"\b(?:over|for|during|within|throughout)\s+$", before, _FLAGS):
        return None  # "over the following year": a stretch of time
    last = ctx.last_date
    if last is None or len(last) < {"year": 4, "month": 7, "day": 10}[unit]:
        return None
    direction = (m.group("dir") or "").lower()
    step = 1 if direction == "following" else (-1 if direction else 0)
    if unit == "year":
        value = f"{int(last[:4]) + step:04d}"
    elif unit == "month":
        year, month = _add_months(dt.date(int(last[:4]), int(last[5:7]), 1), step)
        value = f"{year:04d}-{month:02d}"
    else:
        value = (dt.date.fromisoformat(last) + dt.timedelta(days=step)).isoformat()
    return _mention(cand, value, unit, ctx=ctx, relative=True)


_ADVERB_UNITS = {"daily": "day", "nightly": "day", "weekly": "week", "hourly": "hour"}


def _resolve_set(cand: _Candidate, ctx: _Context) -> DateMention | None:
    m = cand.match
    if m.group("adv"):
        unit = _ADVERB_UNITS[m.group("adv").lower()]
        value = "PT1H" if unit == "hour" else f"P1{_UNIT_CODES[unit]}"
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
        n = 2 if n_text == "other" else (_number_value(n_text) if n_text else 1)
        value = f"P{'X' if n is None else n}{_UNIT_CODES[m.group('u').lower()]}"
    return _mention(cand, value, "vague", ctx=ctx, type="SET")


def _resolve_ago(cand: _Candidate, ctx: _Context) -> DateMention | None:
    m = cand.match
    unit = m.group("u").lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    direction = m.group("dir").lower()
    n = _number_value(m.group("n"))
    if direction == "hence" and n is None:
        return None
    # "three days later", "ten days before the vote": TimeML marks the amount as a duration
    # and the word after it as a signal; those never reach here (see the "duration" pattern).
    sign = -1 if direction in ("ago", "earlier") else 1
    if n is None:
        return _mention(cand, "PAST_REF" if sign < 0 else "FUTURE_REF", "vague", ctx=ctx)
    anchor, label = ctx.anchor(cand.start)
    if (
        unit == "year"
        and n == 1
        and direction in ("ago", "earlier")
        and (reported := ctx.reported_quarter()) is not None
        and not _longer_period_before(ctx, cand.start)
    ):
        year, q = reported
        return _mention(cand, f"{year - 1:04d}-Q{q}", "vague", ctx=ctx, relative=True, anchor=label)
    if anchor is None:
        return None
    if unit == "day":
        day = anchor + dt.timedelta(days=sign * n)
        return _mention(cand, day.isoformat(), "day", ctx=ctx, relative=True, anchor=label)
    if unit == "week":
        day = anchor + dt.timedelta(weeks=sign * n)
        return _mention(cand, _iso_week(day), "week", ctx=ctx, relative=True, anchor=label)
    if unit == "month":
        year, month = _add_months(anchor, sign * n)
        return _mention(cand, f"{year:04d}-{month:02d}", "month", ctx=ctx, relative=True, anchor=label)
    if unit == "year":
        return _mention(cand, f"{anchor.year + sign * n:04d}", "year", ctx=ctx, relative=True, anchor=label)
    if unit == "decade":
        return _mention(cand, f"{(anchor.year + sign * 10 * n) // 10:03d}", "vague", ctx=ctx, relative=True, anchor=label)
    if unit == "quarter":
        index = anchor.year * 4 + _quarter_of(anchor) - 1 + sign * n
        return _mention(cand, f"{index // 4:04d}-Q{index % 4 + 1}", "vague", ctx=ctx, relative=True, anchor=label)
    return None


def _resolve_duration(cand: _Candidate, ctx: _Context) -> DateMention | None:
    m = cand.match
    unit = m.group("u").lower()
    unit = "century" if unit.startswith("centur") else unit
    n_text = m.group("n")
    n = _number_value(n_text)
    pre = (m.group("pre") or "").lower()
    if n_text.lower() in ("a", "an") and not pre and unit in ("day", "week", "month", "year", "quarter"):
        # "a year" on its own is usually part of a rate ("twice a year") or a measure; keep it.
        before = ctx.norm[max(0, cand.start - 30) : cand.start]
        if re.search(r"(?:times|once|twice|per|percent|%)\s*$", before, _FLAGS):
            return None
        # a rate: "24 hours a day", "$2 million a year", "four flights a week", "358,000 a month"
        if re.search(
            r"(?:(?<![\d,.])(?!(?:19|20)\d\d\b)\d[\d,.]*|\b(?:millions?|billions?|thousands?|hundreds?|dozens?|two|three|four|five|six|seven|eight|nine|ten|"
            r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty))"
            r"(?:\s+(?:of\s+)?[\w\-]+)?\s+$",
            before,
            _FLAGS,
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
            return _mention(cand, "FUTURE_REF", "vague", ctx=ctx)  # "Islam will one day be ...": some day
    code = _UNIT_CODES[unit]
    half = {"year": "6M", "month": "15D", "day": "T12H", "hour": "30M", "minute": "30S"}.get(unit)
    if m.group("half") and n is not None and half is not None:
        # "2 1/2 years" = P2Y6M, "5 1/2 hours" = PT5H30M
        value = f"PT{n}{code}{half}" if unit in ("hour", "minute") else f"P{n}{code}{half}"
        return _mention(cand, value, "vague", ctx=ctx, type="DURATION")
    if unit in ("hour", "minute"):
        amount = "X" if n is None else str(n)
        return _mention(cand, f"PT{amount}{code}", "vague", ctx=ctx, type="DURATION")
    if unit == "decade":
        amount = "X" if n is None else str(n * 10)
        return _mention(cand, f"P{amount}Y", "vague", ctx=ctx, type="DURATION")
    if unit == "century":
        amount = "X" if n is None else str(n * 100)
        return _mention(cand, f"P{amount}Y", "vague", ctx=ctx, type="DURATION")
    amount = "X" if n is None else str(n)
    start = cand.start
    lead = re.match(r"(?:the|a|an)\s+", m.group(0), _FLAGS)
    if lead and n_text.lower() not in ("a", "an", "few", "a few") and not pre:
        start = cand.start + lead.end()
    return _mention(cand, f"P{amount}{code}", "vague", ctx=ctx, start=start, type="DURATION")


# --------------------------------------------------------------------------- public API


# the analyzer runs two passes over the same document, parsing short date surfaces in
# between: the document's candidates are kept apart so that those do not push them out
_LONG_TEXT = 500
_last_long: tuple[str, tuple[_Candidate, ...]] | None = None


def _candidates(norm: str) -> tuple[_Candidate, ...]:
    global _last_long
    if len(norm) < _LONG_TEXT:
        return _short_candidates(norm)
    last = _last_long  # read once: another thread may replace it
    if last is not None and last[0] == norm:
        return last[1]
    found = _find_candidates(norm)
    _last_long = (norm, found)
    return found


@lru_cache(maxsize=2)
def _short_candidates(norm: str) -> tuple[_Candidate, ...]:
    return _find_candidates(norm)


try:  # the parsed form of a pattern (CPython's own parser), only to speed up the scan
    from re import _constants as _sre
    from re import _parser as _sre_parse

    _CATEGORY_CLASSES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_WORD: r"\w"}
except (ImportError, AttributeError):  # another interpreter: patterns run unguarded
    _sre_parse = None


def _first_chars(items: Sequence[tuple[object, object]]) -> tuple[list[str], bool] | None:
    """Character-class pieces a parsed regex can start with, and whether it can match empty
    (None when that cannot be told)."""
    pieces: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            pieces.append(re.escape(chr(av)))  # type: ignore[arg-type]
            return pieces, False
        if op is _sre.IN:
            for item_op, item in av:  # type: ignore[attr-defined]
                if item_op is _sre.LITERAL:
                    pieces.append(re.escape(chr(item)))
                elif item_op is _sre.RANGE:
                    pieces.append(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
                elif item_op is _sre.CATEGORY and item in _CATEGORY_CLASSES:
                    pieces.append(_CATEGORY_CLASSES[item])
                else:
                    return None
            return pieces, False
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue  # zero-width
        if op is _sre.SUBPATTERN:
            branches, min_repeat = [av[3]], 1  # type: ignore[index]
        elif op is _sre.BRANCH:
            branches, min_repeat = av[1], 1  # type: ignore[index]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            branches, min_repeat = [av[2]], av[0]  # type: ignore[index]
        else:
            return None
        nullable = min_repeat == 0
        for branch in branches:
            found = _first_chars(list(branch))
            if found is None:
                return None
            pieces += found[0]
            nullable = nullable or found[1]
        if not nullable:
            return pieces, False
    return pieces, True


def _guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead for the characters its matches can start with: the same
    matches, found faster, since most positions then fail on one character test."""
    if _sre_parse is None:
        return pattern
    try:
        found = _first_chars(list(_sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - an unexpected parse shape only costs speed
        return pattern
    if found is None or found[1]:
        return pattern
    first = "".join(dict.fromkeys(found[0]))
    return re.compile(f"(?=(?i:[{first}]))(?:{pattern.pattern})", pattern.flags)


_SCANNERS = [(kind, _guarded(pattern)) for kind, pattern in _PATTERNS]


def _find_candidates(norm: str) -> tuple[_Candidate, ...]:
    found: list[_Candidate] = []
    for kind, pattern in _SCANNERS:
        for match in pattern.finditer(norm):
            if match.end() > match.start():
                found.append(_Candidate(match.start(), match.end(), kind, match))
    return tuple(found)


def extract_dates(
    text: str,
    *,
    reference: dt.date | None = None,
    day_first: bool | None = None,
    anchor_at: AnchorFn | None = None,
    blocked: Sequence[tuple[int, int]] = (),
    doc: Doc | None = None,
    doc_offset: int = 0,
) -> list[DateMention]:
    """All date expressions in ``text``, in text order, with TimeML values.

    ``reference`` is the publication date; ``anchor_at(offset)`` may give a closer anchor
    (date, label) for a relative expression at ``offset``.  Spans in ``blocked`` never yield
    dates.  ``doc`` is an optional spaCy parse of ``text[doc_offset:doc_offset+len(doc.text)]``
    used to read tense.
    """
    norm = _norm(text)
    if day_first is None:
        day_first = infer_day_first(text)
    ctx = _Context(text, norm, reference, day_first, anchor_at, doc, doc_offset)

    blocked_spans = SpanIndex(blocked, lambda span: span)
    pool = [c for c in _candidates(norm) if not blocked_spans.any_overlap(c.start, c.end)]
    # Longest candidate first; equal lengths by pattern priority.
    pool.sort(key=lambda c: (-(c.end - c.start), _PRIORITY[c.kind], c.start))
    chosen: list[_Candidate] = []
    taken = GrowingSpans()
    # Resolution needs text order (quarter anaphora), but selection needs length order, and
    # a candidate that resolves to nothing must free its span.  Resolve in length order
    # first without discourse state, then re-resolve the chosen ones in text order.
    for cand in pool:
        if taken.overlaps(cand.start, cand.end):
            continue
        probe = ctx
        if cand.kind in ("quarter_ref", "year_ago_adj"):
            probe = replace(ctx, last_quarter=(1, 1))
        elif cand.kind == "anaphoric":
            probe = replace(ctx, last_date="2000-01-01")
        if _resolve(cand, replace(probe)) is None:
            continue
        chosen.append(cand)
        taken.add(cand.start, cand.end)
    chosen.sort(key=lambda c: c.start)
    mentions: list[DateMention] = []
    for cand in chosen:
        mention = _resolve(cand, ctx)
        if mention is None and cand.kind == "anaphoric":
            # no date named before "the following year": read it as it would be on its own
            inside = [c for c in pool if c.kind != "anaphoric" and cand.start <= c.start and c.end <= cand.end]
            mention = next((found for c in inside if (found := _resolve(c, ctx)) is not None), None)
        if mention is not None and mention.end > mention.start:
            mentions.append(mention)
            if mention.type == "DATE" and _CONCRETE_DATE.fullmatch(mention.value):
                ctx.last_date = mention.value
            if cand.kind in ("mdy", "dmy") and _ISO_DAY.fullmatch(mention.value):
                sibling = _conjoined_day(cand, mention, ctx)
                if sibling is not None and not (
                    blocked_spans.any_overlap(sibling.start, sibling.end) or taken.overlaps(sibling.start, sibling.end)
                ):
                    mentions.append(sibling)
    mentions.sort(key=lambda mention: mention.start)
    return mentions


# "April 24 and 25", "24 and 25 April": the second (first) day shares the month
_DAY_AFTER = re.compile(
    r"\s*(?:and|or|&|to|through|-)\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\w%$/.,:]\d|[\w%$])"
    r"(?=\s*(?:[.,;:!?)\"']|$)|\s+(?:in|at|on|when|with|for|after|before|during|as|of)\b)",
    _FLAGS,
)
_DAY_BEFORE = re.compile(r"(?<![\w$.,/\-])(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?:and|or|&|to|-)\s*$", _FLAGS)


def _conjoined_day(cand: _Candidate, mention: DateMention, ctx: _Context) -> DateMention | None:
    first = dt.date.fromisoformat(mention.value)
    if cand.kind == "mdy" and not cand.match.group("y"):
        found = _DAY_AFTER.match(ctx.norm, cand.end)
        if found is None or not first.day < int(found.group("d")) <= 31:
            return None
        start, end = found.start("d"), found.end("d")
    elif cand.kind == "dmy" and not cand.match.group("wd"):
        lo = max(0, cand.start - 12)
        found = _DAY_BEFORE.search(ctx.norm[lo : cand.start])
        if found is None or not 0 < int(found.group("d")) < first.day:
            return None
        start, end = lo + found.start("d"), lo + found.end("d")
    else:
        return None
    day = _safe_date(first.year, first.month, int(ctx.norm[start:end]))
    if day is None:
        return None
    return replace(mention, start=start, end=end, surface=ctx.text[start:end], value=day.isoformat(), weekday=None)


def parse_date_expression(
    surface: str, *, day_first: bool | None = None, reference: dt.date | None = None
) -> DateMention | None:
    """Parse one date expression (e.g. ``"Saturday, 26/11/2016"``); offsets are into ``surface``.

    Returns the mention that covers most of the surface, or None when it holds no date.
    """
    found = extract_dates(surface, reference=reference, day_first=day_first)
    mentions = [m for m in found if m.type not in ("DURATION", "SET")]
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.end - m.start, -m.start))
