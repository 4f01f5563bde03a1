"""Refine the sentence ranker on what the composer makes of it: the reader's figures of whole answers.

`eval/fit_ranker.py` fits the ranker on a stand-in for the composer (the best sentence, then others
above a keep threshold). The composer does more: a sentence stating the kind of answer asked for leads,
the day a rule takes effect is read from the document, a verdict brings its deciding sentences, the guard
falls back to bare quotes. Here each question's evidence (retrieval, scored sentences, the documents that
may answer) is computed once; then the ranker's weights are moved one at a time, each move kept only when
the answers the real `Assistant.quote` composes score higher on

    OBJECTIVE = answer coverage + lead + precision    (FORMATS.md section 3, as `eldercare eval` counts)

over the fitting sets' questions, and only while none of FLOORS falls below the committed weights' on
them (quoting less would trade answer coverage for precision). Steps halve each round. Cross-set validation: each split refines on
all sets but one, from the committed weights, and reports the one left out; the weights written are
refined on all.

    .venv/bin/python eval/fit_composer.py bundled=eval/questions.jsonl \\
        field=../shared/field/questions.jsonl transfer=../shared/transfer/questions.jsonl@/tmp/tindex [--write]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.answer.ask import Assistant, Evidence
from assistant.answer.choose import choose
from assistant.answer.evaluate import asks_again, statements
from assistant.answer.ranker import RANK_FEATURES, Ranker
from assistant.evaluation.dataset import Question, load_questions
from assistant.evaluation.harness import AnswerOutcome, QuestionResult, Retrieved, reader_metrics
from assistant.evaluation.metrics import facts_found, mean
from assistant.query import Query, understand
from assistant.retrieval.retriever import Retriever
from assistant.settings import PROJECT_ROOT
from assistant.types import Answer, Profile

OUT = PROJECT_ROOT / "assistant" / "answer" / "data" / "sentence_ranker.json"
OBJECTIVE = ("answer_coverage", "lead", "precision")
FLOORS = ("answer_coverage", "fact_coverage", "verdict_accuracy")
REPORT = ("answer_coverage", "lead", "precision", "sentences_per_answer", "fact_coverage", "verdict_accuracy")
ROUNDS = 4
FIRST_STEP = 0.5  # weights move by this much in the first round, then by half each round
THRESHOLD_STEP = 0.02


@dataclass
class Case:
    """One question, and what the stages before the quoting made of it (an Answer when they decided)."""

    question: Question
    query: Query
    found: Answer | Evidence
    assistant: Assistant


def collect(index: Path, questions: Path) -> list[Case]:
    assistant = Assistant(Retriever.load(index))
    cases = []
    for question in load_questions(questions):
        query = understand(question.question)
        query = replace(query, tokens=tuple(assistant.retriever.query_tokens(query)))
        found = assistant.screened(query) or assistant.evidence(query)
        cases.append(Case(question, query, found, assistant))
    return cases


class Scorer:
    """Answers composed for a ranker, memoised on what `choose` picks (the rest is deterministic)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[object, ...], QuestionResult] = {}

    def result(self, case: Case, ranker: Ranker) -> QuestionResult:
        found = case.found
        if isinstance(found, Answer):
            key: tuple[object, ...] = (case.question.qid,)
        else:
            query = case.query
            thresholds = case.assistant.thresholds
            choice = choose(
                found.scored,
                found.documents,
                query.kind,
                query.role,
                thresholds,
                query.asks_start,
                ranker,
                query.asks_machinery,
            )
            key = (
                case.question.qid,
                tuple((s.document.doc_id, s.start, s.end) for s in choice.quoted),
                tuple((s.document.doc_id, s.start, s.end) for s in choice.further),
            )
        if key not in self._memo:
            answer = found if isinstance(found, Answer) else case.assistant.quote(case.query, found, ranker)
            self._memo[key] = _result(case.question, answer, case.query.profile)
        return self._memo[key]

    def figures(self, cases: list[Case], ranker: Ranker) -> dict[str, float]:
        results = [self.result(c, ranker) for c in cases]
        figures = {k: v for k, v in reader_metrics(results).items() if isinstance(v, float)}
        answerable = [r for r in results if r.question.answerable and r.question.answer_facts]
        figures["fact_coverage"] = (
            mean([len(r.found) / len(r.question.answer_facts) for r in answerable]) or 0
        )
        labelled = [r for r in results if r.question.verdict is not None]
        figures["verdict_accuracy"] = (
            mean([1.0 if r.outcome and r.outcome.verdict == r.question.verdict else 0.0 for r in labelled])
            or 0.0
        )
        figures["objective"] = sum(figures.get(k, 0.0) for k in OBJECTIVE)
        return figures


