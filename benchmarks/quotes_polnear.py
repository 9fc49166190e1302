"""Benchmark tabayyun's quote extractor on PolNeAR (political news attribution relations).

Usage::

    python benchmarks/quotes_polnear.py [--split dev|train] [--limit N] [--json]
                                        [--annotators first|all|mean] [--nested] [--data DIR]
                                        [--missed N] [--false-positives N]

Gold: ``<data>/<split>/text/NAME.txt`` and ``<data>/<split>/attributions/NAME_<annotator>.ann``
(brat standoff). Every article of the split is scored. A few articles (2 of 84 in dev, 16 of
840 in train: the inter-annotator agreement set) have one file per annotator and no
adjudicated version; PolNeAR's own reader (``polnear.dataset.Article.path``) takes one
annotator's file per article, at random. The default, ``--annotators first``, is the
deterministic version of that choice: one annotation per article, the first file in sorted
order. ``all`` scores every file as its own gold document (the agreement articles then count
five or six times); ``mean`` weights each of an article's k files by 1/k (the expectation over
the reader's random choice). A union of annotators is not offered: PolNeAR is univocal (one
attribution per token), and a union would double the gold of those articles. On dev the
three choices differ by at most 0.005 F1.

PolNeAR content spans, as annotated: indirect content starts at its complementiser ("that
...") and ends before the sentence's final stop; direct quotes keep their quotation marks.

Nested attributions: because PolNeAR is univocal, an attribution reported inside another's
content is almost never annotated. Predicted attributions whose cue lies inside another
predicted attribution's content are therefore left out before scoring (see
``project_univocal``); ``--nested`` scores them too.

Scores, PARC/PolNeAR style:

* span level, per role (source, cue, content), over the spans that belong to attributions
  (gold: brat events with a content and a cue): *exact* (same start and end; for a
  discontinuous gold content the span from its first to its last piece) and *overlap*
  (a predicted and a gold span of the same role share at least one character; a
  discontinuous content overlaps through any of its pieces). Overlap matches are one-to-one
  (greedy, largest overlap first): a prediction is credited for at most one gold span and a
  gold span for at most one prediction. Precision = matched / predicted, recall = matched /
  gold, both printed;
* attribution level: a prediction matches a gold attribution when it overlaps both its
  content and its cue ("attr"); "attr+src" also needs the source to overlap when gold has
  one; matched one-to-one.

PolNeAR direct-quote content includes the quotation marks; tabayyun's ``Quote.text`` excludes
them, so predicted direct quotes are widened over their adjacent marks before scoring. A
PolNeAR attribution has one cue and a possibly discontinuous content, so predicted quotes
that share a cue span are scored as one attribution (their contents united).

Baselines in the same run: a quotation-mark-only baseline (content = text between balanced
quotation marks, no source or cue) and textacy's ``direct_quotations`` when textacy is
importable.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "polnear"

Span = tuple[int, int]


@dataclass
class Attribution:
    content: list[Span]
    cue: list[Span] = field(default_factory=list)
    source: list[Span] = field(default_factory=list)


@dataclass
class GoldDoc:
    name: str
    text: str
    attributions: list[Attribution]
    weight: float = 1.0


T_LINE = re.compile(r"^(T\d+)\t([\w-]+) (\d+ \d+(?:;\d+ \d+)*)\t")


def read_ann(path: Path) -> list[Attribution]:
    """Parse a brat .ann file into attributions (surfaces may span lines: offsets are used)."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = T_LINE.match(line)
        if m:
            pieces = [tuple(int(x) for x in p.split()) for p in m.group(3).split(";")]
            spans[m.group(1)] = (m.group(2), [(a, b) for a, b in pieces])
            continue
        if line.startswith(("E", "R")) and "\t" in line:
            args = line.split("\t", 1)[1].split()
            events.append([tuple(a.split(":", 1)) for a in args if ":" in a])  # type: ignore[misc]
    out: list[Attribution] = []
    for args in events:
        att = Attribution(content=[])
        for role, ref in args:
            if ref not in spans:
                continue
            label, pieces = spans[ref]
            role_l = role.lower()
            if role_l.startswith("content") or label == "Content":
                att.content.extend(pieces)
            elif role_l == "cue" or label == "Cue":
                att.cue.extend(pieces)
            elif role_l == "source" or label == "Source":
                att.source.extend(pieces)
        if att.content and att.cue:
            att.content.sort()
            out.append(att)
    return out


