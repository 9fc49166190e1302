"""The date patterns: the regular expressions that find candidate date expressions, each tagged
with its kind, and the preference between kinds when two candidates cover the same length."""

from __future__ import annotations

import re

from tabayyun.extract.dates.vocabulary import AR_GREG_MONTHS, AR_WEEKDAYS, HOLIDAYS, ORDINAL_DAYS
from tabayyun.extract.hijri import HIJRI_MONTH_PATTERN

FLAGS = re.IGNORECASE
_MONTH_FULL_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR_RE = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH_RE = rf"(?:{_MONTH_FULL_RE}|{_MONTH_ABBR_RE})"
_WD_FULL_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_ABBR_RE = r"(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?"
_AR_WD_RE = "|".join(p for _, p in AR_WEEKDAYS)
# the first two letters of every weekday, checked before trying the weekdays one by one (a
# look-ahead, so matches are the same, only found faster)
_WD_STARTS = sorted({w[:2].lower() for w in re.findall(r"[A-Za-z]+", _WD_FULL_RE + _WD_ABBR_RE)})
_WD_GUARD = rf"(?=(?i:{'|'.join(_WD_STARTS)})|[{''.join(sorted({'ي'} | {p[0] for _, p in AR_WEEKDAYS}))}])"
_WD_PREFIX = (
    rf"(?:{_WD_GUARD}(?P<wd>{_WD_FULL_RE}|{_WD_ABBR_RE}|(?:يوم\s+)?(?:{_AR_WD_RE}))\s*,?\s*(?:the\s+)?)?"
)
_ORD = r"(?:st|nd|rd|th)?"
_CE_REQ = r"(?:\s*(?:CE|C\.E\.|AD|A\.D\.|م)(?![\w.]))"
_CE = _CE_REQ + "?"
_AH = r"(?:\s*(?:AH|A\.H\.|H\.|هـ|ه)(?![\w]))"
_YEAR4 = r"(?:1[0-9]{3}|20[0-9]{2})"
_AR_GREG_RE = "|".join(f"(?:{p})" for _, p in AR_GREG_MONTHS)
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
_HOLIDAY_RE = "|".join(re.escape(h).replace("'", "'?") for h in sorted(HOLIDAYS, key=len, reverse=True))
_HOLIDAY_RE = r"(?:(?i:" + _HOLIDAY_RE.replace("\\ ", "\\s+") + r"))"
_UNIT_RE = r"(?:day|week|month|year|decade|century|centuries|quarter|hour|minute)"

