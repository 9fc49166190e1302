"""The candidate scan: the normalised copy of a text that patterns run on, and every match of
every pattern in it (guarded by a first-character look-ahead, cached per text)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.extract.dates.patterns import PATTERNS
from tabayyun.extract.hijri import fold_apostrophes


def normalize(text: str) -> str:
    """A same-length copy of ``text`` with digits, apostrophes and spaces unified for matching."""
    out = fold_apostrophes(text)
    table = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
    table |= {0x00A0: " ", 0x2009: " ", 0x202F: " ", 0x2013: "-", 0x2010: "-", 0x2011: "-"}
    return out.translate(table)


@dataclass(slots=True)
class Candidate:
    """One match of one pattern in the normalised text, before it is resolved."""

    start: int
    end: int
    kind: str
    match: re.Match[str]


# the analyzer runs two passes over the same document, parsing short date surfaces in
# between: the document's candidates are kept apart so that those do not push them out
_LONG_TEXT = 500
_last_long: tuple[str, tuple[Candidate, ...]] | None = None


def candidates(norm: str) -> tuple[Candidate, ...]:
    global _last_long
    if len(norm) < _LONG_TEXT:
        return _short_candidates(norm)
    last = _last_long  # read once: another thread may replace it
    if last is not None and last[0] == norm:
        return last[1]
    found = _find_candidates(norm)
    _last_long = (norm, found)
    return found


@lru_cache(maxsize=2)
def _short_candidates(norm: str) -> tuple[Candidate, ...]:
    return _find_candidates(norm)


try:  # the parsed form of a pattern (CPython's own parser), only to speed up the scan
    from re import _constants as _sre
    from re import _parser as _sre_parse

    _CATEGORY_CLASSES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_WORD: r"\w"}
except (ImportError, AttributeError):  # another interpreter: patterns run unguarded
    _sre_parse = None


def _first_chars(items: Sequence[tuple[object, object]]) -> tuple[list[str], bool] | None:
    """Character-class pieces a parsed regex can start with, and whether it can match empty
    (None when that cannot be told)."""
    pieces: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            pieces.append(re.escape(chr(av)))  # type: ignore[arg-type]
            return pieces, False
        if op is _sre.IN:
            for item_op, item in av:  # type: ignore[attr-defined]
                if item_op is _sre.LITERAL:
                    pieces.append(re.escape(chr(item)))
                elif item_op is _sre.RANGE:
                    pieces.append(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
                elif item_op is _sre.CATEGORY and item in _CATEGORY_CLASSES:
                    pieces.append(_CATEGORY_CLASSES[item])
                else:
                    return None
            return pieces, False
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue  # zero-width
        if op is _sre.SUBPATTERN:
            branches, min_repeat = [av[3]], 1  # type: ignore[index]
        elif op is _sre.BRANCH:
            branches, min_repeat = av[1], 1  # type: ignore[index]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            branches, min_repeat = [av[2]], av[0]  # type: ignore[index]
        else:
            return None
        nullable = min_repeat == 0
        for branch in branches:
            found = _first_chars(list(branch))
            if found is None:
                return None
            pieces += found[0]
            nullable = nullable or found[1]
        if not nullable:
            return pieces, False
    return pieces, True


def _guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead for the characters its matches can start with: the same
    matches, found faster, since most positions then fail on one character test."""
    if _sre_parse is None:
        return pattern
    try:
        found = _first_chars(list(_sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - an unexpected parse shape only costs speed
        return pattern
    if found is None or found[1]:
        return pattern
    first = "".join(dict.fromkeys(found[0]))
    return re.compile(f"(?=(?i:[{first}]))(?:{pattern.pattern})", pattern.flags)


SCANNERS = [(kind, _guarded(pattern)) for kind, pattern in PATTERNS]


def _find_candidates(norm: str) -> tuple[Candidate, ...]:
    found: list[Candidate] = []
    for kind, pattern in SCANNERS:
        for match in pattern.finditer(norm):
            if match.end() > match.start():
                found.append(Candidate(match.start(), match.end(), kind, match))
    return tuple(found)
