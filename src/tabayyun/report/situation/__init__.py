"""The situation report: "what is happening in X between these dates?", every line sourced.

:func:`build_situation` reads the store and returns a :class:`SituationReport` with five
sections, in this order:

* ``what-happened``: corpus events in date order, with their carriers and independent sources;
  planned, negated, hypothetical and intended events in a separate, labelled group;
* ``who-said-what``: statements grouped by speaker, earliest first, with their carriers;
* ``contested``: corpus findings on the items in scope, events whose carriers give different
  dates, and one event reported with different statuses (happened / did not happen);
* ``sources``: the outlets behind the items (by country, state-owned or not), relay chains, and
  the share of items resting on a single source;
* ``audit``: unsourced sentences and date findings of the documents in scope.

Every line keeps the document id and the character span (``start``/``end`` into
``documents.text``) of the sentence, quote or citation it shows, and shows those words; the
only other words are fixed labels. Every query is bounded: a section holds at most ``limit``
lines and says when more were left out.

The package: :mod:`.model` (the report object and its JSON), :mod:`.scope` (place, actor and
dates resolved), :mod:`.reading` (what the sections share to read the store), one module per
section (:mod:`.what_happened`, :mod:`.who_said_what`, :mod:`.contested`, :mod:`.sources`,
:mod:`.audit`), :mod:`.builder` (assembling the report) and :mod:`.labels` (the fixed labels
the renderers print).
"""

from tabayyun.report.situation.builder import build_situation
from tabayyun.report.situation.labels import (
    corpus_summary,
    corroboration,
    count_summary,
    line_labels,
    scope_summary,
)
from tabayyun.report.situation.model import (
    SECTION_IDS,
    Group,
    Line,
    Section,
    SituationReport,
    Source,
)
from tabayyun.report.situation.scope import PlaceScope, resolve_place

__all__ = [
    "SECTION_IDS",
    "Group",
    "Line",
    "PlaceScope",
    "Section",
    "SituationReport",
    "Source",
    "build_situation",
    "corpus_summary",
    "corroboration",
    "count_summary",
    "line_labels",
    "resolve_place",
    "scope_summary",
]
