"""Query latency on a big store.

    .venv/bin/python benchmarks/query_latency.py [--docs 2000] [--sentences 25] [--repeat 30]
                                                 [--db PATH [--reuse]] [--verify]

The store is filled by generating DocumentRecords directly (no spaCy: sentences from the
synthetic templates, one quote, one date and the speaker's mention per sentence) and writing
them with the real StoreWriter, then cross-document resolution runs once. ``--docs 40000
--sentences 25`` gives 1M claims and 1M quotes. Prints build time, row counts, and p50/p95 in
milliseconds for the timeline, actor, quotes and search queries (the same functions the
command line calls).

``--db PATH`` keeps the store; with ``--reuse`` an existing store at PATH is queried as it is
(opening it applies any pending schema migration, which is timed) instead of being rebuilt, so
the 1M store is built once. ``--verify`` also runs the straightforward SQL the queries used
before they were optimised (hit set sorted in full, counts and co-occurrence over all mentions,
FTS5 ``ORDER BY rank``) and checks that the rows are the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tabayyun.corpus import resolve_corpus  # noqa: E402
from tabayyun.corpus.synthetic import _PLACES, _SAYINGS, _TOPICS  # noqa: E402
from tabayyun.knowledge import KnowledgeBase  # noqa: E402
from tabayyun.model import (  # noqa: E402
    Actor,
    Citation,
    Claim,
    DateMention,
    DocumentRecord,
    Event,
    EventPlace,
    Mention,
    Place,
    Quote,
    Speaker,
    document_id,
)
from tabayyun.store import StoreWriter, connect, queries  # noqa: E402
from tabayyun.store.queries.actors import appears_with  # noqa: E402

# Coordinates (WGS84) and ISO country of the synthetic places, so documents carry geocoded
# places and placed events for the map, the timeline's --place and the situation report.
_GEO = {
    "Aleppo": (36.2021, 37.1343, "SY"), "Idlib": (35.9306, 36.6339, "SY"), "Homs": (34.7324, 36.7137, "SY"),
    "Palmyra": (34.5601, 38.2675, "SY"), "Damascus": (33.5102, 36.2913, "SY"), "Ankara": (39.9199, 32.8543, "TR"),
    "Moscow": (55.7522, 37.6156, "RU"), "Geneva": (46.2022, 6.1457, "CH"), "Astana": (51.1801, 71.4460, "KZ"),
    "al-Bab": (36.3705, 37.5157, "SY"),
}
# PLOVER event type and predicate word for each topic template (same order as _TOPICS)
_TOPIC_EVENTS = [("AID", "evacuation"), ("AGREE", "ceasefire"), ("CONSULT", "talks"),
                 ("AID", "humanitarian access"), ("RETREAT", "withdrawal"), ("ASSAULT", "fighting")]
# event status for each saying template (same order as _SAYINGS): (negated, modality)
_SAYING_STATUS = [(False, "planned"), (True, "asserted"), (False, "asserted"), (False, "hypothetical"),
                  (False, "reported-intent"), (False, "planned")]
_FILLER = ["Aid agencies said that the needs remained enormous.", "Residents described long queues at the checkpoints.",
           "Buses and ambulances were seen on the roads leading out of the city."]


def make_record(number: int, sentences: int, rng: random.Random, people: list[tuple[str, str]],
                outlets: list[tuple[str, str]]) -> DocumentRecord:
    """One synthetic document: ``sentences`` quoted, cited sentences (a quarter relayed by a second
    outlet: "(Sputnik, via RT)"), each naming a geocoded place and carrying one event (half of them
    with a second person, its target: "..., after meeting Y"), with an
    unsourced filler sentence after every other one. ``rng`` draws what the original builder drew
    (speaker, outlet, day, words); the additions draw from their own generator seeded by ``number``."""
    extra = random.Random(number * 7919 + 17)
    published = dt.date(2016, 11, 1) + dt.timedelta(days=rng.randrange(90))
    parts: list[str] = []
    claims, quotes, dates, citations, places, events = [], [], [], [], [], []
    actors: dict[str, Actor] = {}
    pos = 0
    for i in range(sentences):
        name, actor_id = rng.choice(people)
        outlet, outlet_id = rng.choice(outlets)
        day = published - dt.timedelta(days=rng.randrange(5))
        saying = rng.choice(_SAYINGS)
        topic = rng.choice(_TOPICS)
        place = rng.choice(_PLACES)
        words = saying.format(topic=topic.format(place=place))
        day_text = f"{day.day} {day:%B} {day.year}"
        relay, relay_id = extra.choice(outlets) if extra.random() < 0.25 else (None, None)
        if relay == outlet:
            relay = relay_id = None
        cited = f"{outlet}, via {relay}" if relay else outlet
        other, other_id = extra.choice(people) if extra.random() < 0.5 else (None, None)
        if other == name:
            other = other_id = None
        met = f", after meeting {other}" if other else ""
        sentence = f"{name} said on {day_text} that {words}{met} ({cited})."
        start = pos
        parts.append(sentence)
        pos += len(sentence) + 1
        cid = f"c{len(citations) + 1}"
        out = start + sentence.index(f"({cited})")
        citation = Citation(id=cid, outlet=outlet, outlet_surface=outlet, outlet_start=out + 1,
                            outlet_end=out + 1 + len(outlet), date=day.isoformat(), date_surface=None,
                            start=out, end=out + len(cited) + 2, kind="parenthetical", outlet_id=outlet_id,
                            scope_start=start, scope_end=start + len(sentence))
        citations.append(citation)
        cids = [cid]
        if relay:
            rid = f"c{len(citations) + 1}"
            r0 = out + 1 + len(outlet) + len(", via ")
            citation.via = rid
            citations.append(Citation(id=rid, outlet=relay, outlet_surface=relay, outlet_start=r0,
                                      outlet_end=r0 + len(relay), date=None, date_surface=None, start=r0,
                                      end=r0 + len(relay), kind="via", outlet_id=relay_id,
                                      scope_start=start, scope_end=start + len(sentence)))
            cids.append(rid)
        d0 = start + sentence.index(day_text)
        dates.append(DateMention(d0, d0 + len(day_text), day_text, day.isoformat(), "day"))
        q0 = start + sentence.index(words)
        quotes.append(Quote(id=f"q{i + 1}", text=words, start=q0, end=q0 + len(words),
                            speaker=Speaker(name=name, surface=name, start=start, end=start + len(name),
                                            actor_id=actor_id),
                            cue=None, kind="indirect", citation=cid, date=day.isoformat()))
        actor = actors.setdefault(actor_id, Actor(id=actor_id, name=name, type="person"))
        actor.mentions.append(Mention(start, start + len(name), name))
        if other:
            o0 = start + sentence.index(met) + len(", after meeting ")
            met_actor = actors.setdefault(other_id, Actor(id=other_id, name=other, type="person"))
            met_actor.mentions.append(Mention(o0, o0 + len(other), other))
        claims.append(Claim(start, start + len(sentence), "sourced", cids))
        p0 = start + sentence.index(place, sentence.index(words))
        lat, lon, country = _GEO[place]
        places.append(Place(p0, p0 + len(place), place, place, country=country, latitude=lat, longitude=lon,
                            feature="city"))
        kind, predicate = _TOPIC_EVENTS[_TOPICS.index(topic)]
        negated, modality = _SAYING_STATUS[_SAYINGS.index(saying)]
        e0 = start + sentence.index(predicate, sentence.index(words))
        events.append(Event(id=f"e{i + 1}", type=kind, mode=None, source_actor=actor_id, target_actor=other_id,
                            date=day.isoformat(), date_precision="sentence",
                            place=EventPlace(place, None, country, lat, lon), start=e0, end=e0 + len(predicate),
                            sentence=sentence, citation=cid, negated=negated, modality=modality,
                            place_precision="sentence", sentence_start=start, sentence_end=start + len(sentence),
                            source_name=name, target_name=other))
        if i % 2:
            filler = extra.choice(_FILLER)
            claims.append(Claim(pos, pos + len(filler), "unsourced", []))
            parts.append(filler)
            pos += len(filler) + 1
    title = f"Synthetic report {number}"
    text = f"{title}\n" + " ".join(parts)
    shift = len(text) - len(" ".join(parts))
    spans = [*claims, *quotes, *dates, *citations, *places, *events,
             *(m for a in actors.values() for m in a.mentions)]
    for item in spans:
        item.start += shift
        item.end += shift
    for item in quotes:
        item.speaker.start += shift
        item.speaker.end += shift
    for item in citations:
        item.outlet_start += shift
        item.outlet_end += shift
        item.scope_start += shift
        item.scope_end += shift
    for item in events:
        item.sentence_start += shift
        item.sentence_end += shift
    return DocumentRecord(id=document_id(text), source_path=f"synthetic/{number:06d}.txt", title=title,
                          url=f"https://example.org/synthetic/{number:06d}", published=published.isoformat(),
                          language="en", text=text, citations=citations, quotes=quotes, actors=list(actors.values()),
                          dates=dates, claims=claims, places=places, events=events,
                          main_event=events[0].id if events else None)


def verify(conn: sqlite3.Connection, kb: KnowledgeBase, names: list[str], words: list[str]) -> None:
    """The optimised queries return what the straightforward SQL returns."""
    checked = 0
    for name in names:
        ids = queries.find_actor_ids(conn, name, kb)
        p = ",".join("?" for _ in ids)
        expected = [
            (row[0], row[1], row[2])
            for row in conn.execute(
                "SELECT c.date, c.text, d.source_path FROM (SELECT doc_id, sentence FROM mentions "
                f"WHERE actor_id IN ({p}) AND sentence IS NOT NULL UNION SELECT doc_id, sentence FROM quotes "
                f"WHERE speaker_actor_id IN ({p}) AND sentence IS NOT NULL) h "
                "JOIN claims c ON c.doc_id = h.doc_id AND c.idx = h.sentence JOIN documents d ON d.id = c.doc_id "
                "WHERE d.current = 1 AND c.date IS NOT NULL AND c.date_basis != 'published' "
                "ORDER BY c.date, d.published, d.source_path, c.idx, d.rowid LIMIT 200",
                ids + ids,
            )
        ]
        got = [(row[0], row[5], row[6]) for row in queries.timeline(conn, actor_ids=ids, limit=200).rows]
        assert got == expected, f"timeline --actor {name}"
        mentions, documents = conn.execute(
            f"SELECT count(*), count(DISTINCT m.doc_id) FROM mentions m JOIN documents d ON d.id = m.doc_id "
            f"WHERE d.current = 1 AND m.actor_id IN ({p})", ids).fetchone()
        said = conn.execute(
            f"SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.doc_id "
            f"WHERE d.current = 1 AND q.speaker_actor_id IN ({p})", ids).fetchone()[0]
        profile = queries.actor_profile(conn, ids)
        assert profile[0].rows[0][5:8] == [mentions, documents, said], f"actor {name}"
        assert profile[4].rows == appears_with(conn, ids, 20), f"actor {name} co-occurrence"
        checked += 1
    for text in words:
        query = queries.fts_query(text)
        for table, join in (("documents_fts", "d.rowid = f.rowid"), ("quotes_fts", "d.id = f.doc_id")):
            expected_scores = [
                row[0] for row in conn.execute(
                    f"SELECT f.rank FROM {table} f JOIN documents d ON {join} "
                    f"WHERE {table} MATCH ? AND d.current = 1 ORDER BY f.rank LIMIT 20", (query,))
            ]
            current = queries.current_documents if table == "documents_fts" else queries.current_quotes
            got_scores = [score for _, score in queries.ranked_current(conn, table, query, 20, current)]
            assert got_scores == expected_scores, f"search {text} ({table})"
    print(f"verified: timeline --actor and actor for {checked} actors, search for {len(words)} queries "
          "(bm25 scores of the top 20; rows with equal scores are ordered by rowid)")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, help="keep the store here (default: a temporary file)")
    parser.add_argument("--reuse", action="store_true", help="query the store at --db as it is when it exists")
    parser.add_argument("--verify", action="store_true", help="compare with the unoptimised SQL")
    args = parser.parse_args()
    kb = KnowledgeBase.load()
    people = sorted((a.name, f"actor:{a.id}") for a in kb.actors.values()
                    if a.type == "person" and any(r.active_on(dt.date(2016, 12, 1)) for r in a.roles))
    outlets = sorted((o.name, f"outlet:{o.id}") for o in kb.outlets.values())
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "latency.db"
        reuse = args.reuse and Path(db).exists()
        start = time.perf_counter()
        conn = connect(db)
        opened = time.perf_counter() - start
        if reuse:
            print(f"reused {db} (opened and migrated in {opened:.1f} s)")
        else:
            writer = StoreWriter(conn, kb)
            writer.sync_outlets()
            start = time.perf_counter()
            for number in range(args.docs):
                writer.write(make_record(number, args.sentences, rng, people, outlets))
            built = time.perf_counter() - start
            start = time.perf_counter()
            stats = resolve_corpus(conn, kb)
            resolved = time.perf_counter() - start
            print(f"built {args.docs} documents in {built:.1f} s ({args.docs / built:.0f} docs/s written); "
                  f"resolution {resolved:.1f} s ({stats['statements']} statements)")
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "claims", "quotes", "mentions", "statements", "citations", "places",
                            "events", "corpus_events")}
        print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        sizes = conn.execute("SELECT avg(length(text)), max(length(text)) FROM documents").fetchone()
        print(f"document text: {sizes[0] or 0:,.0f} characters on average, {sizes[1] or 0:,} at most")
        print(f"store size: {Path(db).stat().st_size / 1024 / 1024:.1f} MB")
        names = [name.split()[-1] for name, _ in people]
        words = ["ceasefire", "withdrawal routes", "evacuation civilians", "guarantor", "Aleppo", "preconditions"]
        pick = random.Random(23)  # which actors and words the timed queries ask for
        cases = {
            "timeline (first 200)": lambda: queries.timeline(conn, limit=200),
            "timeline --from/--to (1 week)": lambda: queries.timeline(
                conn, date_from="2016-12-01", date_to="2016-12-07", limit=200),
            "timeline --actor X": lambda: queries.timeline(
                conn, actor_ids=queries.find_actor_ids(conn, pick.choice(names), kb), limit=200),
            "timeline --place Y": lambda: queries.timeline(conn, place=pick.choice(_PLACES), limit=200),
            "actor X": lambda: queries.actor_profile(conn, queries.find_actor_ids(conn, pick.choice(names), kb)),
            "quotes --speaker X": lambda: queries.quotes(
                conn, speaker_ids=queries.find_actor_ids(conn, pick.choice(names), kb), limit=500),
            "search WORDS": lambda: queries.search(conn, pick.choice(words), limit=20),
        }
        if args.verify:
            verify(conn, kb, names, words)
        print(f"{'query':<32}{'p50 ms':>10}{'p95 ms':>10}")
        for label, call in cases.items():
            timings = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                call()
                timings.append((time.perf_counter() - t0) * 1000)
            print(f"{label:<32}{statistics.median(timings):>10.1f}{percentile(timings, 0.95):>10.1f}")
        conn.close()


if __name__ == "__main__":
    main()
