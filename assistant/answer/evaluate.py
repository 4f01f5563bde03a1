"""The assistant's answers in the shape the evaluation harness scores."""

from __future__ import annotations

from assistant.answer.ask import Assistant
from assistant.evaluation.harness import AnswerFn, AnswerOutcome
from assistant.retrieval.retriever import Retriever


def answer_outcome(retriever: Retriever) -> AnswerFn:
    assistant = Assistant(retriever)

    def answer(question: str) -> AnswerOutcome:
        result = assistant.ask(question)  # a fresh session per question: eval questions stand alone
        citations = [c.to_json() for c in result.citations]
        # `verdict` (FORMATS.md section 4) is read where the Answer carries it; until then it is None.
        return AnswerOutcome(result.answered, result.text, citations, getattr(result, "verdict", None))

    return answer
