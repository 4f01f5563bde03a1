"""Benchmark: ours vs the naive LangChain pipeline vs rank_bm25, same chunks, same machine, same run, at the
real size and at 100k synthetic chunks; ingestion throughput; serving latency and memory at 100k.
Prints a table and writes bench/results.json.

- ours: hybrid search (bm25s + two embedders, per-language fusion), k=5 distinct documents; also BM25
  alone, and at 100k with exact (flat) and approximate (HNSW) dense pools.
- langchain: FAISS vector store (e5-small, the same vectors via FAISS.from_embeddings) + rank_bm25 in an
  EnsembleRetriever, LangChain's defaults otherwise.
- rank_bm25: BM25Okapi over the same jieba tokens and query tokens as ours (a fair lexical baseline).
Recall@5 is measured on the eval set's answerable questions. At 100k the corpus is whole copies of the
real documents (vectors with noise), and a hit counts for the document it is a copy of: each system's
ranked list is mapped back to source documents, duplicates collapsed, and the first 5 judged.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.runtime import configure_threads  # noqa: E402

configure_threads(2)

from assistant.evaluation.baseline import LangChainBaseline  # noqa: E402
from assistant.evaluation.metrics import distinct, recall_at  # noqa: E402
from assistant.index import store  # noqa: E402
from assistant.ingest.pipeline import ingest  # noqa: E402
from assistant.retrieval.retriever import Retriever  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from assistant.text import dictionary, places  # noqa: E402
from bench.ingest_search import source_doc, synthetic, with_dense  # noqa: E402

SYNTHETIC = int(os.environ.get("BENCH_SYNTHETIC", "100000"))
# Questions timed at 100k: rank_bm25 (alone and inside LangChain) scores every passage in Python.
QUESTIONS_100K = int(os.environ.get("BENCH_QUESTIONS_100K", "60"))
DEPTH_100K = 50  # ranked hits read at 100k before collapsing copies of one document

Search = Callable[[str], list[str]]


def measure(search: Search, questions: list[dict]) -> tuple[dict[str, float], list[list[str]]]:
    """q/s, Recall@5 and latency of `search` (question -> ranked doc ids), and its top 5 per question."""
    for q in questions[:3]:
        search(q["question"])
    samples, recalls, tops = [], [], []
    for q in questions:
        started = time.perf_counter()
        found = search(q["question"])
        samples.append(time.perf_counter() - started)
        top = distinct(found)[:5]
        recalls.append(recall_at(top, q["relevant_docs"], 5))
        tops.append(top)
    ordered = sorted(samples)
    row = {
        "qps": round(len(samples) / sum(samples), 1),
        "recall@5": round(float(np.mean(recalls)), 3),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
    }
    return row, tops


def overlap_at_5(a: list[list[str]], b: list[list[str]]) -> float:
    """Mean share of the top 5 two systems agree on, question by question."""
    return round(
        float(np.mean([len(set(x) & set(y)) / max(len(x), 1) for x, y in zip(a, b, strict=True)])), 3
    )


def systems(retriever: Retriever, depth: int, mapped: bool) -> dict[str, Callable[[], Search]]:
    """Builders of the compared searches over one corpus, each returning ranked (source) document ids.
    Each is built just before it is measured and dropped after, so one system's memory does not slow
    the next one's measurement."""
    name_of = source_doc if mapped else (lambda doc_id: doc_id)

    def ours(mode: str) -> Callable[[], Search]:
        return lambda: lambda q: [name_of(h.document.doc_id) for h in retriever.search(q, k=depth, mode=mode)]

    def langchain() -> Search:
        baseline = LangChainBaseline(
            retriever.chunks, retriever.dense["e5-small"].vectors, retriever.embedders["e5-small"], depth
        )
        return lambda q: [name_of(d) for d, _ in baseline.search(q)]

    def rank_bm25() -> Search:
        from rank_bm25 import BM25Okapi

        segmenter = retriever._segmenter
        okapi = BM25Okapi(
            [segmenter.tokens(c.search_text, simplify=False) or ["∅"] for c in retriever.chunks]
        )
        doc_of = [name_of(c.doc_id) for c in retriever.chunks]

        def search(question: str) -> list[str]:
            scores = okapi.get_scores(retriever.query_tokens(question))
            return [doc_of[i] for i in np.argsort(-scores)[: depth * 10]]

        return search

    return {"ours": ours("hybrid"), "ours_bm25": ours("bm25"), "langchain": langchain, "rank_bm25": rank_bm25}


