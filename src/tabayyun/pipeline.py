"""The analyzer: one Document in, one DocumentRecord (the JSON contract) out.

Stages run in a fixed order over one shared parse:
outlets → dates (first pass) → citations → dates (anchored) → quotes → actors → speakers → places
→ events → claims → audit.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.context
import sys
import threading
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.tokens import Doc

from tabayyun import nlp as nlp_module
from tabayyun.audit import audit_document
from tabayyun.audit.dates import date_order
from tabayyun.extract.actors import extract_actors
from tabayyun.extract.arabic_speech import (
    ArabicSpeechExtractor,
    arabic_sentences,
    inherit_dropped_subjects,
    is_arabic,
)
from tabayyun.extract.citations import CitationExtractor, carrier_at, passage
from tabayyun.extract.claims import extract_claims
from tabayyun.extract.dates import extract_dates, infer_day_first
from tabayyun.extract.events import extract_events, main_event
from tabayyun.extract.places import extract_places
from tabayyun.extract.quotes import extract_quotes
from tabayyun.knowledge import KnowledgeBase
from tabayyun.knowledge.gazetteer import Gazetteer
from tabayyun.model import (
    Actor,
    Citation,
    Cue,
    DateMention,
    Document,
    DocumentRecord,
    Mention,
    Place,
    Quote,
    Speaker,
    citation_day,
    document_id,
    normalise_text,
)
from tabayyun.nlp import doc_text
from tabayyun.resolve.speakers import resolve_speakers
from tabayyun.spans import SpanIndex, strip_span

_QUOTE_OPENERS = {"(": ")", "“": "”", '"': '"', "«": "»"}
PARSE_BATCH_CHARS = 200_000
# documents per task sent to a worker process, and tasks queued ahead per worker
WORKER_TASK_DOCS = 4
TASKS_AHEAD_PER_WORKER = 3


@dataclass(slots=True)
class AnalysisFailure:
    """A document the analyzer could not process, reported like an ingest error."""

    path: str
    message: str
    line: int | None = None

    @classmethod
    def of(cls, document: Document, exc: Exception) -> AnalysisFailure:
        return cls(document.source_path, f"analysis failed: {type(exc).__name__}: {exc}", document.line)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass(slots=True)
class Parsed:
    """A document with its spaCy parse, chunked for long texts: [(char offset, Doc)]."""

    document: Document
    text: str
    chunks: list[tuple[int, Doc]]


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class Analyzer:
    """Holds the loaded model and knowledge base; analyzes documents one by one or in batches."""

    OPTIONAL_STAGES = ("places", "events")

    def __init__(
        self, model: str | None = None, kb: KnowledgeBase | None = None, disable: Collection[str] = ()
    ) -> None:
        unknown = set(disable) - set(self.OPTIONAL_STAGES)
        if unknown:
            raise ValueError(f"unknown stage(s) {sorted(unknown)}; optional stages: {self.OPTIONAL_STAGES}")
        self.disabled = frozenset(disable)
        self.model_name = model or nlp_module.model_name()
        self.nlp = nlp_module.load(self.model_name)
        self.kb = kb or KnowledgeBase.load()
        # built once per machine on first use, then opened
        self.gazetteer = Gazetteer.load() if "places" not in self.disabled else None
        self.citation_extractor = CitationExtractor(self.kb)
        self.arabic_speech = ArabicSpeechExtractor(self.kb)

    # -- parsing ---------------------------------------------------------------------------
    def parse_many(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Parsed]:
        """Parse documents with ``nlp.pipe`` in batches, keeping memory flat."""
        batch: list[tuple[Document, str, list[tuple[int, int]]]] = []
        for document in documents:
            text = normalise_text(document.text)
            batch.append((document, text, nlp_module.chunk_offsets(text)))
            if len(batch) >= batch_size:
                yield from self._parse_batch(batch, batch_size)
                batch = []
        if batch:
            yield from self._parse_batch(batch, batch_size)

    def _parse_batch(
        self, batch: Sequence[tuple[Document, str, list[tuple[int, int]]]], batch_size: int
    ) -> Iterator[Parsed]:
        pieces = [text[s:e] for _, text, offsets in batch for s, e in offsets]
        # spaCy holds a whole batch in memory at once: cap it by characters, not only by count
        longest = max((len(p) for p in pieces), default=1)
        size = max(1, min(batch_size, PARSE_BATCH_CHARS // max(1, longest)))
        docs = iter(nlp_module.parse(self.nlp, pieces, batch_size=size))
        for document, text, offsets in batch:
            yield Parsed(document, text, [(s, next(docs)) for s, _ in offsets])

    # -- analysis --------------------------------------------------------------------------
    def analyze(self, document: Document) -> DocumentRecord:
        """Analyze one document; raises if an extractor fails on it."""
        return self.analyze_parsed(next(self.parse_many([document])))

    def analyze_many(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[DocumentRecord | AnalysisFailure]:
        """Records in input order; a document that breaks an extractor becomes an AnalysisFailure
        and the rest of the batch goes on."""
        for parsed in self.parse_many(documents, batch_size=batch_size):
            try:
                yield self.analyze_parsed(parsed)
            except Exception as exc:  # noqa: BLE001 - one bad document must not end the batch
                yield AnalysisFailure.of(parsed.document, exc)

    def analyze_parsed(self, parsed: Parsed) -> DocumentRecord:
        document, text, chunks = parsed.document, parsed.text, parsed.chunks
        published = _iso(document.published)
        # the English model splits Arabic at random: Arabic text is split by punctuation
        arabic = document.language == "ar" if document.language else is_arabic(text)
        sentences = arabic_sentences(text) if arabic else _sentences(text, chunks)
        outlets = self.kb.find_outlets(text)
        blocked = [(s, e) for s, e, _ in outlets]
        day_first = infer_day_first(text)
        first_pass = extract_dates(text, reference=published, day_first=day_first, blocked=blocked)
        citations = self.citation_extractor.extract(
            text, first_pass, day_first=day_first, published=published, sentences=sentences, outlets=outlets
        )
        # a citation whose day and month look swapped anchors its passage with the corrected date
        corrections = {f.start: f.suggestion for f in date_order(text, citations, first_pass) if f.suggestion}
        for citation in citations:
            citation.date_corrected = corrections.get(citation.date_start) if citation.date_start is not None else None
        anchor_at = _anchor_lookup(citations)
        single = chunks[0][1] if len(chunks) == 1 else None
        dates = extract_dates(
            text, reference=published, day_first=day_first, anchor_at=anchor_at, blocked=blocked, doc=single
        )
        actors = extract_actors(text, chunks, self.kb, on=published)
        spoken = self.arabic_speech.extract(text, sentences, actors, citations) if arabic else None
        quotes = self._quotes(text, chunks, citations, dates, published, spoken, actors)
        resolve_speakers(text, quotes, actors, citations, self.kb, published)
        if arabic:
            inherit_dropped_subjects(quotes)
        _attach_speakers_to_actors(quotes, actors)
        places = (
            extract_places(text, chunks, self.kb, actors, gazetteer=self.gazetteer, hint=document.home_hint)
            if "places" not in self.disabled
            else []
        )
        events = (
            extract_events(
                text, chunks, actors=actors, dates=dates, citations=citations, places=places, published=published
            )
            if "events" not in self.disabled
            else []
        )
        claims = extract_claims(text, sentences, citations, quotes)
        findings = audit_document(text, citations=citations, dates=dates, sentences=sentences, published=published)
        return DocumentRecord(
            id=document_id(text),
            source_path=document.source_path,
            title=document.title,
            url=document.url,
            published=published.isoformat() if published else None,
            language=document.language or "en",
            text=text,
            day_first=day_first,
            citations=citations,
            quotes=quotes,
            actors=actors,
            dates=dates,
            claims=claims,
            findings=findings,
            places=places,
            events=events,
            main_event=main_event(events, text),
            warnings=list(document.warnings),
            home_area=document.home_area if "places" not in self.disabled else None,
        )

    def locate_many(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[tuple[str | None, list[Place]] | AnalysisFailure]:
        """(url, places) per document, in input order: the parse, the actors (a capital used
        for its government is no place) and the places, without any home area and without the
        other stages. What ``ingest --learn-home-areas`` learns home areas from."""
        if "places" in self.disabled:
            raise ValueError("the places stage is disabled")
        for parsed in self.parse_many(documents, batch_size=batch_size):
            try:
                yield parsed.document.url, self.locate_parsed(parsed)
            except Exception as exc:  # noqa: BLE001 - one bad document must not end the batch
                yield AnalysisFailure.of(parsed.document, exc)

    def locate_parsed(self, parsed: Parsed) -> list[Place]:
        text, chunks = parsed.text, parsed.chunks
        actors = extract_actors(text, chunks, self.kb, on=_iso(parsed.document.published))
        return extract_places(text, chunks, self.kb, actors, gazetteer=self.gazetteer)

    def _quotes(
        self,
        text: str,
        chunks: Sequence[tuple[int, Doc]],
        citations: Sequence[Citation],
        dates: Sequence[DateMention],
        published: date | None,
        spoken: Sequence[Quote] | None = None,
        actors: Sequence[Actor] = (),
    ) -> list[Quote]:
        """The document's quotes, numbered, with their carrying citation and date; ``spoken``
        replaces the English extractor's attributions (Arabic documents)."""
        quotes: list[Quote] = list(spoken or ())
        if spoken is None:
            persons = sorted((m.start, m.end, a.name) for a in actors if a.type == "person" for m in a.mentions)
            for offset, doc in chunks:
                end = offset + len(doc_text(doc))
                inside = [p for p in persons if offset <= p[0] and p[1] <= end]
                quotes.extend(extract_quotes(doc, offset, inside))
        quotes.extend(_outlet_passages(text, citations, quotes))
        quotes.sort(key=lambda q: (q.start, q.end))
        scopes = SpanIndex(citations, passage)
        dates_index = SpanIndex(dates, lambda d: (d.start, d.end))
        by_id = {c.id: c for c in citations}
        for number, quote in enumerate(quotes, 1):
            quote.id = f"q{number}"
            carrier = carrier_at(scopes, quote.start)
            if carrier is not None:
                quote.citation = carrier.id
            quote.date = _statement_date(quote, dates_index, by_id, carrier, published)
        return quotes