def load_split(
    data: Path, split: str, annotators: str | bool, limit: int | None
) -> list[GoldDoc]:
    """Gold documents of a split; ``annotators`` says how multi-annotator documents count.

    ``"first"`` (or False): the first annotator file in sorted order, one gold document per
    article; ``"all"`` (or True): every annotator file as its own gold document (weight 1
    each); ``"mean"``: every annotator file with weight 1/k, the expectation over the
    official reader's random choice of one annotator.
    """
    mode = {True: "all", False: "first"}.get(annotators, annotators)  # type: ignore[call-overload]
    text_dir = data / split / "text"
    ann_dir = data / split / "attributions"
    by_doc: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        base = ann.stem.rsplit("_", 1)[0]
        by_doc.setdefault(base, []).append(ann)
    docs: list[GoldDoc] = []
    for n_art, base in enumerate(sorted(by_doc)):
        if limit and n_art >= limit:
            break
        txt = text_dir / f"{base}.txt"
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        files = by_doc[base] if mode in ("all", "mean") else by_doc[base][:1]
        weight = 1.0 / len(files) if mode == "mean" else 1.0
        for ann in files:
            docs.append(GoldDoc(ann.stem, text, read_ann(ann), weight))
    return docs


# ---------------------------------------------------------------------------------------
# Predictions
# ---------------------------------------------------------------------------------------

OPEN_MARKS = "\"“«‘'"
CLOSE_MARKS = "\"”»’'"


def _widen_marks(text: str, s: int, e: int) -> Span:
    if s > 0 and text[s - 1] in OPEN_MARKS:
        s -= 1
        if s > 0 and text[s - 1] in "'`" and text[s] in "'`":
            s -= 1
    if e < len(text) and text[e] in CLOSE_MARKS:
        e += 1
        if e < len(text) and text[e - 1] == "'" and text[e] == "'":
            e += 1
    return s, e


def tabayyun_predict(docs: list[GoldDoc], univocal: bool = True) -> list[list[Attribution]]:
    from tabayyun import nlp as nlp_module
    from tabayyun.extract.quotes import extract_quotes

    nlp = nlp_module.load()
    out: list[list[Attribution]] = []
    for gold, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        preds: list[tuple[Attribution, str]] = []
        for q in extract_quotes(doc):
            s, e = (q.start, q.end)
            if q.kind == "direct":
                s, e = _widen_marks(gold.text, s, e)
            att = Attribution(content=[(s, e)])
            if q.cue is not None:
                att.cue = [(q.cue.start, q.cue.end)]
            if q.speaker is not None:
                att.source = [(q.speaker.start, q.speaker.end)]
            preds.append((att, q.kind))
        out.append(project_univocal(_fold_nested(preds)) if univocal else _fold_nested(preds))
    return out


def missed_cues(docs: list[GoldDoc], preds: list[list[Attribution]]) -> tuple[Counter[str], Counter[str]]:
    """Gold attributions whose cue no prediction overlaps, counted by cue text (lower case), split
    into cues with a word of the cue lexicon (a verb, object verb, stance or cue noun lemma of
    ``cue_verbs.txt``: missed by the structure of the sentence) and cues with none (outside the
    lexicon)."""
    from tabayyun import nlp as nlp_module
    from tabayyun.extract.quotes import load_lexicon

    lex, nlp = load_lexicon(), nlp_module.load()
    words = lex.verbs | lex.object_verbs | lex.nouns | lex.stance_nouns | {n for n, _ in lex.noun_preps}
    known: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    for doc, predicted in zip(docs, preds, strict=True):
        for gold in doc.attributions:
            if any(_overlaps(p.cue, gold.cue) for p in predicted):
                continue
            cue = " ".join(doc.text[a:b] for a, b in gold.cue).lower()
            lemmas = {t.lemma_.lower() for t in nlp(cue)}
            (known if lemmas & words else unknown)[cue] += 1
    return known, unknown