def save_build(retriever: Retriever, index_dir: Path) -> None:
    """Write an in-memory retriever as an index build, so a separate process can serve it."""
    build = store.new_build_dir(index_dir)
    store.save_corpus(build, list(retriever.documents.values()), retriever.chunks)
    dictionary.save_tables(build / dictionary.DICTIONARY_FILE)  # as ingestion saves them with a build
    places.save_places(build / places.PLACES_FILE)
    retriever.sparse.save(build / "bm25")
    passages, df = retriever.token_df
    store.write_atomic(build / "token_df.json", json.dumps({"passages": passages, "df": df}))
    keys = [c.content_key for c in retriever.chunks]
    for name, index in retriever.dense.items():
        store.save_vectors(build, name, keys, index.vectors)
        index.save_graphs(lambda group, name=name: store.graph_path(build, name, group))  # as ingestion
    if retriever.sentences is not None:
        retriever.sentences.save(build)
    store.write_manifest(
        build,
        {
            "embedders": list(retriever.dense),
            "dims": {name: index.dim for name, index in retriever.dense.items()},
            "document_count": len(retriever.documents),
            "chunk_count": len(retriever.chunks),
        },
    )
    store.publish(index_dir, build)


def _load_probe(index_dir: Path) -> dict[str, object]:
    """Load and reload times of a build in a fresh process (bench/serve_probe.py --load-only)."""
    probe = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "serve_probe.py"), "--index", str(index_dir), "--load-only"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(probe.stdout.strip().splitlines()[-1])


def peak_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    settings = get_settings()
    questions = [
        json.loads(line)
        for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    answerable = [q for q in questions if q["answerable"]]
    results: dict[str, object] = {"load_average_at_start": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        cpu = time.process_time()
        fresh = ingest(settings.documents_dir, index_dir, settings.embedder_names)
        fresh_cpu = time.process_time() - cpu
        again = ingest(settings.documents_dir, index_dir, settings.embedder_names)
        forced = ingest(settings.documents_dir, index_dir, settings.embedder_names, force=True)
        retriever = Retriever.load(index_dir)
    results["ingest"] = {
        "documents": fresh.documents,
        "chunks": fresh.chunks,
        "fresh_seconds": round(fresh.seconds, 2),
        "fresh_cpu_seconds": round(fresh_cpu, 1),
        "unchanged_seconds": round(again.seconds, 4),
        "unchanged_docs_per_min": round(again.documents / again.seconds * 60),
        "forced_rebuild_seconds": round(forced.seconds, 2),
        "forced_rebuild_docs_per_min": round(forced.documents / forced.seconds * 60),
    }

    real: dict[str, dict[str, float]] = {}
    for name, build in systems(retriever, 5, mapped=False).items():
        real[name], _ = measure(build(), answerable)

    big = synthetic(retriever, SYNTHETIC, hnsw_above=10_000)
    flat = with_dense(big, hnsw_above=None)
    subset = answerable[:QUESTIONS_100K]
    at_100k: dict[str, dict[str, float]] = {}
    tops: dict[str, list[list[str]]] = {}
    for name, build in systems(big, DEPTH_100K, mapped=True).items():
        at_100k[name], tops[name] = measure(build(), subset)
    flat_search: Search = lambda q: [source_doc(h.document.doc_id) for h in flat.search(q, k=DEPTH_100K)]  # noqa: E731
    at_100k["ours_flat"], tops["ours_flat"] = measure(flat_search, subset)
    # The recall cost of HNSW itself: the documents of the top 5 (copies kept apart), HNSW vs flat.
    own = lambda index: lambda q: [h.document.doc_id for h in index.search(q, k=5)]  # noqa: E731
    _, hnsw_docs = measure(own(big), subset)
    _, flat_docs = measure(own(flat), subset)

    with tempfile.TemporaryDirectory() as tmp:
        save_build(big, Path(tmp) / "index")
        chunks_100k = len(big)
        big = flat = None  # type: ignore[assignment]
        probe = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "serve_probe.py"), "--index", str(Path(tmp) / "index")],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        loads = {"with_graphs": _load_probe(Path(tmp) / "index")}
        # The same build as built before graphs were saved with it: every HNSW graph built at load.
        for graph in Path(tmp, "index", "builds").glob("*/hnsw-*.faiss"):
            graph.unlink()
        loads["without_graphs"] = _load_probe(Path(tmp) / "index")
    serving = json.loads(probe.stdout.strip().splitlines()[-1])
    serving["load"] = loads

    results.update(
        {
            "chunks": len(retriever.chunks),
            "ours": real["ours"],
            "langchain": real["langchain"],
            "rank_bm25": real["rank_bm25"],
            "ours_bm25": real["ours_bm25"],
            "qps_ratio_vs_langchain": round(real["ours"]["qps"] / real["langchain"]["qps"], 2),
            "qps_ratio_bm25_vs_langchain": round(real["ours_bm25"]["qps"] / real["langchain"]["qps"], 2),
            "chunks_100k": chunks_100k,
            "questions_100k": len(subset),
            "ours_100k": at_100k["ours"],
            "ours_flat_100k": at_100k["ours_flat"],
            "ours_bm25_100k": at_100k["ours_bm25"],
            "langchain_100k": at_100k["langchain"],
            "rank_bm25_100k": at_100k["rank_bm25"],
            "qps_ratio_vs_langchain_100k": round(at_100k["ours"]["qps"] / at_100k["langchain"]["qps"], 2),
            "hnsw_vs_flat_overlap@5_100k": overlap_at_5(hnsw_docs, flat_docs),
            "ask_p50_ms_100k": serving["ask"]["p50_ms"],
            "ask_p95_ms_100k": serving["ask"]["p95_ms"],
            "search_p95_ms_100k_serving": serving["search"]["p95_ms"],
            "serving_100k": serving,
            "rss_mb_100k": serving["rss_mb_serving"],
            "rss_mb_peak_benchmark": peak_rss_mb(),
            "ingest_docs_per_min": round(fresh.documents / fresh.seconds * 60, 1),
            "ingest_chunks_per_s": round(fresh.chunks / fresh.seconds, 1),
            "reingest_unchanged_docs_per_min": results["ingest"]["unchanged_docs_per_min"],  # type: ignore[index]
            "load_average_at_end": round(os.getloadavg()[0], 2),
        }
    )
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print_table(results)
    print(f"written to {out}")


