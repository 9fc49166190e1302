"""PLOVER events coded in other schemes: CAMEO codes and ACLED event types
(``knowledge/data/event_mappings.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from tabayyun.extract.events.lexicon import read_data

__all__ = ["load_mappings", "plover_to_acled", "plover_to_cameo"]


@lru_cache(maxsize=1)
def load_mappings() -> dict[str, Any]:
    """PLOVER -> CAMEO and PLOVER -> ACLED tables (``event_mappings.yaml``)."""
    return read_data("event_mappings.yaml")


def plover_to_cameo(type: str, mode: str | None = None) -> str | None:  # noqa: A002 - the PLOVER word
    """The CAMEO code of a PLOVER type: the root code, or a finer code when the mode has one."""
    row = load_mappings()["cameo"].get(type)
    if row is None:
        return None
    return (row.get("modes") or {}).get(mode, row.get("default")) if mode else row.get("default")


def plover_to_acled(type: str, mode: str | None = None) -> tuple[str, str] | None:  # noqa: A002
    """``(event type, sub-event type)`` in ACLED's codebook, or None for events ACLED does not code."""
    row = load_mappings()["acled"].get(type)
    if row is None:
        return None
    value = (row.get("modes") or {}).get(mode, row.get("default")) if mode else row.get("default")
    return (value[0], value[1]) if value else None
