"""Input readers: files and directories in, :class:`~tabayyun.model.Document` out."""

from tabayyun.ingest.dateline import find_dateline
from tabayyun.ingest.readers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    IngestError,
    iter_documents,
    read_file,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "find_dateline",
    "iter_documents",
    "read_file",
]
