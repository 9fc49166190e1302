"""The situation report (`tabayyun report`): what happened at a place between two dates, who said
what, what is contested, where it comes from, and an audit; every line backed by a span of a
stored document. Most tests read the demo corpus (Aleppo, Nov-Dec 2016, the ``demo_db``
fixture); the escaping, relay and conflict tests write small stores by hand."""

from __future__ import annotations

import json
import re
import subprocess
import sys

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
    Quote,
    Speaker,
    document_id,
)
from tabayyun.report.html import render_html
from tabayyun.report.markdown import escape_md, render_markdown
from tabayyun.report.situation import SECTION_IDS, SituationReport, build_situation, count_summary
from tabayyun.store import connect

ALEPPO_SCOPE = {"place": "Aleppo", "date_from": "2016-11-26", "date_to": "2016-12-07"}


@pytest.fixture(scope="module")
def demo(demo_db):
    conn = connect(demo_db, create=False)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def aleppo(demo) -> SituationReport:
    return build_situation(demo, **ALEPPO_SCOPE)


def doc_text(conn, doc_id: str) -> str:
    return conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]


def lines_of(report: SituationReport, section: str, group: str | None = None):
    return [line for g in report.section(section).groups if group in (None, g.key) for line in g.lines]


# ------------------------------------------------------------------------------- the demo corpus


def test_the_aleppo_report_has_every_section_in_order(aleppo):
    data = aleppo.to_json()
    assert [s["id"] for s in data["sections"]] == list(SECTION_IDS)
    assert data["question"] == "What is happening in Aleppo between 2016-11-26 and 2016-12-07?"
    assert data["scope"]["place_names"] == ["Aleppo"]
    assert data["corpus"]["documents_in_range"] == 2  # the Ankara analysis and the Security Council report
    assert data["generated_at"].endswith("Z")
    for section in ("what-happened", "who-said-what", "sources", "audit"):
        assert aleppo.section(section).lines, section
    markdown = render_markdown(aleppo)
    headings = re.findall(r"^## (.+)$", markdown, flags=re.M)
    assert headings == [s["title"] for s in data["sections"]]
    html = render_html(aleppo)
    assert re.findall(r'<section id="([^"]+)"', html) == list(SECTION_IDS)


def test_events_are_in_date_order_and_in_the_date_range(aleppo):
    for group in aleppo.section("what-happened").groups:
        dates = [line.date for line in group.lines]
        assert dates == sorted(dates)
        assert all("2016-11-26" <= d <= "2016-12-07" for d in dates)
    statements = lines_of(aleppo, "who-said-what")
    assert all("2016-11-26" <= line.date <= "2016-12-07" for line in statements)
    # speakers appear in the order of their earliest statement
    firsts = [g.lines[0].date for g in aleppo.section("who-said-what").groups]
    assert firsts == sorted(firsts)


def test_every_line_shows_the_words_of_a_real_span(demo, demo_db):
    report = build_situation(demo)  # the whole corpus: every kind of line
    kinds = set()
    for section in report.sections:
        for line in section.lines:
            kinds.add(line.kind)
            assert line.sources, (section.id, line.text)
            for source in line.sources:
                text = doc_text(demo, source.doc_id)
                assert 0 <= source.start < source.end <= len(text)
            first = line.sources[0]
            assert doc_text(demo, first.doc_id)[first.start:first.end] == line.text, (section.id, line.kind)
            for source in line.sources:
                text = doc_text(demo, source.doc_id)
                if source.quote_id:
                    stored = demo.execute("SELECT text FROM quotes WHERE doc_id = ? AND id = ?",
                                          (source.doc_id, source.quote_id)).fetchone()[0]
                    assert text[source.start:source.end] == stored
                if source.event_id:
                    predicate = demo.execute('SELECT start, "end" FROM events WHERE doc_id = ? AND id = ?',
                                             (source.doc_id, source.event_id)).fetchone()
                    assert source.start <= predicate[0] and predicate[1] <= source.end
    assert {"event", "statement", "outlet", "relay", "claim", "date-finding", "date-conflict"} <= kinds


