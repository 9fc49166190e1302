"""The knowledge base: the loaded actors and outlets, and its three kinds of question.

* what is this surface?  (:meth:`KnowledgeBase.match_outlet`, :meth:`KnowledgeBase.match_actor`)
* where are known names in this text?  (:meth:`KnowledgeBase.find_outlets`,
  :meth:`KnowledgeBase.scan_outlets`, :meth:`KnowledgeBase.scan_actors`), with exact spans
* who held this office on that day?  (:meth:`KnowledgeBase.role_holder`)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tabayyun.knowledge.entries import ActorEntry, Hit, HitKind, OutletEntry, Role
from tabayyun.knowledge.folding import compact_key, fold, fold_with_index, strip_article
from tabayyun.knowledge.loading import parse_data, read_yaml
from tabayyun.knowledge.patterns import (
    alias_pattern,
    casing_ok,
    grouped_alternation,
    pattern_first_key,
)

__all__ = ["KnowledgeBase"]

_LEADING_NOISE = frozenset(
    "the state state-run state-owned official semi-official pro-government daily "
    "news newspaper website satellite channel television tv agency".split()
)
_TRAILING_NOISE = (
    "news agency",
    "press agency",
    "agency",
    "newspaper",
    "daily",
    "channel",
    "website",
    "network",
    "tv",
    "television",
    "news",
    "online",
    "ce",
)


@dataclass(slots=True)
class _Gazetteer:
    regex: re.Pattern[str]
    index: dict[str, list[tuple[Any, HitKind, str]]]  # key -> [(entry, kind, alias)]


@dataclass
class KnowledgeBase:
    outlets: dict[str, OutletEntry]
    actors: dict[str, ActorEntry]
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._cue_cache: dict[str, list[ActorEntry]] = {}  # role phrases repeat: scan each once
        self._scanned_text: str | None = None  # the document the cached scans below belong to
        self._scans: dict[int, list[Hit]] = {}
        self._outlet_keys: dict[str, list[OutletEntry]] = {}
        for outlet in self.outlets.values():
            for name in outlet.all_names:
                key = compact_key(name)
                if key and outlet not in self._outlet_keys.setdefault(key, []):
                    self._outlet_keys[key].append(outlet)
        self._actor_keys: dict[str, list[tuple[ActorEntry, HitKind, str]]] = {}
        explicit: set[str] = set()
        for actor in self.actors.values():
            for kind, names in (("name", (actor.name,)), ("alias", actor.aliases)):
                for name in map(strip_article, names):
                    key = compact_key(name)
                    explicit.add(key)
                    self._add_actor_key(key, actor, kind, name)  # type: ignore[arg-type]
        # surnames only where no explicit name claims them and only one person has them
        surnames: dict[str, list[ActorEntry]] = {}
        for actor in self.actors.values():
            if actor.surname:
                surnames.setdefault(compact_key(actor.surname), []).append(actor)
        for key, owners in surnames.items():
            if len(owners) == 1 and key not in explicit:
                self._add_actor_key(key, owners[0], "surname", owners[0].surname or "")
        for actor in self.actors.values():
            for kind, names in (("demonym", actor.demonyms), ("metonym", actor.metonyms)):
                for name in map(strip_article, names):
                    key = compact_key(name)
                    if key not in explicit:
                        self._add_actor_key(key, actor, kind, name)  # type: ignore[arg-type]
        # title phrase -> canonical titles (primary first)
        self._title_phrases: dict[str, list[str]] = {}
        for title, phrases in self.titles.items():
            for phrase in (title, *phrases):
                key = " ".join(fold(phrase).casefold().replace("-", " ").split())
                owners = self._title_phrases.setdefault(key, [])
                if title not in owners:
                    owners.append(title)
        self._gazetteers: dict[tuple[bool, bool, bool], _Gazetteer] = {}

    def _add_actor_key(self, key: str, actor: ActorEntry, kind: HitKind, name: str) -> None:
        if not key:
            return
        bucket = self._actor_keys.setdefault(key, [])
        if (actor, kind, name) not in bucket:
            bucket.append((actor, kind, name))

    # ---------------------------------------------------------------- loading

    @classmethod
    def load(cls) -> KnowledgeBase:
        """The shipped knowledge base, read once per process."""
        return _load_default()

    @classmethod
    def from_data(cls, actors_data: dict[str, Any], outlets_data: dict[str, Any]) -> KnowledgeBase:
        outlets, actors, titles = parse_data(actors_data, outlets_data)
        return cls(outlets=outlets, actors=actors, titles=titles)

    # ---------------------------------------------------------------- ids

    def actor_id(self, entry: ActorEntry | OutletEntry) -> str:
        """``outlet:<slug>`` for outlets, ``actor:<slug>`` for everything else."""
        return f"outlet:{entry.id}" if isinstance(entry, OutletEntry) else f"actor:{entry.id}"

    # ---------------------------------------------------------------- single surfaces

    def match_outlet(self, surface: str) -> OutletEntry | None:
        """The outlet a surface names, or None. Tolerates case, spacing, hyphens,
        diacritics, a leading "the"/"the Russian", and a trailing "news agency" etc."""
        words = fold(surface).replace("(", " ").replace(")", " ").split()
        if not words:
            return None
        tried: set[str] = set()
        for candidate in self._outlet_candidates(words):
            key = compact_key(" ".join(candidate))
            if not key or key in tried:
                continue
            tried.add(key)
            found = self._outlet_keys.get(key)
            if found and len(found) == 1:
                return found[0]
        return self._fuzzy_outlet(compact_key(surface))

    def _outlet_candidates(self, words: list[str]) -> Iterable[list[str]]:
        yield words
        lead = 0
        while lead < len(words) - 1 and self._is_leading_noise(words[lead]):
            lead += 1
        for start in range(lead + 1):
            core = words[start:]
            yield core
            trimmed = core
            changed = True
            while changed and len(trimmed) > 1:
                changed = False
                lowered = " ".join(trimmed).casefold()
                for suffix in _TRAILING_NOISE:
                    n = len(suffix.split())
                    if len(trimmed) > n and lowered.endswith(" " + suffix):
                        trimmed = trimmed[:-n]
                        changed = True
                        yield trimmed
                        break

    def _is_leading_noise(self, word: str) -> bool:
        key = compact_key(word)
        if word.casefold() in _LEADING_NOISE:
            return True
        return any(kind == "demonym" or (kind in ("name", "alias") and e.type == "state")
                   for e, kind, _ in self._actor_keys.get(key, ()))

    def _fuzzy_outlet(self, key: str) -> OutletEntry | None:
        if len(key) < 8:
            return None
        # lazy: rapidfuzz is a heavy import (~40 ms) only the fuzzy fallback needs
        from rapidfuzz import fuzz, process

        choices = getattr(self, "_fuzzy_outlet_choices", None)  # the same for every call: build once
        if choices is None:
            choices = self._fuzzy_outlet_choices = [
                k for k in self._outlet_keys if len(k) >= 6 and len(self._outlet_keys[k]) == 1
            ]
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=92)
        return self._outlet_keys[best[0]][0] if best else None

    def match_actor(self, surface: str) -> ActorEntry | None:
        """The actor a surface names: names, aliases, unique surnames, then demonyms
        ("Russian" -> Russia); a very close spelling as a last resort. None if ambiguous."""
        text = fold(surface).strip()
        text = re.sub(r"^(?i:the)\s+", "", text)
        text = re.sub(r"(?i:'s)$", "", text).strip()
        key = compact_key(text)
        if not key:
            return None
        found = self._actor_keys.get(key, [])
        for kinds in (("name", "alias"), ("surname",), ("demonym",)):
            entries = {id(e): e for e, k, _ in found if k in kinds}
            if len(entries) == 1:
                return next(iter(entries.values()))
            if len(entries) > 1:
                return None
        if len(key) < 8:
            return None
        # lazy: rapidfuzz is a heavy import (~40 ms) only the fuzzy fallback needs
        from rapidfuzz import fuzz, process

        choices = getattr(self, "_fuzzy_actor_choices", None)  # the same for every call: build once
        if choices is None:
            choices = self._fuzzy_actor_choices = [
                k for k, v in self._actor_keys.items()
                if len(k) >= 8 and len({id(e) for e, kind, _ in v if kind in ("name", "alias")}) == 1
            ]
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=92)
        if best is None:
            return None
        return next(e for e, kind, _ in self._actor_keys[best[0]] if kind in ("name", "alias"))

    # ---------------------------------------------------------------- scanning text

    def _gazetteer(self, *, outlets: bool, demonyms: bool, metonyms: bool) -> _Gazetteer:
        flags = (outlets, demonyms, metonyms)
        cached = self._gazetteers.get(flags)
        if cached is not None:
            return cached
        index: dict[str, list[tuple[Any, HitKind, str]]] = {}
        if outlets:
            for key, entries in self._outlet_keys.items():
                for outlet in entries:
                    for name in outlet.all_names:
                        if compact_key(name) == key:
                            index.setdefault(key, []).append((outlet, "outlet", name))
        else:
            allowed = {"name", "alias", "surname"}
            if demonyms:
                allowed.add("demonym")
            if metonyms:
                allowed.add("metonym")
            for key, items in self._actor_keys.items():
                for item in items:
                    if item[1] in allowed:
                        index.setdefault(key, []).append(item)
        patterns: set[str] = set()
        for items in index.values():
            for _, _, alias in items:
                pattern = alias_pattern(alias)
                if pattern:
                    patterns.add(pattern)
        ordered = sorted(patterns, key=lambda p: (-len(p), p))
        grouped = grouped_alternation([(p, [pattern_first_key(p)]) for p in ordered])
        alternation = grouped if grouped is not None else "|".join(ordered)
        regex = re.compile(r"(?<![\w])(?:[وفبلك]{1,2})?(" + alternation + r")(?![\w])")
        gazetteer = _Gazetteer(regex=regex, index=index)
        self._gazetteers[flags] = gazetteer
        return gazetteer

    def _scan(self, text: str, gazetteer: _Gazetteer) -> list[Hit]:
        # the analyzer's stages scan the same document several times: keep its scans until the next
        if self._scanned_text is not text and self._scanned_text != text:
            self._scanned_text, self._scans = text, {}
        hits = self._scans.get(id(gazetteer))
        if hits is None:
            hits = self._scans[id(gazetteer)] = self._scan_uncached(text, gazetteer)
        return list(hits)

    def _scan_uncached(self, text: str, gazetteer: _Gazetteer) -> list[Hit]:
        folded, index = fold_with_index(text)
        hits: list[Hit] = []
        for m in gazetteer.regex.finditer(folded):
            fs, fe = m.span(1)
            start, end = index[fs], index[fe - 1] + 1
            surface = text[start:end]
            key = compact_key(surface)
            items = gazetteer.index.get(key)
            if not items:
                continue
            items = [it for it in items if casing_ok(it[2], surface)]
            entries = {id(e): (e, k) for e, k, _ in items}
            if len(entries) != 1:
                # ambiguous: prefer an explicit name over a surname/demonym reading
                named = {i: v for i, v in entries.items() if v[1] in ("name", "alias", "outlet")}
                if len(named) != 1:
                    continue
                entries = named
            entry, kind = next(iter(entries.values()))
            hits.append(Hit(start, end, entry, kind))
        return hits

    def scan_outlets(self, text: str) -> list[Hit]:
        """Gazetteer hits for outlets (kind "outlet")."""
        return self._scan(text, self._gazetteer(outlets=True, demonyms=False, metonyms=False))

    def find_outlets(self, text: str) -> list[tuple[int, int, OutletEntry]]:
        """Every outlet named in ``text``: (start, end, outlet), left to right, no overlaps."""
        return [(h.start, h.end, h.entry) for h in self.scan_outlets(text)]  # type: ignore[misc]

    def scan_actors(self, text: str, *, demonyms: bool = False, metonyms: bool = False) -> list[Hit]:
        """Gazetteer hits for actors, with what kind of name matched."""
        gazetteer = self._gazetteer(outlets=False, demonyms=demonyms, metonyms=metonyms)
        return self._scan(text, gazetteer)

    # ---------------------------------------------------------------- roles

    def title_regex(self) -> re.Pattern[str]:
        """A regex (over folded text) for every title phrase, longest first."""
        cached = getattr(self, "_title_re", None)
        if cached is None:
            alternatives = sorted(
                {p for phrases in self.titles.values() for p in phrases} | set(self.titles),
                key=lambda p: (-len(p), p),
            )
            cached = re.compile(
                r"(?<![\w])(" + "|".join(alias_pattern(p) or re.escape(p) for p in alternatives) + r")(?![\w])"
            )
            self._title_re = cached
        return cached

    def titles_for(self, phrase: str) -> list[str]:
        """Canonical titles a title phrase names ("FM" -> ["foreign minister"])."""
        key = " ".join(fold(phrase).casefold().replace("-", " ").split())
        return list(self._title_phrases.get(key, ()))

    def role_holder(self, phrase: str, on: dt.date | None = None) -> ActorEntry | None:
        """The person a role phrase names on a day: "the Russian Foreign Minister" on
        2016-12-01 is Lavrov. None when the phrase names no known office, or more than
        one person fits (unknown country, two holders, no date to choose between them)."""
        folded = fold(phrase)
        matches = list(self.title_regex().finditer(folded))
        if not matches:
            return None
        title_match = max(matches, key=lambda m: m.end(1) - m.start(1))
        titles = self.titles_for(title_match.group(1))
        if not titles:
            return None
        cues = self._role_cues(folded)
        if not cues and not self._title_is_specific(titles):
            return None  # "the director", "the head": whose?
        # undated: holders whose office is open-ended first, then anyone who ever held it
        ongoing_passes = (True, False) if on is None else (False,)
        for wanted in (titles[:1], titles):
            for ongoing_only in ongoing_passes:
                found = self._holders(wanted, cues, on, ongoing_only=ongoing_only)
                if len(found) == 1:
                    return found[0]
                if len(found) > 1:
                    return None
        return None

    def _holders(
        self, titles: Sequence[str], cues: Sequence[ActorEntry], on: dt.date | None, *, ongoing_only: bool
    ) -> list[ActorEntry]:
        found: dict[str, ActorEntry] = {}
        for actor in self.actors.values():
            for role in actor.roles:
                if role.title not in titles:
                    continue
                if on is not None and not role.active_on(on):
                    continue
                if ongoing_only and role.end is not None:
                    continue
                if all(self._cue_explained(cue, role) for cue in cues):
                    found[actor.id] = actor
        return list(found.values())

    def _title_is_specific(self, titles: Sequence[str]) -> bool:
        """A title every holder of which served the same state ("secretary of state",
        "president-elect", "supreme leader") needs no country to be understood."""
        if len(titles) != 1:
            return False
        countries = {
            role.country
            for actor in self.actors.values()
            for role in actor.roles
            if role.title == titles[0]
        }
        return len(countries) == 1 and None not in countries

    def _role_cues(self, text: str) -> list[ActorEntry]:
        cached = self._cue_cache.get(text)
        if cached is not None:
            return cached
        cues: dict[str, ActorEntry] = {}
        for hit in self.scan_actors(text, demonyms=True, metonyms=False):
            entry = hit.entry
            if isinstance(entry, ActorEntry) and entry.type != "person":
                cues[entry.id] = entry
        if len(self._cue_cache) < 10_000:
            self._cue_cache[text] = list(cues.values())
        return list(cues.values())

    def _cue_explained(self, cue: ActorEntry, role: Role) -> bool:
        """A country/organisation named in a role phrase must fit the role."""
        if cue.id in (role.org, role.target):
            return True
        return cue.type == "state" and cue.country is not None and cue.country == role.country


@lru_cache(maxsize=1)
def _load_default() -> KnowledgeBase:
    return KnowledgeBase.from_data(read_yaml("actors.yaml"), read_yaml("outlets.yaml"))
