"""The web application (`tabayyun serve`) over the demo corpus: JSON API, pages, security."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from tabayyun.web.app import create_app
from tabayyun.web.data import DEFAULT_TIME_LIMIT, ReadOnlyStore, StoreUnusable, interrupted
from tabayyun.web.highlight import Span, render_spans
from tabayyun.web.outlines import decode_topology, load_outlines

ANKARA = "examples/02_ankara_talks.txt"


@pytest.fixture(scope="module")
def client(demo_db: Path) -> TestClient:
    return TestClient(create_app(demo_db))


@pytest.fixture(scope="module")
def demo(demo_db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def doc_id_of(demo: sqlite3.Connection, path: str) -> str:
    return demo.execute(
        "SELECT id FROM documents WHERE source_path LIKE '%' || ?", (path,)
    ).fetchone()[0]


class Nesting(HTMLParser):
    """Counts end tags that do not close the element last opened."""

    VOID = {"meta", "link", "input", "br", "img", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors = 0

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.errors += 1


# ------------------------------------------------------------------------------- the JSON API


def test_documents_api_lists_the_demo_corpus_and_filters_narrow_it(client):
    every = client.get("/api/documents").json()["documents"]
    assert len(every) == 12
    assert {"id", "title", "published", "citations", "quotes"} <= set(every[0])
    published = [d["published"] for d in every]
    assert published == sorted(published, reverse=True)

    december_late = client.get("/api/documents", params={"from": "2016-12-20"}).json()["documents"]
    assert 0 < len(december_late) < 11
    assert all(d["published"] >= "2016-12-20" for d in december_late)

    by_outlet = client.get("/api/documents", params={"outlet": "Reuters"}).json()["documents"]
    assert 0 < len(by_outlet) < 11

    palmyra = client.get("/api/documents", params={"place": "Palmyra"}).json()["documents"]
    assert len(palmyra) == 1 and palmyra[0]["source_path"].endswith("examples/05_palmyra.txt")

    words = client.get("/api/documents", params={"q": "withdrawal routes"}).json()["documents"]
    assert words[0]["source_path"].endswith("examples/03_geneva_lavrov_kerry.md")

    page = client.get("/api/documents", params={"limit": 4, "offset": 8}).json()
    assert len(page["documents"]) == 4 and page["more"] is False


def test_document_api_has_every_item_with_its_span(client, demo):
    doc_id = doc_id_of(demo, ANKARA)
    body = client.get(f"/api/documents/{doc_id}").json()
    text = body["text"]
    assert body["document"]["source_path"].endswith(ANKARA)
    rt = [c for c in body["citations"] if c["outlet"] == "RT"]
    assert rt and text[rt[0]["start"] : rt[0]["end"]].startswith("(Russia Today")
    lavrov = [q for q in body["quotes"] if q["speaker"] == "Sergei Lavrov"]
    assert lavrov and all(text[q["start"] : q["end"]] == q["text"] for q in lavrov)
    assert body["sentences"] and {s["kind"] for s in body["sentences"]} <= {
        "sourced",
        "quoted",
        "unsourced",
    }
    assert any(a["name"] == "Mevlüt Çavuşoğlu" for a in body["actors"])
    assert body["findings"] and body["findings"][0]["kind"] == "date-order"


def test_actor_api_has_aliases_roles_statements_and_neighbours(client):
    actors = client.get("/api/actors").json()["actors"]
    assert actors[0]["mentions"] >= actors[-1]["mentions"]
    assert [a["id"] for a in client.get("/api/actors", params={"q": "Lavr"}).json()["actors"]] == [
        "actor:sergei-lavrov"
    ]
    assert {
        a["type"] for a in client.get("/api/actors", params={"type": "person"}).json()["actors"]
    } == {"person"}

    cavusoglu = client.get("/api/actors/actor:mevlut-cavusoglu").json()
    assert cavusoglu["actor"]["name"] == "Mevlüt Çavuşoğlu"
    assert any(a["alias"] == "Cavusoglu" for a in cavusoglu["aliases"])
    assert any(r["title"] == "foreign minister" for r in cavusoglu["roles"])
    assert cavusoglu["statements"] and cavusoglu["neighbours"]
    assert any(n["name"] == "Russia" for n in cavusoglu["neighbours"])


def test_timeline_api_merges_events_and_statements_and_filters_narrow_it(client):
    every = client.get("/api/timeline", params={"limit": 500}).json()["items"]
    kinds = {item["kind"] for item in every}
    assert kinds == {"event", "statement"}
    dates = [item["date"] for item in every]
    assert dates == sorted(dates)
    assert any(not item["happened"] for item in every if item["kind"] == "event")

    week = client.get(
        "/api/timeline", params={"from": "2016-12-01", "to": "2016-12-07", "limit": 500}
    ).json()["items"]
    assert 0 < len(week) < len(every)
    assert all("2016-12-01" <= item["date"] <= "2016-12-07" for item in week)

    lavrov = client.get("/api/timeline", params={"actor": "Lavrov", "limit": 500}).json()["items"]
    assert 0 < len(lavrov) < len(every)
    assert all(
        item.get("speaker_id") == "actor:sergei-lavrov"
        or "actor:sergei-lavrov" in (item.get("source_actor"), item.get("target_actor"))
        for item in lavrov
    )

    said = client.get("/api/timeline", params={"type": "statement", "limit": 500}).json()["items"]
    assert said and {item["kind"] for item in said} == {"statement"}
    assaults = client.get("/api/timeline", params={"type": "assault"}).json()["items"]
    assert assaults and {item["type"] for item in assaults} == {"ASSAULT"}

    palmyra = client.get("/api/timeline", params={"place": "Palmyra", "type": "ASSAULT"}).json()[
        "items"
    ]
    assert palmyra and {item["place"] for item in palmyra} == {"Tadmur"}

    rt = client.get("/api/timeline", params={"outlet": "RT", "limit": 500}).json()["items"]
    assert 0 < len(rt) < len(every)


def test_statement_and_event_api_list_their_carriers(client, demo):
    statement_id = demo.execute("SELECT id FROM statements ORDER BY id LIMIT 1").fetchone()[0]
    statement = client.get(f"/api/statements/{statement_id}").json()
    assert statement["statement"]["id"] == statement_id
    carrier = statement["carriers"][0]
    assert carrier["earliest"] is True and carrier["doc_id"] and carrier["quote_id"]

    event_id, carriers = demo.execute(
        "SELECT id, carriers FROM corpus_events ORDER BY carriers DESC, id LIMIT 1"
    ).fetchone()
    event = client.get(f"/api/events/{event_id}").json()
    assert carriers >= 2 and len({c["doc_id"] for c in event["carriers"]}) == carriers
    assert all(c["sentence"] for c in event["carriers"])


def test_network_map_findings_sources_and_search_api(client):
    network = client.get("/api/network").json()
    names = {n["name"] for n in network["nodes"]}
    assert {"Russia", "Turkey", "Sergei Lavrov"} <= names
    ids = {n["id"] for n in network["nodes"]}
    assert network["edges"] and all(
        e["source"] in ids and e["target"] in ids for e in network["edges"]
    )
    assert all(n["type"] != "media" for n in network["nodes"])
    early = client.get("/api/network", params={"from": "2016-11-01", "to": "2016-12-02"}).json()
    assert early["nodes"] and len(early["edges"]) < len(network["edges"])

    points = client.get("/api/map").json()
    aleppo = [p for p in points["places"] if p["name"] == "Aleppo"]
    assert aleppo and abs(aleppo[0]["lat"] - 36.2) < 0.1 and abs(aleppo[0]["lon"] - 37.16) < 0.1
    assert points["events"] and all(e["lat"] is not None for e in points["events"])

    findings = client.get("/api/findings").json()
    assert {f["kind"] for f in findings["findings"]} >= {"date-order", "citation-after-publication"}
    assert {s["kind"]: s["count"] for s in findings["summary"]}["date-order"] == 1
    assert len(client.get("/api/findings", params={"kind": "date-order"}).json()["findings"]) == 1

    sources = {s["name"]: s for s in client.get("/api/sources").json()["sources"]}
    assert sources["RT"]["state_owned"] == "yes" and "Sputnik" in sources["RT"]["relays"]
    assert "RT" in sources["Sputnik"]["relayed_by"]

    hits = client.get("/api/search", params={"q": "withdrawal routes"}).json()
    assert hits["documents"][0]["document"].startswith("Geneva or nothing")
    assert any(part["hit"] for part in hits["documents"][0]["snippet"])
    assert hits["quotes"] and hits["quotes"][0]["href"].startswith("/documents/")


def test_outlines_api_gives_country_rings(client):
    outlines = client.get("/api/outlines").json()
    syria = next(c for c in outlines["countries"] if c["name"] == "Syria")
    ring = syria["polygons"][0][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert (
        35 < min(lons) < 37
        and 41 < max(lons) < 43
        and 32 < min(lats) < 33.5
        and 37 < max(lats) < 38
    )
    assert len(outlines["countries"]) == len(load_outlines()["countries"]) > 150


def test_openapi_lists_the_endpoints_and_no_cdn_docs(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for path in [
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/timeline",
        "/api/statements/{statement_id}",
        "/api/events/{event_id}",
        "/api/network",
        "/api/map",
        "/api/outlines",
        "/api/findings",
        "/api/sources",
        "/api/search",
        "/api/report",
    ]:
        assert path in paths
    assert not any(
        not p.startswith("/api/") for p in paths
    )  # pages stay out of the API description
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


# ------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents/0000",
        "/api/actors/actor:nobody",
        "/api/statements/s:nothing",
        "/api/events/ev:nothing",
    ],
)
def test_unknown_ids_are_404_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "no " in response.json()["detail"]


@pytest.mark.parametrize(
    "url", ["/documents/0000", "/actors/actor:nobody", "/statements/s:x", "/events/ev:x"]
)
def test_unknown_ids_are_404_pages(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-page="error"' in response.text and "no " in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents?from=2016-13-01",
        "/api/timeline?to=yesterday",
        "/api/network?from=1/12/2016",
        "/api/timeline?type=BOMBING",
        "/api/documents?limit=many",
        "/api/findings?level=everything",
        "/api/timeline?from=2016-12-10&to=2016-12-01",
    ],
)
def test_bad_parameters_are_422_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_bad_dates_in_pages_are_422_pages(client):
    response = client.get("/timeline", params={"from": "2016-02-30"})
    assert response.status_code == 422
    assert "not a date in YYYY-MM-DD form" in response.text
    assert "Traceback" not in response.text


def test_unexpected_errors_are_a_plain_500_without_traceback(demo_db, monkeypatch):
    from tabayyun.web import data

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(data, "sources_list", broken)
    client = TestClient(create_app(demo_db), raise_server_exceptions=False)
    for url in ["/sources", "/api/sources"]:
        response = client.get(url)
        assert response.status_code == 500
        assert "secret internals" not in response.text and "Traceback" not in response.text


def test_static_files_are_served_and_traversal_is_refused(client):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    for url in [
        "/static/..%2Fapp.py",
        "/static/%2e%2e/app.py",
        "/static/..%2F..%2Fcli.py",
        "/static/%2e%2e%2ftemplates%2fbase.html",
        "/static/../data.py",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "import" not in response.text


def test_security_headers_and_host_check(client):
    response = client.get("/documents")
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert client.get("/documents", headers={"Host": "rebound.example"}).status_code == 400


def test_a_store_of_another_schema_version_is_refused(demo_db, tmp_path):
    copy = tmp_path / "old.db"
    source = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)
    target = sqlite3.connect(copy)
    source.backup(target)
    target.execute(
        "DELETE FROM schema_version WHERE version = (SELECT max(version) FROM schema_version)"
    )
    target.commit()
    target.close()
    source.close()
    from tabayyun.store.schema import SCHEMA_VERSION

    with pytest.raises(StoreUnusable, match=f"schema version {SCHEMA_VERSION - 1}"):
        create_app(copy)
    with pytest.raises(StoreUnusable, match="no such store"):
        create_app(tmp_path / "missing.db")
    done = subprocess.run(
        [sys.executable, "-m", "tabayyun.web", "--db", str(copy)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        done.returncode == 2
        and f"schema version {SCHEMA_VERSION - 1}" in done.stderr
        and "Traceback" not in done.stderr
    )


# ------------------------------------------------------------------------------- pages


PAGES = {
    "/": "documents",
    "/documents": "documents",
    "/actors": "actors",
    "/actors/actor:sergei-lavrov": "actor",
    "/timeline": "timeline",
    "/network": "network",
    "/map": "map",
    "/findings": "findings",
    "/sources": "sources",
    "/search?q=Aleppo": "search",
    "/report": "report",
}


@pytest.mark.parametrize("url", list(PAGES))
def test_every_page_renders_with_nav_and_no_inline_script(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert f'<body data-page="{PAGES[url]}">' in html
    assert '<nav id="nav"' in html and 'href="/timeline"' in html
    assert not re.search(
        r"<script(?![^>]*\bsrc=\"/static/)", html
    )  # every script is a /static/ file
    assert not re.search(
        r"(src|href)=\"(https?:)?//", html.split("<main>")[0]
    )  # nothing fetched from elsewhere
    checker = Nesting()
    checker.feed(html)
    assert checker.errors == 0


def test_documents_page_rows_link_to_documents(client):
    html = client.get("/documents", params={"from": "2016-12-20"}).text
    rows = re.findall(r'<tr class="document-row" data-id="([0-9a-f]+)"', html)
    assert 0 < len(rows) < 11
    assert all(f'href="/documents/{row}"' in html for row in rows)


def test_document_page_highlights_evidence_with_provenance(client, demo):
    doc_id = doc_id_of(demo, ANKARA)
    html = client.get(f"/documents/{doc_id}").text
    text_html = html[html.index('id="doc-text"') : html.index("<aside")]
    # citations, with the outlet chain as title
    assert re.search(
        r'<mark class="ev ev-citation" id="c-c4" data-kind="citation" data-id="c4" '
        r'data-start="\d+" data-end="\d+" title="RT, 2016-12-01">',
        text_html,
    )
    # a quote's title is its speaker
    q4 = re.search(r'<mark class="ev ev-quote" id="q-q4"[^>]*title="([^"]*)"', text_html)
    assert q4 and q4.group(1) == "Mevlüt Çavuşoğlu"  # "He said", after the Turkish Foreign Minister spoke
    for kind in ("actor", "date", "place", "event", "finding"):
        assert f'class="ev ev-{kind}' in text_html
    # one sentence span and one evidence-bar segment per sentence
    sentences = demo.execute(
        "SELECT kind FROM claims WHERE doc_id = ? ORDER BY idx", (doc_id,)
    ).fetchall()
    assert len(re.findall(r'<span class="sentence (sourced|quoted|unsourced)"', text_html)) == len(
        sentences
    )
    bar = re.findall(r'<span class="bar-seg (\w+)"', html)
    assert bar == [row[0] for row in sentences]
    # the text survives highlighting exactly
    plain = re.sub(r"<[^>]+>", "", text_html.split(">", 1)[1])
    stored = demo.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    assert (
        plain.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", '"')
        .replace("&#39;", "'")
        .rstrip()
        == stored.rstrip()
    )
    # provenance chains: the Sputnik citation relayed by RT, and a quote's statement
    chain = html[html.index('id="chain-c-c5"') :]
    chain = chain[: chain.index("</template>")]
    assert 'class="chain-step step-citation"' in chain and "cited: Sputnik" in chain
    assert 'class="chain-step step-relay"' in chain and "relayed by RT" in chain
    quote_chain = html[html.index('id="chain-q-q5"') :]
    quote_chain = quote_chain[: quote_chain.index("</template>")]
    assert "carried by RT" in quote_chain and 'href="/statements/s:' in quote_chain
    assert '<ol id="provenance"' in html and 'id="evidence-bar"' in html


def test_relayed_quote_chain_goes_through_the_relaying_outlet(client, demo):
    doc_id = demo.execute(
        "SELECT q.doc_id FROM quotes q JOIN citations c ON c.doc_id = q.doc_id AND c.id = q.citation_id "
        "WHERE c.chain = 'Reuters < Alhurra' LIMIT 1"
    ).fetchone()[0]
    body = client.get(f"/api/documents/{doc_id}").json()
    relayed = next(
        q for q in body["quotes"] if any(s["label"] == "relayed by Alhurra" for s in q["chain"])
    )
    labels = [s["kind"] for s in relayed["chain"]]
    assert (
        labels[:3] == ["quote", "citation", "relay"]
        and relayed["chain"][1]["label"] == "carried by Reuters"
    )


def test_statement_and_event_pages_link_carriers_to_the_exact_item(client, demo):
    row = demo.execute(
        "SELECT statement_id, doc_id, quote_id FROM statement_carriers LIMIT 1"
    ).fetchone()
    html = client.get(f"/statements/{row[0]}").text
    assert 'data-page="statement"' in html and '<li class="carrier earliest">' in html
    assert f'<a class="carrier-link" href="/documents/{row[1]}#q-{row[2]}"' in html

    row = demo.execute(
        "SELECT corpus_event_id, doc_id, event_id, e.carriers FROM event_carriers ec "
        "JOIN corpus_events e ON e.id = ec.corpus_event_id ORDER BY e.carriers DESC LIMIT 1"
    ).fetchone()
    html = client.get(f"/events/{row[0]}").text
    assert 'data-page="event"' in html and html.count('<li class="carrier') >= row[3] >= 2
    assert f'<a class="carrier-link" href="/documents/{row[1]}#e-{row[2]}"' in html
    planned = demo.execute(
        "SELECT id FROM corpus_events WHERE status = 'planned' LIMIT 1"
    ).fetchone()[0]
    assert "not happened" in client.get(f"/events/{planned}").text


def test_timeline_page_has_filters_rows_and_corroboration(client):
    html = client.get("/timeline").text
    start = html.index('<form class="filters" id="timeline-filters"')
    form = html[start : html.index("</form>", start)]
    assert 'method="get"' in form
    for name in ("place", "actor", "type", "outlet", "from", "to"):
        assert f'name="{name}"' in form
    rows = re.findall(r'<tr class="timeline-row[^"]*" data-kind="(event|statement)"', html)
    assert set(rows) == {"event", "statement"}
    assert re.search(r'<td class="sources num" data-sources="\d+">', html)
    assert (
        'class="item-link" href="/events/ev:' in html
        and 'class="item-link" href="/statements/s:' in html
    )
    assert "single source" in html and "not happened" in html
    filtered = client.get("/timeline", params={"actor": "Lavrov", "type": "statement"}).text
    assert 0 < len(re.findall(r'<tr class="timeline-row', filtered)) < len(rows)
    assert 'value="Lavrov"' in filtered


def test_actor_pages(client):
    html = client.get("/actors").text
    assert html.count('<tr class="actor-row"') > 50
    page = client.get("/actors/actor:mevlut-cavusoglu").text
    for part in ("Aliases", "Roles over time", "Statements", "Events", "Appears with"):
        assert part in page
    assert 'href="/actors/actor:russia"' in page


def test_network_and_map_pages_point_their_scripts_at_the_api(client):
    network = client.get("/network", params={"from": "2016-12-01", "to": "2016-12-10"}).text
    assert '<svg id="network" data-src="/api/network?from=2016-12-01&amp;to=2016-12-10"' in network
    assert '<script src="/static/network.js" defer>' in network
    assert client.get("/static/network.js").status_code == 200
    map_page = client.get("/map").text
    assert (
        '<svg id="map" data-src="/api/map?"' in map_page
        and 'data-outlines="/api/outlines"' in map_page
    )
    assert client.get("/static/map.js").status_code == 200


def test_search_findings_and_sources_pages(client):
    html = client.get("/search", params={"q": "withdrawal routes"}).text
    hits = re.findall(r'<li class="search-hit"', html)
    assert hits and '<b class="hit">withdrawal</b>' in html
    findings = client.get("/findings").text
    assert (
        "citation-after-publication" in findings
        and "Al Jazeera Net is cited as of 2016-12-08" in findings
    )
    sources = client.get("/sources").text
    assert '<tr class="source-row" data-id="outlet:rt">' in sources


def test_report_page_embeds_the_report_and_exports_it(client):
    params = {"place": "Aleppo", "from": "2016-12-01", "to": "2016-12-31"}
    html = client.get("/report", params=params).text
    assert '<article id="situation-report"' in html
    for section in ("what-happened", "who-said-what", "contested", "sources", "audit"):
        assert f'id="{section}"' in html
    for anchor, target in (
        ("export-html", "/report.html?"),
        ("export-md", "/report.md?"),
        ("export-json", "/api/report?"),
    ):
        assert re.search(
            rf'<a id="{anchor}" href="{re.escape(target)}place=Aleppo&amp;from=2016-12-01&amp;to=2016-12-31"',
            html,
        )
    standalone = client.get("/report.html", params=params)
    assert (
        standalone.status_code == 200 and "attachment" in standalone.headers["content-disposition"]
    )
    assert "<style" in standalone.text and "<script" not in standalone.text
    markdown = client.get("/report.md", params=params)
    assert markdown.headers["content-type"].startswith("text/markdown") and "## " in markdown.text
    report = client.get("/api/report", params=params).json()
    assert json.dumps(report)  # JSON-ready
    assert client.get("/report", params={"from": "December"}).status_code == 422
    assert '<link rel="stylesheet" href="/report.css">' in html
    css = client.get("/report.css")
    assert css.headers["content-type"].startswith("text/css") and ".situation-report" in css.text


# ------------------------------------------------------------------------------- hostile documents


HOSTILE = (
    "<script>alert(1)</script> Ankara, 2 December 2016. The Turkish Foreign Minister Mevlut Cavusoglu said "
    "that <img src=x onerror=alert(1)> the talks would continue (Reuters, 2/12/2016). "
    'See [link](javascript:alert(1)) and <a href="javascript:alert(2)">this</a> for more.'
)


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory, kb) -> tuple[TestClient, str]:
    from tabayyun.store.ingest import ingest

    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    line = {
        "text": HOSTILE,
        "title": "<script>alert('title')</script>",
        "url": "javascript:alert(3)",
        "published": "2016-12-03",
    }
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    db = folder / "hostile.db"
    ingest([source], db, kb=kb)
    conn = sqlite3.connect(db)
    doc_id = conn.execute("SELECT id FROM documents").fetchone()[0]
    conn.close()
    return TestClient(create_app(db)), doc_id


def test_hostile_document_renders_inert(hostile_client):
    client, doc_id = hostile_client
    for url in [
        f"/documents/{doc_id}",
        "/documents",
        "/search?q=alert",
        "/timeline",
        "/findings",
        "/actors",
    ]:
        html = client.get(url).text
        assert "<script>alert" not in html and "<img" not in html, url
        assert not re.search(r"<a [^>]*href=\"\s*javascript:", html, re.IGNORECASE), url
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html), url
    page = client.get(f"/documents/{doc_id}").text
    shown = re.sub(r"<[^>]+>", "", page)  # the text as displayed, entities still escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page
    assert ">original<" not in page  # the javascript: URL is not a link
    assert client.get(f"/api/documents/{doc_id}").json()["document"]["url"] is None
    marks = re.findall(r"<mark [^>]*>", page)
    assert marks and all(re.fullmatch(r'<mark( [a-z-]+="[^"<>]*")+>', m) for m in marks)


# ------------------------------------------------------------------------------- building blocks


def test_overlapping_spans_nest_and_keep_one_id():
    text = "A said <b> that B & C agreed."
    spans = [
        Span("sentence", 0, len(text), "0", "s-0", "", ["quoted"]),
        Span("quote", 2, 20, "q1", "q-q1", 'X "the" <speaker>'),
        Span("citation", 15, 29, "c1", "c-c1", "RT"),
    ]
    html = render_spans(text, spans)
    checker = Nesting()
    checker.feed(html)
    assert checker.errors == 0 and checker.stack == []
    assert html.count('id="q-q1"') == 1 and html.count('id="c-c1"') == 1
    assert (
        html.count('data-id="c1"') == 2 and 'class="ev ev-citation cont"' in html
    )  # cut by the quote's end
    assert (
        "&lt;b&gt;" in html
        and "&amp;" in html
        and 'title="X &quot;the&quot; &lt;speaker&gt;"' in html
    )
    assert re.sub(r"<[^>]+>", "", html) == "A said &lt;b&gt; that B &amp; C agreed."


def test_spans_out_of_range_or_empty_are_ignored():
    spans = [Span("quote", 3, 99, "q", "q-q"), Span("date", 2, 2, "d"), Span("actor", 9, 12, "a")]
    assert render_spans("short", spans) == (
        'sho<mark class="ev ev-quote" id="q-q" data-kind="quote" data-id="q" data-start="3" data-end="5">rt</mark>'
    )


def test_event_types_are_the_plover_types():
    from tabayyun.extract.events import PLOVER_TYPES
    from tabayyun.web.data import event_types

    assert event_types() == list(PLOVER_TYPES)


def test_topojson_arcs_decode_with_deltas_and_reversal():
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0, 1]],
                        "id": "1",
                        "properties": {"name": "Square"},
                    },
                    {"type": "Polygon", "arcs": [[~0]], "id": "2", "properties": {"name": "Back"}},
                ],
            }
        },
    }
    square, back = decode_topology(topology)
    assert square["name"] == "Square"
    assert square["polygons"][0][0] == [(10, 20), (11, 20), (11, 21), (10, 21), (10, 20)]
    assert back["polygons"][0][0] == [(11, 21), (11, 20), (10, 20)]


# ------------------------------------------------------------------------------- the query time limit

ENDLESS = (  # counts to a billion: minutes of work, the kind of query the time limit is for
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
    "SELECT count(*) FROM n"
)


def with_endless_routes(app):
    """Two routes that run ENDLESS on the store's connection, one JSON, one HTML."""

    @app.get("/api/test/endless")
    def endless_json(request: Request) -> dict:
        return {"n": request.app.state.store.connection().execute(ENDLESS).fetchone()[0]}

    @app.get("/test/endless", response_class=HTMLResponse)
    def endless_page(request: Request) -> str:
        return f"<p>{request.app.state.store.connection().execute(ENDLESS).fetchone()[0]}</p>"

    return app


