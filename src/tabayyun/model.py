"""The shared data model: every stage reads and writes these dataclasses.

Everything extracted carries ``start``/``end`` character offsets into the
document text, so ``text[start:end]`` is always the surface it came from.
The JSON contract (``schema/document.schema.json``) is the serialisation of
:class:`DocumentRecord` produced by :func:`to_json`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

CONTRACT_VERSION = "1.1"

DatePrecision = Literal["day", "week", "month", "year", "vague"]
Calendar = Literal["gregorian", "hijri"]
ActorType = Literal["person", "organization", "state", "armed_group", "media"]
ClaimKind = Literal["sourced", "quoted", "unsourced"]
QuoteKind = Literal["direct", "indirect"]
Severity = Literal["info", "warning", "error"]
HomeSource = Literal["option", "document", "learned"]


@dataclass(frozen=True, slots=True)
class PlaceHint:
    """A document's home area as the place resolver reads it: the country, first-level division
    (its gazetteer code) and point a local outlet reports from. Any part may be missing."""

    country: str | None = None
    admin1_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(slots=True)
class HomeArea:
    """Where the outlet of a document is based, as the analysis used it to read ambiguous place
    names ("Paris" in a Paris, Texas paper): a town (with its point), a first-level division or
    a country (no point), and where it came from: ``--home`` (option), the input's ``home``
    field (document) or learned from the outlet's documents by ``ingest --learn-home-areas``."""

    name: str  # "Paris, Texas", "Texas", "United States"
    country: str | None  # ISO alpha-2
    admin1: str | None  # first-level division name
    latitude: float | None  # the town's point; None for a division or a country
    longitude: float | None
    source: HomeSource
    admin1_code: str | None = None  # the division's gazetteer code; not in the JSON (see to_json)

    @property
    def hint(self) -> PlaceHint:
        """The form the place resolver reads."""
        return PlaceHint(self.country, self.admin1_code, self.latitude, self.longitude)


@dataclass(slots=True)
class Document:
    """A document as read from disk, before any analysis."""

    text: str
    source_path: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date
    published_source: str | None = None  # "option" | "metadata" | "dateline" | None
    language: str | None = None
    line: int | None = None  # line number inside a .jsonl file
    warnings: list[str] = field(default_factory=list)
    home: str | None = None  # the home area the input names (a .jsonl line's "home"), unresolved
    home_area: HomeArea | None = None  # the home area the analysis uses (see resolve/home_areas.py)

    @property
    def home_hint(self) -> PlaceHint | None:
        """The home area as the place resolver reads it."""
        return self.home_area.hint if self.home_area is not None else None

    @property
    def id(self) -> str:
        return document_id(self.text)


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    surface: str
    value: str  # TimeML value: YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www, PRESENT_REF, ...
    precision: DatePrecision
    calendar: Calendar = "gregorian"
    anchor: str | None = None  # what a relative date was resolved against, e.g. "citation:c3"
    gregorian: str | None = None  # for Hijri dates: the converted ISO date
    relative: bool = False  # resolved against an anchor ("on Thursday", "tomorrow")
    weekday: int | None = None  # weekday written with the date (0=Monday), for the weekday audit
    alternative: str | None = None  # value under the other day/month order, when that is valid too
    type: str = "DATE"  # TimeML type: DATE | TIME | DURATION | SET


@dataclass(slots=True)
class Citation:
    id: str
    outlet: str  # canonical outlet name
    outlet_surface: str
    outlet_start: int
    outlet_end: int
    date: str | None
    date_surface: str | None
    start: int  # span of the whole citation expression
    end: int
    kind: str  # parenthetical | inline-stated | according-to | reported | told | said-in | ...
    via: str | None = None  # id of the citation that relays this one
    outlet_id: str | None = None  # actor id of the outlet (type media)
    date_start: int | None = None
    date_end: int | None = None
    scope_start: int | None = None  # text this citation governs
    scope_end: int | None = None
    date_corrected: str | None = None  # the date a date-order finding says was meant


