"""FastAPI application factory. Routes stay thin: parse, call the library, map our errors to HTTP."""

from __future__ import annotations

import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant import errors
from assistant.server.evaluations import EvaluationRuns
from assistant.server.metrics import Metrics
from assistant.server.routes.admin import admin_router
from assistant.server.routes.api import api_router
from assistant.server.routes.cards import cards_router
from assistant.server.routes.ops import ops_router
from assistant.server.routes.web import WEB, web_router
from assistant.server.routes.workspace import enabled_router, workspace_router
from assistant.server.shared_state import shared_state
from assistant.server.state import AppState
from assistant.server.unanswered import UnansweredStore
from assistant.settings import Settings, get_settings

log = logging.getLogger("eldercare")

# Our exceptions and the HTTP status each one means.
STATUS: dict[type[errors.EldercareError], int] = {
    errors.BadQuery: 400,
    errors.BadDocument: 400,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.TooLarge: 413,
    errors.Unsupported: 415,
    errors.IndexBusy: 409,
    errors.RateLimited: 429,
    errors.IndexMissing: 503,
    errors.IndexIncompatible: 503,
    errors.IndexUnwritable: 503,
    errors.StoreUnavailable: 503,
}
MAX_BODY_BYTES = 64 * 1024  # JSON requests; uploads have their own limit


def create_app(
    index_dir: Path | None = None, settings: Settings | None = None, documents_dir: Path | None = None
) -> FastAPI:
    settings = settings or get_settings()
    shared = shared_state(settings)  # in this process, or in Redis for replicas (ELDERCARE_REDIS_URL)
    state = AppState(
        index_dir or settings.index_dir, documents_dir or settings.documents_dir, settings, shared.sessions
    )
    metrics = Metrics()
    feedback = shared.feedback
    limiter = shared.ask_limiter

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        state.load()
        state.watch(channel=shared.index_channel)  # builds published by other replicas or the CLI
        yield
        state.stop_watching()

    app = FastAPI(
        title="Eldercare Assistant",
        description="Elder-care policy answers with citations, in 简体 / 繁體 / English.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.eldercare = state
    app.state.shared_state = shared

    @app.middleware("http")
    async def measure(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        limit = (
            settings.max_upload_bytes + 65536 if request.url.path.startswith("/api/admin") else MAX_BODY_BYTES
        )
        if length and length.isdigit() and int(length) > limit:
            return JSONResponse({"error": f"request body over the {limit // 1024} KB limit"}, status_code=413)
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        name = getattr(route, "path", "unmatched")
        metrics.requests.labels(route=name, method=request.method, status=str(response.status_code)).inc()
        metrics.latency.labels(route=name).observe(time.perf_counter() - started)
        return response

    @app.exception_handler(errors.EldercareError)
    async def our_error(request: Request, error: errors.EldercareError) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": str(error)}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for item in error.errors():
            where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path"))
            problems.append(f"{where or 'body'}: {item.get('msg')}")
        return JSONResponse({"error": "; ".join(problems) or "invalid request"}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(error.detail)}, status_code=error.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse({"error": "internal error; it has been logged"}, status_code=500)

    # Questions users could not get answered are kept only when staff turned it on (personal data).
    unanswered = (
        UnansweredStore(settings.data_dir / "unanswered.sqlite") if settings.keep_unanswered else None
    )
    if unanswered is None and (settings.data_dir / "unanswered.sqlite").is_file():
        UnansweredStore(settings.data_dir / "unanswered.sqlite").purge()  # still honour the 30 days

    app.include_router(ops_router(state, metrics, shared))
    app.include_router(api_router(state, limiter, feedback, metrics, unanswered))
    app.include_router(enabled_router(bool(settings.admin_token)))
    if settings.admin_token:
        app.include_router(admin_router(state, feedback, settings.admin_token))
        evaluations = EvaluationRuns(settings.data_dir / "evaluations", state)
        app.include_router(workspace_router(state, settings.admin_token, unanswered, evaluations))
        app.include_router(cards_router(state, settings.admin_token))
    if settings.wechat_token:
        from assistant.server.wechat import wechat_router

        app.include_router(
            wechat_router(
                state.require_assistant, settings, store=shared.wechat_store, limiter=shared.wechat_limiter
            )
        )
    app.include_router(web_router())
    if (WEB / "static").is_dir():
        app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    return app