def test_a_query_past_the_time_limit_answers_503_and_the_next_request_200(demo_db):
    client = TestClient(
        with_endless_routes(create_app(demo_db, cache=False, query_time_limit=0.2))
    )
    started = time.monotonic()
    stopped = client.get("/api/test/endless")
    assert time.monotonic() - started < 30
    assert stopped.status_code == 503
    assert stopped.json() == {
        "detail": "The query took longer than the time limit (200 ms) and was stopped: narrow "
        "the request (a shorter date range, a place, an actor) and try again.",
        "status": 503,
    }
    page = client.get("/test/endless")
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert "time limit (200 ms)" in page.text and "Traceback" not in page.text
    assert page.headers["x-content-type-options"] == "nosniff"
    for url in ["/api/sources", "/documents", "/api/documents"]:
        assert client.get(url).status_code == 200, url


def test_a_real_route_past_a_tiny_time_limit_answers_503_then_200(demo_db):
    app = create_app(demo_db, query_time_limit=1e-6)
    client = TestClient(app)
    stopped = client.get("/api/timeline")
    assert stopped.status_code == 503 and "time limit (0 ms)" in stopped.json()["detail"]
    page = client.get("/timeline")
    assert page.status_code == 503 and "<title>Unavailable" in page.text
    app.state.store.time_limit = DEFAULT_TIME_LIMIT
    # not replayed from the response cache: a 503 is never kept
    assert client.get("/api/timeline").json()["items"]
    assert client.get("/timeline").status_code == 200


