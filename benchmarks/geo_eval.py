"""Benchmark tabayyun's place extraction and geocoding on LGL and GeoVirus.

Usage::

    python benchmarks/geo_eval.py [--corpus lgl|geovirus|all] [--limit N] [--json] [--data DIR]

Gold: ``<data>/lgl.xml`` (local US news; toponyms with GeoNames ids and points) and
``<data>/geovirus.xml`` (WikiNews disease reports; Wikipedia points). GeoVirus offsets
are sometimes off by a character: each gold span is re-aligned to the nearest
occurrence of its phrase. Only gold toponyms with coordinates are scored.

Settings, all in one run:

* ``resolution`` (geocoding given gold spans, the setting CamCoder and mordecai3
  report): every gold span is resolved in its document's context with
  :func:`tabayyun.extract.places.resolve_toponyms`; an unresolved span counts as a miss;
* ``end-to-end``: :func:`tabayyun.extract.places.extract_places` over the article;
  predictions are matched to gold toponyms by span overlap; recall of gold spans,
  precision of predicted place spans, and accuracy over the matched gold;
* ``combined``: end-to-end where it found the toponym, resolution-only for the gold
  toponyms it missed;
* ``population``: the baseline, the most populous gazetteer entry with the gold
  surface's name (no context).

Measures: accuracy within 161 km (acc@161) over all scored gold toponyms, and mean
and median error in km over the resolved ones. Published anchors (resolution):
CamCoder LGL 76 / GeoVirus 82; mordecai3 LGL 82.7.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "geo"
sys.path.insert(0, str(ROOT / "src"))

from tabayyun import nlp as nlp_module  # noqa: E402
from tabayyun.extract.places import PlaceHint, extract_places, resolve_toponyms  # noqa: E402
from tabayyun.knowledge import KnowledgeBase  # noqa: E402
from tabayyun.knowledge.gazetteer import Gazetteer, distance_km  # noqa: E402
from tabayyun.model import Place  # noqa: E402
from tabayyun.resolve.home_areas import HomeTally, outlet_of  # noqa: E402

THRESHOLD_KM = 161.0


@dataclass(slots=True)
class Toponym:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float


@dataclass(slots=True)
class Article:
    text: str
    toponyms: list[Toponym]
    domain: str | None = None  # the outlet's web domain, when the corpus gives it


@dataclass(slots=True)
class Score:
    errors: list[float | None] = field(default_factory=list)  # None: unresolved

    def add(self, error: float | None) -> None:
        self.errors.append(error)

    def summary(self) -> dict[str, float | int | None]:
        resolved = [e for e in self.errors if e is not None]
        total = len(self.errors)
        return {
            "n": total,
            "resolved": len(resolved),
            "acc161": round(100 * sum(e <= THRESHOLD_KM for e in resolved) / total, 1) if total else None,
            "mean_km": round(statistics.fmean(resolved), 1) if resolved else None,
            "median_km": round(statistics.median(resolved), 1) if resolved else None,
        }


def _align(text: str, start: int, end: int, phrase: str) -> tuple[int, int] | None:
    if text[start:end] == phrase:
        return start, end
    for delta in (1, -1, 2, -2, 3, -3):
        s = start + delta
        if 0 <= s and text[s:s + len(phrase)] == phrase:
            return s, s + len(phrase)
    found = text.find(phrase, max(0, start - 200))
    if found == -1:
        found = text.find(phrase)
    return (found, found + len(phrase)) if found != -1 else None


def read_lgl(path: Path) -> list[Article]:
    articles: list[Article] = []
    for node in ET.parse(path).getroot().iter("article"):
        text = node.findtext("text") or ""
        toponyms: list[Toponym] = []
        for top in node.iter("toponym"):
            lat, lon = top.findtext("gaztag/lat"), top.findtext("gaztag/lon")
            if lat is None or lon is None:
                continue
            phrase = top.findtext("phrase") or ""
            span = _align(text, int(top.findtext("start") or 0), int(top.findtext("end") or 0), phrase)
            if span:
                toponyms.append(Toponym(span[0], span[1], phrase, float(lat), float(lon)))
        articles.append(Article(text, toponyms, (node.findtext("domain") or "").strip() or None))
    return articles


def read_geovirus(path: Path) -> list[Article]:
    articles: list[Article] = []
    for node in ET.parse(path).getroot().iter("article"):
        text = node.findtext("text") or ""
        toponyms: list[Toponym] = []
        for loc in node.iter("location"):
            lat, lon = loc.findtext("lat"), loc.findtext("lon")
            if not lat or not lon:
                continue
            phrase = loc.findtext("name") or ""
            span = _align(text, int(loc.findtext("start") or 0), int(loc.findtext("end") or 0), phrase)
            if span:
                toponyms.append(Toponym(span[0], span[1], phrase, float(lat), float(lon)))
        articles.append(Article(text, toponyms))
    return articles


def _error(place_lat: float | None, place_lon: float | None, top: Toponym) -> float | None:
    if place_lat is None or place_lon is None:
        return None
    return distance_km(place_lat, place_lon, top.lat, top.lon)


@dataclass(slots=True)
class _Run:
    """One setting's outputs per article: resolutions of the gold spans and extracted places."""

    resolved: list[list[Place | None]] = field(default_factory=list)
    places: list[list[Place]] = field(default_factory=list)