def print_table(results: dict) -> None:  # type: ignore[type-arg]
    print(f"load average {results['load_average_at_start']} -> {results['load_average_at_end']} (2 cores)")
    print(f"{'':<18}{'chunks':>8}{'q/s':>9}{'recall@5':>10}{'p50 ms':>9}{'p95 ms':>9}")
    rows = [(n, results["chunks"]) for n in ("ours", "ours_bm25", "langchain", "rank_bm25")]
    rows += [(n + "_100k", results["chunks_100k"]) for n in ("ours", "ours_flat", "ours_bm25", "langchain", "rank_bm25")]  # fmt: skip
    for name, chunks in rows:
        row = results[name]
        print(
            f"{name:<18}{chunks:>8}{row['qps']:>9}{row['recall@5']:>10}{row['p50_ms']:>9}{row['p95_ms']:>9}"
        )
    print(
        f"q/s vs LangChain: {results['qps_ratio_vs_langchain']}x (hybrid), "
        f"{results['qps_ratio_bm25_vs_langchain']}x (BM25 alone); at 100k: {results['qps_ratio_vs_langchain_100k']}x"
    )
    print(f"HNSW vs flat at 100k: top-5 overlap {results['hnsw_vs_flat_overlap@5_100k']}")
    serving = results["serving_100k"]
    if "load" in serving:
        saved, rebuilt = serving["load"]["with_graphs"], serving["load"]["without_graphs"]
        print(
            f"load 100k: {saved['load_seconds']} s with the saved HNSW graphs (reload {saved['reload_seconds']} s), "
            f"{rebuilt['load_seconds']} s building them (reload {rebuilt['reload_seconds']} s)"
        )
    print(
        f"serving 100k: load {serving['load_seconds']} s; search p50/p95 {serving['search']['p50_ms']} / "
        f"{serving['search']['p95_ms']} ms; ask {serving['ask']['p50_ms']} / {serving['ask']['p95_ms']} ms "
        f"(ask minus search {serving['ask_minus_search']['p50_ms']} / {serving['ask_minus_search']['p95_ms']} ms); "
        f"RSS {results['rss_mb_100k']} MB (peak {serving['rss_mb_serving_peak']}; benchmark peak "
        f"{results['rss_mb_peak_benchmark']})"
    )
    ing = results["ingest"]
    print(
        f"ingest: fresh {ing['fresh_seconds']} s ({ing['fresh_cpu_seconds']} CPU-s) = "
        f"{results['ingest_docs_per_min']} docs/min, {results['ingest_chunks_per_s']} chunks/s; unchanged "
        f"{ing['unchanged_seconds']} s = {ing['unchanged_docs_per_min']} docs/min; forced rebuild "
        f"{ing['forced_rebuild_seconds']} s = {ing['forced_rebuild_docs_per_min']} docs/min"
    )


if __name__ == "__main__":
    main()
