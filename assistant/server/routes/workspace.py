"""The staff workspace's API (/admin), behind the admin bearer token: documents with their ingestion
warnings, metadata edits, drafts (preview before publishing, by upload or URL), the index build, what users
could not get answered, and evaluation runs. The plain upload/delete/reindex routes are in admin.py."""

from __future__ import annotations

import glob
import json
import re
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from assistant.errors import (
    BadQuery,
    EldercareError,
    NotFound,
    TooLarge,
    Unsupported,
)
from assistant.index import store
from assistant.ingest.chunk import chunk_document
from assistant.ingest.edit import (
    EDITABLE,
    SAFE_ID,
    check_fields,
    preview_bytes,
    stored_form,
    with_front_matter,
)
from assistant.ingest.fetch import fetch_url
from assistant.ingest.load import SUPPORTED, split_front_matter
from assistant.ingest.pipeline import file_hashes
from assistant.server.evaluations import EvaluationRuns
from assistant.server.routes.admin import token_check
from assistant.server.state import AppState
from assistant.server.unanswered import UnansweredStore, grouped

DRAFT_HOURS = 24
_DRAFT_ID = re.compile(r"^[0-9a-f]{32}$")


class Metadata(BaseModel):
    """Fields to set; a missing (null) field is left as it is, an empty one removed."""

    id: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=500)
    region: str | None = Field(None, max_length=500)
    published: str | None = Field(None, max_length=100)
    source: str | None = Field(None, max_length=500)
    language: str | None = Field(None, max_length=20)
    reindex: bool = True

    def fields(self) -> dict[str, str | None]:
        return check_fields({k: getattr(self, k) for k in ("id", *EDITABLE)})


def enabled_router(enabled: bool) -> APIRouter:
    """Whether the admin API exists: the page says plainly when it does not. No token needed."""
    router = APIRouter(prefix="/api/admin", tags=["admin"])

    @router.get("/enabled")
    def admin_enabled() -> dict[str, object]:
        return {
            "enabled": enabled,
            "message": None if enabled else "admin is disabled: set ELDERCARE_ADMIN_TOKEN and restart",
        }

    return router


