"""Event coding: who did what to whom, when and where, one sentence at a time.

Each predicate of the dependency parse whose lemma the event lexicon
(``knowledge/data/event_lexicon.yaml``) knows becomes a PLOVER event:

* **verbs** ("met", "vetoed", "shelled", "called for", "sent aid") and **nouns**
  ("airstrikes on Aleppo", "the talks"); a noun governed by a *light verb*
  ("held talks", "carried out airstrikes", "reached an agreement") is one event whose
  predicate span covers both words and whose actors come from the verb;
* **actors**: the subject is the source and the object (or ``on``/``against``/``with``/``to``
  phrase) the target, matched to the record's actor mentions by character overlap.
  In the passive the agent ("by Russia") is the source and the subject the target.
  A clause without a subject ("... the right to veto", "agreed to withdraw") takes the
  subject of the clause it depends on; a pronoun subject takes the nearest preceding actor
  of a fitting kind;
* **coordination** ("Russia and Turkey agreed") gives **one event per source-target dyad**,
  as PLOVER codes them: two events with the same predicate span, one per source;
* **modality**: "will"/"plans to"/"is ready to" make an event ``planned``, "if"/"could"
  ``hypothetical``, "wants to"/"seeks to" ``reported-intent``; "not"/"never"/"refused to"
  set ``negated``. Such events are kept and marked, never counted as having happened;
* **date**: a day written in the sentence (``date_precision="sentence"``; dates inside a
  citation expression belong to the citation), else the date of the citation whose passage
  covers the predicate (``"citation"``), else the publication date (``"published"``);
* **place**: a place (role ``place``) in the sentence (``place_precision="sentence"``),
  else the place of the same kind of event retold just after (``"elaboration"``), else the
  document's focus place (``"focus"``), else none.

Everything is one pass over the tokens with dictionary look-ups and span-index queries,
so the cost is linear in the length of the text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from tabayyun.extract.citations import carrier_at, passage
from tabayyun.model import Actor, Citation, DateMention, Event, EventPlace, Place, citation_day
from tabayyun.spans import SpanIndex, strip_span

__all__ = [
    "PLOVER_TYPES",
    "EventLexicon",
    "Sense",
    "document_focus_place",
    "extract_events",
    "load_lexicon",
    "load_mappings",
    "main_event",
    "plover_to_acled",
    "plover_to_cameo",
]

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SUBJ = frozenset({"nsubj", "csubj"})
_PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
_OBJ = frozenset({"dobj", "obj", "dative", "attr"})
_TARGET_PREPS = frozenset({"on", "against", "with", "to", "at", "toward", "towards", "upon", "into", "for"})
_SOURCE_PREPS = frozenset({"by"})
# dependencies whose subtree still describes the same participant ("the Russian Foreign Minister ...")
_PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "npadvmod", "appos", "prep", "pobj", "case"})
_PRONOUNS = {
    "he": "person", "she": "person", "him": "person", "her": "person",
    "it": "group", "they": "any", "them": "any", "we": "any", "i": "person",
}
_GROUP_TYPES = frozenset({"state", "organization", "armed_group"})
_MAX_DYADS = 6


# --------------------------------------------------------------------------- lexicon


@dataclass(slots=True, frozen=True)
class Sense:
    """One reading of a predicate lemma: its event type and mode, and when it applies."""

    type: str | None  # None for a light sense ("held" in "held talks")
    mode: str | None = None
    prep: str | None = None
    objects: frozenset[str] = frozenset()
    light: bool = False
    light_only: bool = False


@dataclass(slots=True)
class EventLexicon:
    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, Sense]
    light_verbs: frozenset[str]
    modal_governors: dict[str, str]
    negating_governors: frozenset[str]
    aux_modality: dict[str, str]
    conditional_markers: frozenset[str]
    mode_cues: dict[str, tuple[tuple[str, str], ...]]
    main_event_tiers: tuple[frozenset[str], ...] = field(default_factory=tuple)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> EventLexicon:
        def sense(row: dict[str, Any]) -> Sense:
            kind = row.get("type")
            if kind is not None and kind not in PLOVER_TYPES:
                raise ValueError(f"unknown PLOVER type {kind!r} in the event lexicon")
            return Sense(
                type=kind,
                mode=row.get("mode"),
                prep=row.get("prep"),
                objects=frozenset(row.get("objects") or ()),
                light=bool(row.get("light", False)),
                light_only=bool(row.get("light_only", False)),
            )

        return cls(
            verbs={lemma: tuple(sense(r) for r in rows) for lemma, rows in (data.get("verbs") or {}).items()},
            nouns={lemma: sense(row) for lemma, row in (data.get("nouns") or {}).items()},
            light_verbs=frozenset(data.get("light_verbs") or ()),
            modal_governors=dict(data.get("modal_governors") or {}),
            negating_governors=frozenset(data.get("negating_governors") or ()),
            aux_modality=dict(data.get("aux_modality") or {}),
            conditional_markers=frozenset(data.get("conditional_markers") or ()),
            mode_cues={k: tuple((w, m) for w, m in v) for k, v in (data.get("mode_cues") or {}).items()},
            main_event_tiers=tuple(frozenset(t) for t in data.get("main_event_tiers") or ()),
        )


def _read_data(name: str) -> dict[str, Any]:
    source = resources.files("tabayyun.knowledge").joinpath("data", name)
    return yaml.safe_load(source.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def load_lexicon() -> EventLexicon:
    """The shipped event lexicon (read once per process)."""
    return EventLexicon.from_data(_read_data("event_lexicon.yaml"))


@lru_cache(maxsize=1)
def load_mappings() -> dict[str, Any]:
    """PLOVER -> CAMEO and PLOVER -> ACLED tables (``event_mappings.yaml``)."""
    return _read_data("event_mappings.yaml")


def plover_to_cameo(type: str, mode: str | None = None) -> str | None:  # noqa: A002 - the PLOVER word
    """The CAMEO code of a PLOVER type: the root code, or a finer code when the mode has one."""
    row = load_mappings()["cameo"].get(type)
    if row is None:
        return None
    return (row.get("modes") or {}).get(mode, row.get("default")) if mode else row.get("default")


def plover_to_acled(type: str, mode: str | None = None) -> tuple[str, str] | None:  # noqa: A002
    """``(event type, sub-event type)`` in ACLED's codebook, or None for events ACLED does not code."""
    row = load_mappings()["acled"].get(type)
    if row is None:
        return None
    value = (row.get("modes") or {}).get(mode, row.get("default")) if mode else row.get("default")
    return (value[0], value[1]) if value else None


