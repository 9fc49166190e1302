"""The event lexicon: the PLOVER types, the senses of predicate verbs and nouns, and the
cues of mode and modality, read from ``knowledge/data/event_lexicon.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["PLOVER_TYPES", "EventLexicon", "Sense", "load_lexicon", "read_data"]

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(slots=True, frozen=True)
class Sense:
    """One reading of a predicate lemma: its event type and mode, and when it applies."""

    type: str | None  # None for a light sense ("held" in "held talks")
    mode: str | None = None
    prep: str | None = None
    objects: frozenset[str] = frozenset()
    light: bool = False
    light_only: bool = False


@dataclass(slots=True)
class EventLexicon:
    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, Sense]
    light_verbs: frozenset[str]
    modal_governors: dict[str, str]
    negating_governors: frozenset[str]
    aux_modality: dict[str, str]
    conditional_markers: frozenset[str]
    mode_cues: dict[str, tuple[tuple[str, str], ...]]
    main_event_tiers: tuple[frozenset[str], ...] = field(default_factory=tuple)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> EventLexicon:
        def sense(row: dict[str, Any]) -> Sense:
            kind = row.get("type")
            if kind is not None and kind not in PLOVER_TYPES:
                raise ValueError(f"unknown PLOVER type {kind!r} in the event lexicon")
            return Sense(
                type=kind,
                mode=row.get("mode"),
                prep=row.get("prep"),
                objects=frozenset(row.get("objects") or ()),
                light=bool(row.get("light", False)),
                light_only=bool(row.get("light_only", False)),
            )

        return cls(
            verbs={lemma: tuple(sense(r) for r in rows) for lemma, rows in (data.get("verbs") or {}).items()},
            nouns={lemma: sense(row) for lemma, row in (data.get("nouns") or {}).items()},
            light_verbs=frozenset(data.get("light_verbs") or ()),
            modal_governors=dict(data.get("modal_governors") or {}),
            negating_governors=frozenset(data.get("negating_governors") or ()),
            aux_modality=dict(data.get("aux_modality") or {}),
            conditional_markers=frozenset(data.get("conditional_markers") or ()),
            mode_cues={k: tuple((w, m) for w, m in v) for k, v in (data.get("mode_cues") or {}).items()},
            main_event_tiers=tuple(frozenset(t) for t in data.get("main_event_tiers") or ()),
        )


def read_data(name: str) -> dict[str, Any]:
    source = resources.files("tabayyun.knowledge").joinpath("data", name)
    return yaml.safe_load(source.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def load_lexicon() -> EventLexicon:
    """The shipped event lexicon (read once per process)."""
    return EventLexicon.from_data(read_data("event_lexicon.yaml"))
