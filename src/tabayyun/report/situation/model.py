"""The report object: a :class:`SituationReport` of :class:`Section` s, each of :class:`Group` s of
:class:`Line` s resting on :class:`Source` spans, and its JSON form.

JSON (:meth:`SituationReport.to_json`)::

    {"question", "scope": {place, place_names, place_match, date_from, date_to, actor, actor_ids, limit},
     "generated_at", "corpus": {documents_in_range, documents_in_range_capped, documents_behind_report},
     "counts": {events, events_happened, events_not_happened, statements, speakers, contested, outlets,
                relay_chains, single_source_items, unsourced_claims, date_findings},
     "empty", "notes": [...],
     "sections": [{"id", "title", "count", "more", "notes",
                   "groups": [{"key", "title", "lines": [{
                       "kind", "date", "id", "text", ...labels...,
                       "sources": [{doc_id, outlet, date, start, end, quote_id | event_id | citation_id,
                                    own_report, title, source_path}]}]}]}]}

``kind`` is ``event`` (labels: type, mode, source, target, place, status, happened, carriers,
independent_sources, single_source), ``statement`` (speaker, carriers, independent_sources,
single_source), ``finding`` / ``date-conflict`` / ``status-conflict`` (label, statuses or dates,
message), ``outlet`` (outlet, country, ownership, items), ``relay`` (chain), ``claim`` or
``date-finding`` (finding, severity, message, suggestion). ``text`` is always
``documents.text[start:end]`` of the first source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECTION_IDS = ("what-happened", "who-said-what", "contested", "sources", "audit")
SECTION_TITLES = {
    "what-happened": "What happened",
    "who-said-what": "Who said what",
    "contested": "Contested points",
    "sources": "Where the information comes from",
    "audit": "Audit",
}


@dataclass(slots=True)
class Source:
    """One place in one document that a line rests on: ``text[start:end]``."""

    doc_id: str
    start: int
    end: int
    outlet: str  # the outlet carrying it, or the document's own name when no outlet is cited
    date: str | None
    own_report: bool = False  # no outlet is cited: the document reports it itself
    quote_id: str | None = None
    event_id: str | None = None
    citation_id: str | None = None
    title: str | None = None
    source_path: str | None = None
    outlet_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "doc_id": self.doc_id, "outlet": self.outlet, "date": self.date, "start": self.start, "end": self.end,
        }
        for key in ("quote_id", "event_id", "citation_id"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        data["own_report"] = self.own_report
        data["title"] = self.title
        data["source_path"] = self.source_path
        return data


@dataclass(slots=True)
class Line:
    """One item of the report: the words of ``sources[0]`` (``text``) and what carries them.
    ``fields`` holds fixed labels (status, type, speaker, counts), never generated prose."""

    kind: str  # event | statement | finding | date-conflict | status-conflict | outlet | relay | claim | date-finding
    text: str
    sources: list[Source]
    date: str | None = None
    item_id: str | None = None  # corpus event or statement id, for /events/{id} and /statements/{id}
    fields: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "date": self.date, "id": self.item_id, "text": self.text, **self.fields,
            "sources": [source.to_json() for source in self.sources],
        }


@dataclass(slots=True)
class Group:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "lines": [line.to_json() for line in self.lines]}


@dataclass(slots=True)
class Section:
    id: str
    title: str
    groups: list[Group] = field(default_factory=list)
    more: bool | str = False  # the section was capped: more items exist than are shown
    notes: list[str] = field(default_factory=list)  # fixed-phrase notes (counts, caps)

    @property
    def lines(self) -> list[Line]:
        return [line for group in self.groups for line in group.lines]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "count": len(self.lines), "more": self.more, "notes": self.notes,
            "groups": [group.to_json() for group in self.groups],
        }


@dataclass(slots=True)
class SituationReport:
    question: str
    scope: dict[str, Any]
    generated_at: str
    corpus: dict[str, Any]
    counts: dict[str, int]
    sections: list[Section]
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(self.section(sid).lines for sid in ("what-happened", "who-said-what", "audit"))

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: ``sections`` in report order, each with ``groups`` of ``lines``; every
        line has ``text`` (the document's words) and ``sources: [{doc_id, outlet, date, start,
        end, quote_id|event_id|citation_id, ...}]`` such that the stored text of ``doc_id``
        sliced ``[start:end]`` is what the line restates (the first source is the one shown)."""
        return {
            "question": self.question, "scope": self.scope, "generated_at": self.generated_at,
            "corpus": self.corpus, "counts": self.counts, "empty": self.empty, "notes": self.notes,
            "sections": [section.to_json() for section in self.sections],
        }
