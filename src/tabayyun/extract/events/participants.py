"""Participants: the source and target actors of a trigger, found along the parse and
matched to the record's actor mentions, one source-target dyad per event."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from tabayyun.extract.events.lexicon import EventLexicon
from tabayyun.extract.events.triggers import OBJ, PASS_SUBJ, SUBJ, Trigger
from tabayyun.model import Actor
from tabayyun.settings import SETTINGS
from tabayyun.spans import SpanIndex

__all__ = ["ActorRef", "Actors", "dyads", "participants"]

_TARGET_PREPS = frozenset({"on", "against", "with", "to", "at", "toward", "towards", "upon", "into", "for"})
_SOURCE_PREPS = frozenset({"by"})
# dependencies whose subtree still describes the same participant ("the Russian Foreign Minister ...")
_PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "npadvmod", "appos", "prep", "pobj", "case"})
_PRONOUNS = {
    "he": "person", "she": "person", "him": "person", "her": "person",
    "it": "group", "they": "any", "them": "any", "we": "any", "i": "person",
}
_GROUP_TYPES = frozenset({"state", "organization", "armed_group"})


@dataclass(slots=True, frozen=True)
class ActorRef:
    id: str
    name: str
    type: str
    start: int
    end: int
    pronoun: bool = False


class Actors:
    """Actor mentions by position: which actor a token names, and the last one before a point."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        refs = [
            ActorRef(a.id, a.name, a.type, m.start, m.end)
            for a in actors
            for m in a.mentions
        ]
        self.index: SpanIndex[ActorRef] = SpanIndex(refs, lambda r: (r.start, r.end))
        self.named = sorted(
            (r for r in refs if r.type != "media" and r.end - r.start > 3 and r.start < r.end), key=lambda r: r.start
        )
        self.starts = [r.start for r in self.named]

    def at(self, start: int, end: int) -> ActorRef | None:
        """The actor a span names; outlets report events, they are not their parties."""
        best: ActorRef | None = None
        for ref in self.index.overlapping(start, end):
            if ref.type == "media":
                continue
            if best is None or (ref.end - ref.start) > (best.end - best.start):
                best = ref
        return best

    def before(self, pos: int, kind: str, floor: int) -> ActorRef | None:
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0 and self.starts[i] >= floor:
            ref = self.named[i]
            if kind == "any" or (kind == "person") == (ref.type == "person"):
                if kind != "group" or ref.type in _GROUP_TYPES:
                    return ref
            i -= 1
        return None


def participants(
    trig: Trigger, offset: int, actors: Actors, lex: EventLexicon, s_start: int
) -> tuple[list[ActorRef], list[ActorRef]]:
    verb = trig.light if trig.light is not None else trig.governor
    sources: list[ActorRef] = []
    targets: list[ActorRef] = []
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
    passive = any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)
    reduced = verb.dep_ == "acl" and verb.tag_ == "VBN"  # "the army, backed by Russia, ..."
    if reduced:
        passive = True
        targets.extend(_expand(verb.head, offset, actors, s_start))
    if passive:
        for child in verb.children:
            if child.dep_ in PASS_SUBJ:
                targets.extend(_expand(child, offset, actors, s_start))
            elif child.dep_ == "agent":
                _collect_pobj(child, offset, actors, s_start, sources)
    else:
        sources.extend(_subjects(verb, offset, actors, s_start))
        for child in verb.children:
            if child.dep_ in OBJ and (trig.light is None or child.i != trig.token.i):
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


def _unique(refs: Iterable[ActorRef]) -> list[ActorRef]:
    seen: set[str] = set()
    out = []
    for ref in refs:
        if ref.id not in seen:
            seen.add(ref.id)
            out.append(ref)
    return out


def _collect_pobj(prep: Token, offset: int, actors: Actors, s_start: int, into: list[ActorRef] | None) -> None:
    if into is None:
        return
    for child in prep.children:
        if child.dep_ == "pobj":
            into.extend(_expand(child, offset, actors, s_start))


def _subjects(verb: Token, offset: int, actors: Actors, s_start: int) -> list[ActorRef]:
    for child in verb.children:
        if child.dep_ in SUBJ:
            return _expand(child, offset, actors, s_start)
    return []


def _inherited_subjects(verb: Token, offset: int, actors: Actors, s_start: int) -> list[ActorRef]:
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


def _expand(token: Token, offset: int, actors: Actors, s_start: int) -> list[ActorRef]:
    """The actors a noun phrase names, one per conjunct ("Russia and China")."""
    out: list[ActorRef] = []
    for part in _conjuncts(token):
        ref = _actor_of(part, offset, actors, s_start)
        if ref is not None:
            out.append(ref)
    return out


def _conjuncts(token: Token) -> list[Token]:
    parts = [token]
    stack = [token]
    while stack and len(parts) < SETTINGS.events.max_side_actors:
        current = stack.pop()
        for child in current.children:
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
                parts.append(child)
                stack.append(child)
    return parts


def _actor_of(token: Token, offset: int, actors: Actors, s_start: int) -> ActorRef | None:
    """The actor a phrase names: its head word, else the first mention among its modifiers."""
    start = offset + token.idx
    ref = actors.at(start, start + len(token.text))
    if ref is not None:
        return ref
    if token.pos_ == "PRON" and token.lower_ in _PRONOUNS:
        prior = actors.before(start, _PRONOUNS[token.lower_], max(0, s_start - 600))
        if prior is not None:
            return ActorRef(prior.id, prior.name, prior.type, prior.start, prior.end, pronoun=True)
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


def dyads(sources: Sequence[ActorRef], targets: Sequence[ActorRef]) -> list[tuple[ActorRef | None, ActorRef | None]]:
    src: Sequence[ActorRef | None] = sources[:SETTINGS.events.max_side_actors] or [None]
    tgt: Sequence[ActorRef | None] = targets[:SETTINGS.events.max_side_actors] or [None]
    return [(s, t) for s in src for t in tgt]
