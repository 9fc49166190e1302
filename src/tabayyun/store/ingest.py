"""`tabayyun ingest`: analyze documents and store them, resumably and idempotently.

Workers only analyze; every write happens here, in the main process, one transaction per
document. A document whose content id is already stored is skipped before analysis, so a
rerun after an interruption only analyzes what is missing. Cross-document resolution is
recomputed at the end of every run.

With ``learn_home_areas`` a first pass finds the places of the documents not yet stored
(parse, actors and places only; nothing is written) and keeps, per outlet, a small tally of
the place names they use, to which the places of the outlet's documents already in the store
are added; the second pass is the normal ingest, each document read with its outlet's
learned home area (see :mod:`tabayyun.resolve.home_areas`). The inputs are read and parsed
twice, so the run costs about two ingests' parsing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tabayyun.ingest import SUPPORTED_SUFFIXES, IngestError, iter_documents
from tabayyun.knowledge import KnowledgeBase
from tabayyun.model import Document
from tabayyun.store.db import connect
from tabayyun.store.writer import StoreWriter

if TYPE_CHECKING:
    from tabayyun.resolve.home_areas import Home

__all__ = ["IngestReport", "count_inputs", "ingest", "learn_outlet_homes"]

# what happened to one input: "stored", "skipped" (already in the store), "error"; and the
# run's phases: "learning" (the first pass of --learn-home-areas), "resolving" (across documents)
Progress = Callable[[str, str], None]


@dataclass(slots=True)
class IngestReport:
    run_id: int
    stored: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    resolution: dict[str, int] = field(default_factory=dict)
    home_areas: dict[str, str] = field(default_factory=dict)  # outlet -> learned home area (name)


def count_inputs(paths: Sequence[str | Path]) -> int:
    """How many documents the paths hold, for a progress bar (each .jsonl line counts as one)."""
    total = 0

    def visit(path: Path, named: bool) -> None:
        nonlocal total
        if path.is_dir():
            for entry in sorted(os.scandir(path), key=lambda e: e.name):
                if not entry.name.startswith("."):
                    visit(Path(entry.path), False)
        elif path.suffix.lower() == ".jsonl":
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        elif named or path.suffix.lower() in SUPPORTED_SUFFIXES:
            total += 1

    for path in paths:
        visit(Path(path), True)
    return total


def ingest(
    paths: Sequence[str | Path],
    db: str | Path,
    *,
    processes: int = 1,
    published: str | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    model: str | None = None,
    progress: Progress | None = None,
    kb: KnowledgeBase | None = None,
    home: str | None = None,
    learn_home_areas: bool = False,
) -> IngestReport:
    """Analyze and store every document under ``paths`` into the store at ``db``.

    ``home`` names the home area of every document ("Paris, Texas"; it wins over a ``.jsonl``
    line's ``home`` and over a learned one); ``learn_home_areas`` learns each outlet's home
    area first (a second pass over the inputs, see the module's docstring).

    Raises ValueError for a bad ``published`` or an unknown ``home``
    (:class:`~tabayyun.resolve.home_areas.UnknownHome`), before anything is written, and
    :class:`~tabayyun.store.db.StoreError` when ``db`` cannot be used.
    """
    from tabayyun.corpus import resolve_corpus
    from tabayyun.pipeline import AnalysisFailure, analyze_documents
    from tabayyun.resolve.home_areas import HomeAssigner, resolve_home

    stream = iter_documents(paths, published=published, max_bytes=max_bytes)  # validates first
    option = resolve_home(home) if home is not None else None  # validates too
    kb = kb or KnowledgeBase.load()
    conn = connect(db)
    try:
        writer = StoreWriter(conn, kb)
        notify = progress or (lambda _event, _path: None)
        learned = {}
        if learn_home_areas and option is None:  # with --home every document has its home already
            notify("learning", "")
            learned = learn_outlet_homes(paths, writer, published=published, max_bytes=max_bytes,
                                         processes=processes, model=model)
        assign = HomeAssigner(option, learned)
        report = IngestReport(run_id=writer.start_run(), home_areas={k: v.name for k, v in learned.items()})
        lines: dict[str, int | None] = {}

        def error(path: str, message: str, line: int | None) -> None:
            writer.record_error(report.run_id, path, message, line)
            report.errors.append(str(IngestError(path, message, line)))
            notify("error", path)

        def pending() -> Iterator[Document]:
            for item in stream:
                if isinstance(item, IngestError):
                    error(item.path, item.message, item.line)
                elif item.id in lines or writer.has_document(item.id):
                    report.skipped += 1
                    notify("skipped", item.source_path)
                else:
                    lines[item.id] = item.line
                    yield assign(item)

        for record in analyze_documents(pending(), processes=processes, model=model):
            if isinstance(record, AnalysisFailure):
                error(record.path, record.message, record.line)
                continue
            if writer.write(record, line=lines.pop(record.id, None)):
                report.stored += 1
                notify("stored", record.source_path)
            else:
                report.skipped += 1
                notify("skipped", record.source_path)
        notify("resolving", "")
        report.resolution = resolve_corpus(conn, kb)
        writer.finish_run(report.run_id, stored=report.stored, skipped=report.skipped, errors=len(report.errors))
        return report
    finally:
        conn.close()


def learn_outlet_homes(
    paths: Sequence[str | Path],
    writer: StoreWriter,
    *,
    published: str | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    processes: int = 1,
    model: str | None = None,
) -> dict[str, Home]:
    """The first pass of ``ingest --learn-home-areas``: each outlet's home area, learned from
    the places of its documents under ``paths`` that the store does not hold yet and of its
    current documents in the store. Writes nothing; bad inputs are left for the second pass
    to report; documents without a url have no outlet and are not read further."""
    from tabayyun.pipeline import AnalysisFailure, locate_documents
    from tabayyun.resolve.home_areas import HomeAreaLearner, outlet_of

    learner = HomeAreaLearner()

    def unstored() -> Iterator[Document]:
        seen: set[str] = set()  # the same text twice in one batch counts once, as it is stored once
        for item in iter_documents(paths, published=published, max_bytes=max_bytes):
            if isinstance(item, IngestError) or outlet_of(item.url) is None:
                continue
            if item.id not in seen and not writer.has_document(item.id):
                seen.add(item.id)
                yield item

    for result in locate_documents(unstored(), processes=processes, model=model):
        if not isinstance(result, AnalysisFailure):
            learner.add(*result)
    learner.add_stored(writer.conn)
    return learner.homes()
