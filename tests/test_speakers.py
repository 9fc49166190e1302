"""Speaker resolution: who a pronoun or a role noun is, by the day the quote was made."""

from __future__ import annotations

from tabayyun.model import Document


def speakers(analyzer, text: str) -> dict[str, str | None]:
    record = analyzer.analyze(Document(text=text, source_path="story.txt", published="2016-12-30"))
    return {record.text[q.start:q.end]: q.speaker.name for q in record.quotes if q.speaker}


def test_a_pronoun_speaking_inside_a_report_is_the_reporter(analyzer):
    found = speakers(
        analyzer,
        "Vladimir Putin announced the ceasefire on Thursday. The UN envoy for Syria, Staffan de Mistura, "
        "said that he hoped the agreement would save lives.",
    )
    assert found["the agreement would save lives"] == "Staffan de Mistura"


def test_it_inside_an_organisations_report_is_the_organisation(analyzer):
    found = speakers(
        analyzer,
        "Sergei Lavrov spoke to reporters in Moscow. The State Department said that it hoped the truce "
        "would be respected by all parties.",
    )
    assert found["the truce would be respected by all parties"] == "US State Department"


def test_a_pronoun_inside_an_unnamed_spokesmans_report_stays_unnamed(analyzer):
    found = speakers(
        analyzer,
        "John Kerry met the opposition in Paris. A spokesman for the coalition said that he expected "
        "the talks to resume in January.",
    )
    assert found["the talks to resume in January"] is None


def test_he_is_the_known_person_the_sentence_before_was_about(analyzer):
    found = speakers(
        analyzer,
        "The Russian Foreign Minister, Sergei Lavrov, held talks with John Kerry in Hamburg. "
        "The Turkish Foreign Minister said that the two countries agreed on the need for a ceasefire. "
        "He said that Turkey was consulting with Russia and Iran.",
    )
    assert found["that Turkey was consulting with Russia and Iran"] == "Mevlüt Çavuşoğlu"
