"""Name folding: the normal form names are compared in (case kept, diacritics, Arabic
marks, apostrophe and dash variants unified) and the lookup key built on it."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["compact_key", "fold", "fold_with_index", "strip_article"]

_CHAR_MAP = {
    "ı": "i",
    "İ": "I",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "ʻ": "'",
    "ʿ": "'",
    "ʾ": "'",
    "`": "'",
    "´": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "ى": "ي",
    "ة": "ه",
    "ٱ": "ا",
    "ـ": "",  # tatweel
    "\u200c": "",
    "\u200d": "",
    "\u200e": "",
    "\u200f": "",
}


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_FOLDS: dict[int, str] = {}  # code point -> its fold, for every non-ASCII char seen


def _fold_text(text: str) -> tuple[str, list[str]]:
    """``fold(text)``, and the chars of ``text`` whose fold is not exactly one char."""
    if text.isascii():
        return text.replace("`", "'"), []  # the only ASCII char folding changes
    table = _FOLDS
    odd: list[str] = []
    for ch in set(text):
        folded = table.get(ord(ch))
        if folded is None:
            folded = table[ord(ch)] = _fold_char(ch)
        if len(folded) != 1:
            odd.append(ch)
    return text.translate(table), odd


def fold_with_index(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` (see :func:`fold`) and return, for each folded char, its offset in ``text``."""
    folded, odd = _fold_text(text)
    if not odd:
        return folded, list(range(len(text)))
    positions: list[int] = []
    for ch in odd:
        i = text.find(ch)
        while i >= 0:
            positions.append(i)
            i = text.find(ch, i + 1)
    positions.sort()
    index: list[int] = []
    done = 0
    for i in positions:
        index.extend(range(done, i))
        index.extend([i] * len(_FOLDS[ord(text[i])]))
        done = i + 1
    index.extend(range(done, len(text)))
    return folded, index


def fold(text: str) -> str:
    """Strip diacritics and Arabic marks, unify apostrophes/dashes; case is kept."""
    return _fold_text(text)[0]


def strip_article(name: str) -> str:
    """``the United States`` -> ``United States`` (actor names are matched without it)."""
    return re.sub(r"^(?i:the)\s+", "", name.strip())


def compact_key(text: str) -> str:
    """The lookup key of a name: folded, case-folded, letters and digits only."""
    return re.sub(r"[\W_]+", "", fold(text).casefold())
