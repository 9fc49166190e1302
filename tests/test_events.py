"""Event coding: PLOVER types from the parse, actors, modality, dates, places, the lead event."""

from __future__ import annotations

import datetime as dt

import pytest

from tabayyun.extract.events import (
    PLOVER_TYPES,
    extract_events,
    load_lexicon,
    main_event,
    plover_to_acled,
    plover_to_cameo,
)
from tabayyun.model import Document, Event, Place


@pytest.fixture(scope="module")
def code(analyzer):
    """Analyze a text and code its events: ``code(text, published=None, places=())`` -> (text, events)."""

    def run(text: str, published: str | None = None, places: tuple[Place, ...] = ()) -> tuple[str, list[Event]]:
        parsed = next(analyzer.parse_many([Document(text=text, source_path="t.txt", published=published)]))
        record = analyzer.analyze_parsed(parsed)
        events = extract_events(
            record.text,
            parsed.chunks,
            actors=record.actors,
            dates=record.dates,
            citations=record.citations,
            places=places,
            published=dt.date.fromisoformat(published) if published else None,
        )
        return record.text, events

    return run


def dyads(events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.source_actor, e.target_actor) for e in events]


@pytest.mark.parametrize(
    ("sentence", "kind", "predicate"),
    [
        ("Turkey and Russia held talks in Ankara.", "CONSULT", "held talks"),
        ("Russia vetoed the resolution.", "REJECT", "vetoed"),
        ("Syrian warplanes bombarded Aleppo.", "ASSAULT", "bombarded"),
        ("Hezbollah withdrew from Aleppo.", "RETREAT", "withdrew"),
        ("The United States welcomed the ceasefire.", "SUPPORT", "welcomed"),
        ("Iran called for a ceasefire.", "REQUEST", "called for"),
        ("Russia and Turkey agreed on a ceasefire.", "AGREE", "agreed"),
        ("The United States accused Russia of war crimes.", "ACCUSE", "accused"),
        ("Russia threatened Turkey.", "THREATEN", "threatened"),
        ("Turkey sent aid to Syria.", "AID", "sent aid"),
        ("Turkey deployed troops to the border.", "MOBILIZE", "deployed"),
        ("The European Union imposed sanctions on Syria.", "SANCTION", "imposed sanctions"),
        ("Syrian troops besieged Aleppo.", "COERCE", "besieged"),
        ("Thousands protested in Istanbul.", "PROTEST", "protested"),
        ("The rebels surrendered.", "CONCEDE", "surrendered"),
        ("Turkey and Russia cooperate in Syria.", "COOPERATE", "cooperate"),
    ],
)
def test_each_lexicon_family_codes_its_predicate(code, sentence, kind, predicate):
    text, events = code(sentence)
    first = events[0]
    assert first.type == kind
    assert text[first.start:first.end] == predicate
    assert first.modality == "asserted" and not first.negated


def test_subject_is_source_and_object_is_target(code):
    _, events = code("The United States accused Russia of war crimes.")
    assert dyads(events) == [("ACCUSE", "actor:united-states", "actor:russia")]
    assert events[0].source_name == "United States" and events[0].target_name == "Russia"


def test_passive_agent_is_the_source(code):
    _, events = code("Turkey was accused by Russia of supporting terrorists.")
    assert dyads(events)[0] == ("ACCUSE", "actor:russia", "actor:turkey")


def test_coordinated_subjects_give_one_event_per_dyad(code):
    text, events = code("Russia and Turkey agreed on a ceasefire.")
    assert dyads(events) == [("AGREE", "actor:russia", None), ("AGREE", "actor:turkey", None)]
    assert [e.id for e in events] == ["e1", "e2"]
    assert {text[e.start:e.end] for e in events} == {"agreed"}


def test_coordinated_agents_in_the_passive(code):
    _, events = code("The draft was vetoed by Russia and China.")
    assert [(e.type, e.source_actor) for e in events] == [("REJECT", "actor:russia"), ("REJECT", "actor:china")]


def test_negation_is_kept_and_marked(code):
    _, events = code("The talks did not come out with any results.")
    assert [(e.type, e.negated) for e in events] == [("CONSULT", True)]
    assert main_event(events, "The talks did not come out with any results.") is None


def test_refused_to_negates_the_governed_event(code):
    _, events = code("Iran refused to attend the meeting.")
    meeting = next(e for e in events if e.type == "CONSULT")
    assert meeting.negated


