"""Cross-document resolution: statements, corroboration, conflicting attributions, actor merges."""

from __future__ import annotations

from tabayyun.corpus import normalise_name, normalise_statement, resolve_corpus
from tabayyun.model import (
    Actor,
    Citation,
    Claim,
    DocumentRecord,
    Mention,
    Quote,
    Speaker,
    document_id,
)
from tabayyun.store.queries import first_carriers

LAVROV = ("Sergei Lavrov", "actor:sergei-lavrov")
KERRY = ("John Kerry", "actor:john-kerry")
WORDS = "the militants must leave eastern Aleppo or they will be destroyed"


def report(path: str, words: str, *, speaker=LAVROV, outlets=(("RT", "outlet:rt"),), date="2016-12-03",
           published="2016-12-05") -> DocumentRecord:
    """A document in which ``speaker`` says ``words``, carried by the last of ``outlets``; each
    outlet after the first is written inside the passage of the one before it (a relay)."""
    text = f"{speaker[0]} said that {words}."
    citations: list[Citation] = []
    for number, (name, outlet_id) in enumerate(outlets, 1):
        start = len(text) + 1
        text += f" ({name}, 3/12/2016)"
        citations.append(
            Citation(id=f"c{number}", outlet=name, outlet_surface=name, outlet_start=start + 1,
                     outlet_end=start + 1 + len(name), date=date if number == 1 else None, date_surface=None,
                     start=start, end=len(text), kind="parenthetical",
                     via=f"c{number - 1}" if number > 1 else None, outlet_id=outlet_id,
                     scope_start=0, scope_end=len(text) - (number - 1)),
        )
    quote_start = text.index(words)
    return DocumentRecord(
        id=document_id(text), source_path=path, title=None, url=None, published=published, language="en",
        text=text, citations=citations,
        quotes=[Quote(id="q1", text=words, start=quote_start, end=quote_start + len(words),
                      speaker=Speaker(name=speaker[0], surface=speaker[0], start=0, end=len(speaker[0]),
                                      actor_id=speaker[1]),
                      cue=None, kind="indirect", citation=citations[-1].id if citations else None, date=date)],
        actors=[Actor(id=speaker[1], name=speaker[0], type="person", mentions=[Mention(0, len(speaker[0]), speaker[0])])],
        claims=[Claim(0, len(text), "sourced", [c.id for c in citations])],
    )


def statements(conn):
    return [dict(row) for row in conn.execute("SELECT * FROM statements ORDER BY carriers DESC, id")]


def corpus_findings(conn):
    return [tuple(row) for row in conn.execute(
        "SELECT kind, severity FROM findings WHERE level = 'corpus' ORDER BY kind")]


def test_normalisation_ignores_case_diacritics_punctuation_and_a_leading_that():
    assert normalise_statement("That the Talks — in Ankara — will go on!") == normalise_statement("the talks in ankara will go on")
    assert normalise_name("The Free Syrian Army's") == "free syrian army"
    assert normalise_name("Çavuşoğlu") == "cavusoglu"


def test_a_relay_and_its_origin_are_one_source_and_the_statement_is_flagged(store, kb):
    conn, writer = store
    # RT relaying Sputnik, and Sputnik cited directly: one source chain
    writer.write(report("rt.txt", WORDS, outlets=[("RT", "outlet:rt"), ("Sputnik", "outlet:sputnik")]))
    writer.write(report("sputnik.txt", WORDS.capitalize() + "", outlets=[("Sputnik", "outlet:sputnik")],
                        date="2016-12-03", published="2016-12-04"))
    resolve_corpus(conn, kb)
    [statement] = statements(conn)
    assert (statement["carriers"], statement["independent_sources"], statement["single_source"]) == (2, 1, 1)
    assert statement["speaker_actor_id"] == "actor:sergei-lavrov"
    chains = {row[0] for row in conn.execute("SELECT source_chain FROM statement_carriers")}
    assert chains == {"outlet:sputnik"}
    assert corpus_findings(conn) == [("single-source", "info")]


def test_an_independent_outlet_corroborates_and_the_earliest_carrier_is_kept(store, kb):
    conn, writer = store
    writer.write(report("rt.txt", WORDS, outlets=[("RT", "outlet:rt"), ("Sputnik", "outlet:sputnik")]))
    writer.write(report("reuters.txt", WORDS + " soon", outlets=[("Reuters", "outlet:reuters")], date="2016-12-02"))
    resolve_corpus(conn, kb)
    [statement] = statements(conn)
    assert (statement["carriers"], statement["independent_sources"], statement["single_source"]) == (2, 2, 0)
    assert statement["earliest_date"] == "2016-12-02" and statement["text"].endswith("soon")
    earliest = conn.execute("SELECT d.source_path FROM statement_carriers s JOIN documents d ON d.id = s.doc_id "
                            "WHERE earliest = 1").fetchone()[0]
    assert earliest == "reuters.txt"
    assert ("single-source", "info") not in corpus_findings(conn)
    assert ("conflicting-date", "info") in corpus_findings(conn)  # one day apart


