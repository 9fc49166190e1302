"""The indirect-quote pass: one walk over the tokens that hands each to the rule for its kind
of reported speech (transcript lines, verbs, stances, nouns, adjectives, hearsay adverbs)."""

from __future__ import annotations

from spacy.tokens import Doc

from tabayyun.extract.quotes.candidates import Found, subtree_content, token_end
from tabayyun.extract.quotes.lexicon import QUESTION_VERBS, is_cue_verb, is_stance_verb, lemma_of
from tabayyun.extract.quotes.nouns import (
    LIGHT_VERBS,
    according_to,
    in_source_attribution,
    light_verb_attribution,
    noun_attribution,
)
from tabayyun.extract.quotes.reported import verb_attribution
from tabayyun.extract.quotes.speakers import Context
from tabayyun.extract.quotes.stance import adjective_attribution, asked_about, stance_attribution
from tabayyun.extract.quotes.transcripts import speaker_colon_lines
from tabayyun.nlp import doc_text


def find_indirect(doc: Doc, ctx: Context) -> list[Found]:
    lex = ctx.lex
    text = doc_text(doc)
    found: list[Found] = speaker_colon_lines(doc, lex)
    claimed: set[int] = set()  # nouns already reported through a light verb
    for tok in doc:
        low = tok.lower_
        if tok.i in claimed:
            continue
        if tok.pos_ == "VERB" and lemma_of(tok) in LIGHT_VERBS:
            f = light_verb_attribution(doc, tok, ctx)
            if f is not None:
                found.append(f)
                claimed.update(range(tok.i, doc.char_span(*f.cue, alignment_mode="expand").end))
                continue
        if low == "in" and tok.dep_ == "prep":
            f = in_source_attribution(doc, tok, ctx)
            if f is not None:
                found.append(f)
                continue
        # "according to X, ..."
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            f = according_to(doc, tok, ctx)
            if f is not None:
                found.append(f)
            continue
        if is_cue_verb(tok, lex) or is_stance_verb(tok, lex):
            if tok.dep_ == "acl" and tok.tag_ == "VBN":
                # "the ceasefire announced last week", "the meeting planned before ...": a
                # participle modifying a noun does not make the noun its speaker, nor the
                # noun its content (PolNeAR counts neither, with or without a "by" agent)
                continue
            f = verb_attribution(doc, tok, ctx, text)
            if f is None:
                f = stance_attribution(doc, tok, ctx)
            if f is None and tok.tag_ == "VBN" and lemma_of(tok) in QUESTION_VERBS:
                f = asked_about(doc, tok)
            if f is not None:
                found.append(f)
            continue
        if low in REPORT_ADVERBS and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX"):
            # "the convoy was reportedly shelled": hearsay without a named source
            head = tok.head
            f = subtree_content(text, head, (tok.idx, token_end(tok)), None, tok.i)
            if f is not None:
                found.append(f)
            continue
        if tok.pos_ == "ADJ" and low in lex.adjectives:
            f = adjective_attribution(doc, tok, ctx)
            if f is not None:
                found.append(f)
            continue
        if tok.pos_ == "NOUN":
            f = noun_attribution(doc, tok, ctx)
            if f is not None:
                found.append(f)
    return found

# adverbs that mark a clause as hearsay ("the talks reportedly stalled")
REPORT_ADVERBS = frozenset({"reportedly", "purportedly", "reputedly"})
