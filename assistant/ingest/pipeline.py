"""documents folder -> cleaned documents -> chunks -> embeddings + BM25 -> a published index build."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.cards.book import save_cards
from assistant.cards.read import read_all_cards
from assistant.errors import BadDocument, EldercareError
from assistant.index import sentences, store
from assistant.index.dense import HNSW_ABOVE, DenseIndex
from assistant.index.embed import make_embedder
from assistant.index.resume import BatchCache
from assistant.index.sparse import SparseIndex
from assistant.ingest.chunk import chunk_document
from assistant.ingest.facts import read_facts
from assistant.ingest.load import iter_document_paths, load_documents, warnings_of
from assistant.text import dictionary, places
from assistant.text.segment import shared_segmenter
from assistant.types import SCRIPTS, Chunk, IngestWarning, Skipped

# progress(stage, done, total): called as work advances, for a progress bar at the edge.
Progress = Callable[[str, int, int], None]
EMBED_BATCH = 32
# Code whose change changes what a build holds: a re-ingest after editing it must rebuild. The language
# readers (text/: limits, conditions, kinds) and the answer stage's place and verdict checks run at
# ingestion too (cards, document facts).
PACKAGE = Path(__file__).resolve().parent.parent
BUILD_CODE = (
    "ingest", "index", "text", "cards", "types.py",
    "answer/checks.py", "answer/verdict.py", "answer/eligibility.py",
)  # fmt: skip


@dataclass(frozen=True)
class IngestReport:
    build: Path
    documents: int
    chunks: int
    embedded: int
    reused: int
    seconds: float
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)  # documents kept without a front-matter field
    unchanged: bool = False  # nothing changed since the current build, so none was made


def _save_graphs(
    build: Path,
    embedder_name: str,
    vectors: np.ndarray,
    chunks: list[Chunk],
    hnsw_above: int | None,
    report: Progress,
) -> None:
    """Build the HNSW graph of every language pool large enough to be searched with one and save it with
    the build, so that loading the build reads it (0.3 s at 100k passages) instead of building it (14 s)."""
    groups = np.array([SCRIPTS.index(c.language) for c in chunks], dtype=np.int64)
    if hnsw_above is None or not (np.bincount(groups, minlength=len(SCRIPTS)) > hnsw_above).any():
        return
    report("graph", 0, 1)
    index = DenseIndex(vectors, groups, hnsw_above=hnsw_above)
    index.save_graphs(lambda group: store.graph_path(build, embedder_name, group))
    report("graph", 1, 1)


def file_hashes(documents_dir: Path, max_file_bytes: int) -> dict[str, str]:
    """sha256 of every file ingestion would read, by path: what decides whether a rebuild is needed.
    A file over the size limit is skipped whatever it holds, so its size stands for it."""
    hashes: dict[str, str] = {}
    for path in iter_document_paths(documents_dir):
        size = path.stat().st_size
        hashes[str(path)] = (
            f"size:{size}" if size > max_file_bytes else hashlib.sha256(path.read_bytes()).hexdigest()
        )
    return hashes


def build_code_hash() -> str:
    """One hash of the cleaning, chunking, tokenising and indexing code and data."""
    digest = hashlib.sha256()
    for entry in BUILD_CODE:
        root = PACKAGE / entry
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file() and path.suffix in {".py", ".txt", ".tsv"}:
                digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _unchanged_build(index_dir: Path, inputs: dict[str, object]) -> tuple[Path, dict[str, object]] | None:
    """The current build and its manifest when it was made from exactly these inputs, else None."""
    try:
        build = store.current_build(index_dir)
        manifest = store.read_manifest(build)
    except (EldercareError, OSError, ValueError):
        return None
    if any(manifest.get(key) != value for key, value in inputs.items()):
        return None
    return build, manifest


def _current_build(index_dir: Path) -> Path | None:
    try:
        return store.current_build(index_dir)
    except (EldercareError, OSError):
        return None


def _previous_vectors(index_dir: Path, embedder_name: str) -> dict[str, np.ndarray]:
    """Vectors of the current build by passage hash, so unchanged passages are not embedded again."""
    try:
        build = store.current_build(index_dir)
        keys, vectors = store.load_vectors(build, embedder_name)
    except (EldercareError, OSError, ValueError):
        return {}
    return dict(zip(keys, vectors, strict=False))


def embed_chunks(
    chunks: list[Chunk],
    embedder_name: str,
    threads: int,
    reuse: dict[str, np.ndarray],
    progress: Progress,
    cache: BatchCache | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for every chunk's search view (reused where the passage is unchanged, or where an
    unfinished run embedded it: `cache`, which also keeps what this run embeds); count embedded."""
    embedder = make_embedder(embedder_name, threads)
    if cache is not None:
        reuse = {**reuse, **cache.load(embedder.dim)}
    keys = [c.content_key for c in chunks]
    todo = [i for i, key in enumerate(keys) if key not in reuse or len(reuse[key]) != embedder.dim]
    vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        if key in reuse and len(reuse[key]) == embedder.dim:
            vectors[i] = reuse[key]
    stage = f"embed {embedder_name}"
    progress(stage, 0, len(todo))
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        vectors[batch] = embedder.embed([chunks[i].search_text for i in batch], kind="passage")
        if cache is not None:
            cache.add([keys[i] for i in batch], vectors[batch])
        progress(stage, min(start + EMBED_BATCH, len(todo)), len(todo))
    if cache is not None:
        cache.flush()
    return vectors, len(todo)