def _slug(stem: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")[:80]
    return slug if slug and SAFE_ID.match(slug) else f"document-{uuid.uuid4().hex[:8]}"


def workspace_router(
    state: AppState, token: str, unanswered: UnansweredStore | None, evaluations: EvaluationRuns
) -> APIRouter:
    router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(token_check(token))])
    settings = state.settings
    drafts = settings.data_dir / "drafts"
    waiting = threading.Lock()

    def reindex_soon() -> bool:
        """Start a reindex now, or (when one is running, which may have read the folder before this
        change) as soon as it ends. True when started now."""
        if state.start_reindex():
            return True
        if waiting.acquire(blocking=False):
            state.reindex.queued = True

            def wait_and_start() -> None:
                try:
                    while not state.start_reindex():
                        time.sleep(0.3)
                finally:
                    state.reindex.queued = False
                    waiting.release()

            threading.Thread(target=wait_and_start, name="reindex-waiter", daemon=True).start()
        return False

    def documents_root() -> Path:
        return state.documents_dir.resolve()

    def file_of(doc_id: str) -> Path | None:
        """The file in the documents folder holding document `doc_id` (as indexed, else by name)."""
        retriever = state.retriever
        found = retriever.documents.get(doc_id) if retriever else None
        candidates = [Path(found.path)] if found else []
        if state.documents_dir.is_dir():
            candidates += sorted(
                p
                for p in state.documents_dir.glob(f"{glob.escape(doc_id)}.*")
                if p.suffix.lower() in SUPPORTED
            )
        for path in candidates:
            if path.is_file() and path.resolve().parent == documents_root():
                return path
        return None

    def write_document(name: str, data: bytes) -> Path:
        state.documents_dir.mkdir(parents=True, exist_ok=True)
        target = state.documents_dir / name
        partial = target.with_name(f".{target.name}.part")  # hidden: ingestion never reads it
        partial.write_bytes(data)
        partial.replace(target)
        return target

    def pending() -> dict[str, list[str]]:
        """Files added, changed or removed since the build being served."""
        retriever = state.retriever
        built: dict[str, str] = dict(retriever.manifest.get("files") or {}) if retriever else {}  # type: ignore[call-overload]
        now = (
            file_hashes(state.documents_dir, settings.max_file_bytes) if state.documents_dir.is_dir() else {}
        )
        built_by_name = {Path(k).name: v for k, v in built.items()}
        now_by_name = {Path(k).name: v for k, v in now.items()}
        return {
            "added": sorted(n for n in now_by_name if n not in built_by_name),
            "changed": sorted(
                n for n, h in now_by_name.items() if n in built_by_name and built_by_name[n] != h
            ),
            "removed": sorted(n for n in built_by_name if n not in now_by_name),
        }

    def build_info() -> dict[str, object] | None:
        try:
            build = store.current_build(state.index_dir)
            manifest = store.read_manifest(build)
        except (EldercareError, OSError, ValueError):
            return None
        size = sum(p.stat().st_size for p in build.rglob("*") if p.is_file())
        return {
            "id": build.name,
            "built_at": manifest.get("built_at"),
            "bytes": size,
            "documents": manifest.get("document_count"),
            "chunks": manifest.get("chunk_count"),
            "embedders": manifest.get("embedders"),
        }

    # ---------- documents ----------

    @router.get("/documents")
    def list_documents() -> dict[str, object]:
        """Every indexed document with its warnings and file, the files skipped, what changed since."""
        retriever = state.require_retriever()
        book = state.require_assistant().cards
        counts = retriever.chunks.counts()
        return {
            "documents": [
                {
                    **d.listing(counts.get(d.doc_id, 0)),
                    **book.counts(d.doc_id),
                    "warnings": list(d.warnings),
                    "file": Path(d.path).name,
                }
                for d in sorted(retriever.documents.values(), key=lambda d: d.doc_id)
            ],
            "skipped": [
                {"file": Path(str(s["path"])).name, "reason": s["reason"]}
                for s in retriever.manifest.get("skipped", [])  # type: ignore[union-attr]
            ],
            "pending": pending(),
            "build": build_info(),
        }

    @router.get("/documents/{doc_id}")
    def open_document(doc_id: str) -> dict[str, object]:
        """One document as indexed (cleaned text, chunks, metadata, warnings) and its file's front matter."""
        retriever = state.require_retriever()
        found = retriever.documents.get(doc_id)
        if found is None:
            raise NotFound(f"no document {doc_id!r} in the index")
        chunks = retriever.chunks.of_document(doc_id) or chunk_document(found)
        path = file_of(doc_id)
        front: dict[str, object] = {}
        if path is not None and path.suffix.lower() not in {".pdf", ".docx"}:
            try:
                front, _ = split_front_matter(path.read_text(encoding="utf-8-sig"))
            except (EldercareError, UnicodeDecodeError, OSError):
                front = {}
        return {
            **found.listing(len(chunks)),
            "text": found.text,
            "warnings": list(found.warnings),
            "file": path.name if path else None,
            "front_matter": {
                k: v if isinstance(v, str | int | float | bool) else str(v) for k, v in front.items()
            },
            "chunks": [{"chunk_id": c.chunk_id, "n": c.n, "start": c.start, "end": c.end} for c in chunks],
        }

    @router.patch("/documents/{doc_id}")
    def edit_document(doc_id: str, body: Metadata) -> dict[str, object]:
        """Write metadata into the document's front matter; it applies at the next reindex (started now
        unless `reindex` is false)."""
        fields = body.fields()
        fields.pop("id", None)  # the id names the file; replace the document to change it
        path = file_of(doc_id)
        if path is None:
            raise NotFound(f"no file for document {doc_id!r} in {state.documents_dir.name}")
        suffix = path.suffix.lower()
        if suffix in {".pdf", ".docx"}:  # no front matter in these: keep the original aside, store text
            raw, _ = preview_bytes(path.name, path.read_bytes(), settings.max_file_bytes)
            new_suffix, data = stored_form(raw, path.read_bytes(), {"id": doc_id, **fields})
        else:
            text = path.read_text(encoding="utf-8-sig")
            new_suffix, data = suffix, with_front_matter(text, fields).encode("utf-8")
        name = f"{path.stem}{new_suffix}"
        _, preview = preview_bytes(name, data, settings.max_file_bytes)  # it must still ingest
        target = write_document(name, data)
        if target.resolve() != path.resolve():
            originals = state.documents_dir / ".originals"
            originals.mkdir(exist_ok=True)
            path.replace(originals / path.name)
        saved_at = time.time()
        started = reindex_soon() if body.reindex else False
        return {**preview.to_json(), "file": target.name, "reindex_started": started, "saved_at": saved_at}

    # ---------- drafts: preview, then publish ----------

    def draft_dir(draft_id: str) -> Path:
        folder = drafts / draft_id
        if not _DRAFT_ID.match(draft_id) or not (folder / "draft.json").is_file():
            raise NotFound(f"no draft {draft_id!r}; add the document again")
        return folder

    def draft_preview(draft_id: str, fields: dict[str, str | None]) -> tuple[str, bytes, dict[str, object]]:
        folder = draft_dir(draft_id)
        meta = json.loads((folder / "draft.json").read_text(encoding="utf-8"))
        data = (folder / "original").read_bytes()
        raw, first = preview_bytes(meta["name"], data, settings.max_file_bytes)
        doc_id = fields.get("id") or str(raw.front_matter.get("id") or "") or _slug(Path(meta["name"]).stem)
        if not SAFE_ID.match(doc_id):
            doc_id = _slug(doc_id)
        changes = {k: v for k, v in fields.items() if k != "id"}
        if meta.get("url") and not raw.front_matter.get("source") and "source" not in changes:
            changes["source"] = meta["url"]
        if raw.front_matter.get("id") and raw.front_matter.get("id") != doc_id:
            changes["id"] = doc_id
        suffix, stored = stored_form(raw, data, changes)
        name = f"{doc_id}{suffix}"
        _, preview = preview_bytes(name, stored, settings.max_file_bytes)
        existing = file_of(doc_id)
        out = {
            **preview.to_json(),
            "draft": draft_id,
            "file": name,
            "original": meta["name"],
            "url": meta.get("url"),
            "replaces": existing.name if existing else None,
            "dropped_count": len(first.dropped),
        }
        return name, stored, out

    @router.post("/drafts", status_code=201)
    async def new_draft(
        file: Annotated[
            UploadFile | None, File(description="A .md, .txt, .html, .pdf or .docx document.")
        ] = None,
        url: Annotated[
            str | None, Form(description="Or the address of a page for the server to fetch.")
        ] = None,
    ) -> dict[str, object]:
        """Keep an uploaded or fetched file as a draft and show what ingestion makes of it."""
        if (file is None) == (not url):
            raise BadQuery("send either a file or a url")
        fetched_from = None
        if file is not None:
            name = Path(file.filename or "").name
            suffix = Path(name).suffix.lower()
            if suffix not in SUPPORTED:
                raise Unsupported(
                    f"unsupported file type {suffix or '(none)'}; use one of {', '.join(sorted(SUPPORTED))}"
                )
            data = await file.read(settings.max_upload_bytes + 1)
            if len(data) > settings.max_upload_bytes:
                raise TooLarge(f"the file is over the {settings.max_upload_bytes // 1024} KB upload limit")
            name = f"{_slug(Path(name).stem)}{suffix}"
        else:
            fetched = fetch_url(
                str(url),
                max_bytes=settings.max_upload_bytes,
                timeout=settings.fetch_timeout,
                allow_private=settings.fetch_allow_private,
            )
            name, data, fetched_from = f"{_slug(fetched.name)}{fetched.suffix}", fetched.data, fetched.url
        preview_bytes(name, data, settings.max_file_bytes)  # refuse what ingestion would skip, now
        cutoff = time.time() - DRAFT_HOURS * 3600
        if drafts.is_dir():
            for old in drafts.iterdir():
                if old.is_dir() and old.stat().st_mtime < cutoff:
                    shutil.rmtree(old, ignore_errors=True)
        draft_id = uuid.uuid4().hex
        folder = drafts / draft_id
        folder.mkdir(parents=True)
        (folder / "original").write_bytes(data)
        (folder / "draft.json").write_text(json.dumps({"name": name, "url": fetched_from}), encoding="utf-8")
        return draft_preview(draft_id, {})[2]

    @router.post("/drafts/{draft_id}/preview")
    def preview_draft(draft_id: str, body: Metadata) -> dict[str, object]:
        """The draft again with edited metadata (warnings change as fields are fixed)."""
        return draft_preview(draft_id, body.fields())[2]

    @router.post("/drafts/{draft_id}/publish", status_code=201)
    def publish_draft(draft_id: str, body: Metadata) -> dict[str, object]:
        """Save the draft (with its metadata as front matter) into the knowledge base and reindex. A
        document with the same id is replaced."""
        published_at = time.time()
        name, stored, out = draft_preview(draft_id, body.fields())
        doc_id = str(out["id"])
        previous = file_of(doc_id)
        target = write_document(name, stored)
        if previous is not None and previous.resolve() != target.resolve():
            previous.unlink()  # the older version of the same document, under another file name
        folder = draft_dir(draft_id)
        meta = json.loads((folder / "draft.json").read_text(encoding="utf-8"))
        if Path(meta["name"]).suffix.lower() in {".pdf", ".docx"}:
            originals = state.documents_dir / ".originals"
            originals.mkdir(exist_ok=True)
            shutil.copyfile(folder / "original", originals / f"{doc_id}{Path(meta['name']).suffix.lower()}")
        shutil.rmtree(folder, ignore_errors=True)
        started = reindex_soon() if body.reindex else False
        return {
            **out,
            "file": target.name,
            "published_at": published_at,
            "replaced": previous.name if previous else None,
            "reindex_started": started,
        }

    # ---------- index ----------

    @router.get("/build")
    def current_build() -> dict[str, object]:
        """The build being served: id, size on disk, date, documents and chunks."""
        info = build_info()
        if info is None:
            raise NotFound("no index build yet")
        return info

    # ---------- what users could not get ----------

    @router.get("/unanswered")
    def list_unanswered(limit: int = 1000) -> dict[str, object]:
        """Abstentions and answers marked not helpful, grouped by topic and place (when kept at all)."""
        if unanswered is None:
            return {
                "enabled": False,
                "message": "questions are not kept: set ELDERCARE_KEEP_UNANSWERED=1 to keep them (30 days)",
                "groups": [],
                "entries": [],
            }
        entries = unanswered.list(max(1, min(limit, 5000)))
        return {"enabled": True, "message": None, "groups": grouped(entries), "entries": entries}

    @router.delete("/unanswered")
    def clear_unanswered() -> dict[str, object]:
        return {"deleted": unanswered.clear() if unanswered else 0}

    # ---------- evaluation ----------

    @router.post("/evaluations", status_code=202)
    async def start_evaluation(
        questions: Annotated[UploadFile | None, File(description="A question set (JSON Lines).")] = None,
    ) -> dict[str, object]:
        """Ask the bundled set (or the uploaded one) of the index being served, in the background."""
        data = None
        name = None
        if questions is not None:
            name = Path(questions.filename or "questions.jsonl").name
            if Path(name).suffix.lower() not in {".jsonl", ".json", ".txt"}:
                raise Unsupported("a question set is a .jsonl file (FORMATS.md section 2)")
            data = await questions.read(settings.max_upload_bytes + 1)
            if len(data) > settings.max_upload_bytes:
                raise TooLarge(f"the question set is over the {settings.max_upload_bytes // 1024} KB limit")
        return evaluations.start(data, name)

    @router.get("/evaluations")
    def list_evaluations() -> list[dict[str, object]]:
        return evaluations.list()

    @router.get("/evaluations/{run_id}")
    def evaluation(run_id: str) -> dict[str, object]:
        return evaluations.read(run_id)

    @router.get("/evaluations/{run_id}/report", response_class=HTMLResponse)
    def evaluation_report(run_id: str) -> HTMLResponse:
        return HTMLResponse(
            evaluations.report(run_id), headers={"Content-Security-Policy": "script-src 'none'"}
        )

    return router
