"""Quote and attribution extraction: who said what, with which cue, at which offsets.

Two kinds of quotes are found in a parsed spaCy ``Doc``:

* **direct** quotes: text between quotation marks (``"..."``, ``“...”``, ``«...»``,
  ``‘...’``, ``''...''``). Marks are paired with a tolerant scanner that never fails on an
  odd number of marks (plural possessives such as ``analysts'`` are not quotes), nested
  quotes are kept, and the speaker and cue are looked for after the closing mark
  (``"...," he said``), before the opening mark (``Lavrov added: "..."``), among the
  quote's syntactic ancestors, or inherited from the previous quote (continuations).
* **indirect** quotes (reported speech): the clausal complement of a cue verb from the
  lexicon (``Lavrov said that ...``), a clause with a parenthetical cue (``..., the
  official said.``), a colon after a cue (``He said: ...``), a cue noun with a complement
  (``the statement that ...``), and ``according to X, ...``.

``Quote.text``/``start``/``end`` is the quoted content without the quotation marks for
direct quotes, and the reported clause (with its complementiser ``that``) for indirect
ones, always as absolute offsets (``offset`` + the doc's character offsets).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from tabayyun.model import Cue, Quote, Speaker
from tabayyun.nlp import doc_text
from tabayyun.spans import strip_span

LEXICON_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "cue_verbs.txt"

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
PRONOUNS = {
    "he", "she", "they", "i", "we", "you", "it", "who", "which", "that", "him", "her", "them",
}
PERSONAL_PRONOUNS = {"he", "she", "him", "her"}
FIRST_SECOND_PERSON = {"i", "we", "you", "me", "us"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
TRAIL_PUNCT = ".,;:!?-—– \n\t\xa0"
LEAD_PUNCT = ",;:-—– \n\t\xa0"
MIN_UNATTRIBUTED_WORDS = 4
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


# --------------------------------------------------------------------------------------
# Quotation mark pairing
# --------------------------------------------------------------------------------------

OPEN_ONLY = {"“": "curly", "«": "guillemet", "„": "curly", "‘": "single", "``": "tick"}
CLOSE_ONLY = {"”": "curly", "»": "guillemet", "’": "single", "''": "tick"}
MARK_RE = re.compile(r"``|''|[\"“”«»„‘’']")


@dataclass
class QuoteSpan:
    """A paired quotation: marks at [open_start, open_end) and [close_start, close_end)."""

    open_start: int
    open_end: int
    close_start: int
    close_end: int
    depth: int = 0
    children: list[QuoteSpan] = field(default_factory=list)

    @property
    def content(self) -> tuple[int, int]:
        return self.open_end, self.close_start


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quotation marks in ``text``; unbalanced marks are skipped, never an error.

    Straight double quotes toggle within a paragraph; curly, guillemet and double-tick
    marks pair by direction; single quotes are quotes only where they cannot be
    apostrophes (``don't``, ``analysts'``). An opening mark left open at the end of a
    paragraph closes there when the next paragraph opens with a quote mark (the
    multi-paragraph quotation convention); otherwise it is dropped.
    """
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int, int]] = []  # (family, start, end)

    def close_paragraph(par_end: int, next_char: str) -> None:
        while stack:
            family, s, e = stack.pop()
            if family in {"curly", "straight", "guillemet", "tick"} and next_char in "\"“«'`":
                if par_end - e > 0:
                    spans.append(QuoteSpan(s, e, par_end, par_end, depth=len(stack)))

    pos = 0
    for m in MARK_RE.finditer(text):
        mark = m.group(0)
        s, e = m.start(), m.end()
        newline = text.find("\n", pos, s)
        if newline != -1 and stack:
            # paragraph break(s) between the previous mark and this one
            rest = text[newline:s].lstrip()
            close_paragraph(newline, rest[:1] if rest else mark[:1])
        pos = e
        before = text[s - 1] if s > 0 else " "
        after = text[e] if e < len(text) else " "
        top = stack[-1][0] if stack else None
        if mark == '"':
            if top in ("curly", "guillemet") and not _is_word(after) and not before.isspace():
                _pop_to(stack, spans, top, s, e)  # “...." closed with a straight mark
            elif top == "straight":
                _pop_to(stack, spans, "straight", s, e)
            elif any(f == "straight" for f, _, _ in stack) and not _is_word(after):
                _pop_to(stack, spans, "straight", s, e)
            else:
                stack.append(("straight", s, e))
        elif mark == "'":
            if _is_word(before) and _is_word(after):
                continue  # apostrophe inside a word: don't, it's
            if not _is_word(before) and (_is_word(after) or after in "“\"‘"):
                if before in " \n\t([{:—-\"“\xa0" or s == 0:
                    stack.append(("squote", s, e))
                continue
            if top == "squote" and not _is_word(after):
                _pop_to(stack, spans, "squote", s, e)
            # otherwise a possessive (analysts') or stray mark
        elif mark == "’":
            if _is_word(before) and _is_word(after):
                continue
            if top == "single" and not _is_word(after):
                _pop_to(stack, spans, "single", s, e)
        elif mark == "‘":
            if _is_word(before):
                continue
            stack.append(("single", s, e))
        elif mark in OPEN_ONLY:
            stack.append((OPEN_ONLY[mark], s, e))
        elif mark in CLOSE_ONLY:
            family = CLOSE_ONLY[mark]
            if any(f == family for f, _, _ in stack):
                _pop_to(stack, spans, family, s, e)
            elif family in ("tick", "curly") and (s == 0 or before.isspace()) and _is_word(after):
                stack.append((family, s, e))  # ''word, ”word: a closing mark used to open
    if stack:
        close_paragraph(len(text), "")
    spans.sort(key=lambda q: (q.open_start, -q.close_end))
    _nest(spans)
    return spans


def _pop_to(
    stack: list[tuple[str, int, int]], spans: list[QuoteSpan], family: str, s: int, e: int
) -> None:
    """Close the innermost open mark of ``family``; marks opened inside it are dropped."""
    if not any(f == family for f, _, _ in stack):
        return
    while stack:
        fam, os_, oe = stack.pop()
        if s > oe and (fam == family or fam in ("straight", "curly", "guillemet", "tick")):
            # a double mark opened inside and left open closes with its container ("...””)
            spans.append(QuoteSpan(os_, oe, s, e, depth=len(stack)))
        if fam == family:
            return


