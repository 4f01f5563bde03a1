"""Reader-side figures (FORMATS.md section 3): what the answer text shows, not what its citations hold."""

from __future__ import annotations

from assistant.answer.evaluate import asks_again, statements
from assistant.answer.phrases import is_own_line, phrase
from assistant.evaluation.dataset import Question
from assistant.evaluation.harness import AnswerOutcome, Retrieved, evaluate
from assistant.types import Answer, Document, Profile

TEXT = "满80周岁的老年人每月发放高龄津贴100元。申请时需携带身份证和户口簿。"
DOCUMENTS = {"d": Document("d", "/docs/d.md", "d", TEXT, TEXT, "zh-Hans")}


def test_statements_leave_out_verdict_checklist_and_source_lines() -> None:
    for script, flavour in (("zh-Hans", ""), ("zh-Hant", "hk"), ("zh-Hant", "tw"), ("en", "")):
        verdict = phrase("verdict_yes", script, flavour)  # type: ignore[arg-type]
        check = phrase("met", script, flavour, who="X", value="85", required="满80周岁", n=1)  # type: ignore[arg-type]
        source = phrase("from", script, flavour, title="T", date="")  # type: ignore[arg-type]
        text = f"{verdict}\n{check}\n\n满80周岁的老年人每月发放高龄津贴100元。 [1]\n申请时需携带身份证。 [2]\n{source}"
        assert statements(text) == ("满80周岁的老年人每月发放高龄津贴100元。", "申请时需携带身份证。"), script
        assert is_own_line(verdict) and is_own_line(check) and is_own_line(source)
    assert not is_own_line("满80周岁的老年人每月发放高龄津贴100元。")


def test_asked_again_is_a_request_for_a_fact_the_question_gave() -> None:
    depends_on_age = Answer(True, "en", "", [], verdict="depends", missing=("age",))
    assert asks_again(depends_on_age, Profile(age=65))
    assert not asks_again(depends_on_age, Profile(region="CN-450300"))
    assert not asks_again(Answer(True, "en", "", [], verdict="yes"), Profile(age=65))


def _run(outcome: AnswerOutcome, verdict: str | None = None) -> dict:
    question = Question(
        "q", "高龄津贴多少钱", "zh-Hans", "fact", ("d",), ("100元", "身份证"), True, verdict=verdict
    )
    return evaluate([question], lambda q: Retrieved(["d"], [TEXT]), DOCUMENTS, answer=lambda q: outcome)[
        "answer"
    ]  # type: ignore[return-value]


def test_answer_coverage_counts_the_text_alone_and_lead_the_first_statement() -> None:
    citation = {"doc_id": "d", "quote": TEXT}
    filler_first = "申请时需携带身份证和户口簿。 [1]\n满80周岁的老年人每月发放高龄津贴100元。 [1]"
    run = _run(AnswerOutcome(True, filler_first, [citation], None, statements(filler_first)))
    assert run["answer_coverage"] == 1.0 and run["lead"] == 1.0 and run["precision"] == 1.0
    assert run["sentences_per_answer"] == 2
    off_topic = "子女应当经常看望老年人。 [1]"
    run = _run(AnswerOutcome(True, off_topic, [citation], None, statements(off_topic)))
    assert run["fact_coverage"] == 1.0  # the citation's passage holds both facts...
    assert (
        run["answer_coverage"] == 0.0 and run["lead"] == 0.0 and run["precision"] == 0.0
    )  # ...the text none


def test_verdict_figures() -> None:
    text = "满80周岁的老年人每月发放高龄津贴100元。 [1]"
    yes = AnswerOutcome(True, text, [], "yes", statements(text))
    assert _run(yes, verdict="no")["yes_when_no"] == 1
    assert _run(yes, verdict="no")["verdict_precision"] == 0.0
    assert _run(yes, verdict="yes")["verdict_coverage"] == 1.0
    assert _run(yes)["verdict_unasked"] == 1
    none = AnswerOutcome(True, text, [], None, statements(text))
    assert _run(none, verdict="yes")["verdict_coverage"] == 0.0
    assert _run(none, verdict="yes")["verdict_precision"] is None
