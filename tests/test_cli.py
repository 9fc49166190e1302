"""The command line as a user runs it: real subprocesses, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tabayyun.schema import validate_record

ARTICLE = """Ankara talks continue

2 December, 2016
Turkey's foreign minister met his Russian counterpart in Alanya on Thursday, 1st December (Anadolu Agency, 1/12/2016).
Lavrov said that Russia and Turkey will continue talks on Syria. (Russia Today, 1/12/2016)
The weekend clashes were the worst in a month.
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tabayyun.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_version_and_help():
    assert run("--version").stdout.startswith("tabayyun ")
    help_text = run("analyze", "--help").stdout
    assert "Examples" in help_text and "--published" in help_text


def test_analyze_jsonl_follows_the_contract(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run("analyze", str(article), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert len(records) == 1
    record = records[0]
    validate_record(record)
    assert record["published"] == "2016-12-02"
    assert [(c["outlet"], c["date"]) for c in record["citations"]] == [
        ("Anadolu Agency", "2016-12-01"),
        ("RT", "2016-12-01"),
    ]
    kinds = [c["kind"] for c in record["claims"]]
    assert "sourced" in kinds and "unsourced" in kinds


def test_published_option_overrides_the_date_line(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run("analyze", str(article), "--format", "jsonl", "--published", "2016-11-30")
    record = json.loads(result.stdout.split("\n")[0])
    assert record["published"] == "2016-11-30"
    late = [f for f in record["findings"] if f["kind"] == "citation-after-publication"]
    assert [record["text"][f["start"]:f["end"]] for f in late] == [
        "(Anadolu Agency, 1/12/2016)",
        "(Russia Today, 1/12/2016)",
    ]


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (tmp_path / "lines.jsonl").write_text('{"text": "Reuters reported that talks began."}\nnot json\n', encoding="utf-8")
    result = run("analyze", str(tmp_path), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert result.returncode == 0
    assert len([line for line in result.stdout.split("\n") if line]) == 2
    assert "Traceback" not in result.stderr
    for name in ("empty.txt", "binary.txt", "lines.jsonl:2", "missing.txt"):
        assert name in result.stderr


def test_exit_codes_when_nothing_is_analyzed_and_on_usage_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert run("analyze", str(tmp_path / "empty.txt")).returncode == 1
    bad_date = run("analyze", str(tmp_path / "empty.txt"), "--published", "14/12/2016")
    assert bad_date.returncode == 2 and "Traceback" not in bad_date.stderr
    assert run("analyze", str(tmp_path), "--format", "xml").returncode == 2


def test_text_report_to_a_file(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "report.txt"
    result = run("analyze", str(article), "--format", "text", "--output", str(out))
    assert result.returncode == 0, result.stderr
    report = out.read_text(encoding="utf-8")
    assert "Citations" in report and "Anadolu Agency" in report and "sourced" in report
