"""The SQLite store: schema, migrations, the per-document writer and the read queries.

Records are built by hand here (no spaCy), so these tests are fast; the command line is
exercised end to end in test_ingest_cli.py."""

from __future__ import annotations

import json
import sqlite3
from importlib import resources

import pytest

from tabayyun.model import (
    Actor,
    Citation,
    Claim,
    DateMention,
    DocumentRecord,
    Finding,
    Mention,
    Quote,
    Speaker,
)
from tabayyun.store import SCHEMA_VERSION, StoreError, StoreWriter, connect, queries, schema_version
from tabayyun.store.queries import sql as query_sql
from tabayyun.store.queries.actors import appears_with


def make_record(text: str, *, path: str = "a.txt", published: str = "2016-12-05", **parts) -> DocumentRecord:
    from tabayyun.model import document_id

    return DocumentRecord(
        id=document_id(text), source_path=path, title=text.split("\n")[0], url=None, published=published,
        language="en", text=text, **parts,
    )


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def cavusoglu_record(path: str = "ankara.txt", *, place: str = "Alanya", day: int = 1,
                     published: str = "2016-12-05") -> DocumentRecord:
    text = (f"Çavuşoğlu met Lavrov in {place} on {day} December. "
            f"He said that the talks on Aleppo would go on (RT, {day}/12/2016).")
    first = span(text, f"Çavuşoğlu met Lavrov in {place} on {day} December.")
    second = (first[1] + 1, len(text))
    quote = span(text, "that the talks on Aleppo would go on")
    cite = span(text, f"(RT, {day}/12/2016)")
    iso = f"2016-12-{day:02d}"
    return make_record(
        text,
        path=path,
        published=published,
        citations=[
            Citation(id="c1", outlet="RT", outlet_surface="RT", outlet_start=cite[0] + 1, outlet_end=cite[0] + 3,
                     date=iso, date_surface=f"{day}/12/2016", start=cite[0], end=cite[1], kind="parenthetical",
                     outlet_id="outlet:rt", scope_start=second[0], scope_end=second[1]),
        ],
        quotes=[
            Quote(id="q1", text=text[quote[0]:quote[1]], start=quote[0], end=quote[1],
                  speaker=Speaker(name="Mevlüt Çavuşoğlu", surface="He", start=second[0], end=second[0] + 2,
                                  actor_id="actor:mevlut-cavusoglu", kind="pronoun"),
                  cue=None, kind="indirect", citation="c1", date=iso),
        ],
        actors=[
            Actor(id="actor:mevlut-cavusoglu", name="Mevlüt Çavuşoğlu", type="person", country="TR",
                  mentions=[Mention(0, 9, "Çavuşoğlu")]),
            Actor(id="actor:sergei-lavrov", name="Sergei Lavrov", type="person", country="RU",
                  mentions=[Mention(*span(text, "Lavrov"), "Lavrov")]),
        ],
        dates=[DateMention(*span(text, f"{day} December"), f"{day} December", iso, "day")],
        claims=[Claim(*first, "unsourced"), Claim(*second, "sourced", ["c1"])],
        findings=[Finding("weekday-mismatch", "warning", 0, 9, "made up for the test")],
    )


def test_a_new_store_is_at_the_current_schema_with_wal_and_foreign_keys(tmp_path):
    conn = connect(tmp_path / "corpus.db")
    assert schema_version(conn) == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in ("documents", "citations", "quotes", "actors", "aliases", "roles", "mentions", "dates",
                  "claims", "findings", "outlets", "ingest_errors", "statements", "statement_carriers",
                  "places", "events", "corpus_events", "event_carriers"):
        assert table in tables


def test_the_datasette_metadata_describes_every_table_and_column(tmp_path):
    conn = connect(tmp_path / "corpus.db")
    metadata = json.loads(resources.files("tabayyun.store").joinpath("metadata.json").read_text(encoding="utf-8"))
    described = metadata["databases"]["corpus"]["tables"]
    tables = [
        row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts_%' AND name NOT LIKE 'sqlite%'"
        )
    ]
    for table in tables:
        assert table in described, table
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        assert sorted(described[table]["columns"]) == sorted(columns), table


