"""FastAPI application factory. Routes stay thin: parse, call the library, map our errors to HTTP."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.answer.ask import Assistant
from assistant.answer.session import InMemorySessionStore
from assistant.errors import BadQuery, EldercareError, IndexMissing
from assistant.retrieval.retriever import Retriever
from assistant.settings import Settings, get_settings
from assistant.types import SCRIPTS

log = logging.getLogger("eldercare")


class AskRequest(BaseModel):
    question: str = Field(..., description="The question, in 简体, 繁體 or English.", max_length=100_000)
    session_id: str | None = Field(
        None, max_length=64, description="Continue the conversation of an earlier answer."
    )
    lang: str | None = Field(
        None, description="Answer in zh-Hans, zh-Hant or en instead of the question's script."
    )


class State:
    """What the app holds: the retriever of the current index, swapped as one reference."""

    def __init__(self, index_dir: Path, settings: Settings) -> None:
        self.index_dir = index_dir
        self.settings = settings
        self.retriever: Retriever | None = None
        self.assistant: Assistant | None = None
        self.sessions = InMemorySessionStore()
        self.error: str | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        try:
            retriever = Retriever.load(self.index_dir, self.settings.threads)
        except EldercareError as error:
            self.error = str(error)
            log.error("index not loaded: %s", error)
            return
        assistant = Assistant(retriever, self.sessions, max_question_chars=self.settings.max_question_chars)
        with self._lock:
            self.retriever, self.assistant, self.error = retriever, assistant, None

    def require(self) -> Retriever:
        if self.retriever is None:
            raise IndexMissing(self.error or "the index is not loaded yet")
        return self.retriever

    def require_assistant(self) -> Assistant:
        if self.assistant is None:
            raise IndexMissing(self.error or "the index is not loaded yet")
        return self.assistant


def create_app(index_dir: Path | None = None, settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    state = State(index_dir or settings.index_dir, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        state.load()
        yield

    app = FastAPI(
        title="Eldercare Assistant",
        description="Elder-care policy answers with citations, in 简体 / 繁體 / English.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.eldercare = state

    @app.exception_handler(BadQuery)
    async def bad_query(request: Request, error: BadQuery) -> JSONResponse:
        return JSONResponse({"error": str(error)}, status_code=400)

    @app.exception_handler(IndexMissing)
    async def index_missing(request: Request, error: IndexMissing) -> JSONResponse:
        return JSONResponse({"error": str(error)}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg')}"
            for e in error.errors()
        ]
        return JSONResponse({"error": "; ".join(problems) or "invalid request"}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(error.detail)}, status_code=error.status_code)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @app.get("/api/search", tags=["search"])
    def api_search(
        q: Annotated[str, Query(description="Question or keywords, in 简体, 繁體 or English.")],
        k: Annotated[int, Query(ge=1, le=50, description="How many documents.")] = 5,
        lang: Annotated[str | None, Query(description="Only documents in zh-Hans, zh-Hant or en.")] = None,
        region: Annotated[str | None, Query(description="Only documents about this region.")] = None,
    ) -> dict[str, object]:
        """Hybrid search: the best passage of each of the top k documents."""
        if not q.strip():
            raise BadQuery("q is empty: send a question or keywords")
        if len(q) > settings.max_question_chars:
            raise BadQuery(f"q is {len(q)} characters; the limit is {settings.max_question_chars}")
        if lang is not None and lang not in SCRIPTS:
            raise BadQuery(f"lang must be one of {', '.join(SCRIPTS)}")
        hits = state.require().search(q, k=k, language=lang, region=region)
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
                }
                for h in hits
            ],
        }

    @app.post("/api/ask", tags=["answers"])
    def api_ask(request: AskRequest) -> dict[str, object]:
        """Answer a question with numbered citations (FORMATS.md section 4); abstains when the documents
        do not answer it."""
        if len(request.question) > settings.max_question_chars:
            raise BadQuery(
                f"the question is {len(request.question)} characters; the limit is {settings.max_question_chars}"
            )
        answer = state.require_assistant().ask(
            request.question, session_id=request.session_id, lang=request.lang
        )
        return answer.to_json()

    return app
