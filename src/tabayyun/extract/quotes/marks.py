"""Quotation marks: pairing the marks of a text into (possibly nested) quoted spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN_ONLY = {"“": "curly", "«": "guillemet", "„": "curly", "‘": "single", "``": "tick"}

CLOSE_ONLY = {"”": "curly", "»": "guillemet", "’": "single", "''": "tick"}

MARK_RE = re.compile(r"``|''|[\"“”«»„‘’']")


@dataclass
class QuoteSpan:
    """A paired quotation: marks at [open_start, open_end) and [close_start, close_end)."""

    open_start: int
    open_end: int
    close_start: int
    close_end: int
    depth: int = 0
    children: list[QuoteSpan] = field(default_factory=list)

    @property
    def content(self) -> tuple[int, int]:
        return self.open_end, self.close_start


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quotation marks in ``text``; unbalanced marks are skipped, never an error.

    Straight double quotes toggle within a paragraph; curly, guillemet and double-tick
    marks pair by direction; single quotes are quotes only where they cannot be
    apostrophes (``don't``, ``analysts'``). An opening mark left open at the end of a
    paragraph closes there when the next paragraph opens with a quote mark (the
    multi-paragraph quotation convention); otherwise it is dropped.
    """
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int, int]] = []  # (family, start, end)

    def close_paragraph(par_end: int, next_char: str) -> None:
        while stack:
            family, s, e = stack.pop()
            if family in {"curly", "straight", "guillemet", "tick"} and next_char in "\"“«'`":
                if par_end - e > 0:
                    spans.append(QuoteSpan(s, e, par_end, par_end, depth=len(stack)))

    pos = 0
    for m in MARK_RE.finditer(text):
        mark = m.group(0)
        s, e = m.start(), m.end()
        newline = text.find("\n", pos, s)
        if newline != -1 and stack:
            # paragraph break(s) between the previous mark and this one
            rest = text[newline:s].lstrip()
            close_paragraph(newline, rest[:1] if rest else mark[:1])
        pos = e
        before = text[s - 1] if s > 0 else " "
        after = text[e] if e < len(text) else " "
        top = stack[-1][0] if stack else None
        if mark == '"':
            if top in ("curly", "guillemet") and not _is_word(after) and not before.isspace():
                _pop_to(stack, spans, top, s, e)  # “...." closed with a straight mark
            elif top == "straight":
                _pop_to(stack, spans, "straight", s, e)
            elif any(f == "straight" for f, _, _ in stack) and not _is_word(after):
                _pop_to(stack, spans, "straight", s, e)
            else:
                stack.append(("straight", s, e))
        elif mark == "'":
            if _is_word(before) and _is_word(after):
                continue  # apostrophe inside a word: don't, it's
            if not _is_word(before) and (_is_word(after) or after in "“\"‘"):
                if before in " \n\t([{:—-\"“\xa0" or s == 0:
                    stack.append(("squote", s, e))
                continue
            if top == "squote" and not _is_word(after):
                _pop_to(stack, spans, "squote", s, e)
            # otherwise a possessive (analysts') or stray mark
        elif mark == "’":
            if _is_word(before) and _is_word(after):
                continue
            if top == "single" and not _is_word(after):
                _pop_to(stack, spans, "single", s, e)
        elif mark == "‘":
            if _is_word(before):
                continue
            stack.append(("single", s, e))
        elif mark in OPEN_ONLY:
            stack.append((OPEN_ONLY[mark], s, e))
        elif mark in CLOSE_ONLY:
            family = CLOSE_ONLY[mark]
            if any(f == family for f, _, _ in stack):
                _pop_to(stack, spans, family, s, e)
            elif family in ("tick", "curly") and (s == 0 or before.isspace()) and _is_word(after):
                stack.append((family, s, e))  # ''word, ”word: a closing mark used to open
    if stack:
        close_paragraph(len(text), "")
    spans.sort(key=lambda q: (q.open_start, -q.close_end))
    _nest(spans)
    return spans


def _pop_to(
    stack: list[tuple[str, int, int]], spans: list[QuoteSpan], family: str, s: int, e: int
) -> None:
    """Close the innermost open mark of ``family``; marks opened inside it are dropped."""
    if not any(f == family for f, _, _ in stack):
        return
    while stack:
        fam, os_, oe = stack.pop()
        if s > oe and (fam == family or fam in ("straight", "curly", "guillemet", "tick")):
            # a double mark opened inside and left open closes with its container ("...””)
            spans.append(QuoteSpan(os_, oe, s, e, depth=len(stack)))
        if fam == family:
            return


def _nest(spans: list[QuoteSpan]) -> None:
    open_: list[QuoteSpan] = []
    for q in spans:
        while open_ and open_[-1].close_end <= q.open_start:
            open_.pop()
        if open_:
            open_[-1].children.append(q)
        q.depth = len(open_)
        open_.append(q)
