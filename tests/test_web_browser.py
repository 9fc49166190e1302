"""The web application as a reader uses it: headless Chromium against ``python -m tabayyun.web``.

One server and one browser for the module. The server reads a copy of the demo store to which
one hostile document (markup and script in its title, url and text) has been added by the real
ingest. Screenshots of every page go to test-output/screenshots/.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest

from tests.browser import (
    foreign_requests,
    missing_browser,
    screenshot,
    serve,
    severe_console_errors,
    start_chrome,
)

pytestmark = pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))

HOSTILE_TITLE = "<script>window.pwned=3</script>Hostile title"
HOSTILE_TEXT = (
    "Hostile test report from Aleppo.\n"
    "Sergei Lavrov said on 1 December 2016 that <script>window.pwned=1</script> the talks in Geneva "
    "would go on (RT, 1 December 2016). Activists in Aleppo posted an image "
    "<img src=x onerror=\"window.pwned=2\"> with a link <a href=\"javascript:window.pwned=5\">click here</a> "
    "and the address javascript:window.pwned=6 in the caption."
)
REPORT = {"place": "Aleppo", "from": "2016-11-26", "to": "2016-12-07"}
SECTIONS = ("what-happened", "who-said-what", "contested", "sources", "audit")


@pytest.fixture(scope="module")
def web_db(demo_db: Path, tmp_path_factory, kb) -> Path:
    """A copy of the demo store plus one hostile document, ingested by the real pipeline."""
    from tabayyun.store.ingest import ingest

    folder = tmp_path_factory.mktemp("web")
    path = folder / "web.db"
    source = sqlite3.connect(demo_db)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({"title": HOSTILE_TITLE, "url": "javascript:window.pwned=4",
                                   "published": "2016-12-01", "text": HOSTILE_TEXT}) + "\n", encoding="utf-8")
    ingest([hostile], path, kb=kb)
    return path


@pytest.fixture(scope="module")
def ids(web_db: Path) -> dict[str, str]:
    """Ids of items the pages show, read from the store."""
    conn = sqlite3.connect(web_db)
    try:
        one = lambda sql, *params: conn.execute(sql, params).fetchone()  # noqa: E731
        hostile = one("SELECT id FROM documents WHERE title = ?", HOSTILE_TITLE)
        statement = one(
            "SELECT s.id, c.doc_id, c.quote_id FROM statements s JOIN statement_carriers c ON c.statement_id = s.id "
            "WHERE c.outlet_id IS NOT NULL AND s.speaker_name IS NOT NULL ORDER BY s.earliest_date LIMIT 1")
        return {
            "document": statement[1],
            "statement": statement[0],
            "event": one("SELECT id FROM corpus_events ORDER BY carriers DESC, date LIMIT 1")[0],
            "actor": one("SELECT actor_id FROM actor_stats ORDER BY mentions DESC LIMIT 1")[0],
            "hostile": hostile[0],
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(web_db: Path):
    with serve(web_db) as running:
        yield running


@pytest.fixture(scope="module")
def driver():
    browser = start_chrome()
    yield browser
    browser.quit()


def wait_for(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def css(selector: str):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def open_page(driver, url: str, page: str):
    """Load ``url``, check it is page ``page`` and return the body element."""
    driver.get(url)
    body = wait_for(driver, lambda d: d.find_element(*css("body[data-page]")))
    assert body.get_attribute("data-page") == page, f"{url}: data-page {body.get_attribute('data-page')!r}"
    return body


def svg_count(driver, selector: str) -> int:
    return driver.execute_script("return document.querySelectorAll(arguments[0]).length;", selector)


def page_paths(ids: dict[str, str]) -> dict[str, tuple[str, str]]:
    """screenshot name -> (path, expected data-page)"""
    return {
        "home": ("/", "documents"),
        "documents": ("/documents", "documents"),
        "document": (f"/documents/{ids['document']}", "document"),
        "statement": (f"/statements/{quote(ids['statement'], safe='')}", "statement"),
        "event": (f"/events/{quote(ids['event'], safe='')}", "event"),
        "actors": ("/actors", "actors"),
        "actor": (f"/actors/{quote(ids['actor'], safe='')}", "actor"),
        "timeline": ("/timeline", "timeline"),
        "network": ("/network", "network"),
        "map": ("/map", "map"),
        "findings": ("/findings", "findings"),
        "sources": ("/sources", "sources"),
        "search": ("/search?q=Aleppo", "search"),
        "report": ("/report?" + "&".join(f"{k}={v}" for k, v in REPORT.items()), "report"),
    }


PAGES = ("home", "documents", "document", "statement", "event", "actors", "actor", "timeline", "network",
         "map", "findings", "sources", "search", "report")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_offline_without_console_errors(driver, server, ids, name):
    path, page = page_paths(ids)[name]
    severe_console_errors(driver)  # forget what earlier pages logged
    open_page(driver, server.url + path, page)
    assert driver.find_elements(*css("nav#nav a")), "every page has the navigation"
    if name == "network":
        wait_for(driver, lambda d: svg_count(d, "svg#network circle.node") > 1)
    if name == "map":
        wait_for(driver, lambda d: svg_count(d, "svg#map path.country") > 100)
    screenshot(driver, name)
    assert severe_console_errors(driver) == []
    assert foreign_requests(driver) == []


def test_a_reader_follows_a_statement_from_the_timeline_to_its_quote_and_provenance(driver, server, web_db):
    conn = sqlite3.connect(web_db)
    cited = {row[0] for row in conn.execute(
        "SELECT DISTINCT s.id FROM statements s JOIN statement_carriers c ON c.statement_id = s.id "
        "WHERE c.outlet_id IS NOT NULL AND s.speaker_name IS NOT NULL LIMIT 1000")}
    open_page(driver, server.url + "/timeline", "timeline")
    links = driver.find_elements(*css("tr.timeline-row[data-kind=statement] a.item-link"))
    assert links, "the timeline lists statements"
    wanted = {quote(s, safe="") for s in cited} | cited
    target = next((a for a in links if urlsplit(a.get_attribute("href")).path.split("/")[-1] in wanted), None)
    assert target is not None, "the timeline links a quoted, cited statement"
    statement_id = urlsplit(target.get_attribute("href")).path.split("/")[-1]
    target.click()
    wait_for(driver, lambda d: d.find_element(*css("body")).get_attribute("data-page") == "statement")

    carrier = driver.find_elements(*css("li.carrier a.carrier-link"))
    assert carrier, f"statement {statement_id} lists its carriers"
    href = carrier[0].get_attribute("href")
    doc_id, quote_id = re.search(r"/documents/([^/#?]+)#q-(.+)$", href).groups()
    carrier[0].click()
    wait_for(driver, lambda d: d.find_element(*css("body")).get_attribute("data-page") == "document")

    # the page lands on the quote: the fragment names it and the mark is there and visible
    assert driver.execute_script("return location.hash;") == f"#q-{quote_id}"
    mark = driver.find_element(*css(f"mark#q-{quote_id}"))
    assert mark.is_displayed()
    assert "ev-quote" in mark.get_attribute("class").split()
    assert mark.get_attribute("data-kind") == "quote"
    in_view = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight;", mark)
    assert in_view, "the quote is scrolled into view"

    speaker, outlet = conn.execute(
        "SELECT q.speaker_name, o.name FROM quotes q LEFT JOIN outlets o ON o.id = q.outlet_id "
        "WHERE q.doc_id = ? AND q.id = ?", (doc_id, quote_id)).fetchone()
    conn.close()

    # hovering shows who said it
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).move_to_element(mark).perform()
    assert speaker and speaker in mark.get_attribute("title")

    # clicking it shows where it came from
    mark.click()
    steps = wait_for(driver, lambda d: d.find_elements(*css("#provenance li.chain-step")))
    assert len(steps) >= 2
    chain = " ".join(step.text for step in steps)
    assert outlet and outlet in chain, f"the provenance names the outlet {outlet!r}: {chain!r}"
    assert severe_console_errors(driver) == []


def row_dates(driver) -> list[str]:
    """The ISO date of every timeline row (its td.date, else the first date in its text)."""
    dates = []
    for row in driver.find_elements(*css("tr.timeline-row")):
        cell = row.find_elements(*css("td.date"))
        match = re.search(r"\d{4}-\d{2}-\d{2}", cell[0].text if cell else row.text)
        dates.append(match.group(0) if match else "")
    return dates


def test_filtering_the_timeline_narrows_it_to_the_range(driver, server):
    open_page(driver, server.url + "/timeline", "timeline")
    before = len(row_dates(driver))
    form = driver.find_element(*css("form#timeline-filters"))
    for name, value in (("from", "2016-12-01"), ("to", "2016-12-05")):
        field = form.find_element(*css(f"[name={name}]"))
        driver.execute_script("arguments[0].value = arguments[1];", field, value)  # date inputs ignore send_keys
    form.find_element(*css("[name=actor]")).send_keys("Russia")
    form.submit()
    wait_for(driver, lambda d: "from=2016-12-01" in d.current_url)
    after = row_dates(driver)
    assert 0 < len(after) < before
    assert all("2016-12-01" <= day <= "2016-12-05" for day in after), after


def test_network_and_map_draw_their_data(driver, server):
    open_page(driver, server.url + "/network", "network")
    wait_for(driver, lambda d: svg_count(d, "svg#network circle.node") > 1)
    wait_for(driver, lambda d: svg_count(d, "svg#network line.edge") > 0)

    open_page(driver, server.url + "/map", "map")
    wait_for(driver, lambda d: svg_count(d, "svg#map path.country") > 100)
    wait_for(driver, lambda d: svg_count(d, "svg#map circle.point") > 0)
    outside = driver.execute_script("""
        const svg = document.querySelector('svg#map');
        const box = svg.viewBox.baseVal;
        return [...svg.querySelectorAll('circle.point')].filter(c => {
            const x = c.cx.baseVal.value, y = c.cy.baseVal.value;
            return !(x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height);
        }).length;""")
    assert outside == 0


def test_a_hostile_document_is_shown_as_text_and_runs_nothing(driver, server, ids):
    from selenium.common.exceptions import NoAlertPresentException

    open_page(driver, server.url + f"/documents/{ids['hostile']}", "document")
    assert driver.execute_script("return typeof window.pwned;") == "undefined"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    text = driver.find_element(*css("#doc-text"))
    assert "<script>window.pwned=1</script>" in text.text
    assert '<img src=x onerror="window.pwned=2">' in text.text
    assert not driver.find_elements(*css("#doc-text script, #doc-text img, #doc-text a[href^='javascript']"))
    assert not driver.find_elements(*css("a[href^='javascript'], [onerror], [onclick]"))
    assert "Hostile title" in driver.find_element(*css("body")).text

    # the same document in the list and in search results
    for path, page in (("/documents?q=hostile", "documents"), ("/search?q=hostile", "search")):
        open_page(driver, server.url + path, page)
        assert driver.execute_script("return typeof window.pwned;") == "undefined"
        assert not driver.find_elements(*css("a[href^='javascript'], [onerror]"))


def test_the_report_page_builds_the_report_and_exports_a_self_contained_file(driver, server):
    open_page(driver, server.url + "/report", "report")
    place = driver.find_element(*css("main input[name=place]"))
    form = driver.execute_script("return arguments[0].form;", place)
    for name, value in REPORT.items():
        field = form.find_element(*css(f"[name={name}]"))
        driver.execute_script("arguments[0].value = arguments[1];", field, value)
    form.submit()
    wait_for(driver, lambda d: d.find_elements(*css("article#situation-report")))
    found = [s.get_attribute("id") for s in driver.find_elements(*css("article#situation-report section[id]"))]
    assert [s for s in found if s in SECTIONS] == list(SECTIONS)
    assert driver.find_element(*css("#what-happened")).text.strip()

    export = driver.find_element(*css("a#export-html")).get_attribute("href")
    assert urlsplit(export).hostname == "127.0.0.1" and "place=Aleppo" in export
    response = httpx.get(export, timeout=30)
    assert response.status_code == 200
    html = response.text
    assert "<script" not in html.lower()
    external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, flags=re.I)
    assert external == [], "the exported report loads nothing from elsewhere"
    assert all(f'id="{section}"' in html for section in SECTIONS)
    for link in ("a#export-md", "a#export-json"):
        assert httpx.get(driver.find_element(*css(link)).get_attribute("href"), timeout=30).status_code == 200

    # a source in the embedded report leads to the exact words in its document
    sources = [a.get_attribute("href") for a in driver.find_elements(
        *css("article#situation-report a[href*='/documents/']"))]
    spans = [href for href in sources if re.search(r"#[qe]-", href)]
    assert spans, "the report's sources link to quotes or events in their documents"
    driver.get(spans[0])
    fragment = urlsplit(spans[0]).fragment
    mark = wait_for(driver, lambda d: d.find_element(*css(f"mark#{fragment}")))
    assert mark.is_displayed() and mark.get_attribute("data-kind") in ("quote", "event")
