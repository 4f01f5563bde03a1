"""What an unfinished ingestion had embedded, kept batch by batch under the index folder, so that a run
killed part way resumes from its last finished batch instead of embedding everything again.

The batches live in `<index>/work/<name>/`, each written whole (a temporary file renamed into place), so a
kill leaves only finished ones. They are keyed by content, like the reuse of the current build's vectors,
and the folder is removed once a build is published.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import numpy as np

from assistant.index import store

WORK = "work"
FLUSH_EVERY = 256  # vectors per saved batch: a kill loses at most this many embeddings


class BatchCache:
    def __init__(self, index_dir: Path, name: str) -> None:
        self.folder = index_dir / WORK / store.safe_name(name)
        self._keys: list[str] = []
        self._rows: list[np.ndarray] = []

    def load(self, dim: int) -> dict[str, np.ndarray]:
        """The vectors of width `dim` that earlier, unfinished runs embedded, by content key."""
        found: dict[str, np.ndarray] = {}
        for path in sorted(self.folder.glob("batch-*.npz")):
            try:
                with np.load(path, allow_pickle=False) as batch:
                    keys, vectors = batch["keys"], batch["vectors"]
            except (OSError, ValueError, KeyError):
                continue  # unreadable: its passages are embedded again
            if vectors.ndim == 2 and vectors.shape[1] == dim and len(keys) == len(vectors):
                found.update(zip((str(k) for k in keys), vectors, strict=True))
        return found

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        """Keep freshly embedded vectors; they are saved every FLUSH_EVERY of them (and by `flush`)."""
        self._keys.extend(keys)
        self._rows.append(np.asarray(vectors))
        if len(self._keys) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self._keys:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"batch-{uuid.uuid4().hex}"
        temporary = self.folder / f".{name}.npz"
        np.savez(temporary, keys=np.array(self._keys), vectors=np.concatenate(self._rows))
        os.replace(temporary, self.folder / f"{name}.npz")
        self._keys, self._rows = [], []

    @staticmethod
    def clear(index_dir: Path) -> None:
        """Forget every unfinished run's batches: a build was published."""
        shutil.rmtree(index_dir / WORK, ignore_errors=True)