def test_an_older_store_is_migrated_and_keeps_its_documents(tmp_path, kb):
    path = tmp_path / "old.db"
    old = connect(path, upto=1)
    assert schema_version(old) == 1
    StoreWriter(old, kb).write(cavusoglu_record())
    old.close()
    conn = connect(path)
    assert schema_version(conn) == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM statements").fetchone()[0] == 0  # the new table exists


def test_a_store_from_a_newer_tabayyun_is_refused(tmp_path):
    path = tmp_path / "new.db"
    conn = connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, datetime('now'))", (SCHEMA_VERSION + 5,))
    conn.close()
    with pytest.raises(StoreError, match="newer than this tabayyun reads"):
        connect(path)


def test_a_database_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    with pytest.raises(StoreError, match="not a tabayyun store"):
        connect(path)


def test_writing_a_record_stores_every_part_and_is_idempotent(tmp_path, kb):
    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    record = cavusoglu_record()
    assert writer.write(record) is True
    assert writer.write(record) is False
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("documents", "citations", "quotes", "mentions", "dates", "claims", "findings")}
    assert counts == {"documents": 1, "citations": 1, "quotes": 1, "mentions": 2, "dates": 1, "claims": 2,
                      "findings": 1}
    roles = conn.execute("SELECT title FROM roles WHERE actor_id = 'actor:mevlut-cavusoglu'").fetchall()
    assert ("foreign minister",) in [tuple(r) for r in roles]
    claim_dates = conn.execute("SELECT idx, date, date_basis FROM claims ORDER BY idx").fetchall()
    assert [tuple(r) for r in claim_dates] == [(0, "2016-12-01", "text"), (1, "2016-12-01", "quote")]


def test_a_changed_input_is_stored_as_a_new_version(tmp_path, kb):
    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    writer.write(make_record("First draft.", path="report.txt", claims=[Claim(0, 12, "unsourced")]))
    writer.write(make_record("Second draft.", path="report.txt", claims=[Claim(0, 13, "unsourced")]))
    rows = conn.execute("SELECT text, version, current FROM documents ORDER BY version").fetchall()
    assert [tuple(r) for r in rows] == [("First draft.", 1, 0), ("Second draft.", 2, 1)]
    found = queries.search(conn, "draft")[0]
    assert [row[1] for row in found.rows] == ["report.txt"] and "Second" in found.rows[0][4]


