"""Candidate spans: where a text may name places. spaCy's place entities, the gazetteer's
curated names (found even where the small model misses them), proper nouns naming well-known
places and, in Arabic text, word n-grams found in the gazetteer; each becomes a :class:`Mention`
with its candidates."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from spacy.tokens import Doc

from tabayyun.extract.places.actor_uses import metonym_keys
from tabayyun.extract.places.mentions import COUNTRY_OWNER, Mention, clean, prepare
from tabayyun.knowledge import KnowledgeBase, alternation_key, fold_with_index, grouped_alternation
from tabayyun.knowledge.gazetteer import Gazetteer, normalise_name
from tabayyun.model import Actor
from tabayyun.script import has_arabic
from tabayyun.spans import GrowingSpans, SpanIndex

__all__ = ["find_mentions"]

_NER_PLACE = frozenset({"GPE", "LOC", "FAC"})
_BLOCKING_NER = frozenset({"PERSON"})
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
_ARABIC_STOP = frozenset(
    "الله الرحمن الرحيم محمد على إلى الى عن من في أن إن أنه إنه وأن وإن بأن كان كانت بعد قبل عند "
    "حتى بين لدى مع هذا هذه ذلك تلك التي الذي الذين كما لكن أو ثم قد لقد لم لن ما لا هو هي هم "
    "أمام خلال حول ضد منذ عبر دون غير كل بعض أي أيضا اليوم أمس غدا أمان بأمان سلام".split()
)
# nouns for kinds of place and common words that some gazetteer entry also carries as a
# name ("madina": a city; "al-hisar": the siege): alone they name no place
_ARABIC_COMMON = frozenset(
    "مدينة المدينة بلدة البلدة قرية القرية محافظة المحافظة ريف حي منطقة المنطقة ولاية الولاية "
    "عاصمة العاصمة الحصار حصار مخيم المخيم معبر المعبر شرق غرب شمال جنوب وسط".split()
)
# single words NER takes for places that name none
_GENERIC = frozenset(
    "republic state states kingdom city province capital union federation emirate coast west east "
    "north south region regime homeland nation country".split()
)
_ARABIC_CLITICS = ("و", "ب", "ل", "ف", "وب", "ول", "فب")
# an optional Arabic article before a name's next word
_ARABIC_ARTICLE = r"(?:(?:al|el|ad|ar|as|ash|at|az|an|ed|es|ez|er|et|ul|ur)[\s\-'’]*)?"


class _CuratedScanner:
    """A regex over folded text for the gazetteer's curated names (flexible separators,
    optional Arabic articles), compiled once per gazetteer."""

    def __init__(self, names: Sequence[str]) -> None:
        patterns: set[str] = set()
        sensitive: set[str] = set()
        keys: dict[str, list[str | None]] = {}  # pattern -> keys of the chars it can start with
        for name in names:
            pattern = self._pattern(name)
            if pattern is None:
                continue
            letters = [c for c in name if c.isalpha()]
            if letters and all(c.isupper() for c in letters) and len(letters) <= 4:
                sensitive.add(pattern)
                keys[pattern] = self._start_keys(pattern)
            else:
                patterns.add(f"(?i:{pattern})")
                keys[f"(?i:{pattern})"] = self._start_keys(pattern)
        ordered = sorted(patterns | sensitive, key=lambda p: (-len(p), p))
        grouped = grouped_alternation([(p, keys[p]) for p in ordered])
        alternation = grouped if grouped is not None else "|".join(ordered)
        self.regex = re.compile(r"(?<![\w])(" + alternation + r")(?![\w])") if ordered else None

    @classmethod
    def _start_keys(cls, pattern: str) -> list[str | None]:
        """Keys (see :func:`alternation_key`) of every char a name pattern can start with."""
        if pattern.startswith(_ARABIC_ARTICLE):
            return ["a", "e", "u", *cls._start_keys(pattern[len(_ARABIC_ARTICLE):])]
        return [alternation_key(pattern[:1])]

    @staticmethod
    def _pattern(name: str) -> str | None:
        folded, _ = fold_with_index(name)
        words = re.findall(r"[^\W_]+", folded)
        if not words:
            return None
        parts: list[str] = []
        for i, word in enumerate(words):
            escaped = re.escape(word)
            if word.casefold() in ("al", "el") and i < len(words) - 1:
                parts.append(_ARABIC_ARTICLE)
                continue
            parts.append(escaped + (r"[\s\-.'’/]*" if i < len(words) - 1 else ""))
        body = "".join(parts)
        if folded.rstrip().endswith("."):
            body += r"\.?"
        return body

    def scan(self, text: str, folded: str, index: list[int]) -> list[tuple[int, int]]:
        if self.regex is None:
            return []
        spans: list[tuple[int, int]] = []
        for m in self.regex.finditer(folded):
            start, end = index[m.start(1)], index[m.end(1) - 1] + 1
            surface = text[start:end]
            core = re.sub(r"^(?i:al|el|ad|ar|as|ash|at|az|an|ed|es|ez|er|et|ul|ur)[\s\-'’]+", "", surface)
            first = next((c for c in core if c.isalpha()), "")
            if first and first.isascii() and not first.isupper():
                continue  # "turkey", "victoria secret": names are capitalised
            spans.append((start, end))
        return spans


@lru_cache(maxsize=4)
def _scanner(gazetteer: Gazetteer) -> _CuratedScanner:
    return _CuratedScanner(gazetteer.curated_names())


def _arabic_mentions(text: str, gazetteer: Gazetteer, taken: GrowingSpans,
                     free: Callable[[int, int], bool] = lambda _s, _e: True) -> list[Mention]:
    """Word n-grams of Arabic script found in the gazetteer (no Arabic NER exists here),
    outside the names of people, organisations and outlets (``free``)."""
    words = list(_ARABIC_WORD.finditer(text))
    found: list[Mention] = []
    i = 0
    while i < len(words):
        hit: Mention | None = None
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            first, last = words[i], words[i + n - 1]
            gap_ok = all(text[words[j].end():words[j + 1].start()] in (" ", " -", "-", "- ")
                         for j in range(i, i + n - 1))
            if not gap_ok:
                continue
            start, end = first.start(), last.end()
            for clitic in ("", *_ARABIC_CLITICS):
                if clitic and not text.startswith(clitic, start):
                    continue
                s = start + len(clitic)
                surface = text[s:end]
                if len(surface) < 3:
                    continue
                if not free(s, end) or surface in _ARABIC_STOP or (n == 1 and (surface in _ARABIC_COMMON
                                                            or _arabic_demonym(surface, gazetteer))):
                    continue
                entries = [e for e in gazetteer.lookup(surface)
                           if e.feature != "city" or e.population >= 100_000]
                if entries:
                    hit = Mention(s, end, surface, surface, "arabic")
                    break
            if hit is not None:
                i += n
                break
        if hit is not None:
            if not taken.overlaps(hit.start, hit.end):
                found.append(hit)
                taken.add(hit.start, hit.end)
        else:
            i += 1
    return found


def _arabic_demonym(word: str, gazetteer: Gazetteer) -> bool:
    """"al-Suri", "al-Turkiya", "al-Misri": an adjective of nationality (a country's name with
    the article and the nisba ending), which names no map point."""
    if not word.startswith("ال") or not word.endswith(("ي", "ية")):
        return False
    stem = word[2:-2] if word.endswith("ية") else word[2:-1]
    if len(stem) < 2:
        return False
    names = (stem, stem + "ا", stem + "يا", "ال" + stem)
    return any(e.feature == "country" for name in names for e in gazetteer.lookup(name))


def _town_like(surface: str, gazetteer: Gazetteer) -> bool:
    return any(e.feature != "city" or e.population >= 20_000 for e in gazetteer.lookup(surface))


def _owned_place(surface: str, gazetteer: Gazetteer) -> bool:
    """"Syria's Aleppo" (or "Syrias Aleppo" with the apostrophe stripped): a country's name and
    a well-known place in it."""
    owner = COUNTRY_OWNER.match(surface)
    if owner is None or not any(e.feature == "country" for e in gazetteer.lookup(owner.group(1))):
        return False
    return _town_like(surface[owner.end():], gazetteer)


def _city_not_demonym(surface: str, kb: KnowledgeBase, gazetteer: Gazetteer) -> bool:
    """A name tagged as a nationality that is a big place's own name and no demonym."""
    if not any(e.primary and (e.feature != "city" or e.population >= 100_000) for e in gazetteer.lookup(surface)):
        return False
    return not any(h.kind == "demonym" and h.end - h.start == len(surface)
                   for h in kb.scan_actors(surface, demonyms=True))


