"""Byte-level checks shared by the readers: binary sniffing, decoding, language."""

from __future__ import annotations

import codecs
import re

from tabayyun.script import is_arabic

__all__ = [
    "SNIFF_BYTES",
    "decode_text",
    "detect_language",
    "normalise_newlines",
    "normalise_language",
    "sniff_binary",
]

SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.10
LANGUAGE_SAMPLE_CHARS = 200_000

# Leading bytes of formats people put next to their articles by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive, e.g. DOCX/ODT/EPUB"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\x1f\x8b", "GZIP"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document, e.g. DOC/XLS"),
    (b"BZh", "BZIP2"),
    (b"\xfd7zXZ\x00", "XZ"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x28\xb5\x2f\xfd", "Zstandard"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that do not occur in text (tab, newlines, form feed and ESC do).
_CONTROL = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}) | {0x7F}


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def sniff_binary(data: bytes) -> str | None:
    """Why ``data`` (the head of a file) is binary, or None when it looks like text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    encoding = bom_encoding(data)
    if encoding in ("utf-16", "utf-32"):
        return None  # NUL bytes are normal there
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return "contains NUL bytes"
    if head:
        control = sum(1 for b in head if b in _CONTROL)
        share = control / len(head)
        if share > MAX_CONTROL_SHARE:
            return f"{share:.0%} control characters"
    return None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, fallback: str | None = None) -> tuple[str, list[str]]:
    """Decode file bytes into text with ``\\n`` newlines, plus warnings.

    A byte-order mark decides the encoding (and is dropped).  Otherwise the
    bytes are read as UTF-8; when they are not valid UTF-8 and ``fallback``
    names a usable codec (an HTML charset), that codec is used, else the bad
    bytes become U+FFFD and a warning says where the first one was.
    """
    warnings: list[str] = []
    encoding = bom_encoding(data)
    skipped = 0
    if encoding == "utf-8-sig":
        skipped = len(codecs.BOM_UTF8)
        data = data[skipped:]
        fallback = None  # the BOM says UTF-8
    elif encoding is not None:
        text = data.decode(encoding, errors="replace")
        if "\ufffd" in text:
            warnings.append(f"invalid {encoding.upper()} data; decoded with replacement characters")
        return normalise_newlines(text), warnings
    try:
        return normalise_newlines(data.decode("utf-8")), warnings
    except UnicodeDecodeError as exc:
        bad_at = exc.start + skipped
    if fallback and _usable_codec(fallback):
        try:
            text = data.decode(fallback, errors="replace")
        except (LookupError, ValueError):  # e.g. a page "declaring" base64 or rot13
            pass
        else:
            if "\ufffd" in text:
                warnings.append(f"invalid {fallback} data; decoded with replacement characters")
            return normalise_newlines(text), warnings
    warnings.append(f"invalid UTF-8 at byte {bad_at}; decoded with replacement characters")
    return normalise_newlines(data.decode("utf-8", errors="replace")), warnings


def _usable_codec(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    # Only text encodings; "hex", "zlib" and friends are bytes-to-bytes codecs.
    return bool(getattr(info, "_is_text_encoding", True)) and info.name not in (
        "utf-8",
        "utf-8-sig",
    )


def normalise_language(value: object) -> str | None:
    """ "en-US" -> "en"; anything that is not a language tag -> None."""
    if not isinstance(value, str):
        return None
    primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def detect_language(text: str) -> str:
    """ "ar" when more than ~30% of the letters are Arabic script, else "en"."""
    return "ar" if is_arabic(text, sample=LANGUAGE_SAMPLE_CHARS) else "en"
