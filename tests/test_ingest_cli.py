"""`tabayyun ingest` and `tabayyun query` as a user runs them: real subprocesses, real files."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tabayyun.corpus.synthetic import write_corpus

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tabayyun.cli", *args]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=300, cwd=ROOT)


def jsonl(result: subprocess.CompletedProcess[str]) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run("ingest", "examples/", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "12 document(s) stored, 0 already stored, 0 error(s)" in result.stderr
    return db


def test_ingesting_again_stores_nothing_new(demo_db):
    before = sqlite3.connect(demo_db).execute("SELECT count(*) FROM documents").fetchone()[0]
    result = run("ingest", "examples/", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert "0 document(s) stored, 12 already stored" in result.stderr
    assert sqlite3.connect(demo_db).execute("SELECT count(*) FROM documents").fetchone()[0] == before == 12


def test_timeline_of_the_demo_corpus(demo_db):
    rows = jsonl(run("query", "timeline", "--db", str(demo_db), "--format", "jsonl"))
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates) and len(rows) > 50
    assert sum(1 for d in dates if "2016-11-26" <= d <= "2016-12-31") > 0.9 * len(dates)
    aleppo = jsonl(run("query", "timeline", "--db", str(demo_db), "--place", "Aleppo",
                       "--from", "2016-11-26", "--to", "2016-12-07", "--format", "jsonl"))
    assert aleppo and all("aleppo" in row["text"].lower() for row in aleppo)
    assert all("2016-11-26" <= row["date"] <= "2016-12-07" for row in aleppo)
    lavrov = jsonl(run("query", "timeline", "--db", str(demo_db), "--actor", "Lavrov", "--format", "jsonl"))
    assert lavrov and all("Sergei Lavrov" in row["actors"] or "Lavrov" in row["text"] for row in lavrov)
    table = run("query", "timeline", "--db", str(demo_db), "--to", "2016-12-03")
    assert table.returncode == 0 and "Timeline" in table.stdout and "2016-12-01" in table.stdout


def test_actor_query_finds_cavusoglu_without_diacritics(demo_db):
    rows = jsonl(run("query", "actor", "cavusoglu", "--db", str(demo_db), "--format", "jsonl"))
    sections = {row["section"] for row in rows}
    assert {"Actor", "Aliases", "Roles", "Quotes", "Appears with (same sentence)"} <= sections
    [actor] = [row for row in rows if row["section"] == "Actor"]
    assert actor["name"] == "Mevlüt Çavuşoğlu" and actor["documents"] >= 3
    company = [row["actor"] for row in rows if row["section"].startswith("Appears with")]
    assert "Sergei Lavrov" in company
    missing = run("query", "actor", "Nobody Atall", "--db", str(demo_db))
    assert missing.returncode == 1 and "no actor" in missing.stderr


def test_quotes_by_speaker(demo_db):
    rows = jsonl(run("query", "quotes", "--speaker", "Lavrov", "--db", str(demo_db), "--format", "jsonl"))
    assert rows and {row["speaker"] for row in rows} == {"Sergei Lavrov"}
    assert all(row["statement"].startswith("s:") for row in rows)


def test_sources_as_csv(demo_db):
    result = run("query", "sources", "--db", str(demo_db), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_name = {row["outlet"]: row for row in rows}
    assert by_name["RT"]["state_owned"] == "yes" and int(by_name["RT"]["citations"]) >= 3
    assert by_name["Reuters"]["state_owned"] == "no"
    counts = [int(row["citations"]) for row in rows]
    assert counts == sorted(counts, reverse=True)


def test_findings_include_the_deliberate_errors(demo_db):
    rows = jsonl(run("query", "findings", "--db", str(demo_db), "--format", "jsonl"))
    kinds = {row["kind"] for row in rows}
    assert {"date-order", "weekday-mismatch", "calendar-mismatch", "citation-after-publication"} <= kinds


def test_search_is_ranked_with_snippets(demo_db):
    rows = jsonl(run("query", "search", "withdrawal routes", "--db", str(demo_db), "--format", "jsonl"))
    documents = [row for row in rows if row["section"] == "Documents"]
    assert documents[0]["document"].endswith("03_geneva_lavrov_kerry.md")
    assert "[routes]" in documents[0]["snippet"] and "[withdrawal]" in documents[0]["snippet"]


def test_bad_inputs_are_recorded_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Lavrov said that talks would go on (RT, 1/12/2016).\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "c.db"
    result = run("ingest", str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"),
                 "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "1 document(s) stored" in result.stderr and "2 error(s)" in result.stderr
    errors = sqlite3.connect(db).execute("SELECT path FROM ingest_errors ORDER BY path").fetchall()
    assert [Path(p).name for (p,) in errors] == ["empty.txt", "missing.txt"]
    # a changed file is stored as a new version; the old one stays, marked not current
    good.write_text("Lavrov said that talks would resume (RT, 2/12/2016).\n", encoding="utf-8")
    assert run("ingest", str(good), "--db", str(db)).returncode == 0
    versions = sqlite3.connect(db).execute("SELECT version, current FROM documents ORDER BY version").fetchall()
    assert versions == [(1, 0), (2, 1)]


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    db = tmp_path / "new.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (99, '2030-01-01')")
    conn.commit()
    conn.close()
    result = run("query", "sources", "--db", str(db))
    assert result.returncode == 2 and "newer than this tabayyun reads" in result.stderr


def _consistent(db: Path) -> int:
    """Every stored document has all of its rows (the counts it declares); returns how many."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    for table, column in (("citations", "n_citations"), ("quotes", "n_quotes"), ("claims", "n_claims")):
        broken = conn.execute(
            f"SELECT d.id FROM documents d WHERE d.{column} != (SELECT count(*) FROM {table} t WHERE t.doc_id = d.id)"
        ).fetchall()
        assert broken == [], table
    documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == documents
    assert conn.execute("SELECT count(DISTINCT id) FROM documents").fetchone()[0] == documents
    conn.close()
    return documents


def test_kill_9_mid_ingest_leaves_a_consistent_store_that_a_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 60, sentences=30)
    db = tmp_path / "killed.db"
    process = subprocess.Popen(command("ingest", str(corpus), "--db", str(db)), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and process.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as probe:
                        stored = probe.execute("SELECT count(*) FROM documents").fetchone()[0]
                except sqlite3.OperationalError:
                    stored = 0  # the schema is still being created
                if stored >= 3:
                    break
            time.sleep(0.02)
        assert process.poll() is None, "the ingest finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    survivors = _consistent(db)
    assert 3 <= survivors < 60
    result = run("ingest", str(corpus), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert f"{60 - survivors} document(s) stored, {survivors} already stored" in result.stderr
    assert _consistent(db) == 60
    statements = sqlite3.connect(db).execute("SELECT count(*) FROM statements").fetchone()[0]
    assert statements > 0
