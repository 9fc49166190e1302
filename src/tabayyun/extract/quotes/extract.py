"""The entry point ``extract_quotes``: the lexicon and the quotation spans obtained once per
document, the indirect and direct passes run on them, and their candidates merged."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from tabayyun.extract.quotes.direct import find_direct
from tabayyun.extract.quotes.indirect import find_indirect
from tabayyun.extract.quotes.lexicon import Lexicon, load_lexicon
from tabayyun.extract.quotes.marks import find_quote_spans
from tabayyun.extract.quotes.merge import merge_candidates, to_quotes
from tabayyun.extract.quotes.speakers import Context
from tabayyun.model import Quote
from tabayyun.nlp import doc_text


def extract_quotes(
    doc: Doc,
    offset: int = 0,
    known_persons: Sequence[tuple[int, int, str]] = (),
    lexicon: Lexicon | None = None,
) -> list[Quote]:
    """Extract direct and indirect quotes from a parsed ``doc``.

    ``offset`` is the position of ``doc.text`` in the full document text; every returned
    offset is absolute, so ``full_text[q.start:q.end] == q.text``. ``known_persons`` are
    (start, end, name) mentions of people the knowledge base recognised, which pronouns may
    refer to when they are subjects. ``lexicon`` is the cue lexicon (the shipped one by default).
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    ctx = Context(doc, offset, lex, known_persons)
    quote_spans = find_quote_spans(doc_text(doc))
    indirect = find_indirect(doc, ctx)
    labels = frozenset(f.label_start for f in indirect if f.label_start is not None)
    direct = find_direct(doc, ctx, quote_spans, labels)
    return to_quotes(doc, merge_candidates(doc, direct, indirect, quote_spans), ctx)
