"""Actor extraction: who is named in a document, and where.

Three sources, in order of trust:

1. the knowledge base gazetteer (outlets, people, states, organisations, armed
   groups; state demonyms; capitals used as subjects, "Moscow relies on ...");
2. role noun phrases ("the Russian Foreign Minister") resolved to the person who
   held the office on the document's date;
3. spaCy NER (PERSON, ORG; NORP/GPE only when the knowledge base knows them).

The knowledge base wins over NER labels: the small English model splits
"Russia Today" into GPE + DATE and tags "Mevlut Cavusoglu" as ORG, but the
gazetteer has already claimed those spans, so NER never sees them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from tabayyun.knowledge import (
    ActorEntry,
    Hit,
    KnowledgeBase,
    OutletEntry,
    fold,
    fold_with_index,
)
from tabayyun.model import Actor, ActorType, Mention
from tabayyun.nlp import doc_text
from tabayyun.spans import GrowingSpans, SpanIndex

__all__ = ["extract_actors"]

_NER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# single words NER tags as organisations that name no particular body
_GENERIC_ORGS = frozenset(
    "ministry government army council committee parliament court agency office regime "
    "opposition coalition islam state administration forces front".split()
)
# Hijri month names the small model takes for people or organisations
_MONTH_NAMES = frozenset(
    "muharram safar rabi rabii jumada rajab shaban sha'ban ramadan shawwal dhu".split()
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})
_LEFT_GLUE = re.compile(r"(?:['’]s)?[ \t]{1,3}")  # between a cue and a title: " ", "'s "
_RIGHT_GLUE = re.compile(r"\s+(?:(?:of|for|to|at|in|with)\s+)?(?:the\s+)?", re.IGNORECASE)
_LOOKBACK = dt.timedelta(days=7)
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    key: str  # actor id
    name: str
    type: ActorType
    country: str | None
    known: bool
    entry: ActorEntry | OutletEntry | None = None
    kind: str = "name"  # name | alias | surname | demonym | metonym | outlet | role | ner


@dataclass(slots=True)
class _Group:
    id: str
    name: str
    type: ActorType
    country: str | None
    known: bool
    spans: list[tuple[int, int]] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)


def _from_hit(hit: Hit, kb: KnowledgeBase) -> _Found:
    entry = hit.entry
    if isinstance(entry, OutletEntry):
        return _Found(hit.start, hit.end, kb.actor_id(entry), entry.name, "media",
                      entry.country, True, entry, "outlet")
    return _Found(hit.start, hit.end, kb.actor_id(entry), entry.name, entry.type,  # type: ignore[arg-type]
                  entry.country, True, entry, hit.kind)


class _Tokens:
    """Find the spaCy token(s) behind a character span of the whole text."""

    def __init__(self, docs: Sequence[tuple[int, Doc]]) -> None:
        self.docs = docs

    def root(self, start: int, end: int) -> Token | None:
        for offset, doc in self.docs:
            if offset <= start and end <= offset + len(doc_text(doc)):
                span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
                return span.root if span is not None and len(span) else None
        return None


def _is_agentive(token: Token | None) -> bool:
    """A capital used as an actor: a subject, a possessor, or the agent of a passive."""
    if token is None:
        return False
    if token.dep_ in _SUBJECT_DEPS:
        return True
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return True
    return token.dep_ == "conj" and token.head.dep_ in _SUBJECT_DEPS


def _select(candidates: list[_Found], blocked: Sequence[tuple[int, int]]) -> list[_Found]:
    """Longest first, then leftmost; no overlaps with each other or with ``blocked``."""
    chosen: list[_Found] = []
    taken = GrowingSpans(blocked)
    for found in sorted(candidates, key=lambda f: (f.start - f.end, f.start)):
        if not taken.overlaps(found.start, found.end):
            chosen.append(found)
            taken.add(found.start, found.end)
    return sorted(chosen, key=lambda f: f.start)


def _role_mentions(
    text: str,
    kb: KnowledgeBase,
    chosen: list[_Found],
    on: dt.date | None,
    blocked: Sequence[tuple[int, int]],
) -> list[_Found]:
    """Role noun phrases resolved to office holders ("the Turkish President" -> Erdogan)."""
    folded, index = fold_with_index(text)
    cues = [f for f in chosen if f.type in ("state", "organization", "armed_group")]
    cue_by_end: dict[int, list[_Found]] = {}
    cue_by_start: dict[int, _Found] = {}
    for cue in cues:
        cue_by_end.setdefault(cue.end, []).append(cue)
        cue_by_start.setdefault(cue.start, cue)
    cue_ends = sorted(cue_by_end)
    persons = [f for f in chosen if f.type == "person"]
    person_spans = SpanIndex(persons, lambda p: (p.start, p.end))
    person_at = {p.start: p for p in reversed(persons)}
    blocked_spans = GrowingSpans(blocked)
    found: list[_Found] = []
    for m in kb.title_regex().finditer(folded):
        t_start, t_end = index[m.start(1)], index[m.end(1) - 1] + 1
        if person_spans.any_overlap(t_start, t_end):
            continue  # "President Obama" is already a name
        left, right = t_start, t_end
        # extend left over cues: "the US State Department spokesman", "Russia's foreign minister"
        moved = True
        while moved:
            moved = False
            i = bisect.bisect_right(cue_ends, left)
            for end in reversed(cue_ends[max(0, i - 8):i]):  # glue between cue and title is short
                cue = next((c for c in cue_by_end[end] if _LEFT_GLUE.fullmatch(text[c.end:left])), None)
                if cue is not None:
                    left, moved = cue.start, True
                    break
        # extend right: "the spokesman for the State Department", "envoy to Turkey"
        glue = _RIGHT_GLUE.match(text, right)
        if glue and glue.end() in cue_by_start:
            right = cue_by_start[glue.end()].end
        if blocked_spans.overlaps(left, right):
            continue
        phrase = text[left:right]
        holder = kb.role_holder(phrase, on)
        if holder is None and on is not None:
            # reports describe the days just before publication: "the ambassador, who was
            # killed yesterday" held the office a day ago, not on the day of the report
            holder = kb.role_holder(phrase, on - _LOOKBACK)
        if holder is None:
            continue
        # apposition: "the Turkish Foreign Minister Mevlut Cavusoglu" - the name decides
        after = re.match(r"[\s,]+", text[right:])
        next_start = right + (after.end() if after else 0)
        named = person_at.get(next_start)
        if named is not None and named.entry is not holder:
            continue
        article = _ARTICLE.match(phrase)
        start = left + (article.end() if article else 0)
        found.append(_Found(start, right, kb.actor_id(holder), holder.name, "person",
                            holder.country, True, holder, "role"))
    return found


def _clean_ner_span(text: str, start: int, end: int) -> tuple[int, int]:
    surface = text[start:end]
    article = _ARTICLE.match(surface)
    if article:
        start += article.end()
    surface = text[start:end]
    trimmed = re.sub(r"(?:['’]s|['’])$", "", surface).rstrip(" .,;:)(\"“”'")
    return start, start + len(trimmed)


def _ner_mentions(
    text: str,
    docs: Sequence[tuple[int, Doc]],
    kb: KnowledgeBase,
    taken: list[tuple[int, int]],
) -> list[_Found]:
    found: list[_Found] = []
    # a name tagged as a place anywhere in the document is not an unknown person/org
    places = {
        _key(ent.text) for _, doc in docs for ent in doc.ents if ent.label_ in _PLACE_LABELS
    }
    folded, index = fold_with_index(text)
    titles = [
        (index[m.start(1)], index[m.end(1) - 1] + 1) for m in kb.title_regex().finditer(folded)
    ]
    taken_spans = SpanIndex(taken, lambda span: span)
    for offset, doc in docs:
        for ent in doc.ents:
            if ent.label_ not in _NER_LABELS:
                continue
            start, end = _clean_ner_span(text, offset + ent.start_char, offset + ent.end_char)
            surface = text[start:end]
            if end - start < 2 or "\n" in surface or taken_spans.any_overlap(start, end):
                continue
            if not any(ch.isupper() for ch in surface):
                continue
            outlet = kb.match_outlet(surface) if ent.label_ == "ORG" else None
            if outlet is not None:
                found.append(_Found(start, end, kb.actor_id(outlet), outlet.name, "media",
                                    outlet.country, True, outlet, "outlet"))
                continue
            actor = kb.match_actor(surface)
            if actor is not None:
                found.append(_Found(start, end, kb.actor_id(actor), actor.name, actor.type,  # type: ignore[arg-type]
                                    actor.country, True, actor, "ner"))
                continue
            key = _key(surface)
            if key in places or key in _GENERIC_ORGS or key.split(" ")[0] in _MONTH_NAMES:
                continue
            if any(s <= start and end <= e for s, e in titles):
                continue  # "Interior" in "Interior Minister"
            if ent.label_ == "PERSON":
                kind: ActorType = "person"
            elif ent.label_ == "ORG":
                kind = "organization"
            else:
                continue  # unknown nationalities and places are not actors
            found.append(_Found(start, end, _ner_id(surface), surface, kind, None, False, None, "ner"))
    return found


def _key(name: str) -> str:
    return " ".join(_words(_ARTICLE.sub("", name)))


def _ner_id(name: str) -> str:
    slug = re.sub(r"[\W_]+", "-", fold(name).casefold()).strip("-")
    return f"ner:{slug}"


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(name).casefold())


def _merge_unknown(groups: dict[str, _Group], text: str, taken: list[tuple[int, int]]) -> None:
    """Attach short forms to the one unknown person whose name they end.

    "Nashar" joins "Samir Nashar" whether NER tagged it PERSON, ORG or missed it;
    nothing is merged when two people could claim the short form, or when the
    knowledge base already claimed the span.
    """
    persons = [g for g in groups.values() if not g.known and g.type == "person"]
    known_surnames = {
        _words(g.name)[-1] for g in groups.values() if g.known and g.type == "person" and g.name
    }

    def owner_of(words: list[str]) -> _Group | None:
        owners = [
            g for g in persons
            if g.id in groups and len(_words(g.name)) > len(words)
            and _words(g.name)[-len(words):] == words
        ]
        return owners[0] if len(owners) == 1 else None

    # unknown short groups (any NER label) that end a longer unknown person name
    for short in sorted((g for g in groups.values() if not g.known), key=lambda g: len(_words(g.name))):
        words = _words(short.name)
        owner = owner_of(words) if words else None
        if owner is not None and owner is not short and words[-1] not in known_surnames:
            owner.spans.extend(short.spans)
            owner.surfaces.extend(short.surfaces)
            groups.pop(short.id, None)

    # bare surnames NER did not tag at all
    spans = GrowingSpans(list(taken) + [sp for g in groups.values() for sp in g.spans])
    for person in [g for g in persons if g.id in groups]:
        words = person.name.split()
        if len(words) < 2:
            continue
        surname = words[-1]
        if owner_of([_words(surname)[-1]] if _words(surname) else []) is not person:
            continue
        if not surname[:1].isupper() or _words(surname)[-1] in known_surnames:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(surname)}(?!\w)", text):
            if not spans.overlaps(m.start(), m.end()):
                person.spans.append((m.start(), m.end()))
                person.surfaces.append(m.group())
                spans.add(m.start(), m.end())


def extract_actors(
    text: str,
    docs: Sequence[tuple[int, Doc]],
    kb: KnowledgeBase,
    *,
    on: dt.date | None = None,
    blocked: Sequence[tuple[int, int]] = (),
    demonyms: bool = True,
) -> list[Actor]:
    """All actors named in ``text``, each with the exact spans of its mentions.

    ``docs`` are the parsed chunks of ``text`` as (char offset, Doc). ``on`` is the
    day role phrases are resolved for (usually the publication date). Spans
    overlapping ``blocked`` are ignored. With ``demonyms`` "Russian" counts as a
    mention of Russia.
    """
    tokens = _Tokens(docs)
    candidates = [_from_hit(h, kb) for h in kb.scan_outlets(text)]
    for hit in kb.scan_actors(text, demonyms=demonyms, metonyms=True):
        if hit.kind == "metonym" and not _is_agentive(tokens.root(hit.start, hit.end)):
            continue
        candidates.append(_from_hit(hit, kb))
    chosen = _select(candidates, blocked)

    roles = _role_mentions(text, kb, chosen, on, blocked)
    if roles:
        role_spans = SpanIndex(roles, lambda r: (r.start, r.end))
        # adjectives inside a role phrase ("Russian" in "the Russian Foreign Minister") are
        # absorbed by it; named bodies ("the State Department") stay mentions of their own
        chosen = [f for f in chosen if f.kind != "demonym" or not role_spans.any_overlap(f.start, f.end)]
        chosen = sorted(chosen + roles, key=lambda f: f.start)

    taken = [(f.start, f.end) for f in chosen] + list(blocked)
    chosen += _ner_mentions(text, docs, kb, taken)

    groups: dict[str, _Group] = {}
    for f in sorted(chosen, key=lambda f: f.start):
        group = groups.get(f.key)
        if group is None:
            group = groups[f.key] = _Group(f.key, f.name, f.type, f.country, f.known)
        group.spans.append((f.start, f.end))
        group.surfaces.append(text[f.start:f.end])
    _merge_unknown(groups, text, taken)

    actors: list[Actor] = []
    for group in groups.values():
        name = group.name
        if not group.known:
            name = max(group.surfaces, key=lambda s: (len(_words(s)), len(s)))
        mentions = [Mention(s, e, text[s:e]) for s, e in sorted(set(group.spans))]
        actors.append(Actor(id=group.id, name=name, type=group.type, country=group.country,
                            mentions=mentions, known=group.known))
    actors.sort(key=lambda a: a.mentions[0].start)
    return actors
