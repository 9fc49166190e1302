"""`tabayyun ingest`: analyze documents and store them, resumably and idempotently.

Workers only analyze; every write happens here, in the main process, one transaction per
document. A document whose content id is already stored is skipped before analysis, so a
rerun after an interruption only analyzes what is missing. Cross-document resolution is
recomputed at the end of every run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tabayyun.ingest import SUPPORTED_SUFFIXES, IngestError, iter_documents
from tabayyun.knowledge import KnowledgeBase
from tabayyun.model import Document
from tabayyun.store.db import connect
from tabayyun.store.writer import StoreWriter

__all__ = ["IngestReport", "count_inputs", "ingest"]

# what happened to one input: "stored", "skipped" (already in the store), "error"
Progress = Callable[[str, str], None]


@dataclass(slots=True)
class IngestReport:
    run_id: int
    stored: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    resolution: dict[str, int] = field(default_factory=dict)


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
) -> IngestReport:
    """Analyze and store every document under ``paths`` into the store at ``db``.

    Raises ValueError for a bad ``published`` (before anything is written) and
    :class:`~tabayyun.store.db.StoreError` when ``db`` cannot be used.
    """
    from tabayyun.corpus import resolve_corpus
    from tabayyun.pipeline import AnalysisFailure, analyze_documents

    stream = iter_documents(paths, published=published, max_bytes=max_bytes)  # validates first
    kb = kb or KnowledgeBase.load()
    conn = connect(db)
    try:
        writer = StoreWriter(conn, kb)
        report = IngestReport(run_id=writer.start_run())
        lines: dict[str, int | None] = {}
        notify = progress or (lambda _event, _path: None)

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
                    yield item

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