def false_positive_cues(docs: list[GoldDoc], preds: list[list[Attribution]], width: int = 70) -> list[str]:
    """Predicted cues that overlap no gold cue, each shown in its context (``[[cue]]``)."""
    out: list[str] = []
    for doc, predicted in zip(docs, preds, strict=True):
        for p in predicted:
            if not p.cue or any(_overlaps(p.cue, g.cue) for g in doc.attributions):
                continue
            s, e = p.cue[0]
            before = doc.text[max(0, s - width) : s]
            after = doc.text[e : e + width]
            out.append(f"{doc.name}: {before}[[{doc.text[s:e]}]]{after}".replace("\n", " / "))
    return out


def project_univocal(atts: list[Attribution]) -> list[Attribution]:
    """Drop predicted attributions nested inside the content of another prediction.

    PolNeAR is univocal: every token belongs to at most one attribution, so an attribution
    reported inside another one's content ('"... she said she would win," he said') is
    almost never annotated (6 of 2,192 dev and 127 of 19,831 train gold attributions have
    their cue inside another attribution's content). tabayyun reports such nested
    attributions, which is right for its users but which the gold cannot confirm: an
    attribution whose cue lies inside the content of another predicted attribution is
    therefore left out of the scoring, which neither penalises it as a false positive nor
    lets its content take the one-to-one credit for the outer gold content.
    """
    kept: list[Attribution] = []
    for att in atts:
        nested = any(
            other is not att
            and other.cue
            and any(s <= c0 and c1 <= e for c0, c1 in att.cue for s, e in other.content)
            and not any(s <= c0 and c1 <= e for c0, c1 in other.cue for s, e in att.content)
            for other in atts
        ) if att.cue else False
        if not nested:
            kept.append(att)
    return kept


def _fold_nested(preds: list[tuple[Attribution, str]]) -> list[Attribution]:
    """Map quotes to PolNeAR attributions: quotes sharing one cue span are one attribution.

    PolNeAR annotates one attribution per cue, its content possibly discontinuous
    ('"...," he said. "..."'; a direct quote inside the indirect content of the same cue),
    while tabayyun emits one Quote per quoted stretch. Quotes with the same cue span are
    therefore merged (content pieces united, the first source kept); quotes without a cue
    stay separate.
    """
    kept: list[Attribution] = []
    by_cue: dict[tuple[Span, ...], Attribution] = {}
    for att, _kind in preds:
        if not att.cue:
            kept.append(att)
            continue
        key = tuple(att.cue)
        merged = by_cue.get(key)
        if merged is None:
            merged = Attribution(content=list(att.content), cue=list(att.cue), source=list(att.source))
            by_cue[key] = merged
            kept.append(merged)
            continue
        for piece in att.content:
            if not any(s <= piece[0] and piece[1] <= e for s, e in merged.content):
                merged.content = [
                    (s, e) for s, e in merged.content if not (piece[0] <= s and e <= piece[1])
                ] + [piece]
        merged.content.sort()
        if not merged.source:
            merged.source = list(att.source)
    return kept


BASELINE_RE = re.compile(r"“[^“”]+”|\"[^\"\n]+\"|«[^«»]+»")


def quote_mark_baseline(docs: list[GoldDoc]) -> list[list[Attribution]]:
    return [
        [Attribution(content=[(m.start(), m.end())]) for m in BASELINE_RE.finditer(d.text)]
        for d in docs
    ]


def textacy_predict(docs: list[GoldDoc]) -> tuple[list[list[Attribution]], int] | None:
    try:
        from textacy.extract import triples  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - any import failure means the baseline is skipped
        return None
    from tabayyun import nlp as nlp_module

    nlp = nlp_module.load()
    out: list[list[Attribution]] = []
    failures = 0
    for doc in nlp.pipe(d.text for d in docs):
        atts: list[Attribution] = []
        try:
            for dq in triples.direct_quotations(doc):
                content = dq.content
                atts.append(
                    Attribution(
                        content=[(content.start_char, content.end_char)],
                        cue=[(t.idx, t.idx + len(t.text)) for t in dq.cue[:1]],
                        source=[(t.idx, t.idx + len(t.text)) for t in dq.speaker[:1]],
                    )
                )
        except Exception:  # noqa: BLE001 - textacy raises on odd quotation marks
            failures += 1
        out.append(atts)
    return out, failures


