"""A synthetic corpus from templates and the knowledge base, for tests and benchmarks.

Documents read like short wire reports about late 2016: people from the knowledge base who
held a role then, outlets from the outlet registry, day-first dates, parenthetical
citations, relays ("Sputnik reported ... (RT, 2/12/2016)"), and statements that recur across
documents (the same words by the same speaker, carried by different outlets), so that
cross-document resolution has something to find. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tabayyun.knowledge import KnowledgeBase

__all__ = ["SyntheticDocument", "generate", "write_corpus"]

_PLACES = ["Aleppo", "Idlib", "Homs", "Palmyra", "Damascus", "Ankara", "Moscow", "Geneva", "Astana", "al-Bab"]
_TOPICS = [
    "the evacuation of civilians from {place}",
    "a ceasefire around {place}",
    "the talks on Syria in {place}",
    "humanitarian access to {place}",
    "the withdrawal routes out of {place}",
    "the fighting near {place}",
]
_SAYINGS = [
    "the agreement on {topic} would be respected by all sides",
    "no decision on {topic} had been taken yet",
    "the parties had made progress on {topic}",
    "any violation concerning {topic} would be answered",
    "the government was ready to discuss {topic} without preconditions",
    "the guarantor countries would monitor {topic}",
]
_FILLER = [
    "Buses and ambulances were seen on the roads leading out of the city.",
    "Aid agencies said that the needs remained enormous.",
    "The weekend clashes were the worst in a month.",
    "Diplomats expect further meetings before the end of the year.",
    "Residents described long queues at the checkpoints.",
]
_START = dt.date(2016, 11, 20)


@dataclass(slots=True)
class SyntheticDocument:
    name: str
    text: str
    published: dt.date


def _people(kb: KnowledgeBase, on: dt.date) -> list[str]:
    return sorted(
        a.name for a in kb.actors.values() if a.type == "person" and any(r.active_on(on) for r in a.roles)
    )


def _dmy(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def generate(count: int, *, seed: int = 7, kb: KnowledgeBase | None = None, sentences: int = 8) -> Iterator[SyntheticDocument]:
    """``count`` documents of about ``sentences`` sentences each."""
    kb = kb or KnowledgeBase.load()
    rng = random.Random(seed)
    people = _people(kb, dt.date(2016, 12, 1))
    outlets = sorted(o.name for o in kb.outlets.values())
    # statements that recur: (speaker, words, day)
    recurring: list[tuple[str, str, dt.date]] = []
    for _ in range(max(3, count // 4)):
        topic = rng.choice(_TOPICS).format(place=rng.choice(_PLACES))
        recurring.append(
            (rng.choice(people), rng.choice(_SAYINGS).format(topic=topic), _START + dt.timedelta(days=rng.randrange(40)))
        )
    for number in range(count):
        published = _START + dt.timedelta(days=rng.randrange(42))
        place = rng.choice(_PLACES)
        lines = [f"Report {number + 1}: talks and fighting around {place}", "", f"{published.day} {published:%B}, {published.year}"]
        for _ in range(sentences):
            roll = rng.random()
            day = published - dt.timedelta(days=rng.randrange(4))
            outlet = rng.choice(outlets)
            if roll < 0.3:
                speaker, words, said_on = rng.choice(recurring)
                day = min(max(said_on, day - dt.timedelta(days=3)), published)
                lines.append(f"{speaker} said that {words}. ({outlet}, {_dmy(day)})")
            elif roll < 0.5:
                speaker = rng.choice(people)
                topic = rng.choice(_TOPICS).format(place=rng.choice(_PLACES))
                lines.append(f"{speaker} said on {_dmy(day)} that {rng.choice(_SAYINGS).format(topic=topic)}.")
            elif roll < 0.65:
                relayed, carrier = rng.sample(outlets, 2)
                topic = rng.choice(_TOPICS).format(place=place)
                lines.append(
                    f"{relayed} reported that officials were preparing {topic}. ({carrier}, {_dmy(day)})"
                )
            elif roll < 0.8:
                topic = rng.choice(_TOPICS).format(place=place)
                lines.append(f"According to {outlet}, talks on {topic} continued on {day.day} {day:%B}.")
            else:
                lines.append(rng.choice(_FILLER))
        yield SyntheticDocument(f"synthetic_{number + 1:05d}.txt", "\n".join(lines) + "\n", published)


def write_corpus(directory: str | Path, count: int, *, seed: int = 7, jsonl: bool = False,
                 sentences: int = 8) -> list[Path]:
    """Write ``count`` documents as .txt files (or one .jsonl file) under ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    documents = generate(count, seed=seed, sentences=sentences)
    if jsonl:
        path = directory / "synthetic.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for doc in documents:
                handle.write(json.dumps({"text": doc.text, "title": doc.name, "published": doc.published.isoformat()}) + "\n")
        return [path]
    paths = []
    for doc in documents:
        path = directory / doc.name
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths
