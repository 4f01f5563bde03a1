"""Embedders: e5's parallel passage path gives the vectors its one-engine path gives."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.index.embed import E5Embedder

pytestmark = pytest.mark.slow


def test_e5_passages_on_parallel_engines_match_one_engine() -> None:
    texts = ["桂林市90周岁以上老人可申请高龄津贴。", "Senior Citizen Card", "長者咭申請", "居家养老服务补贴"]
    parallel = E5Embedder(threads=2).embed(texts, kind="passage")
    single = E5Embedder(threads=1).embed(texts, kind="passage")
    assert parallel.shape == (4, 384)
    np.testing.assert_allclose(parallel, single, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(parallel, axis=1), 1.0, atol=1e-5)