def _nest(spans: list[QuoteSpan]) -> None:
    open_: list[QuoteSpan] = []
    for q in spans:
        while open_ and open_[-1].close_end <= q.open_start:
            open_.pop()
        if open_:
            open_[-1].children.append(q)
        q.depth = len(open_)
        open_.append(q)


# --------------------------------------------------------------------------------------
# Speakers
# --------------------------------------------------------------------------------------


class _Context:
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


def make_speaker(head: Token, ctx: _Context) -> Speaker:
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


def _name_of(head: Token, span: Span, ctx: _Context) -> str | None:
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


def _name_after_role(head: Token, span: Span, ctx: _Context) -> str | None:
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


def _coordinated_cue_head(verb: Token) -> Token | None:
    """The reporting verb that ``verb`` is really coordinated with, when the parser hung it
    on that verb's complement: in "Rendell said he'd battled pneumonia and called it a common
    ailment", "called" (no subject of its own, the tense of "said", not of "battled") is
    Rendell's second report, not part of the first one's content."""
    if verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    lex = load_lexicon()
    if not (_is_cue_verb(verb, lex) or _is_stance_verb(verb, lex)):
        return None
    comp = verb.head
    while comp.dep_ == "conj" and comp.head.i != comp.i:
        comp = comp.head
    outer = comp.head
    if comp.dep_ != "ccomp" or outer.i >= comp.i or not _is_cue_verb(outer, lex):
        return None
    if verb.tag_ != outer.tag_ or comp.tag_ == outer.tag_ or verb.tag_ not in ("VBD", "VBZ"):
        return None
    return outer


def _subject_of(verb: Token) -> Token | None:
    """The subject of a cue verb, inherited through conjunctions and participles."""
    outer = _coordinated_cue_head(verb)
    if outer is not None:
        return _subject_of(outer)
    lex = load_lexicon()
    if _reporting_participle(verb, lex):
        # "the general said he plans ..., insisting that ...": the reporter insists
        head = verb.head
        for _ in range(6):
            if head.dep_ == "ccomp" and head.head.i < head.i and _is_cue_verb(head.head, lex):
                return _subject_of(head.head)
            if head.head.i == head.i:
                break
            head = head.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children
    ):
        # "Asked if he was bullied, the candidate said ...": a passive participle's
        # implicit subject is who was asked, not who asked
        return _agent_of(verb)
    seen = 0
    cur: Token | None = verb
    while cur is not None and seen < 6:
        seen += 1
        for child in cur.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not _is_line_label(child):
                if child.dep_ == "nsubjpass" and (
                    child.lower_ == "it" or (seen == 1 and _lemma(cur) not in SPEAKER_PASSIVES)
                ):
                    # "X is expected to ...", "X was seen as ...": the passive subject is
                    # what is reported, the source is the agent if there is one
                    return _agent_of(cur)
                return child
        agent = _agent_of(cur)
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


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


# --------------------------------------------------------------------------------------
# Cue detection
# --------------------------------------------------------------------------------------


# forms the small model lemmatises wrongly ("hoping" -> "hop")
LEMMA_FIXES = {"hoping": "hope", "hoped": "hope", "hopes": "hope"}


def _lemma(tok: Token) -> str:
    return LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()


def _is_cue_verb(tok: Token, lex: Lexicon) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    if tok.dep_ == "amod":
        return False  # a participle used as an adjective: "the ruling party", "a leading expert"
    if _lemma(tok) in lex.verbs or tok.lower_ in lex.verbs:
        return True
    # a phrasal reporting verb: "shot back that ...", "fired back"
    return any(
        c.dep_ in ("prt", "advmod") and c.i == tok.i + 1 and (_lemma(tok), c.lower_) in lex.prep_verbs
        for c in tok.rights
    )


def _is_stance_verb(tok: Token, lex: Lexicon) -> bool:
    if tok.pos_ != "VERB":
        return False
    lemma = _lemma(tok)
    return lemma in lex.object_verbs or any(v == lemma for v, _ in lex.prep_verbs)


