"""Citation forms, relays and passages, as a reader of an analysis piece meets them."""

from __future__ import annotations

import pytest

from tabayyun.model import Document


def analyze(analyzer, text: str, published: str = "2016-12-10"):
    return analyzer.analyze(Document(text=text, source_path="t.txt", published=published))


def test_parenthetical_citation_closes_the_passage_before_it(analyzer):
    text = (
        "Turkey and Russia held talks in Ankara.\n"
        "The talks went on for three days and ended without a statement. (Al-Jazeera Net, 3/12/2016)"
    )
    record = analyze(analyzer, text)
    [citation] = record.citations
    assert (citation.outlet, citation.date, citation.kind) == ("Al Jazeera Net", "2016-12-03", "parenthetical")
    assert text[citation.scope_start:citation.scope_end].startswith("The talks went on")
    claims = {text[c.start:c.end][:20]: c.kind for c in record.claims}
    assert claims["Turkey and Russia he"] == "unsourced"
    assert claims["The talks went on fo"] == "sourced"


def test_inline_stated_citation_opens_the_bracketed_passage(analyzer):
    text = "BBC stated on 2/12/2016: (Ankara is consulting Moscow on Aleppo.) Critics doubt it."
    record = analyze(analyzer, text)
    [citation] = record.citations
    assert citation.kind == "inline-stated" and citation.date == "2016-12-02"
    assert text[citation.scope_start:citation.scope_end] == "(Ankara is consulting Moscow on Aleppo.)"
    outlet_quote = next(q for q in record.quotes if q.speaker and q.speaker.kind == "outlet")
    assert outlet_quote.text == "Ankara is consulting Moscow on Aleppo." and outlet_quote.citation == citation.id


@pytest.mark.parametrize(
    ("sentence", "outlet", "kind"),
    [
        ("According to Reuters, the convoy left at dawn.", "Reuters", "according-to"),
        ("The governor told Anadolu Agency that the crossing was open.", "Anadolu Agency", "told"),
        ("Sputnik reported that the talks had ended.", "Sputnik", "reported"),
        ("The offer was rejected, as reported by AFP.", "Agence France-Presse", "reported-by"),
    ],
)
def test_running_text_citation_forms(analyzer, sentence, outlet, kind):
    record = analyze(analyzer, sentence)
    assert [(c.outlet, c.kind) for c in record.citations] == [(outlet, kind)]
    assert record.claims[0].kind == "sourced"


def test_relay_inside_a_passage_points_to_its_carrier(analyzer):
    text = (
        "Sputnik reported that rebel envoys met Russian officers on Thursday, 1st December. "
        "(Russia Today, 2/12/2016)"
    )
    record = analyze(analyzer, text)
    sputnik, rt = record.citations
    assert rt.outlet == "RT" and rt.via is None
    assert sputnik.via == rt.id
    assert sputnik.date == "2016-12-01"


def test_outlet_names_are_canonical_across_spellings(analyzer):
    text = "Talks resumed. (Al Jazeera Net, 1/12/2016) They stalled. (Al-Jazeera Net, 2/12/2016)"
    record = analyze(analyzer, text)
    assert {c.outlet for c in record.citations} == {"Al Jazeera Net"}
    assert {c.outlet_id for c in record.citations} == {"outlet:al-jazeera-net"}


def test_acronym_after_a_name_is_not_a_citation(analyzer):
    text = "The Islamic Republic News Agency (IRNA) reported that the minister would travel."
    record = analyze(analyzer, text)
    assert [(c.outlet_surface, c.kind) for c in record.citations] == [("Islamic Republic News Agency", "reported")]


def test_arabic_citations_and_hijri_sign_off(analyzer):
    text = (
        "قال وزير الخارجية الروسي إن روسيا وتركيا ستواصلان المحادثات. (روسيا اليوم، 1/12/2016)\n"
        "وأضاف أن الاتفاق يطبق على الأرض «ولا يعتمد على التصريحات». (الجزيرة نت، 2/12/2016)\n"
        "الأربعاء 8 ربيع الأول 1438 هـ\n"
        "7/12/2016 م"
    )
    record = analyze(analyzer, text, published="2016-12-14")
    assert [(c.outlet, c.date) for c in record.citations] == [("RT", "2016-12-01"), ("Al Jazeera Net", "2016-12-02")]
    hijri = [d for d in record.dates if d.calendar == "hijri"]
    assert [d.value for d in hijri] == ["2016-12-07"]
    assert record.findings == []
