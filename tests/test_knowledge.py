"""The knowledge base: loading, outlet and actor matching, dated roles."""

from __future__ import annotations

import datetime as dt

import pytest

from tabayyun.knowledge import ActorEntry, KnowledgeBase, OutletEntry, compact_key, fold

D = dt.date


def test_load_is_cached_and_sizeable(kb: KnowledgeBase) -> None:
    assert KnowledgeBase.load() is kb
    assert len(kb.outlets) >= 60
    assert len(kb.actors) >= 120
    types = {a.type for a in kb.actors.values()}
    assert types == {"person", "organization", "state", "armed_group"}


def test_entries_are_well_formed(kb: KnowledgeBase) -> None:
    for outlet in kb.outlets.values():
        assert isinstance(outlet, OutletEntry)
        assert outlet.type in ("agency", "broadcaster", "newspaper", "website")
        assert outlet.country is None or len(outlet.country) == 2
    for actor in kb.actors.values():
        for role in actor.roles:
            assert role.title in kb.titles
            assert role.start is None or role.end is None or role.start < role.end


def test_outlet_facts(kb: KnowledgeBase) -> None:
    rt = kb.outlets["rt"]
    assert rt.country == "RU" and rt.state_owned is True and "روسيا اليوم" in rt.names_ar
    assert kb.outlets["anadolu"].type == "agency"
    assert kb.outlets["reuters"].state_owned is False


@pytest.mark.parametrize(
    ("surface", "outlet_id"),
    [
        ("Al-Jazeera Net", "al-jazeera-net"),
        ("Al Jazeera Net", "al-jazeera-net"),
        ("Aljazeera.net", "al-jazeera-net"),
        ("Al Jazeera", "al-jazeera"),
        ("Anadolu", "anadolu"),
        ("Anatolia agency", "anadolu"),
        ("Anatolian Agency", "anadolu"),
        ("AA", "anadolu"),
        ("Russia Today", "rt"),
        ("RT", "rt"),
        ("RT Arabic", "rt"),
        ("BBC", "bbc"),
        ("BBC Arabic", "bbc-arabic"),
        ("Al- Mudun", "al-mudun"),
        ("Al-Modon", "al-mudun"),
        ("Dar Al-Hayat", "al-hayat"),
        ("Al-Hurra", "al-hurra"),
        ("Alhurra", "al-hurra"),
        ("TRT Arabic", "trt-arabic"),
        ("Gulf Online", "gulf-online"),
        ("Al Khaleej Online", "gulf-online"),
        ("Sky News Arabia", "sky-news-arabia"),
        ("the Russian Interfax news agency", "interfax"),
        ("Reuters news agency", "reuters"),
        ("The Financial Times Newspaper", "financial-times"),
        ("Iranian Islamic Republic News Agency", "irna"),
        ("Hurriyet", "hurriyet"),
        ("وكالة الأناضول", "anadolu"),
        ("الجزيرة نت", "al-jazeera-net"),
    ],
)
def test_match_outlet_canonicalises(kb: KnowledgeBase, surface: str, outlet_id: str) -> None:
    outlet = kb.match_outlet(surface)
    assert outlet is not None, surface
    assert outlet.id == outlet_id


def test_match_outlet_rejects_non_outlets(kb: KnowledgeBase) -> None:
    assert kb.match_outlet("Syrian Observatory for Human Rights") is None
    assert kb.match_outlet("Sergei Lavrov") is None
    assert kb.match_outlet("") is None


def test_find_outlets_spans_are_exact(kb: KnowledgeBase) -> None:
    text = (
        "Lavrov spoke (Russia Today, 1/12/2016). According to Al- Mudun sources, and "
        "as reported by Reuters news agency on Saturday (Al-Hurra, 03/12/2016)."
    )
    found = kb.find_outlets(text)
    assert [(text[s:e], o.id) for s, e, o in found] == [
        ("Russia Today", "rt"),
        ("Al- Mudun", "al-mudun"),
        ("Reuters", "reuters"),
        ("Al-Hurra", "al-hurra"),
    ]


def test_find_outlets_respects_word_boundaries_and_case(kb: KnowledgeBase) -> None:
    text = "The PARTY met at the BAAS hall; an rt-style aa battery; fars away; the times changed."
    assert kb.find_outlets(text) == []
    found = kb.find_outlets("AA and RT reported it, then Fars did.")
    assert [o.id for _, _, o in found] == ["anadolu", "rt", "fars"]


def test_find_outlets_in_arabic_with_clitic(kb: KnowledgeBase) -> None:
    text = "وقالت وكالة الأناضول إن المفاوضات مستمرة، ونقلت روسيا اليوم عن لافروف"
    found = kb.find_outlets(text)
    assert [(text[s:e], o.id) for s, e, o in found] == [
        ("وكالة الأناضول", "anadolu"),
        ("روسيا اليوم", "rt"),
    ]


@pytest.mark.parametrize(
    ("surface", "actor_id"),
    [
        ("Cavusoglu", "mevlut-cavusoglu"),
        ("Çavuşoğlu", "mevlut-cavusoglu"),
        ("Mevlüt Çavuşoğlu", "mevlut-cavusoglu"),
        ("Sergey Lavrov", "sergei-lavrov"),
        ("لافروف", "sergei-lavrov"),
        ("Erdoğan", "recep-tayyip-erdogan"),
        ("أردوغان", "recep-tayyip-erdogan"),
        ("Rohani", "hassan-rouhani"),
        ("Yıldırım", "binali-yildirim"),
        ("Rami Abdulrahman", "rami-abdul-rahman"),
        ("Kerry's", "john-kerry"),
        ("the United States", "united-states"),
        ("Fath Ash-Sham front", "jabhat-fateh-al-sham"),
        ("Daesh", "isis"),
        ("Islamic Ahrar Ash-Sham movement", "ahrar-al-sham"),
        ("Russian", "russia"),
    ],
)
def test_match_actor(kb: KnowledgeBase, surface: str, actor_id: str) -> None:
    actor = kb.match_actor(surface)
    assert isinstance(actor, ActorEntry), surface
    assert actor.id == actor_id


