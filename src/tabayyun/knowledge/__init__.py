"""The knowledge base: actors (with dated roles) and news outlets.

The facts live in ``knowledge/data/actors.yaml`` and ``knowledge/data/outlets.yaml``;
this module loads them once per process and answers three kinds of question:

* what is this surface?  (:meth:`KnowledgeBase.match_outlet`, :meth:`KnowledgeBase.match_actor`)
* where are known names in this text?  (:meth:`KnowledgeBase.find_outlets`,
  :meth:`KnowledgeBase.find_actors`, :meth:`KnowledgeBase.scan_actors`), with exact spans
* who held this office on that day?  (:meth:`KnowledgeBase.role_holder`)

Matching folds case, diacritics (``Cavusoglu`` == ``Çavuşoğlu``), Arabic hamza
and vowel marks, and treats spaces, hyphens, dots and apostrophes inside a name
as interchangeable (``Al- Mudun`` == ``Al-Mudun`` == ``Almudun``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

__all__ = [
    "ActorEntry",
    "Hit",
    "KnowledgeBase",
    "OutletEntry",
    "Role",
    "compact_key",
    "fold",
]

ACTOR_TYPES = ("person", "organization", "state", "armed_group")
OUTLET_TYPES = ("agency", "broadcaster", "newspaper", "website")
HitKind = Literal["name", "alias", "surname", "demonym", "metonym", "outlet"]


# --------------------------------------------------------------------------- entries


@dataclass(slots=True, frozen=True)
class OutletEntry:
    id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    language: str | None
    state_owned: bool | None
    type: str
    names_ar: tuple[str, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.names_ar)


@dataclass(slots=True, frozen=True)
class Role:
    title: str
    country: str | None = None  # ISO code of the state served
    org: str | None = None  # actor id of the body served
    start: dt.date | None = None
    end: dt.date | None = None  # exclusive; None = still held
    target: str | None = None  # actor id the office is directed at ("ambassador to Turkey")

    def active_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(slots=True, frozen=True)
class ActorEntry:
    id: str
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    surname: str | None = None  # the short form matched alone, when unambiguous


@dataclass(slots=True, frozen=True)
class Hit:
    """One gazetteer match: ``text[start:end]`` names ``entry``."""

    start: int
    end: int
    entry: ActorEntry | OutletEntry
    kind: HitKind


# --------------------------------------------------------------------------- folding

_CHAR_MAP = {
    "ı": "i",
    "İ": "I",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "ʻ": "'",
    "ʿ": "'",
    "ʾ": "'",
    "`": "'",
    "´": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "ى": "ي",
    "ة": "ه",
    "ٱ": "ا",
    "ـ": "",  # tatweel
    "\u200c": "",
    "\u200d": "",
    "\u200e": "",
    "\u200f": "",
}


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_FOLDS: dict[int, str] = {}  # code point -> its fold, for every non-ASCII char seen


def _fold_text(text: str) -> tuple[str, list[str]]:
    """``fold(text)``, and the chars of ``text`` whose fold is not exactly one char."""
    if text.isascii():
        return text.replace("`", "'"), []  # the only ASCII char folding changes
    table = _FOLDS
    odd: list[str] = []
    for ch in set(text):
        folded = table.get(ord(ch))
        if folded is None:
            folded = table[ord(ch)] = _fold_char(ch)
        if len(folded) != 1:
            odd.append(ch)
    return text.translate(table), odd


def fold_with_index(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` (see :func:`fold`) and return, for each folded char, its offset in ``text``."""
    folded, odd = _fold_text(text)
    if not odd:
        return folded, list(range(len(text)))
    positions: list[int] = []
    for ch in odd:
        i = text.find(ch)
        while i >= 0:
            positions.append(i)
            i = text.find(ch, i + 1)
    positions.sort()
    index: list[int] = []
    done = 0
    for i in positions:
        index.extend(range(done, i))
        index.extend([i] * len(_FOLDS[ord(text[i])]))
        done = i + 1
    index.extend(range(done, len(text)))
    return folded, index


def fold(text: str) -> str:
    """Strip diacritics and Arabic marks, unify apostrophes/dashes; case is kept."""
    return _fold_text(text)[0]


def strip_article(name: str) -> str:
    """``the United States`` -> ``United States`` (actor names are matched without it)."""
    return re.sub(r"^(?i:the)\s+", "", name.strip())


def compact_key(text: str) -> str:
    """The lookup key of a name: folded, case-folded, letters and digits only."""
    return re.sub(r"[\W_]+", "", fold(text).casefold())


