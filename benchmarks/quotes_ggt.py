"""Quotes and speakers against the Gender Gap Tracker's evaluation set (the dev half).

Runs the product's own path, ``tabayyun analyze ../shared/eval/ggt/text --format jsonl``, and
scores it with the tracker's measure (``../shared/eval/README.md``):

* a gold quote is **found** when one system quote covers more than 0.3 of its characters,
  one-to-one (each system quote is used once, the best-covering first); precision, recall and
  F1 over quotes;
* **speaker accuracy** over found quotes: the system speaker span overlaps the gold speaker span;
  for a floating gold quote (no speaker in the text) it is right when the system names no speaker
  or names the gold ``reference`` person;
* **resolved name** over found quotes whose gold has a ``reference``: the system speaker's name
  is that person (case and diacritics folded; equal, or the same surname).

The gold counts speech only; until quotes carry their act (issue 12), every system quote counts,
stances included.

    .venv/bin/python benchmarks/quotes_ggt.py [--data DIR] [--errors N] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "ggt"
TABAYYUN = str(Path(sys.executable).parent / "tabayyun")
COVER = 0.3

sys.path.insert(0, str(ROOT / "src"))
from tabayyun.knowledge import fold as kb_fold  # noqa: E402


@dataclass(slots=True)
class Scores:
    gold: int = 0
    system: int = 0
    found: int = 0
    speaker_right: int = 0
    named_gold: int = 0
    name_right: int = 0
    misaligned: int = 0

    def as_dict(self) -> dict[str, float | int]:
        p = self.found / self.system if self.system else 0.0
        r = self.found / self.gold if self.gold else 0.0
        return {
            "gold_quotes": self.gold,
            "system_quotes": self.system,
            "found": self.found,
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "speaker_accuracy": round(self.speaker_right / self.found, 3) if self.found else 0.0,
            "resolved_name": round(self.name_right / self.named_gold, 3) if self.named_gold else 0.0,
            "documents_whose_text_changed": self.misaligned,
        }


def fold(name: str) -> str:
    return " ".join(kb_fold(name).split())


def same_person(system_name: str | None, reference: str) -> bool:
    if not system_name:
        return False
    a, b = fold(system_name), fold(reference)
    return a == b or (a.split()[-1:] == b.split()[-1:] and bool(a.split()))


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def match(gold: list[dict], system: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs (gold, system) where the system quote covers > COVER of the gold one."""
    candidates = []
    for gi, g in enumerate(gold):
        length = max(1, g["end"] - g["start"])
        for si, s in enumerate(system):
            share = overlap(g["start"], g["end"], s["start"], s["end"]) / length
            if share > COVER:
                candidates.append((share, gi, si))
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, gi, si in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gold[gi], system[si]))
    return pairs


def speaker_right(g: dict, s: dict) -> bool:
    spk = s.get("speaker")
    if g.get("speaker_start") is None:
        return spk is None or same_person(spk.get("name"), g.get("reference") or "")
    return spk is not None and overlap(g["speaker_start"], g["speaker_end"], spk["start"], spk["end"]) > 0


def analyze(text_dir: Path) -> dict[str, dict]:
    done = subprocess.run(
        [TABAYYUN, "analyze", str(text_dir), "--format", "jsonl"], capture_output=True, text=True, check=True
    )
    records = (json.loads(line) for line in done.stdout.splitlines() if line.strip())
    return {Path(r["source_path"]).stem: r for r in records}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print up to N speaker errors")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.data / "gold").is_dir():
        print(f"no GGT data under {args.data} (../shared/eval/ggt/): nothing to measure")
        return 0
    records = analyze(args.data / "text")
    scores = Scores()
    errors: list[str] = []
    for gold_path in sorted((args.data / "gold").glob("*.json")):
        name = gold_path.stem
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["quotes"]
        text = (args.data / "text" / f"{name}.txt").read_text(encoding="utf-8")
        record = records.get(name)
        system = record["quotes"] if record else []
        if record and record["text"] != text:
            scores.misaligned += 1  # offsets would not compare: count the document's quotes as missed
            system = []
        scores.gold += len(gold)
        scores.system += len(system)
        for g, s in match(gold, system):
            scores.found += 1
            if speaker_right(g, s):
                scores.speaker_right += 1
            elif len(errors) < args.errors:
                said = s["speaker"]["surface"] if s.get("speaker") else None
                errors.append(f"{name}: gold {g.get('speaker')!r} -> ours {said!r}: {g['quote'][:70]!r}")
            if g.get("reference"):
                scores.named_gold += 1
                scores.name_right += same_person((s.get("speaker") or {}).get("name"), g["reference"])
    result = scores.as_dict()
    print(f"GGT dev ({len(records)} articles), quotes over > {COVER} of the gold characters, one-to-one")
    print(f"  quotes: precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}"
          f"  ({result['found']} found of {result['gold_quotes']} gold, {result['system_quotes']} ours)")
    print(f"  speaker accuracy {result['speaker_accuracy']:.3f}   resolved name {result['resolved_name']:.3f}")
    print("  the tracker's published figures (all 98 articles): quote F1 0.837, speaker accuracy 0.860")
    if scores.misaligned:
        print(f"  {scores.misaligned} documents changed text in analysis: their quotes count as missed")
    for line in errors:
        print("  " + line)
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
