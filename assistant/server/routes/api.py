"""Public API: search, ask, documents, feedback."""

from __future__ import annotations

import re
from typing import Annotated

import numpy as np
from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from assistant.errors import BadQuery, NotFound, RateLimited
from assistant.ingest.chunk import chunk_document
from assistant.retrieval.retriever import Retriever
from assistant.server.feedback import FeedbackStore
from assistant.server.limits import RateLimiter
from assistant.server.metrics import Metrics
from assistant.server.state import AppState
from assistant.server.unanswered import UnansweredStore
from assistant.text.script import to_simplified
from assistant.types import SCRIPTS, Hit


class AskRequest(BaseModel):
    question: str = Field(..., description="The question, in 简体, 繁體 or English.", max_length=100_000)
    session_id: str | None = Field(
        None, max_length=64, description="Continue the conversation of an earlier answer."
    )
    lang: str | None = Field(
        None, description="Answer in zh-Hans, zh-Hant or en instead of the question's script."
    )


class ScreenRequest(BaseModel):
    question: str | None = Field(
        None,
        max_length=100_000,
        description="Who the person is and where they live, in 简体, 繁體 or English.",
    )
    profile: dict[str, object] | None = Field(
        None,
        description='The person instead of a question: {"age": 85, "residence": "permanent resident", ...}.',
    )
    place: str | None = Field(
        None, max_length=200, description="Where the person lives (a place name or key)."
    )
    session_id: str | None = Field(None, max_length=64, description="Continue an earlier screen or answer.")
    lang: str | None = Field(None, description="zh-Hans, zh-Hant or en instead of the question's script.")


class FeedbackRequest(BaseModel):
    answer_id: str = Field(..., min_length=1, max_length=64)
    helpful: bool
    comment: str | None = Field(None, max_length=2000)


def api_router(
    state: AppState,
    limiter: RateLimiter,
    feedback: FeedbackStore,
    metrics: Metrics,
    unanswered: UnansweredStore | None = None,
) -> APIRouter:
    router = APIRouter(prefix="/api")
    settings = state.settings

    def check_question(text: str, name: str) -> None:
        if not text.strip():
            raise BadQuery(f"{name} is empty: send a question or keywords")
        if len(text) > settings.max_question_chars:
            raise BadQuery(f"{name} is {len(text)} characters; the limit is {settings.max_question_chars}")

    @router.get("/search", tags=["search"])
    def search(
        q: Annotated[str, Query(description="Question or keywords, in 简体, 繁體 or English.")],
        k: Annotated[int, Query(ge=1, le=50, description="How many documents.")] = 5,
        lang: Annotated[str | None, Query(description="Only documents in zh-Hans, zh-Hant or en.")] = None,
        region: Annotated[
            str | None, Query(description="Only documents about this region.", max_length=100)
        ] = None,
    ) -> dict[str, object]:
        """Hybrid search: the best passage of each of the top k documents, with matched terms marked."""
        check_question(q, "q")
        if lang is not None and lang not in SCRIPTS:
            raise BadQuery(f"lang must be one of {', '.join(SCRIPTS)}")
        retriever = state.require_retriever()
        # Every candidate passage, best first: the first of each document ranks the document, and
        # the passage shown is chosen among that document's candidates.
        candidates = retriever.search(q, k=len(retriever), distinct=False, language=lang, region=region)
        tokens = retriever.query_tokens(q)
        terms = [t for t in dict.fromkeys(tokens) if len(t) > 1 or not t.isascii()]
        results = []
        for rank, (best, shown) in enumerate(matched_passages(retriever, candidates, tokens, k), start=1):
            results.append(
                {
                    "rank": rank,
                    "doc_id": best.document.doc_id,
                    "title": best.document.title,
                    "published": best.document.published,
                    "language": best.document.language,
                    "region": best.document.region,
                    "source": best.document.source,
                    "chunk_id": shown.chunk.chunk_id,
                    "start": shown.chunk.start,
                    "end": shown.chunk.end,
                    "score": round(best.score, 4),
                    "passage": shown.chunk.text,
                    "highlights": term_spans(shown.chunk.text, terms),
                }
            )
        return {"query": q, "results": results}

    @router.post("/ask", tags=["answers"])
    def ask(body: AskRequest, request: Request) -> dict[str, object]:
        """Answer with numbered citations (FORMATS.md section 4); abstains when the documents do not answer."""
        client = request.client.host if request.client else "unknown"
        if not limiter.allow(client):
            raise RateLimited(
                f"too many questions: at most {settings.ask_rate_per_minute} a minute, please wait"
            )
        check_question(body.question, "the question")
        answer = state.require_assistant().ask(body.question, session_id=body.session_id, lang=body.lang)
        metrics.answers.labels(answered=str(answer.answered).lower()).inc()
        if unanswered is not None:  # only with ELDERCARE_KEEP_UNANSWERED=1 (questions are personal data)
            unanswered.record_answer(body.question, answer)
        return answer.to_json()

    @router.post("/screen", tags=["answers"])
    def screen(body: ScreenRequest, request: Request) -> dict[str, object]:
        """Screen a person against every benefit of their place (FORMATS.md section 7): likely,
        need_info (with the facts that would decide it), not_eligible (with the condition that failed),
        unassessed; each with what it gives, how to apply and its citations."""
        client = request.client.host if request.client else "unknown"
        if not limiter.allow(client):
            raise RateLimited(
                f"too many questions: at most {settings.ask_rate_per_minute} a minute, please wait"
            )
        if body.question is not None:
            check_question(body.question, "the question")
        assistant = state.require_assistant()
        result = assistant.screener.screen(
            body.question, profile=body.profile, place=body.place, session_id=body.session_id, lang=body.lang
        )
        return result.to_json(assistant.cards.documents)

    @router.get("/documents", tags=["documents"])
    def documents() -> list[dict[str, object]]:
        """Every document as ingestion understood it (FORMATS.md section 5), with its card counts."""
        retriever = state.require_retriever()
        book = state.require_assistant().cards
        counts = retriever.chunks.counts()
        return [
            {**d.listing(counts.get(d.doc_id, 0)), **book.counts(d.doc_id)}
            for d in sorted(retriever.documents.values(), key=lambda d: d.doc_id)
        ]

    @router.get("/documents/{doc_id}", tags=["documents"])
    def document(doc_id: str) -> dict[str, object]:
        """One document with its cleaned text and its chunks (anchors for citations)."""
        retriever = state.require_retriever()
        found = retriever.documents.get(doc_id)
        if found is None:
            raise NotFound(f"no document {doc_id!r}; GET /api/documents lists them")
        chunks = retriever.chunks.of_document(doc_id) or chunk_document(found)
        book = state.require_assistant().cards
        return {
            **found.listing(len(chunks)),
            **book.counts(doc_id),
            "cards": [card.to_json() for card in book.by_doc.get(doc_id, [])],
            "text": found.text,
            "chunks": [
                {"chunk_id": c.chunk_id, "n": c.n, "start": c.start, "end": c.end, "text": c.text}
                for c in chunks
            ],
        }

    @router.post("/feedback", tags=["answers"])
    def give_feedback(body: FeedbackRequest) -> dict[str, object]:
        """Was this answer helpful? Stored with the answer id; no question text is kept."""
        stored = feedback.add(body.answer_id, body.helpful, body.comment)
        if unanswered is not None:
            unanswered.record_feedback(body.answer_id, body.helpful, body.comment)
        return {"ok": True, "id": stored}

    return router


