"""The focus of a document: its main place, from the places found in it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tabayyun.model import Place
from tabayyun.settings import SETTINGS

__all__ = ["document_focus"]



def document_focus(places: Sequence[Place]) -> Place | None:
    """The document's main place: in the country the document names most (a Beirut dateline
    on a Syria story is not its focus), the first-level division it names most (its towns and
    the division itself count together; the headline and lead count more), and there the most
    mentioned city-level place (ties: the earliest)."""
    located = sorted((p for p in places if p.role == "place" and p.latitude is not None),
                     key=lambda p: p.start)
    countries = Counter(p.country for p in located if p.country)
    divisions: Counter[tuple[str | None, str]] = Counter()
    counts: Counter[tuple[str, float | None, float | None]] = Counter()
    first: dict[tuple[str, float | None, float | None], Place] = {}
    for place in located:
        weight = SETTINGS.places.lead_weight if place.start < SETTINGS.places.lead_chars else 1
        if place.admin1:
            divisions[(place.country, place.admin1)] += weight
        if place.precision != "point":
            continue
        key = (place.name, place.latitude, place.longitude)
        counts[key] += weight
        first.setdefault(key, place)
    if not counts:
        return None
    top_country = max(countries.values(), default=0)

    def rank(key: tuple[str, float | None, float | None]) -> tuple[bool, int, int, int]:
        place = first[key]
        division = divisions[(place.country, place.admin1)] if place.admin1 else 0
        return (countries[place.country] == top_country, division, counts[key], -place.start)

    return first[max(counts, key=rank)]
