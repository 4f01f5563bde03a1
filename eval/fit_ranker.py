"""Fit the sentence ranker (assistant/answer/ranker.py) on every set we can see, with cross-set validation.

For each answerable question, the sentences of the documents that may answer are taken in the scorer's
order and labelled by whether their quoted text holds one of the question's answer facts and their
document is one the answer is in. Two models
share the features (RANK_FEATURES):
- `order`, listwise (softmax over one question's sentences: the one holding a fact should come first);
- `keep`, logistic: the chance a sentence holds a fact. A sentence past the first is quoted when that
  chance reaches `keep_threshold`: the highest threshold at which the fitting sets' answer coverage
  stays within COVERAGE_GIVE of quoting every sentence the composer may take.

Each split fits on all sets but one and reports the one left out; the weights written are fitted on all.

    .venv/bin/python eval/fit_ranker.py bundled=eval/questions.jsonl \\
        field=../shared/field/questions.jsonl transfer=../shared/transfer/questions.jsonl@/tmp/tindex [--write]

A set's index follows '@' (default kb/index); build one for the transfer documents with
`eldercare ingest --documents ../shared/transfer/documents --index /tmp/tindex`.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

import assistant.answer.ask as ask_stage
from assistant.answer.ask import Assistant
from assistant.answer.evidence import Sentence, with_list
from assistant.answer.ranker import RANK_FEATURES, Ranker, rank_features
from assistant.evaluation.dataset import load_questions
from assistant.evaluation.metrics import facts_found
from assistant.retrieval.retriever import Retriever
from assistant.settings import PROJECT_ROOT

OUT = PROJECT_ROOT / "assistant" / "answer" / "data" / "sentence_ranker.json"
L2 = 1.0
COVERAGE_GIVE = 0.02
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.0, 0.41, 0.01))
MAX_SENTENCES = 3


@dataclass
class Group:
    """One question: its sentences' features, which facts each holds, and what overlaps what."""

    matrix: np.ndarray
    found: list[frozenset[str]]
    facts: int
    spans: list[tuple[str, str, int, int]]  # (doc_id, chunk_id, start, end)
    relevant: list[bool]  # its document is one the question's answer is in

    @property
    def labels(self) -> np.ndarray:
        """A sentence answers when it holds a fact and comes from a document the answer is in."""
        return np.array([1.0 if f and r else 0.0 for f, r in zip(self.found, self.relevant, strict=True)])


def collect(index: Path, questions: Path) -> list[Group]:
    """Run the assistant on each answerable question and keep what the composer chose from."""
    taken: list[list[Sentence]] = []
    choose = ask_stage.choose

    def spy(scored, documents, *args, **kwargs):  # type: ignore[no-untyped-def]
        allowed = {d.doc_id for d in documents}
        taken.append([s for s in scored if s.document.doc_id in allowed])
        return choose(scored, documents, *args, **kwargs)

    ask_stage.choose = spy  # type: ignore[assignment]
    try:
        assistant = Assistant(Retriever.load(index))
        groups = []
        for question in load_questions(questions):
            if not question.answerable or not question.answer_facts:
                continue
            taken.clear()
            assistant.ask(question.question)
            if not taken or not taken[-1]:
                continue
            sentences = taken[-1]
            found = []
            for s in sentences:
                start, end = with_list(s)
                found.append(frozenset(facts_found(question.answer_facts, [s.document.text[start:end]])[0]))
            spans = [(s.document.doc_id, s.chunk.chunk_id, s.start, s.end) for s in sentences]
            relevant = [s.document.doc_id in question.relevant_docs for s in sentences]
            groups.append(Group(rank_features(sentences), found, len(question.answer_facts), spans, relevant))
        return groups
    finally:
        ask_stage.choose = choose  # type: ignore[assignment]


def fit_order(groups: list[Group]) -> np.ndarray:
    """Listwise softmax regression, L2-regularised."""
    usable = [g for g in groups if g.labels.any()]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * L2 * w @ w, L2 * w
        for g in usable:
            logits = g.matrix @ w
            top = logits.max()
            log_z = top + np.log(np.exp(logits - top).sum())
            target = g.labels / g.labels.sum()
            total -= float(target @ (logits - log_z))
            grad = grad + g.matrix.T @ (np.exp(logits - log_z) - target)
        return total, grad

    return minimize(loss, np.zeros(len(RANK_FEATURES)), jac=True, method="L-BFGS-B").x


