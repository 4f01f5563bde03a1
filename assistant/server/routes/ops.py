"""Operations: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

import os

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from assistant.server.metrics import Metrics
from assistant.server.shared_state import UNREACHABLE, SharedState
from assistant.server.state import AppState


def ops_router(state: AppState, metrics: Metrics, shared: SharedState | None = None) -> APIRouter:
    router = APIRouter(tags=["ops"])

    @router.get("/healthz")
    def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @router.get("/readyz")
    def readyz() -> JSONResponse:
        """The index is loaded, the shared state store (when configured) answers: questions can be answered."""
        retriever = state.retriever
        if retriever is None:
            return JSONResponse({"status": "not ready", "error": state.error}, status_code=503)
        if shared is not None and not shared.reachable():
            return JSONResponse({"status": "not ready", "error": UNREACHABLE}, status_code=503)
        return JSONResponse(
            {
                "status": "ready",
                "documents": len(retriever.documents),
                "chunks": len(retriever.chunks),
                "built_at": retriever.manifest.get("built_at"),
                "build": retriever.build,  # the same on every replica once a new build is swapped in
                "reindexing": state.reindex.running,
                "pid": os.getpid(),
                "shared_state": shared.kind if shared is not None else "in-process",
            }
        )

    @router.get("/metrics")
    def prometheus() -> Response:
        retriever = state.retriever
        if retriever is not None:
            metrics.chunks.set(len(retriever.chunks))
            metrics.documents.set(len(retriever.documents))
        return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    return router
