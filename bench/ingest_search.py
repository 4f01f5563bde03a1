"""Benchmark: ingestion throughput and search latency, at the real corpus and at 100k synthetic chunks.

Prints a table and writes bench/out/ingest_search.json. Not a test: run it with `make bench`.
The synthetic passages re-use real passages' text with their real vectors plus noise, so the 100k-chunk
numbers measure the index and fusion, not the (slow) embedding of 100k passages.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.runtime import configure_threads  # noqa: E402

configure_threads(2)

from assistant.index import store  # noqa: E402
from assistant.index.dense import DenseIndex  # noqa: E402
from assistant.index.sparse import SparseIndex  # noqa: E402
from assistant.ingest.pipeline import ingest  # noqa: E402
from assistant.retrieval.retriever import Retriever  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from assistant.text.segment import shared_segmenter  # noqa: E402
from assistant.types import SCRIPTS  # noqa: E402


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
        "qps": round(len(ordered) / sum(ordered), 1),
    }


def time_queries(retriever: Retriever, questions: list[str], mode: str = "hybrid") -> dict[str, float]:
    for q in questions[:5]:
        retriever.search(q, k=5, mode=mode)  # warm caches
    samples = []
    for q in questions:
        started = time.perf_counter()
        retriever.search(q, k=5, mode=mode)
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(retriever: Retriever, size: int, hnsw_above: int | None) -> Retriever:
    """`size` chunks made from the real ones: same text and tokens, vectors with noise, 10 per document."""
    rng = np.random.default_rng(0)
    base = retriever.chunks
    picks = rng.integers(0, len(base), size)
    documents = []
    chunks = []
    for i, pick in enumerate(picks):
        source = base[int(pick)]
        doc_id = f"syn-{i // 10:06d}"
        if i % 10 == 0:
            documents.append(replace(retriever.documents[source.doc_id], doc_id=doc_id))
        chunks.append(replace(source, chunk_id=f"{doc_id}#{i % 10}", doc_id=doc_id, n=i % 10))
    segmenter = shared_segmenter()
    token_cache = {c.chunk_id: segmenter.tokens(c.search_text, simplify=False) for c in base}
    sparse = SparseIndex.build([token_cache[base[int(p)].chunk_id] for p in picks])
    groups = np.array([SCRIPTS.index(c.language) for c in chunks], dtype=np.int64)
    dense = {}
    for name, index in retriever.dense.items():
        noisy = index.vectors[picks] + rng.normal(0, 0.03, (size, index.dim)).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        dense[name] = DenseIndex(noisy, groups, hnsw_above=hnsw_above)
    return Retriever(documents, chunks, sparse, dense, retriever.embedders, weights=retriever.weights)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=100_000, help="synthetic chunk count")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "ingest_search.json")
    args = parser.parse_args()
    settings = get_settings()
    questions = [
        json.loads(line)["question"]
        for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    results: dict[str, object] = {"embedders": settings.embedder_names}
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        fresh = ingest(settings.documents_dir, index_dir, settings.embedder_names)
        again = ingest(settings.documents_dir, index_dir, settings.embedder_names)
        results["ingest"] = {
            "documents": fresh.documents,
            "chunks": fresh.chunks,
            "fresh_seconds": round(fresh.seconds, 2),
            "fresh_docs_per_min": round(fresh.documents / fresh.seconds * 60, 1),
            "fresh_chunks_per_s": round(fresh.chunks / fresh.seconds, 1),
            "reingest_seconds": round(again.seconds, 2),
            "reingest_docs_per_min": round(again.documents / again.seconds * 60, 1),
        }
        started = time.perf_counter()
        retriever = Retriever.load(index_dir)
        results["load_seconds"] = round(time.perf_counter() - started, 2)
        assert store.has_index(index_dir)
    real = {mode: time_queries(retriever, questions, mode) for mode in ("hybrid", "bm25", "dense")}
    results["search_real"] = {"chunks": len(retriever), **real}
    results["rss_mb_real"] = round(rss_mb(), 1)
    for label, hnsw in (("flat", None), ("hnsw", 10_000)):
        started = time.perf_counter()
        big = synthetic(retriever, args.synthetic, hnsw)
        build_s = time.perf_counter() - started
        results[f"search_{args.synthetic}_{label}"] = {
            "chunks": len(big),
            "build_seconds": round(build_s, 1),
            **time_queries(big, questions),
        }
        del big
    results["rss_mb_peak"] = round(rss_mb(), 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")

    ing = results["ingest"]
    print(f"embedders: {', '.join(settings.embedder_names)}")
    print(
        f"ingest  fresh: {ing['documents']} docs, {ing['chunks']} chunks in {ing['fresh_seconds']} s "
        f"= {ing['fresh_docs_per_min']} docs/min, {ing['fresh_chunks_per_s']} chunks/s"
    )
    print(
        f"ingest  again: {ing['reingest_seconds']} s = {ing['reingest_docs_per_min']} docs/min (embeddings reused)"
    )
    print(f"{'search':<28}{'chunks':>8}{'p50 ms':>10}{'p95 ms':>10}{'q/s':>8}")
    for mode, row in real.items():
        print(f"{'real ' + mode:<28}{len(retriever):>8}{row['p50_ms']:>10}{row['p95_ms']:>10}{row['qps']:>8}")
    for label in ("flat", "hnsw"):
        row = results[f"search_{args.synthetic}_{label}"]
        print(
            f"{f'synthetic hybrid {label}':<28}{row['chunks']:>8}{row['p50_ms']:>10}{row['p95_ms']:>10}{row['qps']:>8}"
        )
    print(f"peak RSS: {results['rss_mb_peak']} MB; results in {args.out}")


if __name__ == "__main__":
    main()
