"""JSON Lines input: one document per line, streamed.

Lines are split on ``\\n`` only: article texts contain U+2028 and U+0085,
which :meth:`str.splitlines` would treat as line breaks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from tabayyun.ingest.content import decode_text, normalise_language, normalise_newlines
from tabayyun.ingest.dateline import parse_date_string
from tabayyun.ingest.errors import IngestError, format_size
from tabayyun.model import Document

__all__ = ["JsonlRecord", "iter_jsonl_records"]

OPTIONAL_FIELDS = ("title", "url", "published", "language", "home")
_CHUNK = 1024 * 1024


class JsonlRecord:
    """One good line: the document and the publication date its metadata gave."""

    __slots__ = ("document", "published")

    def __init__(self, document: Document, published: str | None) -> None:
        self.document = document
        self.published = published


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _type_name(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _record(raw: bytes, source: str, line: int) -> JsonlRecord | IngestError:
    text_of_line, warnings = decode_text(raw)
    try:
        data = json.loads(text_of_line)
    except json.JSONDecodeError as exc:
        return IngestError(source, f"not valid JSON: {exc.msg} (column {exc.colno})", line)
    except RecursionError:
        return IngestError(source, "not valid JSON: nested too deeply", line)
    except ValueError as exc:  # e.g. an integer with more digits than Python allows
        return IngestError(source, f"not valid JSON: {exc}", line)
    if not isinstance(data, dict):
        return IngestError(source, f"expected a JSON object, got {_type_name(data)}", line)
    if "text" not in data:
        return IngestError(source, "missing required field 'text'", line)
    text = data["text"]
    if not isinstance(text, str):
        return IngestError(source, f"field 'text' must be a string, got {_type_name(text)}", line)
    if not text.strip():
        return IngestError(source, "field 'text' is empty", line)

    values: dict[str, str | None] = {}
    for name in OPTIONAL_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            warnings.append(f"field '{name}' ignored: expected a string, got {_type_name(value)}")
            value = None
        values[name] = (value.strip() or None) if isinstance(value, str) else None

    published = None
    if values["published"] is not None:
        published = parse_date_string(values["published"])
        if published is None:
            warnings.append(f"field 'published' ({values['published']!r}) is not a date; ignored")
    language = None
    if values["language"] is not None:
        language = normalise_language(values["language"])
        if language is None:
            warnings.append(
                f"field 'language' ({values['language']!r}) is not a language code; ignored"
            )

    document = Document(
        text=normalise_newlines(text),
        source_path=source,
        title=values["title"],
        url=values["url"],
        language=language,
        line=line,
        warnings=warnings,
        home=values["home"],  # resolved through the gazetteer before analysis (resolve/home_areas.py)
    )
    return JsonlRecord(document, published)


def iter_jsonl_records(
    handle: BinaryIO, source: str, max_bytes: int
) -> Iterator[JsonlRecord | IngestError]:
    """Read ``handle`` line by line; blank lines are skipped, bad lines reported."""
    line = 0
    any_content = False
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            break
        line += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_rest_of_line(handle)
            yield IngestError(
                source,
                f"line is larger than --max-size {format_size(max_bytes)}; "
                "raise --max-size to analyze it",
                line,
            )
            any_content = True
            continue
        if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        raw = raw.rstrip(b"\r\n")
        if not raw.strip():
            continue
        any_content = True
        yield _record(raw, source, line)
    if not any_content:
        yield IngestError(source, "empty file")
