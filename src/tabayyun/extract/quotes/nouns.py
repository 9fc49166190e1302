"""Noun attributions: a cue or stance noun with its complement ("the statement that ...",
"criticism of ..."), light verbs with such a noun ("made the case for"), findings "in a poll"
and "according to X"."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from tabayyun.extract.quotes.candidates import Found, subtree_content, token_end, trim, word_count
from tabayyun.extract.quotes.lexicon import Lexicon, is_cue_verb, is_stance_verb, lemma_of
from tabayyun.extract.quotes.sources import is_holder, is_source_like, subject_of
from tabayyun.extract.quotes.speakers import Context
from tabayyun.nlp import doc_text


def noun_attribution(doc: Doc, noun: Token, ctx: Context) -> Found | None:
    """"the statement that ...": a cue noun with a "that" clause; the possessor (if any) is
    the source. "Russia's criticism of the plan", "concerns about the ceasefire from aid
    groups": a stance noun with its own preposition ([noun_preps]) reports the preposition's
    object; the source is the possessor, a "by"/"from" phrase, or none."""
    lex = ctx.lex
    forms = {noun.lower_, noun.lemma_.lower()}
    text = doc_text(doc)
    spk = next((c for c in noun.children if c.dep_ == "poss"), None)
    if forms & lex.nouns:
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                s, e = trim(text, child.left_edge.idx, token_end(child.right_edge))
                if e - s >= 8:
                    return Found(s, e, "indirect", (noun.idx, token_end(noun)), spk, cue_tok=noun.i)
    if not lex.noun_preps:
        return None
    for child in noun.rights:
        if child.dep_ != "prep" or not any((f, child.lower_) in lex.noun_preps for f in forms):
            continue
        obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return None
        if spk is None:
            spk = _by_phrase_source(noun, ctx.lex)
        s, e = trim(text, obj.left_edge.idx, token_end(obj.right_edge))
        if e - s < 3:
            return None
        return Found(s, e, "indirect", (noun.idx, token_end(child)), spk, cue_tok=noun.i)
    return None


def _by_phrase_source(noun: Token, lex: Lexicon) -> Token | None:
    """The holder named by a "by" or "from" phrase of a stance noun ("criticism from aid groups")."""
    for child in noun.rights:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None and is_holder(obj, lex):
                return obj
    return None

# verbs that report through their object noun: "made the case for", "took a swipe at"
LIGHT_VERBS = frozenset({"make", "deliver", "level", "lodge", "launch", "raise", "take", "give"})

# adjectives of "made it clear that ...", "made known"
MANIFEST_ADJECTIVES = frozenset({"clear", "plain", "known", "obvious"})

LIGHT_COMPLEMENT_PREPS = frozenset({"for", "against", "at", "about", "on", "of", "over", "to"})


def light_verb_attribution(doc: Doc, verb: Token, ctx: Context) -> Found | None:
    """"Trump made the observation that ...", "she makes the case for ...", "he made it clear
    that ...", "took a swipe at X": a light verb and an utterance noun (or "clear") are the
    cue, the noun's or the verb's complement the content, the verb's subject the source."""
    lex = ctx.lex
    subj = subject_of(verb, lex)
    if subj is None or not is_holder(subj, lex):
        return None
    text = doc_text(doc)
    noun = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    comp: Token | None = None
    if noun is None or noun.pos_ == "PRON":
        if lemma_of(verb) != "make":
            return None
        adj = next(
            (c for c in verb.rights if c.lower_ in MANIFEST_ADJECTIVES and c.dep_ in ("ccomp", "oprd", "acomp")),
            None,
        )
        if adj is None:
            return None
        comp = next((c for c in list(adj.rights) + list(verb.rights) if c.dep_ in ("ccomp", "advcl") and c.i > adj.i), None)
        if comp is None:
            return None
        cue_end = token_end(adj)
    else:
        lemma = noun.lemma_.lower()
        if not ({noun.lower_, lemma} & (lex.nouns | lex.stance_nouns | lex.light_nouns)):
            return None
        for child in list(noun.rights) + [c for c in verb.rights if c.i > noun.i]:
            if child.dep_ in ("acl", "ccomp") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                comp = child
            elif (
                child.dep_ == "prep"
                and child.lower_ in LIGHT_COMPLEMENT_PREPS
                and lemma != "point"
                and (child.head.i == noun.i or child.lower_ != "at")  # "made a pledge at a rally"
            ):
                comp = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if comp is not None:
                break
        if comp is None:
            return None
        cue_end = token_end(noun)
    return subtree_content(text, comp, (verb.idx, cue_end), subj, verb.i)

# sources whose findings are reported with "in": "In a poll released Monday, 50 percent ..."
FINDING_SOURCES = frozenset(
    "poll polls polling survey surveys study studies report reports data census analysis "
    "estimate estimates tally projection projections forecast ranking rankings".split()
)


def in_source_attribution(doc: Doc, prep: Token, ctx: Context) -> Found | None:
    """"In a CBS News poll, she led by 24 points", "Trump is ahead in the polls": a finding
    reported with "in" and a poll, survey or report (the source); the rest of the clause is
    the content, unless a reporting verb already carries it ("he said in a report that")."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in FINDING_SOURCES and pobj.lower_ not in FINDING_SOURCES:
        return None
    head = prep.head
    if is_cue_verb(head, ctx.lex) or is_stance_verb(head, ctx.lex):
        return None
    if head.i < prep.i and pobj.tag_ == "NNS" and not any(c.dep_ in ("compound", "amod", "nummod") for c in pobj.children):
        return None  # "leads in the polls", "slid in polls": a standing, not a reported finding
    text = doc_text(doc)
    sent = prep.sent
    phrase_end = prep.right_edge.i + 1
    # the side of the sentence that holds the clause the phrase modifies
    a, b = (sent.start, prep.i) if head.i < prep.i else (phrase_end, sent.end)
    if b <= a or word_count(doc, a, b - 1) < 3:
        return None
    s, e = trim(text, doc[a].idx, token_end(doc[b - 1]))
    if e - s <= 3:
        return None
    return Found(s, e, "indirect", (prep.idx, token_end(prep)), pobj, cue_tok=prep.i)


def according_to(doc: Doc, tok: Token, ctx: Context) -> Found | None:
    text = doc_text(doc)
    to = doc[tok.i + 1]
    cue = (tok.idx, token_end(to))
    source: Token | None = None
    for child in list(to.children) + list(tok.children):
        if child.dep_ == "pobj":
            source = child
            break
    if source is None and tok.i + 2 < len(doc):
        # parser sometimes hangs the source elsewhere: take the next nominal
        for k in range(tok.i + 2, min(len(doc), tok.i + 8)):
            if doc[k].pos_ in ("PROPN", "NOUN", "PRON"):
                source = doc[k]
                while source.dep_ in ("compound", "flat") and source.head.i > source.i:
                    source = source.head
                break
    if source is None or not is_source_like(source, ctx.lex):
        return None
    phrase_start = tok.i
    phrase_end = max(to.right_edge.i, source.right_edge.i) + 1
    sent = tok.sent
    before = (sent.start, phrase_start)
    after = (phrase_end, sent.end)
    cand = []
    for a, b in (before, after):
        if b > a:
            s, e = trim(text, doc[a].idx, token_end(doc[b - 1]))
            if e - s > 3:
                cand.append((e - s, s, e))
    if not cand:
        return None
    _, s, e = max(cand)
    return Found(s, e, "indirect", cue, source, cue_tok=tok.i)
