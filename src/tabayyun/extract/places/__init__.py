"""Places: where a document's events happen, geocoded offline.

Candidates come from spaCy's GPE/LOC/FAC entities, from the curated names of the
gazetteer (countries, divisions, bases, crossings, roads, districts: found even
where the small model misses them), and, in Arabic text, from gazetteer lookups
of word n-grams. Each candidate is resolved to one gazetteer entry by:

* a population prior (countries and divisions weigh more than same-named towns);
* the document's country context: countries named in the text and state
  demonyms ("Turkish" makes Turkey context, not a map point); outlets' countries
  do not count;
* the divisions named in the text ("Paris ... Texas") and apposition ("Paris, Texas");
* co-occurring places: candidates close to the document's other places win;
* an optional home area (:class:`~tabayyun.model.PlaceHint`): where the document's outlet is based or
  its dateline places it, given or learned for an outlet from its other documents by
  :mod:`tabayyun.resolve.home_areas`; it leans ambiguous names ("Paris" in a Paris, Texas paper) toward
  that area, and the text's own evidence still wins.

A capital used for its government ("Moscow relies on ...", "Ankara will take
over") is kept with ``role="actor"`` and no coordinates: it is not a map point.

The work is split into :mod:`.mentions` (a mention and its candidates), :mod:`.scan` (finding
them), :mod:`.actor_uses`, :mod:`.resolution` (choosing), :mod:`.extraction` (the entry points)
and :mod:`.focus` (a document's main place).
"""

from tabayyun.extract.places.extraction import extract_places, resolve_toponyms
from tabayyun.extract.places.focus import document_focus
from tabayyun.extract.places.resolution import POINT_FEATURES
from tabayyun.model import PlaceHint  # defined here before; now the data model's

__all__ = ["POINT_FEATURES", "PlaceHint", "document_focus", "extract_places", "resolve_toponyms"]
