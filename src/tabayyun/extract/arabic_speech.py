"""Arabic reported speech and quotations, by rule.

No Arabic parser or NER model can be had offline (see the project's findings), so Arabic
attributions are read from the shape news Arabic gives them: a speech verb, its subject, a
complementiser or a colon, then the content.

- ``قال وزير الخارجية الروسي سيرغي لافروف يوم الخميس إن ...``   (indirect, speaker = the person)
- ``وأضاف أن ...``                                               (the subject is in the verb: it
  is the previous speaker; ``kind`` "pronoun", the span is the verb)
- ``ونقلت قناة الجزيرة عن مصدر في المعارضة قوله: "..."``       (speaker = the source after عن)
- ``وقال المتحدث باسم الخارجية: «...»``                          (direct: the quoted words)

Speakers are spans of the text; names, roles and outlets are resolved to actors later by
``resolve.speakers`` like English ones (the knowledge base has Arabic aliases and titles).
Sentences come from :func:`arabic_sentences`, since an English model splits Arabic badly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tabayyun.knowledge import KnowledgeBase, fold
from tabayyun.model import Actor, Citation, Cue, Quote, Speaker
from tabayyun.settings import SETTINGS
from tabayyun.spans import SpanIndex, strip_span

# speech and stance verbs, past and present, masculine and feminine
_VERBS = (
    "قال قالت يقول تقول أكد أكدت يؤكد تؤكد أضاف أضافت تابع تابعت أوضح أوضحت صرح صرحت أعلن أعلنت "
    "اعتبر اعتبرت يعتبر تعتبر أشار أشارت يشير تشير شدد شددت حذر حذرت يحذر نفى نفت ينفي زعم زعمت "
    "رأى رأت يرى ترى ذكر ذكرت أفاد أفادت كشف كشفت لفت لفتت أردف أردفت بين بينت أوضحوا قالوا أكدوا "
    "أعرب أعربت نقل نقلت نقلوا أبلغ أبلغت أقر أقرت اعترف اعترفت"
).split()
_CUE = re.compile(r"(?<!\w)[وف]?(?P<verb>" + "|".join(sorted(_VERBS, key=len, reverse=True)) + r")(?!\w)")
# what opens the content: "inna/anna" (and their pronoun forms), "ila anna", or a colon
_OPENER = re.compile(
    r"(?<!\w)(?:ب|إلى\s+)?(?:إن|أن|ان)(?:ه|ها|هم|هما|نا)?(?!\w)|:"
)
# "qawlahu": the speech noun after "X quoted Y (as) saying"
_SAYING = re.compile(r"(?<!\w)(?:قوله|قولها|قولهم|قولهما)(?!\w)")
# words that end a subject: time, place and medium phrases that sit between it and the content
_SUBJECT_STOP = re.compile(
    r"(?<!\w)(?:يوم|اليوم|أمس|مساء|صباح|في|خلال|عبر|على|من\s+خلال|لدى|أثناء|بعد|قبل|عن|لـ|"
    r"قائل(?:ا|اً|ًا|ة|ين))(?!\w)|[،,(]"
)
# "li-wakalat", "li-qanat": the medium noun (with "li" on it) just before an outlet's name
_MEDIUM_BEFORE = re.compile(r"(?<!\w)ل?(?:ل|ال)?(?:وكالة|قناة|صحيفة|جريدة|موقع|إذاعة|تلفزيون|شبكة|مجلة)(?:\s+(?:أنباء|الأنباء))?\s*$")
# "..., fima / baynama / fi hin ...": "while", "whereas": a new clause and often a new speaker
_CLAUSE_BREAK = re.compile(r"[،,]\s*(?:و?فيما|و?بينما|في\s+حين)(?!\w)")
_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“"}
_SENTENCE_END = re.compile(r"[.!?؟]+(?=[\s\"”»)]|$)[\"”»)]?|\n\s*\n|\n")


def arabic_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of Arabic text: split at . ! ? ؟ and line breaks, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = [strip_span(text, s, e) for s, e in spans]
    return [(s, e) for s, e in trimmed if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = strip_span(text, start, end, "،,:;ـ")
    return start, strip_span(text, start, end, "،,:;.ـ")[1]


def _content(text: str, start: int, end: int) -> tuple[int, int, str]:
    """The content span after the opener, and "direct" when it is a quotation in marks.
    Indirect content ends where a contrasting clause with its own subject begins ("..., while
    the UN said ...")."""
    start, end = _trim(text, start, end)
    clause = _CLAUSE_BREAK.search(text, start, end)
    if clause is not None and not (start < end and text[start] in _QUOTE_PAIRS):
        end = _trim(text, start, clause.start())[1]
    if start < end and text[start] in _QUOTE_PAIRS:
        close = text.find(_QUOTE_PAIRS[text[start]], start + 1, end + 1)
        if close != -1 and close - start > 2:
            return start + 1, close, "direct"
    return start, end, "indirect"


class ArabicSpeechExtractor:
    """Finds Arabic attributions in a document; configured with the knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def extract(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]],
        actors: Sequence[Actor],
        citations: Sequence[Citation] = (),
    ) -> list[Quote]:
        mentions = SpanIndex(
            ((m.start, m.end, a) for a in actors for m in a.mentions), lambda item: (item[0], item[1])
        )
        outlet_spans = [(c.outlet_start, c.outlet_end, c.outlet, c.outlet_id) for c in citations]
        outlet_spans += [(m.start, m.end, a.name, a.id) for a in actors if a.type == "media" for m in a.mentions]
        quotes: list[Quote] = []
        previous: Speaker | None = None
        for sent_start, sent_end in sentences:
            position = sent_start
            while True:
                cue = _CUE.search(text, position, sent_end)
                if cue is None:
                    break
                quote = self._attribution(text, cue, sent_end, mentions, outlet_spans, previous)
                if quote is None:
                    position = cue.end()
                    continue
                quotes.append(quote)
                if quote.speaker is not None and quote.speaker.kind != "pronoun":
                    previous = quote.speaker
                # a second attribution may follow inside direct content's sentence, not inside content
                position = max(cue.end(), quote.end)
        return quotes

    def _attribution(
        self,
        text: str,
        cue: re.Match[str],
        sent_end: int,
        mentions: SpanIndex[tuple[int, int, Actor]],
        outlet_spans: Sequence[tuple[int, int, str, str | None]],
        previous: Speaker | None,
    ) -> Quote | None:
        verb_start, verb_end = cue.span("verb")
        window_end = min(sent_end, verb_end + SETTINGS.quotes.arabic_max_subject_chars)
        saying = _SAYING.search(text, verb_end, window_end)
        opener = _OPENER.search(text, verb_end, window_end)
        cue_span = (verb_start, verb_end)
        source_from = verb_end
        if saying is not None and (opener is None or saying.start() <= opener.start()):
            # "X quoted Y (as) saying": the speaker follows عن, the content follows the speech noun
            about = text.rfind("عن", verb_end, saying.start())
            if about == -1:
                return None
            source_from, subject_end = about + 2, saying.start()
            content_from = saying.end()
            colon = re.match(r"\s*:", text[content_from:window_end])
            if colon:
                content_from += colon.end()
            cue_span = saying.span()
        elif opener is not None:
            subject_end, content_from = opener.start(), opener.end()
        else:
            return None
        content_start, content_end, kind = _content(text, content_from, sent_end)
        if content_end - content_start < 8:
            return None
        speaker = self._speaker(text, source_from, subject_end, mentions, outlet_spans, cue_span, previous)
        if speaker is None:
            return None
        return Quote(
            id="",
            text=text[content_start:content_end],
            start=content_start,
            end=content_end,
            speaker=speaker,
            cue=Cue(text=text[cue_span[0]:cue_span[1]], start=cue_span[0], end=cue_span[1]),
            kind=kind,  # type: ignore[arg-type]
        )

    def _speaker(
        self,
        text: str,
        start: int,
        end: int,
        mentions: SpanIndex[tuple[int, int, Actor]],
        outlet_spans: Sequence[tuple[int, int, str, str | None]],
        cue_span: tuple[int, int],
        previous: Speaker | None,
    ) -> Speaker | None:
        stop = _SUBJECT_STOP.search(text, start, end)
        subject_start, subject_end = _trim(text, start, stop.start() if stop else end)
        for s, e, outlet, outlet_id in outlet_spans:
            if s == subject_start:  # "dhakarat Anadolu": the outlet is the subject
                return Speaker(name=outlet, surface=text[s:e], start=s, end=e, actor_id=outlet_id, kind="outlet")
            if subject_start < s < subject_end:  # "qala masdar li-Sputnik": the outlet is whom he told
                medium = _MEDIUM_BEFORE.search(text, subject_start, s)
                cut = medium.start() if medium else s - 1 if text[s - 1] == "ل" else s
                subject_start, subject_end = _trim(text, subject_start, cut)
        inside = sorted(mentions.overlapping(subject_start, subject_end), key=lambda item: item[0])
        persons = [m for m in inside if m[2].type == "person"]
        if persons:  # "the Russian Foreign Minister Sergei Lavrov": the name, not the office
            titles = self.kb.title_regex()
            s, e, actor = min(persons, key=lambda m: titles.search(fold(text[m[0]:m[1]])) is not None)
            kind = "role" if titles.search(fold(text[s:e])) else "name"
            return Speaker(name=actor.name, surface=text[s:e], start=s, end=e, actor_id=actor.id, kind=kind)
        if subject_end - subject_start >= 2:
            surface = text[subject_start:subject_end]
            if len(surface.split()) > 8:
                return None
            if self.kb.title_regex().search(fold(surface)):
                return Speaker(name=None, surface=surface, start=subject_start, end=subject_end, kind="role")
            named = [m for m in inside if subject_start <= m[0] < subject_end]
            if named:
                s, e, actor = named[0]
                return Speaker(name=actor.name, surface=text[s:e], start=s, end=e, actor_id=actor.id)
            return Speaker(name=surface, surface=surface, start=subject_start, end=subject_end)
        if previous is None:
            return None
        # the subject is in the verb ("wa-adafa": "and he added"): the last speaker named
        return Speaker(
            name=previous.name,
            surface=text[cue_span[0]:cue_span[1]],
            start=cue_span[0],
            end=cue_span[1],
            actor_id=previous.actor_id,
            kind="pronoun",
            antecedent_start=previous.start,
            antecedent_end=previous.end,
        )


def inherit_dropped_subjects(quotes: Sequence[Quote]) -> None:
    """A verb-only speaker takes the resolved name and actor of the speaker it refers back to
    (run after speaker resolution, which may have resolved a role to its holder)."""
    by_span = {(q.speaker.start, q.speaker.end): q.speaker for q in quotes if q.speaker is not None}
    for quote in sorted(quotes, key=lambda q: q.start):
        speaker = quote.speaker
        if speaker is None or speaker.kind != "pronoun" or speaker.antecedent_start is None:
            continue
        antecedent = by_span.get((speaker.antecedent_start, speaker.antecedent_end or 0))
        if antecedent is not None and antecedent.name:
            speaker.name, speaker.actor_id = antecedent.name, antecedent.actor_id
