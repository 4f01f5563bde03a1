"""Sentence vectors made at ingestion, so answering compares a question with sentences it never embeds.

An answer scores every sentence of the retrieved passages by meaning (the sentence model's cosine with
the question). Embedding those sentences per question cost most of an answer's time once the corpus is
too large for a cache to hold them, so ingestion embeds each sentence once and the build stores them:
float16 rows, read from disk as answers need them (a 100k-passage build's 690k sentences stay on disk).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from assistant.index.corpus import Passages
from assistant.index.embed import make_embedder
from assistant.index.resume import BatchCache
from assistant.index.rows import RowFile
from assistant.text.script import to_simplified
from assistant.text.sentences import sentence_spans
from assistant.types import Chunk

SENTENCE_MODEL = "use-m3"  # the model answers compare sentences with (fast: ~1 ms a sentence)
BATCH = 64
_VECTORS = "sentences-{model}.npy"
_SPANS = "sentences.spans.npy"
_KEYS = "sentences.keys.json"


def sentence_text(text: str) -> str:
    """What a sentence's vector is made from, at ingestion and when answering: its simplified form."""
    return to_simplified(text)


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class SentenceVectors:
    """Vectors of every sentence of every passage of a build (the rows of passage i are
    `ranges[i, 0]:ranges[i, 1]`, in the order `sentence_spans` gives)."""

    def __init__(
        self,
        model: str,
        chunk_ids: Sequence[str] | Passages,
        spans: np.ndarray,
        vectors: np.ndarray | RowFile,
        ranges: np.ndarray | None = None,
    ) -> None:
        self.model = model
        self.spans = spans  # (n, 3) int32: passage number, start, end (document offsets)
        self.vectors = vectors  # (n, dim) float16
        if isinstance(chunk_ids, Passages):
            self._chunk_number: Callable[[str], int | None] = chunk_ids.number_of
        else:
            self._chunk_number = {chunk_id: i for i, chunk_id in enumerate(chunk_ids)}.get
        if ranges is None:
            counts = np.bincount(spans[:, 0], minlength=len(chunk_ids)) if len(spans) else np.zeros(0)
            first = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            ranges = np.stack([first[:-1], first[1:]], axis=1)
        self.ranges = ranges  # (passages, 2): the rows of each passage

    def __len__(self) -> int:
        return len(self.spans)

    def row(self, chunk_id: str, start: int, end: int) -> int | None:
        """The row of one sentence of a passage, or None when the build does not hold it."""
        number = self._chunk_number(chunk_id)
        if number is None:
            return None
        first, last = (int(x) for x in self.ranges[number])
        rows = self.spans[first:last]
        hits = np.flatnonzero((rows[:, 1] == start) & (rows[:, 2] == end))
        return first + int(hits[0]) if len(hits) else None

    def copies(self, picks: list[int], chunk_ids: list[str]) -> SentenceVectors:
        """The vectors of passages copied from this build (passage i of the copy is passage picks[i]
        here, same text and offsets), sharing these rows: for benchmarks at sizes no real corpus here
        reaches."""
        return SentenceVectors(self.model, chunk_ids, self.spans, self.vectors, self.ranges[picks])

    def save(self, build: Path, keys: list[str] | None = None) -> None:
        """Write the rows in passage order (a copy's shared rows are written out for each passage);
        `keys` (text hashes, for reuse by the next ingestion) may be left out."""
        counts = self.ranges[:, 1] - self.ranges[:, 0]
        rows = np.concatenate([np.arange(a, b) for a, b in self.ranges]) if len(self.ranges) else []
        spans = np.asarray(self.spans[rows], dtype=np.int32).reshape(-1, 3)
        spans[:, 0] = np.repeat(np.arange(len(self.ranges)), counts)
        np.save(build / _VECTORS.format(model=self.model), np.asarray(self.vectors[rows], dtype=np.float16))
        np.save(build / _SPANS, spans)
        meta = {"model": self.model, "keys": keys or []}
        (build / _KEYS).write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def load(cls, build: Path, chunk_ids: Sequence[str] | Passages) -> SentenceVectors | None:
        """The build's sentence vectors, read from disk on demand; None for a build made without them."""
        try:
            meta = json.loads((build / _KEYS).read_text(encoding="utf-8"))
            model = str(meta["model"])
            vectors = RowFile(build / _VECTORS.format(model=model))
            spans = np.load(build / _SPANS)
        except (OSError, ValueError, KeyError):
            return None
        if len(spans) != len(vectors) or (len(spans) and int(spans[:, 0].max()) >= len(chunk_ids)):
            return None
        return cls(model, chunk_ids, spans, vectors)


def previous_sentence_vectors(build: Path) -> dict[str, np.ndarray]:
    """Vectors of a build's sentences by text hash, so unchanged sentences are not embedded again."""
    try:
        meta = json.loads((build / _KEYS).read_text(encoding="utf-8"))
        vectors = np.load(build / _VECTORS.format(model=meta["model"]))
    except (OSError, ValueError, KeyError):
        return {}
    if meta.get("model") != SENTENCE_MODEL or len(meta["keys"]) != len(vectors):
        return {}
    return dict(zip(meta["keys"], vectors, strict=True))


def embed_sentences(
    chunks: list[Chunk],
    document_texts: dict[str, str],
    reuse: dict[str, np.ndarray],
    progress: Callable[[str, int, int], None],
    threads: int = 2,
    cache: BatchCache | None = None,
) -> tuple[SentenceVectors, list[str], int]:
    """Every sentence of every passage, embedded with SENTENCE_MODEL (reused by text where unchanged, or
    where an unfinished run embedded it: `cache`, which keeps what this run embeds too). Returns the
    vectors, their text keys and how many were embedded."""
    embedder = make_embedder(SENTENCE_MODEL, threads)
    if cache is not None:
        reuse = {**reuse, **cache.load(embedder.dim)}
    spans: list[tuple[int, int, int]] = []
    texts: list[str] = []
    for number, chunk in enumerate(chunks):
        text = document_texts[chunk.doc_id]
        for start, end in sentence_spans(chunk.text, chunk.start):
            spans.append((number, start, end))
            texts.append(sentence_text(text[start:end]))
    keys = [_key(t) for t in texts]
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float16)
    todo = []
    for i, key in enumerate(keys):
        if key in reuse and len(reuse[key]) == embedder.dim:
            vectors[i] = reuse[key]
        else:
            todo.append(i)
    stage = f"embed sentences ({SENTENCE_MODEL})"
    progress(stage, 0, len(todo))
    for begin in range(0, len(todo), BATCH):
        batch = todo[begin : begin + BATCH]
        vectors[batch] = embedder.embed([texts[i] for i in batch], kind="passage")
        if cache is not None:
            cache.add([keys[i] for i in batch], vectors[batch])
        progress(stage, min(begin + BATCH, len(todo)), len(todo))
    if cache is not None:
        cache.flush()
    span_array = np.array(spans, dtype=np.int32).reshape(-1, 3)
    return SentenceVectors(SENTENCE_MODEL, [c.chunk_id for c in chunks], span_array, vectors), keys, len(todo)
