"""Name patterns: regexes over folded text that find a name with flexible separators, the
grouping of large alternations by first char, and the casing check of a match."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tabayyun.knowledge.folding import fold

__all__ = ["alias_pattern", "alternation_key", "casing_ok", "grouped_alternation", "pattern_first_key"]

_FUNCTION_WORDS = frozenset(
    "the al el ad ar as ash an at az ud of for de la le du des and a to".split()
)
_SEP = r"[\s\-.'/()]*"
_ACRONYM = re.compile(r"(?:[A-Z][A-Z0-9&]*\.?){2,}|[A-Z]{2,}[0-9]*")


def _is_acronym(alias: str) -> bool:
    return len(alias) <= 7 and bool(_ACRONYM.fullmatch(alias.replace(" ", "")))


def alias_pattern(alias: str) -> str | None:
    """A regex (over folded text) that matches ``alias`` with flexible separators."""
    folded = fold(alias).strip()
    words = re.findall(r"[^\W_]+", folded)
    if not words:
        return None
    body = _SEP.join(re.escape(w) for w in words)
    if folded.endswith("."):
        body += r"\."
    if _is_acronym(folded):
        return body  # case-sensitive: "RT" must not match "rt", "US" not "us"
    return f"(?i:{body})"


def alternation_key(char: str) -> str | None:
    """The bucket of a pattern's first literal char: chars that match one another when case
    is ignored share a key.  None for chars whose case-insensitive matches are not simple."""
    if not char.isalnum() or re.escape(char) != char:
        return None
    if char.isascii() or char.lower() == char.upper():
        return char.lower()
    return None


def pattern_first_key(pattern: str) -> str | None:
    """The bucket key of an alias pattern's first char (see :func:`alias_pattern`)."""
    body = pattern[4:] if pattern.startswith("(?i:") else pattern
    return alternation_key(body[:1]) if body else None


def grouped_alternation(alternatives: Sequence[tuple[str, Sequence[str | None]]]) -> str | None:
    """``"|".join`` of the patterns, regrouped by the chars they can start with.

    Each alternative is (pattern, bucket keys of every char it can start with).  The
    result matches exactly what the plain alternation matches, alternative for
    alternative: at any position only the alternatives whose first char fits the
    text can match, and each group keeps their order, so the first that succeeds is
    the same; the regex engine just skips the other groups with one look-ahead each
    instead of trying thousands of alternatives.  None when a key is unknown.
    """
    buckets: dict[str, list[str]] = {}
    for pattern, keys in alternatives:
        if not keys:
            return None
        for key in dict.fromkeys(keys):
            if key is None:
                return None
            buckets.setdefault(key, []).append(pattern)
    return "|".join(
        f"(?=(?i:{key}))(?:{'|'.join(patterns)})" for key, patterns in buckets.items()
    )


def _first_content_word(text: str) -> str | None:
    for word in re.findall(r"[^\W\d_]+", text):
        if word.casefold() not in _FUNCTION_WORDS:
            return word
    return None


def casing_ok(alias: str, surface: str) -> bool:
    """Capitalised names must be capitalised in the text ("Fars" yes, "fars" no)."""
    alias_word = _first_content_word(fold(alias))
    if alias_word is None or not alias_word[0].isupper():
        return True
    surface_word = _first_content_word(surface)
    if surface_word is None:
        return True
    return surface_word[0].isupper() or not surface_word[0].isalpha() or not surface_word.isascii()

