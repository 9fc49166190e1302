"""Speaker resolution: names, pronouns and role nouns to actors of the knowledge base."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from tabayyun.knowledge import KnowledgeBase
from tabayyun.model import Actor, Citation, Mention, Quote
from tabayyun.spans import SpanIndex

_ROLE_WORDS = re.compile(
    r"\b(?:minister|secretary|president|spokes(?:wo)?man|spokesperson|ambassador|envoy|aide|"
    r"adviser|advisor|chief|director|leader|premier|commander|official|FM|chancellor|king|emir)\b",
    re.I,
)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _actor_for(kb: KnowledgeBase, name: str | None) -> str | None:
    if not name:
        return None
    entry = kb.match_actor(name)
    return kb.actor_id(entry) if entry is not None else None


def _actor_for_span(mentions: SpanIndex[tuple[Mention, Actor]], start: int, end: int) -> Actor | None:
    """The actor whose mention covers most of text[start:end] (the outlet in "the X News Agency",
    not the state its demonym names)."""
    best, best_overlap = None, 0
    for mention, actor in mentions.overlapping(start, end):
        overlap = min(end, mention.end) - max(start, mention.start)
        if overlap > best_overlap:
            best, best_overlap = actor, overlap
    return best


def _role_key(phrase: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", phrase.lower().strip())


def resolve_speakers(
    text: str,
    quotes: Sequence[Quote],
    actors: Sequence[Actor],
    citations: Sequence[Citation],
    kb: KnowledgeBase,
    published: date | None,
) -> None:
    """Fill ``speaker.name``/``speaker.actor_id`` in place.

    Names go through the knowledge base (aliases, spellings) or the document's own actors.
    Role nouns ("the Russian Foreign Minister", "the spokesman") go first to the last speaker
    named with that role in the document, then to the role's holder on the quote's date.
    """
    mentions = SpanIndex(((m, a) for a in actors for m in a.mentions), lambda pair: (pair[0].start, pair[0].end))
    role_memory: list[tuple[str, str, str]] = []  # (role phrase lowercased, name, actor id)
    for quote in sorted(quotes, key=lambda q: q.start):
        speaker = quote.speaker
        if speaker is None:
            continue
        if speaker.kind == "outlet":
            continue
        on = _day(quote.date) or published
        if speaker.kind == "role" or (speaker.kind == "name" and _ROLE_WORDS.search(speaker.surface) and not speaker.name):
            # the knowledge base knows who held the office that day; else the document named them
            entry = kb.role_holder(speaker.surface, on)
            if entry is not None:
                speaker.name, speaker.actor_id = entry.name, kb.actor_id(entry)
                continue
            key = _role_key(speaker.surface)
            for phrase, name, actor_id in reversed(role_memory):
                if phrase.startswith(key) or key.startswith(phrase):
                    speaker.name, speaker.actor_id = name, actor_id
                    break
            else:  # "the President of the Republic Recep Tayyip Erdogan", "Anatolia agency"
                actor = _actor_for_span(mentions, speaker.start, speaker.end)
                if actor is not None and actor.type in {"person", "media"}:
                    speaker.name, speaker.actor_id = actor.name, actor.id
                    speaker.kind = "outlet" if actor.type == "media" else "name"
            continue
        # a name or a resolved pronoun: the mention itself, else its antecedent, else the KB
        actor = _actor_for_span(mentions, speaker.start, speaker.end)
        if actor is None and speaker.antecedent_start is not None and speaker.antecedent_end is not None:
            actor = _actor_for_span(mentions, speaker.antecedent_start, speaker.antecedent_end)
        if actor is not None:
            speaker.actor_id = actor.id
            speaker.name = actor.name
            if actor.type == "media":
                speaker.kind = "outlet"
        else:
            speaker.actor_id = _actor_for(kb, speaker.name)
            if speaker.actor_id is not None:
                entry = kb.match_actor(speaker.name or "")
                speaker.name = entry.name if entry else speaker.name
        # remember "Mark Toner, the spokesman for the Ministry" so a later "the spokesman" finds him
        after = text[speaker.end:speaker.end + 80]
        apposition = re.match(r",\s*((?:the|a|an)\s[^,:;\"“]{3,70}?)(?:,|\s+(?:said|told|added|stated))", after)
        if apposition and _ROLE_WORDS.search(apposition.group(1)) and speaker.name and speaker.actor_id:
            role_memory.append((_role_key(apposition.group(1)), speaker.name, speaker.actor_id))
    _speakers_inside_reports(quotes, {a.id: a for a in actors})


_PERSONAL = {"he", "him", "she", "her"}
_NON_PERSONAL = {"it", "its", "they", "them"}


def _speakers_inside_reports(quotes: Sequence[Quote], actors: dict[str, Actor]) -> None:
    """A pronoun that speaks inside someone's report is that reporter: in "the UN envoy said
    that he hoped ...", "he" is the envoy, and in "the ministry said that it would ask ...",
    "it" is the ministry, whoever was named last before them."""
    reports = SpanIndex((q for q in quotes if q.speaker is not None), lambda q: (q.start, q.end))
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or speaker.kind != "pronoun":
            continue
        word = speaker.surface.lower()
        if word not in _PERSONAL | _NON_PERSONAL:
            continue
        around = [
            q for q in reports.overlapping(speaker.start, speaker.end)
            if q is not quote and q.start <= speaker.start and speaker.end <= q.end
        ]
        if not around:
            continue
        outer = min(around, key=lambda q: q.end - q.start).speaker  # the innermost report
        assert outer is not None
        actor = actors.get(outer.actor_id or "")
        if word in _PERSONAL:
            # a known person, or an unnamed one ("a spokesman said he ...")
            fits = actor.type == "person" if actor is not None else (
                outer.kind == "role" or bool(_ROLE_WORDS.search(outer.surface))
            )
        else:
            fits = actor is not None and actor.type != "person"
        if fits:
            speaker.name, speaker.actor_id = outer.name, outer.actor_id
            speaker.antecedent_start, speaker.antecedent_end = outer.start, outer.end