def blocks_of(markdown: str, words: str) -> list[str]:
    """The Markdown of the numbered lines of "What happened" quoting ``words``."""
    events = markdown[markdown.index("## What happened") : markdown.index("## Who said what")]
    return [block for block in re.split(r"\n\n(?=\d+\. )", events) if words in block]


def test_single_source_and_corroborated_events_are_marked(demo):
    window = build_situation(demo, date_from="2016-11-26", date_to="2016-12-07")
    markdown = render_markdown(window)
    agreed = next(line for line in lines_of(window, "what-happened")
                  if "agreed on the need for a ceasefire in Aleppo" in line.text)
    assert agreed.fields["independent_sources"] == 1 and agreed.fields["single_source"]
    assert [(s.outlet, s.date) for s in agreed.sources] == [("BBC Arabic", "2016-12-01")]
    [block] = blocks_of(markdown, "agreed on the need for a ceasefire in Aleppo")
    assert "reported by [BBC Arabic, 2016-12-01]" in block
    assert "1 independent source · single source: no independent confirmation" in block
    everything = build_situation(demo)
    corroborated = [line for line in lines_of(everything, "what-happened") if line.fields["independent_sources"] > 1]
    assert corroborated and not any(line.fields["single_source"] for line in corroborated)
    markdown = render_markdown(everything)
    for line in corroborated:
        blocks = blocks_of(markdown, escape_md(line.text)[:50])
        assert any(f"{line.fields['independent_sources']} independent sources" in block
                   and "single source" not in block for block in blocks)


def test_negated_and_hypothetical_events_are_never_shown_as_happened(demo, aleppo):
    # Geneva consultations "would start": hypothetical, in the Aleppo report because its sentence names Aleppo
    hypothetical = [line for line in lines_of(aleppo, "what-happened") if line.fields["status"] == "hypothetical"]
    assert hypothetical and all(not line.fields["happened"] for line in hypothetical)
    assert {line.fields["status"] for line in lines_of(aleppo, "what-happened", "happened")} == {"asserted"}
    not_happened = lines_of(aleppo, "what-happened", "not-happened")
    assert {line.item_id for line in hypothetical} <= {line.item_id for line in not_happened}
    assert all(line.fields["status"] != "asserted" for line in not_happened)
    # Sputnik: opposition members denied any agreement: a negated AGREE
    day = build_situation(demo, date_from="2016-12-02", date_to="2016-12-02")
    negated = [line for line in lines_of(day, "what-happened") if "Sputnik reported on Thursday" in line.text]
    assert [(line.fields["type"], line.fields["status"]) for line in negated] == [("AGREE", "negated")]
    assert negated[0] in lines_of(day, "what-happened", "not-happened")
    markdown = render_markdown(day)
    happened, _, not_happened = markdown.partition("### Planned, negated, hypothetical or intended")
    words = escape_md(negated[0].text)[:60]
    assert words not in happened and words in not_happened
    assert "negated: reported as not having happened" in not_happened


def test_place_aliases_and_unknown_places(demo):
    halab = build_situation(demo, place="Halab", date_from="2016-11-26", date_to="2016-12-07")
    aleppo = build_situation(demo, place="aleppo", date_from="2016-11-26", date_to="2016-12-07")
    assert halab.scope["place_names"] == ["Aleppo"] == aleppo.scope["place_names"]
    assert [line.item_id for line in lines_of(halab, "what-happened")] == [
        line.item_id for line in lines_of(aleppo, "what-happened")]
    syria = build_situation(demo, place="Syria")
    assert syria.scope["place_match"].endswith("every place in SY")
    assert len(lines_of(syria, "what-happened")) > len(lines_of(aleppo, "what-happened"))