def _cue_span(tok: Token) -> tuple[int, int]:
    """Character span of a cue verb, with a verb particle ("point out") when present."""
    start, end = tok.idx, tok.idx + len(tok.text)
    for child in tok.rights:
        if child.i == tok.i + 1 and (
            child.dep_ == "prt"
            or (child.dep_ == "advmod" and (_lemma(tok), child.lower_) in load_lexicon().prep_verbs)
        ):
            end = child.idx + len(child.text)
    return start, end


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Strip surrounding whitespace/punctuation, keeping balanced quote marks."""
    while e > s and text[e - 1] in TRAIL_PUNCT:
        e -= 1
    while s < e and text[s] in LEAD_PUNCT:
        s += 1
    # a dangling closing mark with no opener inside the span goes
    inner = text[s:e]
    if inner and inner[-1] in "”\"»’" and _count_open(inner[:-1]) == 0:
        e -= 1
        while e > s and text[e - 1] in TRAIL_PUNCT:
            e -= 1
    inner = text[s:e]
    if inner and inner[0] in "“\"«‘" and _count_open(inner) % 2 == 1 and inner[0] == '"':
        s += 1
    elif inner and inner[0] in "“«" and not any(c in inner for c in "”»"):
        s += 1
    return s, e


def _count_open(text: str) -> int:
    return sum(text.count(c) for c in "“«") + text.count('"')


@dataclass
class _Found:
    start: int  # doc-relative content span
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker_tok: Token | None
    speaker: Speaker | None = None
    cue_tok: int | None = None  # token index of the cue (to merge duplicates)
    label_start: int | None = None  # start of a transcript speaker label ("PENCE:")


def _clause_after_colon(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """Content after ``said:`` when it is not quoted: up to the end of the sentence."""
    j = _colon_after(doc, verb)
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
            return nxt.idx, _end(doc[nxt.sent.end - 1])
        return None
    if first.text in '"“«‘\'' or first.is_space:
        return None
    sent = first.sent
    end_tok = sent.end
    for k in range(first.i + 1, sent.end):
        if doc[k].text == "(":
            end_tok = k
            break
    return first.idx, _end(doc[end_tok - 1])


def _find_indirect(doc: Doc, ctx: _Context) -> list[_Found]:
    lex = ctx.lex
    text = doc_text(doc)
    found: list[_Found] = _speaker_colon_lines(doc)
    claimed: set[int] = set()  # nouns already reported through a light verb
    for tok in doc:
        low = tok.lower_
        if tok.i in claimed:
            continue
        if tok.pos_ == "VERB" and _lemma(tok) in LIGHT_VERBS:
            f = _light_verb_attribution(doc, tok, ctx)
            if f is not None:
                found.append(f)
                claimed.update(range(tok.i, doc.char_span(*f.cue, alignment_mode="expand").end))
                continue
        if low == "in" and tok.dep_ == "prep":
            f = _in_source_attribution(doc, tok, ctx)
            if f is not None:
                found.append(f)
                continue
        # "according to X, ..."
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            f = _according_to(doc, tok, ctx)
            if f is not None:
                found.append(f)
            continue
        if _is_cue_verb(tok, lex) or _is_stance_verb(tok, lex):
            if tok.dep_ == "acl" and tok.tag_ == "VBN":
                # "the ceasefire announced last week", "the meeting planned before ...": a
                # participle modifying a noun does not make the noun its speaker, nor the
                # noun its content (PolNeAR counts neither, with or without a "by" agent)
                continue
            f = _verb_attribution(doc, tok, ctx, text)
            if f is None:
                f = _stance_attribution(doc, tok, ctx)
            if f is None and tok.tag_ == "VBN" and _lemma(tok) in QUESTION_VERBS:
                f = _asked_about(doc, tok)
            if f is not None:
                found.append(f)
            continue
        if low in REPORT_ADVERBS and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX"):
            # "the convoy was reportedly shelled": hearsay without a named source
            head = tok.head
            f = _subtree_content(text, head, (tok.idx, _end(tok)), None, tok.i)
            if f is not None:
                found.append(f)
            continue
        if tok.pos_ == "ADJ" and low in lex.adjectives:
            f = _adjective_attribution(doc, tok, ctx)
            if f is not None:
                found.append(f)
            continue
        if tok.pos_ == "NOUN":
            f = _noun_attribution(doc, tok, ctx)
            if f is not None:
                found.append(f)
    return found


# adverbs that mark a clause as hearsay ("the talks reportedly stalled")
REPORT_ADVERBS = frozenset({"reportedly", "purportedly", "reputedly"})


def _noun_attribution(doc: Doc, noun: Token, ctx: _Context) -> _Found | None:
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
                s, e = _trim(text, child.left_edge.idx, _end(child.right_edge))
                if e - s >= 8:
                    return _Found(s, e, "indirect", (noun.idx, _end(noun)), spk, cue_tok=noun.i)
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
        s, e = _trim(text, obj.left_edge.idx, _end(obj.right_edge))
        if e - s < 3:
            return None
        return _Found(s, e, "indirect", (noun.idx, _end(child)), spk, cue_tok=noun.i)
    return None


def _by_phrase_source(noun: Token, lex: Lexicon) -> Token | None:
    """The holder named by a "by" or "from" phrase of a stance noun ("criticism from aid groups")."""
    for child in noun.rights:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None and _is_holder(obj, lex):
                return obj
    return None


# verbs that report through their object noun: "made the case for", "took a swipe at"
LIGHT_VERBS = frozenset({"make", "deliver", "level", "lodge", "launch", "raise", "take", "give"})
# adjectives of "made it clear that ...", "made known"
MANIFEST_ADJECTIVES = frozenset({"clear", "plain", "known", "obvious"})
LIGHT_COMPLEMENT_PREPS = frozenset({"for", "against", "at", "about", "on", "of", "over", "to"})


def _light_verb_attribution(doc: Doc, verb: Token, ctx: _Context) -> _Found | None:
    """"Trump made the observation that ...", "she makes the case for ...", "he made it clear
    that ...", "took a swipe at X": a light verb and an utterance noun (or "clear") are the
    cue, the noun's or the verb's complement the content, the verb's subject the source."""
    lex = ctx.lex
    subj = _subject_of(verb)
    if subj is None or not _is_holder(subj, lex):
        return None
    text = doc_text(doc)
    noun = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    comp: Token | None = None
    if noun is None or noun.pos_ == "PRON":
        if _lemma(verb) != "make":
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
        cue_end = _end(adj)
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
        cue_end = _end(noun)
    return _subtree_content(text, comp, (verb.idx, cue_end), subj, verb.i)


def _speaker_colon_lines(doc: Doc) -> list[_Found]:
    """Transcript and headline lines "PENCE: And that's why ...", "Trump: ...".

    A line opening with a short proper-name mention (a person, organisation or outlet)
    and a colon attributes the rest of the line to that name; the colon is the cue.
    """
    text = doc_text(doc)
    found: list[_Found] = []
    for tok in doc:
        if tok.text != ":" or tok.i == 0:
            continue
        first = tok.i - 1
        while first > 0 and not doc[first - 1].is_space and "\n" not in doc[first - 1].text:
            first -= 1
        while first < tok.i and doc[first].text in ('"', "“", "«"):
            first += 1
        line_start = text.rfind("\n", 0, doc[first].idx) + 1
        if text[line_start : doc[first].idx].strip().strip('"“«'):
            continue
        name = doc[first : tok.i]
        if not _is_speaker_label(name):
            continue
        line_end = text.find("\n", tok.idx)
        line_end = len(text) if line_end == -1 else line_end
        s, e = _trim(text, _end(tok), line_end)
        if len(text[s:e].split()) < 3:
            continue
        found.append(
            _Found(s, e, "indirect", (tok.idx, _end(tok)), name.root, cue_tok=tok.i, label_start=name.start_char)
        )
    return found


# capitalised line openers that label a section, not a speaker ("UPDATE: ...", "Related: ...")
SECTION_LABELS = frozenset(
    "update updated updates note editor editors correction clarification related photo photos "
    "video videos watch read see listen exclusive opinion analysis breaking live advertisement "
    "warning disclaimer summary abstract text full contact email subscribe follow share tags "
    "topics posted published filed caption credit credits copyright source sources image "
    "images more also bonus question answer q a fact facts background context tip tips step "
    "bottom why what how who when where here this that".split()
)
LABEL_JOINERS = frozenset({".", "-", "'s", "’s", "&", "'", "’"})