def test_match_actor_refuses_ambiguous_and_unknown(kb: KnowledgeBase) -> None:
    # two people are called al-Jaafari; the surname alone decides nothing
    assert kb.match_actor("al-Jaafari") is None
    assert kb.match_actor("Power") is None  # Samantha Power's surname is a common word
    assert kb.match_actor("Nobody Inparticular") is None


def test_fold_and_keys() -> None:
    assert fold("Çavuşoğlu") == "Cavusoglu"
    assert compact_key("Al- Mudun") == compact_key("al-mudun") == "almudun"
    assert compact_key("أردوغان") == compact_key("اردوغان")


@pytest.mark.parametrize(
    ("phrase", "on", "actor_id"),
    [
        ("the Russian Foreign Minister", D(2016, 12, 1), "sergei-lavrov"),
        ("Russia's foreign minister", D(2016, 12, 1), "sergei-lavrov"),
        ("the Russian FM", D(2016, 12, 1), "sergei-lavrov"),
        ("the US Secretary of State", D(2016, 12, 1), "john-kerry"),
        ("the US Secretary of State", D(2017, 3, 1), "rex-tillerson"),
        ("Turkish President", D(2016, 12, 1), "recep-tayyip-erdogan"),
        ("Turkish President", None, "recep-tayyip-erdogan"),
        ("the Iranian President", D(2016, 11, 26), "hassan-rouhani"),
        ("the Turkish Foreign Minister", D(2016, 11, 26), "mevlut-cavusoglu"),
        ("the Turkish Foreign Minister", D(2015, 9, 15), "feridun-sinirlioglu"),
        ("the Turkish Prime Minister", D(2016, 1, 1), "ahmet-davutoglu"),
        ("the Turkish Prime Minister", D(2016, 12, 7), "binali-yildirim"),
        ("the spokesman for the State Department", D(2016, 12, 1), "john-kirby"),
        ("Russian presidential aide", D(2016, 11, 28), "yuri-ushakov"),
        ("the Russian ambassador to Turkey", D(2016, 12, 19), "andrei-karlov"),
        ("Russia's UN envoy", D(2016, 12, 5), "vitaly-churkin"),
        ("the UN envoy for Syria", D(2016, 12, 5), "staffan-de-mistura"),
        ("the US President", D(2016, 12, 5), "barack-obama"),
        ("the US President", D(2017, 2, 1), "donald-trump"),
        ("President-elect", D(2016, 12, 7), "donald-trump"),
        ("the UN Secretary-General", D(2016, 12, 5), "ban-ki-moon"),
        ("the UN Secretary-General", D(2017, 1, 5), "antonio-guterres"),
    ],
)
def test_role_holder(kb: KnowledgeBase, phrase: str, on: dt.date | None, actor_id: str) -> None:
    holder = kb.role_holder(phrase, on)
    assert holder is not None, phrase
    assert holder.id == actor_id


@pytest.mark.parametrize(
    ("phrase", "on"),
    [
        ("the foreign minister", D(2016, 12, 1)),  # which country?
        ("the Russian ambassador", D(2016, 12, 1)),  # to Turkey or to the UN?
        ("the Russian ambassador to Turkey", D(2017, 1, 10)),  # Karlov was killed in December
        ("the US Secretary of State", D(2017, 1, 25)),  # between Kerry and Tillerson
        ("the US Secretary of State", None),  # no date to choose between them
        ("the weather", D(2016, 12, 1)),
    ],
)
def test_role_holder_none_when_unknown_or_ambiguous(
    kb: KnowledgeBase, phrase: str, on: dt.date | None
) -> None:
    assert kb.role_holder(phrase, on) is None


def test_actor_ids(kb: KnowledgeBase) -> None:
    assert kb.actor_id(kb.actors["sergei-lavrov"]) == "actor:sergei-lavrov"
    assert kb.actor_id(kb.outlets["rt"]) == "outlet:rt"


def test_from_data_validates() -> None:
    titles = {"president": ["president"]}
    with pytest.raises(ValueError, match="unknown title"):
        KnowledgeBase.from_data(
            {"titles": titles, "actors": [{"id": "x", "name": "X Y", "type": "person",
                                           "roles": [{"title": "pope"}]}]},
            {"outlets": []},
        )
    with pytest.raises(ValueError, match="ISO"):
        KnowledgeBase.from_data(
            {"titles": titles, "actors": [{"id": "x", "name": "X", "type": "state", "country": False}]},
            {"outlets": []},
        )
    small = KnowledgeBase.from_data(
        {"titles": titles, "actors": [{"id": "p", "name": "Ann Example", "type": "person",
                                       "country": "FR",
                                       "roles": [{"title": "president", "country": "FR",
                                                  "start": "2015-05", "end": 2016}]}]},
        {"outlets": [{"id": "o", "name": "Example Wire", "type": "agency", "country": "FR"}]},
    )
    role = small.actors["p"].roles[0]
    assert role.start == D(2015, 5, 1) and role.end == D(2017, 1, 1)
    assert small.match_actor("Example") is small.actors["p"]
    assert small.match_outlet("the Example Wire agency") is small.outlets["o"]
