"""Turn paths (files and directories) into :class:`~tabayyun.model.Document` objects.

:func:`iter_documents` is a stream: it reads one file at a time and yields
either a document or an :class:`IngestError`, so one bad file never stops a
batch and memory use does not grow with the batch.

The document text is the decoded file content with newlines normalised to
``\\n`` and nothing else changed, so character offsets computed on it point
back into the file's text.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from tabayyun.ingest.content import SNIFF_BYTES, decode_text, detect_language, sniff_binary
from tabayyun.ingest.dateline import find_dateline, is_date_line, parse_iso_date
from tabayyun.ingest.errors import IngestError, format_size
from tabayyun.ingest.html import extract_html
from tabayyun.ingest.jsonl import JsonlRecord, iter_jsonl_records
from tabayyun.model import Document

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "find_dateline",
    "iter_documents",
    "read_file",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
MAX_TITLE_CHARS = 200

_MD_HEADING_RE = re.compile(r" {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*")
_MD_FENCE_RE = re.compile(r" {0,3}(```|~~~)")


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _os_message(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return f"cannot read: {exc.strerror or exc}"


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"file is {format_size(size, limit=max_bytes)}, larger than --max-size "
        f"{format_size(max_bytes)}; raise --max-size to analyze it"
    )


# -- titles ---------------------------------------------------------------------------


def _txt_title(text: str) -> str | None:
    for line in text.split("\n", 20)[:20]:
        line = line.strip()
        if not line:
            continue
        if len(line) < MAX_TITLE_CHARS and not is_date_line(line):
            return line
        return None
    return None


def _md_title(text: str) -> str | None:
    in_fence = False
    for line in text.split("\n"):
        if _MD_FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = _MD_HEADING_RE.fullmatch(line)
        if m is not None:
            return m.group(1).strip() or None
    return None


# -- finishing a document -------------------------------------------------------------


def _finish(doc: Document, metadata_date: str | None, option_date: str | None) -> Document:
    """Apply the publication-date precedence and fill in the language."""
    if option_date is not None:
        doc.published, doc.published_source = option_date, "option"
    elif metadata_date is not None:
        doc.published, doc.published_source = metadata_date, "metadata"
    else:
        hit = find_dateline(doc.text)
        if hit is not None:
            doc.published, doc.published_source = hit[0], "dateline"
        else:
            doc.published, doc.published_source = None, None
    if doc.language is None:
        doc.language = detect_language(doc.text)
    return doc


# -- one file -------------------------------------------------------------------------


def _read_bytes(path: Path, max_bytes: int) -> bytes | IngestError:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return IngestError(str(path), _too_big(size, max_bytes))
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return IngestError(str(path), _os_message(exc))
    if len(data) > max_bytes:  # grew since stat
        return IngestError(str(path), _too_big(len(data), max_bytes))
    return data


def _check_text_bytes(path: Path, data: bytes) -> IngestError | None:
    if not data.strip():
        return IngestError(str(path), "empty file")
    reason = sniff_binary(data[:SNIFF_BYTES])
    if reason is not None:
        return IngestError(str(path), f"binary file ({reason}), not text")
    return None


def _read_checked(path: Path, max_bytes: int) -> bytes | IngestError:
    """The file's bytes, once they pass the size and not-binary checks."""
    data = _read_bytes(path, max_bytes)
    if isinstance(data, IngestError):
        return data
    return _check_text_bytes(path, data) or data


def _read_text_file(path: Path, max_bytes: int, option_date: str | None) -> Document | IngestError:
    data = _read_checked(path, max_bytes)
    if isinstance(data, IngestError):
        return data
    text, warnings = decode_text(data)
    if not text.strip():  # e.g. a UTF-16 file holding only spaces
        return IngestError(str(path), "empty file")
    title = _md_title(text) if path.suffix.lower() == ".md" else _txt_title(text)
    doc = Document(text=text, source_path=str(path), title=title, warnings=warnings)
    return _finish(doc, None, option_date)


