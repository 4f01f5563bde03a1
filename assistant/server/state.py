"""What the running app holds: the current retriever and assistant, swapped as one reference on reindex."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from assistant.answer.ask import Assistant
from assistant.answer.llm import LLMWriter
from assistant.answer.session import InMemorySessionStore, SessionStore
from assistant.errors import EldercareError, IndexMissing
from assistant.retrieval.retriever import Retriever
from assistant.settings import Settings

log = logging.getLogger("eldercare")


class ReindexStatus:
    def __init__(self) -> None:
        self.running = False
        self.last_error: str | None = None
        self.last_finished: float | None = None
        self.last_report: dict[str, object] | None = None
        # Live progress of the running reindex (the admin page draws a bar): the ingest pipeline's
        # stage ('read', 'chunk', 'bm25', 'embed NAME', ..., then 'load'), and how far it is.
        self.stage: str | None = None
        self.done = 0
        self.total = 0
        self.started_at: float | None = None
        self.stages: list[str] = []

    def progress(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.stages.append(stage)
        self.stage, self.done, self.total = stage, done, total


class AppState:
    def __init__(
        self, index_dir: Path, documents_dir: Path, settings: Settings, sessions: SessionStore | None = None
    ) -> None:
        self.index_dir = index_dir
        self.documents_dir = documents_dir
        self.settings = settings
        self.sessions: SessionStore = sessions or InMemorySessionStore()
        self.retriever: Retriever | None = None
        self.assistant: Assistant | None = None
        self.error: str | None = None
        self.reindex = ReindexStatus()
        self._swap = threading.Lock()
        self._reindex_lock = threading.Lock()

    def load(self) -> bool:
        """Load the current index build; on failure keep serving what is loaded (if anything)."""
        try:
            retriever = Retriever.load(self.index_dir, self.settings.threads)
        except EldercareError as error:
            self.error = str(error)
            log.error("index not loaded: %s", error)
            return False
        writer = None
        if self.settings.llm_url:
            writer = LLMWriter(
                self.settings.llm_url,
                self.settings.llm_model,
                self.settings.llm_api_key,
                self.settings.llm_timeout,
            )
        assistant = Assistant(
            retriever, self.sessions, max_question_chars=self.settings.max_question_chars, writer=writer
        )
        with self._swap:
            self.retriever, self.assistant, self.error = retriever, assistant, None
        return True

    def require_retriever(self) -> Retriever:
        retriever = self.retriever
        if retriever is None:
            raise IndexMissing(self.error or "the index is not loaded yet")
        return retriever

    def require_assistant(self) -> Assistant:
        assistant = self.assistant
        if assistant is None:
            raise IndexMissing(self.error or "the index is not loaded yet")
        return assistant

    def start_reindex(self) -> bool:
        """Rebuild the index in the background; questions keep being answered from the old one until
        the new build is published and loaded. False when a reindex is already running."""
        if not self._reindex_lock.acquire(blocking=False):
            return False
        self.reindex.running = True
        self.reindex.started_at, self.reindex.stages = time.time(), []
        self.reindex.progress("start", 0, 1)
        threading.Thread(target=self._reindex, name="reindex", daemon=True).start()
        return True

    def _reindex(self) -> None:
        from assistant.ingest.pipeline import ingest

        try:
            report = ingest(
                self.documents_dir,
                self.index_dir,
                self.settings.embedder_names,
                threads=self.settings.threads,
                max_file_bytes=self.settings.max_file_bytes,
                progress=self.reindex.progress,
            )
            self.reindex.progress("load", 0, 1)
            self.reindex.last_report = {
                "documents": report.documents,
                "chunks": report.chunks,
                "embedded": report.embedded,
                "reused": report.reused,
                "seconds": round(report.seconds, 2),
                "skipped": [{"path": Path(s.path).name, "reason": s.reason} for s in report.skipped],
            }
            self.reindex.last_error = None if self.load() else self.error
        except (EldercareError, ValueError, OSError) as error:
            self.reindex.last_error = str(error)
            log.error("reindex failed, the previous index keeps serving: %s", error)
        finally:
            self.reindex.running = False
            self.reindex.last_finished = time.time()
            self._reindex_lock.release()
