"""Behaviour digest: is what tabayyun outputs byte-identical to the stored record of it?

A refactor must not change what a user gets. This script runs the product's own paths and
hashes every output:

* ``analyze:examples``, ``analyze:polnear-dev``, ``analyze:timeml`` - the JSONL of
  ``tabayyun analyze --format jsonl`` on the demo corpus, on the PolNeAR dev texts and on the
  TimeML texts (each given its document creation time as ``published`` in a ``.jsonl`` input,
  as a user would). The two sets under ``../shared/eval/`` are skipped when it is absent.
* ``cli:...`` - every ``tabayyun query`` sub-command, ``report`` (md, json) and ``export``
  (each scheme) on a store built by ``tabayyun ingest examples/``.
* ``web:...`` - every JSON and HTML route of ``tabayyun serve`` over that store (in-process
  ASGI client, cache off), with and without filters, and the detail pages of the first items.

Wall-clock stamps (``ingested_at``, a report's ``generated_at``) are masked before hashing.

    .venv/bin/python benchmarks/behaviour_digest.py              # compare with the stored digest
    .venv/bin/python benchmarks/behaviour_digest.py --update     # store the current outputs' digest
    .venv/bin/python benchmarks/behaviour_digest.py --only examples,cli,web --save out/digest-now

``--save DIR`` keeps every output as a file, so two runs can be compared with ``diff -r`` to
see what a deliberate change altered. Exit status 1 when a digest differs.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
STORED = ROOT / "benchmarks" / "behaviour_digest.json"
WORK = ROOT / "out" / "digest"
TABAYYUN = str(Path(sys.executable).parent / "tabayyun")

_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")
_TIMEX_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)((?:\s+[^<>]*?)?)\s*(/?)>")
_DCT = re.compile(r'<DCT>\s*<TIMEX3[^>]*value="(\d{4}-\d\d-\d\d)')

GROUPS = ("examples", "polnear", "timeml", "cli", "web")


def mask(data: bytes) -> bytes:
    return _STAMP.sub("<stamp>", data.decode("utf-8", "replace")).encode("utf-8")


def run(args: list[str]) -> bytes:
    done = subprocess.run(args, cwd=ROOT, capture_output=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"failed ({done.returncode}): {' '.join(args)}")
    return done.stdout


def analyze(path: str) -> bytes:
    return run([TABAYYUN, "analyze", path, "--format", "jsonl"])


def timeml_input() -> str:
    """The TimeML texts as a ``.jsonl`` input with their creation dates: the user's path."""
    out = WORK / "inputs" / "timeml.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for path in sorted(SHARED.glob("timeml/*/*.tml")):
        markup = path.read_text(encoding="utf-8")
        dct = _DCT.search(markup)
        body = markup.split("<TEXT>", 1)[-1].split("</TEXT>", 1)[0]
        text = html.unescape(_TIMEX_TAG.sub("", body))
        record = {"title": path.stem, "text": text, "published": dct.group(1) if dct else None}
        lines.append(json.dumps(record, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(out.relative_to(ROOT))


def cli_outputs() -> Iterator[tuple[str, bytes]]:
    db = WORK / "examples.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    run([TABAYYUN, "ingest", "examples/", "--db", str(db), "--no-progress"])
    d = ["--db", str(db)]
    j = ["--format", "jsonl", "--limit", "0"]
    queries: dict[str, list[str]] = {
        "timeline": ["timeline", *d, *j],
        "timeline-all": ["timeline", *d, *j, "--all"],
        "timeline-aleppo": ["timeline", *d, *j, "--place", "Aleppo", "--from", "2016-12-01"],
        "timeline-putin": ["timeline", *d, *j, "--actor", "Putin"],
        "actor-lavrov": ["actor", "Lavrov", *d, *j],
        "actor-russia": ["actor", "Russia", *d, *j],
        "quotes": ["quotes", *d, *j],
        "quotes-lavrov": ["quotes", *d, *j, "--speaker", "Lavrov", "--to", "2016-12-31"],
        "sources": ["sources", *d, "--format", "jsonl"],
        "findings": ["findings", *d, "--format", "jsonl"],
        "findings-corpus": ["findings", *d, "--format", "jsonl", "--level", "corpus"],
        "events": ["events", *d, *j],
        "events-all": ["events", *d, *j, "--include-unasserted"],
        "events-aleppo": ["events", *d, *j, "--place", "Aleppo", "--type", "ASSAULT"],
        "events-russia": ["events", *d, *j, "--actor", "Russia", "--from", "2016-12-10"],
        "places": ["places", *d, *j],
        "places-bbox": ["places", *d, *j, "--bbox", "35,32,43,38"],
        "search": ["search", "ceasefire Aleppo", *d, *j],
        "search-ar": ["search", "حلب", *d, *j],
    }
    for name, args in queries.items():
        yield f"cli:query-{name}", run([TABAYYUN, "query", *args])
    for fmt in ("md", "json"):
        yield f"cli:report-{fmt}", run([TABAYYUN, "report", *d, "--format", fmt])
        yield f"cli:report-aleppo-{fmt}", run(
            [TABAYYUN, "report", *d, "--format", fmt, "--place", "Aleppo",
             "--from", "2016-11-26", "--to", "2016-12-07"]
        )
    yield "cli:report-actor-md", run([TABAYYUN, "report", *d, "--actor", "Russia"])
    for scheme in ("plover", "cameo", "acled"):
        yield f"cli:export-{scheme}", run([TABAYYUN, "export", *d, "--scheme", scheme])
    yield "cli:export-filtered", run(
        [TABAYYUN, "export", *d, "--format", "jsonl", "--place", "Aleppo", "--actor", "Russia"]
    )


def web_outputs() -> Iterator[tuple[str, bytes]]:
    from fastapi.testclient import TestClient

    from tabayyun.web.app import create_app

    db = WORK / "examples.db"
    client = TestClient(create_app(db, cache=False))

    def get(url: str) -> bytes:
        response = client.get(url)
        return f"{response.status_code}\n".encode() + response.content

    listing = {
        "/api/documents": ["", "?q=ceasefire", "?place=Aleppo", "?outlet=RT", "?date_from=2016-12-10"],
        "/api/actors": ["", "?q=La", "?type=person", "?type=media&limit=5&offset=2"],
        "/api/timeline": ["", "?place=Aleppo", "?actor=Putin", "?type=statement", "?type=ASSAULT",
                          "?outlet=Reuters", "?date_from=2016-12-10&date_to=2016-12-20"],
        "/api/network": ["", "?actor=Russia"],
        "/api/map": [""],
        "/api/findings": [""],
        "/api/sources": [""],
        "/api/search": ["?q=Aleppo", "?q=%D8%AD%D9%84%D8%A8"],
        "/api/report": ["", "?place=Aleppo&date_from=2016-11-26&date_to=2016-12-07"],
    }
    for route, queries in listing.items():
        for query in queries:
            yield f"web:{route}{query}", get(route + query)
            page = route.removeprefix("/api")
            yield f"web:{page}{query}", get(page + query)
    for extra in ("/", "/report.md", "/report.html", "/report.css", "/api/documents/nope", "/actors/nope"):
        yield f"web:{extra}", get(extra)
    docs = client.get("/api/documents?limit=100").json()
    for doc in docs.get("documents", docs.get("items", [])):
        yield f"web:/api/documents/{doc['id']}", get(f"/api/documents/{doc['id']}")
        yield f"web:/documents/{doc['id']}", get(f"/documents/{doc['id']}")
    actors = client.get("/api/actors?limit=25").json()
    for actor in actors.get("actors", actors.get("items", [])):
        yield f"web:/api/actors/{actor['id']}", get(f"/api/actors/{actor['id']}")
        yield f"web:/actors/{actor['id']}", get(f"/actors/{actor['id']}")
    timeline = client.get("/api/timeline?limit=40").json()
    for item in timeline.get("items", []):
        kind = "statements" if item.get("kind") == "statement" else "events"
        yield f"web:/api/{kind}/{item['id']}", get(f"/api/{kind}/{item['id']}")
        yield f"web:/{kind}/{item['id']}", get(f"/{kind}/{item['id']}")


def outputs(groups: set[str]) -> Iterator[tuple[str, bytes]]:
    shared = SHARED.is_dir()
    producers: dict[str, Callable[[], Iterator[tuple[str, bytes]]]] = {
        "examples": lambda: iter([("analyze:examples", analyze("examples/"))]),
        "polnear": lambda: iter([("analyze:polnear-dev", analyze(str(SHARED / "polnear" / "dev" / "text")))]),
        "timeml": lambda: iter([("analyze:timeml", analyze(timeml_input()))]),
        "cli": cli_outputs,
        "web": web_outputs,
    }
    for group in GROUPS:
        if group not in groups:
            continue
        if group in ("polnear", "timeml") and not shared:
            print(f"skip {group}: ../shared/eval is not present", file=sys.stderr)
            continue
        yield from producers[group]()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="store the current digest")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"groups: {','.join(GROUPS)}")
    parser.add_argument("--save", type=Path, help="keep every output in this folder")
    args = parser.parse_args(argv)
    groups = {g.strip() for g in args.only.split(",") if g.strip()}
    if unknown := groups - set(GROUPS):
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    WORK.mkdir(parents=True, exist_ok=True)
    if args.save:
        shutil.rmtree(args.save, ignore_errors=True)
        args.save.mkdir(parents=True)
    stored = json.loads(STORED.read_text()) if STORED.exists() else {}
    current: dict[str, str] = {}
    for name, data in outputs(groups):
        data = mask(data)
        current[name] = hashlib.sha256(data).hexdigest()
        if args.save:
            safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:150]
            (args.save / safe).write_bytes(data)
    if args.update:
        kept = {k: v for k, v in stored.items() if _group_of(k) not in groups}
        kept.update(current)
        STORED.write_text(json.dumps(dict(sorted(kept.items())), indent=1) + "\n")
        print(f"stored {len(current)} digests in {STORED.relative_to(ROOT)}")
        return 0
    changed = sorted(k for k, v in current.items() if stored.get(k) != v)
    missing = sorted(k for k in stored if k not in current and _group_of(k) in groups)
    for name in changed:
        print(f"DIFFERS  {name}" if name in stored else f"NEW      {name}")
    for name in missing:
        print(f"MISSING  {name}")
    same = len(current) - len(changed)
    print(f"{same} of {len(current)} outputs identical to the stored digest")
    return 1 if changed or missing else 0


def _group_of(name: str) -> str:
    kind, rest = name.split(":", 1)
    if kind == "analyze":
        return {"examples": "examples", "polnear-dev": "polnear", "timeml": "timeml"}[rest]
    return kind


if __name__ == "__main__":
    raise SystemExit(main())
