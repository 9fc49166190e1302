"""The document record checked against its JSON Schema and against its own spans."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["document_schema", "validate_record"]


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    return json.loads(resources.files("tabayyun.schema").joinpath("document.schema.json").read_text("utf-8"))


def validate_record(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``data`` breaks the contract, including its spans."""
    import jsonschema

    jsonschema.validate(data, document_schema())
    text = data["text"]
    for key in ("citations", "quotes", "dates", "claims", "findings", "places", "events"):
        for item in data[key]:
            if not 0 <= item["start"] <= item["end"] <= len(text):
                raise jsonschema.ValidationError(f"{key} item span {item['start']}:{item['end']} outside the text")
    for quote in data["quotes"]:
        if text[quote["start"]:quote["end"]] != quote["text"]:
            raise jsonschema.ValidationError(f"quote {quote['id']} text does not match its span")
    for date in data["dates"]:
        if text[date["start"]:date["end"]] != date["surface"]:
            raise jsonschema.ValidationError(f"date {date['surface']!r} does not match its span")
    for actor in data["actors"]:
        for mention in actor["mentions"]:
            if text[mention["start"]:mention["end"]] != mention["surface"]:
                raise jsonschema.ValidationError(f"actor {actor['id']} mention does not match its span")
    for place in data["places"]:
        if text[place["start"]:place["end"]] != place["surface"]:
            raise jsonschema.ValidationError(f"place {place['surface']!r} does not match its span")
    event_ids = {event["id"] for event in data["events"]}
    if data["main_event"] is not None and data["main_event"] not in event_ids:
        raise jsonschema.ValidationError(f"main_event {data['main_event']} is not an event of the record")
    for citation in data["citations"]:
        if text[citation["outlet_start"]:citation["outlet_end"]] != citation["outlet_surface"]:
            raise jsonschema.ValidationError(f"citation {citation['id']} outlet does not match its span")
