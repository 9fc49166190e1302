"""Inline citation parsing: which outlet a passage leans on, when, and through whom.

Forms recognised (``kind``):

- ``parenthetical``   ``... report text. (Russia Today, 1/12/2016)``: closes the passage before it
- ``inline-stated``   ``BBC stated on 2/12/2016: (...)``: opens the passage after it
- ``reported``        ``Sputnik reported ...``, ``The Financial Times reported on Thursday that ...``
- ``according-to``    ``according to Reuters``, ``According to "Al-Mudun" sources``
- ``told``            ``told Sky News Arabia``, ``in remarks for Sky News Arabia``, ``in an interview with Interfax``
- ``reported-by``     ``as reported by Reuters news agency on Saturday``, ``quoted by AFP``

A citation found inside the passage governed by another outlet's citation is a
relay: its ``via`` is the id of the citation that carries it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tabayyun.extract.dates import parse_date_expression
from tabayyun.knowledge import KnowledgeBase
from tabayyun.model import Citation, DateMention
from tabayyun.spans import SpanIndex

_WS = r"[ \t\u00a0]"
_PAREN = re.compile(r"\(([^()\n]{2,140})\)")
_CALENDAR_SUFFIX = re.compile(r"^\s*(?:CE|C\.E\.|AD|A\.D\.|AH|A\.H\.|H)\.?\s*$")
# "BBC stated on 2/12/2016:" / "Russia has reported on 28/11/2016:"
_STATED_VERBS = r"(?:stated|reported|published|wrote|said|announced|revealed|quoted|cited|mentioned)"
_INLINE_STATED = re.compile(
    rf"(?P<subject>\b[A-Z][\w'’.-]*(?:{_WS}+(?:[A-Z][\w'’.-]*|of|al|el|Al-)){{0,5}})"
    rf"{_WS}+(?:has{_WS}+|had{_WS}+)?{_STATED_VERBS}{_WS}+on{_WS}+(?P<rest>[^:\n]{{4,60}}?):"
)
# an Arabic medium noun written before an outlet's name: agency, channel, newspaper, website...
_AR_MEDIUM = r"(?:(?:ال)?(?:وكالة|قناة|صحيفة|جريدة|موقع|إذاعة|تلفزيون|شبكة|مجلة)(?:\s+(?:أنباء|الأنباء))?\s+)?"
_BEFORE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("according-to", re.compile(rf"according{_WS}+to{_WS}+(?:the{_WS}+)?[\"“«]?$", re.I)),
    (
        "reported-by",
        re.compile(
            rf"(?:reported|quoted|cited|published|carried|broadcast|aired){_WS}+by{_WS}+(?:the{_WS}+)?"
            rf"(?:[\w-]+{_WS}+){{0,3}}?$",
            re.I,
        ),
    ),
    (
        "told",
        re.compile(
            rf"(?:\btold|\bremarks?{_WS}+(?:to|for|with)|\binterview{_WS}+(?:to|for|with)|"
            rf"\bstatements?{_WS}+(?:to|for)|\bspeaking{_WS}+to|\bsaid{_WS}+to){_WS}+"
            rf"(?:the{_WS}+|an?{_WS}+)?(?:[\w-]+{_WS}+){{0,3}}?$",
            re.I,
        ),
    ),
    ("report-of", re.compile(rf"\b(?:in|a|an){_WS}+(?:report|article|story){_WS}+(?:by|in|on|from){_WS}+(?:the{_WS}+)?$", re.I)),
    # Arabic: the cue comes before the outlet, with "wa"/"fa" and "li" written onto the words,
    # and a medium noun may stand between them ("li-wakalat Sputnik": "to the Sputnik agency")
    (
        "according-to",
        re.compile(
            r"(?<!\w)[وف]?(?:بحسب|حسب|وفق(?:ا|اً|ًا)?\s*ل|طبق(?:ا|اً|ًا)?\s*ل|استناد(?:ا|اً|ًا)?\s+[إا]لى\s+|"
            r"نقل(?:ا|اً|ًا)?\s+عن\s+|(?:نقل|نقلت|نقلوا|ينقل|تنقل)(?:\s+\S+){1,4}?\s+عن\s+)\s*(?:ما\s+(?:ذكرت|ذكره|أوردت|أورده|نشرت|نشره|أفادت|أفاد|بثت|بثته|قالت|قاله)\s+)?"
            rf"(?:لـ\s*)?{_AR_MEDIUM}$"
        ),
    ),
    (
        "told",
        re.compile(
            r"(?<!\w)[وف]?(?:(?:(?:في|خلال)\s+)?(?:تصريح(?:ات)?|حديث|حوار|مقابلة|لقاء)(?:\s+\S+){0,3}?\s+(?:مع|إلى)\s+|"
            r"(?:(?:في|خلال)\s+)?(?:تصريح(?:ات)?|حديث|حوار|مقابلة|لقاء)(?:\s+\S+){0,3}?\s+(?:ل|لـ\s*)|"
            r"(?:قال|قالت|صرح|صرحت|أكد|أكدت|أوضح|أوضحت|أضاف|أضافت|أعلن|أعلنت)(?:\s+\S+){0,5}?\s+(?:ل|لـ\s*))"
            rf"{_AR_MEDIUM}$"
        ),
    ),
    (
        "reported",
        re.compile(
            r"(?<!\w)[وف]?(?:ذكرت|ذكر|قالت|أفادت|أفاد|أوردت|أورد|نقلت|نقل|نشرت|نشر|كشفت|كشف|بثت|أعلنت|أشارت|"
            rf"تحدثت|نسبت|أضافت|تابعت|زعمت|أكدت|بينت|لفتت|رأت|كتبت|اعتبرت|أوضحت)\s+{_AR_MEDIUM}$"
        ),
    ),
]
_OUTLET_TAIL = re.compile(
    rf"(?:{_WS}+(?:news{_WS}+agency|agency|newspaper|channel|website|TV|television|radio|news))?"
    r"(?P<rest>.{0,80})",
    re.I | re.S,
)
_AFTER_VERB = re.compile(
    rf"^[\"”»]?,?{_WS}*(?:also{_WS}+|further{_WS}+|has{_WS}+|had{_WS}+|have{_WS}+)?"
    r"(?P<verb>reported|said|says|stated|states|quoted|cited|revealed|published|wrote|writes|"
    r"announced|added|aired|broadcast|claimed|confirmed|noted|reports|learned|mentioned)\b",
    re.I,
)
_DATE_WORDS_BEFORE = re.compile(
    r"(?:\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+|\b(?:January|February|March|April|May|June|"
    r"July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"\.?,?\s+)+$"
)
_GLOSS = re.compile(r"\s*\([A-Z][A-Za-z]{1,7}\)")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OPENERS = {"(": ")", "“": "”", '"': '"', "«": "»", "‘": "’", "[": "]"}


@dataclass(slots=True)
class _Outlet:
    start: int
    end: int
    name: str
    outlet_id: str | None


def _strip_span(text: str, start: int, end: int, chars: str = " \t\u00a0,.;:\"“”«»'‘’") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


def _matching_close(text: str, open_pos: int, limit: int) -> int | None:
    """Index just past the bracket or quote that closes the one at ``open_pos``."""
    opener = text[open_pos]
    closer = _OPENERS[opener]
    depth = 0
    for i in range(open_pos, min(limit, len(text))):
        ch = text[i]
        if ch == closer and (i > open_pos or opener != closer):
            depth -= 1
            if depth <= 0:
                return i + 1
        elif ch == opener:
            depth += 1
    return None


def _new_citation(
    text: str, cid: str, outlet: _Outlet, dated: DateMention | None, start: int, end: int, kind: str, **extra: object
) -> Citation:
    return Citation(
        id=cid,
        outlet=outlet.name,
        outlet_surface=text[outlet.start:outlet.end],
        outlet_start=outlet.start,
        outlet_end=outlet.end,
        outlet_id=outlet.outlet_id,
        date=dated.value if dated else None,
        date_surface=dated.surface if dated else None,
        date_start=dated.start if dated else None,
        date_end=dated.end if dated else None,
        start=start,
        end=end,
        kind=kind,
        **extra,  # type: ignore[arg-type]
    )


def _is_day(mention: DateMention | None) -> bool:
    return mention is not None and _ISO_DAY.match(mention.value) is not None


class CitationExtractor:
    """Finds citations in one document; configured with the knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    # -- outlet naming ---------------------------------------------------------------------
    def _outlet_from_surface(self, text: str, start: int, end: int, *, strict: bool) -> _Outlet | None:
        start, end = _strip_span(text, start, end)
        surface = text[start:end]
        if not surface or len(surface) > 60:
            return None
        entry = self.kb.match_outlet(surface)
        if entry is not None:
            return _Outlet(start, end, entry.name, f"outlet:{entry.id}")
        if strict:
            return None
        words = surface.split()
        if not 1 <= len(words) <= 6 or not surface[0].isupper() or any(ch.isdigit() for ch in surface):
            return None
        actor = self.kb.match_actor(surface)
        if actor is not None:
            return _Outlet(start, end, actor.name, self.kb.actor_id(actor))
        return _Outlet(start, end, " ".join(words), None)

    # -- the main pass ---------------------------------------------------------------------
    def extract(
        self,
        text: str,
        dates: Sequence[DateMention],
        *,
        day_first: bool | None,
        published: date | None,
        sentences: Sequence[tuple[int, int]] = (),
        outlets: Sequence[tuple[int, int, object]] | None = None,
    ) -> list[Citation]:
        found: list[Citation] = []
        found += self._parenthetical(text, dates, day_first, published)
        found += self._inline_stated(text, dates, day_first, published, found)
        found.sort(key=lambda c: c.start)
        self._assign_anchor_scopes(text, found)
        if outlets is None:
            outlets = self.kb.find_outlets(text)
        found += self._running(text, dates, day_first, published, outlets, found, sentences)
        found.sort(key=lambda c: c.start)
        for number, citation in enumerate(found, 1):
            old = citation.id
            citation.id = f"c{number}"
            for other in found:
                if other.via == old:
                    other.via = f"__{citation.id}"
        for citation in found:
            if citation.via and citation.via.startswith("__"):
                citation.via = citation.via[2:]
        return found

    def _date_in(
        self,
        text: str,
        start: int,
        end: int,
        dates: Sequence[DateMention],
        day_first: bool | None,
        reference: date | None,
    ) -> DateMention | None:
        """The date mention filling text[start:end] (a mention found earlier, or parsed now)."""
        start, end = _strip_span(text, start, end, " \t\u00a0,;:")
        for mention in dates:
            if mention.start >= start and mention.end <= end and mention.precision == "day" and (
                _is_day(mention) or mention.relative
            ):
                if not text[mention.end:end].strip() or _CALENDAR_SUFFIX.match(text[mention.end:end]):
                    if not mention.relative or reference is None:
                        return mention
                    parsed = parse_date_expression(mention.surface, day_first=day_first, reference=reference)
                    if _is_day(parsed):
                        parsed.start += mention.start
                        parsed.end += mention.start
                        return parsed
                    return mention if _is_day(mention) else None
        surface = text[start:end]
        parsed = parse_date_expression(surface, day_first=day_first, reference=reference)
        if not _is_day(parsed):
            return None
        parsed.start += start
        parsed.end += start
        return parsed

    def _parenthetical(
        self, text: str, dates: Sequence[DateMention], day_first: bool | None, published: date | None
    ) -> list[Citation]:
        citations: list[Citation] = []
        for match in _PAREN.finditer(text):
            inner_start, inner_end = match.span(1)
            inner = match.group(1)
            # "(Outlet, date)" or "(Outlet date)" or "(Outlet)"
            date_mention = None
            outlet_end = inner_end
            comma = min((i for i in (inner.find(","), inner.find("،")) if i != -1), default=-1)
            digit = re.search(r"\d", inner)
            split_at = None
            if comma != -1 and (digit is None or comma < digit.start()):
                split_at = inner_start + comma
            elif digit is not None:
                split_at = inner_start + digit.start()
                # the date may start with a weekday or month name before its first digit
                head = text[inner_start:split_at]
                words = _DATE_WORDS_BEFORE.search(head)
                if words and parse_date_expression(text[inner_start + words.start():inner_end], day_first=day_first):
                    split_at = inner_start + words.start()
            if split_at is not None:
                date_mention = self._date_in(text, split_at, inner_end, dates, day_first, published)
                if date_mention is None:
                    continue
                outlet_end = split_at
            if date_mention is None and re.search(r"[\w]\s*$", text[max(0, match.start() - 3):match.start()]):
                continue  # "News Agency (IRNA)": a gloss of the name before it, not a citation
            outlet = self._outlet_from_surface(text, inner_start, outlet_end, strict=date_mention is None)
            if outlet is None:
                continue
            citations.append(
                _new_citation(text, f"p{match.start()}", outlet, date_mention, match.start(), match.end(), "parenthetical")
            )
        return citations

    def _inline_stated(
        self,
        text: str,
        dates: Sequence[DateMention],
        day_first: bool | None,
        published: date | None,
        earlier: Sequence[Citation],
    ) -> list[Citation]:
        citations: list[Citation] = []
        for match in _INLINE_STATED.finditer(text):
            subject_start, subject_end = match.span("subject")
            # drop leading sentence words that are not part of the name ("Question: Turkey ... BBC")
            outlet = None
            words = list(re.finditer(r"\S+", text[subject_start:subject_end]))
            for word in words:
                candidate = self._outlet_from_surface(
                    text, subject_start + word.start(), subject_end, strict=True
                )
                if candidate is not None:
                    outlet = candidate
                    break
            if outlet is None and words:  # "Russia has reported on ...:": a state or body as the source
                last = words[-1]
                actor = self.kb.match_actor(text[subject_start + last.start():subject_end])
                if actor is not None and actor.type in {"state", "organization"}:
                    outlet = _Outlet(subject_start + last.start(), subject_end, actor.name, self.kb.actor_id(actor))
            if outlet is None:
                continue
            rest_start, rest_end = match.span("rest")
            date_mention = self._date_in(text, rest_start, rest_end, dates, day_first, published)
            if date_mention is None:
                continue
            citations.append(
                _new_citation(text, f"i{match.start()}", outlet, date_mention, outlet.start, match.end(), "inline-stated")
            )
        return citations

    @staticmethod
    def _forward_scope(text: str, pos: int) -> int:
        """End of the passage opened at ``pos`` (after a colon): its closing bracket or quote."""
        limit = _paragraph_end(text, pos)
        i = pos
        while i < limit and text[i] in " \t\u00a0":
            i += 1
        if i < limit and text[i] in _OPENERS:
            close = _matching_close(text, i, len(text))
            if close is not None:
                return close
        return limit

    def _assign_anchor_scopes(self, text: str, citations: list[Citation]) -> None:
        """Parenthetical citations govern back to the previous one or the paragraph start."""
        previous_end = 0
        for citation in citations:
            if citation.kind == "parenthetical":
                start = max(previous_end, _paragraph_start(text, citation.start))
                citation.scope_start, citation.scope_end = _strip_span(text, start, citation.start, " \t\u00a0.;,")
                previous_end = citation.end
            else:  # inline-stated opens a passage
                citation.scope_end = self._forward_scope(text, citation.end)
                citation.scope_start, _ = _strip_span(text, citation.end, citation.scope_end, " \t\u00a0")
                previous_end = max(previous_end, citation.scope_end)

    def _running(
        self,
        text: str,
        dates: Sequence[DateMention],
        day_first: bool | None,
        published: date | None,
        outlets: Sequence[tuple[int, int, object]],
        anchors: Sequence[Citation],
        sentences: Sequence[tuple[int, int]],
    ) -> list[Citation]:
        """Citations written into running text: "according to X", "X reported", "told X"."""
        citations: list[Citation] = []
        taken = [(c.start, c.end) for c in anchors]
        for start, end, entry in outlets:
            if any(s <= start < e for s, e in taken):
                continue
            before = text[max(0, start - 80):start]
            kind = None
            cue_start = start
            for name, pattern in _BEFORE_PATTERNS:
                found = pattern.search(before)
                if found:
                    kind = name
                    cue_start = start - (len(before) - found.start())
                    break
            gloss = _GLOSS.match(text, end)
            tail = _OUTLET_TAIL.match(text, gloss.end() if gloss else end)
            after_start = tail.start("rest") if tail else end
            cue_end = end
            if kind is None:
                verb = _AFTER_VERB.match(text[after_start:after_start + 60])
                if verb is None:
                    continue
                kind = "reported"
                cue_end = after_start + verb.end()
            else:
                cue_end = after_start if tail else end
            name = getattr(entry, "name", str(entry))
            outlet_id = f"outlet:{entry.id}" if hasattr(entry, "id") else None
            parent = self._governing(anchors, cue_start)
            if parent is not None and parent.outlet_id == outlet_id and outlet_id is not None:
                continue  # the same outlet named inside its own passage: no new source
            sentence_end = next((e for s, e in sentences if s <= start < e), _paragraph_end(text, start))
            reference = date.fromisoformat(parent.date) if parent and parent.date else published
            date_mention = self._report_date(text, cue_end, sentence_end, dates, day_first, reference)
            if date_mention is not None:
                cue_end = max(cue_end, date_mention.end)
            colon = text.find(":", cue_end, sentence_end)
            scope_end = self._forward_scope(text, colon + 1) if colon != -1 else sentence_end
            sentence_start = next((s for s, e in sentences if s <= start < e), _paragraph_start(text, start))
            outlet = _Outlet(start, end, name, outlet_id)
            citations.append(
                _new_citation(
                    text,
                    f"r{start}",
                    outlet,
                    date_mention,
                    cue_start,
                    cue_end,
                    kind,
                    via=parent.id if parent is not None else None,
                    scope_start=sentence_start,
                    scope_end=max(scope_end, sentence_end) if colon == -1 else scope_end,
                )
            )
        # "naqalat Al Jazeera 'an Reuters": an outlet named inside another's cue relays it
        for citation in citations:
            if citation.via is None:
                relaying = [c for c in citations if citation.start <= c.outlet_start < citation.outlet_start and c is not citation]
                if relaying:
                    citation.via = relaying[-1].id
        return citations

    @staticmethod
    def _governing(anchors: Sequence[Citation], pos: int) -> Citation | None:
        best = None
        for citation in anchors:
            if citation.scope_start is not None and citation.scope_start <= pos < (citation.scope_end or 0):
                if best is None or (citation.scope_end or 0) - (citation.scope_start or 0) < (best.scope_end or 0) - (best.scope_start or 0):
                    best = citation
        return best

    def _report_date(
        self,
        text: str,
        pos: int,
        limit: int,
        dates: Sequence[DateMention],
        day_first: bool | None,
        reference: date | None,
    ) -> DateMention | None:
        """A date written just after a report verb: "reported on Thursday, 1st December"."""
        window = text[pos:min(limit, pos + 140)]
        starts = {pos + on.end() for on in re.finditer(r"\b(?:on|today,?)\s+|(?<!\w)(?:يوم|في|أمس|مساء|صباح|اليوم)\s+", window)}
        starts |= {pos + m.start() for m in re.finditer(r"\b(?:today|yesterday)\b|(?<!\w)(?:يوم|أمس)(?!\w)", window, re.I)}
        for mention in sorted(dates, key=lambda m: m.start):
            if mention.start not in starts:
                continue
            if mention.relative or len(mention.value) < 10 or not mention.value[:4].isdigit():
                reparsed = parse_date_expression(mention.surface, day_first=day_first, reference=reference)
                if _is_day(reparsed):
                    reparsed.start += mention.start
                    reparsed.end += mention.start
                    return reparsed
            if _is_day(mention):
                return mention
        return None


def passage(citation: Citation) -> tuple[int, int]:
    """The span of text a citation governs (its own span when it governs none)."""
    start = citation.scope_start if citation.scope_start is not None else citation.start
    end = citation.scope_end if citation.scope_end is not None else citation.end
    return start, end


def carrier_at(passages: SpanIndex[Citation], pos: int) -> Citation | None:
    """The citation with the narrowest passage around ``pos``: the one that carries it.

    ``passages`` indexes citations by :func:`passage`."""
    best: Citation | None = None
    for citation in passages.containing(pos):
        start, end = passage(citation)
        if best is None or end - start < passage(best)[1] - passage(best)[0]:
            best = citation
    return best

