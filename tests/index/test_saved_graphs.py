"""HNSW graphs saved with a build at ingestion are read back at load, not rebuilt, and search alike; the
build lock lets one process at a time build in an index folder."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import faiss
import numpy as np
import pytest

from assistant.errors import IndexBusy, IndexUnwritable
from assistant.index import store
from assistant.index.dense import DenseIndex
from assistant.ingest.pipeline import ingest
from assistant.retrieval.retriever import Retriever
from tests.conftest import KB, SEEDS


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def small_kb(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for key in ("003", "004"):
        shutil.copy(KB / f"{SEEDS[key]}.txt", folder)
    shutil.copy(KB / "hk-senior-citizen-card-en.md", folder)
    return folder


def test_a_saved_graph_is_read_back_and_finds_what_the_built_one_finds(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    vectors = unit(rng.normal(size=(3000, 16)))
    groups = np.array([0] * 2500 + [2] * 500)
    built = DenseIndex(vectors, groups, hnsw_above=1000)
    written = built.save_graphs(lambda group: tmp_path / f"pool-{group}.faiss")
    assert [p.name for p in written] == ["pool-0.faiss"]  # the small pool stays exact, nothing saved

    graphs = DenseIndex.read_graphs(lambda group: tmp_path / f"pool-{group}.faiss", [0, 1, 2])
    loaded = DenseIndex(vectors, groups, hnsw_above=1000, graphs=graphs)
    assert loaded.graphs_loaded == 1 and built.graphs_loaded == 0
    assert isinstance(loaded._pools[0][0], faiss.IndexHNSW) and loaded._pools[0][0] is graphs[0]
    for i in (0, 17, 1234, 2499, 2600):
        assert np.array_equal(loaded.candidates(vectors[i], 10), built.candidates(vectors[i], 10))
        assert i in loaded.candidates(vectors[i], 10)
    # the pool keeps 8-bit codes: read back from it, the vectors are close, not exact
    assert np.allclose(loaded.rows(np.arange(3000)), vectors, atol=0.01)
    assert not np.array_equal(loaded.rows(np.arange(2500)), vectors[:2500])
    # over a build's vectors file, the candidates' vectors (so their cosines) are read exactly
    np.save(tmp_path / "vectors.npy", vectors)
    on_disk = np.load(tmp_path / "vectors.npy", mmap_mode="r")
    mapped = DenseIndex(on_disk, groups, hnsw_above=1000, graphs=graphs)
    assert np.array_equal(mapped.rows(np.array([2999, 5, 1234])), vectors[[2999, 5, 1234]])

    # A graph that does not hold the pool (another build's, another size) is not used: it is rebuilt.
    other = DenseIndex(vectors[100:], groups[100:], hnsw_above=1000, graphs=graphs)
    assert other.graphs_loaded == 0 and 5 in other.candidates(vectors[105], 10)


def test_ingestion_saves_the_graphs_and_loading_reads_them(small_kb: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    report = ingest(small_kb, index, ["hash-64"], hnsw_above=1)
    saved = sorted(p.name for p in report.build.glob("hnsw-*.faiss"))
    assert saved and all(name.startswith("hnsw-hash-64-") for name in saved)

    loaded = Retriever.load(index, hnsw_above=1)
    pools = loaded.dense["hash-64"]._pools
    assert loaded.dense["hash-64"].graphs_loaded == len(pools) == len(saved)
    assert loaded.build == report.build.name

    # The same build without its graphs (as built before graphs were saved) still loads, building them.
    old = tmp_path / "old-index"
    shutil.copytree(index, old)
    for path in (old / "builds" / report.build.name).glob("hnsw-*.faiss"):
        path.unlink()
    rebuilt = Retriever.load(old, hnsw_above=1)
    assert rebuilt.dense["hash-64"].graphs_loaded == 0
    assert all(isinstance(p, faiss.IndexHNSW) for p, _ in rebuilt.dense["hash-64"]._pools.values())
    for question in ("桂林90岁以上老人有什么服务", "Senior Citizen Card age", "長者咭"):
        got = [(h.chunk.chunk_id, round(h.score, 5)) for h in loaded.search(question, k=5, mode="dense")]
        want = [(h.chunk.chunk_id, round(h.score, 5)) for h in rebuilt.search(question, k=5, mode="dense")]
        assert got == want and got

    # Loaded exact (no HNSW wanted): the graphs are not read.
    exact = Retriever.load(index, hnsw_above=None)
    assert exact.dense["hash-64"].graphs_loaded == 0


def test_the_build_lock_is_held_by_one_process_and_says_by_whom(tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = store.BuildLock(index).acquire()
    assert first.held and f"pid {__import__('os').getpid()}" in first.holder()
    with pytest.raises(IndexBusy, match=r"another reindex of .* is running \(pid \d+ on "):
        store.BuildLock(index).acquire(wait=0)
    started = time.monotonic()
    with pytest.raises(IndexBusy):
        store.BuildLock(index).acquire(wait=0.5)
    assert 0.4 < time.monotonic() - started < 5

    waited: list[str] = []
    second = store.BuildLock(index)
    releaser = threading.Timer(0.5, first.release)
    releaser.start()
    second.acquire(wait=10, on_wait=waited.append)  # waits, told once who holds it, then gets it
    releaser.join()
    assert second.held and len(waited) == 1 and waited[0].startswith("pid ")
    second.release()
    with store.BuildLock(index):  # free again
        pass

    # A folder this process cannot write (a read-only mount) says so rather than failing obscurely.
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(IndexUnwritable, match="cannot take the build lock .* writable index folder"):
        store.BuildLock(tmp_path / "file" / "index").acquire()


def test_ingestion_waits_for_a_build_in_progress(small_kb: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    holder = store.BuildLock(index).acquire()
    done: list[Path] = []
    worker = threading.Thread(target=lambda: done.append(ingest(small_kb, index, ["hash-64"]).build))
    worker.start()
    time.sleep(1.0)
    assert not done and store.current_name(index) is None  # nothing published while the lock is held
    holder.release()
    worker.join(timeout=120)
    assert done and store.current_name(index) == done[0].name
    # A caller that holds the lock itself (the admin API) builds without waiting for it.
    with store.BuildLock(index).acquire() as held:
        again = ingest(small_kb, index, ["hash-64"], force=True, lock=held)
    assert store.current_name(index) == again.build.name