_ORDINAL_DAY_RE = "(?:" + "|".join(
    w.replace("-", "[\\s\\-]") for w in sorted(ORDINAL_DAYS, key=len, reverse=True)
) + ")"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "numeric",
        re.compile(
            _WD_PREFIX
            + r"(?<![\w/.\-])(?P<a>\d{1,2})(?P<s1>\s{0,2}[/.\-]\s{0,2})(?P<b>\d{1,2})"
            r"(?P<s2>\s{0,2}[/.\-]\s{0,2})(?P<y>\d{4}|\d{2})"
            rf"(?:(?P<suf>{_AH}|{_CE_REQ})|(?![\w/]|[.\-]\d))",
            FLAGS,
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
            FLAGS,
        ),
    ),
    (
        "hijri_mdy",
        re.compile(
            rf"(?<![\w])(?P<hm>{HIJRI_MONTH_PATTERN})\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>1[3-5]\d\d){_AH}",
            FLAGS,
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
            FLAGS,
        ),
    ),
    (
        "mdy",
        re.compile(
            _WD_PREFIX
            + rf"(?<![\w])(?P<m>{_MONTH_RE})\s*(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}(?![\w])"
            rf"(?:(?:\s*,\s*|\s+)(?P<y>{_YEAR4})(?!\d))?(?P<suf>{_CE})",
            FLAGS,
        ),
    ),
    (
        # spelled ordinal days, as in transcripts: "March eighth", "the twenty-first of May"
        "mdy_words",
        re.compile(
            rf"(?<![\w\-])(?:(?P<m>{_MONTH_FULL_RE})\s+(?:the\s+)?(?P<dw>{_ORDINAL_DAY_RE})|"
            rf"the\s+(?P<dw2>{_ORDINAL_DAY_RE})\s+of\s+(?P<m2>{_MONTH_FULL_RE}))(?![\w\-])"
            rf"(?:,?\s+(?P<y>{_YEAR4})(?!\d))?",
            FLAGS,
        ),
    ),
    (
        "my",
        re.compile(
            rf"(?<![\w])(?:(?P<mod>{_MOD_RE})[\s\-]+(?:of\s+)?)?(?P<m>{_MONTH_RE})(?:\s*,\s*|\s+of\s+|\s+)(?P<y>{_YEAR4})(?!\d)(?P<suf>{_CE})",
            FLAGS,
        ),
    ),
    (
        "month_rel_year",
        re.compile(
            rf"(?<![\w\-])(?P<m>{_MONTH_FULL_RE})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        "month",
        re.compile(
            rf"(?<![\w\-])(?:(?P<rel>last|next|this|past|coming|early|late|mid|the\s+(?:end|beginning|start|middle)\s+of)[\s\-]+)?(?P<m>{_MONTH_FULL_RE})(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"(?<![\w\-])(?:(?:the|this|last|next)\s+)?(?:(?P<pre_y>(?:19|20)\d\d|year[\s\-](?:earlier|ago)|latest|current|"
            r"fiscal|this\s+year's|last\s+year's|next\s+year's)\s+)?(?:fiscal[\s\-]+)?"
            r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s\-]+quarter(?![\w\-])"
            r"(?:\s+of\s+(?:fiscal\s+)?(?P<y>(?:19|20)\d\d))?",
            FLAGS,
        ),
    ),
    (
        "quarter_ref",
        re.compile(
            r"(?<![\w\-])(?:the|that)\s+(?:(?P<qmod>latest|current|same|year[\s\-](?:earlier|ago)|comparable|"
            r"comparable\s+year[\s\-](?:earlier|ago)|(?:19|20)\d\d)\s+)?(?:quarter|period)(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        "this_year_np",
        re.compile(
            r"(?<![\w\-])(?:the\s+(?:(?P<rel>current|latest|full|previous|last|next|coming)\s+)?(?:fiscal|calendar)\s+year|"
            r"the\s+(?P<rel2>current|full)\s+year|(?:the\s+)?year(?:'s)?[\s\-]end)(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        "year_ago_adj",
        re.compile(r"(?<![\w\-])year[\s\-](?:earlier|ago)(?![\w\-])", FLAGS),
    ),
    (
        "spelled_year",
        re.compile(
            rf"(?<![\w\-])(?:(?P<m>{_MONTH_FULL_RE})\s+|the\s+(?P<s>spring|summer|fall|autumn|winter)\s+of\s+|the\s+year\s+)?"
            rf"(?P<y>{_SPELLED_YEAR_RE})(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        "century",
        re.compile(
            r"(?<![\w\-])(?:(?P<this>this|last|next|the\s+(?:last|past|next|current))\s+century|(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century)(?![\w\-])",
            FLAGS,
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
            FLAGS,
        ),
    ),
    (
        "half",
        re.compile(
            r"(?<![\w\-])(?:the\s+)?(?P<h>first|second|last|latter|1st|2nd)[\s\-]+half\s+of\s+"
            rf"(?:(?P<y>{_YEAR4})(?!\d)|(?P<rel>the|this|last|next)\s+year(?![\w\-]))",
            FLAGS,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?:(?<=\bpre-)|(?<=\bpost-)|(?<![\w$£€#.,/\-]))(?:(?P<fy>fiscal(?:\s+year)?|FY|the\s+year|calendar|(?:early|mid|late)\s*-|(?:early|late|mid)\s+|the\s+(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of\s+)\s*)?(?P<y>(?:1[89]|20)\d\d)(?![\w%]|[.,/\-]\d)(?P<suf>"
            + _CE
            + ")",
            FLAGS,
        ),
    ),
    (
        "clock",
        re.compile(
            r"(?<![\w:.])(?P<clock>(?P<hh>\d{1,2})(?::(?P<mm>\d\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)(?![\w])|noon|midnight|midday)"
            r"(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC))?\s*,?\s+(?:on\s+)?"
            rf"(?P<date>(?:{_WD_FULL_RE})|{_MONTH_RE}\s*\d{{1,2}}(?![\w])|today|yesterday|tomorrow)(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"(?<![\w\-])(?:(?P<rel>last|next|this|past|coming|early|late)\s+)?(?P<wd>{_WD_FULL_RE}|(?:{_AR_WD_RE}))"
            rf"(?:(?:'s)?\s+(?P<pod>morning|afternoon|evening|night|overnight))?(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"(?<![\w\-])(?:(?P<mod>late|early)\s+)?(?P<w>today|yesterday|tomorrow|tonight)"
            r"(?:(?:'s)?\s+(?P<pod>morning|afternoon|evening|night))?(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        "this_pod",
        re.compile(r"(?<![\w\-])(?:this|last)\s+(?P<pod>morning|afternoon|evening|night)(?![\w\-])", FLAGS),
    ),
    (
        "rel_unit",
        re.compile(
            r"(?<![\w\-])(?:(?P<pre>earlier|later|early|late|the\s+(?:end|beginning|start|middle)\s+of)\s+)?(?P<rel>this\s+past|this\s+coming|last|next|this|past|coming|previous|the\s+past|the\s+previous|the\s+coming|the\s+current|the\s+following|(?<=of\s)the)\s+"
            r"(?P<u>week|month|year|decade|weekend|spring|summer|fall|autumn|winter)(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        "season",
        re.compile(r"(?<![\w\-])the\s+(?:(?:early|late|mid)[\s\-]+)?(?P<s>spring|summer|fall|autumn|winter)(?:\s+of\s+(?P<y>(?:19|20)\d\d))?(?![\w\-])", FLAGS),
    ),
    (
        "weekend",
        re.compile(r"(?<![\w\-])the\s+weekend(?![\w\-])", FLAGS),
    ),
    (
        # "the week of March 6": the (ISO) week holding that day
        "week_of",
        re.compile(
            rf"(?<![\w\-])the\s+week\s+of\s+(?P<date>{_MONTH_RE}\s*\d{{1,2}}{_ORD}(?:,?\s+{_YEAR4})?|\d{{1,2}}{_ORD}\s+{_MONTH_RE}(?:,?\s+{_YEAR4})?)(?![\w\-])",
            FLAGS,
        ),
    ),
    (
        # "for the year", "earlier in the year": the year of the anchor; "the year ended
        # March 31": a fiscal year, a stretch of twelve months
        "the_year",
        re.compile(
            r"(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bduring\s)|(?<=\bthroughout\s))the\s+year(?![\w\-'])"
            r"(?P<ended>(?=\s+(?:ended|ending)\b))?",
            FLAGS,
        ),
    ),
    (
        "ago",
        re.compile(
            rf"(?<![\w\-])(?:(?:almost|nearly|about|some|roughly|around|more\s+than|less\s+than|over|just|only)\s+)?"
            rf"(?P<n>{_NUM_WORD_RE})[\s\-]+(?P<u>{_UNIT_RE})s?\s+(?P<dir>ago|earlier|hence|from\s+now)(?![\w\-])",
            FLAGS,
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
            FLAGS,
        ),
    ),
    (
        # "later that year", "the following month", "that same day": a date named just before
        "anaphoric",
        re.compile(
            r"(?<![\w\-])(?:(?P<pre>earlier|later)\s+(?:in\s+|on\s+)?)?(?:(?P<that>that)(?:\s+(?P<same>same))?|the\s+(?P<same2>same)|"
            r"the\s+(?P<dir>following|previous|prior))\s+(?P<u>day|month|year)(?![\w\-'])",
            FLAGS,
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
            FLAGS,
        ),
    ),
    (
        # "current market conditions", "its current position": the present (TimeML PRESENT_REF);
        # "the then current price" is a past present. Not the economic terms built on "current".
        "current_adj",
        re.compile(
            r"(?<![\w\-])(?P<then>then[\s\-]+)?current(?=\s+[a-z])(?!\s+(?:accounts?|assets|liabilities|"
            r"dollars|ratio|yield|income|density|flow)\b)",
            FLAGS,
        ),
    ),
    (
        "duration",
        re.compile(
            rf"(?<![\w\-])(?:(?:the|a|an)\s+)?(?:(?P<pre>past|last|next|coming|previous|first|final|further|additional|another)\s+)?"
            rf"(?P<n>{_NUM_WORD_RE})(?P<half>\s*(?:1/2|½))?[\s\-]+(?P<u>{_UNIT_RE})s?(?![\w\-])",
            FLAGS,
        ),
    ),
]

# Preference when two candidates cover the same span length (lower wins).
PRIORITY = {name: i for i, (name, _) in enumerate(PATTERNS)}
PRIORITY["anaphoric"] = -1  # before "the following year" read as a stretch of time

# Words after a weekday / "Today" that make it part of a name, not a date.
NAME_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Mail|Star|Independent|Observer|Sun|Tribune|"
    r"Agreement|Accords?|Prayers?|Mosque|Show|Programme|Program|Night\s+Live|Islands?|Rising|Offensive)\b"
)

PATTERN_BY_KIND = dict(PATTERNS)
