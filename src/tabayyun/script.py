"""Which writing system a text is in: the one Arabic-script test every stage shares.

Arabic script here is the Arabic block with its Supplement, Extended-A and the two blocks of
presentation forms (the shapes that PDF extraction and old web pages leave in text).
"""

from __future__ import annotations

import re

__all__ = ["ARABIC_SCRIPT", "ARABIC_SHARE", "SAMPLE_CHARS", "arabic_share", "has_arabic", "is_arabic", "is_arabic_char"]

ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
ARABIC_SHARE = 0.30  # a text whose letters are more than this share Arabic script is Arabic
SAMPLE_CHARS = 5000  # characters read from the start of a text to tell its script

_ARABIC_CHAR = re.compile(f"[{ARABIC_SCRIPT}]")


def is_arabic_char(ch: str) -> bool:
    """True for a character of the Arabic script blocks."""
    return _ARABIC_CHAR.match(ch) is not None


def has_arabic(text: str) -> bool:
    """True when ``text`` holds at least one Arabic-script character."""
    return _ARABIC_CHAR.search(text) is not None


def arabic_share(text: str) -> float:
    """The share of the letters of ``text`` that are Arabic script (0.0 when it has none)."""
    letters = arabic = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if _ARABIC_CHAR.match(ch):
                arabic += 1
    return arabic / letters if letters else 0.0


def is_arabic(text: str, share: float = ARABIC_SHARE, sample: int = SAMPLE_CHARS) -> bool:
    """True when more than ``share`` of the letters of the first ``sample`` characters of
    ``text`` are Arabic script."""
    return arabic_share(text[:sample]) > share
