"""Resolution: each mention's candidates scored (population prior, the document's countries and
divisions, apposition, lists, nearby places, the home area) and the best one chosen."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace

from tabayyun.extract.places.mentions import Mention
from tabayyun.knowledge.gazetteer import GeoEntry, distance_km
from tabayyun.model import PlaceHint
from tabayyun.settings import SETTINGS

__all__ = ["POINT_FEATURES", "confidence", "resolve"]

_LIST_GLUE = frozenset({", ", ",", " and ", ", and ", " or ", ", or "})
POINT_FEATURES = frozenset({"city", "base", "crossing", "road", "district"})


@dataclass(slots=True)
class _Context:
    countries: Counter[str] = field(default_factory=Counter)
    divisions: set[tuple[str, str]] = field(default_factory=set)
    anchors: list[tuple[int, float, float]] = field(default_factory=list)  # (mention index, lat, lon)
    # per candidate point: its two nearest anchor points and the mentions that chose each
    _nearest: dict[tuple[float, float], list[tuple[float, frozenset[int]]]] = field(default_factory=dict)
    _owners: dict[tuple[float, float], frozenset[int]] | None = None
    hint: PlaceHint | None = None

    def nearest_anchor_km(self, latitude: float, longitude: float, mention: int) -> float | None:
        """Distance to the nearest point chosen by another mention (a place repeated a thousand
        times is one anchor point, so this stays linear in the length of the document)."""
        if self._owners is None:
            owners: dict[tuple[float, float], set[int]] = {}
            for j, lat, lon in self.anchors:
                owners.setdefault((lat, lon), set()).add(j)
            self._owners = {point: frozenset(js) for point, js in owners.items()}
        key = (latitude, longitude)
        nearest = self._nearest.get(key)
        if nearest is None:
            ranked = sorted(
                (distance_km(latitude, longitude, lat, lon), js) for (lat, lon), js in self._owners.items()
            )
            nearest = self._nearest[key] = ranked[:2]
        for distance, js in nearest:
            if js != {mention}:  # a mention is no anchor for itself
                return distance
        return None


def _prior(entry: GeoEntry) -> float:
    score = math.log10(max(entry.population, 100)) + 0.4 * math.log2(1 + entry.alternates)
    if entry.feature == "country":
        score += 3.0
    elif entry.feature == "admin1":
        score += 1.5
    elif entry.feature == "region":
        score += 4.0
    elif entry.feature in ("base", "crossing", "road", "district"):
        score += 9.0  # curated and specific: the name means this
    elif entry.feature == "admin2":
        score += 3.0
    if entry.capital:
        score += 2.5  # national capitals are named far more often than their size suggests
    if entry.primary:
        score += 1.0
    return score


def _score(entry: GeoEntry, mention: Mention, i: int, ctx: _Context, nxt: Mention | None,
           listed_with: GeoEntry | None = None) -> float:
    score = _prior(entry)
    if mention.names_country:
        # a country's own name means the country, not a city that has it as an alternate name
        if entry.feature == "country" and entry.primary:
            score += 2.0
        elif not entry.primary:
            score -= 2.5
    if listed_with is not None and listed_with.feature == "admin1" and entry.feature == "admin1":
        score += 3.0  # "Nevada, Ohio, Oregon": a list of states goes on with states
    if mention.wants_division:
        score += 4.0 if entry.feature == "admin1" else 0.0
    if mention.wants_city and entry.feature == "city":
        score += 2.0
    if entry.country and ctx.countries:
        share = ctx.countries[entry.country] / max(1, sum(ctx.countries.values()))
        if ctx.countries[entry.country] > 0:
            score += 1.0 + 2.5 * share
    if entry.feature != "admin1" and entry.country and entry.admin1_code and (entry.country, entry.admin1_code) in ctx.divisions:
        score += 3.5
    # apposition: "Paris, Texas", "Idlib, Syria"
    if nxt is not None and nxt.choice is not None and entry.feature not in ("country", "region"):
        container = nxt.choice
        if container.feature == "country" and container.country == entry.country:
            score += 3.0
        elif container.feature == "admin1" and (container.country, container.admin1_code) == (entry.country, entry.admin1_code):
            score += 5.0
    if ctx.anchors and entry.feature not in ("country", "region"):
        best = ctx.nearest_anchor_km(entry.latitude, entry.longitude, i)
        if best is not None:
            score += 2.5 * math.exp(-best / 150.0)
    if ctx.hint is not None and entry.feature not in ("country", "region"):
        score += _hint_bonus(entry, ctx.hint)
    return score


def _hint_bonus(entry: GeoEntry, hint: PlaceHint) -> float:
    """How much the home area speaks for a candidate: its country, its division, its nearness."""
    if hint.country is None or entry.country != hint.country:
        return 0.0
    score = SETTINGS.places.hint_country
    if hint.admin1_code is not None and entry.admin1_code == hint.admin1_code:
        score += SETTINGS.places.hint_division
    if hint.latitude is not None and hint.longitude is not None and entry.feature in POINT_FEATURES:
        score += SETTINGS.places.hint_near * math.exp(-distance_km(entry.latitude, entry.longitude, hint.latitude, hint.longitude) / 100.0)
    return score


def resolve(mentions: list[Mention], text: str, base_countries: Counter[str],
             hint: PlaceHint | None = None) -> None:
    ctx = _Context(countries=Counter(base_countries), hint=hint)
    # unambiguous countries and divisions make context before anything is chosen
    for mention in mentions:
        if mention.candidates and mention.candidates[0].feature == "country" and mention.candidates[0].primary:
            ctx.countries[mention.candidates[0].country or ""] += 1
        mention.names_country = any(e.feature == "country" and e.primary for e in mention.candidates) and not any(
            e.feature == "admin1" and e.primary for e in mention.candidates)  # "Georgia" stays open
    for round_ in range(3):
        for i, mention in enumerate(mentions):
            if not mention.candidates:
                continue
            nxt = _apposition(mentions, i, text)
            listed = _listed_after(mentions, i, text)
            own = mention.choice.country if mention.choice is not None and not mention.actor else None
            if own:
                ctx.countries[own] -= 1  # a mention is no context for itself
            scored = sorted(
                ((_score(e, mention, i, ctx, nxt, listed), e) for e in mention.candidates[:200]),
                key=lambda pair: -pair[0],
            )
            if own:
                ctx.countries[own] += 1
            mention.choice = scored[0][1]
            mention.scores = [s for s, _ in scored[:2]]
        ctx = _Context(countries=Counter(base_countries), hint=hint)
        for i, mention in enumerate(mentions):
            entry = mention.choice
            if entry is None or mention.actor:
                continue
            if entry.country:
                ctx.countries[entry.country] += 1
            if entry.feature in ("admin1", "admin2") and entry.admin1_code:
                ctx.divisions.add((entry.country or "", entry.admin1_code))
            if entry.feature in POINT_FEATURES or entry.feature == "admin1":
                ctx.anchors.append((i, entry.latitude, entry.longitude))
        del round_
    _place_counties(mentions, hint)


def _place_counties(mentions: list[Mention], hint: PlaceHint | None = None) -> None:
    """A county has no point of its own here: put it at the document's first place in its
    state (local news names a county next to its towns), else at the home area's point when
    it lies in that state, else leave it at the state's point."""
    first_in_state: dict[tuple[str, str], GeoEntry] = {}
    for mention in mentions:
        entry = mention.choice
        if entry is not None and entry.feature == "city" and entry.country and entry.admin1_code:
            first_in_state.setdefault((entry.country, entry.admin1_code), entry)
    for mention in mentions:
        entry = mention.choice
        if entry is None or entry.feature != "admin2" or not entry.country or not entry.admin1_code:
            continue
        near = first_in_state.get((entry.country, entry.admin1_code))
        if near is not None:
            mention.choice = replace(entry, latitude=near.latitude, longitude=near.longitude)
        elif (hint is not None and hint.latitude is not None and hint.longitude is not None
              and (hint.country, hint.admin1_code) == (entry.country, entry.admin1_code)):
            mention.choice = replace(entry, latitude=hint.latitude, longitude=hint.longitude)


def _apposition(mentions: list[Mention], i: int, text: str) -> Mention | None:
    if i + 1 >= len(mentions):
        return None
    nxt = mentions[i + 1]
    glue = text[mentions[i].end:nxt.start]
    return nxt if glue in (", ", ",", " , ") else None


def _listed_after(mentions: list[Mention], i: int, text: str) -> GeoEntry | None:
    """The choice of the place just before this one in a list ("..., Ohio, Oregon")."""
    if i == 0:
        return None
    previous = mentions[i - 1]
    return previous.choice if text[previous.end:mentions[i].start] in _LIST_GLUE else None


def confidence(scores: list[float]) -> float:
    if len(scores) < 2:
        return 1.0 if scores else 0.0
    return round(1.0 / (1.0 + math.exp(-(scores[0] - scores[1]))), 3)

