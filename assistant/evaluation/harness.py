"""Run an evaluation set against a retriever (and, when given, an answerer); return FORMATS.md's dict.

A question whose search or answer raises is recorded as an error (not answered, a failure in every
metric) and the run goes on with the others: one bad question must not hide the score of the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.evaluation.dataset import Question
from assistant.evaluation.metrics import facts_found, mean, percentile, retrieval_metrics
from assistant.text.script import normalise_for_match
from assistant.types import Document, IngestWarning, Skipped

RETRIEVAL_KEYS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
ANSWER_KEYS = (
    "answer_coverage",  # the headline: what a reader sees without opening a citation
    "fact_coverage",
    "citation_validity",
    "citation_relevance",
    "abstention_accuracy",
    "false_abstention_rate",
    "verdict_accuracy",
    "lead",
    "precision",
    "sentences_per_answer",
    "verdict_precision",
    "verdict_coverage",
    "yes_when_no",
    "verdict_unasked",
    "asked_again",
)
COUNT_KEYS = ("sentences_per_answer", "yes_when_no", "verdict_unasked", "asked_again")  # not shares
PRIMARY = "recall@5"


@dataclass(frozen=True)
class Retrieved:
    """What a retriever returned for one question: documents best first, with their passages."""

    doc_ids: list[str]
    passages: list[str]


@dataclass(frozen=True)
class AnswerOutcome:
    """The parts of an answer the metrics need (assistant.answer produces the full Answer)."""

    answered: bool
    text: str
    citations: list[dict[str, object]] = field(default_factory=list)
    verdict: str | None = None  # yes | no | depends (FORMATS.md section 4), None when not given
    statements: tuple[str, ...] = ()  # the quoted statements a reader sees (FORMATS.md section 3)
    asked_again: bool = False  # the answer asks for a fact the question stated


SearchFn = Callable[[str], Retrieved]
AnswerFn = Callable[[str], AnswerOutcome]
Progress = Callable[[int, int], None]


@dataclass
class QuestionResult:
    question: Question
    retrieved: Retrieved
    seconds: float
    outcome: AnswerOutcome | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # answer facts in the answer text itself
    statement_hits: list[bool] = field(default_factory=list)  # each quoted statement: holds a fact?
    valid_citations: int = 0
    relevant_citations: int = 0
    error: str | None = None  # "ExceptionType: message" when the search or the answer raised

    @property
    def cross_language(self) -> bool:
        return bool(self.metrics.get("_cross"))


def evaluate(
    questions: Sequence[Question],
    search: SearchFn,
    documents: dict[str, Document],
    *,
    answer: AnswerFn | None = None,
    retriever_name: str = "hybrid",
    progress: Progress | None = None,
    skipped: Sequence[Skipped] = (),
    warnings: Sequence[IngestWarning] = (),
) -> dict[str, object]:
    """Ask every question; `skipped` and `warnings` say which documents the score was measured on."""
    normalised_docs = {doc_id: normalise_for_match(d.text) for doc_id, d in documents.items()}
    results: list[QuestionResult] = []
    if questions:  # load lazy parts (models, dictionaries) before the clock starts
        try:
            search(questions[0].question)
            if answer:
                answer(questions[0].question)
        except Exception:  # noqa: BLE001 (the loop below records it against the question)
            pass
    for i, question in enumerate(questions, start=1):
        results.append(_ask(question, search, answer))
        _score(results[-1], documents, normalised_docs)
        if progress:
            progress(i, len(questions))
    return summarise(
        results, documents, retriever_name, answers=answer is not None, skipped=skipped, warnings=warnings
    )


def _ask(question: Question, search: SearchFn, answer: AnswerFn | None) -> QuestionResult:
    """One question's retrieval and answer, timed; an exception becomes the result's error."""
    errors: list[str] = []
    started = time.perf_counter()
    try:
        retrieved = search(question.question)
    except Exception as error:  # noqa: BLE001 (recorded, and the run exits non-zero)
        retrieved = Retrieved([], [])
        errors.append(f"{type(error).__name__}: {error}")
    outcome = None
    if answer:
        try:
            outcome = answer(question.question)
        except Exception as error:  # noqa: BLE001
            outcome = AnswerOutcome(False, "")
            errors.append(f"{type(error).__name__}: {error}")
    seconds = time.perf_counter() - started
    return QuestionResult(question, retrieved, seconds, outcome, error="; ".join(errors) or None)


def _score(result: QuestionResult, documents: dict[str, Document], normalised: dict[str, str]) -> None:
    q = result.question
    if q.answerable:
        result.metrics = retrieval_metrics(result.retrieved.doc_ids, q.relevant_docs)
        first = documents.get(q.relevant_docs[0]) if q.relevant_docs else None
        result.metrics["_cross"] = float(bool(first) and first.language != q.lang)  # type: ignore[union-attr]
    outcome = result.outcome
    if outcome is None:
        return
    quotes = [str(c.get("quote", "")) for c in outcome.citations]
    if q.answerable and outcome.answered:
        result.found, result.missing = facts_found(q.answer_facts, [outcome.text, *quotes])
        result.seen, _ = facts_found(q.answer_facts, [outcome.text])
        result.statement_hits = [bool(facts_found(q.answer_facts, [s])[0]) for s in outcome.statements]
    elif q.answerable:
        result.missing = list(q.answer_facts)
    for citation in outcome.citations:
        doc_id = str(citation.get("doc_id", ""))
        quote = normalise_for_match(str(citation.get("quote", "")))
        if quote and quote in normalised.get(doc_id, ""):
            result.valid_citations += 1
        if doc_id in q.relevant_docs:
            result.relevant_citations += 1


def _group_metrics(results: Sequence[QuestionResult], answers: bool) -> dict[str, float | None]:
    answerable = [r for r in results if r.question.answerable]
    out: dict[str, float | None] = {"questions": len(results)}
    for key in RETRIEVAL_KEYS:
        out[key] = mean([r.metrics[key] for r in answerable])
    if not answers:
        out.update({key: None for key in ANSWER_KEYS})
        return out
    unanswerable = [r for r in results if not r.question.answerable]
    coverage = [len(r.found) / len(r.question.answer_facts) for r in answerable if r.question.answer_facts]
    citations = [r for r in results if r.outcome and r.outcome.citations]
    total = sum(len(r.outcome.citations) for r in citations if r.outcome)
    answerable_citations = sum(len(r.outcome.citations) for r in answerable if r.outcome)
    out["fact_coverage"] = mean(coverage)
    out["citation_validity"] = sum(r.valid_citations for r in citations) / total if total else None
    out["citation_relevance"] = (
        sum(r.relevant_citations for r in answerable) / answerable_citations if answerable_citations else None
    )
    # An error is never a right abstention: it counts against both abstention metrics.
    out["abstention_accuracy"] = mean(
        [0.0 if r.error or (r.outcome and r.outcome.answered) else 1.0 for r in unanswerable]
    )
    out["false_abstention_rate"] = mean(
        [0.0 if r.outcome and r.outcome.answered else 1.0 for r in answerable]
    )
    with_verdict = [r for r in results if r.question.verdict is not None]
    out["verdict_accuracy"] = mean(  # None when the set carries no verdicts
        [1.0 if r.outcome and r.outcome.verdict == r.question.verdict else 0.0 for r in with_verdict]
    )
    out.update(reader_metrics(results))
    return out


def reader_metrics(results: Sequence[QuestionResult]) -> dict[str, float | None]:
    """What a reader sees (FORMATS.md section 3): facts in the answer text itself, whether the first quoted
    statement holds one, how many statements hold one; verdicts given, right, and given unasked."""
    answerable = [r for r in results if r.question.answerable and r.question.answer_facts]
    answered = [r for r in answerable if r.outcome and r.outcome.answered]
    statements = [hit for r in answered for hit in r.statement_hits]
    labelled = [r for r in results if r.question.verdict is not None]
    given = [r for r in labelled if r.outcome and r.outcome.verdict]
    return {
        "answer_coverage": mean(
            [
                len(r.seen) / len(r.question.answer_facts) if r.outcome and r.outcome.answered else 0.0
                for r in answerable
            ]
        ),
        "lead": mean([1.0 if r.statement_hits[:1] == [True] else 0.0 for r in answered]),
        "precision": mean([1.0 if hit else 0.0 for hit in statements]),
        "sentences_per_answer": len(statements) / len(answered) if answered else None,
        "verdict_precision": mean(
            [1.0 if r.outcome and r.outcome.verdict == r.question.verdict else 0.0 for r in given]
        ),
        "verdict_coverage": len(given) / len(labelled) if labelled else None,
        "yes_when_no": sum(
            1 for r in given if r.question.verdict == "no" and r.outcome and r.outcome.verdict == "yes"
        ),
        "verdict_unasked": sum(
            1 for r in results if r.question.verdict is None and r.outcome and r.outcome.verdict
        ),
        "asked_again": sum(1 for r in results if r.outcome and r.outcome.asked_again),
    }


def summarise(
    results: Sequence[QuestionResult],
    documents: dict[str, Document],
    retriever_name: str,
    answers: bool,
    *,
    skipped: Sequence[Skipped] = (),
    warnings: Sequence[IngestWarning] = (),
) -> dict[str, object]:
    overall = _group_metrics(results, answers)
    by_lang = {
        lang: _group_metrics([r for r in results if r.question.lang == lang], answers)
        for lang in sorted({r.question.lang for r in results})
    }
    by_type = {
        kind: _group_metrics([r for r in results if r.question.type == kind], answers)
        for kind in sorted({r.question.type for r in results})
    }
    cross = [r for r in results if r.question.answerable and r.cross_language]
    latencies = [r.seconds * 1000 for r in results]
    return {
        "questions": len(results),
        "documents": len(documents),
        "retriever": retriever_name,
        "skipped": [{"file": s.path, "reason": s.reason} for s in skipped],
        "warnings": [{"file": w.path, "reason": w.reason} for w in warnings],
        "errors": sum(1 for r in results if r.error),
        "error_ids": [r.question.qid for r in results if r.error],
        "primary_metric": PRIMARY,
        "retrieval": {key: overall[key] for key in RETRIEVAL_KEYS},
        "answer": {key: overall[key] for key in ANSWER_KEYS},
        "by_lang": by_lang,
        "by_type": by_type,
        "cross_language": {
            "questions": len(cross),
            **{key: mean([r.metrics[key] for r in cross]) for key in RETRIEVAL_KEYS},
        },
        "latency_ms": {
            "p50": percentile(latencies, 0.5),
            "p95": percentile(latencies, 0.95),
            "max": max(latencies) if latencies else None,
        },
        "verdicts": verdict_confusion(results),
        "per_question": [_per_question(r) for r in results],
    }


VERDICT_ROWS = ("yes", "no", "depends")


def verdict_confusion(results: Sequence[QuestionResult]) -> dict[str, object] | None:
    """Expected verdict -> the answer's verdict ('none' when it gave none), with the costly error counted
    apart: 'yes' where the truth is 'no' (a family applies and is refused). None without verdicts."""
    labelled = [r for r in results if r.question.verdict is not None]
    if not labelled:
        return None
    table = {truth: dict.fromkeys((*VERDICT_ROWS, "none"), 0) for truth in VERDICT_ROWS}
    for result in labelled:
        given = result.outcome.verdict if result.outcome and result.outcome.verdict else "none"
        table[result.question.verdict][given if given in table else "none"] += 1  # type: ignore[index]
    return {"questions": len(labelled), "confusion": table, "yes_when_no": table["no"]["yes"]}


def _per_question(result: QuestionResult) -> dict[str, object]:
    q, outcome = result.question, result.outcome
    return {
        "id": q.qid,
        "question": q.question,
        "lang": q.lang,
        "type": q.type,
        "answerable": q.answerable,
        "relevant_docs": list(q.relevant_docs),
        "retrieved": result.retrieved.doc_ids,
        "passages": result.retrieved.passages[:3],
        "recall@5": result.metrics.get("recall@5"),
        "cross_language": result.cross_language,
        "latency_ms": round(result.seconds * 1000, 2),
        "answered": outcome.answered if outcome else None,
        "answer": outcome.text if outcome else None,
        "facts_found": result.found,
        "facts_seen": result.seen,
        "statements": list(outcome.statements) if outcome else [],
        "asked_again": outcome.asked_again if outcome else None,
        "facts_missing": result.missing if outcome else list(q.answer_facts),
        "citations": outcome.citations if outcome else [],
        "verdict": outcome.verdict if outcome else None,
        "expected_verdict": q.verdict,
        "error": result.error,
    }