# ---------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------


def _overlap_len(a: list[Span], b: list[Span]) -> int:
    return sum(max(0, min(x1, y1) - max(x0, y0)) for x0, x1 in a for y0, y1 in b)


def _overlaps(a: list[Span], b: list[Span]) -> bool:
    return _overlap_len(a, b) > 0


def _hull(spans: list[Span]) -> Span:
    return min(s for s, _ in spans), max(e for _, e in spans)


def _prf(tp_p: float, n_p: float, tp_g: float, n_g: float) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(p, 4), "r": round(r, 4), "f1": round(f, 4),
        "pred": round(n_p, 1), "gold": round(n_g, 1),
    }


def match_one_to_one(n_pred: int, n_gold: int, weight: Callable[[int, int], int]) -> int:
    """Greedy one-to-one matching: pairs with a positive weight, heaviest first.

    Each prediction is matched to at most one gold item and vice versa, so one long
    prediction cannot be credited for several gold spans, nor several fragments of a
    prediction for one gold span. Returns the number of matched pairs.
    """
    pairs = [
        (w, i, j) for i in range(n_pred) for j in range(n_gold) if (w := weight(i, j)) > 0
    ]
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


def score(docs: list[GoldDoc], preds: list[list[Attribution]]) -> dict[str, dict[str, float]]:
    """PARC/PolNeAR-style scores with one-to-one matching between predicted and gold items.

    Span level, per role: the distinct spans of that role taken from attributions only
    (a source shared by two attributions counts once). *exact*: same hull; *overlap*: at
    least one character in common, matched one-to-one by overlap length. Attribution level:
    a prediction matches a gold attribution when content and cue overlap ("attr"), and
    also the source when gold has one ("attr+src"), again one-to-one.
    """
    counts: dict[str, list[float]] = {}
    weight = 1.0

    def add(key: str, tp: int, n_p: int, n_g: int) -> None:
        c = counts.setdefault(key, [0.0, 0.0, 0.0, 0.0])
        c[0] += weight * tp
        c[1] += weight * n_p
        c[2] += weight * tp
        c[3] += weight * n_g

    for gold, pred in zip(docs, preds, strict=True):
        weight = gold.weight
        for role in ("source", "cue", "content"):
            g_spans = _unique(getattr(a, role) for a in gold.attributions)
            p_spans = _unique(getattr(a, role) for a in pred)
            g_hulls = {_hull(g) for g in g_spans}
            p_hulls = {_hull(p) for p in p_spans}
            add(f"{role}/exact", len(p_hulls & g_hulls), len(p_hulls), len(g_hulls))
            tp = _span_matches(p_spans, g_spans)
            add(f"{role}/overlap", tp, len(p_spans), len(g_spans))
        for key, need_source in (("attribution/attr", False), ("attribution/attr+src", True)):
            tp = _attribution_matches(pred, gold.attributions, need_source)
            add(key, tp, len(pred), len(gold.attributions))
    return {k: _prf(*v) for k, v in counts.items()}


def _span_matches(p_spans: list[list[Span]], g_spans: list[list[Span]]) -> int:
    return match_one_to_one(
        len(p_spans), len(g_spans), lambda i, j: _overlap_len(p_spans[i], g_spans[j])
    )


def _attribution_matches(pred: list[Attribution], gold: list[Attribution], need_source: bool) -> int:
    def weight(i: int, j: int) -> int:
        p, g = pred[i], gold[j]
        content = _overlap_len(p.content, g.content)
        if not (content and _overlaps(p.cue, g.cue)):
            return 0
        if need_source and g.source and not _overlaps(p.source, g.source):
            return 0
        return content

    return match_one_to_one(len(pred), len(gold), weight)


def _unique(groups: Iterable[list[Span]]) -> list[list[Span]]:
    seen: set[tuple[Span, ...]] = set()
    out: list[list[Span]] = []
    for g in groups:
        key = tuple(sorted(g))
        if g and key not in seen:
            seen.add(key)
            out.append(sorted(g))
    return out


