"""A killed ingestion resumes: what it had embedded is kept batch by batch under the index folder, the
next run embeds only the rest, and the previous build serves until the new one is published."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np

from assistant.index import store
from assistant.ingest.pipeline import ingest
from assistant.retrieval.retriever import Retriever
from tests.helpers import ROOT

# Ingest with the tiny deterministic embedder, saving a batch every 32 vectors, and SIGKILL itself once
# 100 passages are embedded: a kill at a known point.
KILLED_RUN = """
import os, signal, sys
from pathlib import Path
from assistant.index import resume
from assistant.ingest.pipeline import ingest
resume.FLUSH_EVERY = 32
def progress(stage, done, total):
    if stage.startswith("embed") and done >= 100:
        os.kill(os.getpid(), signal.SIGKILL)
ingest(Path(sys.argv[1]), Path(sys.argv[2]), ["hash-64"], progress=progress)
"""


def documents(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"notice-{i:03d}.md").write_text(
            f"# 第{i}号养老服务通知\n\n年满{60 + i % 30}周岁的老年人可以申请居家养老服务，每月补贴{10 * i}元，"
            f"咨询电话0773-{1000 + i}。\n",
            encoding="utf-8",
        )
    return folder


def test_a_killed_ingest_resumes_from_its_last_finished_batch_while_the_old_build_serves(
    tmp_path: Path,
) -> None:
    docs = documents(tmp_path / "docs", 200)
    first = tmp_path / "first"
    first.mkdir()
    for path in sorted(docs.iterdir())[:5]:
        shutil.copy(path, first)
    index = tmp_path / "index"
    before = ingest(first, index, ["hash-64"])

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(docs), str(index)],
        cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"}, capture_output=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    assert store.current_build(index) == before.build  # the old build still serves
    hits = Retriever.load(index).search("居家养老服务每月补贴多少", k=3)
    assert hits and {h.document.doc_id for h in hits} <= {p.stem for p in first.iterdir()}
    saved = sorted((index / "work").rglob("batch-*.npz"))
    assert len(saved) == 4  # 4 batches of 32 were embedded and saved before the kill

    after = ingest(docs, index, ["hash-64"])
    assert after.documents == 200 and store.current_build(index) == after.build != before.build
    assert after.embedded == after.chunks - before.chunks - 4 * 32  # only what was never embedded
    assert not (index / "work").exists()  # published: the unfinished run's batches are gone
    fresh = ingest(docs, tmp_path / "fresh", ["hash-64"])
    resumed_keys, resumed = store.load_vectors(after.build, "hash-64")
    fresh_keys, vectors = store.load_vectors(fresh.build, "hash-64")
    assert resumed_keys == fresh_keys and np.array_equal(resumed, vectors)


def test_the_batch_cache_keeps_whole_batches_of_one_width(tmp_path: Path) -> None:
    from assistant.index.resume import BatchCache

    cache = BatchCache(tmp_path, "e5-small")
    cache.add(["a", "b"], np.ones((2, 4), dtype=np.float32))
    assert cache.load(4) == {}  # not saved until a batch is full or flushed
    cache.flush()
    (cache.folder / "batch-broken.npz").write_bytes(b"not a batch")  # as a disk error might leave one
    again = BatchCache(tmp_path, "e5-small").load(4)
    assert sorted(again) == ["a", "b"] and np.array_equal(again["a"], np.ones(4))
    assert BatchCache(tmp_path, "e5-small").load(8) == {}  # another model's width is never reused
    assert BatchCache(tmp_path, "use-m3").load(4) == {}
    BatchCache.clear(tmp_path)
    assert not (tmp_path / "work").exists()