def fit_keep(groups: list[Group]) -> tuple[np.ndarray, float]:
    """Logistic regression of 'holds an answer fact', L2-regularised (not the bias)."""
    x = np.vstack([g.matrix for g in groups])
    x = np.hstack([x, np.ones((len(x), 1))])
    y = np.concatenate([g.labels for g in groups])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-z))
        penalty = np.r_[w[:-1], 0.0]
        return float((np.logaddexp(0, z) - y * z).sum() + 0.5 * L2 * penalty @ penalty), x.T @ (
            p - y
        ) + L2 * penalty

    w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
    return w[:-1], float(w[-1])


def simulate(groups: list[Group], ranker: Ranker) -> dict[str, float]:
    """What the composer would quote (the best, then others the ranker keeps, none overlapping, at most
    MAX_SENTENCES): answer coverage, lead, precision and sentences per answer."""
    coverage, lead, hits, counts = [], [], [], []
    order_w, keep_w = np.array(ranker.order), np.array(ranker.keep)
    for g in groups:
        order = np.argsort(-(g.matrix @ order_w), kind="stable")
        keep = 1.0 / (1.0 + np.exp(-(g.matrix @ keep_w + ranker.keep_bias)))
        chosen = [int(order[0])]
        for i in order[1:]:
            if len(chosen) >= MAX_SENTENCES:
                break
            if keep[i] >= ranker.keep_threshold and not any(_overlap(g.spans[i], g.spans[j]) for j in chosen):
                chosen.append(int(i))
        seen = frozenset().union(*(g.found[i] for i in chosen))
        coverage.append(len(seen) / g.facts)
        lead.append(bool(g.found[chosen[0]]))
        hits += [bool(g.found[i]) for i in chosen]
        counts.append(len(chosen))
    return {
        "answer_coverage": float(np.mean(coverage)),
        "lead": float(np.mean(lead)),
        "precision": float(np.mean(hits)),
        "sentences_per_answer": float(np.mean(counts)),
    }


def _overlap(a: tuple[str, str, int, int], b: tuple[str, str, int, int]) -> bool:
    return a[0] == b[0] and (a[1] == b[1] or (a[2] < b[3] and b[2] < a[3]))


def fit(groups: list[Group]) -> Ranker:
    order = fit_order(groups)
    keep, bias = fit_keep(groups)
    ranker = Ranker(tuple(order), tuple(keep), bias, 0.0)
    ceiling = simulate(groups, ranker)["answer_coverage"]
    threshold = max(
        t
        for t in THRESHOLDS
        if simulate(groups, Ranker(ranker.order, ranker.keep, bias, t))["answer_coverage"]
        >= ceiling - COVERAGE_GIVE
    )
    return Ranker(ranker.order, ranker.keep, bias, threshold)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="+", help="NAME=QUESTIONS[@INDEX]")
    parser.add_argument("--write", action="store_true", help=f"write the weights fitted on all sets to {OUT}")
    args = parser.parse_args()
    sets: dict[str, list[Group]] = {}
    for spec in args.sets:
        name, _, rest = spec.partition("=")
        questions, _, index = rest.partition("@")
        sets[name] = collect(Path(index or PROJECT_ROOT / "kb" / "index"), Path(questions))
    current = Ranker.fitted()
    # the scorer's order, quoting every sentence the composer may take: where the ranker started from
    scorer = Ranker(
        tuple(1.0 if k == "score_share" else 0.0 for k in RANK_FEATURES),
        (0.0,) * len(RANK_FEATURES),
        0.0,
        0.0,
    )
    keys = ("answer_coverage", "lead", "precision", "sentences_per_answer")
    print("| held out | questions | ranker | " + " | ".join(keys) + " | threshold |")
    print("|---|---|---|" + "---|" * (len(keys) + 1))
    for held in sets:
        fitted = fit([g for name, groups in sets.items() if name != held for g in groups])
        for label, ranker in (("scorer", scorer), ("committed", current), ("fitted on the others", fitted)):
            figures = simulate(sets[held], ranker)
            row = " | ".join(f"{figures[k]:.3f}" for k in keys)
            print(f"| {held} | {len(sets[held])} | {label} | {row} | {ranker.keep_threshold:.2f} |")
    final = fit([g for groups in sets.values() for g in groups])
    data = {
        "note": f"fitted by eval/fit_ranker.py on {', '.join(sets)}",
        "order": {k: round(float(v), 4) for k, v in zip(RANK_FEATURES, final.order, strict=True)},
        "keep": {k: round(float(v), 4) for k, v in zip(RANK_FEATURES, final.keep, strict=True)},
        "keep_bias": round(final.keep_bias, 4),
        "keep_threshold": final.keep_threshold,
    }
    print(json.dumps(data, indent=1))
    if args.write:
        OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
