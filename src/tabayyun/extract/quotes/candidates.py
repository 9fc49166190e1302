"""A candidate quote as the passes find it (``Found``), and the helpers that bound its content
span (trimming, token ends, word counts)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tabayyun.model import Speaker

TRAIL_PUNCT = ".,;:!?-—– \n\t\xa0"

LEAD_PUNCT = ",;:-—– \n\t\xa0"


@dataclass
class Found:
    start: int  # doc-relative content span
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker_tok: Token | None
    speaker: Speaker | None = None
    cue_tok: int | None = None  # token index of the cue (to merge duplicates)
    label_start: int | None = None  # start of a transcript speaker label ("PENCE:")


def token_end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def word_count(doc: Doc, a: int, b: int) -> int:
    return sum(1 for t in doc[a : b + 1] if not t.is_punct and not t.is_space)


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Strip surrounding whitespace/punctuation, keeping balanced quote marks."""
    while e > s and text[e - 1] in TRAIL_PUNCT:
        e -= 1
    while s < e and text[s] in LEAD_PUNCT:
        s += 1
    # a dangling closing mark with no opener inside the span goes
    inner = text[s:e]
    if inner and inner[-1] in "”\"»’" and _count_open(inner[:-1]) == 0:
        e -= 1
        while e > s and text[e - 1] in TRAIL_PUNCT:
            e -= 1
    inner = text[s:e]
    if inner and inner[0] in "“\"«‘" and _count_open(inner) % 2 == 1 and inner[0] == '"':
        s += 1
    elif inner and inner[0] in "“«" and not any(c in inner for c in "”»"):
        s += 1
    return s, e


def _count_open(text: str) -> int:
    return sum(text.count(c) for c in "“«") + text.count('"')


def subtree_content(
    text: str, comp: Token, cue: tuple[int, int], subj: Token | None, cue_tok: int
) -> Found | None:
    """Reported speech whose content is the subtree of ``comp`` (three characters at least)."""
    s, e = trim(text, comp.left_edge.idx, token_end(comp.right_edge))
    if e - s < 3:
        return None
    return Found(s, e, "indirect", cue, subj, cue_tok=cue_tok)
