"""Home areas as a user meets them: `--home "Paris, Texas"` on analyze and ingest, a .jsonl
line's `home`, and `ingest --learn-home-areas` learning where a local paper is based.

The commands run in this process (typer's runner), so the model loads once per session."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tabayyun.cli import app
from tabayyun.schema import validate_record

# a Paris with no state named: Paris, France, unless the reader knows the paper's home
PARIS = "The city council of Paris approved a new budget for the fire station on Thursday, the mayor said.\n"
# names its country: no home area changes that
ALEPPO = "Shelling hit eastern Aleppo on Monday, Syrian state media said.\n"

# a made-up local paper in Paris, Tennessee: four stories about its towns, then the Paris one
LEDGER = "https://www.henrycountyledger.example/news/"
LOCAL_NEWS = [
    "Henry County commissioners approved a paving contract on Monday for the roads between Paris "
    "and Puryear. The county road superintendent said work would start in May.",
    "McKenzie and Huntingdon will share a new ambulance station, Tennessee health officials said on "
    "Tuesday. The station will serve Carroll County and Henry County.",
    "The Paris school board named a new principal for Henry County High School on Wednesday. She "
    "taught for twelve years in Union City and Dresden.",
    "A storm knocked down power lines across northwest Tennessee overnight, leaving 3,000 homes in "
    "Paris, Puryear and Big Sandy without electricity.",
]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _model_once(analyzer):
    """The session's analyzer has loaded the model; the commands below reuse it."""
    return analyzer


def analyze(runner: CliRunner, path: Path, *options: str) -> list[dict]:
    result = runner.invoke(app, ["analyze", str(path), "--format", "jsonl", *options])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    for record in records:
        validate_record(record)
    return records


def places(record: dict) -> dict[str, tuple[str | None, str | None]]:
    return {p["surface"]: (p["country"], p["admin1"]) for p in record["places"] if p["role"] == "place"}


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def local_paper(directory: Path) -> Path:
    items = [{"text": text, "url": f"{LEDGER}{i}", "published": f"2024-03-0{i + 1}"}
             for i, text in enumerate(LOCAL_NEWS)]
    items.append({"text": PARIS, "url": f"{LEDGER}council", "published": "2024-03-08"})
    return write_jsonl(directory / "ledger.jsonl", items)


# --------------------------------------------------------------------------- --home


def test_home_option_reads_an_ambiguous_paris_as_the_one_in_texas(runner, tmp_path):
    article = tmp_path / "council.txt"
    article.write_text(PARIS, encoding="utf-8")
    [plain] = analyze(runner, article)
    assert places(plain)["Paris"] == ("FR", None)
    assert plain["home_area"] is None
    [home] = analyze(runner, article, "--home", "Paris, Texas")
    assert places(home)["Paris"] == ("US", "Texas")
    assert home["home_area"] == {"name": "Paris, Texas", "country": "US", "admin1": "Texas",
                                 "latitude": pytest.approx(33.66, abs=0.01),
                                 "longitude": pytest.approx(-95.56, abs=0.01), "source": "option"}


def test_home_option_leaves_a_text_that_says_where_it_is_alone(runner, tmp_path):
    article = tmp_path / "aleppo.txt"
    article.write_text(ALEPPO, encoding="utf-8")
    [plain] = analyze(runner, article)
    [home] = analyze(runner, article, "--home", "Paris, Texas")
    assert places(home) == places(plain)
    assert places(home)["Aleppo"][0] == "SY"


