"""The index on disk: one folder per build, a CURRENT pointer swapped atomically with os.replace.

A crash at any point of a build leaves CURRENT pointing at the previous complete build, so the server
keeps answering from it. Readers map a build's large files read-only (texts, BM25, graphs); an old build
removed once a newer one is current stays readable to a process that mapped it until it lets go. One build at a time per index folder, across processes and replicas sharing the
folder: whoever builds holds `BuildLock` (an flock on the folder's LOCK file).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import orjson

from assistant.errors import IndexBusy, IndexIncompatible, IndexMissing, IndexUnwritable
from assistant.index import corpus
from assistant.types import Chunk, Document

FORMAT_VERSION = 1
POINTER = "CURRENT"
LOCK = "LOCK"
KEEP_BUILDS = 2


def current_build(index_dir: Path) -> Path:
    """The folder of the build CURRENT points at."""
    pointer = index_dir / POINTER
    if not pointer.is_file():
        raise IndexMissing(f"{index_dir}: no index built yet; run `eldercare ingest`")
    build = index_dir / "builds" / pointer.read_text(encoding="utf-8").strip()
    if not (build / "manifest.json").is_file():
        raise IndexMissing(f"{build}: the build CURRENT points at is incomplete; run `eldercare ingest`")
    return build


def current_name(index_dir: Path) -> str | None:
    """The name of the build CURRENT points at, without checking it: a cheap read for replicas that
    poll for a newly published build. None when there is no CURRENT (yet)."""
    try:
        return (index_dir / POINTER).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def has_index(index_dir: Path) -> bool:
    try:
        current_build(index_dir)
    except IndexMissing:
        return False
    return True


def new_build_dir(index_dir: Path) -> Path:
    """A fresh, empty folder for a build that is not current until `publish` is called."""
    name = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    path = index_dir / "builds" / (".tmp-" + name)
    path.mkdir(parents=True)
    return path


def publish(index_dir: Path, build: Path) -> Path:
    """Make `build` current: rename it into place, then swap the pointer atomically."""
    final = build.with_name(build.name.removeprefix(".tmp-"))
    _fsync_tree(build)
    os.replace(build, final)
    write_atomic(index_dir / POINTER, final.name)
    _prune(index_dir, final)
    return final


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def _prune(index_dir: Path, keep: Path) -> None:
    """Remove abandoned temporary builds and all but the newest complete builds."""
    builds = index_dir / "builds"
    complete = sorted(p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".tmp-"))
    for old in complete[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    for stale in builds.glob(".tmp-*"):
        # A temporary build older than an hour belongs to a crashed run; a newer one may be in progress.
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)


def write_records(path: Path, records: Iterable[dict[str, object]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_records(path: Path) -> list[dict[str, object]]:
    # orjson parses the corpus of a 100k-passage build (300 MB) three times faster than json.
    with open(path, "rb") as handle:
        return [orjson.loads(line) for line in handle if line.strip()]


def save_corpus(build: Path, documents: list[Document], chunks: Sequence[Chunk]) -> None:
    corpus.save(build, documents, chunks)


def load_corpus(build: Path) -> tuple[list[Document], list[Chunk]]:
    """The whole corpus as objects (for commands; a serving process reads `corpus.load`'s views)."""
    documents, chunks = corpus.load(build)
    return list(documents.values()), list(chunks)


def save_vectors(build: Path, embedder_name: str, keys: list[str], vectors: np.ndarray) -> None:
    safe = safe_name(embedder_name)
    np.save(build / f"vectors-{safe}.npy", vectors.astype(np.float32))
    write_atomic(build / f"vectors-{safe}.keys.json", json.dumps(keys))


def load_vectors(build: Path, embedder_name: str, mapped: bool = False) -> tuple[list[str], np.ndarray]:
    """The content keys and vectors of one embedder; `mapped` maps the vectors read-only instead of
    reading them (a reader that takes only some rows, with the rest in saved graphs)."""
    safe = safe_name(embedder_name)
    path = build / f"vectors-{safe}.npy"
    if not path.is_file():
        raise IndexIncompatible(f"{build}: no vectors for embedder {embedder_name!r}; run `eldercare ingest`")
    keys = json.loads((build / f"vectors-{safe}.keys.json").read_text(encoding="utf-8"))
    return keys, np.load(path, mmap_mode="r" if mapped else None)


def graph_path(build: Path, embedder_name: str, group: int) -> Path:
    """Where the HNSW graph of one language pool of one embedder is saved at ingestion."""
    return build / f"hnsw-{safe_name(embedder_name)}-{group}.faiss"


def safe_name(name: str) -> str:
    """A name (an embedder's) as a file-name part: letters, digits, '-', '_' and '.' kept, at most 80."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[-80:]


def read_manifest(build: Path) -> dict[str, object]:
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexIncompatible(
            f"{build}: index format {manifest.get('format')} != {FORMAT_VERSION}; re-ingest"
        )
    return manifest


def write_manifest(build: Path, manifest: dict[str, object]) -> None:
    write_atomic(build / "manifest.json", json.dumps({"format": FORMAT_VERSION, **manifest}, indent=2))


def save_token_df(build: Path, token_lists: list[list[str]]) -> None:
    """How many passages contain each token: the weights answer scoring gives question words."""
    from collections import Counter

    df = Counter(token for tokens in token_lists for token in set(tokens))
    write_atomic(
        build / "token_df.json", json.dumps({"passages": len(token_lists), "df": df}, ensure_ascii=False)
    )


def load_token_df(build: Path) -> tuple[int, dict[str, int]]:
    path = build / "token_df.json"
    if not path.is_file():
        return 0, {}
    payload = json.loads(path.read_text(encoding="utf-8"))
    return int(payload["passages"]), dict(payload["df"])


class BuildLock:
    """The right to build and publish in one index folder, held across processes and replicas.

    An flock on `index_dir/LOCK`: the kernel releases it when its holder exits or crashes, so a lock is
    never left stale. The file keeps who holds it (pid, host, since when) for the message others get.
    Use as `with BuildLock(index_dir).acquire(wait=...):`.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.path = index_dir / LOCK
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: float | None = 0.0, on_wait: Callable[[str], None] | None = None) -> BuildLock:
        """Take the lock; `wait` seconds at most (None: as long as it takes, 0: not at all), then
        IndexBusy. `on_wait(holder)` is called once when another process holds it."""
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise IndexUnwritable(
                f"{self.path}: cannot take the build lock ({error.strerror}); building needs a writable "
                "index folder"
            ) from None
        deadline = None if wait is None else time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    os.close(fd)
                    raise IndexBusy(
                        f"another reindex of {self.index_dir} is running ({self.holder()}); "
                        "try again when it has finished"
                    ) from None
                if on_wait is not None and not told:
                    on_wait(self.holder())
                    told = True
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()} since {since}".encode(), 0)
        self._fd = fd
        return self

    def holder(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            text = ""
        return text or "holder unknown"

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> BuildLock:
        if not self.held:
            self.acquire(wait=None)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