def _is_speaker_label(name: Span) -> bool:
    """Is ``name`` (the words before a line-opening colon) a speaker or source label?

    One to four capitalised words, not a section label ("UPDATE", "Related"), that name a
    person or organisation (a named entity or a proper noun), are all in capitals as
    transcripts print speakers ("PENCE", "JAKE TAPPER"), or are a source noun ("Poll").
    """
    words = [t for t in name if t.text not in LABEL_JOINERS]
    if not 1 <= len(words) <= 4 or len(name) > 6:
        return False
    if not all(t.text[:1].isupper() or t.text in LABEL_JOINERS for t in name):
        return False
    if words[0].lower_ in SECTION_LABELS or words[0].pos_ == "DET":
        return False
    if any(t.like_num or t.is_punct for t in words):
        return False
    if all(t.is_upper and sum(c.isalpha() for c in t.text) >= 2 for t in words):
        return True
    if any(t.ent_type_ in NAME_ENTS and t.ent_type_ != "GPE" for t in name):
        return True
    lex = load_lexicon()
    last = words[-1]
    if len(words) == 1 and {last.lower_, last.lemma_.lower()} & (lex.source_nouns | lex.roles):
        return True
    if all(t.pos_ == "PROPN" for t in words):
        return True
    # a surname the tagger misses ("Lopez: Well, ..."): a name recurs in its article
    text = doc_text(name.doc)
    return all(
        len(re.findall(r"(?<![\w.])" + re.escape(t.text) + r"(?!\w)", text)) >= 2 for t in words
    )


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _colon_after(doc: Doc, verb: Token) -> int | None:
    """Index of a colon closing the cue's clause ("said on Monday:"), if any."""
    for k in range(verb.i + 1, min(len(doc), verb.i + 12)):
        t = doc[k]
        if t.text == ":":
            return k
        if t.text in '.;"“«(' or (t.is_sent_start and k > verb.i + 1) or _is_cue_verb(t, load_lexicon()):
            return None
    return None


