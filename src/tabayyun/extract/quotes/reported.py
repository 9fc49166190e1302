"""Reported speech by syntax: the clause a cue verb reports ("X said that ...", "..., he said",
"said: ..."), found from the verb's complement, its host clause or its colon."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from tabayyun.extract.quotes.candidates import Found, token_end, trim, word_count
from tabayyun.extract.quotes.lexicon import (
    ADDRESSEE_VERBS,
    FIRST_SECOND_PERSON,
    QUESTION_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
    Lexicon,
    cue_span,
    is_cue_verb,
    lemma_of,
)
from tabayyun.extract.quotes.sources import (
    coordinated_cue_head,
    is_passive,
    reporting_participle,
    subject_of,
)
from tabayyun.extract.quotes.speakers import Context
from tabayyun.nlp import doc_text


def verb_attribution(doc: Doc, tok: Token, ctx: Context, text: str) -> Found | None:
    lex = ctx.lex
    lemma = lemma_of(tok)
    cue = cue_span(tok, lex)
    subj = subject_of(tok, lex)
    if lemma in lex.cognition and subj is None and not is_passive(tok):
        return None  # a belief needs its holder, unless it is impersonal ("is expected to")
    if lemma in lex.cognition and subj is not None and subj.lower_ in FIRST_SECOND_PERSON:
        return None  # "I think ...": the writer hedging, not an attribution (but "I said ...")
    if (
        lemma == "say" and 0 < tok.i < len(doc) - 1 and doc[tok.i + 1].text == ","
        and doc[tok.i - 1].lower_ in ("that", "this") and doc[tok.i - 1].is_sent_start
    ):
        return None  # "That said, ...": a discourse connective, not a report
    comp = _clausal_complement(tok, lex)
    colon = colon_after(doc, tok, lex)
    if colon is not None and (comp is None or not tok.i < comp.i < colon):
        if colon + 1 < len(doc) and doc[colon + 1].text in '"“«‘\'':
            return None  # a quotation follows: the direct-quote pass attributes it
        span = _clause_after_colon(doc, tok, lex)
        if span is not None:
            s, e = trim(text, *span)
            if span[0] > 0 and text[span[0] - 1] == "(":
                # a bracketed report is kept whole up to its closing bracket
                e = len(text[: span[1]].rstrip())
            if e - s >= 3:
                return Found(s, e, "indirect", cue, subj, cue_tok=tok.i)
        return None  # the cue introduces what follows its colon: never reach back before it
    if comp is None and lemma in lex.xcomp_verbs:
        for child in tok.children:
            if child.dep_ == "xcomp" and child.i > tok.i:
                comp = child
                break
    if comp is None and lemma in ("seem", "appear") and subj is not None and subj.i < tok.i:
        # "the commander seemed irritated", "no faction seems willing to ...": an impression
        # of the subject, with no named holder; the subject and its predicate are the content
        pred = next((c for c in tok.rights if c.dep_ in ("acomp", "oprd", "attr")), None)
        if pred is not None and subj.lower_ not in ("it", "there", "this", "that") and lemma_of(subj) not in RELATIVE_PRONOUNS:
            s, e = trim(text, subj.left_edge.idx, token_end(pred.right_edge))
            if e - s >= 3:
                return Found(s, e, "indirect", cue, None, cue_tok=tok.i)
    if comp is None and lemma in SPEECH_VERBS:
        # "said seeing so many officers was a relief": a clause parsed as a participle
        for child in tok.rights:
            if child.dep_ == "xcomp" and child.tag_ == "VBG" and child.i == tok.i + 1:
                comp = child
                break
    if comp is not None and _subjectless_finite(comp, tok):
        # "the Gulf states that back the opposition had not taken part", "the ceasefire
        # announced last week was meant to ...": a finite clause without a subject of its
        # own is a relative clause or the sentence's predicate, not what the cue reports
        return None
    if comp is not None:
        if comp.i < tok.i and lemma_of(comp) == lemma and any(
            c.dep_ == "nsubj" for c in comp.children
        ):
            # 'The spokesman said that ..., he said.': the clause before the trailing cue
            # is a report with its own cue and source, which carries the attribution
            return None
        left, right = comp.left_edge.i, comp.right_edge.i
        if comp.dep_ == "xcomp":
            # object control: "urged them to reconsider"
            for child in tok.children:
                if child.dep_ in ("dobj", "nsubj") and tok.i < child.i < comp.i:
                    left = min(left, child.left_edge.i)
        if comp.i > tok.i:
            left = max(left, tok.i + 1)
            while left < right and doc[left].text in ",:":
                left += 1
            for t in doc[comp.i + 1 : right + 1]:
                if coordinated_cue_head(t, lex) == tok or reporting_participle(t, lex):
                    # "said X and called Y", "said X, insisting that Y": X only
                    right = t.left_edge.i - 1
                    while right > left and (doc[right].dep_ == "cc" or doc[right].is_punct):
                        right -= 1
                    break
        else:
            stop = tok.i - 1
            if subj is not None and subj.i < tok.i:
                stop = min(stop, subj.left_edge.i - 1)
            right = min(right, stop)
        if right < left:
            return None
        s, e = trim(text, doc[left].idx, token_end(doc[right]))
        if e - s < 3:
            return None
        return Found(s, e, "indirect", cue, subj, cue_tok=tok.i)
    span = _host_clause(doc, tok, lex)
    if span is None:
        span = _clause_before_trailing_cue(doc, tok, subj, lex)
    if span is not None:
        s, e = trim(text, *span)
        if e - s >= 3:
            return Found(s, e, "indirect", cue, subj, cue_tok=tok.i)
    return None


def _clause_after_colon(doc: Doc, verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    """Content after ``said:`` when it is not quoted: up to the end of the sentence."""
    j = colon_after(doc, verb, lex)
    if j is None or j + 1 >= len(doc):
        return None
    first = doc[j + 1]
    if first.text == "(":
        # 'stated on 2/12/2016: (X said that ...)': the bracketed report is the content
        close = doc_text(doc).find(")", first.idx + 1)
        par = doc_text(doc).find("\n", first.idx + 1)
        if close != -1 and (par == -1 or close < par):
            return first.idx + 1, close
        if j + 2 < len(doc):
            nxt = doc[j + 2]
            return nxt.idx, token_end(doc[nxt.sent.end - 1])
        return None
    if first.text in '"“«‘\'' or first.is_space:
        return None
    sent = first.sent
    end_tok = sent.end
    for k in range(first.i + 1, sent.end):
        if doc[k].text == "(":
            end_tok = k
            break
    return first.idx, token_end(doc[end_tok - 1])


def colon_after(doc: Doc, verb: Token, lex: Lexicon) -> int | None:
    """Index of a colon closing the cue's clause ("said on Monday:"), if any."""
    for k in range(verb.i + 1, min(len(doc), verb.i + 12)):
        t = doc[k]
        if t.text == ":":
            return k
        if t.text in '.;"“«(' or (t.is_sent_start and k > verb.i + 1) or is_cue_verb(t, lex):
            return None
    return None

