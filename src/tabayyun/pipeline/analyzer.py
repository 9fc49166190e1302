"""The analyzer: one Document in, one DocumentRecord (the JSON contract) out.

It holds the loaded model and knowledge base, parses documents in batches with ``nlp.pipe``
and runs the stage table of :mod:`tabayyun.pipeline.stages` over each parse.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from tabayyun import nlp as nlp_module
from tabayyun.extract.actors import extract_actors
from tabayyun.extract.arabic_speech import ArabicSpeechExtractor
from tabayyun.extract.citations import CitationExtractor
from tabayyun.extract.places import extract_places
from tabayyun.knowledge import KnowledgeBase
from tabayyun.knowledge.gazetteer import Gazetteer
from tabayyun.model import Document, DocumentRecord, Place, normalise_text
from tabayyun.pipeline.stages import STAGES, Resources, Work, iso_day
from tabayyun.settings import SETTINGS

__all__ = ["AnalysisFailure", "Analyzer", "Parsed"]

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


class Analyzer:
    """Holds the loaded model and knowledge base; analyzes documents one by one or in batches."""

    OPTIONAL_STAGES = tuple(stage.name for stage in STAGES if stage.optional)

    def __init__(
        self, model: str | None = None, kb: KnowledgeBase | None = None, disable: Collection[str] = ()
    ) -> None:
        unknown = set(disable) - set(self.OPTIONAL_STAGES)
        if unknown:
            raise ValueError(f"unknown stage(s) {sorted(unknown)}; optional stages: {self.OPTIONAL_STAGES}")
        self.disabled = frozenset(disable)
        self.stages = tuple(stage for stage in STAGES if stage.name not in self.disabled)
        self.model_name = model or nlp_module.model_name()
        self.nlp = nlp_module.load(self.model_name)
        self.kb = kb or KnowledgeBase.load()
        # built once per machine on first use, then opened
        self.gazetteer = Gazetteer.load() if "places" not in self.disabled else None
        self.resources = Resources(
            kb=self.kb,
            gazetteer=self.gazetteer,
            citation_extractor=CitationExtractor(self.kb),
            arabic_speech=ArabicSpeechExtractor(self.kb),
        )

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
        size = max(1, min(batch_size, SETTINGS.analysis.parse_batch_chars // max(1, longest)))
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
        """Run the stages over one parse (see :data:`tabayyun.pipeline.stages.STAGES`)."""
        work = Work(document=parsed.document, text=parsed.text, chunks=parsed.chunks)
        for stage in self.stages:
            stage.run(self.resources, work)
        return work.record()

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
        actors = extract_actors(text, chunks, self.kb, on=iso_day(parsed.document.published))
        return extract_places(text, chunks, self.kb, actors, gazetteer=self.gazetteer)
