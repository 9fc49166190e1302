"""The situation report as HTML: a self-contained file, or a fragment for the web app.

``render_html(report)`` is one file a journalist can send: inline CSS, no script, nothing
loaded from anywhere (a Content-Security-Policy meta tag forbids it too), print-friendly.
``render_html(report, standalone=False, link_base="")`` is the ``<article id="situation-report">``
element alone, with each source linking to ``{link_base}/documents/{doc_id}#q-{quote_id}`` (or
``#e-{event_id}``, ``#c-{citation_id}``) and each event or statement to its page; it carries no
``<style>`` (pages served with ``default-src 'self'`` cannot use inline CSS): serve
:data:`REPORT_CSS` as a stylesheet. Document text is always escaped (Jinja2 autoescape).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import Markup

from tabayyun.report.situation.labels import (
    corpus_summary,
    corroboration,
    count_summary,
    line_labels,
    scope_summary,
)
from tabayyun.report.situation.model import Line, SituationReport, Source

__all__ = ["REPORT_CSS", "render_html"]

REPORT_CSS = """
.situation-report { font-family: Georgia, "Times New Roman", serif; color: #1d1d1d; max-width: 60rem;
  margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
.situation-report h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
.situation-report h2 { font-size: 1.3rem; border-bottom: 2px solid #1d1d1d; padding-bottom: .2rem;
  margin-top: 2rem; }
.situation-report h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; color: #333; }
.situation-report .question { font-size: 1.2rem; font-style: italic; margin: 0 0 1rem; }
.situation-report dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem;
  font-family: system-ui, sans-serif; font-size: .9rem; margin: 0 0 1rem; }