def _sentences(text: str, chunks: Sequence[tuple[int, Doc]]) -> list[tuple[int, int]]:
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
        value = _iso(citation_day(carrier, by_id))
        return (value, f"citation:{carrier.id}") if value is not None and carrier is not None else None

    return anchor_at


def _statement_date(
    quote: Quote,
    dates: SpanIndex[DateMention],
    by_id: dict[str, Citation],
    carrier: Citation | None,
    published: date | None,
) -> str | None:
    """A day written in the quote's attribution (outside the quote), else its carrier's date."""
    lo = quote.speaker.start if quote.speaker else quote.start
    lo = min(lo, quote.cue.start if quote.cue else lo)
    hi = max(quote.speaker.end if quote.speaker else lo, quote.cue.end if quote.cue else lo)
    window_start, window_end = min(lo, quote.start), max(hi, quote.start)
    for mention in dates.overlapping(window_start - 10, window_end + 61):
        inside_quote = quote.start <= mention.start < quote.end
        if (
            not inside_quote
            and window_start - 10 <= mention.start <= window_end + 60
            and len(mention.value) == 10
            and mention.value[:4].isdigit()
            and mention.type == "DATE"
        ):
            return mention.value
    value = citation_day(carrier, by_id)
    if value:
        return value
    return published.isoformat() if published else None


