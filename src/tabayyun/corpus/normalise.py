"""The keys that decide sameness across documents: normalised actor names and statement
texts, and the source chain a carrier belongs to."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from tabayyun.knowledge import fold, strip_article

__all__ = ["normalise_name", "normalise_statement", "source_chain"]


def normalise_name(name: str) -> str:
    """``The Free Syrian Army's`` -> ``free syrian army``."""
    text = strip_article(fold(name))
    text = re.sub(r"(?i)['’]s$", "", text)
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def normalise_statement(text: str) -> str:
    """Case, diacritics, punctuation and a leading "that" do not make a different statement."""
    words = re.findall(r"[^\W_]+", fold(text).casefold())
    if words and words[0] == "that":
        words = words[1:]
    return " ".join(words)


def source_chain(outlet_id: str | None, url: str | None, doc_id: str) -> str:
    if outlet_id:
        return outlet_id
    host = urlparse(url).netloc.lower().removeprefix("www.") if url else ""
    return f"site:{host}" if host else f"doc:{doc_id[:16]}"
