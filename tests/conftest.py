from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp():
    from tabayyun import nlp as nlp_module

    return nlp_module.load()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/ is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seed documents in ../shared/seeds/")
    return seeds[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def kb():
    from tabayyun.knowledge import KnowledgeBase

    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def analyzer():
    """One analyzer (model, knowledge base, gazetteer) for the whole test session."""
    from tabayyun.pipeline import Analyzer

    return Analyzer()


@pytest.fixture()
def store(tmp_path, kb):
    """A new SQLite store in a temporary directory, with its writer."""
    from tabayyun.store import StoreWriter, connect

    conn = connect(tmp_path / "corpus.db")
    return conn, StoreWriter(conn, kb)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, kb) -> Path:
    """The bundled demo corpus (examples/) ingested once into a store file, read-only by convention."""
    from tabayyun.store.ingest import ingest

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    ingest([EXAMPLES], path, kb=kb)
    return path
