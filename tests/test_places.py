"""Place extraction and geocoding in context."""

from __future__ import annotations

import pytest

from tabayyun.extract.actors import extract_actors
from tabayyun.extract.places import document_focus, extract_places, resolve_toponyms
from tabayyun.knowledge.gazetteer import Gazetteer
from tabayyun.model import Place


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def places(nlp, kb, gazetteer):
    def run(text: str) -> list[Place]:
        docs = [(0, nlp(text))]
        actors = extract_actors(text, docs, kb)
        found = extract_places(text, docs, kb, actors, gazetteer=gazetteer)
        for place in found:
            assert text[place.start:place.end] == place.surface
        return found

    return run


def by_surface(found: list[Place], surface: str) -> list[Place]:
    return [p for p in found if p.surface == surface]


def test_paris_in_a_syria_text_is_the_french_capital(places) -> None:
    found = places("Talks on Syria resumed in Paris on Monday after the shelling of Aleppo.")
    (paris,) = by_surface(found, "Paris")
    assert (paris.country, paris.role) == ("FR", "place")


def test_paris_with_texas_context_is_paris_texas(places) -> None:
    found = places("A tornado hit Paris, Texas, on Sunday. Lamar County officials said the storm moved east.")
    paris = by_surface(found, "Paris")[0]
    assert (paris.country, paris.admin1) == ("US", "Texas")
    texas = by_surface(found, "Texas")[0]
    assert (texas.feature, texas.precision) == ("admin1", "admin1")


def test_a_country_s_own_name_means_the_country_not_its_capital(places) -> None:
    found = places("Officials in Mexico are asking citizens to stay at home.")
    (mexico,) = by_surface(found, "Mexico")
    assert (mexico.country, mexico.feature) == ("MX", "country")


def test_the_state_of_a_name_is_the_division(places) -> None:
    found = places("The first case was found in the state of Washington in December.")
    (washington,) = by_surface(found, "Washington")
    assert (washington.feature, washington.admin1) == ("admin1", "Washington")


def test_a_list_of_states_goes_on_with_states(places) -> None:
    found = places("Cases were reported in Nevada, Ohio, Oregon and Utah.")
    oregon = by_surface(found, "Oregon")
    assert oregon and oregon[0].feature == "admin1"


def test_capital_used_for_its_government_is_an_actor(places) -> None:
    found = places("Moscow relies on the agreements reached in Aleppo. Ankara will then take over the file.")
    moscow = by_surface(found, "Moscow")[0]
    ankara = by_surface(found, "Ankara")[0]
    for capital in (moscow, ankara):
        assert capital.role == "actor"
        assert capital.latitude is None and capital.longitude is None
    aleppo = by_surface(found, "Aleppo")[0]
    assert aleppo.role == "place" and aleppo.latitude is not None


def test_capital_as_a_location_stays_a_place(places) -> None:
    found = places("The delegations met in Moscow on Tuesday.")
    (moscow,) = by_surface(found, "Moscow")
    assert moscow.role == "place" and moscow.country == "RU"


def test_curated_places_are_found_without_ner(places) -> None:
    text = "Russian jets took off from Hmeimim and struck the Castello road and al-Sukkari."
    found = places(text)
    features = {p.surface: p.feature for p in found}
    assert features["Hmeimim"] == "base"
    assert features["Castello road"] == "road"
    assert features["al-Sukkari"] == "district"


def test_demonyms_give_context_but_are_not_places(places) -> None:
    found = places("Turkish troops entered Jarablus while Syrian rebels watched.")
    assert not by_surface(found, "Turkish") and not by_surface(found, "Syrian")
    assert by_surface(found, "Jarablus")[0].country == "SY"


def test_directional_phrase_points_at_the_named_place(places) -> None:
    text = "Fighting continued in northern Syria."
    found = places(text)
    syria = [p for p in found if p.name == "Syria"]
    assert syria and syria[0].surface == "Syria"


def test_arabic_place_names(places) -> None:
    text = "قصفت الطائرات حلب وإدلب يوم الخميس"
    found = places(text)
    names = {p.name for p in found}
    assert "Aleppo" in names and "Idlib" in names
    assert "الله" not in {p.surface for p in places("بسم الله الرحمن الرحيم")}


def test_document_focus_is_the_most_mentioned_city() -> None:
    def city(start: int, name: str) -> Place:
        return Place(start=start, end=start + len(name), surface=name, name=name, latitude=1.0,
                     longitude=2.0 if name == "Aleppo" else 3.0, feature="city")

    syria = Place(start=0, end=5, surface="Syria", name="Syria", latitude=35.0, longitude=38.0,
                  feature="country", precision="country")
    assert document_focus([syria, syria, syria, city(10, "Idlib"), city(20, "Aleppo"), city(30, "Aleppo")]).name == "Aleppo"
    assert document_focus([city(10, "Idlib"), city(20, "Aleppo")]).name == "Idlib"  # tie: earliest
    assert document_focus([syria]) is None