def test_first_carriers_lists_the_earliest_report_first_then_by_date(store, kb):
    conn, writer = store
    writer.write(report("late.txt", WORDS, outlets=[("RT", "outlet:rt")], date="2016-12-05"))
    writer.write(report("undated.txt", WORDS + " now", outlets=[("Sputnik", "outlet:sputnik")], date=None))
    writer.write(report("reuters.txt", WORDS + " soon", outlets=[("Reuters", "outlet:reuters")], date="2016-12-02"))
    resolve_corpus(conn, kb)
    [statement] = statements(conn)
    paths = dict(conn.execute("SELECT id, source_path FROM documents").fetchall())
    keys = first_carriers(conn, "statement", statement["id"], 10)
    assert [paths[doc_id] for doc_id, _ in keys] == ["reuters.txt", "late.txt", "undated.txt"]
    assert [paths[doc_id] for doc_id, _ in first_carriers(conn, "statement", statement["id"], 2)] == [
        "reuters.txt", "late.txt"]
    assert first_carriers(conn, "statement", "no-such-statement", 5) == []


def test_the_same_words_from_different_speakers_are_a_conflict(store, kb):
    conn, writer = store
    writer.write(report("a.txt", WORDS, speaker=LAVROV))
    writer.write(report("b.txt", WORDS, speaker=KERRY, outlets=[("Reuters", "outlet:reuters")]))
    writer.write(report("c.txt", "something quite different was agreed in Geneva", speaker=KERRY))
    resolve_corpus(conn, kb)
    assert len(statements(conn)) == 3  # different speakers: different statements
    messages = [row[0] for row in conn.execute("SELECT message FROM findings WHERE kind = 'conflicting-speaker'")]
    assert len(messages) == 1
    assert "Sergei Lavrov in a.txt" in messages[0] and "John Kerry in b.txt" in messages[0]


def test_dates_far_apart_for_one_statement_are_a_warning(store, kb):
    conn, writer = store
    writer.write(report("a.txt", WORDS, date="2016-12-03"))
    writer.write(report("b.txt", WORDS, date="2016-12-13", outlets=[("Reuters", "outlet:reuters")]))
    resolve_corpus(conn, kb)
    assert corpus_findings(conn) == [("conflicting-date", "warning")]


def test_unknown_actors_merge_conservatively_and_say_why(store, kb):
    conn, writer = store

    def mentioned(path: str, name: str, actor_id: str) -> DocumentRecord:
        text = f"{name} spoke."
        return DocumentRecord(
            id=document_id(text), source_path=path, title=None, url=None, published=None, language="en", text=text,
            actors=[Actor(id=actor_id, name=name, type="person", known=False, mentions=[Mention(0, len(name), name)])],
            claims=[Claim(0, len(text), "unsourced")],
        )

    writer.write(mentioned("a.txt", "Abu Mohammad al-Golani", "ner:abu-mohammad-al-golani"))
    writer.write(mentioned("b.txt", "Abu Mohammed al-Golani", "ner:abu-mohammed-al-golani"))
    writer.write(mentioned("c.txt", "Ahmad Saleh", "ner:ahmad-saleh"))
    writer.write(mentioned("d.txt", "Ahmed Salih", "ner:ahmed-salih"))
    stats = resolve_corpus(conn, kb)
    merged = {row[0]: (row[1], row[2]) for row in conn.execute(
        "SELECT id, canonical_id, merge_reason FROM actors WHERE id LIKE 'ner:%'")}
    assert merged["ner:abu-mohammed-al-golani"][0] == "ner:abu-mohammad-al-golani"
    assert "near-identical" in merged["ner:abu-mohammed-al-golani"][1]
    assert merged["ner:ahmed-salih"] == ("ner:ahmed-salih", None)  # too different to merge safely
    assert stats["actors_merged"] == 1


def test_resolution_is_recomputed_not_accumulated(store, kb):
    conn, writer = store
    writer.write(report("a.txt", WORDS))
    resolve_corpus(conn, kb)
    resolve_corpus(conn, kb)
    assert len(statements(conn)) == 1
    assert conn.execute("SELECT count(*) FROM statement_carriers").fetchone()[0] == 1


def test_short_quotes_stay_separate_statements(store, kb):
    conn, writer = store
    writer.write(report("a.txt", "it went well"))
    writer.write(report("b.txt", "it went well", outlets=[("Reuters", "outlet:reuters")]))
    stats = resolve_corpus(conn, kb)
    assert stats["statements"] == 2 and stats["multi_carrier_statements"] == 0