_FUNCTION_WORDS = frozenset(
    "the al el ad ar as ash an at az ud of for de la le du des and a to".split()
)
_SEP = r"[\s\-.'/()]*"
_ACRONYM = re.compile(r"(?:[A-Z][A-Z0-9&]*\.?){2,}|[A-Z]{2,}[0-9]*")


def _is_acronym(alias: str) -> bool:
    return len(alias) <= 7 and bool(_ACRONYM.fullmatch(alias.replace(" ", "")))


def _alias_pattern(alias: str) -> str | None:
    """A regex (over folded text) that matches ``alias`` with flexible separators."""
    folded = fold(alias).strip()
    words = re.findall(r"[^\W_]+", folded)
    if not words:
        return None
    body = _SEP.join(re.escape(w) for w in words)
    if folded.endswith("."):
        body += r"\."
    if _is_acronym(folded):
        return body  # case-sensitive: "RT" must not match "rt", "US" not "us"
    return f"(?i:{body})"


def alternation_key(char: str) -> str | None:
    """The bucket of a pattern's first literal char: chars that match one another when case
    is ignored share a key.  None for chars whose case-insensitive matches are not simple."""
    if not char.isalnum() or re.escape(char) != char:
        return None
    if char.isascii() or char.lower() == char.upper():
        return char.lower()
    return None


def _pattern_first_key(pattern: str) -> str | None:
    """The bucket key of an alias pattern's first char (see :func:`_alias_pattern`)."""
    body = pattern[4:] if pattern.startswith("(?i:") else pattern
    return alternation_key(body[:1]) if body else None


def grouped_alternation(alternatives: Sequence[tuple[str, Sequence[str | None]]]) -> str | None:
    """``"|".join`` of the patterns, regrouped by the chars they can start with.

    Each alternative is (pattern, bucket keys of every char it can start with).  The
    result matches exactly what the plain alternation matches, alternative for
    alternative: at any position only the alternatives whose first char fits the
    text can match, and each group keeps their order, so the first that succeeds is
    the same; the regex engine just skips the other groups with one look-ahead each
    instead of trying thousands of alternatives.  None when a key is unknown.
    """
    buckets: dict[str, list[str]] = {}
    for pattern, keys in alternatives:
        if not keys:
            return None
        for key in dict.fromkeys(keys):
            if key is None:
                return None
            buckets.setdefault(key, []).append(pattern)
    return "|".join(
        f"(?=(?i:{key}))(?:{'|'.join(patterns)})" for key, patterns in buckets.items()
    )


def _first_content_word(text: str) -> str | None:
    for word in re.findall(r"[^\W\d_]+", text):
        if word.casefold() not in _FUNCTION_WORDS:
            return word
    return None


def _casing_ok(alias: str, surface: str) -> bool:
    """Capitalised names must be capitalised in the text ("Fars" yes, "fars" no)."""
    alias_word = _first_content_word(fold(alias))
    if alias_word is None or not alias_word[0].isupper():
        return True
    surface_word = _first_content_word(surface)
    if surface_word is None:
        return True
    return surface_word[0].isupper() or not surface_word[0].isalpha() or not surface_word.isascii()


# --------------------------------------------------------------------------- parsing data


