"""The document context of date resolution: day-first detection, the anchor and the discourse
state (quarters and dates named so far), the tense that governs an expression, and the
mention built from a candidate."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tabayyun.extract.dates.patterns import FLAGS
from tabayyun.extract.dates.scan import Candidate, normalize
from tabayyun.model import DateMention
from tabayyun.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

AnchorFn = Callable[[int], "tuple[dt.date, str] | None"]

_FUTURE_WORDS = re.compile(
    r"(?:\b(?:will|shall|going\s+to|expected\s+to|scheduled\s+to|due\s+to|plans?\s+to|"
    r"set\s+to|is\s+to|are\s+to|to\s+be\s+held|intends?\s+to)\b|'ll\b)",
    FLAGS,
)


_NUMERIC_SCAN = re.compile(
    r"(?<![\w/.\-])(\d{1,2})\s{0,2}([/.\-])\s{0,2}(\d{1,2})\s{0,2}\2\s{0,2}(\d{4}|\d{2})(?![\d/]|[.\-]\d)"
)


def infer_day_first(text: str) -> bool | None:
    """Whether the document writes numeric dates day-first (True) or month-first (False).

    Counts unambiguous numeric dates (one of the two leading numbers above 12); None when
    there is no such evidence or it is evenly split.
    """
    day_first = month_first = 0
    for match in _NUMERIC_SCAN.finditer(normalize(text)):
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


@dataclass(slots=True)
class Context:
    """What resolving a candidate may consult: the text, its anchors and parse, and the
    discourse state gathered while resolving in text order."""

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
    FLAGS,
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


def mention(
    cand: Candidate,
    value: str,
    precision: str,
    *,
    ctx: Context,
    start: int | None = None,
    end: int | None = None,
    **extra: object,
) -> DateMention:
    s = cand.start if start is None else start
    e = cand.end if end is None else end
    return DateMention(start=s, end=e, surface=ctx.text[s:e], value=value, precision=precision, **extra)  # type: ignore[arg-type]
