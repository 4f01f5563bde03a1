"""Retrieval and answer metrics as pure functions (definitions: FORMATS.md section 3)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from assistant.text.script import normalise_for_match


def distinct(doc_ids: Sequence[str]) -> list[str]:
    """Document ids in first-seen order, each once."""
    seen: set[str] = set()
    return [d for d in doc_ids if not (d in seen or seen.add(d))]


def recall_at(retrieved: Sequence[str], relevant: Sequence[str], k: int) -> float:
    """Share of relevant documents among the first k distinct documents retrieved."""
    if not relevant:
        return 0.0
    return len(set(distinct(retrieved)[:k]) & set(relevant)) / len(set(relevant))


def mrr_at(retrieved: Sequence[str], relevant: Sequence[str], k: int = 10) -> float:
    for rank, doc_id in enumerate(distinct(retrieved)[:k], start=1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at(retrieved: Sequence[str], relevant: Sequence[str], k: int = 10) -> float:
    """Binary-relevance nDCG over distinct documents."""
    wanted = set(relevant)
    gains = sum(
        1.0 / math.log2(rank + 1) for rank, d in enumerate(distinct(retrieved)[:k], start=1) if d in wanted
    )
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(wanted), k) + 1))
    return gains / ideal if ideal else 0.0


def retrieval_metrics(retrieved: Sequence[str], relevant: Sequence[str]) -> dict[str, float]:
    return {
        "recall@1": recall_at(retrieved, relevant, 1),
        "recall@5": recall_at(retrieved, relevant, 5),
        "recall@10": recall_at(retrieved, relevant, 10),
        "mrr@10": mrr_at(retrieved, relevant, 10),
        "ndcg@10": ndcg_at(retrieved, relevant, 10),
    }


def facts_found(facts: Sequence[str], texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """(found, missing): a fact counts when it occurs in any of the texts, after normalising both."""
    haystack = [normalise_for_match(t) for t in texts]
    found, missing = [], []
    for fact in facts:
        (found if any(normalise_for_match(fact) in h for h in haystack) else missing).append(fact)
    return found, missing


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def percentile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]
