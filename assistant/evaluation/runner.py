"""Wire the harness to real retrievers: ours in three modes and the LangChain baseline."""

from __future__ import annotations

from assistant.evaluation.harness import AnswerFn, Retrieved, SearchFn
from assistant.retrieval.retriever import MODES, Retriever

RETRIEVERS = (*MODES, "langchain")
DEPTH = 10


def parse_retrievers(spec: str) -> list[str]:
    names = list(RETRIEVERS) if spec == "all" else [n.strip() for n in spec.split(",") if n.strip()]
    unknown = [n for n in names if n not in RETRIEVERS]
    if unknown or not names:
        raise ValueError(
            f"unknown retriever {', '.join(unknown) or spec!r}; use {', '.join(RETRIEVERS)} or all"
        )
    return names


def search_function(retriever: Retriever, name: str) -> SearchFn:
    if name in MODES:

        def search(question: str) -> Retrieved:
            hits = retriever.search(question, k=DEPTH, mode=name)
            return Retrieved([h.document.doc_id for h in hits], [h.chunk.text for h in hits])

        return search
    from assistant.evaluation.baseline import LangChainBaseline

    model = "e5-small" if "e5-small" in retriever.dense else next(iter(retriever.dense))
    baseline = LangChainBaseline(
        retriever.chunks, retriever.dense[model].vectors, retriever.embedders[model], DEPTH
    )

    def search_baseline(question: str) -> Retrieved:
        found = baseline.search(question)
        return Retrieved([doc_id for doc_id, _ in found], [passage for _, passage in found])

    return search_baseline


def answer_function(retriever: Retriever) -> AnswerFn:
    """The assistant's answers, scored with the answer metrics."""
    from assistant.answer.evaluate import answer_outcome

    return answer_outcome(retriever)
