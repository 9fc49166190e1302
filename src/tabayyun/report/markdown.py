"""The situation report as Markdown: one ``##`` heading per section, in report order.

Document words are quoted as they are (whitespace collapsed) with Markdown and HTML syntax
backslash-escaped, so a document cannot inject links, emphasis or raw HTML into the file.
"""

from __future__ import annotations

import re

from tabayyun.report.situation.labels import (
    corpus_summary,
    corroboration,
    count_summary,
    line_labels,
    scope_summary,
)
from tabayyun.report.situation.model import Line, SituationReport, Source

__all__ = ["escape_md", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
MAX_WORDS_SHOWN = 1200  # characters of one quoted passage; the source span still covers it all


def escape_md(text: str | None) -> str:
    """One line of inert Markdown text."""
    flat = " ".join((text or "").split())
    return _SPECIAL.sub(r"\\\1", flat)


def _words(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > MAX_WORDS_SHOWN:
        flat = flat[: MAX_WORDS_SHOWN - 1].rstrip() + "…"
    return escape_md(flat)


def _source(source: Source) -> str:
    where = [f"[{escape_md(source.outlet)}, {source.date or 'undated'}]"]
    doc = source.title or source.source_path or source.doc_id[:12]
    where.append(f"“{escape_md(doc)}” (document {source.doc_id[:12]}, characters {source.start}–{source.end}")
    item = (f"quote {source.quote_id}" if source.quote_id else f"event {source.event_id}" if source.event_id
            else f"citation {source.citation_id}" if source.citation_id else None)
    where[-1] += f", {item})" if item else ")"
    return " ".join(where)


def _line(line: Line, number: int) -> list[str]:
    labels = line_labels(line)
    head = " · ".join(escape_md(label) for label in labels)
    date = f"**{line.date}** · " if line.date else ""
    out = [f"{number}. {date}{head}"]
    out.append(f"   > {_words(line.text)}")
    if line.kind == "status-conflict" and line.fields.get("other_text"):
        out.append(f"   > {_words(line.fields['other_text'])}")
    if line.kind == "statement":
        lead = "according to"
    elif line.kind in ("event", "finding", "date-conflict", "status-conflict"):
        lead = "reported by"
    else:
        lead = "from"
    out.append("")
    carried = "; ".join(f"[{escape_md(s.outlet)}, {s.date or 'undated'}]" for s in line.sources)
    tail = corroboration(line)
    hidden = line.fields.get("carriers_not_shown")
    out.append(f"   {lead} {carried}" + (f" and {hidden} more" if hidden else "") + (f" · {tail}" if tail else ""))
    if line.fields.get("message"):
        out.append(f"   · finding: {escape_md(line.fields['message'])}")
    if line.fields.get("suggestion"):
        out.append(f"   · suggested reading: {escape_md(line.fields['suggestion'])}")
    out.append("")
    out += [f"   - {_source(source)}" for source in line.sources]
    out.append("")
    return out


def render_markdown(report: SituationReport) -> str:
    """The whole report as one Markdown document."""
    out = [
        "# Situation report",
        "",
        f"**{escape_md(report.question)}**",
        "",
        f"- **Scope:** {escape_md(scope_summary(report))}",
        f"- **Corpus:** {escape_md(corpus_summary(report))}",
        f"- **Generated:** {report.generated_at}",
        f"- **Counts:** {escape_md(count_summary(report))}",
        "",
        "Every line quotes the words of the document it comes from; each source gives the outlet, the date, "
        "the document and the character span of those words.",
        "",
    ]
    for note in report.notes:
        out.append(f"> **Note:** {escape_md(note)}")
        out.append("")
    for section in report.sections:
        out += [f"## {section.title}", ""]
        if not section.lines:
            out += ["_Nothing in scope._", ""]
        number = 0
        for group in section.groups:
            out += [f"### {escape_md(group.title)}", ""]
            for line in group.lines:
                number += 1
                out += _line(line, number)
        for note in section.notes:
            out += [f"_{escape_md(note)}_", ""]
    return "\n".join(out).rstrip() + "\n"