def _proper_noun_mentions(
    text: str, docs: Sequence[tuple[int, Doc]], gazetteer: Gazetteer, taken: GrowingSpans,
    free: Callable[[int, int], bool], persons: set[tuple[int, int]],
) -> list[Mention]:
    """Proper nouns the small NER model left untagged ("Ankara will ...", "entered Jarablus")
    that name a well-known place: a town of 20,000 or more, a division or a country."""
    found: list[Mention] = []
    for offset, doc in docs:
        i = 0
        while i < len(doc):
            token = doc[i]
            if token.ent_type_ or token.pos_ != "PROPN" or not token.text[:1].isupper():
                i += 1
                continue
            j = i + 1
            while j < len(doc) and j - i < 3 and not doc[j].ent_type_ and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
                j += 1
            start, end = offset + token.idx, offset + doc[j - 1].idx + len(doc[j - 1].text)
            i = j
            if (start, end) in persons or taken.overlaps(start, end) or not free(start, end):
                continue
            surface = text[start:end]
            threshold = 100_000 if token.is_sent_start else 20_000
            if any(e.primary and (e.feature != "city" or e.population >= threshold)
                   for e in gazetteer.lookup(surface)):
                found.append(Mention(start, end, surface, surface, "proper-noun"))
                taken.add(start, end)
    return found


