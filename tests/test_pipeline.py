"""The analyzer as a library: batches, worker processes, and failure isolation."""

from __future__ import annotations

import pytest

from tabayyun import pipeline
from tabayyun.model import Document, to_json
from tabayyun.pipeline import AnalysisFailure, Analyzer, analyze_documents
from tabayyun.settings import SETTINGS

TEXTS = [
    "Lavrov said that talks would resume in Geneva. (Russia Today, 5/12/2016)",
    "According to Reuters, the convoy left Aleppo at dawn on Thursday.",
    "The council met on 5/12/2016. Russia vetoed the draft. (BBC, 6/12/2016)",
]


def documents() -> list[Document]:
    return [Document(text=t, source_path=f"doc{i}.txt", published="2016-12-10") for i, t in enumerate(TEXTS)]


def test_two_worker_processes_give_the_same_records_in_order():
    alone = [to_json(r) for r in analyze_documents(documents(), processes=1)]
    workers = [to_json(r) for r in analyze_documents(documents(), processes=2, batch_size=1)]
    assert [r["source_path"] for r in workers] == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert workers == alone


def test_workers_stream_a_long_input_in_order_without_reading_it_all_first():
    pulled = 0

    def stream():
        nonlocal pulled
        for i in range(60):
            pulled += 1
            yield Document(text=TEXTS[i % 3], source_path=f"doc{i}.txt", published="2016-12-10")

    results = analyze_documents(stream(), processes=2)
    first = next(results)
    # only a few small tasks per worker are queued ahead of the first answer
    ahead = 2 * SETTINGS.analysis.tasks_ahead_per_worker * SETTINGS.analysis.worker_task_docs
    assert first.source_path == "doc0.txt" and pulled <= ahead
    rest = [r.source_path for r in results]
    assert rest == [f"doc{i}.txt" for i in range(1, 60)]


def test_a_document_that_breaks_an_extractor_is_reported_and_the_batch_goes_on(monkeypatch):
    analyzer = Analyzer()
    real = analyzer.analyze_parsed

    def fragile(parsed):
        if "convoy" in parsed.text:
            raise RuntimeError("boom")
        return real(parsed)

    monkeypatch.setattr(analyzer, "analyze_parsed", fragile)
    results = list(analyzer.analyze_many(documents()))
    assert [type(r).__name__ for r in results] == ["DocumentRecord", "AnalysisFailure", "DocumentRecord"]
    failure = results[1]
    assert isinstance(failure, AnalysisFailure)
    assert str(failure) == "doc1.txt: analysis failed: RuntimeError: boom"


def test_long_texts_are_parsed_in_chunks_with_exact_offsets():
    paragraph = "Russia and Turkey agreed on a ceasefire in Aleppo. (Anadolu Agency, 13/12/2016)\n\n"
    text = paragraph * 3000  # about 240,000 characters: several parse chunks
    record = Analyzer().analyze(Document(text=text, source_path="long.txt", published="2016-12-14"))
    assert len(record.citations) == 3000
    last = record.citations[-1]
    assert text[last.start:last.end] == "(Anadolu Agency, 13/12/2016)"
    assert all(text[d.start:d.end] == d.surface for d in record.dates)


def test_a_line_that_closes_a_paragraph_does_not_run_into_the_next_ones_speaker():
    text = (
        "Churkin said a pause would let the armed groups regroup. (Al Jazeera Net, 8/12/2016)\n"
        "Samantha Power, the US ambassador to the United Nations, rejected that argument.\n\n"
        "«We left with nothing», a resident said.\n\n"
        "The Russian Defence Ministry said that its aircraft had struck the attackers."
    )
    record = Analyzer().analyze(Document(text=text, source_path="veto.txt", published="2016-12-09"))
    speakers = {record.text[q.start:q.end]: q.speaker.surface for q in record.quotes if q.speaker}
    assert speakers["that argument"] == "Samantha Power"
    assert speakers["that its aircraft had struck the attackers"] == "The Russian Defence Ministry"


def test_workers_start_from_a_clean_server_when_the_parent_runs_threads():
    """Forking a process that runs threads is unsafe: workers then start from a forkserver."""
    import threading

    stop = threading.Event()
    busy = threading.Thread(target=stop.wait, daemon=True)
    busy.start()
    try:
        assert pipeline.worker_context().get_start_method() != "fork"
        workers = [to_json(r) for r in analyze_documents(documents(), processes=2)]
    finally:
        stop.set()
        busy.join()
    assert workers == [to_json(r) for r in analyze_documents(documents(), processes=1)]


def test_the_stage_table_is_checked_for_what_each_stage_needs():
    from tabayyun.pipeline.stages import STAGES, Stage, check_stages

    names = [stage.name for stage in STAGES]
    assert names.index("citations") < names.index("dates") < names.index("quotes") < names.index("events")
    assert Analyzer.OPTIONAL_STAGES == ("places", "events")
    early_events = [s for s in STAGES if s.name == "events"] + [s for s in STAGES if s.name != "events"]
    with pytest.raises(ValueError, match="stage 'events' needs"):
        check_stages(early_events)
    noop = Stage("extra", lambda res, work: None, ("text",), ("no_such_field",))
    with pytest.raises(ValueError, match="no_such_field"):
        check_stages([*STAGES, noop])


def test_a_disabled_stage_leaves_its_products_empty():
    record = Analyzer(disable=("places", "events")).analyze(documents()[1])
    assert record.places == [] and record.events == [] and record.home_area is None
    assert record.citations and record.dates
