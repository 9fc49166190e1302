"""The tuning numbers of the analysis, the corpus and the readers, in one typed place.

Every weight, window and threshold that shapes an output lives here with its meaning, grouped
by the stage that reads it; modules read ``SETTINGS.<group>.<name>`` instead of keeping
constants of their own. The values are the ones the benchmarks were measured with: change one
and run ``benchmarks/behaviour_digest.py`` to see which outputs move, then the benchmark of that
stage to see whether they moved the right way.

Limits of the input formats (how many bytes sniffed, how long a dateline line may be) stay
beside the readers that enforce them: they describe formats, not choices of the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "SETTINGS",
    "AnalysisSettings",
    "AuditSettings",
    "CorpusSettings",
    "EventSettings",
    "PlaceSettings",
    "QuoteSettings",
    "ReportSettings",
    "Settings",
    "WebSettings",
]


@dataclass(frozen=True, slots=True)
class AnalysisSettings:
    """Parsing and worker processes (:mod:`tabayyun.nlp`, :mod:`tabayyun.pipeline`)."""

    chunk_chars: int = 100_000
    """Texts longer than this are parsed in paragraph-aligned chunks (spaCy's own limit is higher,
    its memory use is not)."""
    parse_batch_chars: int = 200_000
    """Characters spaCy holds in one ``nlp.pipe`` batch at most: a batch of long texts is smaller."""
    worker_task_docs: int = 4
    """Documents per task sent to a worker process: small, so that no worker idles at the end."""
    tasks_ahead_per_worker: int = 3
    """Tasks queued ahead per worker: what bounds memory on an endless input."""


@dataclass(frozen=True, slots=True)
class QuoteSettings:
    """Statements and claims (:mod:`tabayyun.extract.quotes`, ``arabic_speech``, ``claims``)."""

    min_unattributed_words: int = 4
    """A quoted passage with no attribution is kept (speaker unknown) only from this many words on,
    and a shorter one only when its cue introduces it directly: short quoted phrases are mostly
    scare quotes and titles."""
    arabic_max_subject_chars: int = 120
    """Arabic reported speech: characters between the speech verb and its content at most."""
    claim_quoted_share: float = 0.5
    """A sentence counts as quoted (not the author's voice) when quotes cover this share of it."""


@dataclass(frozen=True, slots=True)
class PlaceSettings:
    """Geocoding (:mod:`tabayyun.extract.places`, :mod:`tabayyun.resolve.home_areas`)."""

    hint_country: float = 1.0
    """Score a candidate gets for lying in the home area's country."""
    hint_division: float = 3.5
    """More for lying in the home area's first-level division (state, governorate)."""
    hint_near: float = 2.5
    """More, decaying over 100 km, for lying near the home area's town."""
    lead_chars: int = 400
    """Headline and lead: the places named there count more for the story's focus."""
    lead_weight: int = 3
    """How many times more a lead mention counts for the focus."""
    home_share: float = 0.15
    """Learning an outlet's home: the votes per document its home division needs ..."""
    home_lead: float = 1.25
    """... and how many times the runner-up's votes."""


@dataclass(frozen=True, slots=True)
class EventSettings:
    """Event coding (:mod:`tabayyun.extract.events`)."""

    max_side_actors: int = 6
    """Actors taken on each side (source, target) of one event at most: a long coordinated list
    is cut here, so that its pairs do not multiply."""
    elaboration_sentences: int = 3
    """A lead event with no place takes the place of the same kind of event retold within this
    many following event sentences."""
    lead_sentences: int = 3
    """The lead, where the main event of a story is looked for first: this many sentences after
    a title line."""


@dataclass(frozen=True, slots=True)
class AuditSettings:
    """Date audit rules (:mod:`tabayyun.audit.dates`)."""

    swap_near_days: int = 31
    """A date whose day and month swapped lands within this many days of its reference ..."""
    swap_far_days: int = 60
    """... while as written it lies further than this: a day/month swap is suggested."""
    twin_window_chars: int = 80
    """A Hijri date and the Gregorian date beside it (within these characters) name one day."""


@dataclass(frozen=True, slots=True)
class CorpusSettings:
    """Cross-document resolution (:mod:`tabayyun.corpus`)."""

    actor_ratio: float = 92.0
    """Two actor names (rapidfuzz ratio, 0-100) at or above this are one actor."""
    statement_ratio: float = 90.0
    """Two statements of one speaker at or above this ratio are one statement."""
    neighbour_window: int = 4
    """Sorted keys compared with this many neighbours before them (near-duplicate search)."""
    min_fuzzy_statement_chars: int = 20
    """Normalised characters a statement needs before near-identical matching applies."""
    min_conflict_words: int = 6
    """Words a quote needs before two speakers of it count as a conflicting attribution."""
    min_statement_words: int = 4
    """Words a quote needs to join a statement cluster by its words."""


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """The situation report (:mod:`tabayyun.report.situation`)."""

    nearby_km: float = 20.0
    """Events and places this close to a named city count as in that city."""
    carriers_shown: int = 12
    """Carriers listed per line; the rest are counted."""
    scan_factor: int = 25
    """Rows read per line wanted before a streamed section stops looking."""
    scan_rows: int = 50_000
    """Items of the date range a place or text filter reads at most per section."""
    count_cap: int = 100_000
    """Document counts stop here ("more than ...")."""


@dataclass(frozen=True, slots=True)
class WebSettings:
    """The evidence browser's bounds (:mod:`tabayyun.web`)."""

    count_cap: int = 1000
    """Counts shown on a page stop here ("1000+"): an exact count of a big table is a scan."""
    timeline_scan: int = 5000
    """Index entries a timeline walk reads at most when its filter has no index."""
    report_lines: int = 100
    """Lines per section of the report page (the exports have them all)."""
    query_time_limit: float = 1.0
    """Seconds the queries of one request may take before they are stopped and the request
    answers 503 (Datasette's default too); ``tabayyun serve --time-limit-ms`` overrides it."""


@dataclass(frozen=True, slots=True)
class Settings:
    """All the groups; ``SETTINGS`` is the one instance the code reads."""

    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)
    places: PlaceSettings = field(default_factory=PlaceSettings)
    events: EventSettings = field(default_factory=EventSettings)
    audit: AuditSettings = field(default_factory=AuditSettings)
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    web: WebSettings = field(default_factory=WebSettings)


SETTINGS = Settings()
