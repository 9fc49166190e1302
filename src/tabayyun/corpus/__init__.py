"""Cross-document resolution: actors merged, statements clustered, corroboration counted."""

from tabayyun.corpus.resolve import normalise_name, normalise_statement, resolve_corpus

__all__ = ["normalise_name", "normalise_statement", "resolve_corpus"]
