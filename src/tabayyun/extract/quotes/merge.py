"""The merge: indirect candidates clipped to their quotation and paragraph and dropped where a
direct quote carries them (overlaps found through ``SpanIndex``), and every kept candidate made a
``Quote``."""

from __future__ import annotations

from spacy.tokens import Doc

from tabayyun.extract.quotes.candidates import Found, trim
from tabayyun.extract.quotes.lexicon import PERSON_OBJECTS
from tabayyun.extract.quotes.marks import QuoteSpan
from tabayyun.extract.quotes.speakers import Context, make_speaker
from tabayyun.model import Cue, Quote
from tabayyun.nlp import doc_text
from tabayyun.spans import SpanIndex

PRONOUN_TAGS = frozenset({"PRP", "PRP$", "DT", "WDT", "WP", "WP$", "WRB", "EX"})

DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})


def _pronoun_content(doc: Doc, start: int, end: int) -> bool:
    """Is the reported content one pronoun, determiner or wh-word ("had shown that",
    "nothing had been agreed", "what had been agreed")? It stands for something said
    elsewhere, or is no content at all."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if 1 < len(words) <= 3 and words[-1].tag_ in ("WDT", "WP") and words[-1].dep_ == "pobj":
        return True  # "much of which can be credited to ...", "some of whom"
    if len(words) != 1:
        return False
    w = words[0]
    if w.lower_ in DEMONSTRATIVES and w.tag_ == "DT":
        return False  # "blamed this on ...": a demonstrative refers back to what was said
    if w.lower_ in PERSON_OBJECTS:
        return False  # "scolded him", "despised them": a stance toward a person
    return w.pos_ == "PRON" or w.tag_ in PRONOUN_TAGS


def merge_candidates(
    doc: Doc, direct: list[Found], indirect: list[Found], quote_spans: list[QuoteSpan]
) -> list[Found]:
    """The direct quotes and the indirect candidates they do not already carry, in text order.

    Reported speech whose cue lies inside a quotation stays inside it, and stays in the
    paragraph of its cue; a candidate mostly (60%) covered by a direct quote is dropped, and a
    labelled transcript line ('Cruz: "..."') gives its speaker to the quotation it holds.
    """
    text = doc_text(doc)
    quotations = SpanIndex(quote_spans, lambda q: q.content)
    carriers = SpanIndex(direct, lambda d: (d.start - 1, d.end + 1))
    kept: list[Found] = list(direct)
    for f in indirect:
        assert f.cue is not None
        cue_at = f.cue[0]
        _clip(f, text, cue_at, quotations)
        length = f.end - f.start
        if length < 3:
            continue
        if _pronoun_content(doc, f.start, f.end):
            continue
        covered = 0
        for d in carriers.overlapping(f.start, f.end):
            # only quotations kept as direct quotes carry the content
            d_lo, d_hi = d.start - 1, d.end + 1
            if d_lo <= cue_at < d_hi:
                continue
            lo, hi = max(f.start, d_lo), min(f.end, d_hi)
            covered = max(covered, hi - lo)
        if covered / length >= 0.6:
            if f.label_start is not None:
                # 'Cruz: "..."': the quotation is the labelled speaker's
                for d in carriers.overlapping(f.start - 2, f.end + 2):
                    if d.cue is None and f.start - 2 <= d.start and d.end <= f.end + 2:
                        d.cue, d.speaker_tok, d.cue_tok = f.cue, f.speaker_tok, f.cue_tok
            continue  # the quotation carries it as a direct quote already
        kept.append(f)
    kept.sort(key=lambda f: (f.start, f.end))
    return kept


def _clip(f: Found, text: str, cue_at: int, quotations: SpanIndex[QuoteSpan]) -> None:
    """Clip an indirect candidate to the quotations holding its cue and to its cue's paragraph."""
    # reported speech inside a quotation stays inside it
    for q in quotations.containing(cue_at):
        f.start, f.end = max(f.start, q.open_end), min(f.end, q.close_start)
    # reported speech stays in the paragraph of its cue (the parser's sentences may not)
    line_start = text.rfind("\n", 0, cue_at) + 1
    line_end = text.find("\n", cue_at)
    line_end = len(text) if line_end == -1 else line_end
    if f.start < line_end and f.end > line_start:
        f.start, f.end = max(f.start, line_start), min(f.end, line_end)
    bracketed = 0 < f.start and f.end < len(text) and text[f.start - 1] + text[f.end] == "()"
    if not bracketed:  # a whole bracketed report keeps its final stop
        f.start, f.end = trim(text, f.start, f.end)


def to_quotes(doc: Doc, kept: list[Found], ctx: Context) -> list[Quote]:
    """The kept candidates as ``Quote`` records with absolute offsets, numbered in order."""
    offset = ctx.offset
    quotes: list[Quote] = []
    text = doc_text(doc)
    for f in kept:
        speaker = make_speaker(f.speaker_tok, ctx) if f.speaker_tok is not None else None
        cue = (
            Cue(text=text[f.cue[0] : f.cue[1]], start=offset + f.cue[0], end=offset + f.cue[1])
            if f.cue
            else None
        )
        quotes.append(
            Quote(
                id=f"q{len(quotes) + 1}",
                text=text[f.start : f.end],
                start=offset + f.start,
                end=offset + f.end,
                speaker=speaker,
                cue=cue,
                kind="direct" if f.kind == "direct" else "indirect",
            )
        )
    return quotes
