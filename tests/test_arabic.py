"""Arabic documents: citations, reported speech and speakers, read by rule (no Arabic model)."""

from __future__ import annotations

import pytest

from tabayyun.extract.arabic_speech import arabic_sentences
from tabayyun.model import Document
from tabayyun.script import is_arabic
from tests.conftest import EXAMPLES


def analyze(analyzer, text: str, published: str | None = "2016-12-02"):
    return analyzer.analyze(Document(text=text, source_path="ar.txt", published=published, language="ar"))


def citation(record, outlet: str):
    [found] = [c for c in record.citations if c.outlet == outlet]
    return found


def quote_by(record, name: str):
    return [q for q in record.quotes if q.speaker and q.speaker.name == name]


def test_arabic_text_is_split_into_sentences_by_its_punctuation():
    text = "قال لافروف إن المحادثات ستستمر. وأضاف أن موسكو مستعدة؟ نعم\n\nفقرة ثانية"
    assert [text[s:e] for s, e in arabic_sentences(text)] == [
        "قال لافروف إن المحادثات ستستمر.", "وأضاف أن موسكو مستعدة؟", "نعم", "فقرة ثانية"]
    assert is_arabic(text) and not is_arabic("Lavrov said the talks would go on.")


def test_every_arabic_citation_form_names_its_outlet_and_date(analyzer):
    text = ("وذكرت وكالة الأناضول أن القوات تقدمت في شرق حلب. وبحسب روسيا اليوم، فإن الإجلاء بدأ. "
            "وقال مصدر عسكري لوكالة سبوتنيك إن الجيش سيطر على حي الشعار. "
            "وأعلنت الوزارة إجلاء مئات المدنيين. (رويترز، 1/12/2016)")
    record = analyze(analyzer, text)
    kinds = {c.outlet: c.kind for c in record.citations}
    assert kinds == {"Anadolu Agency": "reported", "RT": "according-to", "Sputnik": "told",
                     "Reuters": "parenthetical"}
    reuters = citation(record, "Reuters")
    assert reuters.date == "2016-12-01" and text[reuters.start:reuters.end] == "(رويترز، 1/12/2016)"
    # every claim sentence of the paragraph leans on a citation
    assert [c.kind for c in record.claims] == ["sourced"] * 4


def test_an_outlet_quoting_another_is_a_relay(analyzer):
    record = analyze(analyzer, "ونقلت قناة الجزيرة عن وكالة رويترز أن آلاف الأشخاص غادروا الأحياء المحاصرة.")
    assert citation(record, "Reuters").via == citation(record, "Al Jazeera").id


def test_reported_speech_names_the_person_not_the_office(analyzer):
    text = "قال وزير الخارجية الروسي سيرغي لافروف يوم الخميس إن المحادثات مع واشنطن حول حلب ستستمر."
    [quote] = analyze(analyzer, text).quotes
    assert quote.speaker.name == "Sergei Lavrov" and text[quote.speaker.start:quote.speaker.end] == "سيرغي لافروف"
    assert quote.cue.text == "قال" and quote.kind == "indirect"
    assert quote.text == "المحادثات مع واشنطن حول حلب ستستمر"
    assert quote.date == "2016-12-01"  # "on Thursday" before a Friday publication


def test_a_role_is_resolved_to_its_holder_and_a_verb_alone_to_the_last_speaker(analyzer):
    text = ("وقالت المتحدثة باسم الخارجية الروسية في مؤتمر صحفي إن الغرب يعرقل إيصال المساعدات. "
            "وأكدت أن بلادها ستواصل دعم الحكومة السورية.")
    first, second = analyze(analyzer, text).quotes
    assert (first.speaker.kind, first.speaker.name) == ("role", "Maria Zakharova")
    assert text[first.speaker.start:first.speaker.end] == "المتحدثة باسم الخارجية الروسية"
    assert (second.speaker.kind, second.speaker.name, second.speaker.surface) == ("pronoun", "Maria Zakharova", "أكدت")


def test_a_source_quoted_by_an_outlet_speaks_and_the_outlet_carries_it(analyzer):
    text = 'ونقلت قناة الجزيرة عن مصدر في المعارضة قوله: «لن نغادر المدينة».'
    record = analyze(analyzer, text)
    [quote] = record.quotes
    assert quote.kind == "direct" and quote.text == "لن نغادر المدينة" and quote.cue.text == "قوله"
    assert quote.speaker.surface.startswith("مصدر")
    assert quote.citation == citation(record, "Al Jazeera").id


def test_an_outlet_told_is_not_the_speaker(analyzer):
    [quote] = analyze(analyzer, "وقال مصدر عسكري لوكالة سبوتنيك إن الجيش سيطر على حي الشعار.").quotes
    assert quote.speaker.surface == "مصدر عسكري" and quote.speaker.kind == "name"


def test_the_arabic_demo_document(analyzer):
    path = EXAMPLES / "11_aleppo_evacuation_ar.txt"
    if not path.exists():
        pytest.skip("demo document missing")
    from tabayyun.ingest import iter_documents

    [document] = list(iter_documents([path]))
    record = analyzer.analyze(document)
    assert record.language == "ar" and record.published == "2016-12-16"
    speakers = {q.speaker.name for q in record.quotes if q.speaker}
    assert {"Mevlüt Çavuşoğlu", "Dmitry Peskov", "International Committee of the Red Cross"} <= speakers
    dated = {c.outlet: c.date for c in record.citations if c.date}
    assert dated == {"Anadolu Agency": "2016-12-15", "RT": "2016-12-16"}
    # the Hijri sign-off agrees with its Gregorian twin; the weekday of the Kremlin line does not
    assert [f.kind for f in record.findings if f.severity != "info"] == ["weekday-mismatch"]


def test_arabic_places_are_names_not_common_words_or_nationalities(analyzer):
    text = ("وقال المتحدث باسم الكرملين ديمتري بيسكوف في موسكو إن الحصار المفروض على مدينة حلب "
            "يجب أن ينتهي بأمان، وإن القوات السورية والتركية لن تتقدم. ونقلت قناة الجزيرة ذلك.")
    record = analyze(analyzer, text)
    named = {p.surface: p.name for p in record.places}
    assert named == {"موسكو": "Moscow", "حلب": "Aleppo"}


def test_one_arabic_script_test_for_every_stage():
    from tabayyun.ingest.content import detect_language
    from tabayyun.script import arabic_share, has_arabic, is_arabic_char

    # the Arabic block, its supplement and the presentation forms PDF text extraction leaves
    assert all(is_arabic_char(ch) for ch in "حلب" + "\u0750" + "\ufef7" + "\ufe8d")
    assert not any(is_arabic_char(ch) for ch in "Aleppo 2016 é ş")
    assert has_arabic("Aleppo (حلب)") and not has_arabic("Aleppo, Halab")
    mixed = "The Syrian Observatory said: " + "قال المرصد السوري إن القصف استمر"
    assert 0.3 < arabic_share(mixed) < 0.7 and is_arabic(mixed)
    assert not is_arabic("Aleppo (حلب) is Syria's second city, its largest before the war")
    assert arabic_share("2016 ، 12") == 0.0 and not is_arabic("٢٠١٦")  # digits and a comma are no letters
    assert detect_language(mixed) == "ar" and detect_language("Aleppo (حلب) fell") == "en"
