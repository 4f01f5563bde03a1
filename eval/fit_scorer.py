"""Fit the answer stage's sentence scorer (assistant/answer/evidence.py FEATURES) on the bundled set.

For every answerable question of eval/questions.jsonl, the sentences the answer stage weighs are labelled
by whether they hold one of the question's answer facts (and belong to a relevant document). Weights are
fitted listwise (softmax over one question's sentences: the answering sentence should come first), then
scaled so that the three retrieval-like features weigh 1 together, as the hand-set weights did. The
field set is never used here: it checks the result.

    .venv/bin/python eval/fit_scorer.py [--questions eval/questions.jsonl] [--write]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.answer.ask import ANSWER_PASSAGES, Assistant
from assistant.answer.evidence import FEATURES, SentenceScorer, candidate_sentences, score_sentences
from assistant.evaluation.dataset import load_questions
from assistant.query import understand
from assistant.retrieval.retriever import Retriever
from assistant.settings import PROJECT_ROOT
from assistant.text.script import normalise_for_match

OUT = PROJECT_ROOT / "assistant" / "answer" / "data" / "sentence_scorer.json"
L2 = 0.01


def question_matrices(assistant: Assistant, questions) -> list[tuple[np.ndarray, np.ndarray]]:  # type: ignore[no-untyped-def]
    retriever = assistant.retriever
    flat = SentenceScorer(dict.fromkeys(FEATURES, 0.0))
    out = []
    for question in questions:
        if not question.answerable or not question.answer_facts:
            continue
        query = understand(question.question)
        tokens = retriever.query_tokens(query)
        hits = retriever.search(query, k=ANSWER_PASSAGES, distinct=False)
        sentences = candidate_sentences(hits)
        if not sentences:
            continue
        fit = (lambda d, q=query: retriever.place_fit(d, q.places)) if query.places else None
        score_sentences(
            retriever,
            query.asks_start,
            query.asked_ages,
            tokens,
            sentences,
            assistant._similarities(query.topic, sentences),
            query.profile,
            query.kind,
            place_fit=fit,
            scorer=flat,
        )
        facts = [normalise_for_match(f) for f in question.answer_facts]
        labels = np.array(
            [
                sum(f in normalise_for_match(s.text) for f in facts) / len(facts)
                if s.document.doc_id in question.relevant_docs
                else 0.0
                for s in sentences
            ]
        )
        if labels.max() > 0:
            matrix = np.array([[s.features[k] for k in FEATURES] for s in sentences])
            out.append((matrix, labels / labels.sum()))
    return out


def fit(groups: list[tuple[np.ndarray, np.ndarray]], steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    """Listwise softmax regression: minimise -sum(target * log softmax(X w)) per question, plus L2."""
    w = np.zeros(len(FEATURES))
    for _ in range(steps):
        grad = L2 * w
        for matrix, target in groups:
            logits = matrix @ w
            p = np.exp(logits - logits.max())
            p /= p.sum()
            grad += matrix.T @ (p - target) / len(groups)
        w -= rate * grad
    return w


def top1(groups: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> float:
    return float(np.mean([target[int(np.argmax(matrix @ w))] > 0 for matrix, target in groups]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=Path, default=PROJECT_ROOT / "eval" / "questions.jsonl")
    parser.add_argument("--check", type=Path, action="append", default=[], help="another set to report on")
    parser.add_argument("--index", type=Path, default=PROJECT_ROOT / "kb" / "index")
    parser.add_argument("--write", action="store_true", help=f"write the weights to {OUT}")
    args = parser.parse_args()
    assistant = Assistant(Retriever.load(args.index))
    groups = question_matrices(assistant, load_questions(args.questions))
    before = np.array([SentenceScorer.fitted().weights[k] for k in FEATURES])
    w = fit(groups)
    scale = float(sum(w[FEATURES.index(k)] for k in ("lexical", "semantic", "passage")))
    w = w / scale if scale > 0 else w
    print(
        f"{len(groups)} questions; top-1 sentence holds a fact: current {top1(groups, before):.3f}, fitted {top1(groups, w):.3f}"
    )
    for path in args.check:
        other = question_matrices(assistant, load_questions(path))
        print(
            f"  {path}: {len(other)} questions; current {top1(other, before):.3f}, fitted {top1(other, w):.3f}"
        )
    weights = {k: round(float(v), 4) for k, v in zip(FEATURES, w, strict=True)}
    print(json.dumps(weights))
    if args.write:
        OUT.write_text(
            json.dumps(
                {
                    "note": "fitted by eval/fit_scorer.py on eval/questions.jsonl",
                    "weights": weights,
                    "bias": 0.0,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
