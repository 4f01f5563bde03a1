"""Score fusion, as pure functions: arrays of per-passage scores in, one fused array out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def max_normalise_by_group(scores: np.ndarray, groups: np.ndarray, floor_share: float = 0.0) -> np.ndarray:
    """Scale non-negative scores (BM25) to [0, 1] within each group (document language).

    A group's best score is scaled to 1 only when it is at least `floor_share` of the best score in any
    group: a weak match made only of generic words ('home', 'care') is not inflated to look like the
    strong match the other language holds.
    """
    members = {int(group): np.flatnonzero(groups == group) for group in np.unique(groups)}
    return scale_by_group(scores, groups, group_maxima(scores, members, floor_share))


def group_maxima(
    scores: np.ndarray, members: Mapping[int, np.ndarray], floor_share: float = 0.0
) -> dict[int, float]:
    """The divisor `max_normalise_by_group` gives each group, from the indices of each group's passages:
    its best score, or `floor_share` of the best in any group where that is higher."""
    overall = float(scores.max()) if scores.size else 0.0
    return {
        group: max(float(scores[ids].max()), floor_share * overall)
        for group, ids in members.items()
        if ids.size
    }


def scale_by_group(scores: np.ndarray, groups: np.ndarray, tops: Mapping[int, float]) -> np.ndarray:
    """Each score divided by its group's divisor (0 where the divisor is not positive). Applied to the
    candidates alone, it gives what `max_normalise_by_group` gives them without touching every passage."""
    out = np.zeros_like(scores, dtype=np.float32)
    for group, top in tops.items():
        if top > 0:
            mask = groups == group
            out[mask] = scores[mask] / top
    return out


def weighted_sum(signals: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    names = [n for n in signals if weights.get(n, 0.0)]
    if not names:
        raise ValueError("no signal has a weight")
    return sum(weights[n] * signals[n] for n in names)  # type: ignore[return-value]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = 60) -> dict[int, float]:
    """RRF (Cormack et al. 2009): sum of 1 / (k + rank) over the rankings an item appears in."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


def best_per_document(scores: np.ndarray, doc_of_chunk: np.ndarray, k: int) -> list[int]:
    """Indices of the best-scoring chunk of each of the top-k distinct documents, best first."""
    order = np.argsort(-scores, kind="stable")
    chosen: list[int] = []
    seen: set[int] = set()
    for index in order:
        doc = int(doc_of_chunk[index])
        if doc in seen:
            continue
        seen.add(doc)
        chosen.append(int(index))
        if len(chosen) == k:
            break
    return chosen
