from __future__ import annotations

import math

from assistant.evaluation.metrics import distinct, facts_found, mrr_at, ndcg_at, percentile, recall_at


def test_recall_counts_distinct_documents() -> None:
    retrieved = ["a", "a", "b", "c", "d", "e", "f"]
    assert recall_at(retrieved, ["f"], 5) == 0.0  # 'f' is the 6th distinct document
    assert recall_at(retrieved, ["b", "z"], 5) == 0.5
    assert distinct(retrieved)[:3] == ["a", "b", "c"]


def test_mrr_and_ndcg() -> None:
    assert mrr_at(["x", "a"], ["a"]) == 0.5
    assert mrr_at(["x"], ["a"]) == 0.0
    assert math.isclose(ndcg_at(["a", "x", "b"], ["a", "b"]), (1 + 1 / 2) / (1 + 1 / math.log2(3)))
    assert ndcg_at(["a"], ["a"]) == 1.0


def test_facts_are_compared_after_normalising() -> None:
    found, missing = facts_found(["421,000", "長者咭", "ＡＢＣ", "nope"], ["金额421000元，长者咭", "abc"])
    assert found == ["421,000", "長者咭", "ＡＢＣ"] and missing == ["nope"]


def test_percentile() -> None:
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([], 0.5) is None