def matched_passages(
    retriever: Retriever, candidates: list[Hit], tokens: list[str], k: int
) -> list[tuple[Hit, Hit]]:
    """The k best documents of `candidates` (ranked passages, best first), each as (the passage that
    ranks it, the passage to show).

    The passage shown is the document's candidate that best matches what the query asks beyond the
    document's title and region: words of the title match the document's first passage, where the
    title is written, and would otherwise pick it whatever the question asked (an English question
    about Beijing's emergency-call service matched the Chinese regulation through 北京 and 居家养老 in
    its heading, and was shown its preamble). BM25 over the other words, scaled within the document,
    replaces the BM25 signal; the dense signals stay. On the eval sets' relevant documents, the passage
    shown holds an answer fact for 71 of 106 cross-language results (67 before) and 140 of 170
    same-language ones (126 before).
    """
    documents: dict[str, list[Hit]] = {}
    for hit in candidates:
        if hit.chunk.doc_id in documents:
            documents[hit.chunk.doc_id].append(hit)
        elif len(documents) < k:
            documents[hit.chunk.doc_id] = [hit]
    weights = retriever.weights
    lexical: dict[tuple[str, ...], np.ndarray] = {}  # BM25 of every passage, per token list
    chosen: list[tuple[Hit, Hit]] = []
    for hits in documents.values():
        document = hits[0].document
        heading = to_simplified(f"{document.title} {document.region or ''}").lower()
        rest = tuple(t for t in tokens if t.lower() not in heading)
        if rest not in lexical:
            lexical[rest] = retriever.sparse.scores(list(rest))
        numbers = [retriever.chunks.number_of(h.chunk.chunk_id) for h in hits]
        raw = np.array([lexical[rest][n] for n in numbers])
        top = float(raw.max()) or 1.0
        dense = np.array([sum(w * h.scores.get(n, 0.0) for n, w in weights.dense.items()) for h in hits])
        fit = weights.bm25 * raw / top + dense
        chosen.append((hits[0], hits[int(np.argmax(fit))]))  # ties: the better-ranked passage
    return chosen


def term_spans(passage: str, terms: list[str]) -> list[list[int]]:
    """Character ranges in `passage` where query terms occur (matched on the simplified, lower-cased view)."""
    view = to_simplified(passage).lower()
    if len(view) != len(passage):
        view = passage.lower()
    spans: list[list[int]] = []
    for term in terms:
        needle = term.lower()
        pattern = rf"\b{re.escape(needle)}" if needle.isascii() else re.escape(needle)
        spans.extend([m.start(), m.end()] for m in re.finditer(pattern, view))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
