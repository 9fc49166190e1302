"""Main text and metadata from saved HTML pages (trafilatura, with an lxml fallback)."""

from __future__ import annotations

import datetime as _dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from tabayyun.ingest.content import decode_text, normalise_language, normalise_newlines
from tabayyun.ingest.dateline import parse_date_string

__all__ = ["HtmlContent", "extract_html"]

_CHARSET_RE = re.compile(
    rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I
)
_DROP_TAGS = ("script", "style", "noscript", "template", "head")
_BLOCK_TAGS = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol tr table section article header footer "
    "blockquote pre figcaption dd dt aside nav main title".split()
)
_XML_DECL_RE = re.compile(r"\A\s*<\?xml[^>]*\?>")
_SPACES_RE = re.compile(r"[ \t\f\v\xa0]+")


@dataclass(slots=True)
class HtmlContent:
    """What a page yields: ``text`` is None when no usable text was found."""

    text: str | None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _date_params() -> dict[str, Any]:
    # Only dates the page states as metadata; dates in the body are event
    # dates as often as publication dates, and the dateline rule covers those.
    return {
        "original_date": True,
        "extensive_search": False,
        "max_date": _dt.date.today().isoformat(),
    }


def _parse_tree(html: str) -> Any | None:
    import lxml.html
    from lxml.etree import ParserError

    try:
        return lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return None


def _fallback_text(tree: Any) -> str | None:
    """Whole-page text when main-text extraction gives nothing."""
    for element in list(tree.iter(*_DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    raw = tree.text_content()
    lines = [_SPACES_RE.sub(" ", line).strip() for line in normalise_newlines(raw).split("\n")]
    text = "\n".join(line for line in lines if line)
    return text or None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def extract_html(data: bytes) -> HtmlContent:
    """Extract the article text, title, URL, date and language from HTML bytes.

    Never raises on malformed markup: when trafilatura fails or finds no main
    text, the page's visible text (via lxml) is used and a warning says so.
    """
    import trafilatura

    html, warnings = decode_text(data, fallback=_declared_charset(data))
    # lxml refuses decoded text that still declares an encoding.
    html = _XML_DECL_RE.sub("", html, count=1)
    if not html.strip():
        return HtmlContent(text=None, warnings=warnings)

    tree = _parse_tree(html)
    if tree is None:
        return HtmlContent(text=None, warnings=warnings)

    # trafilatura logs at ERROR level for pages it rejects; that is handled here.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    text: str | None = None
    meta: Any = None
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            deduplicate=False,
            date_extraction_params=_date_params(),
        )
    except Exception as exc:  # any extractor failure means: fall back
        warnings.append(f"HTML main-text extraction failed ({type(exc).__name__})")
        result = None
    if result is not None:
        meta = result
        text = getattr(result, "text", None)
    if meta is None:
        try:
            meta = trafilatura.extract_metadata(html, date_config=_date_params())
        except Exception:
            meta = None

    page_title = _clean(tree.findtext(".//title"))
    if text is not None and text.strip():
        text = normalise_newlines(text)
    else:
        text = _fallback_text(tree)
        if text is not None:
            warnings.append("no article body found in HTML; used the whole page text")

    title = _clean(getattr(meta, "title", None))
    if title is None:
        title = page_title
    published = None
    raw_date = getattr(meta, "date", None)
    if isinstance(raw_date, str):
        published = parse_date_string(raw_date)
    language = normalise_language(tree.get("lang")) or normalise_language(
        getattr(meta, "language", None)
    )
    return HtmlContent(
        text=text,
        title=title,
        url=_clean(getattr(meta, "url", None)),
        published=published,
        language=language,
        warnings=warnings,
    )
