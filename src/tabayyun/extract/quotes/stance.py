"""Stance attributions: a verb or adjective whose object or complement is the content ("Cruz
endorsed Trump", "was reluctant to ..."), told apart from physical acts ("rebels attacked ...")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from tabayyun.extract.quotes.candidates import Found, subtree_content, token_end, trim
from tabayyun.extract.quotes.lexicon import (
    ADDRESSEE_VERBS,
    AGENT_SUFFIXES,
    OBJECT_PREPS,
    PERSON_OBJECTS,
    RELATIVE_PRONOUNS,
    Lexicon,
    cue_span,
    is_cue_verb,
    lemma_of,
)
from tabayyun.extract.quotes.sources import (
    agent_of,
    is_holder,
    is_passive,
    reporting_participle,
    subject_of,
)
from tabayyun.extract.quotes.speakers import Context
from tabayyun.nlp import doc_text

# stance verbs that also name physical acts, frequent in conflict news: violence verbs
# ("forces attacked the village", "jets hit the convoy") are cues only when a holder takes on
# a person, group or statement; backing verbs ("backed by air strikes", "troops defended the
# town", "rebels support units") only when a holder backs something that is not a place or
# an armed force (see ``_verbal_sense``)
VIOLENCE_VERBS = frozenset(
    "attack assail blast slam hit strike target lash confront challenge press push grill".split()
)

BACKING_VERBS = frozenset("back support defend embrace".split())

PHYSICAL_SENSE_VERBS = VIOLENCE_VERBS | BACKING_VERBS

# nouns for policies, decisions and other objects of a stance ("backed the resolution")
POLICY_NOUNS = frozenset(
    "policy policies plan plans proposal decision deal agreement bill law legislation resolution "
    "move approach stance position record rhetoric idea strategy agenda platform ruling measure "
    "reform ban initiative program programme budget treaty accord ceasefire truce candidacy "
    "nomination bid campaign administration government leadership handling response election "
    "vote referendum talks negotiations process effort efforts call calls request amendment "
    "motion sanctions investigation inquiry probe report media press coverage role".split()
)

# nouns for people and groups that hold views without being roles or agent nouns
HUMAN_NOUNS = frozenset(
    "man woman people person child parent family voter citizen leader candidate donor group party "
    "crowd protester millennial youth public majority minority percent half third most many some "
    "rival critic opponent ally column editorial newspaper paper ad campaign office".split()
)

# heads of armed actors and weapons: what they attack, hit or back is physical
ARMED_ACTORS = frozenset(
    "force forces troop troops army armies soldier soldiers militant militants rebel rebels "
    "fighter fighters militia militias gunman gunmen insurgent insurgents jet jets aircraft "
    "warplane warplanes drone drones artillery tank tanks strike strikes airstrike airstrikes "
    "bomber bombers unit units battalion brigade division navy ship ships missile missiles "
    "rocket rockets shell shells mortar mortars sniper snipers jihadist jihadists police".split()
)


def _armed(tok: Token) -> bool:
    return tok.lower_ in ARMED_ACTORS or lemma_of(tok) in ARMED_ACTORS or any(
        c.dep_ in ("compound", "amod") and c.lower_ in ARMED_ACTORS for c in tok.children
    )


def _verbal_sense(holder: Token | None, obj: Token, verb: Token, lex: Lexicon) -> bool:
    """Is "holder VERB obj" a stance (criticism, backing) rather than a physical act?

    The holder must be a person or organisation that is not an armed force. After a
    violence verb the object must be a person or group (a name, a personal pronoun, a role
    or agent noun) or a statement, plan or policy ("the senator attacked the envoy's
    remarks", not "rebels attacked the village"); after a backing verb it must not be a
    place or an armed force ("Paris backed the resolution", not "jets backed the troops")."""
    if holder is not None and holder.lower_ in RELATIVE_PRONOUNS and holder.head.dep_ == "relcl":
        holder = holder.head.head  # "the group, which backed his rise"
    if holder is None or _armed(holder) or _armed(obj):
        return False
    if lemma_of(verb) in BACKING_VERBS:
        # "19 percent of students support Clinton", "the column backed him": only armed
        # forces and places are ruled out
        return obj.ent_type_ not in ("LOC", "FAC") and (
            obj.ent_type_ != "GPE" or lemma_of(verb) in ("back", "support")
        )
    if not (is_holder(holder, lex) or lemma_of(holder) in HUMAN_NOUNS) or obj.ent_type_ in ("GPE", "LOC", "FAC"):
        return False
    low, lemma = obj.lower_, lemma_of(obj)
    if obj.pos_ == "PRON":
        return low in PERSON_OBJECTS or low in ("himself", "herself", "themselves")
    if {low, lemma} & (POLICY_NOUNS | lex.nouns | lex.stance_nouns | lex.light_nouns):
        return True
    if obj.ent_type_ in ("PERSON", "ORG", "NORP") or {low, lemma} & (lex.roles | HUMAN_NOUNS):
        return True
    if obj.pos_ == "PROPN" and obj.ent_type_ not in ("GPE", "LOC", "FAC", "PRODUCT"):
        return True
    return obj.pos_ == "NOUN" and lemma.endswith(AGENT_SUFFIXES) and len(lemma) > 4


def stance_attribution(doc: Doc, tok: Token, ctx: Context) -> Found | None:
    """"Cruz endorsed Trump", "called for a ceasefire": the object is the content."""
    lex = ctx.lex
    lemma = lemma_of(tok)
    subj = subject_of(tok, lex)
    text = doc_text(doc)
    if (
        is_passive(tok)
        and lemma not in ADDRESSEE_VERBS
        and lemma != "ask"
        and (
            lemma in lex.verbs
            or subj is not None
            # "the move was seen as a concession": a judgement without a named holder
            or ((lemma, "as") in lex.prep_verbs and any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.rights))
        )
    ):
        # "Trump was endorsed by Cruz", "the kingdom is viewed as ...": the passive subject is
        # what the stance is about, the agent (if any) holds it
        for child in tok.lefts:
            if child.dep_ == "nsubjpass" and child.lower_ != "it":
                if lemma in PHYSICAL_SENSE_VERBS and not _verbal_sense(subj, child, tok, lex):
                    return None  # "the offensive was backed by air strikes"
                s, e = trim(text, child.left_edge.idx, token_end(child.right_edge))
                if e - s >= 2:
                    return Found(s, e, "indirect", cue_span(tok, lex), subj, cue_tok=tok.i)
        return None
    if subj is None or subj.lower_ in ("it", "this", "that"):
        return None
    generic_you = subj.lower_ == "you"  # "if you vote for her": no one's stance
    if (lemma, "as") in lex.prep_verbs:
        # "saw the comment as a dig": the object and what it is seen as
        for child in tok.rights:
            if child.dep_ != "dobj":
                continue
            as_phrases = [
                p for p in list(child.rights) + list(tok.rights)
                if p.dep_ == "prep" and p.lower_ == "as" and p.i > child.i
            ]
            if as_phrases:
                last = max(p.right_edge.i for p in as_phrases)
                s, e = trim(text, child.left_edge.idx, token_end(doc[last]))
                return Found(s, e, "indirect", cue_span(tok, lex), subj, cue_tok=tok.i)
    for child in tok.rights:
        if child.dep_ == "prep" and (lemma, child.lower_) in lex.prep_verbs and not generic_you:
            objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                s, e = trim(text, objs[0].left_edge.idx, token_end(objs[0].right_edge))
                if e - s >= 3:
                    return Found(s, e, "indirect", (tok.idx, token_end(child)), subj, cue_tok=tok.i)
    if lemma not in lex.object_verbs and (lemma not in lex.verbs or lemma in ADDRESSEE_VERBS):
        return None
    for child in tok.rights:
        if child.dep_ == "dobj":
            if lemma in PHYSICAL_SENSE_VERBS and not _verbal_sense(subj, child, tok, lex):
                return None  # "rebels attacked the village": a physical act, not a stance
            last = child.right_edge
            for extra in tok.rights:
                if extra.i > child.i and extra.dep_ in ("oprd", "xcomp"):
                    last = extra.right_edge
                elif extra.i > child.i and extra.dep_ == "prep" and extra.lower_ in OBJECT_PREPS:
                    last = extra.right_edge
            for rel in doc[child.i + 1 : last.i + 1]:
                # "attacked rivals for accepting donations, which he said were ...", "backed
                # the plan, insisting that ...": a clause reported by its own cue is not part
                # of this stance
                if (rel.dep_ == "relcl" and is_cue_verb(rel, lex) and any(
                    g.dep_ == "nsubj" and g.lower_ not in RELATIVE_PRONOUNS for g in rel.children
                )) or reporting_participle(rel, lex):
                    last = doc[max(child.i, rel.left_edge.i - 1)]
                    break
            s, e = trim(text, child.left_edge.idx, token_end(last))
            if e - s >= 3:
                return Found(s, e, "indirect", cue_span(tok, lex), subj, cue_tok=tok.i)
    return None


def adjective_attribution(doc: Doc, adj: Token, ctx: Context) -> Found | None:
    """"Insiders are convinced that ...", "he was reluctant to endorse Trump", "opposed to
    electing him": a stance adjective predicated of a person; its complement is the content
    and the copula with the adjective the cue."""
    if adj.dep_ != "acomp" or adj.head.pos_ not in ("AUX", "VERB"):
        return None
    cop = adj.head
    subj = subject_of(cop, ctx.lex)
    if subj is None or not is_holder(subj, ctx.lex):
        return None
    comp = None
    for child in adj.rights:
        if child.dep_ in ("ccomp", "xcomp"):
            comp = child
        elif child.dep_ == "prep":
            comp = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
        if comp is not None:
            break
    if comp is None:
        for child in cop.rights:  # "is sure the talks will fail": the clause hangs on the copula
            if child.dep_ == "ccomp" and child.i > adj.i:
                comp = child
                break
    if comp is None:
        return None
    text = doc_text(doc)
    return subtree_content(text, comp, (cop.idx, token_end(adj)), subj, adj.i)


def asked_about(doc: Doc, verb: Token) -> Found | None:
    """"The minister was asked about the shelling", "when asked whether talks would resume":
    a passive question reports what was asked; the asker (a "by" agent) is the source, and
    without one the question has none."""
    for child in verb.rights:
        comp: Token | None = None
        if child.dep_ == "prep" and child.lower_ == "about":
            comp = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
        elif child.dep_ in ("ccomp", "advcl") and any(
            g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in child.children
        ):
            comp = child
        if comp is not None:
            cue = (verb.idx, token_end(child) if child.dep_ == "prep" else token_end(verb))
            return subtree_content(doc_text(doc), comp, cue, agent_of(verb), verb.i)
    return None