def citation_day(citation: Citation | None, by_id: Mapping[str, Citation]) -> str | None:
    """The day a citation stands for: its corrected date, else its own, else the date of the
    citation that relays it (walking the ``via`` chain)."""
    seen: set[str] = set()
    while citation is not None and citation.id not in seen:
        if citation.date_corrected or citation.date:
            return citation.date_corrected or citation.date
        seen.add(citation.id)
        citation = by_id.get(citation.via) if citation.via else None
    return None


@dataclass(slots=True)
class Speaker:
    name: str | None
    surface: str
    start: int
    end: int
    actor_id: str | None = None
    kind: str = "name"  # name | pronoun | role | outlet
    antecedent_start: int | None = None  # for pronouns/roles: the mention they were resolved to
    antecedent_end: int | None = None


@dataclass(slots=True)
class Cue:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Quote:
    id: str
    text: str
    start: int
    end: int
    speaker: Speaker | None
    cue: Cue | None
    kind: QuoteKind
    citation: str | None = None
    date: str | None = None


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    surface: str


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: ActorType
    country: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    known: bool = True  # False when the actor came from NER alone, not the knowledge base


@dataclass(slots=True)
class Claim:
    start: int
    end: int
    kind: ClaimKind
    citations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Finding:
    kind: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None


@dataclass(slots=True)
class Place:
    """A place named in the text, geocoded offline (or an actor use of a place name, see ``role``)."""

    start: int
    end: int
    surface: str
    name: str
    country: str | None = None  # ISO alpha-2
    admin1: str | None = None  # first-level division name
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    feature: str | None = None  # city | admin1 | country | district | base | crossing | road | region
    precision: str = "point"  # point | admin1 | country | region
    role: str = "place"  # place | actor ("Moscow relies on..." names a government: not a map point)
    confidence: float = 1.0


@dataclass(slots=True)
class EventPlace:
    name: str
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None


@dataclass(slots=True)
class Event:
    """Who did what to whom, when and where, as one sentence of one document tells it."""

    id: str
    type: str  # PLOVER: AGREE, CONSULT, SUPPORT, ..., ASSAULT
    mode: str | None  # e.g. aerial, shelling, telephone, visit
    source_actor: str | None  # actor id
    target_actor: str | None  # actor id
    date: str | None
    date_precision: str  # sentence | citation | published | none
    place: EventPlace | None
    start: int  # the predicate ("shelled", "held talks")
    end: int
    sentence: str
    citation: str | None = None
    negated: bool = False
    modality: str = "asserted"  # asserted | planned | hypothetical | reported-intent
    confidence: float = 1.0
    place_precision: str = "none"  # sentence | focus | none
    sentence_start: int | None = None
    sentence_end: int | None = None
    source_name: str | None = None
    target_name: str | None = None


@dataclass(slots=True)
class DocumentRecord:
    id: str
    source_path: str
    title: str | None
    url: str | None
    published: str | None
    language: str
    text: str
    day_first: bool | None = None
    citations: list[Citation] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    main_event: str | None = None
    warnings: list[str] = field(default_factory=list)
    home_area: HomeArea | None = None

    def stats(self) -> dict[str, Any]:
        total = len(self.claims) or 1
        counts = {k: sum(1 for c in self.claims if c.kind == k) for k in ("sourced", "quoted", "unsourced")}
        return {
            "sentences": len(self.claims),
            **counts,
            **{f"{k}_share": round(v / total, 3) for k, v in counts.items()},
        }


def normalise_text(text: str) -> str:
    """The text form that documents are identified by (NFC, unified newlines)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def document_id(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def to_json(record: DocumentRecord) -> dict[str, Any]:
    """The JSON contract for one document."""
    data = asdict(record)
    if data["home_area"] is not None:
        del data["home_area"]["admin1_code"]  # the resolver's key, not part of the contract
    data["contract_version"] = CONTRACT_VERSION
    data["stats"] = record.stats()
    return data
