"""Shared fixtures: the real knowledge base, and one real index built once per test session."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from assistant.runtime import configure_threads  # noqa: E402

configure_threads(2)

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "kb" / "documents"
SEEDS = {
    "000": "000_84575c59d67802d7",
    "001": "001_9d5005b43b430bda",
    "002": "002_166194d54e0a4834",
    "003": "003_31050bcf7d612f3e",
    "004": "004_6a92c6009934f0fa",
}


@pytest.fixture(scope="session")
def kb_dir() -> Path:
    return KB


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled documents indexed with the default (real) embedders."""
    from assistant.ingest.pipeline import ingest
    from assistant.settings import get_settings

    index_dir = tmp_path_factory.mktemp("index")
    ingest(KB, index_dir, get_settings().embedder_names)
    return index_dir


@pytest.fixture(scope="session")
def retriever(real_index: Path):
    from assistant.retrieval.retriever import Retriever

    return Retriever.load(real_index)