def print_table(name: str, scores: dict[str, dict[str, float]]) -> None:
    print(f"\n{name}")
    print(f"  {'measure':<22}{'P':>8}{'R':>8}{'F1':>8}{'pred':>8}{'gold':>8}")
    for key in sorted(scores):
        s = scores[key]
        print(
            f"  {key:<22}{s['p']:>8.3f}{s['r']:>8.3f}{s['f1']:>8.3f}"
            f"{s['pred']:>8g}{s['gold']:>8g}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "train"], default="dev")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument(
        "--annotators", choices=["first", "all", "mean"], default="first",
        help="multi-annotator documents: first file (default), every file, or 1/k weights",
    )
    ap.add_argument("--all-annotators", action="store_true", help="same as --annotators all")
    ap.add_argument(
        "--nested", action="store_true",
        help="score nested predicted attributions too (no univocal projection)",
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--missed", type=int, default=0, metavar="N",
                    help="print the gold cues we miss, by whether the cue lexicon has their words (N most common)")
    ap.add_argument("--false-positives", type=int, default=0, metavar="N",
                    help="print N predicted cues that match no gold cue, with context")
    args = ap.parse_args(argv)
    if not (args.data / args.split).is_dir():
        print(f"PolNeAR split not found: {args.data / args.split}", file=sys.stderr)
        return 2
    mode = "all" if args.all_annotators else args.annotators
    docs = load_split(args.data, args.split, mode, args.limit)
    ours_predicted = tabayyun_predict(docs, univocal=not args.nested)
    systems: dict[str, Callable[[], list[list[Attribution]]]] = {
        "tabayyun": lambda: ours_predicted,
        "quote-marks baseline": lambda: quote_mark_baseline(docs),
    }
    results: dict[str, object] = {
        "split": args.split,
        "documents": len(docs),
        "gold_attributions": sum(len(d.attributions) for d in docs),
        "annotators": {
            "first": "first file per document",
            "all": "every annotator file",
            "mean": "every annotator file, weight 1/k",
        }[mode],
        "univocal_projection": not args.nested,
    }
    for name, run in systems.items():
        results[name] = score(docs, run())
    tx = textacy_predict(docs)
    if tx is None:
        results["textacy"] = "skipped: textacy is not importable"
    else:
        preds, failures = tx
        results["textacy"] = score(docs, preds)
        results["textacy_failed_docs"] = failures
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(
        f"PolNeAR {args.split}: {results['documents']} documents, "
        f"{results['gold_attributions']} gold attributions ({results['annotators']})"
    )
    for name in ("tabayyun", "quote-marks baseline", "textacy"):
        res = results[name]
        if isinstance(res, dict):
            print_table(name, res)
        else:
            print(f"\n{name}: {res}")
    ours = results["tabayyun"]
    base = results["quote-marks baseline"]
    assert isinstance(ours, dict) and isinstance(base, dict)
    for key in ("content/overlap", "attribution/attr"):
        b = base[key]["f1"]
        ratio = f"{ours[key]['f1'] / b:.2f}x" if b else "n/a (baseline F1 is 0)"
        print(f"\n{key} F1: tabayyun {ours[key]['f1']:.3f} vs quote-marks baseline {b:.3f} ({ratio})")
    if args.missed:
        known, unknown = missed_cues(docs, ours_predicted)
        print(f"\nmissed gold cues: {sum(known.values()) + sum(unknown.values())}; "
              f"with a lexicon word (missed by sentence structure): {sum(known.values())}; "
              f"with none (outside the lexicon): {sum(unknown.values())}")
        for label, counts in (("with a lexicon word", known), ("outside the lexicon", unknown)):
            print(f"  {label}: " + ", ".join(f"{cue!r} {n}" for cue, n in counts.most_common(args.missed)))
    if args.false_positives:
        fps = false_positive_cues(docs, ours_predicted)
        print(f"\nfalse positive cues: {len(fps)} (first {min(len(fps), args.false_positives)})")
        for line in fps[: args.false_positives]:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
