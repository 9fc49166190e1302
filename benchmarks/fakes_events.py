"""Main-event date and location on FA-KES (Syrian war news), next to simple baselines.

Usage::

    .venv/bin/python benchmarks/fakes_events.py [--csv ../shared/eval/fakes/fakes_dev.csv] [--errors 10] [--limit N]

For every article the analyzer runs with no publication date (FA-KES gives none), the
event coder runs on the record's actors, dates and citations, and the lead event
(``main_event``) is scored against the article's gold ``date`` (same day) and ``location``
(same governorate, or the city that names it).

How the gold date relates to the text: FA-KES articles start with a date line ("Wed 05 Apr
2017 ...", "Published February 23 2015 ...", "24.08.2013 ...") and the gold date is, far more
often than the day of the event the lead sentence reports, that date line's day: when an
article published on Monday reports a bombing "on Sunday", the gold date is Monday. So the
benchmark hands the first full date of the article's opening (its date line) to the event
coder as the publication date, the way the ingest step would for a file with a date line,
and events without a day written in their own sentence take it. The gold date also
disagrees with every date in the text for about 40% of the articles (weeks off, or no date in
the text at all), which bounds what any reading of the text can reach: the run prints that
ceiling.

Locations: the gold ``location`` is one of Syria's governorates (Damascus covers its
countryside). Predicted places come from ``tabayyun.extract.places`` when that module exists,
else from the small governorate gazetteer below (a benchmark aid, not shipped with the tool).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from tabayyun.extract.events import extract_events, main_event
from tabayyun.model import Actor, DateMention, Document, Event, Place
from tabayyun.pipeline import Analyzer

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT.parent / "shared" / "eval" / "fakes" / "fakes_dev.csv"
DATELINE_WINDOW = 160  # a date starting this near the top of the text is its date line

# governorate (as FA-KES spells it) -> place names in it, the governorate's own name first
GOVERNORATES: dict[str, list[str]] = {
    "aleppo": ["Aleppo", "Halab", "al-Bab", "Azaz", "Aazaz", "Manbij", "Jarablus", "Jarabulus", "Kobani", "Kobane",
               "Ain al-Arab", "Afrin", "Tal Rifaat", "Nubl", "Zahraa", "Deir Hafer", "Safira", "Kuweires",
               "Anadan", "Khan Touman", "Ramouseh", "Salaheddin", "Salah al-Din", "Sheikh Maqsoud", "Maskanah",
               "Marea", "Dabiq", "Castello", "Bureij", "Haritan", "Hreitan", "Sukkari", "Ansari", "Tel Rifaat",
               "Joban Bey", "Joban Bai", "Akhtarin", "Hayan"],
    "damascus": ["Damascus", "Ghouta", "Douma", "Duma", "Jobar", "Harasta", "Darayya", "Daraya", "Moadamiyeh",
                 "Muadamiya", "Moadamiyet", "Zamalka", "Ain Tarma", "Arbeen", "Erbin", "Kafr Batna", "Hamouria",
                 "Hamouriyeh", "Saqba", "Qaboun", "Barzeh", "Yarmouk", "Qudsaya", "Zabadani", "Madaya",
                 "Wadi Barada", "Rankus", "Adra", "Babbila", "Yalda", "Jaramana", "Sayyida Zeinab",
                 "Sayeda Zeinab", "Otaiba", "Rif Dimashq", "Qalamoun", "Yabroud", "Nabk", "Dumayr", "Mezzeh",
                 "Mezze", "Abbasiyeen", "Burj Rouss", "Qasaa", "Marj al-Sultan", "Deir al-Asafir", "Beit Jin",
                 "Mesraba", "Misraba", "Hazeh", "Kafr Sousa", "Kfar Sousa"],
    "idlib": ["Idlib", "Idleb", "Khan Sheikhoun", "Khan Shaykhun", "Khan Sheikhun", "Khan Sheikhoun",
              "Maarat al-Numan", "Maaret al-Numan", "Maarat al-Nouman", "Maaret al-Noaman", "Ariha", "Saraqeb",
              "Jisr al-Shughour", "Jisr al-Shughur", "Binnish", "Taftanaz", "Abu Duhur", "Abu al-Duhur",
              "Sarmada", "Kafr Nabl", "Kafranbel", "Salqin", "Harem", "Maaret Misrin", "Fuaa", "Foua", "Fua",
              "Kefraya", "Kafraya", "Deir al-Sharqi", "Sarmin", "Hbeit", "Kafr Takharim", "Atareb"],
    "deir ezzor": ["Deir Ezzor", "Deir ez-Zor", "Deir al-Zor", "Deir el-Zour", "Deir Ez-Zour", "Deir Al-Zour",
                   "Deir Ezzour", "Deir el-Zor", "Mayadeen", "Mayadin", "Albu Kamal", "Abu Kamal", "Bukamal",
                   "Boukamal", "Quriyah", "Muhasan", "Hajin", "Shuheil", "Shaitat", "Khusham", "Ashara"],
    "raqqa": ["Raqqa", "Raqa", "Rakka", "Tabqa", "Tabqah", "Tal Abyad", "Tell Abyad", "Ain Issa", "Ayn Issa",
              "Mansoura", "Karama", "Tabqa Dam"],
    "homs": ["Homs", "Palmyra", "Tadmur", "Qusayr", "Qusair", "Rastan", "Talbiseh", "Houla", "Tal Kalakh",
             "Tall Kalakh", "Waer", "Shayrat", "Shairat", "Qaryatain", "Qaryatayn", "Tiyas", "Sukhnah", "Sukhna",
             "Mahin", "Taldou", "Khaldiyeh"],
    "hasakeh": ["Hasakeh", "Hasaka", "Hasakah", "Hassakeh", "Hassaka", "Qamishli", "Qamishlo", "Ras al-Ain",
                "Ras al-Ayn", "Ras Al Ain", "Shaddadi", "Shadadi", "al-Hol", "Malikiya", "Tal Tamr", "Tel Tamr",
                "Tal Hamis", "Tel Hamis", "Qahtaniyah", "Derik", "Amuda"],
    "hama": ["Hama", "Hamah", "Salamiyeh", "Salamiyah", "Salamiya", "Salamieh", "Morek", "Mhardeh", "Mahardah",
             "Suqaylabiyah", "Latamneh", "Lataminah", "Kafr Zita", "Kafr Zeita", "Halfaya", "Soran", "Souran",
             "Taybat al-Imam", "Aqareb", "Akarib", "Qasr Ibn Wardan", "Qubeir", "Mazraat al-Qubeir",
             "Aqareb es Safi", "Akareb al-Safi", "Maan", "Khattab"],
    "daraa": ["Daraa", "Deraa", "Dera'a", "Dar'a", "Bosra", "Busra", "Nawa", "Inkhil", "Sheikh Miskeen",
              "Izraa", "Tafas", "Jassem", "Deir al-Adas", "Kafr Shams", "Nasib", "Nassib", "Jasim", "Sanamayn"],
    "lattakia": ["Latakia", "Lattakia", "Latakiya", "Qardaha", "Jableh", "Kessab", "Kasab", "Salma", "Rabia",
                 "Hmeimim", "Khmeimim", "Jabal al-Akrad", "Jabal al-Turkman", "Kinsabba"],
    "quneitra": ["Quneitra", "Qunaitra", "Kuneitra", "Golan", "Khan Arnabeh", "Jubata al-Khashab", "Hader",
                 "Fawwar", "Baath city"],
    "tartus": ["Tartus", "Tartous", "Baniyas", "Banias", "Safita"],
    "suwayda": ["Suwayda", "Sweida", "Sweidaa", "Suweida"],
}


def _gazetteer() -> re.Pattern[str]:
    names = sorted({n for ns in GOVERNORATES.values() for n in ns}, key=len, reverse=True)
    pattern = "|".join(re.escape(n).replace(r"\-", "[- ]?").replace(r"\ ", "[- ]?") for n in names)
    return re.compile(rf"(?<![A-Za-z])(?:{pattern})(?![a-z])", re.IGNORECASE)


_GAZ = _gazetteer()
_LOOKUP = {re.sub(r"[- ]", "", n.lower()): gov for gov, ns in GOVERNORATES.items() for n in ns}


def governorate(name: str | None) -> str | None:
    if not name:
        return None
    key = re.sub(r"[- ']", "", name.lower()).replace("governorate", "").replace("province", "")
    for prefix in ("", "al", "el"):
        if key.startswith(prefix) and key[len(prefix):] in _LOOKUP:
            return _LOOKUP[key[len(prefix):]]
    return _LOOKUP.get(key)


def gazetteer_places(text: str, actors: Sequence[Actor]) -> list[Place]:
    """Syrian place names found by the benchmark gazetteer; a name used as an actor (a state's
    capital as its government, "Damascus denied ...") gets role "actor"."""
    states = [(m.start, m.end) for a in actors if a.type == "state" for m in a.mentions]
    places = []
    for m in _GAZ.finditer(text):
        gov = governorate(m.group(0))
        if gov is None:
            continue
        role = "actor" if any(s < m.end() and m.start() < e for s, e in states) else "place"
        places.append(Place(start=m.start(), end=m.end(), surface=m.group(0), name=m.group(0).title(),
                            country="SY", admin1=gov, feature="city", role=role))
    return places


def module_places(analyzer: Analyzer, text: str, chunks, actors: Sequence[Actor]) -> list[Place] | None:
    try:
        from tabayyun.extract import places as places_module
    except ImportError:
        return None
    return places_module.extract_places(text, chunks, analyzer.kb, actors)


def gold_date(value: str) -> str:
    month, day, year = (int(x) for x in value.split("/"))
    return dt.date(2000 + year if year < 100 else year, month, day).isoformat()


def is_day(mention: DateMention) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", mention.value)) and mention.type == "DATE"


def dateline(dates: Sequence[DateMention]) -> dt.date | None:
    for mention in dates:
        if mention.start > DATELINE_WINDOW:
            return None
        if is_day(mention):
            return dt.date.fromisoformat(mention.value)
    return None


def place_governorate(event: Event | None) -> str | None:
    if event is None or event.place is None:
        return None
    return governorate(event.place.admin1) or governorate(event.place.name)


def baseline_location(places: Sequence[Place]) -> str | None:
    govs = [governorate(p.admin1) or governorate(p.name) for p in places if p.country in (None, "SY")]
    counts = Counter(g for g in govs if g)
    return counts.most_common(1)[0][0] if counts else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--errors", type=int, default=0, help="print this many misses of each kind")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--places", choices=("auto", "gazetteer"), default="auto",
                        help="auto: tabayyun.extract.places when installed, else the benchmark gazetteer")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        print(f"FA-KES not found at {args.csv}", file=sys.stderr)
        return 1
    with args.csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if args.limit:
        rows = rows[: args.limit]

    analyzer = Analyzer()
    tally: Counter[str] = Counter()
    misses: dict[str, list[str]] = {"date": [], "location": []}
    analyze_seconds = events_seconds = 0.0
    place_source = "gazetteer"
    for row in rows:
        text = row["article_content"]
        t0 = time.perf_counter()
        parsed = next(analyzer.parse_many([Document(text=text, source_path=row["unit_id"], published=None)]))
        record = analyzer.analyze_parsed(parsed)
        t1 = time.perf_counter()
        places = None if args.places == "gazetteer" else module_places(analyzer, record.text, parsed.chunks, record.actors)
        if places is None:
            places = gazetteer_places(record.text, record.actors)
        else:
            place_source = "tabayyun.extract.places"
        t2 = time.perf_counter()
        events = extract_events(record.text, parsed.chunks, actors=record.actors, dates=record.dates,
                                citations=record.citations, places=places, published=dateline(record.dates))
        lead_id = main_event(events, record.text)
        t3 = time.perf_counter()
        analyze_seconds += t1 - t0
        events_seconds += t3 - t2
        lead = next((e for e in events if e.id == lead_id), None)

        gold_day, gold_loc = gold_date(row["date"]), row["location"].strip().lower()
        days = [d.value for d in record.dates if is_day(d)]
        predicted_loc = place_governorate(lead)
        tally["articles"] += 1
        tally["with_lead"] += lead is not None
        tally["date"] += lead is not None and lead.date == gold_day
        tally["date_baseline"] += bool(days) and days[0] == gold_day
        tally["date_ceiling"] += gold_day in days
        tally["location"] += predicted_loc == gold_loc
        tally["location_baseline"] += baseline_location([p for p in places if p.role == "place"]) == gold_loc
        tally["location_ceiling"] += any(governorate(p.admin1) == gold_loc for p in places)
        if lead is not None:
            tally[f"located_by:{lead.place_precision}"] += 1
            tally[f"located_by_ok:{lead.place_precision}"] += predicted_loc == gold_loc
        if lead is not None:
            tally[f"date_precision:{lead.date_precision}"] += 1
            tally[f"place_precision:{lead.place_precision}"] += 1
        if lead is None or lead.date != gold_day:
            misses["date"].append(f"{row['unit_id']} gold={gold_day} got={lead.date if lead else None} "
                                  f"({lead.date_precision if lead else '-'}) | {lead.sentence[:120] if lead else text[:120]}")
        if predicted_loc != gold_loc:
            misses["location"].append(f"{row['unit_id']} gold={gold_loc} got={predicted_loc} "
                                      f"({lead.place.name if lead and lead.place else None}) | "
                                      f"{lead.sentence[:120] if lead else text[:120]}")

    n = tally["articles"] or 1
    print(f"FA-KES {args.csv.name}: {tally['articles']} articles, places from {place_source}")
    print(f"{'measure':<34}{'main event':>12}{'baseline':>12}{'ceiling':>12}")
    print(f"{'date (same day)':<34}{tally['date'] / n:>12.3f}{tally['date_baseline'] / n:>12.3f}"
          f"{tally['date_ceiling'] / n:>12.3f}")
    print(f"{'location (same governorate)':<34}{tally['location'] / n:>12.3f}"
          f"{tally['location_baseline'] / n:>12.3f}{tally['location_ceiling'] / n:>12.3f}")
    print("baseline: first full date in the text / most often named Syrian place; "
          "ceiling: gold written anywhere in the text")
    print(f"articles with a lead event: {tally['with_lead']}")
    print("lead date from: " + ", ".join(f"{k.split(':')[1]} {v}" for k, v in sorted(tally.items())
                                          if k.startswith("date_precision:")))
    print("lead place from: " + ", ".join(f"{k.split(':')[1]} {v}" for k, v in sorted(tally.items())
                                           if k.startswith("place_precision:")))
    for how in ("sentence", "elaboration", "focus"):
        placed = tally[f"located_by:{how}"]
        print(f"lead events placed by {how}: {placed}, of which right: "
              f"{tally[f'located_by_ok:{how}'] / max(1, placed):.3f}")
    print(f"time: analyze {analyze_seconds:.1f} s, events {events_seconds:.2f} s "
          f"(+{100 * events_seconds / max(analyze_seconds, 1e-9):.1f}%)")
    for kind, lines in misses.items():
        for line in lines[: args.errors]:
            print(f"miss {kind}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
