"""Home areas: where the outlet of a document is based, given or learned.

A local paper names places without their state ("Paris" in a Paris, Texas paper). The
place resolver reads such names better when it knows the document's home area
(:class:`~tabayyun.model.PlaceHint`). This module makes one, three ways:

* **given by name**: :func:`resolve_home` turns "Paris, Texas", "Paris, TX", "Texas" or
  "United States" into a home area through the gazetteer (``--home`` and a ``.jsonl``
  line's ``home`` field);
* **learned**: :class:`HomeAreaLearner` keeps, per outlet (the host of a document's url,
  "www." dropped: :func:`outlet_of`), a small :class:`HomeTally` of the place names its
  documents use, and learns each outlet's home area from it with the rule of
  ``_home_votes`` and :meth:`HomeTally.home` (the tally holds the votes instead of the
  documents, so memory does not grow with them);
* :class:`HomeAssigner` gives each document its home area, in this order: ``--home``
  (``source="option"``), the document's own ``home`` (``"document"``), the one learned for
  its outlet (``"learned"``).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from tabayyun.extract.places import POINT_FEATURES
from tabayyun.knowledge.gazetteer import Gazetteer, GeoEntry, normalise_name
from tabayyun.model import Document, HomeArea, HomeSource, Place, PlaceHint
from tabayyun.settings import SETTINGS

__all__ = [
    "Home",
    "HomeAreaLearner",
    "HomeAssigner",
    "HomeTally",
    "UnknownHome",
    "outlet_of",
    "resolve_home",
]


class UnknownHome(ValueError):
    """A home area name the gazetteer cannot place."""


@dataclass(frozen=True, slots=True)
class Home:
    """A resolved home area: its display name, division name and the resolver's hint."""

    name: str
    admin1: str | None
    hint: PlaceHint

    def area(self, source: HomeSource) -> HomeArea:
        """The record's form (the JSON contract's ``home_area``), with where it came from."""
        hint = self.hint
        return HomeArea(self.name, hint.country, self.admin1, hint.latitude, hint.longitude, source,
                        hint.admin1_code)


# --------------------------------------------------------------------------- names


def _division_name(entry_country: str | None, admin1_code: str | None, gazetteer: Gazetteer,
                   fallback: str | None = None) -> str | None:
    division = gazetteer.division(entry_country, admin1_code)
    return division.name if division is not None else fallback


def _home_of(entry: GeoEntry, gazetteer: Gazetteer) -> Home:
    """A gazetteer entry as a home area: a country or a division without a point (its
    centroid says nothing about where its towns are), a town with its point."""
    country = gazetteer.country(entry.country) if entry.country else None
    country_name = country.name if country is not None else entry.country
    if entry.feature == "country":
        return Home(entry.name, None, PlaceHint(entry.country))
    admin1 = _division_name(entry.country, entry.admin1_code, gazetteer, entry.admin1)
    if entry.feature == "admin1":
        return Home(entry.name, admin1 or entry.name, PlaceHint(entry.country, entry.admin1_code))
    if entry.feature in POINT_FEATURES:
        name = f"{entry.name}, {admin1 or country_name}" if (admin1 or country_name) else entry.name
        return Home(name, admin1, PlaceHint(entry.country, entry.admin1_code, entry.latitude, entry.longitude))
    # a county or a region: its division, else its country
    if entry.admin1_code:
        return Home(f"{entry.name}, {admin1}" if admin1 else entry.name, admin1,
                    PlaceHint(entry.country, entry.admin1_code))
    return Home(entry.name, None, PlaceHint(entry.country))


def _containers(part: str, gazetteer: Gazetteer) -> set[tuple[str | None, str | None]]:
    """What "Texas", "TX", "France" may mean after a comma: (country, admin1 code or None)."""
    found: set[tuple[str | None, str | None]] = set()
    for entry in gazetteer.lookup(part):
        if not entry.primary or entry.country is None:
            continue
        if entry.feature == "country":
            found.add((entry.country, None))
        elif entry.feature == "admin1":
            found.add((entry.country, entry.admin1_code))
    code = part.strip().upper()
    if not found and part.strip().isupper() and 2 <= len(code) <= 3:
        division = gazetteer.division("US", code)  # "Paris, TX": US postal codes of the states
        if division is not None:
            found.add(("US", code))
    return found


def _inside(entry: GeoEntry, containers: set[tuple[str | None, str | None]]) -> bool:
    return any(entry.country == country and (code is None or entry.admin1_code == code)
               for country, code in containers)


_HOW = '; name a town with its state or country ("Paris, Texas"), a state or a country'