# --------------------------------------------------------------------------- actors


@dataclass(slots=True, frozen=True)
class _ActorRef:
    id: str
    name: str
    type: str
    start: int
    end: int
    pronoun: bool = False


class _Actors:
    """Actor mentions by position: which actor a token names, and the last one before a point."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        refs = [
            _ActorRef(a.id, a.name, a.type, m.start, m.end)
            for a in actors
            for m in a.mentions
        ]
        self.index: SpanIndex[_ActorRef] = SpanIndex(refs, lambda r: (r.start, r.end))
        self.named = sorted(
            (r for r in refs if r.type != "media" and r.end - r.start > 3 and r.start < r.end), key=lambda r: r.start
        )
        self.starts = [r.start for r in self.named]

    def at(self, start: int, end: int) -> _ActorRef | None:
        """The actor a span names; outlets report events, they are not their parties."""
        best: _ActorRef | None = None
        for ref in self.index.overlapping(start, end):
            if ref.type == "media":
                continue
            if best is None or (ref.end - ref.start) > (best.end - best.start):
                best = ref
        return best

    def before(self, pos: int, kind: str, floor: int) -> _ActorRef | None:
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0 and self.starts[i] >= floor:
            ref = self.named[i]
            if kind == "any" or (kind == "person") == (ref.type == "person"):
                if kind != "group" or ref.type in _GROUP_TYPES:
                    return ref
            i -= 1
        return None


# --------------------------------------------------------------------------- extraction


@dataclass(slots=True)
class _Trigger:
    token: Token  # the head word of the predicate (the noun of "held talks")
    sense: Sense
    start: int
    end: int
    governor: Token  # the verb whose subject, tense and modality the event takes
    mode: str | None
    light: Token | None = None


def extract_events(
    text: str,
    docs: Sequence[tuple[int, Doc]],
    *,
    actors: Sequence[Actor],
    dates: Sequence[DateMention],
    citations: Sequence[Citation],
    places: Sequence[Place] = (),
    published: dt.date | None = None,
    lexicon: EventLexicon | None = None,
) -> list[Event]:
    """PLOVER events of a parsed document, in text order, ids ``e1``, ``e2``, ...

    ``docs`` are the parse chunks as ``(character offset, Doc)``; the other arguments are
    the record's actors, dates, citations and (optionally) places.
    """
    lex = lexicon or load_lexicon()
    actor_index = _Actors(actors)
    citation_spans = SpanIndex(citations, lambda c: (c.start, c.end))
    day_dates = [
        d for d in dates
        if d.type == "DATE" and _DAY.match(d.value or "") and not citation_spans.any_overlap(d.start, d.end)
    ]
    dates_index = SpanIndex(day_dates, lambda d: (d.start, d.end))
    scopes = SpanIndex(citations, passage)
    by_id = {c.id: c for c in citations}
    map_places = [p for p in places if p.role == "place"]
    places_index = SpanIndex(map_places, lambda p: (p.start, p.end))
    focus = document_focus_place(places)
    published_iso = published.isoformat() if published else None

    rows: list[tuple[int, int, Event]] = []
    for offset, doc in docs:
        for sent in doc.sents:
            triggers = _triggers(sent, offset, lex)
            if not triggers:
                continue
            s_start, s_end = _trim(text, offset + sent.start_char, offset + sent.end_char)
            sentence = text[s_start:s_end]
            for trig in triggers:
                sources, targets = _participants(trig, offset, actor_index, lex, s_start)
                negated, modality = _modality(trig, lex)
                date, date_precision = _event_date(trig, offset, s_start, s_end, dates_index, scopes, by_id, published_iso)
                place, place_precision = _event_place(trig, offset, s_start, s_end, places_index, focus, actor_index)
                carrier = carrier_at(scopes, trig.start)
                confidence = 0.9 if trig.token.pos_ == "VERB" or trig.light is not None else 0.7
                for number, (source, target) in enumerate(_dyads(sources, targets)):
                    conf = confidence * (0.8 if (source and source.pronoun) else 1.0)
                    rows.append((trig.start, number, Event(
                        id="",
                        type=trig.sense.type or "",
                        mode=trig.mode,
                        source_actor=source.id if source else None,
                        target_actor=target.id if target else None,
                        date=date,
                        date_precision=date_precision,
                        place=place,
                        start=trig.start,
                        end=trig.end,
                        sentence=sentence,
                        citation=carrier.id if carrier else None,
                        negated=negated,
                        modality=modality,
                        confidence=round(conf, 2),
                        place_precision=place_precision,
                        sentence_start=s_start,
                        sentence_end=s_end,
                        source_name=source.name if source else None,
                        target_name=target.name if target else None,
                    )))
    rows.sort(key=lambda row: (row[0], row[1]))
    events = [row[2] for row in rows]
    _place_from_elaboration(events)
    for number, event in enumerate(events, 1):
        event.id = f"e{number}"
    return events


ELABORATION_SENTENCES = 3


def _place_from_elaboration(events: Sequence[Event]) -> None:
    """An event whose sentence names no place takes the place of the same kind of event told
    again with a place within the next ``ELABORATION_SENTENCES`` sentences that tell events
    ("53 died when air strikes hit a village ..." then "the strikes hit the village of X in Y
    province"), before the document's focus:
    ``place_precision="elaboration"``. Planned, hypothetical and negated events neither give
    nor take a place this way."""
    told = sorted(
        (e for e in events if not e.negated and e.modality == "asserted" and e.sentence_start is not None),
        key=lambda e: (e.sentence_start, e.start),
    )
    position = {start: i for i, start in enumerate(sorted({e.sentence_start for e in told}))}
    for i, event in enumerate(told):
        if event.place_precision != "focus":
            continue
        here = position[event.sentence_start]
        for later in told[i + 1:]:
            there = position[later.sentence_start]
            if there > here + ELABORATION_SENTENCES:
                break  # sorted by sentence: nothing further is near enough
            if there > here and later.type == event.type and later.place_precision == "sentence" and later.place:
                event.place, event.place_precision = later.place, "elaboration"
                break


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    return strip_span(text, start, end)


def _verb_sense(token: Token, senses: Sequence[Sense]) -> Sense | None:
    preps = None
    objects = None
    for sense in senses:
        if sense.prep is not None:
            if preps is None:
                preps = {c.lower_ for c in token.children if c.dep_ in ("prep", "prt", "dative", "agent")}
            if sense.prep not in preps:
                continue
        if sense.objects:
            if objects is None:
                objects = {w.lemma_.lower() for c in token.children if c.dep_ in _OBJ or c.dep_ == "nsubjpass"
                           for w in (c, *(x for x in c.children if x.dep_ == "compound"))}
            if not objects & sense.objects:
                continue
        return sense
    return None


def _triggers(sent: Span, offset: int, lex: EventLexicon) -> list[_Trigger]:
    found: list[_Trigger] = []
    carried: set[int] = set()  # nouns taken by a light verb or merged into a verb event
    for token in sent:
        if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.tag_ == "VBN"):
            continue
        senses = lex.verbs.get(token.lemma_.lower())
        if not senses:
            continue
        sense = _verb_sense(token, senses)
        if sense is None:
            continue
        if sense.light or sense.type is None:
            for child in token.children:
                if child.dep_ in _OBJ or child.dep_ in ("nsubjpass",):
                    noun = lex.nouns.get(child.lemma_.lower())
                    if noun is not None:
                        carried.add(child.i)
                        found.append(_make(token, child, Sense(noun.type, noun.mode), offset, lex, light=token))
                        break
            continue
        if sense.objects:
            # "sent aid", "imposed sanctions": the object is part of the predicate
            for child in token.children:
                if child.dep_ in _OBJ and child.lemma_.lower() in sense.objects:
                    carried.add(child.i)
                    found.append(_make(token, child, sense, offset, lex, light=token))
                    break
            else:
                found.append(_make(token, None, sense, offset, lex))
            continue
        found.append(_make(token, None, sense, offset, lex))
    # a noun trigger that is the subject or the instrument of a verb event of its type
    # ("airstrikes killed 20", "killed in a barrel bomb attack") is that event, not another
    by_verb = {t.governor.i: t for t in found if t.light is None}
    for token in sent:
        if token.pos_ not in ("NOUN", "PROPN") or token.i in carried:
            continue
        sense = lex.nouns.get(token.lemma_.lower())
        if sense is None or sense.light_only or sense.type is None:
            continue
        head = token.head
        via = head.head if head.dep_ in ("prep", "agent") else head
        if token.dep_ in _SUBJ or token.dep_ in ("pobj",):
            verb_trig = by_verb.get(via.i)
            if verb_trig is not None and verb_trig.sense.type == sense.type:
                verb_trig.mode = _refine_mode(verb_trig.mode, sense.mode, token, lex, sense.type)
                carried.add(token.i)
                continue
        if token.dep_ == "compound" and lex.nouns.get(token.head.lemma_.lower()) is not None:
            continue  # "barrel bomb attack": the head noun carries it
        found.append(_make(token, None, sense, offset, lex))
    found.sort(key=lambda t: t.start)
    return found


def _make(token: Token, noun: Token | None, sense: Sense, offset: int, lex: EventLexicon,
          light: Token | None = None) -> _Trigger:
    words = [token] if noun is None else [token, noun]
    words += [c for c in token.children if c.dep_ == "prt" or (sense.prep and c.dep_ == "prep" and c.lower_ == sense.prep)]
    start = offset + min(w.idx for w in words)
    end = offset + max(w.idx + len(w.text) for w in words)
    head = noun if noun is not None else token
    governor = token if token.pos_ in ("VERB", "AUX") or noun is not None else _noun_governor(token)
    mode = _refine_mode(sense.mode, None, head, lex, sense.type)
    if noun is not None:
        mode = _refine_mode(mode, None, token, lex, sense.type)
    return _Trigger(head, sense, start, end, governor, mode, light)


def _noun_governor(noun: Token) -> Token:
    """The verb a noun trigger hangs from ("the talks did not ..." -> "come")."""
    head = noun.head
    if noun.dep_ in _SUBJ | _PASS_SUBJ | _OBJ and head.pos_ in ("VERB", "AUX"):
        return head
    return noun


def _refine_mode(mode: str | None, fallback: str | None, head: Token, lex: EventLexicon, kind: str | None) -> str | None:
    cues = lex.mode_cues.get(kind or "")
    if not cues:
        return mode or fallback
    context: list[Token] = [head]
    for child in head.children:
        context.append(child)
        if child.dep_ in _SUBJ | {"agent", "prep", "pobj"} | _OBJ:
            context.extend(child.children)
            for grand in child.children:
                if grand.dep_ == "pobj":
                    context.extend(grand.children)
    words = {t.lemma_.lower() for t in context} | {t.lower_ for t in context}
    for word, cue_mode in cues:
        if word in words:
            # a cue only refines a generic or a related mode ("air" + strike, "suicide" + bombing)
            if mode is None or mode in ("bombing", "killing", "ground", "clash", "shelling") or cue_mode in ("chemical", "suicide"):
                return cue_mode if not (mode == "aerial" and cue_mode == "bombing") else mode
            return mode
    return mode or fallback


# --------------------------------------------------------------------------- participants


def _participants(
    trig: _Trigger, offset: int, actors: _Actors, lex: EventLexicon, s_start: int
) -> tuple[list[_ActorRef], list[_ActorRef]]:
    verb = trig.light if trig.light is not None else trig.governor
    sources: list[_ActorRef] = []
    targets: list[_ActorRef] = []
    if trig.token.pos_ in ("NOUN", "PROPN") and trig.light is None:
        # a noun on its own: "Russian airstrikes on Aleppo", "the talks with the opposition"
        noun = trig.token
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < noun.i:
                ref = _actor_of(child, offset, actors, s_start)
                if ref is not None and ref not in sources:
                    sources.append(ref)
            elif child.dep_ == "prep":
                _collect_pobj(child, offset, actors, s_start,
                              sources if child.lower_ in _SOURCE_PREPS else targets if child.lower_ in _TARGET_PREPS else None)
        return _unique(sources), _unique(t for t in targets if not any(t.id == s.id for s in sources))
    passive = any(c.dep_ in _PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)
    reduced = verb.dep_ == "acl" and verb.tag_ == "VBN"  # "the army, backed by Russia, ..."
    if reduced:
        passive = True
        targets.extend(_expand(verb.head, offset, actors, s_start))
    if passive:
        for child in verb.children:
            if child.dep_ in _PASS_SUBJ:
                targets.extend(_expand(child, offset, actors, s_start))
            elif child.dep_ == "agent":
                _collect_pobj(child, offset, actors, s_start, sources)
    else:
        sources.extend(_subjects(verb, offset, actors, s_start))
        for child in verb.children:
            if child.dep_ in _OBJ and (trig.light is None or child.i != trig.token.i):
                targets.extend(_expand(child, offset, actors, s_start))
    noun_host = trig.token if trig.light is not None else verb
    for host in {noun_host, verb}:
        for child in host.children:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                _collect_pobj(child, offset, actors, s_start, targets)
            elif child.dep_ == "prt" and child.lower_ in _TARGET_PREPS:
                pass
    if not sources and not passive:
        sources.extend(_inherited_subjects(verb, offset, actors, s_start))
    targets = [t for t in targets if not any(t.id == s.id for s in sources)]
    return _unique(sources), _unique(targets)


def _unique(refs: Iterable[_ActorRef]) -> list[_ActorRef]:
    seen: set[str] = set()
    out = []
    for ref in refs:
        if ref.id not in seen:
            seen.add(ref.id)
            out.append(ref)
    return out


def _collect_pobj(prep: Token, offset: int, actors: _Actors, s_start: int, into: list[_ActorRef] | None) -> None:
    if into is None:
        return
    for child in prep.children:
        if child.dep_ == "pobj":
            into.extend(_expand(child, offset, actors, s_start))


def _subjects(verb: Token, offset: int, actors: _Actors, s_start: int) -> list[_ActorRef]:
    for child in verb.children:
        if child.dep_ in _SUBJ:
            return _expand(child, offset, actors, s_start)
    return []


def _inherited_subjects(verb: Token, offset: int, actors: _Actors, s_start: int) -> list[_ActorRef]:
    """The subject of a clause that has none: from the verb it depends on."""
    token = verb
    for _ in range(4):
        dep, head = token.dep_, token.head
        if head is token:
            return []
        if dep == "xcomp":
            # "urged Russia to withdraw": the object controls; "agreed to withdraw": the subject
            for child in head.children:
                if child.dep_ in ("dobj", "obj"):
                    found = _expand(child, offset, actors, s_start)
                    if found:
                        return found
        if dep in ("xcomp", "conj", "advcl", "acl", "ccomp", "acomp"):
            target = head
            if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
                target = head.head  # "exercised the right to veto": the verb that holds "right"
            found = _subjects(target, offset, actors, s_start)
            if found:
                return found
            token = target
            continue
        return []
    return []


def _expand(token: Token, offset: int, actors: _Actors, s_start: int) -> list[_ActorRef]:
    """The actors a noun phrase names, one per conjunct ("Russia and China")."""
    out: list[_ActorRef] = []
    for part in _conjuncts(token):
        ref = _actor_of(part, offset, actors, s_start)
        if ref is not None:
            out.append(ref)
    return out


def _conjuncts(token: Token) -> list[Token]:
    parts = [token]
    stack = [token]
    while stack and len(parts) < _MAX_DYADS:
        current = stack.pop()
        for child in current.children:
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
                parts.append(child)
                stack.append(child)
    return parts


def _actor_of(token: Token, offset: int, actors: _Actors, s_start: int) -> _ActorRef | None:
    """The actor a phrase names: its head word, else the first mention among its modifiers."""
    start = offset + token.idx
    ref = actors.at(start, start + len(token.text))
    if ref is not None:
        return ref
    if token.pos_ == "PRON" and token.lower_ in _PRONOUNS:
        prior = actors.before(start, _PRONOUNS[token.lower_], max(0, s_start - 600))
        if prior is not None:
            return _ActorRef(prior.id, prior.name, prior.type, prior.start, prior.end, pronoun=True)
        return None
    queue = [c for c in token.children if _phrase_child(c)]
    seen = 0
    while queue and seen < 24:
        current = queue.pop(0)
        seen += 1
        here = offset + current.idx
        ref = actors.at(here, here + len(current.text))
        if ref is not None and ref.type != "media":
            return ref
        queue.extend(c for c in current.children if _phrase_child(c))
    return None


def _phrase_child(token: Token) -> bool:
    """Modifiers that still name the participant: "Syrian", "of the regime", "loyal to Assad"."""
    if token.dep_ == "prep":
        return token.lower_ == "of" or (token.lower_ == "to" and token.head.pos_ == "ADJ")
    return token.dep_ in _PHRASE_DEPS


def _dyads(sources: Sequence[_ActorRef], targets: Sequence[_ActorRef]) -> list[tuple[_ActorRef | None, _ActorRef | None]]:
    src: Sequence[_ActorRef | None] = sources[:_MAX_DYADS] or [None]
    tgt: Sequence[_ActorRef | None] = targets[:_MAX_DYADS] or [None]
    return [(s, t) for s in src for t in tgt]


# --------------------------------------------------------------------------- modality


def _modality(trig: _Trigger, lex: EventLexicon) -> tuple[bool, str]:
    negated = False
    modality = "asserted"
    token = trig.light if trig.light is not None else trig.governor
    if token.pos_ in ("NOUN", "PROPN"):
        # a noun hanging deeper in a clause ("threatened Turkey with sanctions", "talks regarding
        # the withdrawal"): the nearest verb above it sets the modality, not the polarity
        for verb in _verbs_above(token):
            lemma = verb.lemma_.lower()
            if lemma in lex.modal_governors:
                return False, lex.modal_governors[lemma]
            above = _modality(_Trigger(verb, trig.sense, trig.start, trig.end, verb, None), lex)[1]
            if above != "asserted":
                return False, above
        return False, modality
    if trig.token.pos_ in ("NOUN", "PROPN") and any(c.lower_ in ("no", "without") and c.dep_ == "det" for c in trig.token.children):
        negated = True
    for _ in range(6):
        for child in token.children:
            dep, lower, lemma = child.dep_, child.lower_, child.lemma_.lower()
            if dep == "neg":
                negated = True
            elif dep in ("aux", "auxpass") and lemma in lex.aux_modality and modality == "asserted":
                modality = lex.aux_modality[lemma]
            elif dep == "mark" and lower in lex.conditional_markers:
                modality = "hypothetical"
        dep, head = token.dep_, token.head
        if head is token or dep not in ("xcomp", "conj", "acl", "acomp", "ccomp", "advcl"):
            break
        if dep in ("xcomp", "acl"):
            lemma = head.lemma_.lower()
            if lemma in lex.negating_governors:
                negated = True
            elif lemma in lex.modal_governors and modality == "asserted":
                modality = lex.modal_governors[lemma]
            if head.pos_ in ("NOUN", "PROPN"):  # "the right to veto": the noun's verb decides
                token = head.head if head.head is not head else head
                continue
        elif dep == "acomp" or head.lemma_.lower() in ("ready", "willing", "prepared"):
            pass
        elif dep in ("ccomp", "advcl"):
            # "said that X will ..." keeps X's own modality; stop at the reporting verb
            break
        token = head
    return negated, modality


def _verbs_above(token: Token) -> list[Token]:
    """The verbs above a noun, nearest first, up to the next finite clause boundary."""
    verbs: list[Token] = []
    for _ in range(8):
        if token.head is token or token.dep_ in ("ccomp", "advcl", "relcl", "parataxis"):
            break
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            verbs.append(token)
    return verbs


# --------------------------------------------------------------------------- date and place


def _nearest(items: Iterable[Any], trig: _Trigger, offset: int, span: Callable[[Any], tuple[int, int]]) -> Any:
    """The item nearest the predicate, preferring one inside the predicate's clause."""
    clause = trig.light if trig.light is not None else trig.governor
    lo = offset + clause.left_edge.idx
    hi = offset + clause.right_edge.idx + len(clause.right_edge.text)
    best = None
    best_key: tuple[int, int] | None = None
    for item in items:
        start, end = span(item)
        inside = 0 if lo <= start and end <= hi else 1
        distance = trig.start - end if end <= trig.start else start - trig.end if start >= trig.end else 0
        key = (inside, abs(distance))
        if best_key is None or key < best_key:
            best, best_key = item, key
    return best


def _event_date(
    trig: _Trigger,
    offset: int,
    s_start: int,
    s_end: int,
    dates: SpanIndex[DateMention],
    scopes: SpanIndex[Citation],
    by_id: dict[str, Citation],
    published: str | None,
) -> tuple[str | None, str]:
    mention = _nearest(dates.overlapping(s_start, s_end), trig, offset, lambda d: (d.start, d.end))
    if mention is not None:
        return mention.value, "sentence"
    value = citation_day(carrier_at(scopes, trig.start), by_id)
    if value:
        return value, "citation"
    if published:
        return published, "published"
    return None, "none"


def _event_place(
    trig: _Trigger,
    offset: int,
    s_start: int,
    s_end: int,
    places: SpanIndex[Place],
    focus: Place | None,
    actors: _Actors,
) -> tuple[EventPlace | None, str]:
    candidates = [
        p
        for p in places.overlapping(s_start, s_end)
        if p.role == "place" and p.confidence > 0 and not _names_actor(p, actors)
    ]
    if focus is not None and focus.country is not None:
        # "Moscow AFP ... in Syria's Deir Ezzor": places in the story's country come first
        home = [p for p in candidates if p.country == focus.country]
        candidates = home or candidates
    best_rank = min((_SPECIFICITY.get(p.precision, 4) for p in candidates), default=None)
    place = _nearest((p for p in candidates if _SPECIFICITY.get(p.precision, 4) == best_rank), trig, offset,
                     lambda p: (p.start, p.end))
    if place is not None and not (
        # "in northwestern Syria" in a report about Idlib: the focus says where in the country
        best_rank is not None and best_rank >= _SPECIFICITY["region"] and focus is not None
        and _SPECIFICITY.get(focus.precision, 4) < best_rank and focus.country is not None
        and focus.country == place.country
    ) and not (
        # "U.S. raids", "the border with Iraq" in a report about Raqqa: a foreign country named in
        # the sentence is a party or a neighbour, the focus says where it happened
        best_rank == _SPECIFICITY["country"] and focus is not None and focus.country is not None
        and focus.country != place.country
    ):
        return _event_place_of(place), "sentence"
    if focus is not None:
        return _event_place_of(focus), "focus"
    return None, "none"


_SPECIFICITY = {"point": 0, "admin1": 1, "region": 2, "country": 3}


def _names_actor(place: Place, actors: _Actors) -> bool:
    """A place name inside the name of an organisation ("Syrian Observatory for Human Rights")."""
    return any(
        ref.type not in ("state",) and ref.start <= place.start and place.end <= ref.end
        and (ref.end - ref.start) > (place.end - place.start)
        for ref in actors.index.overlapping(place.start, place.end)
    )


def _event_place_of(place: Place) -> EventPlace:
    return EventPlace(place.name, place.admin1, place.country, place.latitude, place.longitude)


def document_focus_place(places: Sequence[Place]) -> Place | None:
    """The place a document is about: ``places.document_focus`` when that module is installed
    and finds one, else the most often named place finer than a region (ties: the first named)."""
    if not places:
        return None
    try:  # optional: the place extractor is written alongside this module
        from tabayyun.extract import places as places_module
    except ImportError:
        places_module = None  # type: ignore[assignment]
    focus_fn = getattr(places_module, "document_focus", None) if places_module is not None else None
    if focus_fn is not None:
        found = focus_fn(places)
        if found is not None:
            return found
    named = [p for p in places if p.role == "place" and p.confidence > 0
             and _SPECIFICITY.get(p.precision, 4) < _SPECIFICITY["region"]]
    if not named:
        return None
    counts = Counter(p.name for p in named)
    first: dict[str, Place] = {}
    for p in named:
        first.setdefault(p.name, p)
    return max(first.values(), key=lambda p: (counts[p.name], -p.start))


# --------------------------------------------------------------------------- main event

_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+|\n+")
LEAD_SENTENCES = 3


def main_event(events: Sequence[Event], text: str) -> str | None:
    """The id of the lead event of a news report.

    The lead is the first ``LEAD_SENTENCES`` sentences after a title line (a first line
    without a final stop, followed by a line break). Among the asserted, non-negated
    events there, the most important tier of ``main_event_tiers`` wins (violence first,
    then coercion, ...), and within a tier the earliest. With no such event in the lead,
    the first asserted, non-negated event of the document; with none at all, None.
    """
    candidates = [e for e in events if not e.negated and e.modality == "asserted"]
    if not candidates:
        return None
    lead_start = 0
    first_break = text.find("\n")
    if 0 < first_break <= 200 and text[:first_break].rstrip()[-1:] not in (".", "!", "?", ":"):
        lead_start = first_break + 1
    horizon = max(e.sentence_start if e.sentence_start is not None else e.start for e in candidates)
    boundaries = [m.end() for m in _BOUNDARY.finditer(text, lead_start, min(len(text), horizon + 1))]
    lex = load_lexicon()

    def sentence_no(event: Event) -> int:
        start = event.sentence_start if event.sentence_start is not None else event.start
        return bisect.bisect_right(boundaries, start)

    def tier(event: Event) -> int:
        for rank, types in enumerate(lex.main_event_tiers):
            if event.type in types:
                return rank
        return len(lex.main_event_tiers)

    lead = [e for e in candidates if (e.sentence_start or e.start) >= lead_start and sentence_no(e) < LEAD_SENTENCES]
    if lead:
        return min(lead, key=lambda e: (tier(e), e.start, -e.confidence)).id
    return candidates[0].id