def _result(question: Question, answer: Answer, profile: Profile | None) -> QuestionResult:
    citations = [c.to_json() for c in answer.citations]
    outcome = AnswerOutcome(
        answer.answered,
        answer.text,
        citations,
        answer.verdict,
        statements(answer.text) if answer.answered else (),
        asks_again(answer, profile or Profile()),
    )
    result = QuestionResult(question, Retrieved([], []), 0.0, outcome)
    if question.answerable and answer.answered:
        quotes = [str(c.get("quote", "")) for c in citations]
        result.found, result.missing = facts_found(question.answer_facts, [answer.text, *quotes])
        result.seen, _ = facts_found(question.answer_facts, [answer.text])
        result.statement_hits = [bool(facts_found(question.answer_facts, [s])[0]) for s in outcome.statements]
    return result


def _as_vector(ranker: Ranker) -> list[float]:
    return [*ranker.order, *ranker.keep, ranker.keep_bias, ranker.keep_threshold]


def _from_vector(vector: list[float]) -> Ranker:
    n = len(RANK_FEATURES)
    return Ranker(tuple(vector[:n]), tuple(vector[n : 2 * n]), vector[2 * n], vector[2 * n + 1])


def refine(
    cases: list[Case], start: Ranker, scorer: Scorer, part: str = "all", seed: int = 0, log: bool = True
) -> Ranker:
    """Coordinate search from `start`: each weight moved up and down by the round's step, a move kept
    when the objective rises and no floor falls."""
    vector = _as_vector(start)
    first = scorer.figures(cases, start)
    best = first["objective"]
    rng = random.Random(seed)
    for round_ in range(ROUNDS):
        step = FIRST_STEP / 2**round_
        moved = 0
        n = len(RANK_FEATURES)
        coordinates = {
            "all": list(range(len(vector))),
            "order": list(range(n)),
            "keep": list(range(n, len(vector))),
        }[part]
        rng.shuffle(coordinates)
        for i in coordinates:
            delta = THRESHOLD_STEP / 2**round_ if i == len(vector) - 1 else step
            for sign in (1.0, -1.0):
                trial = list(vector)
                trial[i] += sign * delta
                if i == len(vector) - 1 and not 0.0 <= trial[i] <= 1.0:
                    continue
                figures = scorer.figures(cases, _from_vector(trial))
                objective = figures["objective"]
                if objective > best + 1e-9 and all(figures[k] >= first[k] - 1e-9 for k in FLOORS):
                    vector, best, moved = trial, objective, moved + 1
                    break
        if log:
            print(
                f"  round {round_ + 1}: step {step:.3f}, {moved} moves, objective {best:.4f}", file=sys.stderr
            )
        if not moved and round_ >= 1:
            break
    return _from_vector(vector)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="+", help="NAME=QUESTIONS[@INDEX]")
    parser.add_argument(
        "--write", action="store_true", help=f"write the weights refined on all sets to {OUT}"
    )
    parser.add_argument("--part", choices=("all", "order", "keep"), default="all", help="the weights to move")
    args = parser.parse_args()
    sets: dict[str, list[Case]] = {}
    for spec in args.sets:
        name, _, rest = spec.partition("=")
        questions, _, index = rest.partition("@")
        sets[name] = collect(Path(index or PROJECT_ROOT / "kb" / "index"), Path(questions))
        print(f"{name}: {len(sets[name])} questions", file=sys.stderr)
    scorer = Scorer()
    committed = Ranker.fitted()
    print("| held out | ranker | " + " | ".join(REPORT) + " |")
    print("|---|---|" + "---|" * len(REPORT))
    for held in sets:
        fitting = [c for name, cases in sets.items() if name != held for c in cases]
        refined = refine(fitting, committed, scorer, args.part)
        for label, ranker in (("committed", committed), ("refined on the others", refined)):
            figures = scorer.figures(sets[held], ranker)
            print(f"| {held} | {label} | " + " | ".join(f"{figures[k]:.3f}" for k in REPORT) + " |")
    final = refine([c for cases in sets.values() for c in cases], committed, scorer, args.part)
    for name, cases in sets.items():
        figures = scorer.figures(cases, final)
        print(f"| {name} | refined on all | " + " | ".join(f"{figures[k]:.3f}" for k in REPORT) + " |")
    data = {
        "note": f"fitted by eval/fit_ranker.py, refined by eval/fit_composer.py on {', '.join(sets)}",
        "order": {k: round(float(v), 4) for k, v in zip(RANK_FEATURES, final.order, strict=True)},
        "keep": {k: round(float(v), 4) for k, v in zip(RANK_FEATURES, final.keep, strict=True)},
        "keep_bias": round(final.keep_bias, 4),
        "keep_threshold": round(final.keep_threshold, 4),
    }
    print(json.dumps(data, indent=1))
    if args.write:
        OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
