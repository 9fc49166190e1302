"""The bundled demo corpus end to end: every record follows the contract, and the deliberate
inconsistencies listed in docs/demo-corpus.md are exactly the findings."""

from __future__ import annotations

import pytest

from tabayyun.ingest import iter_documents
from tabayyun.model import Document, to_json
from tabayyun.schema import validate_record
from tests.conftest import EXAMPLES

EXPECTED_FINDINGS = {
    "02_ankara_talks.txt": [("date-order", "12/01/2016")],
    "04_security_council_veto.html": [("citation-after-publication", "(Al Jazeera Net, 8/12/2016)")],
    "06_karlov_assassination.txt": [("weekday-mismatch", "Wednesday, 19 December")],
    "09_astana_announcement.txt": [("calendar-mismatch", None)],
    "11_aleppo_evacuation_ar.txt": [("weekday-mismatch", "يوم الأربعاء 15 ديسمبر")],
}


@pytest.fixture(scope="module")
def records():
    from tabayyun.pipeline import analyze_documents

    documents = [d for d in iter_documents([EXAMPLES]) if isinstance(d, Document)]
    return list(analyze_documents(documents))


def test_every_demo_document_is_analyzed_and_follows_the_contract(records):
    assert 10 <= len(records) <= 14
    for record in records:
        validate_record(to_json(record))


def test_demo_findings_are_the_deliberate_ones(records):
    for record in records:
        name = record.source_path.rsplit("/", 1)[-1]
        serious = [f for f in record.findings if f.severity != "info"]
        expected = EXPECTED_FINDINGS.get(name, [])
        assert [f.kind for f in serious] == [kind for kind, _ in expected], name
        for finding, (_, surface) in zip(serious, expected, strict=True):
            if surface is not None:
                assert record.text[finding.start:finding.end] == surface


def test_month_first_wire_copy_is_read_month_first(records):
    wire = next(r for r in records if r.source_path.endswith("08_ceasefire_wire.txt"))
    assert wire.day_first is False
    assert wire.published == "2016-12-29"


def test_every_demo_document_has_sourced_sentences_and_citations(records):
    for record in records:
        assert record.citations, record.source_path
        assert any(c.kind == "sourced" for c in record.claims), record.source_path