@pytest.mark.parametrize(("given", "name", "admin1", "point"), [
    ("Paris, TX", "Paris, Texas", "Texas", True),
    ("Texas", "Texas", "Texas", False),            # a state: no point
    ("United States", "United States", None, False),  # a country: the country only
])
def test_home_names_a_town_a_state_or_a_country(runner, tmp_path, given, name, admin1, point):
    article = tmp_path / "aleppo.txt"
    article.write_text(ALEPPO, encoding="utf-8")
    [record] = analyze(runner, article, "--home", given)
    area = record["home_area"]
    assert (area["name"], area["country"], area["admin1"], area["latitude"] is not None) == (
        name, "US", admin1, point)


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_an_unknown_home_is_a_usage_error(runner, tmp_path, command):
    article = tmp_path / "council.txt"
    article.write_text(PARIS, encoding="utf-8")
    db = tmp_path / "corpus.db"
    extra = ["--db", str(db)] if command == "ingest" else []
    result = runner.invoke(app, [command, str(article), *extra, "--home", "Paris, Narnia"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["error: --home: unknown home area 'Paris, Narnia': the gazetteer has no country or "
                     "state called 'Narnia'; name a town with its state or country (\"Paris, Texas\"), "
                     "a state or a country"]
    assert not db.exists()  # nothing was read or written


def test_a_jsonl_line_names_its_own_home_and_the_option_wins(runner, tmp_path):
    lines = write_jsonl(tmp_path / "mixed.jsonl", [
        {"text": PARIS, "home": "Paris, Tennessee"},
        {"text": PARIS.replace("Thursday", "Friday"), "home": "Narnia"},
    ])
    result = runner.invoke(app, ["analyze", str(lines), "--format", "jsonl"])
    assert result.exit_code == 0
    assert "field 'home' ignored: unknown home area 'Narnia'" in result.output
    tennessee, unknown = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert places(tennessee)["Paris"] == ("US", "Tennessee")
    assert (tennessee["home_area"]["name"], tennessee["home_area"]["source"]) == ("Paris, Tennessee", "document")
    assert unknown["home_area"] is None and places(unknown)["Paris"] == ("FR", None)
    overridden = analyze(runner, lines, "--home", "Paris, Texas")
    assert [(r["home_area"]["source"], places(r)["Paris"]) for r in overridden] == [
        ("option", ("US", "Texas")), ("option", ("US", "Texas"))]


def test_ingest_stores_the_home_area_with_the_document(runner, tmp_path):
    article = tmp_path / "council.txt"
    article.write_text(PARIS, encoding="utf-8")
    db = tmp_path / "corpus.db"
    result = runner.invoke(app, ["ingest", str(article), "--db", str(db), "--home", "Paris, Texas"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT name, country, admin1, source FROM home_areas").fetchall() == [
        ("Paris, Texas", "US", "Texas", "option")]
    assert conn.execute("SELECT country, admin1 FROM places WHERE surface = 'Paris'").fetchall() == [("US", "Texas")]
    [doc_id] = [row[0] for row in conn.execute("SELECT id FROM documents")]
    conn.close()
    # the evidence browser says which home area the document was read with
    from fastapi.testclient import TestClient

    from tabayyun.web.app import create_app

    client = TestClient(create_app(db))
    api = client.get(f"/api/documents/{doc_id}").json()
    assert api["document"]["home_area"]["name"] == "Paris, Texas"
    assert "Home area Paris, Texas" in client.get(f"/documents/{doc_id}").text


# --------------------------------------------------------------------------- learned


def ingest(runner: CliRunner, db: Path, *args: str) -> str:
    result = runner.invoke(app, ["ingest", *args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.output


def paris_of_the_council_story(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    return conn.execute(
        "SELECT p.country, p.admin1, h.name, h.source FROM places p JOIN documents d ON d.id = p.doc_id "
        "LEFT JOIN home_areas h ON h.doc_id = d.id WHERE d.text LIKE 'The city council of Paris%' "
        "AND p.surface = 'Paris'"
    ).fetchone()


def test_learned_home_areas_place_a_local_papers_paris_in_its_state(runner, tmp_path):
    paper = local_paper(tmp_path)
    plain = tmp_path / "plain.db"
    ingest(runner, plain, str(paper))
    assert paris_of_the_council_story(plain) == ("FR", None, None, None)

    learned = tmp_path / "learned.db"
    output = ingest(runner, learned, str(paper), "--learn-home-areas")
    assert "home areas learned for 1 outlet(s): henrycountyledger.example: Paris, Tennessee" in output
    assert "5 document(s) stored" in output
    assert paris_of_the_council_story(learned) == ("US", "Tennessee", "Paris, Tennessee", "learned")
    conn = sqlite3.connect(learned)
    assert conn.execute("SELECT count(*), min(source) FROM home_areas").fetchone() == (5, "learned")

    # a rerun stores nothing and changes nothing
    before = conn.execute("SELECT * FROM home_areas ORDER BY doc_id").fetchall()
    again = ingest(runner, learned, str(paper), "--learn-home-areas")
    assert "0 document(s) stored, 5 already stored" in again
    assert conn.execute("SELECT * FROM home_areas ORDER BY doc_id").fetchall() == before
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5


def test_the_stored_documents_of_an_outlet_count_toward_its_home(runner, tmp_path):
    """The paper's four town stories are in the store already; the Paris story comes later."""
    towns = write_jsonl(tmp_path / "towns.jsonl", [
        {"text": text, "url": f"{LEDGER}{i}"} for i, text in enumerate(LOCAL_NEWS)])
    later = write_jsonl(tmp_path / "later.jsonl", [{"text": PARIS, "url": f"{LEDGER}council"}])
    db = tmp_path / "corpus.db"
    ingest(runner, db, str(towns))
    ingest(runner, db, str(later), "--learn-home-areas")
    assert paris_of_the_council_story(db) == ("US", "Tennessee", "Paris, Tennessee", "learned")


def test_a_story_filed_twice_in_one_batch_is_learned_from_once(tmp_path, monkeypatch, kb):
    from tabayyun import pipeline
    from tabayyun.store import StoreWriter, connect
    from tabayyun.store.ingest import learn_outlet_homes

    located: list[str] = []
    real = pipeline.locate_documents

    def recording(documents, **options):
        def noted():
            for document in documents:
                located.append(document.id)
                yield document
        return real(noted(), **options)

    monkeypatch.setattr(pipeline, "locate_documents", recording)
    items = [{"text": text, "url": f"{LEDGER}{i}"} for i, text in enumerate(LOCAL_NEWS)]
    paper = write_jsonl(tmp_path / "paper.jsonl", items + items[:1])  # the first story again
    homes = learn_outlet_homes([paper], StoreWriter(connect(tmp_path / "corpus.db"), kb))
    assert len(located) == len(set(located)) == len(LOCAL_NEWS)
    assert "henrycountyledger.example" in homes


def test_explicit_homes_win_and_documents_without_a_url_learn_nothing(runner, tmp_path):
    items = [{"text": text, "url": f"{LEDGER}{i}"} for i, text in enumerate(LOCAL_NEWS)]
    items += [{"text": PARIS, "url": f"{LEDGER}council", "home": "Paris, Texas"},
              {"text": PARIS.replace("Thursday", "Friday")}]  # no url: no outlet
    paper = write_jsonl(tmp_path / "paper.jsonl", items)
    db = tmp_path / "corpus.db"
    ingest(runner, db, str(paper), "--learn-home-areas")
    rows = sqlite3.connect(db).execute(
        "SELECT d.url, h.name, h.source, p.admin1 FROM documents d LEFT JOIN home_areas h ON h.doc_id = d.id "
        "JOIN places p ON p.doc_id = d.id AND p.surface = 'Paris' WHERE d.text LIKE 'The city council of Paris%' "
        "ORDER BY d.url"
    ).fetchall()
    assert rows == [(None, None, None, None), (f"{LEDGER}council", "Paris, Texas", "document", "Texas")]


def test_an_old_store_migrates_and_keeps_its_documents_without_a_home(tmp_path, kb, analyzer):
    from tabayyun.model import Document
    from tabayyun.store import SCHEMA_VERSION, StoreWriter, connect, schema_version

    path = tmp_path / "old.db"
    old = connect(path, upto=SCHEMA_VERSION - 1)
    StoreWriter(old, kb).write(analyzer.analyze(Document(PARIS, "council.txt")))
    old.close()
    conn = connect(path)
    assert schema_version(conn) == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM home_areas").fetchone()[0] == 0


def test_the_text_report_says_which_home_area_a_document_was_read_with(runner, tmp_path):
    article = tmp_path / "council.txt"
    article.write_text(PARIS, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(article), "--format", "text", "--home", "Paris, Texas"])
    assert result.exit_code == 0, result.output
    assert "read with home area Paris, Texas, option" in " ".join(result.stdout.split())
