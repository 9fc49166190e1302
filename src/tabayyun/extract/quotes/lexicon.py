"""The cue lexicon: the sectioned data file of speech, stance and cognition verbs, cue nouns
and roles (``Lexicon``), the fixed word classes the rules share, and the tests for a cue word."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

LEXICON_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "cue_verbs.txt"

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}

PRONOUNS = {
    "he", "she", "they", "i", "we", "you", "it", "who", "which", "that", "him", "her", "them",
}

PERSONAL_PRONOUNS = {"he", "she", "him", "her"}

FIRST_SECOND_PERSON = {"i", "we", "you", "me", "us"}

RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}

NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}

AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ee")

# cue verbs whose direct object is the addressee or not what is said ("told reporters")
ADDRESSEE_VERBS = frozenset(
    "tell inform assure reassure remind urge warn caution continue decline refuse appear seem".split()
)

# prepositions after the object that belong to the content ("accused the GOP of stoking ...")
OBJECT_PREPS = frozenset({"as", "of", "for"})

# passive cues whose subject is the speaker ("he was quoted as saying")
SPEAKER_PASSIVES = frozenset({"quote", "hear", "overhear", "record"})

# verbs whose "if"/"whether" clause is the reported question
QUESTION_VERBS = frozenset({"ask", "wonder", "question", "inquire", "doubt"})

SPEECH_VERBS = {"say", "tell", "add", "state", "claim", "argue", "insist", "note", "explain", "write"}

PERSON_OBJECTS = frozenset({"him", "her", "them", "me", "us", "you"})


@dataclass(frozen=True)
class Lexicon:
    verbs: frozenset[str]
    xcomp_verbs: frozenset[str]
    cognition: frozenset[str]
    object_verbs: frozenset[str]
    prep_verbs: frozenset[tuple[str, str]]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    roles: frozenset[str]
    source_nouns: frozenset[str] = frozenset()
    institution_words: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    stance_nouns: frozenset[str] = frozenset()
    light_nouns: frozenset[str] = frozenset()
    noun_preps: frozenset[tuple[str, str]] = frozenset()


@lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read the sectioned cue lexicon (``[verbs]``, ``[nouns]``, ...) from its data file."""
    sections: dict[str, set[str]] = {}
    current = ""
    for raw in Path(path or LEXICON_PATH).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, set())
            continue
        sections.setdefault(current, set()).add(line)
    phrases = tuple(
        sorted((tuple(p.split()) for p in sections.get("phrases", set())), key=len, reverse=True)
    )
    return Lexicon(
        verbs=frozenset(sections.get("verbs", set())),
        xcomp_verbs=frozenset(sections.get("xcomp_verbs", set())),
        cognition=frozenset(sections.get("cognition", set())),
        object_verbs=frozenset(sections.get("object_verbs", set())),
        prep_verbs=frozenset(
            (v, p) for v, p in (x.split(None, 1) for x in sections.get("prep_verbs", set()))
        ),
        nouns=frozenset(sections.get("nouns", set())),
        phrases=phrases,
        roles=frozenset(sections.get("roles", set())),
        source_nouns=frozenset(sections.get("source_nouns", set())),
        institution_words=frozenset(sections.get("institution_words", set())),
        adjectives=frozenset(sections.get("adjectives", set())),
        stance_nouns=frozenset(sections.get("stance_nouns", set())),
        light_nouns=frozenset(sections.get("light_nouns", set())),
        noun_preps=frozenset(
            (n, p) for n, p in (x.split(None, 1) for x in sections.get("noun_preps", set()))
        ),
    )

# forms the small model lemmatises wrongly ("hoping" -> "hop")
LEMMA_FIXES = {"hoping": "hope", "hoped": "hope", "hopes": "hope"}


def lemma_of(tok: Token) -> str:
    return LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()


def is_cue_verb(tok: Token, lex: Lexicon) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    if tok.dep_ == "amod":
        return False  # a participle used as an adjective: "the ruling party", "a leading expert"
    if lemma_of(tok) in lex.verbs or tok.lower_ in lex.verbs:
        return True
    # a phrasal reporting verb: "shot back that ...", "fired back"
    return any(
        c.dep_ in ("prt", "advmod") and c.i == tok.i + 1 and (lemma_of(tok), c.lower_) in lex.prep_verbs
        for c in tok.rights
    )


def is_stance_verb(tok: Token, lex: Lexicon) -> bool:
    if tok.pos_ != "VERB":
        return False
    lemma = lemma_of(tok)
    return lemma in lex.object_verbs or any(v == lemma for v, _ in lex.prep_verbs)


def cue_span(tok: Token, lex: Lexicon) -> tuple[int, int]:
    """Character span of a cue verb, with a verb particle ("point out") when present."""
    start, end = tok.idx, tok.idx + len(tok.text)
    for child in tok.rights:
        if child.i == tok.i + 1 and (
            child.dep_ == "prt"
            or (child.dep_ == "advmod" and (lemma_of(tok), child.lower_) in lex.prep_verbs)
        ):
            end = child.idx + len(child.text)
    return start, end
