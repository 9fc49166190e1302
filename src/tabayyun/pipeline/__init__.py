"""The analyzer: one Document in, one DocumentRecord (the JSON contract) out, here or in
worker processes.

* :mod:`~tabayyun.pipeline.stages`: the stage table over one parse (outlets, dates, citations,
  actors, quotes, speakers, places, events, claims, audit), checked at import;
* :mod:`~tabayyun.pipeline.statements`: the document's statements numbered with carrier and date;
* :mod:`~tabayyun.pipeline.analyzer`: the loaded model, batched parsing, the stages run;
* :mod:`~tabayyun.pipeline.workers`: streams of documents through worker processes.
"""

from tabayyun.pipeline.analyzer import AnalysisFailure, Analyzer, Parsed
from tabayyun.pipeline.stages import STAGES, Stage
from tabayyun.pipeline.workers import (
    analyze_documents,
    locate_documents,
    worker_context,
)

__all__ = [
    "STAGES",
    "AnalysisFailure",
    "Analyzer",
    "Parsed",
    "Stage",
    "analyze_documents",
    "locate_documents",
    "worker_context",
]