def _read_html_file(path: Path, max_bytes: int, option_date: str | None) -> Document | IngestError:
    data = _read_checked(path, max_bytes)
    if isinstance(data, IngestError):
        return data
    page = extract_html(data)
    if page.text is None or not page.text.strip():
        return IngestError(str(path), "no main text found in HTML")
    doc = Document(
        text=page.text,
        source_path=str(path),
        title=page.title,
        url=page.url,
        language=page.language,
        warnings=page.warnings,
    )
    return _finish(doc, page.published, option_date)


def _read_jsonl_file(
    path: Path, max_bytes: int, option_date: str | None
) -> Iterator[Document | IngestError]:
    source = str(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield IngestError(source, _os_message(exc))
        return
    with handle:
        try:
            head = handle.read(SNIFF_BYTES)
            reason = sniff_binary(head)
            if reason is not None:
                yield IngestError(source, f"binary file ({reason}), not text")
                return
            handle.seek(0)
            for item in iter_jsonl_records(handle, source, max_bytes):
                if isinstance(item, JsonlRecord):
                    yield _finish(item.document, item.published, option_date)
                else:
                    yield item
        except OSError as exc:
            yield IngestError(source, _os_message(exc))


def read_file(
    path: str | Path, *, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | IngestError]:
    """Read one supported file (any suffix is read by its suffix's reader)."""
    path = Path(path)
    option_date = _check_published(published)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl_file(path, max_bytes, option_date)
    elif suffix in (".html", ".htm"):
        yield _read_html_file(path, max_bytes, option_date)
    else:
        yield _read_text_file(path, max_bytes, option_date)


# -- walking --------------------------------------------------------------------------


def _walk(directory: Path, seen: set[tuple[int, int]]) -> Iterator[Path | IngestError]:
    """Supported, non-hidden regular files under ``directory``, in sorted order."""
    try:
        info = directory.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen:  # a symlink loop
            return
        seen.add(key)
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield IngestError(str(directory), _os_message(exc))
        return
    for entry in entries:
        if _hidden(entry.name):
            continue
        path = directory / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, seen)
        elif is_file and _supported(path):
            yield path


def _unsupported_message(path: Path) -> str:
    kinds = ", ".join(SUPPORTED_SUFFIXES)
    if not path.suffix:
        return f"unsupported file type (no suffix); supported: {kinds}"
    return f"unsupported file type '{path.suffix}'; supported: {kinds}"


def _iterate(
    paths: Sequence[str | Path], option_date: str | None, max_bytes: int
) -> Iterator[Document | IngestError]:
    for given in paths:
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            yield IngestError(str(path), _os_message(exc))
            continue
        if stat.S_ISDIR(mode):
            found = False
            for item in _walk(path, set()):
                if isinstance(item, IngestError):
                    yield item
                    continue
                found = True
                yield from read_file(item, published=option_date, max_bytes=max_bytes)
            if not found:
                kinds = ", ".join(SUPPORTED_SUFFIXES)
                yield IngestError(str(path), f"no supported files ({kinds}) in directory")
        elif not stat.S_ISREG(mode):
            yield IngestError(str(path), "not a regular file")
        elif not _supported(path):
            yield IngestError(str(path), _unsupported_message(path))
        else:
            yield from read_file(path, published=option_date, max_bytes=max_bytes)


def _check_published(published: str | None) -> str | None:
    if published is None:
        return None
    iso = parse_iso_date(published) if isinstance(published, str) else None
    if iso is None:
        raise ValueError(
            f"invalid publication date {published!r}: expected YYYY-MM-DD, e.g. 2016-12-14"
        )
    return iso


def iter_documents(
    paths: Sequence[str | Path],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | IngestError]:
    """Stream documents from files and directories.

    Directories are walked recursively in sorted order; hidden entries and
    files with unsupported suffixes inside them are skipped, while an
    unsupported file named explicitly is reported.  Each file gives one
    :class:`Document` (each ``.jsonl`` line one), or an :class:`IngestError`
    per problem; the batch goes on after an error.

    ``published`` (``YYYY-MM-DD``) overrides every other publication date.
    Raises :class:`ValueError` at once (before anything is read) when
    ``published`` is not a valid date or ``max_bytes`` is not positive.
    """
    option_date = _check_published(published)
    if max_bytes <= 0:
        raise ValueError(f"invalid maximum size {max_bytes}: must be a positive number of bytes")
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return _iterate(list(paths), option_date, max_bytes)
