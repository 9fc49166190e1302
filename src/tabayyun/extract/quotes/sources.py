"""The source of a cue in the parse: the subject of a reporting verb (through conjunctions,
participles and passives), and whether a token can hold a stance or be a source."""

from __future__ import annotations

from spacy.tokens import Token

from tabayyun.extract.quotes.lexicon import (
    AGENT_SUFFIXES,
    NAME_ENTS,
    PERSONAL_PRONOUNS,
    SPEAKER_PASSIVES,
    Lexicon,
    is_cue_verb,
    is_stance_verb,
    lemma_of,
)
from tabayyun.nlp import doc_text


def coordinated_cue_head(verb: Token, lex: Lexicon) -> Token | None:
    """The reporting verb that ``verb`` is really coordinated with, when the parser hung it
    on that verb's complement: in "Rendell said he'd battled pneumonia and called it a common
    ailment", "called" (no subject of its own, the tense of "said", not of "battled") is
    Rendell's second report, not part of the first one's content."""
    if verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    if not (is_cue_verb(verb, lex) or is_stance_verb(verb, lex)):
        return None
    comp = verb.head
    while comp.dep_ == "conj" and comp.head.i != comp.i:
        comp = comp.head
    outer = comp.head
    if comp.dep_ != "ccomp" or outer.i >= comp.i or not is_cue_verb(outer, lex):
        return None
    if verb.tag_ != outer.tag_ or comp.tag_ == outer.tag_ or verb.tag_ not in ("VBD", "VBZ"):
        return None
    return outer


def subject_of(verb: Token, lex: Lexicon) -> Token | None:
    """The subject of a cue verb, inherited through conjunctions and participles."""
    outer = coordinated_cue_head(verb, lex)
    if outer is not None:
        return subject_of(outer, lex)
    if reporting_participle(verb, lex):
        # "the general said he plans ..., insisting that ...": the reporter insists
        head = verb.head
        for _ in range(6):
            if head.dep_ == "ccomp" and head.head.i < head.i and is_cue_verb(head.head, lex):
                return subject_of(head.head, lex)
            if head.head.i == head.i:
                break
            head = head.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children
    ):
        # "Asked if he was bullied, the candidate said ...": a passive participle's
        # implicit subject is who was asked, not who asked
        return agent_of(verb)
    seen = 0
    cur: Token | None = verb
    while cur is not None and seen < 6:
        seen += 1
        for child in cur.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not _is_line_label(child):
                if child.dep_ == "nsubjpass" and (
                    child.lower_ == "it" or (seen == 1 and lemma_of(cur) not in SPEAKER_PASSIVES)
                ):
                    # "X is expected to ...", "X was seen as ...": the passive subject is
                    # what is reported, the source is the agent if there is one
                    return agent_of(cur)
                return child
        agent = agent_of(cur)
        if agent is not None:
            return agent
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep":
            cur = cur.head.head  # "commented ... by saying"
            continue
        if cur.dep_ in ("conj", "advcl", "xcomp", "pcomp") and cur.head.i != cur.i:
            if cur.dep_ == "advcl" and cur.tag_ not in ("VBG", "VBN"):
                return None
            cur = cur.head
            continue
        if cur.dep_ == "acl" and cur.tag_ == "VBG" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head  # "a statement announcing the pick", "voters saying they ..."
        return None
    return None


def _is_line_label(tok: Token) -> bool:
    """Is ``tok`` a label opening its line before a colon ("Question: ...", "Q: ...",
    "Lavrov: ...")? The parser may take it for the subject of the line's verb; the label
    names the turn of an interview, not who did what the sentence says."""
    doc = tok.doc
    after = tok.i + 1
    if after >= len(doc) or doc[after].text != ":" or tok.i - tok.left_edge.i > 3:
        return False
    text = doc_text(doc)
    first = tok.left_edge.idx
    return not text[text.rfind("\n", 0, first) + 1 : first].strip()


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def reporting_participle(t: Token, lex: Lexicon) -> bool:
    """"said he plans a strategy, insisting that ...": a participle set off by a comma that
    reports a clause or object of its own is a second report by the same source, not part
    of the first one's content."""
    if t.tag_ != "VBG" or t.dep_ not in ("advcl", "conj", "xcomp") or t.i == 0:
        return False
    if t.doc[t.left_edge.i - 1].text != "," or not (is_cue_verb(t, lex) or is_stance_verb(t, lex)):
        return False
    # what it reports: a clause, an object or a cue preposition's object ("calling for");
    # not an aspectual infinitive ("..., while continuing to fight")
    return any(
        c.i > t.i and (c.dep_ in ("ccomp", "dobj") or (c.dep_ == "prep" and (lemma_of(t), c.lower_) in lex.prep_verbs))
        for c in t.children
    )


def is_holder(tok: Token, lex: Lexicon) -> bool:
    """Can ``tok`` hold a stance? A person or organisation (a name, a pronoun, a relative
    pronoun), a role or a noun naming people ("voters", "insiders")."""
    low = tok.lower_
    if low in ("it", "this", "that", "there", "which", "what"):
        return False
    if tok.pos_ == "PRON":
        return True
    return is_source_like(tok, lex)


def is_source_like(tok: Token, lex: Lexicon) -> bool:
    """Can ``tok`` head the source of "according to"? A person, organisation or outlet
    (a name or a personal pronoun), or a noun naming people or a source document
    ("officials", "a poll", "the report"); not "its proposals" or "the American plans"."""
    if tok.ent_type_ in NAME_ENTS or tok.pos_ == "PROPN":
        return True
    low, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ == "PRON":
        return low in PERSONAL_PRONOUNS or low in ("they", "them", "someone", "somebody")
    if {low, lemma} & (lex.source_nouns | lex.roles):
        return True
    # agent nouns name people: "insiders", "investigators", "economists", "historians"
    return tok.pos_ == "NOUN" and lemma.endswith(AGENT_SUFFIXES) and len(lemma) > 5