def test_planned_and_hypothetical_events(code):
    _, planned = code("Russia and the US will start talks in Geneva.")
    assert {(e.type, e.modality) for e in planned} == {("CONSULT", "planned")}
    assert {e.source_actor for e in planned} == {"actor:russia", "actor:united-states"}
    _, ready = code("Russia said it was ready to hold talks with the United States.")
    talks = ready[0]
    assert (talks.type, talks.modality, talks.source_actor, talks.target_actor) == (
        "CONSULT", "planned", "actor:russia", "actor:united-states")
    _, conditional = code("If Russia attacks Turkey, NATO will respond.")
    assert (conditional[0].type, conditional[0].modality) == ("ASSAULT", "hypothetical")


def test_mode_from_the_words_around_the_predicate(code):
    _, events = code("Russian airstrikes on Idlib killed 20 civilians.")
    assert [(e.type, e.mode, e.source_actor) for e in events] == [("ASSAULT", "aerial", "actor:russia")]
    _, shelled = code("Syrian troops shelled Douma.")
    assert shelled[0].mode == "shelling"


def test_date_in_the_sentence_wins_over_publication(code):
    _, events = code("Russia vetoed the resolution on 5 December 2016.", published="2016-12-14")
    assert (events[0].date, events[0].date_precision) == ("2016-12-05", "sentence")
    _, undated = code("Russia vetoed the resolution.", published="2016-12-14")
    assert (undated[0].date, undated[0].date_precision) == ("2016-12-14", "published")
    _, nothing = code("Russia vetoed the resolution.")
    assert (nothing[0].date, nothing[0].date_precision) == (None, "none")


def test_citation_governs_date_and_link(code):
    text, events = code("Russia vetoed the resolution (Russia Today, 1/12/2016).", published="2016-12-14")
    veto = events[0]
    assert veto.citation is not None
    assert (veto.date, veto.date_precision) == ("2016-12-01", "citation")


def _place(text: str, surface: str, name: str, admin1: str, precision: str = "point") -> Place:
    start = text.index(surface)
    return Place(start=start, end=start + len(surface), surface=surface, name=name, country="SY", admin1=admin1,
                 latitude=36.2, longitude=37.1, feature="city", precision=precision)


def test_place_in_the_sentence_else_the_focus(code):
    text = "Syrian warplanes bombarded Aleppo. Russia vetoed the resolution. The army shelled Aleppo again."
    aleppo = _place(text, "Aleppo", "Aleppo", "Aleppo Governorate")
    later = Place(**{**{f: getattr(aleppo, f) for f in aleppo.__slots__}, "start": text.rindex("Aleppo"),
                     "end": text.rindex("Aleppo") + 6})
    _, events = code(text, places=(aleppo, later))
    by_type = {e.type: e for e in events}
    assert (by_type["ASSAULT"].place.name, by_type["ASSAULT"].place_precision) == ("Aleppo", "sentence")
    assert (by_type["REJECT"].place.name, by_type["REJECT"].place_precision) == ("Aleppo", "focus")
    _, bare = code("Russia vetoed the resolution.")
    assert (bare[0].place, bare[0].place_precision) == (None, "none")


def test_spans_and_sentence_offsets_point_into_the_text(code):
    text, events = code("Reports came in late. Russia and Turkey held talks in Ankara on Monday.")
    for event in events:
        assert text[event.sentence_start:event.sentence_end] == event.sentence
        assert event.sentence == "Russia and Turkey held talks in Ankara on Monday."
        assert text[event.start:event.end] == "held talks"


def test_main_event_prefers_violence_in_the_lead(code):
    text, events = code(
        "Turkey welcomed the talks. Syrian warplanes bombarded Aleppo on Monday. "
        "Russia vetoed the resolution. Iran condemned the strikes."
    )
    lead = next(e for e in events if e.id == main_event(events, text))
    assert (lead.type, text[lead.start:lead.end]) == ("ASSAULT", "bombarded")


def test_main_event_skips_unasserted_events(code):
    text, events = code("Russia will attack Aleppo. Turkey welcomed the offer.")
    lead = next(e for e in events if e.id == main_event(events, text))
    assert lead.type == "SUPPORT"


def test_lexicon_and_mappings_are_data():
    lexicon = load_lexicon()
    assert lexicon is load_lexicon()  # cached
    used = {s.type for senses in lexicon.verbs.values() for s in senses if s.type} | {
        s.type for s in lexicon.nouns.values()}
    assert used == set(PLOVER_TYPES)
    assert all(plover_to_cameo(t) for t in PLOVER_TYPES)
    assert plover_to_cameo("CONSULT") == "04"
    assert plover_to_cameo("ASSAULT", "aerial") == "195"
    assert plover_to_cameo("ASSAULT", "unknown-mode") == "19"
    assert plover_to_acled("ASSAULT", "aerial") == ("Explosions/Remote violence", "Air/drone strike")
    assert plover_to_acled("PROTEST") == ("Protests", "Peaceful protest")
    assert plover_to_acled("CONSULT") is None


