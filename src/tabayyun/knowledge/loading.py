"""Loading: reading the shipped YAML data and checking it into outlet and actor entries."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from importlib import resources
from typing import Any

import yaml

from tabayyun.knowledge.entries import ACTOR_TYPES, OUTLET_TYPES, ActorEntry, OutletEntry, Role

__all__ = ["parse_data", "read_yaml"]


def _parse_date(value: Any, *, end: bool) -> dt.date | None:
    """YAML date, "YYYY-MM-DD", "YYYY-MM" or YYYY; partial starts read as the first
    day, partial ends as the first day after the period (ends are exclusive)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return dt.date(year + 1, 1, 1) if end else dt.date(year, 1, 1)
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if end:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last) + dt.timedelta(days=1)
        return dt.date(year, month, 1)
    return dt.date.fromisoformat(text)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _check_country(code: Any, where: str) -> str | None:
    if code is None:
        return None
    if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code)):
        raise ValueError(f"{where}: country must be an ISO alpha-2 code, got {code!r}")
    return code


def _parse_outlet(raw: dict[str, Any]) -> OutletEntry:
    where = f"outlet {raw.get('id')!r}"
    if raw.get("type") not in OUTLET_TYPES:
        raise ValueError(f"{where}: type must be one of {OUTLET_TYPES}")
    state_owned = raw.get("state_owned")
    if state_owned not in (True, False, None):
        raise ValueError(f"{where}: state_owned must be true, false or null")
    return OutletEntry(
        id=str(raw["id"]),
        name=str(raw["name"]),
        aliases=_tuple(raw.get("aliases")),
        country=_check_country(raw.get("country"), where),
        language=raw.get("language"),
        state_owned=state_owned,
        type=raw["type"],
        names_ar=_tuple(raw.get("names_ar")),
    )


def _parse_actor(raw: dict[str, Any], titles: dict[str, tuple[str, ...]]) -> ActorEntry:
    where = f"actor {raw.get('id')!r}"
    kind = raw.get("type")
    if kind not in ACTOR_TYPES:
        raise ValueError(f"{where}: type must be one of {ACTOR_TYPES}")
    roles: list[Role] = []
    for r in raw.get("roles") or ():
        if r["title"] not in titles:
            raise ValueError(f"{where}: unknown title {r['title']!r}")
        role = Role(
            title=r["title"],
            country=_check_country(r.get("country"), where),
            org=r.get("org"),
            start=_parse_date(r.get("start"), end=False),
            end=_parse_date(r.get("end"), end=True),
            target=r.get("target"),
        )
        if role.start and role.end and role.end <= role.start:
            raise ValueError(f"{where}: role {role.title!r} ends before it starts")
        roles.append(role)
    name = str(raw["name"])
    surname: str | None = None
    if kind == "person":
        declared = raw.get("surname", True)
        if declared is True:
            surname = name.split()[-1] if len(name.split()) > 1 else None
        elif declared:
            surname = str(declared)
    return ActorEntry(
        id=str(raw["id"]),
        name=name,
        type=kind,
        country=_check_country(raw.get("country"), where),
        aliases=_tuple(raw.get("aliases")),
        roles=tuple(roles),
        demonyms=_tuple(raw.get("demonyms")),
        metonyms=_tuple(raw.get("metonyms")),
        surname=surname,
    )


def parse_data(
    actors_data: dict[str, Any], outlets_data: dict[str, Any]
) -> tuple[dict[str, OutletEntry], dict[str, ActorEntry], dict[str, tuple[str, ...]]]:
    """The outlets, actors and titles of the data files' contents, checked."""
    titles = {str(k): _tuple(v) for k, v in (actors_data.get("titles") or {}).items()}
    outlets: dict[str, OutletEntry] = {}
    for raw in outlets_data.get("outlets") or ():
        outlet = _parse_outlet(raw)
        if outlet.id in outlets:
            raise ValueError(f"duplicate outlet id {outlet.id!r}")
        outlets[outlet.id] = outlet
    actors: dict[str, ActorEntry] = {}
    for raw in actors_data.get("actors") or ():
        actor = _parse_actor(raw, titles)
        if actor.id in actors:
            raise ValueError(f"duplicate actor id {actor.id!r}")
        actors[actor.id] = actor
    for actor in actors.values():
        for role in actor.roles:
            for ref in (role.org, role.target):
                if ref is not None and ref not in actors:
                    raise ValueError(f"actor {actor.id!r}: role refers to unknown actor {ref!r}")
    return outlets, actors, titles


def read_yaml(name: str) -> dict[str, Any]:
    source = resources.files(__package__).joinpath("data", name)
    return yaml.safe_load(source.read_text(encoding="utf-8"))
