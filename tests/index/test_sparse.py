"""BM25 saved with a build and read back memory-mapped: the same scores, nothing read until searched."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.index.sparse import SparseIndex


def test_a_saved_index_is_mapped_and_scores_as_built(tmp_path: Path) -> None:
    passages = [["老人", "津贴"], ["长者", "卡"], ["老人", "卡", "服务"], []]
    built = SparseIndex.build(passages)
    built.save(tmp_path / "bm25")
    loaded = SparseIndex.load(tmp_path / "bm25", len(passages))
    assert isinstance(loaded._bm25.scores["data"], np.memmap)
    for query in (["老人"], ["卡", "服务"], ["无此词"], []):
        assert np.allclose(loaded.scores(query), built.scores(query))
    assert loaded.knows("津贴") and not loaded.knows("无此词")
    assert loaded.scores(["老人"])[0] > 0 and loaded.scores(["老人"])[1] == 0
