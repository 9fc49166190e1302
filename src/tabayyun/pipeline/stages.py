"""The analysis as a table of stages over one parsed document.

Each :class:`Stage` names what it reads from the shared :class:`Work` and what it writes there;
the table is checked when this module is imported, so a stage that reads something no earlier
stage writes fails at once instead of in the middle of a batch. An optional stage that is
switched off leaves its products at their empty defaults (no places: ``[]``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from spacy.tokens import Doc

from tabayyun.audit import audit_document
from tabayyun.audit.dates import date_order
from tabayyun.extract.actors import extract_actors
from tabayyun.extract.arabic_speech import (
    ArabicSpeechExtractor,
    arabic_sentences,
    inherit_dropped_subjects,
)
from tabayyun.extract.citations import CitationExtractor, carrier_at, passage
from tabayyun.extract.claims import extract_claims
from tabayyun.extract.dates import extract_dates, infer_day_first
from tabayyun.extract.events import extract_events, main_event
from tabayyun.extract.places import extract_places
from tabayyun.knowledge import KnowledgeBase
from tabayyun.knowledge.gazetteer import Gazetteer
from tabayyun.model import Citation, Document, DocumentRecord, citation_day, document_id
from tabayyun.pipeline.statements import attach_speakers_to_actors, collect_quotes
from tabayyun.resolve.speakers import resolve_speakers
from tabayyun.script import is_arabic
from tabayyun.spans import SpanIndex, strip_span

__all__ = ["STAGES", "Resources", "Stage", "Work", "check_stages", "iso_day"]


@dataclass(slots=True)
class Resources:
    """What the stages share across documents: the knowledge base and the loaded extractors."""

    kb: KnowledgeBase
    gazetteer: Gazetteer | None
    citation_extractor: CitationExtractor
    arabic_speech: ArabicSpeechExtractor


@dataclass(slots=True)
class Work:
    """One document in analysis: the inputs (document, text, chunks) and what the stages made."""

    document: Document
    text: str
    chunks: list[tuple[int, Doc]]
    published: date | None = None
    arabic: bool = False
    sentences: list[tuple[int, int]] = field(default_factory=list)
    outlets: list[Any] = field(default_factory=list)
    blocked: list[tuple[int, int]] = field(default_factory=list)
    day_first: bool = False
    first_pass: list[Any] = field(default_factory=list)
    citations: list[Any] = field(default_factory=list)
    dates: list[Any] = field(default_factory=list)
    actors: list[Any] = field(default_factory=list)
    quotes: list[Any] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)
    home_area: Any = None
    events: list[Any] = field(default_factory=list)
    claims: list[Any] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)

    def record(self) -> DocumentRecord:
        """The JSON contract's record of this document."""
        document, published = self.document, self.published
        return DocumentRecord(
            id=document_id(self.text),
            source_path=document.source_path,
            title=document.title,
            url=document.url,
            published=published.isoformat() if published else None,
            language=document.language or "en",
            text=self.text,
            day_first=self.day_first,
            citations=self.citations,
            quotes=self.quotes,
            actors=self.actors,
            dates=self.dates,
            claims=self.claims,
            findings=self.findings,
            places=self.places,
            events=self.events,
            main_event=main_event(self.events, self.text),
            warnings=list(document.warnings),
            home_area=self.home_area,
        )


INPUTS = ("document", "text", "chunks")


@dataclass(frozen=True, slots=True)
class Stage:
    """One step: ``run`` reads the ``needs`` of the work and writes its ``produces``.

    A stage may also refine what it needs in place (the speakers stage names the speakers of
    the quotes); ``optional`` stages can be switched off (``Analyzer(disable=...)``)."""

    name: str
    run: Callable[[Resources, Work], None]
    needs: tuple[str, ...]
    produces: tuple[str, ...]
    optional: bool = False
    doc: str = ""


