"""The assistant's answers in the shape the evaluation harness scores."""

from __future__ import annotations

import re

from assistant.answer.ask import Assistant
from assistant.answer.phrases import is_own_line
from assistant.evaluation.harness import AnswerFn, AnswerOutcome
from assistant.retrieval.retriever import Retriever
from assistant.text.script import normalise_for_match
from assistant.types import Answer, Profile

_MARK = re.compile(r"\[\d+\]")

# The facts a 'please tell me …' asks for (Answer.missing), and the profile fields that state each.
FACT_FIELDS = {
    "age": ("age", "born"),
    "born": ("born", "age"),
    "residence": ("region", "resident"),
    "status": ("residence", "resident"),
    "means": ("income_year", "assets", "low_income"),
    "income": ("income_year",),
    "assets": ("assets",),
    "years": ("years",),
    "citizen": ("citizen",),
    "care": ("care_need",),
    "exclusion": ("other_benefit",),
    "cared": ("cared_for",),
}


def statements(text: str) -> tuple[str, ...]:
    """The quoted statements of an answer as a reader sees them (FORMATS.md section 3): the text between
    citation marks, less the assistant's own lines (verdict, checklist, sources, dates)."""
    kept = "\n".join(line for line in text.splitlines() if line.strip() and not is_own_line(line))
    pieces = (" ".join(piece.split()) for piece in _MARK.split(kept))
    return tuple(piece for piece in pieces if len(normalise_for_match(piece).strip("。.，,;；")) > 3)


def asks_again(answer: Answer, stated: Profile) -> bool:
    """Whether the answer asks for a fact the question (and the session) had stated."""
    return any(
        getattr(stated, name, None) is not None
        for kind in answer.missing
        for name in FACT_FIELDS.get(kind, ())
    )


def answer_outcome(retriever: Retriever) -> AnswerFn:
    assistant = Assistant(retriever)

    def answer(question: str) -> AnswerOutcome:
        result = assistant.ask(question)  # a fresh session per question: eval questions stand alone
        citations = [c.to_json() for c in result.citations]
        return AnswerOutcome(
            result.answered,
            result.text,
            citations,
            result.verdict,
            statements(result.text) if result.answered else (),
            asks_again(result, result.profile or Profile()),
        )

    return answer
