"""Exporting corpus events for other tools: full records, GDELT-style CAMEO rows, ACLED rows."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from tabayyun.export import COLUMNS, EventFilter, export_rows, write_rows
from tabayyun.store import connect


@pytest.fixture(scope="module")
def conn(demo_db):
    connection = connect(demo_db)
    yield connection
    connection.close()


def test_every_event_that_happened_is_exported_once_in_date_order(conn: sqlite3.Connection) -> None:
    rows = list(export_rows(conn, "plover"))
    happened = conn.execute("SELECT count(*) FROM corpus_events WHERE happened = 1").fetchone()[0]
    assert len(rows) == happened > 10
    assert len({r["event_id"] for r in rows}) == len(rows)
    dates = [r["event_date"] for r in rows if r["event_date"]]
    assert dates == sorted(dates)
    assert all(r["happened"] and r["status"] == "asserted" for r in rows)
    assert set(rows[0]) == set(COLUMNS["plover"])


def test_each_row_points_at_the_span_that_reported_it(conn: sqlite3.Connection) -> None:
    for row in export_rows(conn, "plover"):
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (row["first_doc_id"],)).fetchone()[0]
        predicate = text[row["start"]:row["end"]]
        assert predicate and predicate in row["sentence"]
        assert row["carriers"]  # outlet and date of every document that carried it
        assert row["single_source"] == (row["independent_sources"] <= 1)


def test_planned_and_negated_events_only_on_request(conn: sqlite3.Connection) -> None:
    everything = list(export_rows(conn, "plover", EventFilter(include_unhappened=True)))
    unhappened = [r for r in everything if not r["happened"]]
    assert unhappened and all(r["status"] != "asserted" or not r["happened"] for r in unhappened)
    assert len(everything) == conn.execute("SELECT count(*) FROM corpus_events").fetchone()[0]


def test_filters_by_place_type_and_dates(conn: sqlite3.Connection) -> None:
    assaults = list(export_rows(conn, "plover", EventFilter(type="assault", place="Aleppo")))
    assert assaults and all(r["plover_type"] == "ASSAULT" for r in assaults)
    assert all("Aleppo" in (r["location"] or "") + (r["admin1"] or "") for r in assaults)
    december = list(export_rows(conn, "plover", EventFilter(date_from="2016-12-01", date_to="2016-12-07")))
    assert december and all("2016-12-01" <= r["event_date"] <= "2016-12-07" for r in december)


def test_cameo_rows_follow_gdelt_names_and_quad_classes(conn: sqlite3.Connection) -> None:
    rows = list(export_rows(conn, "cameo"))
    assert rows and set(rows[0]) == set(COLUMNS["cameo"])
    for row in rows:
        root = int(row["EventRootCode"])
        assert row["EventCode"].startswith(row["EventRootCode"])
        assert row["QuadClass"] == (1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4)
        assert row["SQLDATE"] is None or (len(row["SQLDATE"]) == 8 and row["SQLDATE"].isdigit())
    assaults = [r for r in rows if r["EventRootCode"] == "19"]
    assert assaults and all(r["QuadClass"] == 4 for r in assaults)


def test_acled_rows_are_violence_protest_or_strategic_events(conn: sqlite3.Connection) -> None:
    rows = list(export_rows(conn, "acled"))
    assert rows and set(rows[0]) == set(COLUMNS["acled"])
    kinds = {r["event_type"] for r in rows}
    assert kinds <= {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                     "Riots", "Strategic developments"}
    assert "Explosions/Remote violence" in kinds
    assert all(r["actor1"] and r["fatalities"] is None for r in rows)  # fatalities are never guessed
    strategic = [r for r in rows if r["event_type"] == "Strategic developments"]
    assert all(r["actor1"] != "Unidentified" for r in strategic)
    air = [r for r in rows if r["sub_event_type"] == "Air/drone strike"]
    assert air and all(r["disorder_type"] == "Political violence" for r in air)


def test_unknown_scheme_is_refused(conn: sqlite3.Connection) -> None:
    with pytest.raises(ValueError, match="unknown scheme"):
        list(export_rows(conn, "gdelt3"))


def test_csv_and_jsonl_carry_the_same_rows(conn: sqlite3.Connection) -> None:
    columns = COLUMNS["acled"]
    as_csv, as_jsonl = io.StringIO(), io.StringIO()
    n_csv = write_rows(export_rows(conn, "acled"), columns, "csv", as_csv)
    n_jsonl = write_rows(export_rows(conn, "acled"), columns, "jsonl", as_jsonl)
    parsed_csv = list(csv.DictReader(io.StringIO(as_csv.getvalue())))
    parsed_jsonl = [json.loads(line) for line in as_jsonl.getvalue().split("\n") if line]
    assert n_csv == n_jsonl == len(parsed_csv) == len(parsed_jsonl) > 0
    assert [r["tabayyun_event_id"] for r in parsed_csv] == [r["tabayyun_event_id"] for r in parsed_jsonl]
    assert as_jsonl.getvalue().isascii()


def test_the_export_command_writes_a_file_and_refuses_a_missing_store(demo_db, tmp_path) -> None:
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tabayyun.cli", "export", *args],
                              capture_output=True, text=True, timeout=120)

    target = tmp_path / "acled.csv"
    done = run("--db", str(demo_db), "--scheme", "acled", "--place", "Aleppo", "--output", str(target))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows and f"{len(rows)} events written" in done.stderr
    assert all(r["event_type"] for r in rows)
    missing = run("--db", str(tmp_path / "none.db"))
    assert missing.returncode != 0 and "no such store" in missing.stderr
    bad = run("--db", str(demo_db), "--from", "2016-13-01")
    assert bad.returncode == 2
