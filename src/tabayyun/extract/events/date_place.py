"""When and where an event happened: the date and place of the sentence, the citation, the
publication, an elaboration told just after, or the document's focus place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tabayyun.extract.citations import carrier_at
from tabayyun.extract.events.participants import Actors
from tabayyun.extract.events.triggers import Trigger
from tabayyun.extract.places import document_focus
from tabayyun.model import Citation, DateMention, Event, EventPlace, Place, citation_day
from tabayyun.settings import SETTINGS
from tabayyun.spans import SpanIndex

__all__ = ["document_focus_place", "event_date", "event_place", "place_from_elaboration"]



def place_from_elaboration(events: Sequence[Event]) -> None:
    """An event whose sentence names no place takes the place of the same kind of event told
    again with a place within the next ``SETTINGS.events.elaboration_sentences`` sentences that tell events
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
            if there > here + SETTINGS.events.elaboration_sentences:
                break  # sorted by sentence: nothing further is near enough
            if there > here and later.type == event.type and later.place_precision == "sentence" and later.place:
                event.place, event.place_precision = later.place, "elaboration"
                break


def _nearest(items: Iterable[Any], trig: Trigger, offset: int, span: Callable[[Any], tuple[int, int]]) -> Any:
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


def event_date(
    trig: Trigger,
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


def event_place(
    trig: Trigger,
    offset: int,
    s_start: int,
    s_end: int,
    places: SpanIndex[Place],
    focus: Place | None,
    actors: Actors,
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


def _names_actor(place: Place, actors: Actors) -> bool:
    """A place name inside the name of an organisation ("Syrian Observatory for Human Rights")."""
    return any(
        ref.type not in ("state",) and ref.start <= place.start and place.end <= ref.end
        and (ref.end - ref.start) > (place.end - place.start)
        for ref in actors.index.overlapping(place.start, place.end)
    )


def _event_place_of(place: Place) -> EventPlace:
    return EventPlace(place.name, place.admin1, place.country, place.latitude, place.longitude)


def document_focus_place(places: Sequence[Place]) -> Place | None:
    """The place a document is about: ``places.document_focus`` when it finds one, else the
    most often named place finer than a region (ties: the first named)."""
    if not places:
        return None
    found = document_focus(places)
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
