"""Fusion functions: per-language scaling, weighted sums, RRF, one passage per document."""

from __future__ import annotations

import numpy as np

from assistant.retrieval.hybrid import (
    best_per_document,
    group_maxima,
    max_normalise_by_group,
    reciprocal_rank_fusion,
    scale_by_group,
    weighted_sum,
)


def test_max_normalise_by_group() -> None:
    out = max_normalise_by_group(np.array([2.0, 1.0, 0.0, 0.0]), np.array([0, 0, 1, 1]))
    assert out.tolist() == [1.0, 0.5, 0.0, 0.0]
    weak_english = max_normalise_by_group(
        np.array([8.0, 4.0, 2.0, 1.0]), np.array([0, 0, 1, 1]), floor_share=0.5
    )
    assert weak_english.tolist() == [1.0, 0.5, 0.5, 0.25]  # 2.0 is under half of 8.0: not scaled up to 1


def test_scaling_candidates_alone_matches_scaling_every_passage() -> None:
    rng = np.random.default_rng(0)
    scores = (rng.random(1000) * (rng.random(1000) > 0.6) * 10).astype(np.float32)
    groups = rng.integers(0, 3, 1000)
    members = {g: np.flatnonzero(groups == g) for g in range(3)}
    candidates = np.sort(rng.choice(1000, 50, replace=False))
    tops = group_maxima(scores, members, floor_share=0.5)
    expected = max_normalise_by_group(scores, groups, floor_share=0.5)[candidates]
    assert np.array_equal(scale_by_group(scores[candidates], groups[candidates], tops), expected)


def test_weighted_sum_and_rrf() -> None:
    fused = weighted_sum({"a": np.array([1.0, 0.0]), "b": np.array([0.0, 1.0])}, {"a": 2.0, "b": 1.0})
    assert fused.tolist() == [2.0, 1.0]
    rrf = reciprocal_rank_fusion([[1, 2], [2, 3]], k=60)
    assert max(rrf, key=rrf.get) == 2


def test_best_per_document_returns_distinct_documents() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.1])
    docs = np.array([0, 0, 1, 2])
    assert best_per_document(scores, docs, 3) == [0, 2, 3]
    assert best_per_document(scores, docs, 1) == [0]