def test_an_empty_scope_says_so(demo):
    for scope in ({"place": "Atlantis"}, {"actor": "Nobody Whatsoever"}, {"date_from": "1999-01-01", "date_to": "1999-12-31"}):
        report = build_situation(demo, **scope)
        assert report.empty and report.to_json()["empty"]
        assert "nothing in the store matches this scope" in report.notes
        markdown = render_markdown(report)
        assert markdown.count("_Nothing in scope._") == len(SECTION_IDS)
        assert "Nothing in scope." in render_html(report)
    assert "no actor in the store matches 'Nobody Whatsoever'" in build_situation(demo, actor="Nobody Whatsoever").notes


def test_the_actor_filter_keeps_what_the_actor_said_or_did(demo):
    report = build_situation(demo, actor="Lavrov")
    assert report.scope["actor_name"] == "Sergei Lavrov"
    groups = report.section("who-said-what").groups
    assert [g.title for g in groups] == ["Sergei Lavrov"]
    for line in lines_of(report, "what-happened"):
        assert "Sergei Lavrov" in (line.fields["source"], line.fields["target"])


def test_markdown_and_json_agree_on_the_counts(aleppo):
    data = json.loads(json.dumps(aleppo.to_json()))
    markdown = render_markdown(aleppo)
    assert count_summary(aleppo) in markdown.replace("\\(", "(").replace("\\)", ")")
    chunks = re.split(r"^## .+$", markdown, flags=re.M)[1:]
    for section, chunk in zip(data["sections"], chunks, strict=True):
        numbered = re.findall(r"^\d+\. ", chunk, flags=re.M)
        assert len(numbered) == section["count"] == sum(len(g["lines"]) for g in section["groups"])
    counts = data["counts"]
    sections = {s["id"]: s for s in data["sections"]}
    assert counts["events"] == sections["what-happened"]["count"]
    assert counts["statements"] == sections["who-said-what"]["count"]
    assert counts["unsourced_claims"] + counts["date_findings"] == sections["audit"]["count"]
    for line in (line for s in data["sections"] for g in s["groups"] for line in g["lines"]):
        for source in line["sources"]:
            assert {"doc_id", "outlet", "date", "start", "end"} <= set(source)


def test_the_audit_lists_date_findings_and_unsourced_sentences(aleppo, demo):
    findings = lines_of(aleppo, "audit", "date-findings")
    kinds = {line.fields["finding"] for line in findings}
    assert {"date-order", "citation-after-publication"} <= kinds  # the Ankara analysis, the UN report
    swapped = next(line for line in findings if line.fields["finding"] == "date-order")
    assert swapped.text == "12/01/2016" and swapped.fields["suggestion"] == "2016-12-01"
    for line in lines_of(aleppo, "audit", "unsourced"):
        kind = demo.execute("SELECT kind FROM claims WHERE doc_id = ? AND start = ?",
                            (line.sources[0].doc_id, line.sources[0].start)).fetchone()[0]
        assert kind == "unsourced" and "Aleppo" in line.text


def test_sections_are_capped_and_say_so(demo):
    report = build_situation(demo, limit=2)
    for section in report.sections:
        assert len(section.lines) <= 2 * 3  # sources groups: per country, own reports, relays
    what = report.section("what-happened")
    assert len(what.lines) == 2 and what.more
    assert any("only the first 2 items are shown" in note for note in what.notes)
    assert "only the first 2 items are shown" in render_markdown(report)


def test_the_web_fragment_links_every_source(aleppo):
    fragment = render_html(aleppo, standalone=False, link_base="")
    assert fragment.startswith('<article id="situation-report"')
    assert "<style" not in fragment and "<html" not in fragment
    statement = lines_of(aleppo, "who-said-what")[0]
    source = statement.sources[0]
    assert f'href="/documents/{source.doc_id}#q-{source.quote_id}"' in fragment
    assert f'href="/statements/{statement.item_id}"' in fragment
    event = lines_of(aleppo, "what-happened")[0]
    assert f'href="/documents/{event.sources[0].doc_id}#e-{event.sources[0].event_id}"' in fragment
    assert f'href="/events/{event.item_id}"' in fragment
    standalone = render_html(aleppo)
    assert "href=" not in standalone  # without link_base, sources are plain text
    assert f"characters {source.start}–{source.end}" in standalone


