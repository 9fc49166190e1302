"""The entry points: ``extract_dates`` (candidate selection, text-order resolution with
discourse state, days joined to a dated day) and ``parse_date_expression`` for one surface."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tabayyun.extract.dates.calendar_math import safe_date
from tabayyun.extract.dates.context import AnchorFn, Context, infer_day_first
from tabayyun.extract.dates.patterns import FLAGS, PRIORITY
from tabayyun.extract.dates.resolve import ISO_DAY, resolve
from tabayyun.extract.dates.scan import Candidate, candidates, normalize
from tabayyun.model import DateMention
from tabayyun.spans import GrowingSpans, SpanIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc

_CONCRETE_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")


def extract_dates(
    text: str,
    *,
    reference: dt.date | None = None,
    day_first: bool | None = None,
    anchor_at: AnchorFn | None = None,
    blocked: Sequence[tuple[int, int]] = (),
    doc: Doc | None = None,
    doc_offset: int = 0,
) -> list[DateMention]:
    """All date expressions in ``text``, in text order, with TimeML values.

    ``reference`` is the publication date; ``anchor_at(offset)`` may give a closer anchor
    (date, label) for a relative expression at ``offset``.  Spans in ``blocked`` never yield
    dates.  ``doc`` is an optional spaCy parse of ``text[doc_offset:doc_offset+len(doc.text)]``
    used to read tense.
    """
    norm = normalize(text)
    if day_first is None:
        day_first = infer_day_first(text)
    ctx = Context(text, norm, reference, day_first, anchor_at, doc, doc_offset)

    blocked_spans = SpanIndex(blocked, lambda span: span)
    pool = [c for c in candidates(norm) if not blocked_spans.any_overlap(c.start, c.end)]
    # Longest candidate first; equal lengths by pattern priority.
    pool.sort(key=lambda c: (-(c.end - c.start), PRIORITY[c.kind], c.start))
    chosen: list[Candidate] = []
    taken = GrowingSpans()
    # Resolution needs text order (quarter anaphora), but selection needs length order, and
    # a candidate that resolves to nothing must free its span.  Resolve in length order
    # first without discourse state, then re-resolve the chosen ones in text order.
    for cand in pool:
        if taken.overlaps(cand.start, cand.end):
            continue
        probe = ctx
        if cand.kind in ("quarter_ref", "year_ago_adj"):
            probe = replace(ctx, last_quarter=(1, 1))
        elif cand.kind == "anaphoric":
            probe = replace(ctx, last_date="2000-01-01")
        if resolve(cand, replace(probe)) is None:
            continue
        chosen.append(cand)
        taken.add(cand.start, cand.end)
    chosen.sort(key=lambda c: c.start)
    mentions: list[DateMention] = []
    for cand in chosen:
        mention = resolve(cand, ctx)
        if mention is None and cand.kind == "anaphoric":
            # no date named before "the following year": read it as it would be on its own
            inside = [c for c in pool if c.kind != "anaphoric" and cand.start <= c.start and c.end <= cand.end]
            mention = next((found for c in inside if (found := resolve(c, ctx)) is not None), None)
        if mention is not None and mention.end > mention.start:
            mentions.append(mention)
            if mention.type == "DATE" and _CONCRETE_DATE.fullmatch(mention.value):
                ctx.last_date = mention.value
            if cand.kind in ("mdy", "dmy") and ISO_DAY.fullmatch(mention.value):
                sibling = _conjoined_day(cand, mention, ctx)
                if sibling is not None and not (
                    blocked_spans.any_overlap(sibling.start, sibling.end) or taken.overlaps(sibling.start, sibling.end)
                ):
                    mentions.append(sibling)
    mentions.sort(key=lambda mention: mention.start)
    return mentions


# "April 24 and 25", "24 and 25 April": the second (first) day shares the month
_DAY_AFTER = re.compile(
    r"\s*(?:and|or|&|to|through|-)\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\w%$/.,:]\d|[\w%$])"
    r"(?=\s*(?:[.,;:!?)\"']|$)|\s+(?:in|at|on|when|with|for|after|before|during|as|of)\b)",
    FLAGS,
)
_DAY_BEFORE = re.compile(r"(?<![\w$.,/\-])(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?:and|or|&|to|-)\s*$", FLAGS)


def _conjoined_day(cand: Candidate, mention: DateMention, ctx: Context) -> DateMention | None:
    first = dt.date.fromisoformat(mention.value)
    if cand.kind == "mdy" and not cand.match.group("y"):
        found = _DAY_AFTER.match(ctx.norm, cand.end)
        if found is None or not first.day < int(found.group("d")) <= 31:
            return None
        start, end = found.start("d"), found.end("d")
    elif cand.kind == "dmy" and not cand.match.group("wd"):
        lo = max(0, cand.start - 12)
        found = _DAY_BEFORE.search(ctx.norm[lo : cand.start])
        if found is None or not 0 < int(found.group("d")) < first.day:
            return None
        start, end = lo + found.start("d"), lo + found.end("d")
    else:
        return None
    day = safe_date(first.year, first.month, int(ctx.norm[start:end]))
    if day is None:
        return None
    return replace(mention, start=start, end=end, surface=ctx.text[start:end], value=day.isoformat(), weekday=None)


def parse_date_expression(
    surface: str, *, day_first: bool | None = None, reference: dt.date | None = None
) -> DateMention | None:
    """Parse one date expression (e.g. ``"Saturday, 26/11/2016"``); offsets are into ``surface``.

    Returns the mention that covers most of the surface, or None when it holds no date.
    """
    found = extract_dates(surface, reference=reference, day_first=day_first)
    mentions = [m for m in found if m.type not in ("DURATION", "SET")]
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.end - m.start, -m.start))