def test_document_focus_stays_in_the_country_and_division_the_story_is_about() -> None:
    def place(start: int, name: str, country: str, admin1: str) -> Place:
        return Place(start=start, end=start + len(name), surface=name, name=name, latitude=float(start),
                     longitude=1.0, country=country, admin1=admin1, feature="city")

    beirut = place(0, "Beirut", "LB", "Beirut")
    # a Beirut dateline, then a Syria story about the Damascus countryside
    story = [beirut, place(10, "Douma", "SY", "Rif Dimashq"), place(20, "Harasta", "SY", "Rif Dimashq"),
             place(30, "Aleppo", "SY", "Aleppo"), place(40, "Beirut", "LB", "Beirut")]
    focus = document_focus(story)
    assert (focus.country, focus.admin1) == ("SY", "Rif Dimashq")
    # the headline's place outweighs two passing mentions further down
    later = [place(10, "Aleppo", "SY", "Aleppo"), place(900, "Homs", "SY", "Homs"), place(950, "Homs", "SY", "Homs")]
    assert document_focus(later).name == "Aleppo"


def test_country_possessive_before_a_place_is_stripped(places) -> None:
    found = places("Bomb in Syrias Idlib kills 30 government fighters.")  # punctuation stripped
    idlib = [p for p in found if p.name == "Idlib"]
    assert idlib and idlib[0].surface == "Idlib"


def test_news_spellings_of_syrian_cities(gazetteer) -> None:
    assert gazetteer.lookup("Deir Ezzor")[0].name == "Deir ez-Zor"
    assert gazetteer.lookup("Raqa")[0].country == "SY"


def test_resolve_given_spans_in_context(nlp, kb, gazetteer) -> None:
    text = "Heavy rain flooded Paris and Lamar County in Texas. Americans were told to stay home."
    spans = [(text.index("Paris"), text.index("Paris") + 5), (text.index("Americans"), text.index("Americans") + 9)]
    paris, americans = resolve_toponyms(text, spans, kb, [(0, nlp(text))], gazetteer=gazetteer)
    assert paris is not None and paris.admin1 == "Texas"
    assert americans is not None and americans.feature == "country" and americans.country == "US"


# -- the seed article -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_places(seed_text, places):
    return seed_text, places(seed_text)


@pytest.mark.parametrize(("surface", "country"), [
    ("Aleppo", "SY"), ("Tehran", "IR"), ("Alanya", "TR"), ("Geneva", "CH"), ("Istanbul", "TR"),
])
def test_seed_places_are_found(seed_places, surface: str, country: str) -> None:
    _, found = seed_places
    hits = [p for p in by_surface(found, surface) if p.role == "place"]
    assert hits and hits[0].country == country and hits[0].latitude is not None


def test_seed_moscow_relies_on_is_an_actor(seed_places) -> None:
    text, found = seed_places
    start = text.index("Moscow relies on")
    (moscow,) = [p for p in found if p.start == start]
    assert moscow.role == "actor" and moscow.latitude is None


def test_seed_focus_is_aleppo(seed_places) -> None:
    _, found = seed_places
    focus = document_focus(found)
    assert focus is not None and focus.name == "Aleppo"


def test_a_city_the_model_tags_as_a_nationality_is_still_a_place(places) -> None:
    text = "For most of the autumn, Washington and Moscow were the two capitals that mattered for Aleppo."
    found = places(text)
    assert [p.name for p in found if p.surface == "Aleppo" and p.role == "place"] == ["Aleppo"]
    assert not by_surface(places("Russian and Turkish officials met."), "Russian")


def test_the_syrian_capital_and_the_qalamoun_are_placed(places) -> None:
    found = places("At least 19 people were killed near the Syrian capital on Tuesday. "
                   "Fighting went on in the Qalamoun mountains and on the Golan Heights.")
    named = {p.surface: p for p in found if p.role == "place"}
    assert named["Syrian capital"].name == "Damascus"
    qalamoun = next(p for s, p in named.items() if s.startswith("Qalamoun"))
    assert qalamoun.admin1 == "Rif Dimashq Governorate"
    assert named["Golan Heights"].admin1 == "Quneitra Governorate"


def test_a_country_possessive_place_the_model_took_for_a_person(places) -> None:
    found = places("ISIL crucifies 9 men in Syrias Aleppo. A jihadist group executed nine men.")
    assert [p.name for p in found if p.surface == "Aleppo" and p.role == "place"] == ["Aleppo"]
