"""Event coding: who did what to whom, when and where, one sentence at a time.

Each predicate of the dependency parse whose lemma the event lexicon
(``knowledge/data/event_lexicon.yaml``) knows becomes a PLOVER event:

* **verbs** ("met", "vetoed", "shelled", "called for", "sent aid") and **nouns**
  ("airstrikes on Aleppo", "the talks"); a noun governed by a *light verb*
  ("held talks", "carried out airstrikes", "reached an agreement") is one event whose
  predicate span covers both words and whose actors come from the verb;
* **actors**: the subject is the source and the object (or ``on``/``against``/``with``/``to``
  phrase) the target, matched to the record's actor mentions by character overlap.
  In the passive the agent ("by Russia") is the source and the subject the target.
  A clause without a subject ("... the right to veto", "agreed to withdraw") takes the
  subject of the clause it depends on; a pronoun subject takes the nearest preceding actor
  of a fitting kind;
* **coordination** ("Russia and Turkey agreed") gives **one event per source-target dyad**,
  as PLOVER codes them: two events with the same predicate span, one per source;
* **modality**: "will"/"plans to"/"is ready to" make an event ``planned``, "if"/"could"
  ``hypothetical``, "wants to"/"seeks to" ``reported-intent``; "not"/"never"/"refused to"
  set ``negated``. Such events are kept and marked, never counted as having happened;
* **date**: a day written in the sentence (``date_precision="sentence"``; dates inside a
  citation expression belong to the citation), else the date of the citation whose passage
  covers the predicate (``"citation"``), else the publication date (``"published"``);
* **place**: a place (role ``place``) in the sentence (``place_precision="sentence"``),
  else the place of the same kind of event retold just after (``"elaboration"``), else the
  document's focus place (``"focus"``), else none.

Everything is one pass over the tokens with dictionary look-ups and span-index queries,
so the cost is linear in the length of the text.

Modules: ``lexicon`` (the event lexicon and its loading), ``triggers`` (predicates),
``participants`` (source and target actors), ``modality``, ``date_place`` (date and place
attachment), ``coder`` (the entry point ``extract_events``), ``lead`` (the main event) and
``coding`` (PLOVER to CAMEO and ACLED).
"""

from tabayyun.extract.events.coder import extract_events
from tabayyun.extract.events.coding import load_mappings, plover_to_acled, plover_to_cameo
from tabayyun.extract.events.date_place import document_focus_place
from tabayyun.extract.events.lead import main_event
from tabayyun.extract.events.lexicon import PLOVER_TYPES, EventLexicon, Sense, load_lexicon

__all__ = [
    "PLOVER_TYPES",
    "EventLexicon",
    "Sense",
    "document_focus_place",
    "extract_events",
    "load_lexicon",
    "load_mappings",
    "main_event",
    "plover_to_acled",
    "plover_to_cameo",
]
