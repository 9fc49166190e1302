"""The main event of a news report: the most important asserted event of its lead."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from tabayyun.extract.events.lexicon import EventLexicon, load_lexicon
from tabayyun.model import Event
from tabayyun.settings import SETTINGS

__all__ = ["main_event"]

_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+|\n+")


def main_event(events: Sequence[Event], text: str, *, lexicon: EventLexicon | None = None) -> str | None:
    """The id of the lead event of a news report.

    The lead is the first ``SETTINGS.events.lead_sentences`` sentences after a title line (a first line
    without a final stop, followed by a line break). Among the asserted, non-negated
    events there, the most important tier of ``main_event_tiers`` wins (violence first,
    then coercion, ...), and within a tier the earliest. With no such event in the lead,
    the first asserted, non-negated event of the document; with none at all, None.
    ``lexicon`` gives the tiers (default: the shipped event lexicon).
    """
    candidates = [e for e in events if not e.negated and e.modality == "asserted"]
    if not candidates:
        return None
    lead_start = 0
    first_break = text.find("\n")
    if 0 < first_break <= 200 and text[:first_break].rstrip()[-1:] not in (".", "!", "?", ":"):
        lead_start = first_break + 1
    horizon = max(e.sentence_start if e.sentence_start is not None else e.start for e in candidates)
    boundaries = [m.end() for m in _BOUNDARY.finditer(text, lead_start, min(len(text), horizon + 1))]
    lex = lexicon or load_lexicon()

    def sentence_no(event: Event) -> int:
        start = event.sentence_start if event.sentence_start is not None else event.start
        return bisect.bisect_right(boundaries, start)

    def tier(event: Event) -> int:
        for rank, types in enumerate(lex.main_event_tiers):
            if event.type in types:
                return rank
        return len(lex.main_event_tiers)

    lead = [e for e in candidates if (e.sentence_start or e.start) >= lead_start and sentence_no(e) < SETTINGS.events.lead_sentences]
    if lead:
        return min(lead, key=lambda e: (tier(e), e.start, -e.confidence)).id
    return candidates[0].id