def _parse_date(value: Any, *, end: bool) -> dt.date | None:
    """YAML date, "YYYY-MM-DD", "YYYY-MM" or YYYY; partial starts read as the first
    day, partial ends as the first day after the period (ends are exclusive)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return dt.date(year + 1, 1, 1) if end else dt.date(year, 1, 1)
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if end:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last) + dt.timedelta(days=1)
        return dt.date(year, month, 1)
    return dt.date.fromisoformat(text)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _check_country(code: Any, where: str) -> str | None:
    if code is None:
        return None
    if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code)):
        raise ValueError(f"{where}: country must be an ISO alpha-2 code, got {code!r}")
    return code


def _parse_outlet(raw: dict[str, Any]) -> OutletEntry:
    where = f"outlet {raw.get('id')!r}"
    if raw.get("type") not in OUTLET_TYPES:
        raise ValueError(f"{where}: type must be one of {OUTLET_TYPES}")
    state_owned = raw.get("state_owned")
    if state_owned not in (True, False, None):
        raise ValueError(f"{where}: state_owned must be true, false or null")
    return OutletEntry(
        id=str(raw["id"]),
        name=str(raw["name"]),
        aliases=_tuple(raw.get("aliases")),
        country=_check_country(raw.get("country"), where),
        language=raw.get("language"),
        state_owned=state_owned,
        type=raw["type"],
        names_ar=_tuple(raw.get("names_ar")),
    )


def _parse_actor(raw: dict[str, Any], titles: dict[str, tuple[str, ...]]) -> ActorEntry:
    where = f"actor {raw.get('id')!r}"
    kind = raw.get("type")
    if kind not in ACTOR_TYPES:
        raise ValueError(f"{where}: type must be one of {ACTOR_TYPES}")
    roles: list[Role] = []
    for r in raw.get("roles") or ():
        if r["title"] not in titles:
            raise ValueError(f"{where}: unknown title {r['title']!r}")
        role = Role(
            title=r["title"],
            country=_check_country(r.get("country"), where),
            org=r.get("org"),
            start=_parse_date(r.get("start"), end=False),
            end=_parse_date(r.get("end"), end=True),
            target=r.get("target"),
        )
        if role.start and role.end and role.end <= role.start:
            raise ValueError(f"{where}: role {role.title!r} ends before it starts")
        roles.append(role)
    name = str(raw["name"])
    surname: str | None = None
    if kind == "person":
        declared = raw.get("surname", True)
        if declared is True:
            surname = name.split()[-1] if len(name.split()) > 1 else None
        elif declared:
            surname = str(declared)
    return ActorEntry(
        id=str(raw["id"]),
        name=name,
        type=kind,
        country=_check_country(raw.get("country"), where),
        aliases=_tuple(raw.get("aliases")),
        roles=tuple(roles),
        demonyms=_tuple(raw.get("demonyms")),
        metonyms=_tuple(raw.get("metonyms")),
        surname=surname,
    )


def _read_yaml(name: str) -> dict[str, Any]:
    source = resources.files(__package__).joinpath("data", name)
    return yaml.safe_load(source.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the KB

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
        self._states_by_country = {
            a.country: a for a in self.actors.values() if a.type == "state" and a.country
        }
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
        titles = {str(k): _tuple(v) for k, v in (actors_data.get("titles") or {}).items()}
        outlets: dict[str, OutletEntry] = {}
        for raw in outlets_data.get("outlets") or ():
            outlet = _parse_outlet(raw)
            if outlet.id in outlets:
                raise ValueError(f"duplicate outlet id {outlet.id!r}")
            outlets[outlet.id] = outlet
        actors: dict[str, ActorEntry] = {}
        for raw in actors_data.get("actors") or ():
            actor = _parse_actor(raw, titles)
            if actor.id in actors:
                raise ValueError(f"duplicate actor id {actor.id!r}")
            actors[actor.id] = actor
        for actor in actors.values():
            for role in actor.roles:
                for ref in (role.org, role.target):
                    if ref is not None and ref not in actors:
                        raise ValueError(f"actor {actor.id!r}: role refers to unknown actor {ref!r}")
        return cls(outlets=outlets, actors=actors, titles=titles)

    # ---------------------------------------------------------------- ids

    def actor_id(self, entry: ActorEntry | OutletEntry) -> str:
        """``outlet:<slug>`` for outlets, ``actor:<slug>`` for everything else."""
        return f"outlet:{entry.id}" if isinstance(entry, OutletEntry) else f"actor:{entry.id}"

    def state_for_country(self, code: str | None) -> ActorEntry | None:
        return self._states_by_country.get(code) if code else None

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
                pattern = _alias_pattern(alias)
                if pattern:
                    patterns.add(pattern)
        ordered = sorted(patterns, key=lambda p: (-len(p), p))
        grouped = grouped_alternation([(p, [_pattern_first_key(p)]) for p in ordered])
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
            items = [it for it in items if _casing_ok(it[2], surface)]
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

    def find_actors(
        self, text: str, *, demonyms: bool = False, metonyms: bool = False
    ) -> list[tuple[int, int, ActorEntry]]:
        """Every known actor named in ``text``: (start, end, actor), no overlaps."""
        return [(h.start, h.end, h.entry) for h in self.scan_actors(text, demonyms=demonyms, metonyms=metonyms)]  # type: ignore[misc]

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
                r"(?<![\w])(" + "|".join(_alias_pattern(p) or re.escape(p) for p in alternatives) + r")(?![\w])"
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
    return KnowledgeBase.from_data(_read_yaml("actors.yaml"), _read_yaml("outlets.yaml"))
