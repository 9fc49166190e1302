"""Direct quotes: the cue and speaker of each quoted span (after it, before it, a dash, a
syntactic ancestor, or the previous quote it continues)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from tabayyun.extract.quotes.candidates import Found, token_end
from tabayyun.extract.quotes.lexicon import Lexicon, cue_span, is_cue_verb, lemma_of
from tabayyun.extract.quotes.marks import MARK_RE, QuoteSpan
from tabayyun.extract.quotes.reported import colon_after
from tabayyun.extract.quotes.sources import subject_of
from tabayyun.extract.quotes.speakers import Context
from tabayyun.nlp import doc_text
from tabayyun.settings import SETTINGS
from tabayyun.spans import strip_span

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
    return [t for t in span if t.idx >= s and token_end(t) <= e]


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
    doc: Doc, q: QuoteSpan, ctx: Context, floor: int, limit: int
) -> tuple[Token | None, str]:
    """Find the cue verb of a direct quote; returns (cue token, where it was found)."""
    text = doc_text(doc)
    lex = ctx.lex
    inner = text[q.open_end : q.close_start].rstrip()
    a_s, a_e = _after_window(text, q, limit)
    after_toks = [t for t in _tokens_in(doc, a_s, a_e) if not t.is_space]
    for n, t in enumerate(after_toks[:20]):
        if is_cue_verb(t, lex):
            ends_open = bool(inner) and inner[-1] in ",!?—–-…:"
            introduces_next = colon_after(doc, t, lex) is not None
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
        if is_cue_verb(t, lex):
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
                if is_cue_verb(cur, lex):
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
        and is_cue_verb(cur.head, lex)
        and lemma_of(cur.head) not in lex.cognition
    ):
        cur = cur.head
    return cur


def _speaker_for_cue(doc: Doc, cue: Token, where: str, lex: Lexicon) -> Token | None:
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
    subj = subject_of(cue, lex)
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


def _cue_clause_gap(doc: Doc, gap: str, prev: Found, gap_start: int, gap_end: int) -> bool:
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


def find_direct(
    doc: Doc, ctx: Context, spans: list[QuoteSpan], labels: frozenset[int] = frozenset()
) -> list[Found]:
    """Direct quotations among the document's quotation ``spans`` (found once by the caller);
    ``labels`` are the start offsets of transcript speaker labels ("WALLACE:"): a quotation
    opening with one is that speaker's line, not a quote of its own."""
    text = doc_text(doc)
    found: list[Found] = []
    prev_by_depth: dict[int, Found] = {}
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
            found.append(Found(s, e, "direct", dashed[0], dashed[1]))
            prev_by_depth[q.depth] = found[-1]
            prev_close_by_depth[q.depth] = q.close_end
            continue
        cue_tok, where = _direct_attribution(doc, q, ctx, floor, limit)
        spk_tok = _speaker_for_cue(doc, cue_tok, where, ctx.lex) if cue_tok is not None else None
        f: Found | None = None
        if cue_tok is not None:
            if words < SETTINGS.quotes.min_unattributed_words and where in ("before", "before-noun"):
                # a short quoted phrase is a quote only when the cue introduces it directly
                gap = text[token_end(cue_tok) : q.open_start].strip()
                if not (gap.endswith(":") or len(gap.split()) <= 1 or where == "ancestor"):
                    cue_tok = None
            if cue_tok is not None:
                if cue_tok.lower_ == "according" and cue_tok.i + 1 < len(doc):
                    cue = (cue_tok.idx, token_end(doc[cue_tok.i + 1]))
                elif cue_tok.pos_ == "NOUN":
                    cue = (cue_tok.idx, token_end(cue_tok))
                else:
                    cue = cue_span(cue_tok, ctx.lex)
                f = Found(s, e, "direct", cue, spk_tok, cue_tok=cue_tok.i)
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
                        words >= SETTINGS.quotes.min_unattributed_words
                        and _cue_clause_gap(doc, gap_text, prev, prev_close, q.open_start)
                    )
                )
            ):
                f = Found(s, e, "direct", prev.cue, prev.speaker_tok, cue_tok=prev.cue_tok)
            elif words >= SETTINGS.quotes.min_unattributed_words:
                f = Found(s, e, "direct", None, None)
        if f is not None:
            found.append(f)
            prev_by_depth[q.depth] = f
        prev_close_by_depth[q.depth] = q.close_end
    return found