def _outlet_passages(text: str, citations: Sequence[Citation], quotes: Sequence[Quote]) -> list[Quote]:
    """The bracketed passage after "BBC stated on 2/12/2016:" is a quotation of the outlet."""
    extra: list[Quote] = []
    for citation in citations:
        if citation.kind != "inline-stated" or citation.scope_start is None or citation.scope_end is None:
            continue
        start, end = citation.scope_start, citation.scope_end
        while start < end and text[start].isspace():
            start += 1
        if start < end and text[start] in _QUOTE_OPENERS and text[end - 1] == _QUOTE_OPENERS[text[start]]:
            start, end = start + 1, end - 1
        if end - start < 3:
            continue
        covering = [q for q in quotes if q.start <= start and q.end >= end]
        spoken_by_outlet = [
            q for q in covering if q.speaker and q.speaker.start < citation.outlet_end and citation.outlet_start < q.speaker.end
        ]
        for quote in spoken_by_outlet:  # the extractor saw "BBC stated: (...)": keep its cue, trim the brackets
            quote.start, quote.end, quote.text, quote.kind = start, end, text[start:end], "direct"
        if covering:
            continue
        colon = text.rfind(":", citation.start, citation.end)
        cue_start = citation.outlet_end
        while cue_start < len(text) and text[cue_start].isspace():
            cue_start += 1
        verb_end = text.find(" ", cue_start)
        extra.append(
            Quote(
                id="",
                text=text[start:end],
                start=start,
                end=end,
                speaker=Speaker(
                    name=citation.outlet,
                    surface=text[citation.outlet_start:citation.outlet_end],
                    start=citation.outlet_start,
                    end=citation.outlet_end,
                    actor_id=citation.outlet_id,
                    kind="outlet",
                ),
                cue=Cue(text=text[cue_start:verb_end], start=cue_start, end=verb_end)
                if 0 < verb_end <= (colon if colon != -1 else citation.end)
                else None,
                kind="direct",
            )
        )
    return extra