def _run(articles: list[Article], docs: list[Doc], kb: KnowledgeBase, gazetteer: Gazetteer,
         hints: list[PlaceHint | None] | None = None, reuse: _Run | None = None) -> _Run:
    """Resolve and extract every article (with its hint, when given); an article without a
    hint reuses the no-hint outputs of ``reuse``."""
    run = _Run()
    for i, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        hint = hints[i] if hints is not None else None
        if reuse is not None and hint is None:
            run.resolved.append(reuse.resolved[i])
            run.places.append(reuse.places[i])
            continue
        text, parsed = article.text, [(0, doc)]
        spans = [(t.start, t.end) for t in article.toponyms]
        run.resolved.append(resolve_toponyms(text, spans, kb, parsed, gazetteer=gazetteer, hint=hint))
        run.places.append([p for p in extract_places(text, parsed, kb, gazetteer=gazetteer, hint=hint)
                           if p.role == "place"])
    return run


def _home_hints(articles: list[Article], run: _Run, gazetteer: Gazetteer) -> list[PlaceHint | None]:
    """Each article's home area, learned from the places found (not the gold) in the other
    articles of its outlet (its domain) by the product's rule (:class:`HomeTally`, what
    ``tabayyun ingest --learn-home-areas`` uses): leave-one-out, so no article informs its own
    hint (the product counts a document's own places too)."""
    by_domain: dict[str, list[int]] = {}
    for i, article in enumerate(articles):
        outlet = outlet_of(article.domain)
        if outlet:
            by_domain.setdefault(outlet, []).append(i)
    hints: list[PlaceHint | None] = [None] * len(articles)
    for members in by_domain.values():
        own: dict[int, HomeTally] = {}
        for j in members:
            own[j] = HomeTally()
            own[j].add(run.places[j], gazetteer)
        for i in members:
            tally = HomeTally()
            for j in members:
                if j != i:
                    tally.merge(own[j])
            hints[i] = tally.hint(gazetteer)
    return hints


