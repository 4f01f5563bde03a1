"""Fit the lead ranker (assistant/answer/lead.py) on the visible evaluation sets, with cross-set validation.

For each answerable question the assistant answers, the sentences that could lead (its lead pool) are
labelled by the share of the question's answer facts the sentence holds as shown (with the list it
introduces), counted only in a relevant document. Weights are fitted listwise (softmax over one
question's pool). Each set is reported by weights fitted on the other two, then all three fit the weights
that are written.

    .venv/bin/python eval/fit_lead.py --transfer-index /tmp/transfer-index [--write]

(--transfer-index: an index of ../shared/transfer/documents, made by `eldercare ingest`.)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.answer.ask import Assistant
from assistant.answer.evidence import with_list
from assistant.answer.lead import LEAD_FEATURES, lead_features
from assistant.evaluation.dataset import load_questions
from assistant.retrieval.retriever import Retriever
from assistant.settings import PROJECT_ROOT
from assistant.text.script import normalise_for_match

OUT = PROJECT_ROOT / "assistant" / "answer" / "data" / "lead_ranker.json"
L2 = 0.01
Group = tuple[np.ndarray, np.ndarray]


def groups_of(assistant: Assistant, questions_file: Path) -> list[Group]:
    pools: list = []
    assistant.observe = lambda pool, weights: pools.append((list(pool), dict(weights)))
    out = []
    for question in load_questions(questions_file):
        if not question.answerable or not question.answer_facts:
            continue
        pools.clear()
        assistant.ask(question.question)
        if not pools:
            continue
        pool, weights = pools[-1]
        facts = [normalise_for_match(f) for f in question.answer_facts]
        labels = []
        for sentence in pool:
            start, end = with_list(sentence)
            shown = normalise_for_match(sentence.document.text[start:end])
            relevant = sentence.document.doc_id in question.relevant_docs
            labels.append(sum(f in shown for f in facts) / len(facts) if relevant else 0.0)
        labels = np.array(labels)
        if len(pool) > 1 and labels.max() > 0:
            rows = lead_features(pool, weights)
            matrix = np.array([[row[k] for k in LEAD_FEATURES] for row in rows])
            out.append((matrix, labels / labels.sum()))
    assistant.observe = None
    return out


def fit(groups: list[Group], steps: int = 2000, rate: float = 0.5) -> np.ndarray:
    """Listwise softmax regression: minimise -sum(target * log softmax(X w)) per question, plus L2."""
    w = np.zeros(len(LEAD_FEATURES))
    w[LEAD_FEATURES.index("score")] = 1.0  # start from the evidence order
    for _ in range(steps):
        grad = L2 * w
        for matrix, target in groups:
            logits = matrix @ w
            p = np.exp(logits - logits.max())
            p /= p.sum()
            grad += matrix.T @ (p - target) / len(groups)
        w -= rate * grad
    return w


def top1(groups: list[Group], w: np.ndarray) -> float:
    return float(np.mean([target[int(np.argmax(matrix @ w))] > 0 for matrix, target in groups]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--index", type=Path, default=PROJECT_ROOT / "kb" / "index")
    parser.add_argument("--transfer-index", type=Path, required=True)
    parser.add_argument("--write", action="store_true", help=f"write the weights to {OUT}")
    args = parser.parse_args()
    bundled = Assistant(Retriever.load(args.index))
    transfer = Assistant(Retriever.load(args.transfer_index))
    sets = {
        "bundled": groups_of(bundled, PROJECT_ROOT / "eval" / "questions.jsonl"),
        "field": groups_of(bundled, PROJECT_ROOT / "eval" / "field" / "questions.jsonl"),
        "transfer": groups_of(transfer, PROJECT_ROOT / "eval" / "transfer" / "questions.jsonl"),
    }
    evidence = np.array([1.0 if k == "score" else 0.0 for k in LEAD_FEATURES])
    print("| reported on | fitted on | questions | top sentence holds a fact: evidence order | fitted |")
    print("|---|---|---|---|---|")
    for held, groups in sets.items():
        rest = [g for name, gs in sets.items() if name != held for g in gs]
        w = fit(rest)
        others = " + ".join(name for name in sets if name != held)
        print(f"| {held} | {others} | {len(groups)} | {top1(groups, evidence):.3f} | {top1(groups, w):.3f} |")
    everything = [g for gs in sets.values() for g in gs]
    w = fit(everything)
    print(
        f"| all (in-sample) | all | {len(everything)} | {top1(everything, evidence):.3f} | {top1(everything, w):.3f} |"
    )
    weights = {k: round(float(v), 4) for k, v in zip(LEAD_FEATURES, w, strict=True)}
    print(json.dumps(weights))
    if args.write:
        note = "fitted by eval/fit_lead.py on eval/questions.jsonl, eval/field and eval/transfer (README)"
        OUT.write_text(json.dumps({"note": note, "weights": weights}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