CLAUSE_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _subjectless_finite(comp: Token, cue: Token) -> bool:
    """Is ``comp``, a complement clause after the cue, a finite clause without a subject
    that is no report?

    Reported content has a subject of its own ("said that the talks failed"). A "that"
    followed straight by a verb ("the Gulf states that back the opposition had not ...")
    opens a relative clause; a clause opening on its verb or auxiliary after a main-clause
    cue with a noun subject ("The ceasefire announced last week was meant to ...") is the
    sentence's predicate, the cue a reduced relative. Subjectless clauses with another
    explanation are kept: a relative pronoun before the cue ("which he said was a
    mistake"), a subject taken for the cue's object ("demanding Obama make a pledge")."""
    if comp.dep_ != "ccomp" or comp.i < cue.i:
        return False
    if any(c.dep_ in CLAUSE_SUBJECT_DEPS or (c.dep_ == "advcl" and c.i < comp.i) for c in comp.children):
        return False  # (a clause before the verb may be its subject: "that because X does not mean Y")
    if any(c.dep_ in ("dobj", "dative", "attr") and cue.i < c.i < comp.i for c in cue.children):
        return False  # "demanding Obama make a pledge": the subject was taken for the cue's object
    if not (comp.tag_ in FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in comp.children
    )):
        return False
    doc = cue.doc
    mark = next((c for c in comp.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    if mark is not None:
        # "that will meet ...", "that back the opposition had not ...": the word after
        # "that" is a verb (or, mistagged, a word taking an object), not a subject
        nxt = doc[mark.i + 1] if mark.i + 1 < len(doc) else None
        if nxt is None or nxt.dep_ in ("advcl", "mark", "advmod", "neg"):
            return False
        return (nxt.pos_ in ("VERB", "AUX") and nxt.tag_ in FINITE_TAGS | {"VB"}) or (
            nxt.pos_ in ("ADV", "ADP") and any(g.dep_ in ("pobj", "dobj") for g in nxt.children)
        )
    # "The ceasefire announced last week was meant to ...": a main-clause cue with a noun
    # subject whose "complement" opens on its verb; not "the deal, which he said was a
    # mistake", where the relative pronoun is the subject of the reported clause
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    first = doc[max(comp.left_edge.i, cue.i + 1)]  # the clause opens on its verb or auxiliary
    return (
        cue.dep_ == "ROOT"
        and subj is not None
        and subj.pos_ in ("NOUN", "PROPN")
        and subj.left_edge.i == cue.sent.start
        and subj.left_edge.pos_ != "PRON"  # not "Everything Trump says is a lie"
        and not any(t.tag_ in ("WDT", "WP", "WP$") for t in doc[cue.sent.start : cue.i])
        and (first.i == comp.i or (first.head.i == comp.i and first.dep_ in ("aux", "auxpass")))
    )


def _participle_after_comma(verb: Token, comp: Token) -> bool:
    """"Sanders said, suggesting a few questions": a participle set off by a comma is an
    adjunct of the reporting verb, not what it reports."""
    return (
        comp.tag_ == "VBG"
        and comp.i > verb.i
        and any(t.text == "," for t in verb.doc[verb.i + 1 : comp.left_edge.i + 1])
    )


def _clausal_complement(tok: Token, lex: Lexicon) -> Token | None:
    """The reported clause of a cue verb: a ``ccomp``, preferring one after the verb.

    A finite adverbial clause without a subordinator right after a reporting verb is a
    mis-attached complement ("said after the convention he would not ...").
    """
    comps = [c for c in tok.children if c.dep_ == "ccomp" and not _participle_after_comma(tok, c)]
    after = [c for c in comps if c.i > tok.i]
    if after:
        return after[0]
    if comps:
        return comps[0]
    if lemma_of(tok) not in lex.verbs:
        return None
    for obj in tok.rights:
        # "told a meeting of leaders that ...": the parser hangs the "that" clause on the
        # addressee as a relative or adnominal clause; a complementiser "that" (a marker,
        # in a clause with a subject of its own) shows it is what was told
        if obj.dep_ in ("dobj", "dative"):
            for cl in obj.subtree:
                if cl.dep_ in ("relcl", "acl") and any(
                    g.lower_ == "that" and g.dep_ == "mark" for g in cl.children
                ) and any(g.dep_ == "nsubj" for g in cl.children):
                    return cl
    if lemma_of(tok) in QUESTION_VERBS:
        # "asked if he was ever bullied", "wondered whether ...": the question is the content
        for child in tok.rights:
            if child.dep_ == "advcl" and any(
                g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in child.children
            ):
                return child
    for child in tok.rights:
        if (
            child.dep_ == "advcl"
            and child.pos_ in ("VERB", "AUX")
            and any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children)
            and not any(g.dep_ == "mark" and g.lower_ != "that" for g in child.children)
            and not any(g.dep_ == "advmod" and g.tag_ == "WRB" for g in child.children)
        ):
            return child
    return None


def _host_clause(doc: Doc, tok: Token, lex: Lexicon) -> tuple[int, int] | None:
    """Content of a cue parenthetical inside or after the clause it reports.

    "Acts of protest, Mr. Obama said, are acts of patriotism" (cue in parataxis before its
    head), "The test was its biggest yet, he said" (after its head) and "..., as police have
    said" (an ``as`` clause): the reported clause is the head's subtree without the cue's.
    """
    head = tok.head
    if head.i == tok.i or head.pos_ not in ("VERB", "AUX", "NOUN", "PROPN", "ADJ"):
        return None
    as_clause = tok.dep_ == "advcl" and any(
        g.dep_ == "mark" and g.lower_ == "as" for g in tok.children
    )
    if tok.dep_ != "parataxis" and not (as_clause and not _has_own_object(tok, lex)):
        return None
    sent = tok.sent
    lo, hi = max(head.left_edge.i, sent.start), min(head.right_edge.i, sent.end - 1)
    c_lo, c_hi = tok.left_edge.i, tok.right_edge.i
    before = (lo, c_lo - 1) if c_lo - 1 >= lo else None
    after = (c_hi + 1, hi) if hi >= c_hi + 1 else None
    pieces = [p for p in (before, after) if p is not None and word_count(doc, *p) >= 2]
    if not pieces:
        return None
    if head.i > c_hi and after in pieces:
        a, b = after  # type: ignore[misc]
    else:
        a, b = max(pieces, key=lambda p: word_count(doc, *p))
    return doc[a].idx, token_end(doc[b])


def _clause_before_trailing_cue(
    doc: Doc, tok: Token, subj: Token | None, lex: Lexicon
) -> tuple[int, int] | None:
    """"People like Scott, he said." -- the cue ends its sentence after a comma."""
    sent = tok.sent
    k = tok.i + 1
    while k < sent.end and (doc[k].is_space or doc[k].dep_ in ("prt", "npadvmod", "prep", "pobj")
                            or doc[k].pos_ in ("ADV", "DET", "NOUN", "PROPN", "ADP", "NUM")):
        if doc[k].text in ",;:":
            break
        k += 1
    if k < sent.end and not (doc[k].is_punct and doc[k].text in ".!?"):
        return None
    first = tok.i
    if subj is not None and subj.i < tok.i:
        first = subj.left_edge.i
    j = first - 1
    while j >= sent.start and doc[j].is_space:
        j -= 1
    if j <= sent.start or doc[j].text != ",":
        return None
    if word_count(doc, sent.start, j - 1) < 2:
        return None
    if _has_own_object(tok, lex) or any(
        t.head.i == tok.i and (t.dep_ in FRONTED_ADJUNCT_DEPS or _fronted_adverbial(t))
        for t in doc[sent.start : j]
    ):
        return None  # "In July, the NAACP called for ...": an adjunct, not what was said
    return doc[sent.start].idx, token_end(doc[j - 1])

# dependents of a cue that set the scene ("At the debate, ...", "When asked, ...")
FRONTED_ADJUNCT_DEPS = frozenset({"prep", "advcl"})


def _fronted_adverbial(t: Token) -> bool:
    """A fronted noun-bearing adverbial of the cue: "Later that day, he added.", "Two hours
    later, the rebels continued.", "Elsewhere in Syria, the army added." (but "Not at all,
    she added." is a reply)."""
    if t.dep_ == "npadvmod":
        return True
    return t.dep_ == "advmod" and any(g.pos_ in ("NOUN", "PROPN", "NUM") for g in t.subtree)


def _has_own_object(verb: Token, lex: Lexicon) -> bool:
    """Does the cue carry what it reports after it: a direct object that is not the
    addressee ("mentioned the plan", not "told reporters") or a cue preposition's object
    ("called for a moratorium")?"""
    lemma = lemma_of(verb)
    for child in verb.rights:
        if child.dep_ == "dobj" and lemma not in ADDRESSEE_VERBS:
            return True
        if child.dep_ == "prep" and (lemma, child.lower_) in lex.prep_verbs:
            return True
    return False
