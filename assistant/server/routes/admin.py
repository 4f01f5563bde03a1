"""Admin API behind a bearer token (ELDERCARE_ADMIN_TOKEN): documents, reindex, feedback."""

from __future__ import annotations

import glob
import hmac
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import yaml
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from assistant.errors import BadDocument, BadQuery, Forbidden, NotFound, TooLarge, Unauthorized, Unsupported
from assistant.ingest.load import SUPPORTED, build_document, read_file
from assistant.server.feedback import FeedbackStore
from assistant.server.state import AppState
from assistant.types import SCRIPTS

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def token_check(token: str) -> Callable[[Request], None]:
    """The admin routes' guard: the token as a bearer header, compared in constant time."""

    def require_token(request: Request) -> None:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer ") or not header[7:].strip():
            raise Unauthorized("send the admin token as 'Authorization: Bearer TOKEN'")
        if not hmac.compare_digest(header[7:].strip().encode(), token.encode()):
            raise Forbidden("wrong admin token")

    return require_token


def admin_router(state: AppState, feedback: FeedbackStore, token: str) -> APIRouter:
    router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(token_check(token))])
    settings = state.settings

    @router.post("/documents", status_code=201)
    async def upload(
        file: Annotated[UploadFile, File(description="A .md, .txt, .html, .pdf or .docx document.")],
        doc_id: Annotated[str | None, Form(alias="id")] = None,
        title: Annotated[str | None, Form()] = None,
        source: Annotated[str | None, Form()] = None,
        language: Annotated[str | None, Form()] = None,
        region: Annotated[str | None, Form()] = None,
        published: Annotated[str | None, Form()] = None,
    ) -> dict[str, object]:
        """Add a document (optionally with front matter fields). Reindex to make it searchable."""
        name = Path(file.filename or "").name
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED:
            raise Unsupported(
                f"unsupported file type {suffix or '(none)'}; use one of {', '.join(sorted(SUPPORTED))}"
            )
        stem = doc_id or Path(name).stem
        if not _SAFE_ID.match(stem):
            raise BadQuery("document id: letters, digits, '.', '_' and '-' only (at most 100)")
        if language is not None and language not in SCRIPTS:
            raise BadQuery(f"language must be one of {', '.join(SCRIPTS)}")
        data = await file.read(settings.max_upload_bytes + 1)
        if len(data) > settings.max_upload_bytes:
            raise TooLarge(f"the file is over the {settings.max_upload_bytes // 1024} KB upload limit")
        fields = {
            "id": doc_id,
            "title": title,
            "source": source,
            "language": language,
            "region": region,
            "published": published,
        }
        fields = {k: v for k, v in fields.items() if v}
        if fields and suffix in {".md", ".txt", ".markdown"}:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise BadDocument(f"{name}: not UTF-8 text") from None
            data = ("---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + text).encode("utf-8")
        target = state.documents_dir / f"{stem}{suffix}"
        with tempfile.TemporaryDirectory() as tmp:  # check it ingests before it enters the knowledge base
            trial = Path(tmp) / target.name
            trial.write_bytes(data)
            try:
                document = build_document(read_file(trial, settings.max_file_bytes))
            except BadDocument as error:
                raise BadDocument(f"{name}: {error}") from None
        state.documents_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.part")
        partial.write_bytes(data)
        partial.replace(target)
        return {
            **document.listing(0),
            "path": target.name,
            "reindex": "POST /api/admin/reindex to make it searchable",
        }

    @router.delete("/documents/{doc_id}")
    def delete(doc_id: str) -> dict[str, object]:
        """Remove a document's file. Reindex to drop it from search."""
        retriever = state.require_retriever()
        document = retriever.documents.get(doc_id)
        candidates = [Path(document.path)] if document else []
        candidates += [
            p for p in state.documents_dir.glob(f"{glob.escape(doc_id)}.*") if p.suffix.lower() in SUPPORTED
        ]
        for path in candidates:
            if path.is_file() and path.resolve().parent == state.documents_dir.resolve():
                path.unlink()
                return {"deleted": doc_id, "path": path.name, "reindex": "POST /api/admin/reindex to apply"}
        raise NotFound(f"no document {doc_id!r} in {state.documents_dir.name}")

    @router.post("/reindex", status_code=202)
    def reindex() -> dict[str, object]:
        """Rebuild the index in the background; the old index answers until the new one is swapped in.
        409 when another replica (or `eldercare ingest`) is building this index folder."""
        started = state.start_reindex(busy_raises=True)
        return {
            "started": started,
            "running": True,
            "message": None if started else "a reindex is already running",
        }

    @router.get("/reindex")
    def reindex_status() -> dict[str, object]:
        status = state.reindex
        running = status.running or status.queued  # a reindex waiting to start is still to come
        return {
            "running": running,
            "queued": status.queued,
            "last_error": status.last_error,
            "last_finished": status.last_finished,
            "last_report": status.last_report,
            # live progress for the staff workspace's bar
            "stage": status.stage if status.running else ("queued" if status.queued else None),
            "done": status.done,
            "total": status.total,
            "stages": list(status.stages),
            "started_at": status.started_at,
        }

    @router.get("/feedback")
    def list_feedback(limit: int = 500) -> list[dict[str, object]]:
        return feedback.list(max(1, min(limit, 5000)))

    return router