def resolve_home(name: str, gazetteer: Gazetteer | None = None) -> Home:
    """The home area a name gives: "Paris, Texas" (or "Paris, TX") is the town in that state,
    "Texas" the state (no point), "United States" the country only; a bare town name is its
    most populous place of that name ("Paris" is Paris, France), a country first ("Georgia" is
    the country, "Georgia, United States" the state). Raises :class:`UnknownHome`
    when the gazetteer has no such place."""
    gazetteer = gazetteer or Gazetteer.load()
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if not parts:
        raise UnknownHome(f"unknown home area {name!r}: it names nothing{_HOW}")
    where: list[set[tuple[str | None, str | None]]] = []
    for part in parts[1:]:
        containers = _containers(part, gazetteer)
        if not containers:
            raise UnknownHome(f"unknown home area {name!r}: the gazetteer has no country or state "
                              f"called {part!r}{_HOW}")
        where.append(containers)
    candidates = [e for e in gazetteer.lookup(parts[0])
                  if e.country is not None and all(_inside(e, c) for c in where)]
    if not candidates:
        if not gazetteer.lookup(parts[0]):
            raise UnknownHome(f"unknown home area {name!r}: the gazetteer has no place called {parts[0]!r}{_HOW}")
        raise UnknownHome(f"unknown home area {name!r}: the gazetteer has no {parts[0]!r} in "
                          f"{', '.join(parts[1:])}{_HOW}")
    # its own name before an alternate one, a country before anything named like it
    # ("Georgia" is the country; "Georgia, United States" the state), then the most populous
    best = min(candidates, key=lambda e: (not e.primary, e.feature != "country", candidates.index(e)))
    return _home_of(best, gazetteer)


# --------------------------------------------------------------------------- outlets


def outlet_of(url: str | None) -> str | None:
    """The outlet a document's url names: its host, lower-cased, without "www."; None when
    the document has no url (or no host in it)."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.") or None


# --------------------------------------------------------------------------- learning




def _home_votes(documents: Iterable[Sequence[Place]], gazetteer: Gazetteer
                ) -> tuple[Counter[tuple[str, str]], Counter[str], int]:
    """The divisions' votes, the names' document counts and the number of documents. Every
    name votes for the first-level divisions that have a place so called, one vote shared
    among them ("Springfield" says little, "Lamar County" much; a division's own name votes
    for it alone); countries do not vote; every document's votes are scaled to one, so a wire
    story listing ten states weighs no more than a local one. Our own resolutions are not
    trusted here: a paper in Paris, Tennessee resolves its "Paris" to France until it knows
    its home."""
    total = 0
    votes: Counter[tuple[str, str]] = Counter()
    names: Counter[str] = Counter()
    for places in documents:
        total += 1
        document: Counter[tuple[str, str]] = Counter()
        seen: set[str] = set()
        for place in places:
            key = normalise_name(place.surface)
            if place.role != "place" or key in seen:
                continue
            seen.add(key)
            entries = gazetteer.lookup(place.surface)
            if any(e.feature == "country" and e.primary for e in entries):
                continue  # a local paper names the world's countries: they say nothing of home
            named = {(e.country, e.admin1_code) for e in entries if e.feature == "admin1" and e.primary}
            divisions = named or {(e.country, e.admin1_code) for e in entries
                                  if e.primary and e.country and e.admin1_code}
            for division in divisions:
                document[division] += 1.0 / len(divisions)
            names[key] += 1
        weight = sum(document.values())
        for division, share in document.items():
            votes[division] += share / weight
    return votes, names, total


@dataclass(slots=True)
class HomeTally:
    """One outlet's home-area votes, summed over its documents (never the documents):
    the first-level divisions' votes, how many documents use each place name, and the
    number of documents. See :func:`_home_votes` for the votes."""

    votes: Counter[tuple[str, str]] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    documents: int = 0

    def add(self, places: Sequence[Place], gazetteer: Gazetteer) -> None:
        """Count one document's places (their surfaces and roles are all that is read)."""
        votes, names, total = _home_votes([places], gazetteer)
        self._add(votes, names, total)

    def merge(self, other: HomeTally) -> None:
        self._add(other.votes, other.names, other.documents)

    def _add(self, votes: Counter[tuple[str, str]], names: Counter[str], documents: int) -> None:
        for division, share in votes.items():
            self.votes[division] += share
        for key, n in names.items():
            self.names[key] += n
        self.documents += documents

    def home(self, gazetteer: Gazetteer) -> Home | None:
        """The outlet's home area: the division with the most votes, at least one, ``SETTINGS.places.home_share`` per
        document and ``SETTINGS.places.home_lead`` times the runner-up's; its point is the town there whose
        name the most documents (two at least) use; else the division without a point."""
        if not self.votes:
            return None
        ranked = self.votes.most_common(2)
        (country, admin1_code), count = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if count < 1.0 or count < SETTINGS.places.home_share * self.documents or count < SETTINGS.places.home_lead * runner_up:
            return None
        admin1 = _division_name(country, admin1_code, gazetteer)
        for key, n in self.names.most_common():
            if n < 2:
                break
            towns = [e for e in gazetteer.lookup(key) if e.primary and e.feature == "city"
                     and (e.country, e.admin1_code) == (country, admin1_code)]
            if towns:
                return _home_of(towns[0], gazetteer)
        if admin1 is None:
            country_entry = gazetteer.country(country)
            label = f"{admin1_code}, {country_entry.name if country_entry else country}"
            return Home(label, None, PlaceHint(country, admin1_code))
        return Home(admin1, admin1, PlaceHint(country, admin1_code))

    def hint(self, gazetteer: Gazetteer) -> PlaceHint | None:
        home = self.home(gazetteer)
        return home.hint if home is not None else None