def ingest(
    documents_dir: Path,
    index_dir: Path,
    embedder_names: list[str],
    *,
    threads: int = 2,
    max_file_bytes: int = 10 * 1024 * 1024,
    progress: Progress | None = None,
    force: bool = False,
    lock: store.BuildLock | None = None,
    hnsw_above: int | None = HNSW_ABOVE,
) -> IngestReport:
    """Build a new index from `documents_dir` and make it current. The previous build serves until then.

    When every file, the embedders, the size limit and the build code are those the current build was
    made from, nothing is rebuilt (the report says `unchanged`), unless `force`. One build at a time per
    index folder: `lock`, when given, is held by the caller; else ingestion waits for the folder's lock.
    The HNSW graphs of language pools over `hnsw_above` passages are saved with the build.
    """
    arguments = (
        documents_dir,
        index_dir,
        embedder_names,
        threads,
        max_file_bytes,
        progress,
        force,
        hnsw_above,
    )
    if lock is not None and lock.held:
        return _ingest(*arguments)
    with store.BuildLock(index_dir).acquire(wait=None):
        return _ingest(*arguments)


def _ingest(
    documents_dir: Path,
    index_dir: Path,
    embedder_names: list[str],
    threads: int,
    max_file_bytes: int,
    progress: Progress | None,
    force: bool,
    hnsw_above: int | None,
) -> IngestReport:
    report = progress or (lambda stage, done, total: None)
    started = time.perf_counter()
    if not documents_dir.is_dir():
        raise BadDocument(f"{documents_dir}: no such folder")
    inputs: dict[str, object] = {
        "embedders": embedder_names,
        "files": file_hashes(documents_dir, max_file_bytes),
        "max_file_bytes": max_file_bytes,
        "code": build_code_hash(),
    }
    same = None if force else _unchanged_build(index_dir, inputs)
    if same is not None:
        build, manifest = same
        chunk_count = int(manifest["chunk_count"])  # type: ignore[call-overload]
        skipped_before: list[dict[str, str]] = manifest.get("skipped", [])  # type: ignore[assignment]
        warned_before: list[dict[str, str]] = manifest.get("warnings", [])  # type: ignore[assignment]
        return IngestReport(
            build=build,
            documents=int(manifest["document_count"]),  # type: ignore[call-overload]
            chunks=chunk_count,
            embedded=0,
            reused=chunk_count * len(embedder_names),
            seconds=time.perf_counter() - started,
            skipped=[Skipped(s["path"], s["reason"]) for s in skipped_before],
            warnings=[IngestWarning(w["path"], w["reason"]) for w in warned_before],
            unchanged=True,
        )
    report("read", 0, 1)
    documents, skipped = load_documents(documents_dir, max_file_bytes)
    warnings = warnings_of(documents)
    report("read", 1, 1)
    if not documents:
        raise BadDocument(f"{documents_dir}: no readable documents; the previous index is kept")

    chunks: list[Chunk] = []
    for i, document in enumerate(documents, start=1):
        own = chunk_document(document)
        documents[i - 1] = read_facts(document, own)
        chunks.extend(own)
        report("chunk", i, len(documents))

    segmenter = shared_segmenter()
    tokens = [segmenter.tokens(c.search_text, simplify=False) for c in chunks]
    report("bm25", 1, 1)

    index_dir.mkdir(parents=True, exist_ok=True)
    build = store.new_build_dir(index_dir)
    try:
        store.save_corpus(build, documents, chunks)
        save_cards(build, read_all_cards(documents, chunks))
        report("cards", 1, 1)
        SparseIndex.build(tokens).save(build / "bm25")
        dictionary.save_tables(build / dictionary.DICTIONARY_FILE)
        places.save_places(build / places.PLACES_FILE)
        store.save_token_df(build, tokens)
        embedded = reused = 0
        dims: dict[str, int] = {}
        for name in embedder_names:
            reuse = _previous_vectors(index_dir, name)
            vectors, count = embed_chunks(chunks, name, threads, reuse, report, BatchCache(index_dir, name))
            store.save_vectors(build, name, [c.content_key for c in chunks], vectors)
            _save_graphs(build, name, vectors, chunks, hnsw_above, report)
            embedded += count
            reused += len(chunks) - count
            dims[name] = int(vectors.shape[1])
        if sentences.SENTENCE_MODEL in embedder_names:
            previous = _current_build(index_dir)
            reuse_sentences = sentences.previous_sentence_vectors(previous) if previous else {}
            texts = {d.doc_id: d.text for d in documents}
            held, keys, _ = sentences.embed_sentences(
                chunks, texts, reuse_sentences, report, threads, BatchCache(index_dir, "sentences")
            )
            held.save(build, keys)
        store.write_manifest(
            build,
            {
                **inputs,
                "dims": dims,
                "documents": {d.doc_id: d.sha256 for d in documents},
                "document_count": len(documents),
                "chunk_count": len(chunks),
                "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
                "warnings": [{"path": w.path, "reason": w.reason} for w in warnings],
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "source_dir": str(documents_dir),
            },
        )
        final = store.publish(index_dir, build)
        BatchCache.clear(index_dir)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return IngestReport(
        build=final,
        documents=len(documents),
        chunks=len(chunks),
        embedded=embedded,
        reused=reused,
        seconds=time.perf_counter() - started,
        skipped=skipped,
        warnings=warnings,
    )