def _attach_speakers_to_actors(quotes: Sequence[Quote], actors: list) -> None:
    """Every speaker's actor id names an actor of the record, with the speaker span as a mention."""
    by_id = {actor.id: actor for actor in actors}
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or speaker.actor_id is None:
            continue
        actor = by_id.get(speaker.actor_id)
        if actor is None:
            continue  # the knowledge base knows the actor but the text never names it outright
        if not any(m.start == speaker.start and m.end == speaker.end for m in actor.mentions):
            actor.mentions.append(Mention(start=speaker.start, end=speaker.end, surface=speaker.surface))
            actor.mentions.sort(key=lambda m: m.start)


# -- multi-process batches -------------------------------------------------------------------
_worker: Analyzer | None = None


def _init_worker(model: str | None, disable: Collection[str]) -> None:
    global _worker
    # a forked worker keeps the parent's loaded model and knowledge base, but opens its own
    # gazetteer: an SQLite connection must not cross a fork
    Gazetteer.forget_loaded()
    _worker = Analyzer(model, disable=disable)


def _work(stage: str, batch: list[Document]) -> list[Any]:
    """One batch through the worker's ``stage`` (``analyze_many`` or ``locate_many``)."""
    assert _worker is not None
    return list(getattr(_worker, stage)(batch, batch_size=len(batch)))


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def analyze_documents(
    documents: Iterable[Document],
    *,
    processes: int = 1,
    model: str | None = None,
    batch_size: int = 16,
    disable: Collection[str] = (),
) -> Iterator[DocumentRecord | AnalysisFailure]:
    """Analyze a stream of documents, in this process or in ``processes`` worker processes.

    Input is consumed a window at a time, so memory stays flat however long the stream is.
    """
    yield from _through_workers("analyze_many", documents, processes, model, batch_size, disable)


def locate_documents(
    documents: Iterable[Document],
    *,
    processes: int = 1,
    model: str | None = None,
    batch_size: int = 16,
) -> Iterator[tuple[str | None, list[Place]] | AnalysisFailure]:
    """(url, places) for a stream of documents (see :meth:`Analyzer.locate_many`), in this
    process or in ``processes`` workers; memory stays flat as in :func:`analyze_documents`."""
    yield from _through_workers("locate_many", documents, processes, model, batch_size, ("events",))


def _worker_context() -> multiprocessing.context.BaseContext:
    """Fork on Linux from a single-threaded parent: workers start with what the parent has
    already imported and loaded, as spaCy's own ``n_process`` does. Elsewhere, or with threads
    running, workers start from a clean forkserver (or spawn) that has imported the pipeline."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["tabayyun.pipeline"])
    return context


def _through_workers(
    stage: str,
    documents: Iterable[Document],
    processes: int,
    model: str | None,
    batch_size: int,
    disable: Collection[str],
) -> Iterator[Any]:
    """``Analyzer.<stage>`` over the stream, here or in worker processes, in input order.

    Workers take small tasks so that none idles while another finishes a big one, and only a
    few tasks per worker are in flight, so memory stays flat however long the stream is.
    """
    if processes <= 1:
        yield from getattr(Analyzer(model, disable=disable), stage)(documents, batch_size=batch_size)
        return
    context = _worker_context()
    task_size = max(1, min(batch_size, WORKER_TASK_DOCS))
    with context.Pool(processes, initializer=_init_worker, initargs=(model, tuple(disable))) as pool:
        in_flight: deque[Any] = deque()
        for task in _batches(documents, task_size):
            in_flight.append(pool.apply_async(_work, (stage, task)))
            if len(in_flight) >= processes * TASKS_AHEAD_PER_WORKER:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