class HomeAreaLearner:
    """Per-outlet tallies of the places found in documents, then each outlet's home area.
    Holds one :class:`HomeTally` per outlet, so memory grows with outlets, not documents."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.load()
        self.tallies: dict[str, HomeTally] = {}

    def add(self, url: str | None, places: Sequence[Place]) -> None:
        """One document's places, counted for its outlet (none without a url)."""
        outlet = outlet_of(url)
        if outlet is not None:
            self.tallies.setdefault(outlet, HomeTally()).add(places, self.gazetteer)

    def add_stored(self, conn: sqlite3.Connection) -> int:
        """The places of the current documents already in a store, for the outlets seen so
        far; returns how many documents counted."""
        if not self.tallies:
            return 0
        counted = 0
        documents = conn.execute("SELECT id, url FROM documents WHERE current = 1 AND url IS NOT NULL")
        for doc_id, url in documents:
            tally = self.tallies.get(outlet_of(url) or "")
            if tally is None:
                continue
            rows = conn.execute('SELECT start, "end", surface, role FROM places WHERE doc_id = ? ORDER BY start',
                                (doc_id,))
            places = [Place(start=s, end=e, surface=surface, name=surface, role=role) for s, e, surface, role in rows]
            tally.add(places, self.gazetteer)
            counted += 1
        return counted

    def homes(self) -> dict[str, Home]:
        """Every outlet whose documents point to one home area, with it."""
        homes: dict[str, Home] = {}
        for outlet, tally in self.tallies.items():
            home = tally.home(self.gazetteer)
            if home is not None:
                homes[outlet] = home
        return homes


def learn_home_areas(documents: Iterable[tuple[str | None, Sequence[Place]]],
                     gazetteer: Gazetteer | None = None) -> dict[str, Home]:
    """Each outlet's home area from (url, places found) pairs: the product's learning rule."""
    learner = HomeAreaLearner(gazetteer)
    for url, places in documents:
        learner.add(url, places)
    return learner.homes()


# --------------------------------------------------------------------------- assigning


class HomeAssigner:
    """Gives documents their home area: ``option`` (``--home``) first, then the document's
    own ``home`` field, then the home ``learned`` for its outlet. A document ``home`` the
    gazetteer cannot place becomes a warning on the document and is ignored."""

    def __init__(self, option: Home | None = None, learned: Mapping[str, Home] | None = None,
                 gazetteer: Gazetteer | None = None) -> None:
        self.option = option
        self.learned = dict(learned or {})
        self._gazetteer = gazetteer
        self._resolve = lru_cache(maxsize=1024)(self._resolve_name)

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.load()
        return self._gazetteer

    def _resolve_name(self, name: str) -> Home | str:
        try:
            return resolve_home(name, self.gazetteer)
        except UnknownHome as exc:
            return str(exc)

    def __call__(self, document: Document) -> Document:
        home, source = None, None
        if self.option is not None:
            home, source = self.option, "option"
        elif document.home:
            found = self._resolve(document.home)
            if isinstance(found, Home):
                home, source = found, "document"
            else:
                document.warnings.append(f"field 'home' ignored: {found.partition('; ')[0]}")
        if home is None and self.learned:
            outlet = outlet_of(document.url)
            if outlet is not None and outlet in self.learned:
                home, source = self.learned[outlet], "learned"
        if home is not None and source is not None:
            document.home_area = home.area(source)  # its .hint is what the place resolver reads
        return document