def _verb_attribution(doc: Doc, tok: Token, ctx: _Context, text: str) -> _Found | None:
    lex = ctx.lex
    lemma = _lemma(tok)
    cue = _cue_span(tok)
    subj = _subject_of(tok)
    if lemma in lex.cognition and subj is None and not _is_passive(tok):
        return None  # a belief needs its holder, unless it is impersonal ("is expected to")
    if lemma in lex.cognition and subj is not None and subj.lower_ in FIRST_SECOND_PERSON:
        return None  # "I think ...": the writer hedging, not an attribution (but "I said ...")
    if (
        lemma == "say" and 0 < tok.i < len(doc) - 1 and doc[tok.i + 1].text == ","
        and doc[tok.i - 1].lower_ in ("that", "this") and doc[tok.i - 1].is_sent_start
    ):
        return None  # "That said, ...": a discourse connective, not a report
    comp = _clausal_complement(tok, lex)
    colon = _colon_after(doc, tok)
    if colon is not None and (comp is None or not tok.i < comp.i < colon):
        if colon + 1 < len(doc) and doc[colon + 1].text in '"“«‘\'':
            return None  # a quotation follows: the direct-quote pass attributes it
        span = _clause_after_colon(doc, tok)
        if span is not None:
            s, e = _trim(text, *span)
            if span[0] > 0 and text[span[0] - 1] == "(":
                # a bracketed report is kept whole up to its closing bracket
                e = len(text[: span[1]].rstrip())
            if e - s >= 3:
                return _Found(s, e, "indirect", cue, subj, cue_tok=tok.i)
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
        if pred is not None and subj.lower_ not in ("it", "there", "this", "that") and _lemma(subj) not in RELATIVE_PRONOUNS:
            s, e = _trim(text, subj.left_edge.idx, _end(pred.right_edge))
            if e - s >= 3:
                return _Found(s, e, "indirect", cue, None, cue_tok=tok.i)
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
        if comp.i < tok.i and _lemma(comp) == lemma and any(
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
                if _coordinated_cue_head(t) == tok or _reporting_participle(t, lex):
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
        s, e = _trim(text, doc[left].idx, _end(doc[right]))
        if e - s < 3:
            return None
        return _Found(s, e, "indirect", cue, subj, cue_tok=tok.i)
    span = _host_clause(doc, tok)
    if span is None:
        span = _clause_before_trailing_cue(doc, tok, subj)
    if span is not None:
        s, e = _trim(text, *span)
        if e - s >= 3:
            return _Found(s, e, "indirect", cue, subj, cue_tok=tok.i)
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


def _reporting_participle(t: Token, lex: Lexicon) -> bool:
    """"said he plans a strategy, insisting that ...": a participle set off by a comma that
    reports a clause or object of its own is a second report by the same source, not part
    of the first one's content."""
    if t.tag_ != "VBG" or t.dep_ not in ("advcl", "conj", "xcomp") or t.i == 0:
        return False
    if t.doc[t.left_edge.i - 1].text != "," or not (_is_cue_verb(t, lex) or _is_stance_verb(t, lex)):
        return False
    # what it reports: a clause, an object or a cue preposition's object ("calling for");
    # not an aspectual infinitive ("..., while continuing to fight")
    return any(
        c.i > t.i and (c.dep_ in ("ccomp", "dobj") or (c.dep_ == "prep" and (_lemma(t), c.lower_) in lex.prep_verbs))
        for c in t.children
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
    if _lemma(tok) not in lex.verbs:
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
    if _lemma(tok) in QUESTION_VERBS:
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


def _host_clause(doc: Doc, tok: Token) -> tuple[int, int] | None:
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
    if tok.dep_ != "parataxis" and not (as_clause and not _has_own_object(tok)):
        return None
    sent = tok.sent
    lo, hi = max(head.left_edge.i, sent.start), min(head.right_edge.i, sent.end - 1)
    c_lo, c_hi = tok.left_edge.i, tok.right_edge.i
    before = (lo, c_lo - 1) if c_lo - 1 >= lo else None
    after = (c_hi + 1, hi) if hi >= c_hi + 1 else None
    pieces = [p for p in (before, after) if p is not None and _words(doc, *p) >= 2]
    if not pieces:
        return None
    if head.i > c_hi and after in pieces:
        a, b = after  # type: ignore[misc]
    else:
        a, b = max(pieces, key=lambda p: _words(doc, *p))
    return doc[a].idx, _end(doc[b])


def _words(doc: Doc, a: int, b: int) -> int:
    return sum(1 for t in doc[a : b + 1] if not t.is_punct and not t.is_space)


def _clause_before_trailing_cue(doc: Doc, tok: Token, subj: Token | None) -> tuple[int, int] | None:
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
    if _words(doc, sent.start, j - 1) < 2:
        return None
    if _has_own_object(tok) or any(
        t.head.i == tok.i and (t.dep_ in FRONTED_ADJUNCT_DEPS or _fronted_adverbial(t))
        for t in doc[sent.start : j]
    ):
        return None  # "In July, the NAACP called for ...": an adjunct, not what was said
    return doc[sent.start].idx, _end(doc[j - 1])


# dependents of a cue that set the scene ("At the debate, ...", "When asked, ...")
FRONTED_ADJUNCT_DEPS = frozenset({"prep", "advcl"})


def _fronted_adverbial(t: Token) -> bool:
    """A fronted noun-bearing adverbial of the cue: "Later that day, he added.", "Two hours
    later, the rebels continued.", "Elsewhere in Syria, the army added." (but "Not at all,
    she added." is a reply)."""
    if t.dep_ == "npadvmod":
        return True
    return t.dep_ == "advmod" and any(g.pos_ in ("NOUN", "PROPN", "NUM") for g in t.subtree)


def _has_own_object(verb: Token) -> bool:
    """Does the cue carry what it reports after it: a direct object that is not the
    addressee ("mentioned the plan", not "told reporters") or a cue preposition's object
    ("called for a moratorium")?"""
    lex = load_lexicon()
    lemma = _lemma(verb)
    for child in verb.rights:
        if child.dep_ == "dobj" and lemma not in ADDRESSEE_VERBS:
            return True
        if child.dep_ == "prep" and (lemma, child.lower_) in lex.prep_verbs:
            return True
    return False


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
    return tok.lower_ in ARMED_ACTORS or _lemma(tok) in ARMED_ACTORS or any(
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
    if _lemma(verb) in BACKING_VERBS:
        # "19 percent of students support Clinton", "the column backed him": only armed
        # forces and places are ruled out
        return obj.ent_type_ not in ("LOC", "FAC") and (
            obj.ent_type_ != "GPE" or _lemma(verb) in ("back", "support")
        )
    if not (_is_holder(holder, lex) or _lemma(holder) in HUMAN_NOUNS) or obj.ent_type_ in ("GPE", "LOC", "FAC"):
        return False
    low, lemma = obj.lower_, _lemma(obj)
    if obj.pos_ == "PRON":
        return low in PERSON_OBJECTS or low in ("himself", "herself", "themselves")
    if {low, lemma} & (POLICY_NOUNS | lex.nouns | lex.stance_nouns | lex.light_nouns):
        return True
    if obj.ent_type_ in ("PERSON", "ORG", "NORP") or {low, lemma} & (lex.roles | HUMAN_NOUNS):
        return True
    if obj.pos_ == "PROPN" and obj.ent_type_ not in ("GPE", "LOC", "FAC", "PRODUCT"):
        return True
    return obj.pos_ == "NOUN" and lemma.endswith(AGENT_SUFFIXES) and len(lemma) > 4


def _stance_attribution(doc: Doc, tok: Token, ctx: _Context) -> _Found | None:
    """"Cruz endorsed Trump", "called for a ceasefire": the object is the content."""
    lex = ctx.lex
    lemma = _lemma(tok)
    subj = _subject_of(tok)
    text = doc_text(doc)
    if (
        _is_passive(tok)
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
                s, e = _trim(text, child.left_edge.idx, _end(child.right_edge))
                if e - s >= 2:
                    return _Found(s, e, "indirect", _cue_span(tok), subj, cue_tok=tok.i)
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
                s, e = _trim(text, child.left_edge.idx, _end(doc[last]))
                return _Found(s, e, "indirect", _cue_span(tok), subj, cue_tok=tok.i)
    for child in tok.rights:
        if child.dep_ == "prep" and (lemma, child.lower_) in lex.prep_verbs and not generic_you:
            objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                s, e = _trim(text, objs[0].left_edge.idx, _end(objs[0].right_edge))
                if e - s >= 3:
                    return _Found(s, e, "indirect", (tok.idx, _end(child)), subj, cue_tok=tok.i)
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
                if (rel.dep_ == "relcl" and _is_cue_verb(rel, lex) and any(
                    g.dep_ == "nsubj" and g.lower_ not in RELATIVE_PRONOUNS for g in rel.children
                )) or _reporting_participle(rel, lex):
                    last = doc[max(child.i, rel.left_edge.i - 1)]
                    break
            s, e = _trim(text, child.left_edge.idx, _end(last))
            if e - s >= 3:
                return _Found(s, e, "indirect", _cue_span(tok), subj, cue_tok=tok.i)
    return None


def _asked_about(doc: Doc, verb: Token) -> _Found | None:
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
            cue = (verb.idx, _end(child) if child.dep_ == "prep" else _end(verb))
            return _subtree_content(doc_text(doc), comp, cue, _agent_of(verb), verb.i)
    return None


def _adjective_attribution(doc: Doc, adj: Token, ctx: _Context) -> _Found | None:
    """"Insiders are convinced that ...", "he was reluctant to endorse Trump", "opposed to
    electing him": a stance adjective predicated of a person; its complement is the content
    and the copula with the adjective the cue."""
    if adj.dep_ != "acomp" or adj.head.pos_ not in ("AUX", "VERB"):
        return None
    cop = adj.head
    subj = _subject_of(cop)
    if subj is None or not _is_holder(subj, ctx.lex):
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
    return _subtree_content(text, comp, (cop.idx, _end(adj)), subj, adj.i)


def _subtree_content(
    text: str, comp: Token, cue: tuple[int, int], subj: Token | None, cue_tok: int
) -> _Found | None:
    """Reported speech whose content is the subtree of ``comp`` (three characters at least)."""
    s, e = _trim(text, comp.left_edge.idx, _end(comp.right_edge))
    if e - s < 3:
        return None
    return _Found(s, e, "indirect", cue, subj, cue_tok=cue_tok)


def _is_holder(tok: Token, lex: Lexicon) -> bool:
    """Can ``tok`` hold a stance? A person or organisation (a name, a pronoun, a relative
    pronoun), a role or a noun naming people ("voters", "insiders")."""
    low = tok.lower_
    if low in ("it", "this", "that", "there", "which", "what"):
        return False
    if tok.pos_ == "PRON":
        return True
    return _is_source_like(tok, lex)


def _is_source_like(tok: Token, lex: Lexicon) -> bool:
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


# sources whose findings are reported with "in": "In a poll released Monday, 50 percent ..."
FINDING_SOURCES = frozenset(
    "poll polls polling survey surveys study studies report reports data census analysis "
    "estimate estimates tally projection projections forecast ranking rankings".split()
)


def _in_source_attribution(doc: Doc, prep: Token, ctx: _Context) -> _Found | None:
    """"In a CBS News poll, she led by 24 points", "Trump is ahead in the polls": a finding
    reported with "in" and a poll, survey or report (the source); the rest of the clause is
    the content, unless a reporting verb already carries it ("he said in a report that")."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in FINDING_SOURCES and pobj.lower_ not in FINDING_SOURCES:
        return None
    head = prep.head
    if _is_cue_verb(head, ctx.lex) or _is_stance_verb(head, ctx.lex):
        return None
    if head.i < prep.i and pobj.tag_ == "NNS" and not any(c.dep_ in ("compound", "amod", "nummod") for c in pobj.children):
        return None  # "leads in the polls", "slid in polls": a standing, not a reported finding
    text = doc_text(doc)
    sent = prep.sent
    phrase_end = prep.right_edge.i + 1
    # the side of the sentence that holds the clause the phrase modifies
    a, b = (sent.start, prep.i) if head.i < prep.i else (phrase_end, sent.end)
    if b <= a or _words(doc, a, b - 1) < 3:
        return None
    s, e = _trim(text, doc[a].idx, _end(doc[b - 1]))
    if e - s <= 3:
        return None
    return _Found(s, e, "indirect", (prep.idx, _end(prep)), pobj, cue_tok=prep.i)


def _according_to(doc: Doc, tok: Token, ctx: _Context) -> _Found | None:
    text = doc_text(doc)
    to = doc[tok.i + 1]
    cue = (tok.idx, _end(to))
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
    if source is None or not _is_source_like(source, ctx.lex):
        return None
    phrase_start = tok.i
    phrase_end = max(to.right_edge.i, source.right_edge.i) + 1
    sent = tok.sent
    before = (sent.start, phrase_start)
    after = (phrase_end, sent.end)
    cand = []
    for a, b in (before, after):
        if b > a:
            s, e = _trim(text, doc[a].idx, _end(doc[b - 1]))
            if e - s > 3:
                cand.append((e - s, s, e))
    if not cand:
        return None
    _, s, e = max(cand)
    return _Found(s, e, "indirect", cue, source, cue_tok=tok.i)


# --------------------------------------------------------------------------------------
# Direct quote attribution
# --------------------------------------------------------------------------------------

SENT_END_RE = re.compile(r"[.!?](?=\s)|\n")
# words that end in a full stop without ending the sentence ("Mr. Trump said")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col sgt capt cmdr adm st jr sr prof rev hon pres sec "
    "amb supt insp det no vs etc inc corp co ltd bros dept univ jan feb mar apr jun jul aug "
    "sep sept oct nov dec".split()
)


def _sentence_ends(text: str, s: int, e: int) -> list[re.Match[str]]:
    """Sentence ends (a stop before a space, or a line break) in ``text[s:e]``; a stop after
    a title or an initial ("Mr.", "J.", "U.S.") or before a lower-case word is not an end."""
    ends: list[re.Match[str]] = []
    for m in SENT_END_RE.finditer(text, s, e):
        if m.group(0) == ".":
            w = m.start()
            while w > 0 and (text[w - 1].isalpha() or text[w - 1] == "."):
                w -= 1
            word = text[w : m.start()]
            if word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()) or "." in word:
                continue
            nxt = text[m.end() : m.end() + 2].lstrip()
            if nxt[:1].islower():
                continue
        ends.append(m)
    return ends


def _tokens_in(doc: Doc, s: int, e: int) -> list[Token]:
    """Tokens lying wholly inside the character range [s, e)."""
    if e <= s:
        return []
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if t.idx >= s and _end(t) <= e]


def _after_window(text: str, q: QuoteSpan, limit: int) -> tuple[int, int]:
    s = q.close_end
    e = min(len(text), limit)
    m = MARK_RE.search(text, s, e)
    if m is not None and text[m.start()] != "'":
        e = m.start()
    ends = _sentence_ends(text, s, e)
    if ends:
        e = ends[0].start()
    return s, e


def _before_window(text: str, q: QuoteSpan, floor: int) -> tuple[int, int]:
    e = q.open_start
    s = max(floor, 0)
    # the last sentence end or paragraph break before the quote
    ends = [m for m in _sentence_ends(text, s, e) if m.end() < e]
    if ends:
        s = ends[-1].end()
    return s, e


def _direct_attribution(
    doc: Doc, q: QuoteSpan, ctx: _Context, floor: int, limit: int
) -> tuple[Token | None, str]:
    """Find the cue verb of a direct quote; returns (cue token, where it was found)."""
    text = doc_text(doc)
    lex = ctx.lex
    inner = text[q.open_end : q.close_start].rstrip()
    a_s, a_e = _after_window(text, q, limit)
    after_toks = [t for t in _tokens_in(doc, a_s, a_e) if not t.is_space]
    for n, t in enumerate(after_toks[:20]):
        if _is_cue_verb(t, lex):
            ends_open = bool(inner) and inner[-1] in ",!?—–-…:"
            introduces_next = _colon_after(doc, t) is not None
            # 'She says it underscores ...', '... but pledged to stay': the verb reports
            # its own complement or continues the sentence, it is not the quote's cue
            own_content = any(
                c.dep_ in ("ccomp", "xcomp") and c.idx >= q.close_end and c.i > t.i
                and not any(x.text == "," for x in doc[t.i + 1 : c.left_edge.i + 1])
                for c in t.children
            ) or after_toks[0].pos_ == "CCONJ"
            if (ends_open or n <= 1) and not introduces_next and not own_content:
                return t, "after"
            break
        if t.text in ".;":
            break
    b_s, b_e = _before_window(text, q, floor)
    before_toks = [t for t in _tokens_in(doc, b_s, b_e) if not t.is_space]
    for t in reversed(before_toks):
        if _is_cue_verb(t, lex):
            return _outer_cue(t, lex, b_s), "before"
    for t in reversed(before_toks):
        if t.lower_ == "according" or (t.pos_ == "NOUN" and t.lower_ in lex.nouns):
            return t, "before-noun"
    # syntactic ancestors of the quote's tokens outside the quote
    qtoks = _tokens_in(doc, q.open_end, q.close_start)
    if qtoks:
        cur = qtoks[0]
        for _ in range(8):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.idx < q.open_start or cur.idx >= q.close_end:
                if _is_cue_verb(cur, lex):
                    return cur, "ancestor"
    return None, ""


DASH_ATTRIBUTION_RE = re.compile(r"[ \t\xa0]*([―—–]|--)[ \t\xa0]*(?=[A-Z])")


def _dash_attribution(doc: Doc, q: QuoteSpan, limit: int) -> tuple[tuple[int, int], Token] | None:
    """'"..." ― Sonya Herridge': a dash and a name right after a quotation attribute it
    (the dash is the cue); the name is one to four capitalised words."""
    text = doc_text(doc)
    m = DASH_ATTRIBUTION_RE.match(text, q.close_end, limit)
    if m is None:
        return None
    name: list[Token] = []
    for tok in _tokens_in(doc, m.end(), min(limit, m.end() + 80)):
        if tok.is_space or not (tok.text[:1].isupper() or tok.text in (".", "-")) or len(name) == 4:
            break
        name.append(tok)
    while name and not name[-1].text[:1].isupper():
        name.pop()
    if not name or not any(t.pos_ == "PROPN" for t in name):
        return None
    head = next((t for t in reversed(name) if t.pos_ == "PROPN"), name[-1])
    return (m.start(1), m.end(1)), head


def _outer_cue(cue: Token, lex: Lexicon, floor: int) -> Token:
    """The reporting verb whose complement holds ``cue``: 'Trump said he wants "..."'.

    A quotation introduced by a cue inside reported speech belongs to the outer report
    (Trump said it), so the cue climbs through clausal complements to the outermost cue
    verb of the same sentence that precedes it.
    """
    cur = cue
    while (
        cur.dep_ in ("ccomp", "xcomp")
        and cur.head.i != cur.i
        and floor <= cur.head.idx < cur.idx
        and _is_cue_verb(cur.head, lex)
        and _lemma(cur.head) not in lex.cognition
    ):
        cur = cur.head
    return cur


def _speaker_for_cue(doc: Doc, cue: Token, where: str) -> Token | None:
    if cue.lower_ == "according" and cue.i + 1 < len(doc):
        for child in doc[cue.i + 1].children:
            if child.dep_ == "pobj":
                return child
        return None
    if cue.pos_ == "NOUN":
        for child in cue.children:
            if child.dep_ == "poss":
                return child
            if child.dep_ == "prep" and child.lower_ == "of":
                for g in child.children:
                    if g.dep_ == "pobj":
                        return g
        return None
    # "reported the statement of X:" -> X
    for child in cue.children:
        if child.dep_ == "dobj" and child.lower_ in ("statement", "remarks", "words", "comments"):
            for p in child.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    for g in p.children:
                        if g.dep_ == "pobj":
                            return g
    subj = _subject_of(cue)
    if subj is not None:
        return subj
    if where == "after":
        # inverted order: '"...," said Rep. X'
        for child in cue.rights:
            if child.dep_ in ("dobj", "attr", "npadvmod", "nsubj", "oprd", "appos", "dative"):
                if child.pos_ in ("PROPN", "NOUN", "PRON"):
                    return child
        for k in range(cue.i + 1, min(len(doc), cue.i + 4)):
            if doc[k].pos_ in ("PROPN", "NOUN"):
                t = doc[k]
                while t.dep_ in ("compound", "flat") and t.head.i > t.i:
                    t = t.head
                return t
    return None


def _cue_clause_gap(doc: Doc, gap: str, prev: _Found, gap_start: int, gap_end: int) -> bool:
    """'"...," Mr. Trump said. "..."': only the previous quote's own cue clause lies
    between two quotations of one paragraph, so the second continues the first."""
    if prev.cue is None or prev.cue_tok is None or "\n" in gap:
        return False
    if not gap_start <= prev.cue[0] < gap_end or len(re.findall(r"\w+", gap)) > 40:
        return False
    sent = doc[prev.cue_tok].sent
    # the gap is the cue clause and nothing else: its sentence ends where the quote opens
    # (a long apposition is fine: 'said Jane Roe, a professor of law at Yale. "..."')
    text = doc_text(doc)
    tail = text[sent.end_char : gap_end]
    if sent.start_char < gap_start and sent.end_char <= gap_end + 1 and not tail.strip(" \t\xa0"):
        return True
    # the parser may run the sentence on into the next quotation: one sentence end, closing the gap
    ends = _sentence_ends(text, gap_start, gap_end)
    return len(ends) == 1 and not text[ends[0].end() : gap_end].strip(" \t\xa0")


def _find_direct(doc: Doc, ctx: _Context, labels: frozenset[int] = frozenset()) -> list[_Found]:
    """Direct quotations; ``labels`` are the start offsets of transcript speaker labels
    ("WALLACE:"): a quotation opening with one is that speaker's line, not a quote of its own."""
    text = doc_text(doc)
    spans = find_quote_spans(text)
    found: list[_Found] = []
    prev_by_depth: dict[int, _Found] = {}
    prev_close_by_depth: dict[int, int] = {}
    parents: dict[int, QuoteSpan] = {}
    for q in spans:
        for c in q.children:
            parents[id(c)] = q
    for q in spans:
        parent = parents.get(id(q))
        floor = parent.open_end if parent else 0
        limit = parent.close_start if parent else len(text)
        prev_close = prev_close_by_depth.get(q.depth, -1)
        if prev_close > floor:
            floor = prev_close
        cs, ce = q.content
        s, e = strip_span(text, cs, ce)
        if e <= s:
            continue
        words = len(text[s:e].split())
        if s in labels:
            # '"PENCE: And that is why ...': the transcript line pass attributes it
            prev_by_depth.pop(q.depth, None)
            prev_close_by_depth[q.depth] = q.close_end
            continue
        dashed = _dash_attribution(doc, q, limit)
        if dashed is not None:
            found.append(_Found(s, e, "direct", dashed[0], dashed[1]))
            prev_by_depth[q.depth] = found[-1]
            prev_close_by_depth[q.depth] = q.close_end
            continue
        cue_tok, where = _direct_attribution(doc, q, ctx, floor, limit)
        spk_tok = _speaker_for_cue(doc, cue_tok, where) if cue_tok is not None else None
        f: _Found | None = None
        if cue_tok is not None:
            if words < MIN_UNATTRIBUTED_WORDS and where in ("before", "before-noun"):
                # a short quoted phrase is a quote only when the cue introduces it directly
                gap = text[_end(cue_tok) : q.open_start].strip()
                if not (gap.endswith(":") or len(gap.split()) <= 1 or where == "ancestor"):
                    cue_tok = None
            if cue_tok is not None:
                if cue_tok.lower_ == "according" and cue_tok.i + 1 < len(doc):
                    cue = (cue_tok.idx, _end(doc[cue_tok.i + 1]))
                elif cue_tok.pos_ == "NOUN":
                    cue = (cue_tok.idx, _end(cue_tok))
                else:
                    cue = _cue_span(cue_tok)
                f = _Found(s, e, "direct", cue, spk_tok, cue_tok=cue_tok.i)
        if f is None:
            prev = prev_by_depth.get(q.depth)
            gap_text = text[prev_close:q.open_start] if prev is not None else ""
            bare_gap = re.sub(r"\([^()]*\)", " ", gap_text)
            if (
                prev is not None
                and prev.speaker_tok is not None
                and (
                    (len(re.findall(r"\w+", bare_gap)) <= 2 and gap_text.count("\n") <= 2)
                    or (
                        words >= MIN_UNATTRIBUTED_WORDS
                        and _cue_clause_gap(doc, gap_text, prev, prev_close, q.open_start)
                    )
                )
            ):
                f = _Found(s, e, "direct", prev.cue, prev.speaker_tok, cue_tok=prev.cue_tok)
            elif words >= MIN_UNATTRIBUTED_WORDS:
                f = _Found(s, e, "direct", None, None)
        if f is not None:
            found.append(f)
            prev_by_depth[q.depth] = f
        prev_close_by_depth[q.depth] = q.close_end
    return found


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


PRONOUN_TAGS = frozenset({"PRP", "PRP$", "DT", "WDT", "WP", "WP$", "WRB", "EX"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
PERSON_OBJECTS = frozenset({"him", "her", "them", "me", "us", "you"})


def _pronoun_content(doc: Doc, start: int, end: int) -> bool:
    """Is the reported content one pronoun, determiner or wh-word ("had shown that",
    "nothing had been agreed", "what had been agreed")? It stands for something said
    elsewhere, or is no content at all."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if 1 < len(words) <= 3 and words[-1].tag_ in ("WDT", "WP") and words[-1].dep_ == "pobj":
        return True  # "much of which can be credited to ...", "some of whom"
    if len(words) != 1:
        return False
    w = words[0]
    if w.lower_ in DEMONSTRATIVES and w.tag_ == "DT":
        return False  # "blamed this on ...": a demonstrative refers back to what was said
    if w.lower_ in PERSON_OBJECTS:
        return False  # "scolded him", "despised them": a stance toward a person
    return w.pos_ == "PRON" or w.tag_ in PRONOUN_TAGS


def extract_quotes(
    doc: Doc, offset: int = 0, known_persons: Sequence[tuple[int, int, str]] = ()
) -> list[Quote]:
    """Extract direct and indirect quotes from a parsed ``doc``.

    ``offset`` is the position of ``doc.text`` in the full document text; every returned
    offset is absolute, so ``full_text[q.start:q.end] == q.text``. ``known_persons`` are
    (start, end, name) mentions of people the knowledge base recognised, which pronouns may
    refer to when they are subjects.
    """
    lex = load_lexicon()
    ctx = _Context(doc, offset, lex, known_persons)
    indirect = _find_indirect(doc, ctx)
    labels = frozenset(f.label_start for f in indirect if f.label_start is not None)
    direct = _find_direct(doc, ctx, labels)
    quote_spans = find_quote_spans(doc_text(doc))

    kept: list[_Found] = list(direct)
    for f in indirect:
        assert f.cue is not None
        cue_at = f.cue[0]
        # reported speech inside a quotation stays inside it
        for q in quote_spans:
            if q.open_end <= cue_at < q.close_start:
                f.start, f.end = max(f.start, q.open_end), min(f.end, q.close_start)
        text = doc_text(doc)
        # reported speech stays in the paragraph of its cue (the parser's sentences may not)
        line_start = text.rfind("\n", 0, cue_at) + 1
        line_end = text.find("\n", cue_at)
        line_end = len(text) if line_end == -1 else line_end
        if f.start < line_end and f.end > line_start:
            f.start, f.end = max(f.start, line_start), min(f.end, line_end)
        bracketed = 0 < f.start and f.end < len(text) and text[f.start - 1] + text[f.end] == "()"
        if not bracketed:  # a whole bracketed report keeps its final stop
            f.start, f.end = _trim(text, f.start, f.end)
        length = f.end - f.start
        if length < 3:
            continue
        if _pronoun_content(doc, f.start, f.end):
            continue
        covered = 0
        for d in direct:  # only quotations kept as direct quotes carry the content
            d_lo, d_hi = d.start - 1, d.end + 1
            if d_lo <= cue_at < d_hi:
                continue
            lo, hi = max(f.start, d_lo), min(f.end, d_hi)
            covered = max(covered, hi - lo)
        if covered / length >= 0.6:
            if f.label_start is not None:
                # 'Cruz: "..."': the quotation is the labelled speaker's
                for d in direct:
                    if d.cue is None and f.start - 2 <= d.start and d.end <= f.end + 2:
                        d.cue, d.speaker_tok, d.cue_tok = f.cue, f.speaker_tok, f.cue_tok
            continue  # the quotation carries it as a direct quote already
        kept.append(f)

    kept.sort(key=lambda f: (f.start, f.end))
    quotes: list[Quote] = []
    text = doc_text(doc)
    for f in kept:
        speaker = make_speaker(f.speaker_tok, ctx) if f.speaker_tok is not None else None
        cue = (
            Cue(text=text[f.cue[0] : f.cue[1]], start=offset + f.cue[0], end=offset + f.cue[1])
            if f.cue
            else None
        )
        quotes.append(
            Quote(
                id=f"q{len(quotes) + 1}",
                text=text[f.start : f.end],
                start=offset + f.start,
                end=offset + f.end,
                speaker=speaker,
                cue=cue,
                kind="direct" if f.kind == "direct" else "indirect",
            )
        )
    return quotes
