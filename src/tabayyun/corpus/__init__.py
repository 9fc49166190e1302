"""Cross-document resolution: actors merged, statements clustered, corroboration counted."""

from tabayyun.corpus.events import event_status
from tabayyun.corpus.normalise import normalise_name, normalise_statement
from tabayyun.corpus.resolve import resolve_corpus

__all__ = ["event_status", "normalise_name", "normalise_statement", "resolve_corpus"]