def find_mentions(
    text: str, docs: Sequence[tuple[int, Doc]], kb: KnowledgeBase, actors: Sequence[Actor],
    gazetteer: Gazetteer,
) -> list[Mention]:
    blocked: list[tuple[int, int]] = [(s, e) for s, e, _ in kb.find_outlets(text)]
    persons: set[tuple[int, int]] = set()
    ner: list[tuple[int, int]] = []
    for offset, doc in docs:
        for ent in doc.ents:
            start, end = clean(text, offset + ent.start_char, offset + ent.end_char)
            if end - start < 2 or "\n" in text[start:end]:
                continue
            if ent.label_ in _NER_PLACE:
                ner.append((start, end))
            elif _owned_place(text[start:end], gazetteer):
                ner.append((start, end))  # "Syrias Aleppo", whatever label the model gave it
            elif ent.label_ == "NORP" and _city_not_demonym(text[start:end], kb, gazetteer):
                ner.append((start, end))  # the small model often calls "Aleppo" a nationality
            elif ent.label_ in _BLOCKING_NER:
                persons.add((start, end))
    # names inside the name of a person or an organisation are not places of their own; but a
    # capital standing for a state is a place name used as an actor, and a name only the small
    # model took for an organisation or a person ("entered Jarablus") may well be a town
    metonyms = metonym_keys(kb)
    for actor in actors:
        for m in actor.mentions:
            if actor.type == "state":
                if normalise_name(m.surface) in metonyms:
                    ner.append((m.start, m.end))
            elif not actor.known and (_town_like(m.surface, gazetteer) or _owned_place(m.surface, gazetteer)):
                ner.append((m.start, m.end))
                persons.discard((m.start, m.end))
            else:
                blocked.append((m.start, m.end))
    blocked_index = SpanIndex(blocked, lambda s: s)

    def free(start: int, end: int) -> bool:
        return not blocked_index.any_overlap(start, end)

    folded, index = fold_with_index(text)
    taken = GrowingSpans()
    mentions: list[Mention] = []
    for start, end in sorted(_scanner(gazetteer).scan(text, folded, index), key=lambda s: (s[0] - s[1], s[0])):
        if (start, end) in persons or not free(start, end) or taken.overlaps(start, end):
            continue
        mentions.append(Mention(start, end, text[start:end], text[start:end], "curated"))
        taken.add(start, end)
    for start, end in sorted(set(ner), key=lambda s: (s[0] - s[1], s[0])):
        surface = text[start:end]
        if taken.overlaps(start, end) or not free(start, end):
            continue
        if any(ch.isdigit() for ch in surface) or surface.casefold() in _GENERIC or not surface[0].isupper():
            continue
        mentions.append(Mention(start, end, surface, surface, "ner"))
        taken.add(start, end)
    mentions.extend(_proper_noun_mentions(text, docs, gazetteer, taken, free, persons))
    if has_arabic(text):
        mentions.extend(_arabic_mentions(text, gazetteer, taken, free))
    for mention in mentions:
        prepare(mention, text, gazetteer)
    mentions.sort(key=lambda m: m.start)
    return mentions

