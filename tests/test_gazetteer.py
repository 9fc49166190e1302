"""The offline gazetteer: building, name normalisation, curated places, lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabayyun.knowledge.gazetteer import (
    Gazetteer,
    distance_km,
    gazetteer_version,
    normalise_name,
)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """A gazetteer with the cities of four countries only (curated places are always in)."""
    path = tmp_path_factory.mktemp("gazetteer") / "small.sqlite"
    return Gazetteer.build(path, countries={"SY", "TR", "US", "FR"})


@pytest.fixture(scope="module")
def real() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aleppo", "ALEPPO"),
        ("Çavuşoğlu", "Cavusoglu"),
        ("Deir ez-Zor", "Deir Zor"),
        ("al-Bab", "Al Bab"),
        ("El-Bab", "Bab"),
        ("Ras al-Ain", "Ras Ain"),
        ("St. Louis", "Saint Louis"),
        ("أدلب", "ادلب"),  # alef with hamza
        ("إدلب", "ادلب"),
        ("الرقة", "رقه"),  # article, taa marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
    ],
)
def test_normalise_name_folds_spelling_variants(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_normalise_name_keeps_al_inside_a_word() -> None:
    assert normalise_name("Alanya") != normalise_name("Anya")
    assert normalise_name("Alanya") == "alanya"


def test_build_writes_only_the_final_file(tmp_path: Path) -> None:
    target = tmp_path / "g.sqlite"
    gazetteer = Gazetteer.build(target, countries={"LB"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.sqlite"]
    assert gazetteer.meta()["version"] == gazetteer_version()
    assert gazetteer.meta()["countries"] == "LB"
    assert gazetteer.lookup("Beirut")[0].country == "LB"


def test_default_gazetteer_is_named_after_its_version(real: Gazetteer) -> None:
    assert real.path.name == f"gazetteer-{gazetteer_version()}.sqlite"


def test_small_build_keeps_other_countries_out_but_curated_places_in(small: Gazetteer) -> None:
    assert small.lookup("Damascus")[0].country == "SY"
    assert all(e.country != "IQ" or e.feature != "city" for e in small.lookup("Mosul"))
    assert small.lookup("Baghdad Governorate")[0].feature == "admin1"


def test_countries_have_points(small: Gazetteer) -> None:
    syria = small.country("SY")
    assert syria is not None and syria.feature == "country" and syria.precision == "country"
    assert distance_km(syria.latitude, syria.longitude, 35.0, 38.0) < 50
    assert small.lookup("Syria")[0] == syria
    assert small.lookup("سوريا")[0].country == "SY"


def test_divisions_name_the_cities_inside_them(small: Gazetteer) -> None:
    aleppo = small.lookup("Aleppo")[0]
    assert (aleppo.country, aleppo.feature, aleppo.admin1) == ("SY", "city", "Aleppo Governorate")
    province = small.lookup("Idlib Province")[0]
    assert province.feature == "admin1" and province.admin1 == "Idlib Governorate"
    assert small.division("SY", province.admin1_code) == province
    texas = small.lookup("Texas")[0]
    assert (texas.feature, texas.admin1_code) == ("admin1", "TX")
    assert small.lookup("W.Va.")[0].name == "West Virginia"


@pytest.mark.parametrize(
    ("name", "feature", "country"),
    [
        ("Hmeimim", "base", "SY"),
        ("Khmeimim air base", "base", "SY"),
        ("حميميم", "base", "SY"),
        ("Castello road", "road", "SY"),
        ("Incirlik", "base", "TR"),
        ("Bab al-Hawa", "crossing", "SY"),
        ("Cilvegozu", "crossing", "TR"),
        ("Masaken Hanano", "district", "SY"),
        ("Eastern Ghouta", "region", "SY"),
        ("T4", "base", "SY"),
    ],
)
def test_supplement_entries(small: Gazetteer, name: str, feature: str, country: str) -> None:
    entry = small.lookup(name)[0]
    assert (entry.feature, entry.country) == (feature, country)
    assert entry.geonames_id is None  # curated, not from GeoNames


def test_hmeimim_is_near_latakia(small: Gazetteer) -> None:
    base = small.lookup("Hmeimim")[0]
    latakia = small.lookup("Latakia")[0]
    assert base.admin1 == "Latakia Governorate"
    assert distance_km(base.latitude, base.longitude, latakia.latitude, latakia.longitude) < 30


def test_real_gazetteer_resolves_aleppo_in_three_spellings(real: Gazetteer) -> None:
    found = {real.lookup(name)[0].id for name in ("Aleppo", "Halab", "حلب")}
    assert found == {170063}


def test_lookup_orders_by_population(real: Gazetteer) -> None:
    paris = real.lookup("Paris")
    assert paris[0].country == "FR"
    assert any(e.country == "US" and e.admin1 == "Texas" for e in paris)
    assert [e.population for e in paris] == sorted((e.population for e in paris), reverse=True)


def test_unknown_names_give_nothing(real: Gazetteer) -> None:
    assert real.lookup("Xqzzyville") == ()
    assert real.lookup("") == ()
