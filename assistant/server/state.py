"""What the running app holds: the current retriever and assistant, swapped as one reference on reindex.

Replicas share one index folder: each watches its CURRENT (a small file read every POLL_SECONDS, and at
once on a Redis announcement when ELDERCARE_REDIS_URL is set) and swaps to a build another replica or
`eldercare ingest` published. Requests in flight finish on the retriever they started with."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer.ask import Assistant
from assistant.answer.llm import LLMWriter
from assistant.answer.session import InMemorySessionStore, SessionStore
from assistant.errors import EldercareError, IndexBusy, IndexMissing
from assistant.index import store
from assistant.retrieval.retriever import Retriever
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.server.shared_state import IndexChannel

log = logging.getLogger("eldercare")
POLL_SECONDS = 1.0  # how often a replica reads CURRENT: a swap within about a second plus the load


class ReindexStatus:
    def __init__(self) -> None:
        self.running = False
        # a reindex asked for while one ran (which may have read the folder before the change): waiting
        # to start, so the one that ran is not reported as having built what was asked
        self.queued = False
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
        # Staff corrections to the policy cards: beside the documents folder unless set.
        self.cards_dir = settings.cards_dir or documents_dir.parent / "cards"
        self.settings = settings
        self.sessions: SessionStore = sessions or InMemorySessionStore()
        self.retriever: Retriever | None = None
        self.assistant: Assistant | None = None
        self.error: str | None = None
        self.reindex = ReindexStatus()
        self._swap = threading.Lock()
        self._reindex_lock = threading.Lock()
        self._loading = threading.Lock()  # one load at a time: the watcher's and a reindex's
        self._channel: IndexChannel | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._watchers: list[threading.Thread] = []
        self._failed_build: str | None = None

    @property
    def build(self) -> str | None:
        """The name of the build being served."""
        retriever = self.retriever
        return retriever.build if retriever is not None else None

    def load(self, only_if_new: bool = False) -> bool:
        """Load the current index build; on failure keep serving what is loaded (if anything).
        `only_if_new`: do nothing when the build CURRENT points at is the one being served."""
        with self._loading:
            if only_if_new and store.current_name(self.index_dir) in (None, self.build):
                return True
            return self._load()

    def _load(self) -> bool:
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
            retriever,
            self.sessions,
            max_question_chars=self.settings.max_question_chars,
            writer=writer,
            cards_dir=self.cards_dir,
        )
        with self._swap:
            self.retriever, self.assistant, self.error = retriever, assistant, None
        log.info("serving index build %s (%d passages)", retriever.build, len(retriever))
        return True

    def watch(self, interval: float = POLL_SECONDS, channel: IndexChannel | None = None) -> None:
        """Swap to every build published in the index folder from now on, by whichever process: poll
        CURRENT every `interval` seconds, and look at once when `channel` announces a build. Stopped by
        `stop_watching` (the app's shutdown)."""
        self._channel = channel
        self._stop.clear()
        poll = threading.Thread(target=self._poll, args=(interval,), name="index-watch", daemon=True)
        self._watchers = [poll]
        if channel is not None:
            self._watchers.append(
                threading.Thread(
                    target=channel.listen,
                    args=(lambda build: self._wake.set(), self._stop),
                    name="index-announcements",
                    daemon=True,
                )
            )
        for thread in self._watchers:
            thread.start()

    def stop_watching(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._watchers:
            thread.join(timeout)
        self._watchers = []

    def _poll(self, interval: float) -> None:
        while not self._stop.is_set():
            self._wake.wait(interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.refresh()
            except Exception:  # the watcher must outlive any one bad build
                log.exception("index watch: the new build could not be loaded")

    def refresh(self) -> bool:
        """Swap to the build CURRENT points at when it is not the one served. True when swapped."""
        name = store.current_name(self.index_dir)
        if name is None or name == self.build or name == self._failed_build:
            return False
        log.info("index build %s published; loading it", name)
        loaded = self.load(only_if_new=True)
        self._failed_build = None if loaded else name  # not retried every poll; the next build is
        return loaded

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

    def start_reindex(self, busy_raises: bool = False) -> bool:
        """Rebuild the index in the background; questions keep being answered from the old one until
        the new build is published and loaded. False when a reindex is already running here, or in
        another process sharing the index folder (IndexBusy instead, with `busy_raises`)."""
        if not self._reindex_lock.acquire(blocking=False):
            return False
        lock = store.BuildLock(self.index_dir)
        try:
            lock.acquire(wait=0)
        except EldercareError as error:  # IndexBusy, or IndexUnwritable (a read-only index folder)
            self._reindex_lock.release()
            if busy_raises or not isinstance(error, IndexBusy):
                raise
            return False
        self.reindex.running = True
        self.reindex.started_at, self.reindex.stages = time.time(), []
        self.reindex.progress("start", 0, 1)
        threading.Thread(target=self._reindex, args=(lock,), name="reindex", daemon=True).start()
        return True

    def _reindex(self, lock: store.BuildLock) -> None:
        from assistant.ingest.pipeline import ingest

        try:
            try:
                report = ingest(
                    self.documents_dir,
                    self.index_dir,
                    self.settings.embedder_names,
                    threads=self.settings.threads,
                    max_file_bytes=self.settings.max_file_bytes,
                    progress=self.reindex.progress,
                    lock=lock,
                )
            finally:
                lock.release()  # published (or failed): another replica may build now
            if self._channel is not None and not report.unchanged:
                self._channel.announce(report.build.name)
            self.reindex.progress("load", 0, 1)
            self.reindex.last_report = {
                "documents": report.documents,
                "chunks": report.chunks,
                "embedded": report.embedded,
                "reused": report.reused,
                "seconds": round(report.seconds, 2),
                "skipped": [{"path": Path(s.path).name, "reason": s.reason} for s in report.skipped],
            }
            self.reindex.last_error = None if self.load(only_if_new=True) else self.error
        except (EldercareError, ValueError, OSError) as error:
            self.reindex.last_error = str(error)
            log.error("reindex failed, the previous index keeps serving: %s", error)
        finally:
            self.reindex.running = False
            self.reindex.last_finished = time.time()
            self._reindex_lock.release()
