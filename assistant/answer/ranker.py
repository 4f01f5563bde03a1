"""The sentence ranker: the sentences of the documents that may answer, reordered by a model fitted on
every set we can see (eval/fit_ranker.py, cross-set validated), each with the chance that it holds what
was asked. The best leads; another is quoted only when that chance is high enough.

It reads the scorer's features (evidence.py) and a few of the sentence's own and its place among the
others: how it compares with the best match of the question's words and meaning, whether its document
holds the best passage, its length, whether it holds a number or introduces a list, where it sits in
its document, and its rank by the scorer.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from assistant.answer.evidence import FEATURES, Sentence, with_list
from assistant.text.kinds import MACHINERY

RANK_FEATURES = (
    *FEATURES,
    "lexical_share",  # its lexical score over the best one's
    "semantic_share",  # its cosine over the best one's
    "score_share",  # its score over the best one's
    "rank",  # 1 / (1 + its rank by score)
    "best_document",  # its document holds the best passage
    "length",  # log(1 + characters quoted) / 6
    "number",  # it holds a digit
    "list",  # it introduces a list, quoted with its items
    "position",  # where it starts in its document, 0 to 1
    "machinery",  # a rule's machinery: a repeal, a penalty, a liability (`kinds.MACHINERY`)
)


def rank_features(sentences: list[Sentence]) -> np.ndarray:
    """One row per sentence (RANK_FEATURES), the sentences in the scorer's order, best first."""
    if not sentences:
        return np.zeros((0, len(RANK_FEATURES)))
    best_lexical = max(s.lexical for s in sentences) or 1.0
    best_semantic = max(s.semantic for s in sentences) or 1.0
    best_score = max(s.score for s in sentences) or 1.0
    best_document = max(sentences, key=lambda s: s.passage_score).document.doc_id
    rows = []
    for rank, sentence in enumerate(sentences):
        start, end = with_list(sentence)
        quoted = sentence.document.text[start:end]
        rows.append(
            [
                *(sentence.features.get(k, 0.0) for k in FEATURES),
                sentence.lexical / best_lexical,
                sentence.semantic / best_semantic,
                sentence.score / best_score,
                1.0 / (1 + rank),
                float(sentence.document.doc_id == best_document),
                math.log1p(len(quoted)) / 6,
                float(any(ch.isdigit() for ch in quoted)),
                float(end > sentence.end),
                sentence.start / max(1, len(sentence.document.text)),
                float(bool(MACHINERY.search(sentence.text))),
            ]
        )
    return np.array(rows, dtype=np.float64)


@dataclass(frozen=True)
class Ranker:
    """`order`: listwise weights (which sentence answers best); `keep` and `keep_bias`: a logistic model
    of whether a sentence holds an answer fact; a sentence past the first is quoted when that chance is
    at least `keep_threshold`. All fitted (eval/fit_ranker.py), kept as data."""

    order: tuple[float, ...]
    keep: tuple[float, ...]
    keep_bias: float
    keep_threshold: float

    @classmethod
    @lru_cache(maxsize=1)
    def fitted(cls) -> Ranker:
        path = resources.files("assistant.answer").joinpath("data/sentence_ranker.json")
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_json(cls, data: dict) -> Ranker:  # type: ignore[type-arg]
        return cls(
            tuple(float(data["order"][k]) for k in RANK_FEATURES),
            tuple(float(data["keep"][k]) for k in RANK_FEATURES),
            float(data["keep_bias"]),
            float(data["keep_threshold"]),
        )

    def rank(self, sentences: list[Sentence]) -> list[Sentence]:
        """The sentences best first, each with `keep` set: the chance it holds what was asked."""
        if not sentences:
            return []
        matrix = rank_features(sentences)
        order = matrix @ np.array(self.order)
        keep = 1.0 / (1.0 + np.exp(-(matrix @ np.array(self.keep) + self.keep_bias)))
        for sentence, chance in zip(sentences, keep, strict=True):
            sentence.keep = float(chance)
        return [sentences[i] for i in np.argsort(-order, kind="stable")]

    def quotes(self, sentence: Sentence) -> bool:
        """Whether a sentence past the first is worth quoting."""
        return sentence.keep >= self.keep_threshold
