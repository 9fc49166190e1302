"""Trigger detection: the predicates of a sentence's parse that the event lexicon knows
(verbs, nouns, light-verb + noun pairs), with their sense and mode."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tabayyun.extract.events.lexicon import EventLexicon, Sense

__all__ = ["OBJ", "PASS_SUBJ", "SUBJ", "Trigger", "find_triggers"]

SUBJ = frozenset({"nsubj", "csubj"})
PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
OBJ = frozenset({"dobj", "obj", "dative", "attr"})


@dataclass(slots=True)
class Trigger:
    token: Token  # the head word of the predicate (the noun of "held talks")
    sense: Sense
    start: int
    end: int
    governor: Token  # the verb whose subject, tense and modality the event takes
    mode: str | None
    light: Token | None = None


def _verb_sense(token: Token, senses: Sequence[Sense]) -> Sense | None:
    preps = None
    objects = None
    for sense in senses:
        if sense.prep is not None:
            if preps is None:
                preps = {c.lower_ for c in token.children if c.dep_ in ("prep", "prt", "dative", "agent")}
            if sense.prep not in preps:
                continue
        if sense.objects:
            if objects is None:
                objects = {w.lemma_.lower() for c in token.children if c.dep_ in OBJ or c.dep_ == "nsubjpass"
                           for w in (c, *(x for x in c.children if x.dep_ == "compound"))}
            if not objects & sense.objects:
                continue
        return sense
    return None


def find_triggers(sent: Span, offset: int, lex: EventLexicon) -> list[Trigger]:
    found: list[Trigger] = []
    carried: set[int] = set()  # nouns taken by a light verb or merged into a verb event
    for token in sent:
        if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.tag_ == "VBN"):
            continue
        senses = lex.verbs.get(token.lemma_.lower())
        if not senses:
            continue
        sense = _verb_sense(token, senses)
        if sense is None:
            continue
        if sense.light or sense.type is None:
            for child in token.children:
                if child.dep_ in OBJ or child.dep_ in ("nsubjpass",):
                    noun = lex.nouns.get(child.lemma_.lower())
                    if noun is not None:
                        carried.add(child.i)
                        found.append(_make(token, child, Sense(noun.type, noun.mode), offset, lex, light=token))
                        break
            continue
        if sense.objects:
            # "sent aid", "imposed sanctions": the object is part of the predicate
            for child in token.children:
                if child.dep_ in OBJ and child.lemma_.lower() in sense.objects:
                    carried.add(child.i)
                    found.append(_make(token, child, sense, offset, lex, light=token))
                    break
            else:
                found.append(_make(token, None, sense, offset, lex))
            continue
        found.append(_make(token, None, sense, offset, lex))
    # a noun trigger that is the subject or the instrument of a verb event of its type
    # ("airstrikes killed 20", "killed in a barrel bomb attack") is that event, not another
    by_verb = {t.governor.i: t for t in found if t.light is None}
    for token in sent:
        if token.pos_ not in ("NOUN", "PROPN") or token.i in carried:
            continue
        sense = lex.nouns.get(token.lemma_.lower())
        if sense is None or sense.light_only or sense.type is None:
            continue
        head = token.head
        via = head.head if head.dep_ in ("prep", "agent") else head
        if token.dep_ in SUBJ or token.dep_ in ("pobj",):
            verb_trig = by_verb.get(via.i)
            if verb_trig is not None and verb_trig.sense.type == sense.type:
                verb_trig.mode = _refine_mode(verb_trig.mode, sense.mode, token, lex, sense.type)
                carried.add(token.i)
                continue
        if token.dep_ == "compound" and lex.nouns.get(token.head.lemma_.lower()) is not None:
            continue  # "barrel bomb attack": the head noun carries it
        found.append(_make(token, None, sense, offset, lex))
    found.sort(key=lambda t: t.start)
    return found


def _make(token: Token, noun: Token | None, sense: Sense, offset: int, lex: EventLexicon,
          light: Token | None = None) -> Trigger:
    words = [token] if noun is None else [token, noun]
    words += [c for c in token.children if c.dep_ == "prt" or (sense.prep and c.dep_ == "prep" and c.lower_ == sense.prep)]
    start = offset + min(w.idx for w in words)
    end = offset + max(w.idx + len(w.text) for w in words)
    head = noun if noun is not None else token
    governor = token if token.pos_ in ("VERB", "AUX") or noun is not None else _noun_governor(token)
    mode = _refine_mode(sense.mode, None, head, lex, sense.type)
    if noun is not None:
        mode = _refine_mode(mode, None, token, lex, sense.type)
    return Trigger(head, sense, start, end, governor, mode, light)


def _noun_governor(noun: Token) -> Token:
    """The verb a noun trigger hangs from ("the talks did not ..." -> "come")."""
    head = noun.head
    if noun.dep_ in SUBJ | PASS_SUBJ | OBJ and head.pos_ in ("VERB", "AUX"):
        return head
    return noun


def _refine_mode(mode: str | None, fallback: str | None, head: Token, lex: EventLexicon, kind: str | None) -> str | None:
    cues = lex.mode_cues.get(kind or "")
    if not cues:
        return mode or fallback
    context: list[Token] = [head]
    for child in head.children:
        context.append(child)
        if child.dep_ in SUBJ | {"agent", "prep", "pobj"} | OBJ:
            context.extend(child.children)
            for grand in child.children:
                if grand.dep_ == "pobj":
                    context.extend(grand.children)
    words = {t.lemma_.lower() for t in context} | {t.lower_ for t in context}
    for word, cue_mode in cues:
        if word in words:
            # a cue only refines a generic or a related mode ("air" + strike, "suicide" + bombing)
            if mode is None or mode in ("bombing", "killing", "ground", "clash", "shelling") or cue_mode in ("chemical", "suicide"):
                return cue_mode if not (mode == "aerial" and cue_mode == "bombing") else mode
            return mode
    return mode or fallback
