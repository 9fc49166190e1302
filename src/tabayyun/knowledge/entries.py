"""The knowledge base's records: outlets, actors with their dated roles, and scan hits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = ["ACTOR_TYPES", "OUTLET_TYPES", "ActorEntry", "Hit", "HitKind", "OutletEntry", "Role"]

ACTOR_TYPES = ("person", "organization", "state", "armed_group")
OUTLET_TYPES = ("agency", "broadcaster", "newspaper", "website")
HitKind = Literal["name", "alias", "surname", "demonym", "metonym", "outlet"]


@dataclass(slots=True, frozen=True)
class OutletEntry:
    id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    language: str | None
    state_owned: bool | None
    type: str
    names_ar: tuple[str, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.names_ar)


@dataclass(slots=True, frozen=True)
class Role:
    title: str
    country: str | None = None  # ISO code of the state served
    org: str | None = None  # actor id of the body served
    start: dt.date | None = None
    end: dt.date | None = None  # exclusive; None = still held
    target: str | None = None  # actor id the office is directed at ("ambassador to Turkey")

    def active_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(slots=True, frozen=True)
class ActorEntry:
    id: str
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    surname: str | None = None  # the short form matched alone, when unambiguous


@dataclass(slots=True, frozen=True)
class Hit:
    """One gazetteer match: ``text[start:end]`` names ``entry``."""

    start: int
    end: int
    entry: ActorEntry | OutletEntry
    kind: HitKind