.situation-report dl.meta dt { font-weight: 600; }
.situation-report dl.meta dd { margin: 0; }
.situation-report .notice { font-family: system-ui, sans-serif; font-size: .9rem; background: #fff6d6;
  border-left: 4px solid #c99a00; padding: .4rem .7rem; }
.situation-report .method { font-family: system-ui, sans-serif; font-size: .85rem; color: #555; }
.situation-report ol.lines { padding-left: 1.6rem; }
.situation-report li.line { margin: 0 0 1rem; break-inside: avoid; page-break-inside: avoid; }
.situation-report .labels { font-family: system-ui, sans-serif; font-size: .88rem; }
.situation-report .labels .date { font-weight: 700; }
.situation-report .labels .label + .label::before, .situation-report .labels .date + .label::before {
  content: " · "; color: #888; }
.situation-report blockquote.words { margin: .25rem 0; padding: .15rem .7rem; border-left: 3px solid #9bb;
  background: #f5f9f9; }
.situation-report blockquote.other { border-left-color: #c77; background: #fbf4f4; }
.situation-report .carried, .situation-report .finding { font-family: system-ui, sans-serif; font-size: .85rem;
  margin: .2rem 0; }
.situation-report .badge { font-family: system-ui, sans-serif; font-size: .75rem; padding: 0 .35rem;
  border-radius: .2rem; border: 1px solid currentColor; white-space: nowrap; }
.situation-report .badge.single { color: #a0461b; }
.situation-report .badge.severity-warning, .situation-report .badge.severity-error { color: #a01b1b; }
.situation-report ul.provenance { font-family: system-ui, sans-serif; font-size: .78rem; color: #555;
  margin: .2rem 0 0; padding-left: 1.1rem; }
.situation-report .offsets { font-variant-numeric: tabular-nums; }
.situation-report .empty, .situation-report .more { font-style: italic; color: #555; }
.situation-report a { color: #1a4d8f; }
@media print {
  .situation-report { max-width: none; padding: 0; font-size: 10.5pt; }
  .situation-report blockquote.words, .situation-report .notice { background: none; }
  .situation-report h2 { break-after: avoid; page-break-after: avoid; }
  .situation-report a { color: inherit; text-decoration: none; }
}
"""

_ARTICLE = """\
<article id="situation-report" class="situation-report">
<header>
<h1>Situation report</h1>
<p class="question">{{ report.question }}</p>
<dl class="meta">
<dt>Scope</dt><dd>{{ scope }}</dd>
<dt>Corpus</dt><dd>{{ corpus }}</dd>
<dt>Generated</dt><dd><time datetime="{{ report.generated_at }}">{{ report.generated_at }}</time></dd>
<dt>Counts</dt><dd>{{ counts }}</dd>
</dl>
{% for note in report.notes %}<p class="notice">{{ note }}</p>
{% endfor %}<p class="method">Every line quotes the words of the document it comes from; each source gives
the outlet, the date, the document and the character span of those words.</p>
</header>
{% for section in report.sections %}
<section id="{{ section.id }}">
<h2>{{ section.title }}</h2>
{% if not section.lines %}<p class="empty">Nothing in scope.</p>{% endif %}
{% for group in section.groups %}
<h3>{{ group.title }}</h3>
<ol class="lines">
{% for line in group.lines %}{{ render_line(line) }}{% endfor %}
</ol>
{% endfor %}
{% for note in section.notes %}<p class="more">{{ note }}</p>{% endfor %}
</section>
{% endfor %}
</article>
"""

_LINE = """\
<li class="line line-{{ line.kind }}{% if line.fields.status %} status-{{ line.fields.status }}{% endif %}\
{% if line.fields.single_source %} single-source{% endif %}"{% if line.item_id %} data-id="{{ line.item_id }}"{% endif %}>
<div class="labels">{% if line.date %}<span class="date">{% if item_href %}<a class="item-link" href="{{ item_href }}">\
{{ line.date }}</a>{% else %}{{ line.date }}{% endif %}</span>{% endif %}\
{% for label in labels %}<span class="label">{{ label }}</span>{% endfor %}\
{% if not line.date and item_href %} <a class="item-link" href="{{ item_href }}">details</a>{% endif %}\
{% if line.fields.severity %} <span class="badge severity-{{ line.fields.severity }}">{{ line.fields.severity }}</span>{% endif %}</div>
<blockquote class="words">{{ words(line.text) }}</blockquote>
{% if line.fields.other_text %}<blockquote class="words other">{{ words(line.fields.other_text) }}</blockquote>{% endif %}
<p class="carried">{{ lead }} {% for source in line.sources %}{% if not loop.first %}; {% endif %}\
{% set href = source_href(source) %}{% if href %}<a class="source" href="{{ href }}">[{{ source.outlet }}, {{ source.date or "undated" }}]</a>\
{% else %}<span class="source">[{{ source.outlet }}, {{ source.date or "undated" }}]</span>{% endif %}{% endfor %}\
{% if line.fields.carriers_not_shown %} and {{ line.fields.carriers_not_shown }} more{% endif %}\
{% if corroboration %} · {{ corroboration_text }}{% if line.fields.single_source %} \
<span class="badge single">single source: no independent confirmation</span>{% endif %}{% endif %}</p>
{% if line.fields.message %}<p class="finding">finding: {{ line.fields.message }}\
{% if line.fields.suggestion %} · suggested reading: {{ line.fields.suggestion }}{% endif %}</p>{% endif %}
<ul class="provenance">{% for source in line.sources %}<li>{{ source.outlet }}, {{ source.date or "undated" }}:
“{{ source.title or source.source_path or source.doc_id[:12] }}” (document {{ source.doc_id[:12] }},
<span class="offsets">characters {{ source.start }}–{{ source.end }}</span>{% if source.quote_id %}, quote {{ source.quote_id }}\
{% elif source.event_id %}, event {{ source.event_id }}{% elif source.citation_id %}, citation {{ source.citation_id }}{% endif %})</li>\
{% endfor %}</ul>
</li>
"""

_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tabayyun">
<title>{{ title }}</title>
<style>{{ css }}</style>
</head>
<body>
{{ article }}
</body>
</html>
"""

MAX_WORDS_SHOWN = 1200  # characters of one quoted passage shown; the source span still covers it all


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=DictLoader({"article.html": _ARTICLE, "line.html": _LINE, "page.html": _PAGE}),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    return env


def _words(text: str) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= MAX_WORDS_SHOWN else flat[: MAX_WORDS_SHOWN - 1].rstrip() + "…"


def _path_id(value: str) -> str:
    return quote(value, safe=":")


def render_html(report: SituationReport, *, standalone: bool = True, link_base: str | None = None) -> str:
    """The report as a self-contained HTML page (``standalone``) or as its ``<article>`` element.
    ``link_base`` (e.g. ``""`` inside the web app) turns sources and items into links."""
    env = _environment()
    line_template = env.get_template("line.html")

    def source_href(source: Source) -> str | None:
        if link_base is None:
            return None
        base = f"{link_base}/documents/{_path_id(source.doc_id)}"
        if source.quote_id:
            return f"{base}#q-{source.quote_id}"
        if source.event_id:
            return f"{base}#e-{source.event_id}"
        if source.citation_id:
            return f"{base}#c-{source.citation_id}"
        return base

    def item_href(line: Line) -> str | None:
        if link_base is None or not line.item_id:
            return None
        about = line.fields.get("about", line.kind)
        if about == "event":
            return f"{link_base}/events/{_path_id(line.item_id)}"
        if about == "statement":
            return f"{link_base}/statements/{_path_id(line.item_id)}"
        return None

    def render_line(line: Line):
        lead = {"statement": "according to", "outlet": "cited in", "relay": "cited in",
                "claim": "written in", "date-finding": "written in"}.get(line.kind, "reported by")
        if line.kind == "finding" and line.fields.get("about") == "statement":
            lead = "according to"
        text = corroboration(line)
        plain = text.split(" · ")[0] if text else None
        return Markup(line_template.render(
            line=line, labels=line_labels(line), lead=lead, corroboration=text, corroboration_text=plain,
            words=_words, source_href=source_href, item_href=item_href(line),
        ))

    article = env.get_template("article.html").render(
        report=report, scope=scope_summary(report), corpus=corpus_summary(report), counts=count_summary(report),
        render_line=render_line,
    )
    if not standalone:
        return article
    title = "Situation report: " + report.question
    return env.get_template("page.html").render(title=title, css=Markup(REPORT_CSS), article=Markup(article))
