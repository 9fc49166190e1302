"""Document text with its evidence spans as escaped HTML.

Spans may overlap in any way (a quote that crosses a sentence end, a citation inside a quote, two
quotes sharing words). The text is cut at every span boundary; each piece is wrapped in the spans
that cover it, outermost first, closing and reopening elements where they cross, so the markup
always nests. A span cut in several pieces keeps its ``id`` on the first piece only; the others
carry the same ``data-id`` and the class ``cont``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

__all__ = ["Span", "render_spans"]

# Outer layers first: sentences hold everything, events and findings are broad, names are short.
LAYERS = {
    "sentence": 0,
    "finding": 1,
    "quote": 2,
    "event": 3,
    "citation": 4,
    "place": 5,
    "date": 6,
    "actor": 7,
}


@dataclass(slots=True)
class Span:
    kind: str  # sentence or an evidence kind (citation, quote, actor, ...)
    start: int
    end: int
    item_id: str = ""  # data-id
    dom_id: str = ""  # element id (first piece only); "" for none
    title: str = ""
    classes: list[str] = field(default_factory=list)

    def open_tag(self, first: bool) -> str:
        attr = html.escape
        if self.kind == "sentence":
            names = " ".join(["sentence", *self.classes])
            ident = f' id="{attr(self.dom_id)}"' if first and self.dom_id else ""
            return f'<span class="{attr(names)}"{ident} data-idx="{attr(self.item_id)}">'
        names = " ".join(["ev", f"ev-{self.kind}", *self.classes, *([] if first else ["cont"])])
        ident = f' id="{attr(self.dom_id)}"' if first and self.dom_id else ""
        title = f' title="{attr(self.title)}"' if self.title else ""
        return (
            f'<mark class="{attr(names)}"{ident} data-kind="{attr(self.kind)}" data-id="{attr(self.item_id)}" '
            f'data-start="{self.start}" data-end="{self.end}"{title}>'
        )

    def close_tag(self) -> str:
        return "</span>" if self.kind == "sentence" else "</mark>"


def _order(span: Span, index: int) -> tuple[int, int, int, int]:
    return (LAYERS.get(span.kind, 9), span.start, -span.end, index)


def render_spans(text: str, spans: list[Span]) -> str:
    """``text`` escaped, with ``spans`` (code-point offsets) as properly nested elements."""
    size = len(text)
    usable = [(i, s) for i, s in enumerate(spans) if 0 <= s.start < s.end and s.start < size]
    for _, span in usable:
        span.end = min(span.end, size)
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, span in usable:
        starts.setdefault(span.start, []).append(i)
        ends.setdefault(span.end, []).append(i)
    cuts = sorted({0, size, *starts, *ends})
    by_index = dict(usable)
    opened: set[int] = set()
    active: set[int] = set()
    stack: list[int] = []
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        wanted = sorted(active, key=lambda i: _order(by_index[i], i))
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] == wanted[keep]:
            keep += 1
        for i in reversed(stack[keep:]):
            out.append(by_index[i].close_tag())
        for i in wanted[keep:]:
            out.append(by_index[i].open_tag(i not in opened))
            opened.add(i)
        stack = wanted
        out.append(html.escape(text[a:b], quote=False))
    for i in reversed(stack):
        out.append(by_index[i].close_tag())
    return "".join(out)
