"""Speakers: the per-document context (``Context``: lexicon, entities, person mentions for
pronouns) and the ``Speaker`` made from the token that heads a source mention."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from tabayyun.extract.quotes.lexicon import (
    NAME_ENTS,
    PERSONAL_PRONOUNS,
    PRONOUNS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    Lexicon,
)
from tabayyun.model import Speaker


class Context:
    """Per-document state: the lexicon, the doc, and mentions for pronoun resolution."""

    def __init__(
        self, doc: Doc, offset: int, lex: Lexicon, known_persons: Sequence[tuple[int, int, str]] = ()
    ) -> None:
        self.doc = doc
        self.offset = offset
        self.lex = lex
        # PERSON mentions in subject position, in text order: (start_char, end_char, name)
        self.persons: list[tuple[int, int, str]] = []
        self.ents: tuple[Span, ...] = tuple(doc.ents)  # Doc.ents rebuilds on every access: read once
        self._ent_starts = [ent.start for ent in self.ents]
        for ent in self.ents:
            if ent.label_ == "PERSON" and _in_subject_position(ent.root):
                self.persons.append((ent.start_char, ent.end_char, _clean_name(ent.text)))
        # people the knowledge base knows, whatever label the model gave them ("Lavrov" as ORG),
        # when they are the subject of the sentence's main verb
        named = {p[0] for p in self.persons}
        for start, end, name in known_persons:
            span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
            if span is not None and span.start_char not in named and _main_clause_subject(span.root):
                self.persons.append((span.start_char, span.end_char, name))
        self.persons.sort()

    def ents_in(self, span: Span) -> list[Span]:
        """The named entities inside ``span`` (what ``span.ents`` gives, without a pass over the doc)."""
        i = bisect.bisect_left(self._ent_starts, span.start)
        found = []
        while i < len(self.ents) and self.ents[i].start < span.end:
            if self.ents[i].end <= span.end:
                found.append(self.ents[i])
            i += 1
        return found

    def antecedent(self, before: int) -> tuple[int, int, str] | None:
        best = None
        for p in self.persons:
            if p[1] <= before:
                best = p
            else:
                break
        return best


def _in_subject_position(root: Token) -> bool:
    return root.dep_ in SUBJECT_DEPS or (root.dep_ in ("appos", "compound") and root.head.dep_ in SUBJECT_DEPS)


def _main_clause_subject(root: Token) -> bool:
    if root.dep_ in ("appos", "compound"):
        root = root.head
    verb = root.head
    return root.dep_ == "nsubj" and (verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"))


def _clean_name(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"['’]s$", "", text)
    return text.strip(" ,")

SPEAKER_RIGHT_DEPS = {"compound", "flat", "prep", "pobj", "conj", "cc", "nummod", "case", "amod"}

SPEAKER_LEFT_DEPS = {
    "det", "amod", "compound", "poss", "nmod", "nummod", "flat", "case", "quantmod", "advmod",
    "npadvmod", "predet",
}


def _np_tokens(head: Token) -> tuple[int, int]:
    """Token range [i, j) of the noun phrase headed by ``head``, without appositions/clauses."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in SPEAKER_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    right = head.i + 1
    for child in head.rights:
        if child.dep_ in SPEAKER_RIGHT_DEPS and child.i == right:
            right = child.right_edge.i + 1
        elif child.dep_ in SPEAKER_RIGHT_DEPS and child.dep_ == "prep" and child.i <= right + 1:
            right = child.right_edge.i + 1
        else:
            break
    doc = head.doc
    while right - 1 > left and (doc[right - 1].is_punct or doc[right - 1].dep_ == "cc"):
        right -= 1
    while left < right - 1 and doc[left].is_punct:
        left += 1
    return left, right


def make_speaker(head: Token, ctx: Context) -> Speaker:
    """Build a Speaker for the mention headed by ``head`` (name, pronoun or role)."""
    doc = ctx.doc
    off = ctx.offset
    low = head.lower_
    if head.pos_ == "PRON" or low in RELATIVE_PRONOUNS or low in PRONOUNS:
        sp = Speaker(
            name=None,
            surface=head.text,
            start=off + head.idx,
            end=off + head.idx + len(head.text),
            kind="pronoun",
        )
        if low in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            noun = head.head.head
            i, j = _np_tokens(noun)
            span = doc[i:j]
            sp.name = _name_of(noun, span, ctx) or _clean_name(span.text)
            sp.antecedent_start = off + span.start_char
            sp.antecedent_end = off + span.end_char
        elif low in PERSONAL_PRONOUNS:
            ante = ctx.antecedent(head.idx)
            if ante is not None:
                sp.name = ante[2]
                sp.antecedent_start = off + ante[0]
                sp.antecedent_end = off + ante[1]
        return sp
    i, j = _np_tokens(head)
    span = doc[i:j]
    name = _name_of(head, span, ctx)
    if name is None:
        # "The Turkish Foreign Minister, Mevlut Cavusoglu, told ...": the apposition names it
        for child in head.rights:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                ai, aj = _np_tokens(child)
                span = doc[ai:aj]
                name = _name_of(child, span, ctx)
                break
    kind = "name" if name else "role"
    return Speaker(
        name=name,
        surface=span.text,
        start=off + span.start_char,
        end=off + span.end_char,
        kind=kind,
    )


def _name_of(head: Token, span: Span, ctx: Context) -> str | None:
    """The proper name a speaker mention carries, or None for a role description."""
    if head.ent_type_ in NAME_ENTS:
        for ent in ctx.ents_in(span):
            if ent.start <= head.i < ent.end:
                return _clean_name(ent.text)
    for ent in ctx.ents_in(span):
        if ent.label_ == "PERSON":
            return _clean_name(ent.text)
    if head.lower_ in ctx.lex.roles or head.lemma_.lower() in ctx.lex.roles:
        return _name_after_role(head, span, ctx)
    if head.pos_ == "PROPN":
        toks = [t for t in span if t.pos_ == "PROPN" or t.i == head.i]
        return _clean_name(" ".join(t.text for t in toks)) or None
    return None


def _name_after_role(head: Token, span: Span, ctx: Context) -> str | None:
    """"the President of the Republic Recep Tayyip Erdogan": a role noun followed by a name.

    The name is the run of proper nouns closing the mention, without the role and
    institution words that lead it ("Republic"); one token is enough only when the
    entity recogniser marks it as a person.
    """
    lex = ctx.lex
    run: list[Token] = []
    for t in reversed(list(span)):
        if t.i <= head.i or t.pos_ != "PROPN" or not t.text[:1].isupper():
            break
        run.insert(0, t)
    while run and (run[0].lower_ in lex.roles or run[0].lower_ in lex.institution_words):
        run.pop(0)
    if len(run) >= 2 or (run and run[0].ent_type_ == "PERSON"):
        return _clean_name(" ".join(t.text for t in run)) or None
    return None