def _score(articles: list[Article], run: _Run, gazetteer: Gazetteer) -> dict[str, object]:
    resolution, end_to_end, combined, population = Score(), Score(), Score(), Score()
    misses: Counter[tuple[str, str]] = Counter()  # (gold phrase, what we chose) beyond 161 km
    predicted = matched_predictions = gold_found = 0
    for article, resolved, places in zip(articles, run.resolved, run.places, strict=True):
        predicted += len(places)
        matched_ids: set[int] = set()
        for top, res in zip(article.toponyms, resolved, strict=True):
            error = _error(res.latitude, res.longitude, top) if res else None
            resolution.add(error)
            if error is None or error > THRESHOLD_KM:
                misses[(top.phrase, f"{res.name}, {res.country}" if res and error is not None else "unresolved")] += 1
            entries = gazetteer.lookup(top.phrase)
            best = max(entries, key=lambda e: e.population) if entries else None
            population.add(_error(best.latitude, best.longitude, top) if best else None)
            overlapping = [p for p in places if p.start < top.end and top.start < p.end]
            if overlapping:
                gold_found += 1
                matched_ids.update(id(p) for p in overlapping)
                place = min(overlapping, key=lambda p: abs(p.start - top.start) + abs(p.end - top.end))
                error = _error(place.latitude, place.longitude, top)
                end_to_end.add(error)
                combined.add(error)
            else:
                combined.add(_error(res.latitude, res.longitude, top) if res else None)
        matched_predictions += len(matched_ids)
    gold = len(resolution.errors)
    return {
        "articles": len(articles),
        "gold_toponyms": gold,
        "resolution": resolution.summary(),
        "population_baseline": population.summary(),
        "end_to_end": {
            **end_to_end.summary(),
            "recall": round(100 * gold_found / gold, 1) if gold else None,
            "precision": round(100 * matched_predictions / predicted, 1) if predicted else None,
        },
        "combined": combined.summary(),
        "misses": [[phrase, chosen, n] for (phrase, chosen), n in misses.most_common(50)],
    }


def evaluate(articles: list[Article], kb: KnowledgeBase, gazetteer: Gazetteer) -> dict[str, object]:
    """Scores without any hint and, where articles name their outlet, with each article's
    home area learned from its outlet's other articles (see ``_home_hints``)."""
    nlp = nlp_module.load()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=32))
    plain = _run(articles, docs, kb, gazetteer)
    result = _score(articles, plain, gazetteer)
    hints = _home_hints(articles, plain, gazetteer)
    if any(h is not None for h in hints):
        hinted = _score(articles, _run(articles, docs, kb, gazetteer, hints, reuse=plain), gazetteer)
        hinted["articles_with_hint"] = sum(h is not None for h in hints)
        result["with_home_area"] = hinted
    return result


def _print_misses(result: dict[str, object], count: int) -> None:
    rows = result["misses"]
    assert isinstance(rows, list)
    print(f"  most frequent misses (resolution, beyond {THRESHOLD_KM:.0f} km): "
          + "; ".join(f"{phrase} -> {chosen} x{n}" for phrase, chosen, n in rows[:count]))


def _print(name: str, result: dict[str, object]) -> None:
    print(f"\n{name}: {result['articles']} articles, {result['gold_toponyms']} gold toponyms with coordinates")
    print(f"  {'setting':<22}{'acc@161':>8}{'mean km':>10}{'median km':>11}{'resolved':>10}  extra")
    for key, label in (("resolution", "resolution (gold)"), ("population_baseline", "population baseline"),
                       ("end_to_end", "end-to-end (matched)"), ("combined", "combined")):
        row = result[key]
        assert isinstance(row, dict)
        extra = ""
        if key == "end_to_end":
            extra = f"recall {row['recall']}  precision {row['precision']}  (over {row['n']} matched gold)"
        acc = row["acc161"]
        print(f"  {label:<22}{acc!s:>8}{row['mean_km']!s:>10}{row['median_km']!s:>11}{row['resolved']!s:>10}  {extra}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=("lgl", "geovirus", "all"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles per corpus")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print the N most frequent misses")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no gold data at {args.data}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    kb, gazetteer = KnowledgeBase.load(), Gazetteer.load()
    results: dict[str, object] = {}
    readers = {"lgl": ("lgl.xml", read_lgl), "geovirus": ("geovirus.xml", read_geovirus)}
    for name, (filename, reader) in readers.items():
        if args.corpus not in (name, "all"):
            continue
        articles = reader(args.data / filename)[: args.limit]
        results[name] = evaluate(articles, kb, gazetteer)
    results["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, result in results.items():
            if isinstance(result, dict):
                _print(name, result)
                if args.errors:
                    _print_misses(result, args.errors)
                hinted = result.get("with_home_area")
                if isinstance(hinted, dict):
                    _print(f"{name} with each outlet's home area (learned from its other articles, "
                           f"{hinted['articles_with_hint']} articles hinted)", hinted)
                    if args.errors:
                        _print_misses(hinted, args.errors)
        print(f"\n{results['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
