"""Public API: search, ask, documents, feedback."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from assistant.errors import BadQuery, NotFound, RateLimited
from assistant.ingest.chunk import chunk_document
from assistant.server.feedback import FeedbackStore
from assistant.server.limits import RateLimiter
from assistant.server.metrics import Metrics
from assistant.server.state import AppState
from assistant.server.unanswered import UnansweredStore
from assistant.text.script import to_simplified
from assistant.types import SCRIPTS


class AskRequest(BaseModel):
    question: str = Field(..., description="The question, in 简体, 繁體 or English.", max_length=100_000)
    session_id: str | None = Field(
        None, max_length=64, description="Continue the conversation of an earlier answer."
    )
    lang: str | None = Field(
        None, description="Answer in zh-Hans, zh-Hant or en instead of the question's script."
    )


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
        hits = retriever.search(q, k=k, language=lang, region=region)
        terms = [t for t in dict.fromkeys(retriever.query_tokens(q)) if len(t) > 1 or not t.isascii()]
        return {
            "query": q,
            "results": [
                {
                    "rank": h.rank,
                    "doc_id": h.document.doc_id,
                    "title": h.document.title,
                    "published": h.document.published,
                    "language": h.document.language,
                    "region": h.document.region,
                    "source": h.document.source,
                    "chunk_id": h.chunk.chunk_id,
                    "start": h.chunk.start,
                    "end": h.chunk.end,
                    "score": round(h.score, 4),
                    "passage": h.chunk.text,
                    "highlights": term_spans(h.chunk.text, terms),
                }
                for h in hits
            ],
        }

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

    @router.get("/documents", tags=["documents"])
    def documents() -> list[dict[str, object]]:
        """Every document as ingestion understood it (FORMATS.md section 5)."""
        retriever = state.require_retriever()
        counts: dict[str, int] = {}
        for chunk in retriever.chunks:
            counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
        return [
            d.listing(counts.get(d.doc_id, 0))
            for d in sorted(retriever.documents.values(), key=lambda d: d.doc_id)
        ]

    @router.get("/documents/{doc_id}", tags=["documents"])
    def document(doc_id: str) -> dict[str, object]:
        """One document with its cleaned text and its chunks (anchors for citations)."""
        retriever = state.require_retriever()
        found = retriever.documents.get(doc_id)
        if found is None:
            raise NotFound(f"no document {doc_id!r}; GET /api/documents lists them")
        chunks = [c for c in retriever.chunks if c.doc_id == doc_id] or chunk_document(found)
        return {
            **found.listing(len(chunks)),
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
