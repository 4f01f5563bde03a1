from __future__ import annotations

import numpy as np
import pytest

from assistant.index import dense
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


def test_a_large_pool_of_use_vectors_is_searched_wider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dense, "HNSW_LARGE_POOL", 1500)
    rng = np.random.default_rng(4)
    vectors = unit(rng.normal(size=(3000, 16)))
    groups = np.array([0] * 2000 + [1] * 1000)
    widths = {}
    for model in ("use-m3", "e5-small", None):
        index = DenseIndex(vectors, groups, hnsw_above=500, model=model)
        widths[model] = [index._pools[g][0].hnsw.efSearch for g in (0, 1)]
    assert widths["use-m3"] == [dense.HNSW_EF_SEARCH_LARGE["use-m3"], dense.HNSW_EF_SEARCH]
    assert widths["e5-small"] == widths[None] == [dense.HNSW_EF_SEARCH] * 2


def test_standardised_scores_are_the_sample_statistics_of_the_query() -> None:
    from assistant.index.dense import PRIOR_PASSAGES

    rng = np.random.default_rng(5)
    vectors = unit(rng.normal(size=(1303, 32)) + 0.3)  # cosines far from 0: a mean that matters
    groups = np.array([0] * 900 + [1] * 400 + [2] * 3)
    index = DenseIndex(vectors, groups)
    query = unit(rng.normal(size=(1, 32)) + 0.3)[0]
    ids = np.arange(len(vectors))
    scores = vectors.astype(np.float64) @ query
    pooled_mean, pooled_var = scores.mean(), scores.var()
    expected = np.zeros(len(vectors))
    for group in (0, 1, 2):  # every pool is under STATS_SAMPLE: its sample is the whole pool
        values = scores[groups == group]
        weight = len(values) / (len(values) + PRIOR_PASSAGES)
        mean = weight * values.mean() + (1 - weight) * pooled_mean
        var = weight * values.var() + (1 - weight) * pooled_var
        expected[groups == group] = (values - mean) / var**0.5
    assert np.allclose(index.standardised(query, ids), expected, atol=1e-4)
