"""Index builds: atomic publication, embedding reuse, the previous index kept when a build fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import BadDocument, IndexMissing
from assistant.index import store
from assistant.ingest.pipeline import ingest
from assistant.retrieval.retriever import Retriever
from tests.conftest import KB, SEEDS


@pytest.fixture()
def small_kb(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for key in ("003", "004"):
        shutil.copy(KB / f"{SEEDS[key]}.txt", folder)
    shutil.copy(KB / "hk-senior-citizen-card-en.md", folder)
    return folder


def test_build_publishes_atomically_and_reuses_embeddings(small_kb: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    with pytest.raises(IndexMissing):
        store.current_build(index)
    first = ingest(small_kb, index, ["hash-64"])
    assert first.embedded == first.chunks and first.reused == 0
    assert store.current_build(index) == first.build
    manifest = store.read_manifest(first.build)
    assert manifest["embedders"] == ["hash-64"] and manifest["chunk_count"] == first.chunks
    assert set(manifest["documents"]) == {SEEDS["003"], SEEDS["004"], "hk-senior-citizen-card-en"}

    second = ingest(small_kb, index, ["hash-64"], force=True)
    assert second.embedded == 0 and second.reused == second.chunks and not second.unchanged
    assert store.current_build(index) == second.build != first.build
    assert not list((index / "builds").glob(".tmp-*"))


def test_failed_build_keeps_the_previous_index_serving(small_kb: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    good = ingest(small_kb, index, ["hash-64"])
    before = Retriever.load(index).search("桂林90岁以上老人", k=1)[0].document.doc_id

    with pytest.raises(ValueError, match="unknown embedder"):
        ingest(small_kb, index, ["hash-64", "no-such-model"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BadDocument, match="previous index is kept"):
        ingest(empty, index, ["hash-64"])

    assert store.current_build(index) == good.build
    assert not list((index / "builds").glob(".tmp-*"))
    assert Retriever.load(index).search("桂林90岁以上老人", k=1)[0].document.doc_id == before


def test_changed_document_is_re_embedded_alone(small_kb: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = ingest(small_kb, index, ["hash-64"])
    card = small_kb / "hk-senior-citizen-card-en.md"
    card.write_text(
        card.read_text(encoding="utf-8") + "\nA new paragraph about the card office hours.\n",
        encoding="utf-8",
    )
    second = ingest(small_kb, index, ["hash-64"])
    assert 0 < second.embedded < first.chunks and not second.unchanged


def test_unchanged_documents_are_not_rebuilt(small_kb: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = ingest(small_kb, index, ["hash-64"])
    again = ingest(small_kb, index, ["hash-64"])
    assert again.unchanged and again.build == first.build == store.current_build(index)
    assert (again.documents, again.chunks, again.embedded) == (first.documents, first.chunks, 0)
    assert sorted(p.name for p in (index / "builds").iterdir()) == [first.build.name]

    # Other embedders, another size limit, a new file or a removed one: each is a rebuild.
    assert not ingest(small_kb, index, ["hash-32"]).unchanged
    assert not ingest(small_kb, index, ["hash-32"], max_file_bytes=1 << 20).unchanged
    assert ingest(small_kb, index, ["hash-32"], max_file_bytes=1 << 20).unchanged
    shutil.copy(KB / f"{SEEDS['000']}.txt", small_kb)
    added = ingest(small_kb, index, ["hash-32"], max_file_bytes=1 << 20)
    assert not added.unchanged and added.documents == first.documents + 1
    (small_kb / f"{SEEDS['000']}.txt").unlink()
    removed = ingest(small_kb, index, ["hash-32"], max_file_bytes=1 << 20)
    assert not removed.unchanged and removed.documents == first.documents


def test_unchanged_check_keeps_skipped_files_reported(small_kb: Path, tmp_path: Path) -> None:
    (small_kb / "notes.xyz").write_text("not a document type", encoding="utf-8")
    index = tmp_path / "index"
    first = ingest(small_kb, index, ["hash-64"])
    again = ingest(small_kb, index, ["hash-64"])
    assert again.unchanged and [s.path for s in again.skipped] == [s.path for s in first.skipped] != []


def test_loaded_pools_are_exact_below_the_hnsw_threshold(small_kb: Path, tmp_path: Path) -> None:
    import faiss

    index = tmp_path / "index"
    ingest(small_kb, index, ["hash-64"])
    exact = Retriever.load(index)
    approximate = Retriever.load(index, hnsw_above=1)
    assert all(isinstance(p, faiss.IndexFlatIP) for p, _ in exact.dense["hash-64"]._pools.values())
    assert all(isinstance(p, faiss.IndexHNSW) for p, _ in approximate.dense["hash-64"]._pools.values())