def test_a_failing_write_leaves_nothing_behind(tmp_path, kb):
    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    record = cavusoglu_record()
    record.quotes.append(record.quotes[0])  # a duplicate quote id breaks the primary key half-way
    with pytest.raises(sqlite3.IntegrityError):
        writer.write(record)
    for table in ("documents", "citations", "quotes", "claims", "mentions", "documents_fts"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert writer.write(cavusoglu_record()) is True  # the writer is still usable


def test_search_ignores_diacritics_and_ranks_with_snippets(tmp_path, kb):
    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    writer.write(cavusoglu_record())
    writer.write(make_record("Buses left Aleppo by the agreed routes.", path="b.txt", claims=[Claim(0, 39, "unsourced")]))
    documents, said = queries.search(conn, "cavusoglu")
    assert [row[1] for row in documents.rows] == ["ankara.txt"]
    assert "\x02Çavuşoğlu\x03" in documents.rows[0][4]
    documents, said = queries.search(conn, "talks aleppo")
    assert [row[1] for row in said.rows] == ["Mevlüt Çavuşoğlu"]
    assert queries.search(conn, "routes")[0].rows[0][1] == "b.txt"


def test_timeline_filters_by_date_place_and_actor(tmp_path, kb):
    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    writer.write(cavusoglu_record())
    full = queries.timeline(conn)
    assert [row[0] for row in full.rows] == ["2016-12-01", "2016-12-01"]
    assert full.rows[1][3] == "RT" and "Mevlüt Çavuşoğlu" in full.rows[0][4]
    assert len(queries.timeline(conn, place="alanya").rows) == 1
    assert queries.timeline(conn, date_from="2016-12-02").rows == []
    lavrov = queries.find_actor_ids(conn, "Lavrov", kb)
    assert lavrov == ["actor:sergei-lavrov"]
    only = queries.timeline(conn, actor_ids=lavrov)
    assert [row[5] for row in only.rows] == ["Çavuşoğlu met Lavrov in Alanya on 1 December."]


def test_actor_profile_shows_aliases_roles_quotes_and_company(tmp_path, kb):
    conn = connect(tmp_path / "corpus.db")
    StoreWriter(conn, kb).write(cavusoglu_record())
    ids = queries.find_actor_ids(conn, "cavusoglu", kb)
    profile, aliases, roles, said, together = queries.actor_profile(conn, ids)
    assert profile.dicts()[0]["name"] == "Mevlüt Çavuşoğlu" and profile.dicts()[0]["quotes"] == 1
    assert "Mevlut Cavusoglu" in [row[0] for row in aliases.rows]
    assert any(row[0] == "foreign minister" for row in roles.rows)
    assert said.dicts()[0]["carried_by"] == "RT"
    assert together.dicts() == [{"actor": "Sergei Lavrov", "type": "person", "sentences": 1, "documents": 1}]
    with pytest.raises(queries.ActorNotFound):
        queries.find_actor_ids(conn, "Nobody Atall", kb)


def test_sources_count_citations_and_state_ownership(tmp_path, kb):
    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    writer.sync_outlets()
    writer.write(cavusoglu_record())
    rows = queries.sources(conn).dicts()
    assert [(r["outlet"], r["citations"], r["state_owned"], r["quotes_carried"]) for r in rows] == [
        ("RT", 1, "yes", 1)
    ]


# ------------------------------------------------------------------ the fast paths give the plain SQL's rows


def _reference_timeline(conn: sqlite3.Connection, ids: list[str], where: str = "", params: tuple = ()) -> list[tuple]:
    p = ",".join("?" for _ in ids)
    return [
        tuple(row)
        for row in conn.execute(
            "SELECT c.date, c.text, d.source_path FROM (SELECT doc_id, sentence FROM mentions "
            f"WHERE actor_id IN ({p}) AND sentence IS NOT NULL UNION SELECT doc_id, sentence FROM quotes "
            f"WHERE speaker_actor_id IN ({p}) AND sentence IS NOT NULL) h "
            "JOIN claims c ON c.doc_id = h.doc_id AND c.idx = h.sentence JOIN documents d ON d.id = c.doc_id "
            f"WHERE d.current = 1 AND c.date IS NOT NULL AND c.date_basis != 'published' {where} "
            "ORDER BY c.date, d.published, d.source_path, c.idx, d.rowid",
            [*ids, *ids, *params],
        )
    ]


def _many_documents(writer: StoreWriter) -> None:
    places = ["Alanya", "Aleppo", "Ankara", "Moscow"]
    for n in range(24):
        writer.write(cavusoglu_record(f"r{n % 7}.txt", place=places[n % 4], day=1 + n % 9,
                                      published=f"2016-12-{10 + n % 3:02d}"))
    # a document whose newer version names nobody: its old sentences leave the timeline
    writer.write(cavusoglu_record("gone.txt", day=2))
    writer.write(make_record("Nothing to see.", path="gone.txt", claims=[Claim(0, 15, "unsourced")]))


def test_actor_timeline_and_profile_match_the_plain_queries(tmp_path, kb):
    from tabayyun.corpus import resolve_corpus

    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    _many_documents(writer)
    resolve_corpus(conn, kb)
    for name in ("Cavusoglu", "Lavrov"):
        ids = queries.find_actor_ids(conn, name, kb)
        for limit in (1, 5, None):
            got = [(r[0], r[5], r[6]) for r in queries.timeline(conn, actor_ids=ids, limit=limit).rows]
            assert got == _reference_timeline(conn, ids)[:limit], (name, limit)
        got = queries.timeline(conn, actor_ids=ids, place="aleppo", date_from="2016-12-03", date_to="2016-12-07").rows
        assert [(r[0], r[5], r[6]) for r in got] == _reference_timeline(
            conn, ids, "AND c.text LIKE ? AND c.date >= ? AND c.date <= ?", ("%aleppo%", "2016-12-03", "2016-12-07"))
        assert "gone.txt" not in {r[6] for r in queries.timeline(conn, actor_ids=ids, limit=None).rows}
        profile, *_, together = queries.actor_profile(conn, ids)
        assert conn.execute("SELECT count(*) FROM actor_stats WHERE actor_id = ?", (ids[0],)).fetchone()[0] == 1
        live = conn.execute(
            "SELECT count(*), count(DISTINCT m.doc_id) FROM mentions m JOIN documents d ON d.id = m.doc_id "
            "WHERE d.current = 1 AND m.actor_id = ?", (ids[0],)).fetchone()
        said = conn.execute(
            "SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.doc_id "
            "WHERE d.current = 1 AND q.speaker_actor_id = ?", (ids[0],)).fetchone()[0]
        assert profile.rows[0][5:8] == [live[0], live[1], said]
        assert together.rows == appears_with(conn, ids, 20) != []


def test_an_unfinished_ingest_run_makes_the_actor_query_count_live(tmp_path, kb):
    from tabayyun.corpus import resolve_corpus

    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    writer.write(cavusoglu_record())
    resolve_corpus(conn, kb)
    writer.start_run()  # a run under way (or killed): resolution has not caught up
    writer.write(cavusoglu_record("second.txt", day=3))
    ids = queries.find_actor_ids(conn, "cavusoglu", kb)
    profile = queries.actor_profile(conn, ids)[0].dicts()[0]
    assert (profile["mentions"], profile["documents"], profile["quotes"]) == (2, 2, 2)


def test_migrating_to_version_3_fills_the_actor_tables(tmp_path, kb):
    from tabayyun.corpus import resolve_corpus

    path = tmp_path / "old.db"
    conn = connect(path, upto=2)
    writer = StoreWriter(conn, kb)
    _many_documents(writer)
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0
    conn.close()
    conn = connect(path)
    assert schema_version(conn) == SCHEMA_VERSION
    ids = queries.find_actor_ids(conn, "Lavrov", kb)
    rows = queries.timeline(conn, actor_ids=ids, limit=None).rows
    assert [(r[0], r[5], r[6]) for r in rows] == _reference_timeline(conn, ids) != []
    assert conn.execute("SELECT count(*) FROM actor_stats").fetchone()[0] == 2
    resolve_corpus(conn, kb)
    assert conn.execute("SELECT count(*) FROM actor_cooccurrence").fetchone()[0] == 2


def test_search_ranks_every_match_and_skips_older_versions(tmp_path, kb):
    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    # the best match for "ceasefire" is an old version: it must not take a place in the top 3
    writer.write(make_record("Ceasefire ceasefire ceasefire.", path="old.txt", claims=[Claim(0, 30, "unsourced")]))
    writer.write(make_record("Replaced.", path="old.txt", claims=[Claim(0, 9, "unsourced")]))
    for n in range(12):
        text = "The ceasefire held. " + "Quiet night. " * n
        writer.write(make_record(text, path=f"d{n:02d}.txt", claims=[Claim(0, len(text), "unsourced")]))
    expected = [
        row[0] for row in conn.execute(
            "SELECT d.source_path FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH 'ceasefire' AND d.current = 1 ORDER BY documents_fts.rank, d.rowid LIMIT 3")
    ]
    documents, _ = queries.search(conn, "ceasefire", limit=3)
    assert [row[1] for row in documents.rows] == expected == ["d00.txt", "d01.txt", "d02.txt"]
    assert len(queries.search(conn, "ceasefire", limit=100)[0].rows) == 12


def test_search_ranks_a_very_common_word_among_its_newest_matches(tmp_path, kb, monkeypatch):
    conn = connect(tmp_path / "corpus.db")
    writer = StoreWriter(conn, kb)
    for n in range(12):  # d00 is the best match and the oldest
        text = "The ceasefire held. " + "Quiet night. " * n
        writer.write(make_record(text, path=f"d{n:02d}.txt", claims=[Claim(0, len(text), "unsourced")]))
    monkeypatch.setattr(query_sql, "RANK_WINDOW", 4)
    documents, _ = queries.search(conn, "ceasefire", limit=2)
    assert [row[1] for row in documents.rows] == ["d08.txt", "d09.txt"]  # best of the newest four