# ------------------------------------------------------------------------------- hand-made stores


def reported(path: str, sentence: str, *, outlets: list[tuple[str, str]], day: int = 3, negated: bool = False,
             title: str | None = None, url: str | None = None, quote: str | None = None) -> DocumentRecord:
    """One sentence about Aleppo, an ASSAULT by Russia, carried by ``outlets`` (each later one relayed
    by the one before); optionally a quote of Lavrov inside it and a hostile title or URL."""
    text = sentence
    citations = []
    for number, (name, outlet_id) in enumerate(outlets, 1):
        at = len(text) + 1
        text += f" ({name}, {day}/12/2016)"
        citations.append(Citation(
            id=f"c{number}", outlet=name, outlet_surface=name, outlet_start=at + 1, outlet_end=at + 1 + len(name),
            date=f"2016-12-{day:02d}", date_surface=None, start=at, end=len(text), kind="parenthetical",
            via=f"c{number - 1}" if number > 1 else None, outlet_id=outlet_id, scope_start=0, scope_end=len(sentence)))
    text += "\nNobody in Aleppo confirmed it <b>independently</b>."
    verb = text.index("shelled")
    city = text.index("Aleppo")
    quotes = []
    if quote:
        q = text.index(quote)
        quotes.append(Quote(id="q1", text=quote, start=q, end=q + len(quote), kind="direct",
                            speaker=Speaker(name="Sergei Lavrov", surface="Lavrov", start=0, end=6,
                                            actor_id="actor:sergei-lavrov", kind="name"),
                            cue=None, citation=citations[-1].id if citations else None, date=f"2016-12-{day:02d}"))
    last = len(sentence) + sum(len(f" ({n}, {day}/12/2016)") for n, _ in outlets)
    return DocumentRecord(
        id=document_id(text), source_path=path, title=title, url=url, published=f"2016-12-{day + 1:02d}",
        language="en", text=text, citations=citations, quotes=quotes,
        actors=[Actor(id="actor:russia", name="Russia", type="state",
                      mentions=[Mention(text.index("Russian"), text.index("Russian") + 7, "Russian")])],
        claims=[Claim(0, last, "sourced", [c.id for c in citations]), Claim(last + 1, len(text), "unsourced")],
        places=[Place(city, city + 6, "Aleppo", "Aleppo", "SY", "Aleppo Governorate", 36.20124, 37.16117, 170063,
                      "city")],
        events=[Event(id="e1", type="ASSAULT", mode="shelling", source_actor="actor:russia", target_actor=None,
                      date=f"2016-12-{day:02d}", date_precision="sentence",
                      place=EventPlace("Aleppo", "Aleppo Governorate", "SY", 36.20124, 37.16117),
                      start=verb, end=verb + 7, sentence=sentence, citation=citations[-1].id if citations else None,
                      negated=negated, place_precision="sentence", sentence_start=0, sentence_end=last,
                      source_name="Russia")],
    )