# -- the seed article (skipped when ../shared is absent) ---------------------------------------------


@pytest.fixture(scope="module")
def seed_events(seed_text, analyzer):
    from tabayyun.ingest import find_dateline

    dateline = find_dateline(seed_text)
    document = Document(text=seed_text, source_path="seed.txt", published=dateline[0] if dateline else None)
    parsed = next(analyzer.parse_many([document]))
    record = analyzer.analyze_parsed(parsed)
    events = extract_events(record.text, parsed.chunks, actors=record.actors, dates=record.dates,
                            citations=record.citations,
                            published=dt.date.fromisoformat(record.published) if record.published else None)
    return record.text, events


def test_seed_security_council_veto_is_a_reject_by_russia(seed_events):
    text, events = seed_events
    vetoes = [e for e in events if e.type == "REJECT" and "veto" in text[e.start:e.end]]
    assert any(e.source_actor == "actor:russia" and e.date == "2016-12-05" for e in vetoes)


def test_seed_cavusoglu_met_lavrov_is_consult_with_both(seed_events):
    text, events = seed_events
    met = [e for e in events if text[e.start:e.end] == "met" and "Cavusoglu met" in e.sentence]
    assert [(e.type, e.source_actor, e.target_actor) for e in met] == [
        ("CONSULT", "actor:mevlut-cavusoglu", "actor:sergei-lavrov")]
    assert met[0].citation is not None


def test_reduced_passive_participle(code):
    _, events = code("The Syrian army, backed by Russia, captured Palmyra.")
    backed = next(e for e in events if e.type == "SUPPORT")
    assert (backed.source_actor, backed.target_actor) == ("actor:russia", "actor:syrian-arab-army")


def test_a_foreign_country_in_the_sentence_does_not_move_the_event_out_of_the_focus_place():
    from tabayyun.model import Document
    from tabayyun.pipeline import Analyzer

    text = (
        "Fighting continued in Raqqa on Saturday. Residents of Raqqa said food was running out. "
        "Heavy U.S. raids killed 22 people on Sunday near the border with Iraq."
    )
    record = Analyzer().analyze(Document(text=text, source_path="raqqa.txt", published="2015-07-06"))
    raids = next(e for e in record.events if e.type == "ASSAULT" and "raids" in e.sentence)
    assert raids.place is not None and raids.place.admin1 == "Raqqa Governorate"
    assert raids.place_precision == "focus"


def test_an_outlet_is_never_the_party_to_an_event(analyzer):
    text = "Anadolu Agency said clashes erupted near al-Bab on Monday. Reuters shelled nobody."
    record = analyzer.analyze(Document(text=text, source_path="t.txt", published="2016-12-06"))
    parties = {e.source_actor for e in record.events} | {e.target_actor for e in record.events}
    assert not any(p and p.startswith("outlet:") for p in parties)


def test_a_foreign_dateline_city_does_not_place_the_event(analyzer):
    text = (
        "Aleppo has been under siege for months. Residents of Aleppo said food was running out. "
        "Geneva: Syrian jets bombed rebel positions in Aleppo province on Sunday."
    )
    record = analyzer.analyze(Document(text=text, source_path="t.txt", published="2017-10-08"))
    bombing = next(e for e in record.events if e.type == "ASSAULT")
    assert bombing.place is not None and bombing.place.country == "SY"
    assert bombing.place_precision == "sentence"


def test_a_lead_with_no_place_takes_the_place_of_its_retelling(analyzer):
    text = (
        "Damascus has been quiet for weeks, and Damascus markets reopened on Friday. "
        "At least 20 people were killed on Sunday when air strikes hit a village in the east. "
        "Rescue teams searched the rubble through the night. "
        "The monitor said the strikes hit the village of Al-Busayrah in Deir ez-Zor province."
    )
    record = analyzer.analyze(Document(text=text, source_path="t.txt", published="2017-11-27"))
    first, *_ = [e for e in record.events if e.type == "ASSAULT"]
    assert first.place_precision == "elaboration"
    assert first.place is not None and first.place.admin1 == "Deir ez-Zor Governorate"


def test_a_planned_retelling_lends_no_place(analyzer):
    text = (
        "Damascus has been quiet for weeks, and Damascus markets reopened on Friday. "
        "Air strikes hit a village in the east on Sunday. "
        "The army may also shell the town of Al-Mayadin in Deir ez-Zor province."
    )
    record = analyzer.analyze(Document(text=text, source_path="t.txt", published="2017-11-27"))
    first = next(e for e in record.events if e.type == "ASSAULT")
    assert first.place_precision == "focus"
