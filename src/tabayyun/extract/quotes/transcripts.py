"""Transcripts and labelled lines: "PENCE: ...", "Trump: ..." attribute the rest of the line to
the label before the colon."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from tabayyun.extract.quotes.candidates import Found, token_end, trim
from tabayyun.extract.quotes.lexicon import NAME_ENTS, Lexicon
from tabayyun.nlp import doc_text


def speaker_colon_lines(doc: Doc, lex: Lexicon) -> list[Found]:
    """Transcript and headline lines "PENCE: And that's why ...", "Trump: ...".

    A line opening with a short proper-name mention (a person, organisation or outlet)
    and a colon attributes the rest of the line to that name; the colon is the cue.
    """
    text = doc_text(doc)
    found: list[Found] = []
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
        if not _is_speaker_label(name, lex):
            continue
        line_end = text.find("\n", tok.idx)
        line_end = len(text) if line_end == -1 else line_end
        s, e = trim(text, token_end(tok), line_end)
        if len(text[s:e].split()) < 3:
            continue
        found.append(
            Found(s, e, "indirect", (tok.idx, token_end(tok)), name.root, cue_tok=tok.i, label_start=name.start_char)
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


def _is_speaker_label(name: Span, lex: Lexicon) -> bool:
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
