"""The statements of one document: the extractors' quotes joined with the passages an outlet is
quoted for, numbered in text order, each with the citation that carries it and its date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc

from tabayyun.extract.citations import carrier_at, passage
from tabayyun.extract.quotes import extract_quotes
from tabayyun.model import Actor, Citation, Cue, DateMention, Mention, Quote, Speaker, citation_day
from tabayyun.nlp import doc_text
from tabayyun.spans import SpanIndex

__all__ = ["attach_speakers_to_actors", "collect_quotes", "outlet_passages", "statement_date"]

_QUOTE_OPENERS = {"(": ")", "“": "”", '"': '"', "«": "»"}


def collect_quotes(
    text: str,
    chunks: Sequence[tuple[int, Doc]],
    citations: Sequence[Citation],
    dates: Sequence[DateMention],
    published: date | None,
    spoken: Sequence[Quote] | None = None,
    actors: Sequence[Actor] = (),
) -> list[Quote]:
    """The document's quotes, numbered, with their carrying citation and date; ``spoken``
    replaces the English extractor's attributions (Arabic documents)."""
    quotes: list[Quote] = list(spoken or ())
    if spoken is None:
        persons = sorted((m.start, m.end, a.name) for a in actors if a.type == "person" for m in a.mentions)
        for offset, doc in chunks:
            end = offset + len(doc_text(doc))
            inside = [p for p in persons if offset <= p[0] and p[1] <= end]
            quotes.extend(extract_quotes(doc, offset, inside))
    quotes.extend(outlet_passages(text, citations, quotes))
    quotes.sort(key=lambda q: (q.start, q.end))
    scopes = SpanIndex(citations, passage)
    dates_index = SpanIndex(dates, lambda d: (d.start, d.end))
    by_id = {c.id: c for c in citations}
    for number, quote in enumerate(quotes, 1):
        quote.id = f"q{number}"
        carrier = carrier_at(scopes, quote.start)
        if carrier is not None:
            quote.citation = carrier.id
        quote.date = statement_date(quote, dates_index, by_id, carrier, published)
    return quotes


def statement_date(
    quote: Quote,
    dates: SpanIndex[DateMention],
    by_id: dict[str, Citation],
    carrier: Citation | None,
    published: date | None,
) -> str | None:
    """A day written in the quote's attribution (outside the quote), else its carrier's date."""
    lo = quote.speaker.start if quote.speaker else quote.start
    lo = min(lo, quote.cue.start if quote.cue else lo)
    hi = max(quote.speaker.end if quote.speaker else lo, quote.cue.end if quote.cue else lo)
    window_start, window_end = min(lo, quote.start), max(hi, quote.start)
    for mention in dates.overlapping(window_start - 10, window_end + 61):
        inside_quote = quote.start <= mention.start < quote.end
        if (
            not inside_quote
            and window_start - 10 <= mention.start <= window_end + 60
            and len(mention.value) == 10
            and mention.value[:4].isdigit()
            and mention.type == "DATE"
        ):
            return mention.value
    value = citation_day(carrier, by_id)
    if value:
        return value
    return published.isoformat() if published else None


def outlet_passages(text: str, citations: Sequence[Citation], quotes: Sequence[Quote]) -> list[Quote]:
    """The bracketed passage after "BBC stated on 2/12/2016:" is a quotation of the outlet."""
    extra: list[Quote] = []
    for citation in citations:
        if citation.kind != "inline-stated" or citation.scope_start is None or citation.scope_end is None:
            continue
        start, end = citation.scope_start, citation.scope_end
        while start < end and text[start].isspace():
            start += 1
        if start < end and text[start] in _QUOTE_OPENERS and text[end - 1] == _QUOTE_OPENERS[text[start]]:
            start, end = start + 1, end - 1
        if end - start < 3:
            continue
        covering = [q for q in quotes if q.start <= start and q.end >= end]
        spoken_by_outlet = [
            q for q in covering if q.speaker and q.speaker.start < citation.outlet_end and citation.outlet_start < q.speaker.end
        ]
        for quote in spoken_by_outlet:  # the extractor saw "BBC stated: (...)": keep its cue, trim the brackets
            quote.start, quote.end, quote.text, quote.kind = start, end, text[start:end], "direct"
        if covering:
            continue
        colon = text.rfind(":", citation.start, citation.end)
        cue_start = citation.outlet_end
        while cue_start < len(text) and text[cue_start].isspace():
            cue_start += 1
        verb_end = text.find(" ", cue_start)
        extra.append(
            Quote(
                id="",
                text=text[start:end],
                start=start,
                end=end,
                speaker=Speaker(
                    name=citation.outlet,
                    surface=text[citation.outlet_start:citation.outlet_end],
                    start=citation.outlet_start,
                    end=citation.outlet_end,
                    actor_id=citation.outlet_id,
                    kind="outlet",
                ),
                cue=Cue(text=text[cue_start:verb_end], start=cue_start, end=verb_end)
                if 0 < verb_end <= (colon if colon != -1 else citation.end)
                else None,
                kind="direct",
            )
        )
    return extra


def attach_speakers_to_actors(quotes: Sequence[Quote], actors: list) -> None:
    """Every speaker's actor id names an actor of the record, with the speaker span as a mention."""
    by_id = {actor.id: actor for actor in actors}
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or speaker.actor_id is None:
            continue
        actor = by_id.get(speaker.actor_id)
        if actor is None:
            continue  # the knowledge base knows the actor but the text never names it outright
        if not any(m.start == speaker.start and m.end == speaker.end for m in actor.mentions):
            actor.mentions.append(Mention(start=speaker.start, end=speaker.end, surface=speaker.surface))
            actor.mentions.sort(key=lambda m: m.start)


