"""Which sentence leads the answer: a ranker over the sentences that passed the evidence checks.

The evidence checks decide whether to answer and from which documents (evidence.py's scorer); this ranker
decides what the reader sees first. It is a linear score of features of each sentence relative to the
others of its pool, fitted listwise on the three visible evaluation sets (the label: the sentence as
shown holds an answer fact) with cross-set validation: eval/fit_lead.py, weights in data/lead_ranker.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.answer.evidence import Sentence, with_list

LEAD_FEATURES = (
    "score",  # the evidence score, relative to the pool's best
    "lexical",  # question words held (IDF-weighted), relative to the pool's best
    "semantic",  # cosine with the question, relative to the pool's best
    "passage",  # its passage's retrieval score
    "kind",  # states the kind of answer asked for
    "heading",  # a title, heading or file name
    "covers",  # share of the question's words it holds whole
    "top_document",  # it belongs to the document of the best evidence
    "list",  # it introduces a list, quoted with its items
    "length",  # characters shown, up to 200, as a share of 200
)


@dataclass(frozen=True)
class LeadRanker:
    weights: dict[str, float]

    @classmethod
    @lru_cache(maxsize=1)
    def fitted(cls) -> LeadRanker:
        path = resources.files("assistant.answer").joinpath("data/lead_ranker.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({k: float(data["weights"].get(k, 0.0)) for k in LEAD_FEATURES})

    def rank(self, pool: list[Sentence], weights: dict[str, float]) -> list[Sentence]:
        """The pool, best lead first (a stable sort: ties keep the evidence order)."""
        rows = lead_features(pool, weights)
        scores = [sum(self.weights[k] * row[k] for k in LEAD_FEATURES) for row in rows]
        order = sorted(range(len(pool)), key=lambda i: -scores[i])
        return [pool[i] for i in order]


def lead_features(pool: list[Sentence], weights: dict[str, float]) -> list[dict[str, float]]:
    """Each sentence's LEAD_FEATURES; `weights` are the question's words with their IDF."""
    if not pool:
        return []
    best = max(pool, key=lambda s: s.score)
    top = {"score": best.score, "lexical": 0.0, "semantic": 0.0}
    for sentence in pool:
        top["lexical"] = max(top["lexical"], sentence.lexical)
        top["semantic"] = max(top["semantic"], sentence.semantic)
    total = sum(weights.values()) or 1.0
    rows = []
    for sentence in pool:
        start, end = with_list(sentence)
        rows.append(
            {
                "score": sentence.score / top["score"] if top["score"] > 0 else 0.0,
                "lexical": sentence.lexical / top["lexical"] if top["lexical"] > 0 else 0.0,
                "semantic": sentence.semantic / top["semantic"] if top["semantic"] > 0 else 0.0,
                "passage": sentence.passage_score,
                "kind": sentence.features.get("kind", 0.0),
                "heading": sentence.features.get("heading", 0.0),
                "covers": sum(w for t, w in weights.items() if t in sentence.covers) / total,
                "top_document": float(sentence.document.doc_id == best.document.doc_id),
                "list": float(end > sentence.end),
                "length": min(200, end - start) / 200,
            }
        )
    return rows
