"""Places and events in the store: written with their document, resolved across documents
(one corpus event per happening, relays counted once), and the events and places queries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tabayyun.corpus import resolve_corpus
from tabayyun.model import (
    Actor,
    Citation,
    Claim,
    DocumentRecord,
    Event,
    EventPlace,
    Mention,
    Place,
    document_id,
)
from tabayyun.store import SCHEMA_VERSION, StoreWriter, connect, queries, schema_version

ROOT = Path(__file__).resolve().parent.parent
ALEPPO = EventPlace("Aleppo", "Aleppo Governorate", "SY", 36.20124, 37.16117)
RUSSIA = ("Russia", "actor:russia")


def shelling(path: str, *, day: int = 3, outlets=(("Reuters", "outlet:reuters"),), place: EventPlace | None = ALEPPO,
             type: str = "ASSAULT", negated: bool = False, modality: str = "asserted",  # noqa: A002
             cite: str = "last", extra: str = "") -> DocumentRecord:
    """``Moscow said Russian jets shelled Aleppo on <day> December.`` carried by ``outlets``; each
    outlet after the first is relayed by the one before it. The event names the innermost
    citation (``cite="last"``) or the outermost relay (``cite="first"``)."""
    text = f"Moscow said Russian jets shelled Aleppo on {day} December.{extra}"
    sentence_end = text.index(".") + 1
    citations: list[Citation] = []
    for number, (name, outlet_id) in enumerate(outlets, 1):
        start = len(text) + 1
        text += f" ({name}, {day}/12/2016)"
        citations.append(
            Citation(id=f"c{number}", outlet=name, outlet_surface=name, outlet_start=start + 1,
                     outlet_end=start + 1 + len(name), date=f"2016-12-{day:02d}" if number == 1 else None,
                     date_surface=None, start=start, end=len(text), kind="parenthetical",
                     via=f"c{number - 1}" if number > 1 else None, outlet_id=outlet_id,
                     scope_start=0, scope_end=len(text) - (number - 1)),
        )
    shelled = text.index("shelled")
    aleppo = text.index("Aleppo")
    cited = (citations[-1] if cite == "last" else citations[0]).id if citations else None
    event = Event(
        id="e1", type=type, mode="shelling" if type == "ASSAULT" else None, source_actor=RUSSIA[1], target_actor=None,
        date=f"2016-12-{day:02d}", date_precision="sentence", place=place, start=shelled, end=shelled + 7,
        sentence=text[:sentence_end], citation=cited, negated=negated, modality=modality,
        place_precision="sentence" if place else "none", sentence_start=0, sentence_end=sentence_end,
        source_name=RUSSIA[0],
    )
    return DocumentRecord(
        id=document_id(text), source_path=path, title=None, url=None, published=f"2016-12-{day + 1:02d}",
        language="en", text=text, citations=citations,
        actors=[Actor(id=RUSSIA[1], name=RUSSIA[0], type="state",
                      mentions=[Mention(text.index("Russian"), text.index("Russian") + 7, "Russian")])],
        claims=[Claim(0, sentence_end, "sourced", [c.id for c in citations])],
        places=[
            Place(0, 6, "Moscow", "Moscow", "RU", None, 55.75204, 37.61781, 524901, "city", role="actor"),
            Place(aleppo, aleppo + 6, "Aleppo", "Aleppo", "SY", "Aleppo Governorate", 36.20124, 37.16117, 170063,
                  "city"),
        ],
        events=[event],
        main_event="e1",
    )


def corpus_events(conn) -> list[dict]:
    return [dict(row) for row in conn.execute(
        "SELECT * FROM corpus_events ORDER BY date, status, carriers DESC, id")]


# ------------------------------------------------------------------ writing


def test_places_events_and_the_main_event_are_stored_with_the_document(store):
    conn, writer = store
    assert writer.write(shelling("a.txt"))
    place_rows = [tuple(r) for r in conn.execute("SELECT name, role, latitude, longitude FROM places ORDER BY start")]
    assert place_rows == [("Moscow", "actor", 55.75204, 37.61781), ("Aleppo", "place", 36.20124, 37.16117)]
    event = dict(conn.execute("SELECT * FROM events").fetchone())
    assert (event["type"], event["source_actor"], event["date"], event["place_name"], event["is_main"]) == (
        "ASSAULT", "actor:russia", "2016-12-03", "Aleppo", 1)
    assert (event["negated"], event["modality"], event["citation"]) == (0, "asserted", "c1")
    assert conn.execute("SELECT main_event FROM documents").fetchone()[0] == "e1"


def test_a_failing_write_leaves_no_places_or_events(store):
    conn, writer = store
    record = shelling("a.txt")
    record.events.append(record.events[0])  # a duplicate event id breaks the primary key
    with pytest.raises(Exception, match="UNIQUE"):
        writer.write(record)
    assert [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "places", "events")] == [
        0, 0, 0]


def test_a_version_3_store_migrates_to_4_and_then_stores_events(tmp_path, kb):
    path = tmp_path / "old.db"
    old = connect(path, upto=3)
    StoreWriter(old, kb).write(shelling("old.txt"))  # a version 3 writer has nowhere to put events
    assert "events" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    old.close()
    conn = connect(path)
    assert schema_version(conn) == SCHEMA_VERSION == 6
    assert conn.execute("SELECT count(*), max(main_event) FROM documents").fetchone()[:] == (1, None)
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    StoreWriter(conn, kb).write(shelling("new.txt", day=4))
    resolve_corpus(conn, kb)
    assert [(e["date"], e["carriers"]) for e in corpus_events(conn)] == [("2016-12-04", 1)]


# ------------------------------------------------------------------ resolution


def test_the_same_event_from_two_documents_is_one_corpus_event(store, kb):
    conn, writer = store
    writer.write(shelling("reuters.txt", day=3))
    writer.write(shelling("afp.txt", day=4, outlets=[("AFP", "outlet:afp")]))  # a day later: the same shelling
    writer.write(shelling("later.txt", day=5, outlets=[("AFP", "outlet:afp")]))  # two days after the first
    stats = resolve_corpus(conn, kb)
    first, later = corpus_events(conn)
    assert (first["date"], first["last_date"], first["carriers"], first["independent_sources"]) == (
        "2016-12-03", "2016-12-04", 2, 2)
    assert (later["date"], later["carriers"]) == ("2016-12-05", 1)
    assert first["happened"] == 1 and first["sentence"].startswith("Moscow said Russian jets shelled")
    assert (stats["events"], stats["corpus_events"], stats["multi_carrier_events"]) == (3, 2, 1)
    earliest = conn.execute("SELECT d.source_path FROM event_carriers c JOIN documents d ON d.id = c.doc_id "
                            "WHERE c.earliest = 1 AND c.corpus_event_id = ?", (first["id"],)).fetchone()[0]
    assert earliest == "reuters.txt"


def test_re_reporting_and_re_resolving_do_not_multiply_events(store, kb):
    conn, writer = store
    writer.write(shelling("a.txt"))
    writer.write(shelling("a.txt"))  # the same content again: not stored twice
    writer.write(shelling("b.txt", extra=" Residents fled."))  # another report of the same shelling
    resolve_corpus(conn, kb)
    resolve_corpus(conn, kb)
    [event] = corpus_events(conn)
    assert event["carriers"] == 2
    assert conn.execute("SELECT count(*) FROM event_carriers").fetchone()[0] == 2


def test_a_relay_and_its_origin_count_as_one_source(store, kb):
    conn, writer = store
    # RT relaying Sputnik, the event cited through the relay, and Sputnik cited directly
    writer.write(shelling("rt.txt", outlets=[("RT", "outlet:rt"), ("Sputnik", "outlet:sputnik")], cite="first"))
    writer.write(shelling("sputnik.txt", outlets=[("Sputnik", "outlet:sputnik")]))
    resolve_corpus(conn, kb)
    [event] = corpus_events(conn)
    assert (event["carriers"], event["independent_sources"]) == (2, 1)
    assert {r[0] for r in conn.execute("SELECT source_chain FROM event_carriers")} == {"outlet:sputnik"}


def test_documents_without_a_citation_are_each_their_own_source(store, kb):
    conn, writer = store
    writer.write(shelling("one.txt", outlets=()))
    writer.write(shelling("two.txt", outlets=(), extra=" More later."))
    resolve_corpus(conn, kb)
    [event] = corpus_events(conn)
    assert (event["carriers"], event["independent_sources"]) == (2, 2)


def test_negated_and_planned_events_are_kept_apart_and_not_counted_as_happened(store, kb):
    conn, writer = store
    writer.write(shelling("did.txt"))
    writer.write(shelling("denied.txt", negated=True, outlets=[("AFP", "outlet:afp")]))
    writer.write(shelling("planned.txt", modality="planned", outlets=[("RT", "outlet:rt")]))
    writer.write(shelling("planned-too.txt", modality="planned", outlets=[("TASS", "outlet:tass")]))
    resolve_corpus(conn, kb)
    rows = {e["status"]: (e["carriers"], e["happened"]) for e in corpus_events(conn)}
    assert rows == {"asserted": (1, 1), "negated": (1, 0), "planned": (2, 0)}
    assert [r["status"] for r in queries.events(conn).dicts()] == ["asserted"]
    shown = queries.events(conn, include_unasserted=True).dicts()
    assert sorted(r["status"] for r in shown) == ["asserted", "negated", "planned"]


def test_events_in_other_places_or_unplaced_stay_apart(store, kb):
    conn, writer = store
    writer.write(shelling("aleppo.txt"))
    # (the texts differ, or the store would keep one document)
    writer.write(shelling("idlib.txt", place=EventPlace("Idlib", None, "SY", 35.93, 36.63), extra=" In Idlib."))
    writer.write(shelling("nowhere.txt", place=None, extra=" Somewhere."))
    writer.write(shelling("nowhere-too.txt", place=None, outlets=[("AFP", "outlet:afp")]))
    resolve_corpus(conn, kb)
    assert sorted((e["place_name"] or "", e["carriers"]) for e in corpus_events(conn)) == [
        ("", 2), ("Aleppo", 1), ("Idlib", 1)]


def test_two_event_types_for_one_mention_are_a_conflict(store, kb):
    conn, writer = store
    record = shelling("coded-twice.txt")
    second = shelling("coded-twice.txt", type="COERCE").events[0]
    second.id = "e2"
    record.events.append(second)
    writer.write(record)
    stats = resolve_corpus(conn, kb)
    [finding] = [dict(r) for r in conn.execute("SELECT * FROM findings WHERE kind = 'conflicting-event-type'")]
    assert finding["level"] == "corpus" and finding["severity"] == "warning"
    assert "ASSAULT (e1)" in finding["message"] and "COERCE (e2)" in finding["message"]
    assert record.text[finding["start"]:finding["end"]] == "shelled"
    assert finding["event_id"] in {e["id"] for e in corpus_events(conn)}
    assert stats["conflicting_event_types"] == 1 and len(corpus_events(conn)) == 2


# ------------------------------------------------------------------ queries


def test_the_events_query_filters_and_maps_to_cameo_and_acled(store, kb):
    conn, writer = store
    writer.write(shelling("a.txt", day=3))
    writer.write(shelling("b.txt", day=9, type="COERCE"))
    resolve_corpus(conn, kb)
    [row] = queries.events(conn, type="assault").dicts()
    assert (row["cameo"], row["acled"], row["source"], row["place"], row["documents"]) == (
        "19", "Explosions/Remote violence", "Russia", "Aleppo", 1)
    assert [r["type"] for r in queries.events(conn, date_from="2016-12-05").dicts()] == ["COERCE"]
    assert len(queries.events(conn, actor_ids=["actor:russia"]).rows) == 2
    assert queries.events(conn, actor_ids=["actor:turkey"]).rows == []
    assert len(queries.events(conn, place="aleppo").rows) == 2
    assert queries.events(conn, place="Idlib").rows == []


def test_the_places_query_lists_map_points_in_a_box_but_not_capitals_used_as_actors(store):
    conn, writer = store
    writer.write(shelling("a.txt"))
    writer.write(shelling("b.txt", day=5))
    everything = queries.places(conn).dicts()
    assert [(p["name"], p["mentions"], p["documents"]) for p in everything] == [("Aleppo", 2, 2)]  # no Moscow
    assert queries.places(conn, bbox=queries.parse_bbox("32,35,38,42")).rows != []
    assert queries.places(conn, bbox=queries.parse_bbox("50,30,60,40")).rows == []
    assert queries.places(conn, bbox=queries.parse_bbox("30,170,40,40")).rows != []  # across the antimeridian
    with pytest.raises(ValueError, match="S,W,N,E"):
        queries.parse_bbox("38,35,32")


def test_timeline_place_uses_geocoded_places_and_aliases(store):
    conn, writer = store
    record = shelling("a.txt")
    # the text says Halab: a geocoded alias of Aleppo, which a text match would miss
    record.text = record.text.replace("Aleppo", "Halab ")
    record.places[1].surface = "Halab "
    record.id = document_id(record.text)
    writer.write(record)
    assert len(queries.timeline(conn, place="Aleppo").rows) == 1
    assert len(queries.timeline(conn, place="halab").rows) == 1
    # "Moscow said": the capital names a government, the sentence is not about Moscow
    assert queries.timeline(conn, place="Moscow").rows == []


# ------------------------------------------------------------------ the demo corpus, end to end


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tabayyun.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def rows_of(result: subprocess.CompletedProcess[str]) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = cli("ingest", "examples/", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


def test_demo_corpus_events(demo_db):
    rows = rows_of(cli("query", "events", "--db", str(demo_db), "--format", "jsonl"))
    assert rows and all(r["status"] == "asserted" and r["cameo"] for r in rows)
    assert [r["date"] for r in rows if r["date"]] == sorted(r["date"] for r in rows if r["date"])
    # the Moscow meeting of 20 December is reported by three documents
    assert any(r["type"] == "CONSULT" and r["place"] == "Moscow" and r["documents"] >= 2 for r in rows)
    everything = rows_of(cli("query", "events", "--db", str(demo_db), "--include-unasserted", "--format", "jsonl"))
    assert {"planned", "hypothetical"} <= {r["status"] for r in everything} and len(everything) > len(rows)
    assaults = rows_of(cli("query", "events", "--db", str(demo_db), "--type", "ASSAULT", "--place", "Palmyra",
                           "--format", "jsonl"))
    assert assaults and all(r["type"] == "ASSAULT" and r["place"] == "Tadmur" for r in assaults)
    assert all(r["acled"] in ("Battles", "Explosions/Remote violence", "Violence against civilians")
               for r in assaults)
    bad = cli("query", "events", "--db", str(demo_db), "--type", "SHELLING")
    assert bad.returncode == 2 and "PLOVER" in bad.stderr
    assert "Example" in cli("query", "events", "--help").stdout


def test_demo_corpus_places(demo_db):
    import sqlite3

    syria = rows_of(cli("query", "places", "--db", str(demo_db), "--bbox", "32,35,37.5,42.5", "--format", "jsonl"))
    names = {r["name"] for r in syria}
    assert {"Aleppo", "Damascus", "Tadmur"} <= names and "Moscow" not in names
    assert all(32 <= r["latitude"] <= 37.5 and 35 <= r["longitude"] <= 42.5 for r in syria)
    everywhere = {r["name"]: r for r in rows_of(cli("query", "places", "--db", str(demo_db), "--format", "jsonl"))}
    as_places = sqlite3.connect(demo_db).execute(
        "SELECT count(*) FROM places WHERE name = 'Moscow' AND role = 'place'").fetchone()[0]
    assert everywhere["Moscow"]["mentions"] == as_places  # "Moscow said ..." is not counted
    assert "Example" in cli("query", "places", "--help").stdout


def test_an_uncited_repetition_inside_a_cited_document_is_not_another_source(store, kb):
    conn, writer = store
    record = shelling("wire.txt")  # cited to Reuters
    again = shelling("wire.txt", outlets=()).events[0]  # the same shelling restated, uncited
    again.id, again.start, again.end = "e2", again.start + 1, again.end + 1
    record.events.append(again)
    writer.write(record)
    resolve_corpus(conn, kb)
    [event] = corpus_events(conn)
    assert (event["carriers"], event["independent_sources"]) == (1, 1)
