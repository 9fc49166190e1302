"""Actor resolution: NER actors merged with knowledge-base actors and with each other
(``actors.canonical_id`` and ``actors.merge_reason``)."""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from tabayyun.corpus.clustering import cluster
from tabayyun.corpus.normalise import normalise_name
from tabayyun.knowledge import KnowledgeBase
from tabayyun.settings import SETTINGS

__all__ = ["record_merges", "resolve_actors"]



@dataclass(slots=True)
class _Actor:
    id: str
    name: str
    type: str
    key: str


def resolve_actors(conn: sqlite3.Connection, kb: KnowledgeBase) -> dict[str, tuple[str, str | None]]:
    """actor id -> (canonical id, merge reason)."""
    result: dict[str, tuple[str, str | None]] = {}
    stored_ids = set()
    unknown: list[_Actor] = []
    for row in conn.execute("SELECT id, name, type FROM actors ORDER BY id"):
        stored_ids.add(row["id"])
        if row["id"].startswith("ner:"):
            unknown.append(_Actor(row["id"], row["name"], row["type"], normalise_name(row["name"])))
        else:
            result[row["id"]] = (row["id"], None)
    remaining: list[_Actor] = []
    for actor in unknown:
        entry = kb.match_actor(actor.name) if len(actor.key) >= 4 else None
        kb_id = f"actor:{entry.id}" if entry is not None else None
        if kb_id is not None and kb_id in stored_ids:
            result[actor.id] = (kb_id, f"name {actor.name!r} matches knowledge-base actor {entry.name!r}")
        else:
            remaining.append(actor)

    keys = [a.key for a in remaining]
    reasons: dict[tuple[int, int], str] = {}

    def close(i: int, j: int) -> float | None:
        a, b = remaining[i], remaining[j]
        if min(len(a.key), len(b.key)) < 6 or a.key[0] != b.key[0]:
            return None
        if re.sub(r"\D", "", a.key) != re.sub(r"\D", "", b.key):
            return None
        score = fuzz.ratio(a.key, b.key)
        if score < SETTINGS.corpus.actor_ratio:
            return None
        reasons[(i, j)] = f"near-identical name to {b.name!r} (ratio {score:.0f})"
        reasons[(j, i)] = f"near-identical name to {a.name!r} (ratio {score:.0f})"
        return score

    uf = cluster(keys, close, block=lambda i: remaining[i].type)
    # names equal after normalisation merge whatever the type NER gave them
    by_key: dict[str, int] = {}
    for i, actor in enumerate(remaining):
        if actor.key:
            seen = by_key.setdefault(actor.key, i)
            if seen != i:
                uf.union(seen, i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(remaining)):
        groups[uf.find(i)].append(i)
    for members in groups.values():
        canonical = min(members, key=lambda i: remaining[i].id)
        for i in members:
            actor = remaining[i]
            if i == canonical:
                result[actor.id] = (actor.id, None)
            elif actor.key == remaining[canonical].key:
                result[actor.id] = (remaining[canonical].id, f"same normalised name {actor.key!r}")
            else:
                reason = next(
                    (reasons[(i, j)] for j in members if (i, j) in reasons),
                    f"near-identical name to {remaining[canonical].name!r}",
                )
                result[actor.id] = (remaining[canonical].id, reason)
    return result


def record_merges(conn: sqlite3.Connection, canonical: dict[str, tuple[str, str | None]]) -> None:
    """Write the outcome of ``resolve_actors`` to ``actors.canonical_id`` and ``actors.merge_reason``."""
    conn.executemany(
        "UPDATE actors SET canonical_id = ?, merge_reason = ? WHERE id = ?",
        [(target, reason, actor_id) for actor_id, (target, reason) in canonical.items()],
    )
