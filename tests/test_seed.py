"""The seed analysis article: 24 dated outlet citations, two of them with day and month swapped."""

from __future__ import annotations

import pytest

from tabayyun.model import Document, to_json
from tabayyun.schema import validate_record

EXPECTED_CITATIONS = [
    ("BBC", "2016-12-02"),
    ("Sky News Arabia", "2016-11-28"),
    ("Russia", "2016-11-28"),
    ("Al Jazeera Net", "2016-11-26"),
    ("Al-Jazeera Net", "2016-11-30"),
    ("Russia Today", "2016-12-01"),
    ("Al Jazeera Net", "2016-12-01"),
    ("BBC", "2016-12-02"),
    ("BBC Arabic", "2016-01-12"),  # written 12/01/2016 in a day-first document
    ("BBC", "2016-12-02"),
    ("Russia Today", "2016-12-01"),
    ("BBC Arabic", "2016-12-01"),
    ("Al- Mudun", "2016-12-03"),
    ("Russia Today", "2016-01-12"),  # written 12/01/2016 again
    ("Russia Today", "2016-12-03"),
    ("Dar Al-Hayat", "2016-12-05"),
    ("Russia Today", "2016-12-05"),
    ("Russia Today", "2016-12-01"),
    ("Al-Hurra", "2016-12-03"),
    ("Russia Today", "2016-11-29"),
    ("TRT Arabic", "2016-12-01"),
    ("Russia Today", "2016-12-01"),
    ("Gulf Online", "2016-12-07"),
    ("Al-Arabiya", "2016-12-07"),
]


@pytest.fixture(scope="module")
def seed_record(seed_text):
    from tabayyun.ingest import find_dateline
    from tabayyun.pipeline import Analyzer

    dateline = find_dateline(seed_text)
    document = Document(text=seed_text, source_path="seed.txt", published=dateline[0] if dateline else None)
    return Analyzer().analyze(document)


def test_seed_publication_date_comes_from_its_date_line(seed_record):
    assert seed_record.published == "2016-12-14"
    assert seed_record.day_first is True


def test_seed_has_its_24_dated_outlet_citations(seed_record):
    found = [(c.outlet_surface, c.date) for c in seed_record.citations if c.via is None and c.date]
    assert found == EXPECTED_CITATIONS


def test_seed_outlets_are_canonical(seed_record):
    names = {c.outlet_surface: c.outlet for c in seed_record.citations}
    assert names["Al Jazeera Net"] == names["Al-Jazeera Net"]
    assert names["Russia Today"] == "RT"
    assert names["Anatolia agency"] == "Anadolu Agency"


def test_seed_relays_point_to_the_citation_that_carries_them(seed_record):
    by_id = {c.id: c for c in seed_record.citations}
    relays = {c.outlet: c for c in seed_record.citations if c.via}
    assert by_id[relays["Sputnik"].via].outlet == "RT"
    assert by_id[relays["Financial Times"].via].outlet_surface == "BBC Arabic"
    assert by_id[relays["Reuters"].via].outlet_surface == "Al-Hurra"
    assert relays["Reuters"].date == "2016-12-03"  # "on Saturday", against the Al-Hurra date
    assert by_id[relays["Anadolu Agency"].via].date == "2016-11-30"


def test_seed_flags_exactly_the_two_swapped_dates(seed_record):
    serious = [f for f in seed_record.findings if f.severity != "info"]
    assert [(f.kind, f.suggestion) for f in serious] == [
        ("date-order", "2016-12-01"),
        ("date-order", "2016-12-01"),
    ]
    text = seed_record.text
    assert all(text[f.start:f.end] == "12/01/2016" for f in serious)


def test_swapped_citation_dates_carry_their_correction_and_anchor_with_it(seed_record):
    corrected = [(c.outlet_surface, c.date, c.date_corrected) for c in seed_record.citations if c.date_corrected]
    assert corrected == [("BBC Arabic", "2016-01-12", "2016-12-01"), ("Russia Today", "2016-01-12", "2016-12-01")]
    # "Mark Toner ... said on Thursday, 1st December" sits in the passage of the swapped RT citation
    toner = next(q for q in seed_record.quotes if q.speaker and q.speaker.actor_id == "actor:mark-toner")
    assert toner.date == "2016-12-01"


def test_seed_hijri_date_line_is_converted_and_agrees(seed_record):
    hijri = [d for d in seed_record.dates if d.calendar == "hijri"]
    assert hijri and hijri[-1].value == "2016-12-07"
    assert not [f for f in seed_record.findings if f.kind == "calendar-mismatch"]


def test_seed_russia_today_is_never_a_date(seed_record):
    text = seed_record.text
    assert not [d for d in seed_record.dates if text[d.start:d.end].startswith("Today")]


def test_seed_speakers_are_resolved(seed_record):
    speakers = {q.speaker.actor_id for q in seed_record.quotes if q.speaker}
    for actor_id in ("actor:sergei-lavrov", "actor:yuri-ushakov", "actor:recep-tayyip-erdogan", "actor:samir-nashar"):
        assert actor_id in speakers, actor_id
    role = next(q for q in seed_record.quotes if q.speaker and q.speaker.surface == "The Russian Foreign Minister")
    assert role.speaker.actor_id == "actor:sergei-lavrov"
    spokesman = next(q for q in seed_record.quotes if q.speaker and q.speaker.surface == "the spokesman")
    assert spokesman.speaker.actor_id == "actor:mark-toner"  # named in apposition earlier in the text
    pronoun = next(q for q in seed_record.quotes if q.speaker and q.speaker.surface == "he" and "efforts as incredible" in q.text)
    assert pronoun.speaker.actor_id == "actor:yuri-ushakov"


def test_seed_record_follows_the_contract(seed_record):
    validate_record(to_json(seed_record))
