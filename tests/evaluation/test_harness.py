"""The harness itself: a question that raises is an error, the run goes on, metrics count it as failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluation.dataset import BadEvalSet, Question, load_questions
from assistant.evaluation.harness import AnswerOutcome, Retrieved, evaluate
from assistant.types import Document, IngestWarning, Skipped


def _document(doc_id: str, text: str) -> Document:
    return Document(doc_id, f"/docs/{doc_id}.md", doc_id, text, text, "zh-Hans")


DOCUMENTS = {
    "meals": _document("meals", "80周岁以上老年人每餐补贴3元。"),
    "card": _document("card", "年满65周岁可申请长者卡。"),
}
QUESTIONS = [
    Question("q1", "助餐补贴多少钱", "zh-Hans", "fact", ("meals",), ("3元",), True),
    Question("q2", "要等多久", "zh-Hans", "fact", ("card",), ("65",), True, verdict="yes"),
    Question("q3", "东京怎么申请", "zh-Hans", "out_of_scope", (), (), False),
]


def _search(question: str) -> Retrieved:
    doc_id = "meals" if "助餐" in question else "card"
    return Retrieved([doc_id], [DOCUMENTS[doc_id].text])


def _answer_raising_on(*failing: str):
    def answer(question: str) -> AnswerOutcome:
        if any(word in question for word in failing):
            raise KeyError("duration")
        if "东京" in question:
            return AnswerOutcome(False, "抱歉")
        doc = DOCUMENTS["meals"]
        citation = {"doc_id": "meals", "quote": doc.text}
        return AnswerOutcome(True, doc.text, [citation])

    return answer


def test_a_raising_question_is_an_error_and_the_run_goes_on() -> None:
    run = evaluate(QUESTIONS, _search, DOCUMENTS, answer=_answer_raising_on("多久"))
    assert run["errors"] == 1 and run["error_ids"] == ["q2"]
    items = {item["id"]: item for item in run["per_question"]}  # type: ignore[attr-defined]
    assert items["q2"]["error"] == "KeyError: 'duration'"
    assert items["q2"]["answered"] is False and items["q2"]["facts_missing"] == ["65"]
    assert items["q1"]["error"] is None and items["q1"]["answered"] is True
    assert items["q3"]["error"] is None and items["q3"]["answered"] is False
    answer = run["answer"]
    assert answer["false_abstention_rate"] == 0.5  # q2 counts as an abstention would
    assert answer["abstention_accuracy"] == 1.0
    assert answer["fact_coverage"] == 0.5


def test_an_error_on_the_first_question_does_not_stop_the_warm_up() -> None:
    run = evaluate(QUESTIONS, _search, DOCUMENTS, answer=_answer_raising_on("助餐"))
    assert run["error_ids"] == ["q1"] and run["questions"] == 3


def test_an_error_is_never_a_right_abstention() -> None:
    run = evaluate(QUESTIONS, _search, DOCUMENTS, answer=_answer_raising_on("东京"))
    assert run["error_ids"] == ["q3"] and run["answer"]["abstention_accuracy"] == 0.0  # type: ignore[index]


def test_a_raising_search_is_an_error_too() -> None:
    def search(question: str) -> Retrieved:
        if "东京" in question:
            raise RuntimeError("index gone")
        return _search(question)

    run = evaluate(QUESTIONS, search, DOCUMENTS)
    assert run["error_ids"] == ["q3"]
    assert run["per_question"][2]["error"] == "RuntimeError: index gone"  # type: ignore[index]
    assert run["retrieval"]["recall@5"] == 1.0  # type: ignore[index]


def test_verdict_accuracy_counts_a_missing_verdict_as_wrong_and_is_null_without_verdicts() -> None:
    run = evaluate(QUESTIONS, _search, DOCUMENTS, answer=_answer_raising_on())
    assert run["answer"]["verdict_accuracy"] == 0.0  # type: ignore[index]
    assert run["per_question"][1]["expected_verdict"] == "yes"  # type: ignore[index]
    assert run["per_question"][1]["verdict"] is None  # type: ignore[index]

    def answer_yes(question: str) -> AnswerOutcome:
        return AnswerOutcome(True, "可以", [], verdict="yes")

    assert evaluate(QUESTIONS, _search, DOCUMENTS, answer=answer_yes)["answer"]["verdict_accuracy"] == 1.0  # type: ignore[index]
    plain = [q for q in QUESTIONS if q.verdict is None]
    assert evaluate(plain, _search, DOCUMENTS, answer=answer_yes)["answer"]["verdict_accuracy"] is None  # type: ignore[index]


def test_skipped_files_and_warnings_are_in_the_result() -> None:
    run = evaluate(
        QUESTIONS,
        _search,
        DOCUMENTS,
        skipped=[Skipped("/docs/x.pdf", "unreadable PDF")],
        warnings=[IngestWarning("/docs/y.md", "published 'unknown' is not a date; no date in the text")],
    )
    assert run["skipped"] == [{"file": "/docs/x.pdf", "reason": "unreadable PDF"}]
    assert run["warnings"] == [
        {"file": "/docs/y.md", "reason": "published 'unknown' is not a date; no date in the text"}
    ]
    assert run["errors"] == 0 and run["error_ids"] == []


def test_the_question_file_reads_verdicts(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "question": "q", "lang": "en", "type": "eligibility", "answerable": True, "verdict": "no",
         "verdict_reason": "under 65"},
        {"id": "b", "question": "q", "lang": "en", "type": "fact", "answerable": True},
    ]  # fmt: skip
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    first, second = load_questions(path)
    assert (first.verdict, first.verdict_reason, second.verdict) == ("no", "under 65", None)
    path.write_text(json.dumps({**rows[0], "verdict": "maybe"}), encoding="utf-8")
    with pytest.raises(BadEvalSet, match="verdict 'maybe'"):
        load_questions(path)


def test_the_verdict_confusion_table_counts_yes_where_no_apart() -> None:
    from assistant.evaluation.report import verdict_lines, verdict_table_html

    def answer_yes(question: str) -> AnswerOutcome:
        return AnswerOutcome(True, "可以", [], verdict="yes")

    labelled = [q for q in QUESTIONS if q.verdict is not None]
    wrong = [Question(**{**q.__dict__, "verdict": "no"}) for q in labelled]
    run = evaluate(wrong, _search, DOCUMENTS, answer=answer_yes)
    verdicts = run["verdicts"]
    assert verdicts["confusion"]["no"]["yes"] == len(wrong) and verdicts["yes_when_no"] == len(wrong)  # type: ignore[index]
    assert "'yes' where the truth is 'no': " + str(len(wrong)) in "\n".join(verdict_lines(run))
    assert "<b>" + str(len(wrong)) + "</b>" in verdict_table_html(verdicts)  # type: ignore[arg-type]
    plain = [q for q in QUESTIONS if q.verdict is None]
    assert evaluate(plain, _search, DOCUMENTS, answer=answer_yes)["verdicts"] is None