def test_relays_count_once_and_a_denial_is_a_contested_point(store, kb):
    conn, writer = store
    writer.sync_outlets()
    sentence = "Lavrov said Russian jets shelled Aleppo on 3 December."
    writer.write(reported("rt.txt", sentence, outlets=[("RT", "outlet:rt"), ("Sputnik", "outlet:sputnik")]))
    writer.write(reported("sputnik.txt", sentence + " ", outlets=[("Sputnik", "outlet:sputnik")]))
    writer.write(reported("reuters.txt", sentence + "  ", outlets=[("Reuters", "outlet:reuters")]))
    writer.write(reported("denial.txt", "Lavrov denied that Russian jets shelled Aleppo on 3 December.",
                          outlets=[("Anadolu", "outlet:anadolu-agency")], negated=True))
    resolve_corpus(conn, kb)
    report = build_situation(conn, place="Aleppo", date_from="2016-12-01", date_to="2016-12-31")
    happened = lines_of(report, "what-happened", "happened")
    assert len(happened) == 1
    assert happened[0].fields["carriers"] == 3 and happened[0].fields["independent_sources"] == 2  # Sputnik, Reuters
    assert len(lines_of(report, "what-happened", "not-happened")) == 1
    conflicts = lines_of(report, "contested", "statuses")
    assert len(conflicts) == 1 and sorted(conflicts[0].fields["statuses"]) == ["asserted", "negated"]
    relays = [line for line in lines_of(report, "sources") if line.kind == "relay"]
    assert [line.fields["chain"] for line in relays] == ["Sputnik < RT"]
    assert relays[0].text == "(Sputnik, 3/12/2016)"
    outlets = {line.fields["outlet"]: line for line in lines_of(report, "sources") if line.kind == "outlet"}
    assert {"Sputnik", "Reuters"} <= set(outlets) and "RT" not in outlets  # RT relays Sputnik: the origin counts
    assert outlets["Sputnik"].fields["ownership"] == "state-owned"
    assert outlets["Reuters"].fields["ownership"] == "not state-owned"


HOSTILE = "<script>alert('x')</script>"


def test_html_is_self_contained_and_escapes_hostile_text(store, kb):
    conn, writer = store
    writer.sync_outlets()
    sentence = f'Lavrov said Russian jets shelled Aleppo on 3 December, "{HOSTILE} [click](http://evil.example)".'
    writer.write(reported("hostile.txt", sentence, outlets=[("Reuters", "outlet:reuters")],
                          title='<img src="http://evil.example/x.png" onerror="alert(1)">', url="javascript:alert(1)",
                          quote=f"{HOSTILE} [click](http://evil.example)"))
    resolve_corpus(conn, kb)
    report = build_situation(conn, place="Aleppo")
    assert lines_of(report, "what-happened") and lines_of(report, "who-said-what") and lines_of(report, "audit")
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<b>" not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//|javascript:)""", page, flags=re.I)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page
    fragment = render_html(report, standalone=False, link_base="")
    assert "<script" not in fragment.lower() and "javascript:" not in fragment
    markdown = render_markdown(report)
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "[click](http" not in markdown and "<b>" not in markdown


# ------------------------------------------------------------------------------- the command line


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tabayyun.cli", *args], capture_output=True, text=True, timeout=120)


def test_the_command_writes_each_format(demo_db, tmp_path):
    scope = ["--db", str(demo_db), "--place", "Aleppo", "--from", "2016-11-26", "--to", "2016-12-07"]
    for form, check in (("md", "## What happened"), ("html", '<article id="situation-report"'),
                        ("json", '"what-happened"')):
        out = tmp_path / f"aleppo.{form}"
        result = run("report", *scope, "--format", form, "--output", str(out))
        assert result.returncode == 0, result.stderr
        assert check in out.read_text(encoding="utf-8")
        assert f"written to {out}" in result.stderr
    data = json.loads((tmp_path / "aleppo.json").read_text(encoding="utf-8"))
    assert data["question"] == "What is happening in Aleppo between 2016-11-26 and 2016-12-07?"
    stdout = run("report", *scope)
    assert stdout.returncode == 0 and stdout.stdout.startswith("# Situation report")


def test_the_command_reports_a_missing_store_and_bad_dates(demo_db, tmp_path):
    missing = run("report", "--db", str(tmp_path / "nowhere.db"), "--place", "Aleppo")
    assert missing.returncode == 2 and "no such store" in missing.stderr
    assert not (tmp_path / "nowhere.db").exists()
    bad = run("report", "--db", str(demo_db), "--from", "2016-13-01")
    assert bad.returncode == 2 and "not a date in YYYY-MM-DD form" in bad.stderr
    backwards = run("report", "--db", str(demo_db), "--from", "2016-12-07", "--to", "2016-11-26")
    assert backwards.returncode == 2 and "is after --to" in backwards.stderr
    help_text = run("report", "--help").stdout
    assert "Examples" in help_text and "--place" in help_text
