"""The knowledge base: actors (with dated roles) and news outlets.

The facts live in ``knowledge/data/actors.yaml`` and ``knowledge/data/outlets.yaml``
(read by :mod:`.loading` into the records of :mod:`.entries`); :mod:`.base` holds the
:class:`KnowledgeBase` that answers questions about them. Matching folds case, diacritics
(``Cavusoglu`` == ``Çavuşoğlu``), Arabic hamza and vowel marks (:mod:`.folding`), and treats
spaces, hyphens, dots and apostrophes inside a name as interchangeable (``Al- Mudun`` ==
``Al-Mudun`` == ``Almudun``, :mod:`.patterns`).
"""

from tabayyun.knowledge.base import KnowledgeBase
from tabayyun.knowledge.entries import (
    ACTOR_TYPES,
    OUTLET_TYPES,
    ActorEntry,
    Hit,
    HitKind,
    OutletEntry,
    Role,
)
from tabayyun.knowledge.folding import compact_key, fold, fold_with_index, strip_article
from tabayyun.knowledge.patterns import alternation_key, grouped_alternation

__all__ = [
    "ACTOR_TYPES",
    "OUTLET_TYPES",
    "ActorEntry",
    "Hit",
    "HitKind",
    "KnowledgeBase",
    "OutletEntry",
    "Role",
    "alternation_key",
    "compact_key",
    "fold",
    "fold_with_index",
    "grouped_alternation",
    "strip_article",
]