def test_an_interrupted_connection_answers_the_next_query(demo_db):
    store = ReadOnlyStore(demo_db, time_limit=0.05)
    conn = store.connection()
    with pytest.raises(sqlite3.OperationalError) as stopped:
        conn.execute(ENDLESS).fetchone()
    assert interrupted(stopped.value)
    again = store.connection()  # a new budget for the next request, on the same connection
    assert again is conn
    assert again.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
    store.time_limit = None
    assert store.connection().execute("SELECT 1").fetchone()[0] == 1


def test_other_database_errors_stay_a_plain_500(demo_db):
    app = create_app(demo_db, cache=False)

    @app.get("/api/test/broken")
    def broken() -> dict:
        raise sqlite3.OperationalError("no such table: secret_internals")

    response = TestClient(app, raise_server_exceptions=False).get("/api/test/broken")
    assert response.status_code == 500 and "secret_internals" not in response.text


def test_normal_pages_answer_within_the_default_time_limit(demo_db, demo):
    app = create_app(demo_db, cache=False)
    assert app.state.store.time_limit == DEFAULT_TIME_LIMIT == 1.0
    client = TestClient(app)
    doc_id = doc_id_of(demo, ANKARA)
    for url in [
        "/",
        f"/documents/{doc_id}",
        "/actors",
        "/timeline",
        "/network",
        "/map",
        "/findings",
        "/sources",
        "/search?q=talks",
        "/api/documents?q=talks",
        f"/api/documents/{doc_id}",
        "/api/timeline",
        "/api/network",
        "/api/map",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_time_limit_option_of_python_m_tabayyun_web(monkeypatch):
    from tabayyun.web import __main__ as entry
    from tabayyun.web import server

    calls: list[dict] = []
    monkeypatch.setattr(server, "run", lambda db, **kwargs: calls.append(kwargs))
    assert entry.main(["--db", "x.db", "--time-limit-ms", "250"]) == 0
    assert entry.main(["--db", "x.db", "--time-limit-ms", "0"]) == 0
    assert entry.main(["--db", "x.db"]) == 0
    assert [c["query_time_limit"] for c in calls] == [0.25, None, 1.0]


# ------------------------------------------------------------------------------- the server process


def test_server_starts_on_a_free_port_and_stops_by_itself(demo_db):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tabayyun.web",
            "--db",
            str(demo_db),
            "--port",
            "0",
            "--stop-after",
            "5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.fullmatch(r"Serving http://127\.0\.0\.1:(\d+)/\n", line)
        assert match, line + process.stderr.read()
        base = f"http://127.0.0.1:{match.group(1)}"
        page = httpx.get(base + "/documents", timeout=10)
        assert page.status_code == 200 and 'data-page="documents"' in page.text
        assert httpx.get(base + "/api/documents", timeout=10).json()["documents"]
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_command_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from tabayyun.cli import app

    runner = CliRunner()
    usage = runner.invoke(app, ["serve", "--help"])
    assert usage.exit_code == 0 and "--stop-after" in usage.output
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db"), "--stop-after", "0"])
    assert missing.exit_code == 2 and "no such store" in missing.output


def test_the_time_limit_option_of_tabayyun_serve(monkeypatch):
    from typer.testing import CliRunner

    from tabayyun.cli import app
    from tabayyun.web import server

    calls: list[dict] = []
    monkeypatch.setattr(server, "run", lambda db, **kwargs: calls.append(kwargs))
    runner = CliRunner()
    for extra in (["--time-limit-ms", "250"], ["--time-limit-ms", "0"], []):
        result = runner.invoke(app, ["serve", "--db", "x.db", *extra])
        assert result.exit_code == 0, result.output
    assert [c["query_time_limit"] for c in calls] == [0.25, None, 1.0]


# ------------------------------------------------------------------------------- one lookup for every page


def test_the_web_finds_a_place_by_the_names_the_command_line_knows(client, demo):
    """?place= goes through the store's own lookup: gazetteer aliases and folded spellings
    find what `tabayyun query events --place` finds."""
    from tabayyun.store.queries import find_place_names

    assert find_place_names(demo, "Halab") == ["Aleppo"]
    by_alias = client.get("/api/timeline?place=Halab").json()["items"]
    by_name = client.get("/api/timeline?place=Aleppo").json()["items"]
    assert by_alias and [i["id"] for i in by_alias] == [i["id"] for i in by_name]
    docs = client.get("/api/documents?place=halab").json()["documents"]
    assert {d["id"] for d in docs} == {d["id"] for d in client.get("/api/documents?place=Aleppo").json()["documents"]}


def test_the_web_finds_an_actor_by_a_name_folded_as_the_command_line_does(client, demo):
    from tabayyun.knowledge import KnowledgeBase
    from tabayyun.store.queries import find_actor_ids

    expected = find_actor_ids(demo, "Cavusoglu", KnowledgeBase.load())
    assert expected[0] == "actor:mevlut-cavusoglu"
    for spelling in ("Çavuşoğlu", "cavuşoglu", "Mevlut Cavusoglu"):  # half-folded: only the folded lookup
        items = client.get(f"/api/timeline?actor={spelling}&type=statement").json()
        assert items.get("note") is None and items["items"], spelling
    assert client.get("/api/timeline?actor=Nobody%20Atall").json()["note"] == "no actor matches 'Nobody Atall'"


def test_an_actor_page_answers_only_for_an_id(client):
    assert client.get("/api/actors/actor:sergei-lavrov").status_code == 200
    assert client.get("/api/actors/Lavrov").status_code == 404
