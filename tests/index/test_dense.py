from __future__ import annotations

import numpy as np

from assistant.index.dense import DenseIndex


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_every_language_pool_contributes_candidates() -> None:
    rng = np.random.default_rng(1)
    vectors = unit(rng.normal(size=(60, 8)))
    groups = np.array([0] * 50 + [1] * 10)
    query = vectors[3]
    index = DenseIndex(vectors, groups)
    found = index.candidates(query, 5)
    assert len(found) == 10
    assert (groups[found] == 1).sum() == 5  # the small language is not crowded out
    assert 3 in found


def test_standardised_scores_use_each_language_distribution() -> None:
    rng = np.random.default_rng(2)
    vectors = unit(rng.normal(size=(801, 8)))
    groups = np.array([0] * 400 + [1] * 400 + [2])
    index = DenseIndex(vectors, groups)
    query = vectors[0]
    ids = np.arange(801)
    z = index.standardised(query, ids)
    for group in (0, 1):
        assert abs(float(z[groups == group].mean())) < 0.05
    # A language with a single passage is not flattened to 0: it leans on the corpus's statistics.
    pooled = vectors[:800] @ query
    assert np.isclose(z[800], (vectors[800] @ query - pooled.mean()) / pooled.std(), atol=0.3)
    assert np.allclose(index.scores(query, ids), vectors @ query, atol=1e-6)


def test_hnsw_pool_finds_the_nearest_passage() -> None:
    rng = np.random.default_rng(3)
    vectors = unit(rng.normal(size=(3000, 16)))
    index = DenseIndex(vectors, np.zeros(3000, dtype=np.int64), hnsw_above=1000)
    assert 1234 in index.candidates(vectors[1234], 10)
