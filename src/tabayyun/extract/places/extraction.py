"""The entry points: every place of a text (:func:`extract_places`) and the geocoding of
given toponym spans (:func:`resolve_toponyms`), as :class:`~tabayyun.model.Place` records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from tabayyun.extract.places.actor_uses import mark_actor_uses
from tabayyun.extract.places.mentions import Mention, prepare
from tabayyun.extract.places.resolution import confidence, resolve
from tabayyun.extract.places.scan import find_mentions
from tabayyun.knowledge import KnowledgeBase
from tabayyun.knowledge.gazetteer import Gazetteer, GeoEntry
from tabayyun.model import Actor, Place, PlaceHint

__all__ = ["extract_places", "resolve_toponyms"]


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
    mentions = find_mentions(text, docs, kb, actors, gazetteer)
    mark_actor_uses(mentions, docs, kb, actors, gazetteer)
    resolve(mentions, text, _document_countries(text, kb), hint)
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
    context = find_mentions(text, docs, kb, (), gazetteer) if docs else []
    given: list[Mention] = []
    for start, end in spans:
        mention = Mention(start, end, text[start:end], text[start:end], "given")
        prepare(mention, text, gazetteer)
        if not mention.candidates:
            country = _demonym_country(mention.surface, kb, gazetteer)
            mention.candidates = (country,) if country is not None else ()
        mention.start, mention.end, mention.surface = start, end, text[start:end]
        given.append(mention)
    others = [m for m in context if not any(m.start < g.end and g.start < m.end for g in given)]
    everything = sorted(given + others, key=lambda m: m.start)
    resolve(everything, text, _document_countries(text, kb), hint)
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


def _place(mention: Mention) -> Place:
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
        confidence=confidence(mention.scores),
    )


