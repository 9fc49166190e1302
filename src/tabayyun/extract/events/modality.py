"""Modality and polarity of a trigger: planned, hypothetical, reported intent, negated."""

from __future__ import annotations

from spacy.tokens import Token

from tabayyun.extract.events.lexicon import EventLexicon
from tabayyun.extract.events.triggers import Trigger

__all__ = ["event_modality"]


def event_modality(trig: Trigger, lex: EventLexicon) -> tuple[bool, str]:
    negated = False
    modality = "asserted"
    token = trig.light if trig.light is not None else trig.governor
    if token.pos_ in ("NOUN", "PROPN"):
        # a noun hanging deeper in a clause ("threatened Turkey with sanctions", "talks regarding
        # the withdrawal"): the nearest verb above it sets the modality, not the polarity
        for verb in _verbs_above(token):
            lemma = verb.lemma_.lower()
            if lemma in lex.modal_governors:
                return False, lex.modal_governors[lemma]
            above = event_modality(Trigger(verb, trig.sense, trig.start, trig.end, verb, None), lex)[1]
            if above != "asserted":
                return False, above
        return False, modality
    if trig.token.pos_ in ("NOUN", "PROPN") and any(c.lower_ in ("no", "without") and c.dep_ == "det" for c in trig.token.children):
        negated = True
    for _ in range(6):
        for child in token.children:
            dep, lower, lemma = child.dep_, child.lower_, child.lemma_.lower()
            if dep == "neg":
                negated = True
            elif dep in ("aux", "auxpass") and lemma in lex.aux_modality and modality == "asserted":
                modality = lex.aux_modality[lemma]
            elif dep == "mark" and lower in lex.conditional_markers:
                modality = "hypothetical"
        dep, head = token.dep_, token.head
        if head is token or dep not in ("xcomp", "conj", "acl", "acomp", "ccomp", "advcl"):
            break
        if dep in ("xcomp", "acl"):
            lemma = head.lemma_.lower()
            if lemma in lex.negating_governors:
                negated = True
            elif lemma in lex.modal_governors and modality == "asserted":
                modality = lex.modal_governors[lemma]
            if head.pos_ in ("NOUN", "PROPN"):  # "the right to veto": the noun's verb decides
                token = head.head if head.head is not head else head
                continue
        elif dep == "acomp" or head.lemma_.lower() in ("ready", "willing", "prepared"):
            pass
        elif dep in ("ccomp", "advcl"):
            # "said that X will ..." keeps X's own modality; stop at the reporting verb
            break
        token = head
    return negated, modality


def _verbs_above(token: Token) -> list[Token]:
    """The verbs above a noun, nearest first, up to the next finite clause boundary."""
    verbs: list[Token] = []
    for _ in range(8):
        if token.head is token or token.dep_ in ("ccomp", "advcl", "relcl", "parataxis"):
            break
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            verbs.append(token)
    return verbs
