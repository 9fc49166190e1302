"""A place mention (a span of text and its gazetteer candidates), and the lookup that gives
it its candidates, trimming "northern ...", "... province", "Syria's ..." when needed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tabayyun.knowledge.gazetteer import Gazetteer, GeoEntry

__all__ = ["COUNTRY_OWNER", "Mention", "clean", "prepare"]

_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['’]s|['’])$")
_DIRECTION = re.compile(
    r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western|north-?east|north-?west|"
    r"south-?east|south-?west|upper|lower|greater|rural|downtown|metropolitan|suburban|"
    r"rebel-held|government-held|regime-held|besieged|opposition-held)\s+)+",
    re.IGNORECASE,
)
_DIVISION_WORDS = re.compile(
    r"\s+(?:province|governorate|state|region|countryside|county|parish|prefecture|district|oblast)$",
    re.IGNORECASE,
)
_DIVISION_AFTER = re.compile(r"\s+(?:province|governorate|state|countryside|region)\b", re.IGNORECASE)
_CITY_WORDS = re.compile(r"\s+(?:city|town|village)$", re.IGNORECASE)
_CITY_BEFORE = re.compile(r"\b(?:city|town|village) of\s+$", re.IGNORECASE)
_DIVISION_BEFORE = re.compile(r"\b(?:state|province|governorate) of\s+$", re.IGNORECASE)
COUNTRY_OWNER = re.compile(r"^([A-Z][\w\-]+?)(?:['’]s|s)\s+(?=\S)")  # "Syria's Aleppo", "Syrias Aleppo"


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    surface: str
    lookup: str  # the name looked up (the surface without "province", "northern", ...)
    source: str  # ner | curated | arabic
    candidates: tuple[GeoEntry, ...] = ()
    wants_division: bool = False
    wants_city: bool = False
    actor: bool = False
    choice: GeoEntry | None = None
    scores: list[float] = field(default_factory=list)
    names_country: bool = False  # the surface is a country's own name ("Mexico", not "Mexico City")


def clean(text: str, start: int, end: int) -> tuple[int, int]:
    surface = text[start:end]
    article = _ARTICLE.match(surface)
    if article:
        start += article.end()
    surface = text[start:end]
    trimmed = _TRAILING.sub("", surface).rstrip(" .,;:)(\"“”'")
    return start, start + len(trimmed)


def prepare(mention: Mention, text: str, gazetteer: Gazetteer) -> None:
    """Find candidates, trimming "northern ...", "... province", "... city" when needed."""
    surface = mention.surface
    after = text[mention.end:mention.end + 16]
    if _DIVISION_AFTER.match(after):
        mention.wants_division = True
    before = text[max(0, mention.start - 16):mention.start]
    if _CITY_BEFORE.search(before):
        mention.wants_city = True
    elif _DIVISION_BEFORE.search(before):
        mention.wants_division = True
    candidates = gazetteer.lookup(surface)
    if not candidates:
        core = surface
        direction = _DIRECTION.match(core)
        offset = 0
        if direction and direction.end() < len(core):
            offset = direction.end()
            core = core[offset:]
        division = _DIVISION_WORDS.search(core)
        city = _CITY_WORDS.search(core)
        if division and division.start() > 0:
            mention.wants_division = division.group().strip().lower() not in ("district", "county", "parish")
            core = core[:division.start()]
        elif city and city.start() > 0:
            mention.wants_city = True
            core = core[:city.start()]
        if core != surface:
            candidates = gazetteer.lookup(core)
            mention.lookup = core
            if candidates and offset:
                # "northern Syria": the place is "Syria"
                mention.start += offset
                mention.surface = text[mention.start:mention.end]
    if not candidates:
        owner = COUNTRY_OWNER.match(surface)
        if owner and any(e.feature == "country" for e in gazetteer.lookup(owner.group(1))):
            candidates = gazetteer.lookup(surface[owner.end():])
            if candidates:
                mention.lookup = surface[owner.end():]
                mention.start += owner.end()
                mention.surface = text[mention.start:mention.end]
    mention.candidates = candidates
