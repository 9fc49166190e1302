"""Analysis of a stream of documents in this process or in a pool of worker processes,
results in input order, memory flat however long the stream."""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.context
import sys
import threading
from collections import deque
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from tabayyun.knowledge.gazetteer import Gazetteer
from tabayyun.model import Document, DocumentRecord, Place
from tabayyun.pipeline.analyzer import AnalysisFailure, Analyzer
from tabayyun.settings import SETTINGS

__all__ = ["analyze_documents", "locate_documents", "worker_context"]

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


def worker_context() -> multiprocessing.context.BaseContext:
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
    context = worker_context()
    task_size = max(1, min(batch_size, SETTINGS.analysis.worker_task_docs))
    with context.Pool(processes, initializer=_init_worker, initargs=(model, tuple(disable))) as pool:
        in_flight: deque[Any] = deque()
        for task in _batches(documents, task_size):
            in_flight.append(pool.apply_async(_work, (stage, task)))
            if len(in_flight) >= processes * SETTINGS.analysis.tasks_ahead_per_worker:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
