"""The assistant's answers in the shape the evaluation harness scores."""

from __future__ import annotations

from assistant.answer.ask import Assistant
from assistant.evaluation.harness import AnswerFn, AnswerOutcome
from assistant.retrieval.retriever import Retriever


def answer_outcome(retriever: Retriever) -> AnswerFn:
    assistant = Assistant(retriever)

    def answer(question: str) -> AnswerOutcome:
        result = assistant.ask(question)  # a fresh session per question: eval questions stand alone
        return AnswerOutcome(result.answered, result.text, [c.to_json() for c in result.citations])

    return answer
