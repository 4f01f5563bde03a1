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


def synthetic(
    retriever: Retriever, size: int, hnsw_above: int | None, sentences: bool = True, mixed: bool = False
) -> Retriever:
    """About `size` chunks made of whole copies of the real documents: same text and tokens, vectors with
    noise. A copy's id is '<source id>~<copy>', so `source_doc` maps a hit back to a judged document.
    `sentences`: the copies share the originals' sentence vectors (off at 1M: 7M rows). `mixed`: each
    vector leans on its passage's by a random share and on another random passage's by the rest, so the
    copies spread out instead of sitting in tight clusters of near-duplicates (no graph search ranks
    thousands of near-ties as an exact scan does; a real corpus has no such clusters)."""
    rng = np.random.default_rng(0)
    by_doc: dict[str, list[int]] = {}
    for i, chunk in enumerate(retriever.chunks):
        by_doc.setdefault(chunk.doc_id, []).append(i)
    sources = sorted(by_doc)
    documents, chunks, picks = [], [], []
    copy = 0
    while len(picks) < size:
        source = sources[int(rng.integers(0, len(sources)))]
        doc_id = f"{source}~{copy}"
        copy += 1
        documents.append(replace(retriever.documents[source], doc_id=doc_id))
        for n, pick in enumerate(by_doc[source]):
            base = retriever.chunks[pick]
            chunks.append(replace(base, chunk_id=f"{doc_id}#{n}", doc_id=doc_id, n=n))
            picks.append(pick)
    segmenter = shared_segmenter()
    token_cache = [segmenter.tokens(c.search_text, simplify=False) for c in retriever.chunks]
    sparse = SparseIndex.build([token_cache[p] for p in picks])
    groups = np.array([SCRIPTS.index(c.language) for c in chunks], dtype=np.int64)
    dense = {}
    for name, index in retriever.dense.items():
        noisy = index.vectors[picks] + rng.normal(0, 0.03, (len(picks), index.dim)).astype(np.float32)
        if mixed:
            share = rng.uniform(0.4, 1.0, (len(picks), 1)).astype(np.float32)
            other = index.vectors[rng.integers(0, len(index.vectors), len(picks))]
            noisy = share * noisy + (1 - share) * other
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        dense[name] = DenseIndex(
            noisy, groups, hnsw_above=hnsw_above, keep_exact=True, model=name
        )  # as a build's file
    big = Retriever(documents, chunks, sparse, dense, retriever.embedders, weights=retriever.weights)
    big.token_df = retriever.token_df
    if sentences and retriever.sentences is not None:  # the copies' sentences are the originals' (same text)
        big.sentences = retriever.sentences.copies(picks, [c.chunk_id for c in chunks])
    return big


def with_dense(retriever: Retriever, hnsw_above: int | None) -> Retriever:
    """The same passages and BM25 index with the dense indexes rebuilt (flat vs HNSW on one corpus)."""
    dense = {
        name: DenseIndex(index.vectors, index.groups, hnsw_above=hnsw_above, model=name)
        for name, index in retriever.dense.items()
    }
    documents = list(retriever.documents.values())
    other = Retriever(documents, retriever.chunks, retriever.sparse, dense, retriever.embedders)
    other.weights, other.token_df = retriever.weights, retriever.token_df
    return other


def source_doc(doc_id: str) -> str:
    """The real document a synthetic copy was made from."""
    return doc_id.split("~", 1)[0]


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
        forced = ingest(settings.documents_dir, index_dir, settings.embedder_names, force=True)
        results["ingest"] = {
            "documents": fresh.documents,
            "chunks": fresh.chunks,
            "fresh_seconds": round(fresh.seconds, 2),
            "fresh_docs_per_min": round(fresh.documents / fresh.seconds * 60, 1),
            "fresh_chunks_per_s": round(fresh.chunks / fresh.seconds, 1),
            "reingest_seconds": round(again.seconds, 4),
            "reingest_docs_per_min": round(again.documents / again.seconds * 60, 1),
            "reingest_forced_seconds": round(forced.seconds, 2),
            "reingest_forced_docs_per_min": round(forced.documents / forced.seconds * 60, 1),
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
    print(f"ingest  again: {ing['reingest_seconds']} s = {ing['reingest_docs_per_min']} docs/min (unchanged)")
    print(
        f"ingest  --force: {ing['reingest_forced_seconds']} s = {ing['reingest_forced_docs_per_min']} docs/min "
        "(rebuilt, embeddings reused)"
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
