"""Dense search over passage vectors with FAISS (exact inner product on normalised vectors)."""

from __future__ import annotations

import faiss
import numpy as np


class DenseIndex:
    def __init__(self, vectors: np.ndarray) -> None:
        self.dim = int(vectors.shape[1]) if vectors.ndim == 2 else 0
        self._index = faiss.IndexFlatIP(self.dim)
        if len(vectors):
            self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids) for each query row, best first; ids are -1 past the end."""
        k = max(1, min(k, len(self)))
        return self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)

    def all_scores(self, queries: np.ndarray) -> np.ndarray:
        """Cosine of each query against every passage: (queries, passages)."""
        scores, ids = self.search(queries, len(self))
        out = np.full((len(queries), len(self)), -1.0, dtype=np.float32)
        rows = np.arange(len(queries))[:, None]
        valid = ids >= 0
        out[np.broadcast_to(rows, ids.shape)[valid], ids[valid]] = scores[valid]
        return out
