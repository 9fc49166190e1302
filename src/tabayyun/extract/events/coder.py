"""The entry point: ``extract_events`` walks the sentences of a parsed document and codes
each trigger into one event per source-target dyad."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Doc

from tabayyun.extract.citations import carrier_at, passage
from tabayyun.extract.events.date_place import (
    document_focus_place,
    event_date,
    event_place,
    place_from_elaboration,
)
from tabayyun.extract.events.lexicon import EventLexicon, load_lexicon
from tabayyun.extract.events.modality import event_modality
from tabayyun.extract.events.participants import Actors, dyads, participants
from tabayyun.extract.events.triggers import find_triggers
from tabayyun.model import Actor, Citation, DateMention, Event, Place
from tabayyun.spans import SpanIndex, strip_span

__all__ = ["extract_events"]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    actor_index = Actors(actors)
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
            triggers = find_triggers(sent, offset, lex)
            if not triggers:
                continue
            s_start, s_end = _trim(text, offset + sent.start_char, offset + sent.end_char)
            sentence = text[s_start:s_end]
            for trig in triggers:
                sources, targets = participants(trig, offset, actor_index, lex, s_start)
                negated, modality = event_modality(trig, lex)
                date, date_precision = event_date(trig, offset, s_start, s_end, dates_index, scopes, by_id, published_iso)
                place, place_precision = event_place(trig, offset, s_start, s_end, places_index, focus, actor_index)
                carrier = carrier_at(scopes, trig.start)
                confidence = 0.9 if trig.token.pos_ == "VERB" or trig.light is not None else 0.7
                for number, (source, target) in enumerate(dyads(sources, targets)):
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
    place_from_elaboration(events)
    for number, event in enumerate(events, 1):
        event.id = f"e{number}"
    return events


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    return strip_span(text, start, end)