def iso_day(value: str | None) -> date | None:
    """The day of an ISO date or timestamp string; None when there is none."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _sentence_spans(text: str, chunks: Sequence[tuple[int, Doc]]) -> list[tuple[int, int]]:
    spans = []
    for offset, doc in chunks:
        for sent in doc.sents:
            start, end = strip_span(text, offset + sent.start_char, offset + sent.end_char)
            if end > start:
                spans.append((start, end))
    return spans


def _anchor_lookup(citations: Sequence[Citation]):
    """Relative dates resolve against the date of the citation that carries their sentence."""
    by_id = {c.id: c for c in citations}
    scopes = SpanIndex(citations, passage)

    def anchor_at(pos: int) -> tuple[date, str] | None:
        carrier = carrier_at(scopes, pos)
        value = iso_day(citation_day(carrier, by_id))
        return (value, f"citation:{carrier.id}") if value is not None and carrier is not None else None

    return anchor_at


def _sentences(res: Resources, w: Work) -> None:
    w.published = iso_day(w.document.published)
    # the English model splits Arabic at random: Arabic text is split by punctuation
    w.arabic = w.document.language == "ar" if w.document.language else is_arabic(w.text)
    w.sentences = arabic_sentences(w.text) if w.arabic else _sentence_spans(w.text, w.chunks)


def _outlets(res: Resources, w: Work) -> None:
    w.outlets = res.kb.find_outlets(w.text)
    w.blocked = [(s, e) for s, e, _ in w.outlets]


def _first_dates(res: Resources, w: Work) -> None:
    w.day_first = infer_day_first(w.text)
    w.first_pass = extract_dates(w.text, reference=w.published, day_first=w.day_first, blocked=w.blocked)


def _citations(res: Resources, w: Work) -> None:
    w.citations = res.citation_extractor.extract(
        w.text, w.first_pass, day_first=w.day_first, published=w.published, sentences=w.sentences, outlets=w.outlets
    )
    # a citation whose day and month look swapped anchors its passage with the corrected date
    corrections = {f.start: f.suggestion for f in date_order(w.text, w.citations, w.first_pass) if f.suggestion}
    for citation in w.citations:
        citation.date_corrected = corrections.get(citation.date_start) if citation.date_start is not None else None


def _dates(res: Resources, w: Work) -> None:
    single = w.chunks[0][1] if len(w.chunks) == 1 else None
    w.dates = extract_dates(
        w.text,
        reference=w.published,
        day_first=w.day_first,
        anchor_at=_anchor_lookup(w.citations),
        blocked=w.blocked,
        doc=single,
    )


def _actors(res: Resources, w: Work) -> None:
    w.actors = extract_actors(w.text, w.chunks, res.kb, on=w.published)


def _quotes(res: Resources, w: Work) -> None:
    spoken = res.arabic_speech.extract(w.text, w.sentences, w.actors, w.citations) if w.arabic else None
    w.quotes = collect_quotes(w.text, w.chunks, w.citations, w.dates, w.published, spoken, w.actors)


def _speakers(res: Resources, w: Work) -> None:
    resolve_speakers(w.text, w.quotes, w.actors, w.citations, res.kb, w.published)
    if w.arabic:
        inherit_dropped_subjects(w.quotes)
    attach_speakers_to_actors(w.quotes, w.actors)


def _places(res: Resources, w: Work) -> None:
    w.places = extract_places(w.text, w.chunks, res.kb, w.actors, gazetteer=res.gazetteer, hint=w.document.home_hint)
    w.home_area = w.document.home_area


def _events(res: Resources, w: Work) -> None:
    w.events = extract_events(
        w.text, w.chunks, actors=w.actors, dates=w.dates, citations=w.citations, places=w.places, published=w.published
    )


def _claims(res: Resources, w: Work) -> None:
    w.claims = extract_claims(w.text, w.sentences, w.citations, w.quotes)


def _audit(res: Resources, w: Work) -> None:
    w.findings = audit_document(
        w.text, citations=w.citations, dates=w.dates, sentences=w.sentences, published=w.published
    )


STAGES: tuple[Stage, ...] = (
    Stage("sentences", _sentences, INPUTS, ("published", "arabic", "sentences"),
          doc="publication day, script, sentence spans (Arabic split by punctuation)"),
    Stage("outlets", _outlets, ("text",), ("outlets", "blocked"),
          doc="outlet names of the registry; their spans are no dates"),
    Stage("first-dates", _first_dates, ("text", "published", "blocked"), ("day_first", "first_pass"),
          doc="day-first or month-first, and the dates before any citation anchors them"),
    Stage("citations", _citations, ("text", "first_pass", "day_first", "published", "sentences", "outlets"),
          ("citations",), doc="citations with their scopes; swapped day/month corrected"),
    Stage("dates", _dates, ("text", "chunks", "published", "day_first", "citations", "blocked"), ("dates",),
          doc="dates, relative ones anchored on the citation that carries them"),
    Stage("actors", _actors, ("text", "chunks", "published"), ("actors",),
          doc="actors with their mentions and roles on the publication day"),
    Stage("quotes", _quotes, ("text", "chunks", "arabic", "sentences", "citations", "dates", "published", "actors"),
          ("quotes",), doc="statements, numbered, with carrier and date"),
    Stage("speakers", _speakers, ("text", "quotes", "actors", "citations", "published", "arabic"), (),
          doc="speakers resolved to actors (refines quotes and actors in place)"),
    Stage("places", _places, ("document", "text", "chunks", "actors"), ("places", "home_area"), optional=True,
          doc="places geocoded offline, leaning toward the document's home area"),
    Stage("events", _events, ("text", "chunks", "actors", "dates", "citations", "places", "published"),
          ("events",), optional=True, doc="events coded in PLOVER/CAMEO/ACLED"),
    Stage("claims", _claims, ("text", "sentences", "citations", "quotes"), ("claims",),
          doc="sentences as claims: sourced, quoted or the author's own voice"),
    Stage("audit", _audit, ("text", "citations", "dates", "sentences", "published"), ("findings",),
          doc="findings: date order, dates after publication and the like"),
)


def check_stages(stages: Sequence[Stage]) -> None:
    """Raise ValueError when a stage reads what no earlier stage (or the input) writes, writes
    what the work does not hold, or shares its name with another stage."""
    known = {f.name for f in fields(Work)}
    made = set(INPUTS)
    names: set[str] = set()
    for stage in stages:
        if stage.name in names:
            raise ValueError(f"stage {stage.name!r} appears twice")
        names.add(stage.name)
        if missing := [n for n in stage.needs if n not in made]:
            raise ValueError(f"stage {stage.name!r} needs {missing}, which no earlier stage produces")
        if unknown := [n for n in stage.produces if n not in known]:
            raise ValueError(f"stage {stage.name!r} produces {unknown}, which Work does not hold")
        made.update(stage.produces)


check_stages(STAGES)
