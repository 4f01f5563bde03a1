"""Benchmark: ours vs the naive LangChain pipeline vs rank_bm25, same chunks, same machine, same run;
plus the answer path at 100k synthetic chunks. Prints a table and writes bench/results.json.

- ours: hybrid search (bm25s + two embedders, per-language fusion), k=5 distinct documents.
- langchain: FAISS vector store (e5-small, the same vectors) + rank_bm25 in an EnsembleRetriever.
- rank_bm25: BM25Okapi over the same jieba tokens as ours (a fair lexical baseline).
Recall@5 is measured on the bundled evaluation set's answerable questions.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.runtime import configure_threads  # noqa: E402

configure_threads(2)

from assistant.answer.ask import Assistant  # noqa: E402
from assistant.evaluation.baseline import LangChainBaseline  # noqa: E402
from assistant.evaluation.metrics import distinct, recall_at  # noqa: E402
from assistant.ingest.pipeline import ingest  # noqa: E402
from assistant.retrieval.retriever import Retriever  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from bench.ingest_search import synthetic  # noqa: E402


def measure(search, questions: list[dict]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    for q in questions[:5]:
        search(q["question"])
    samples, recalls = [], []
    for q in questions:
        started = time.perf_counter()
        found = search(q["question"])
        samples.append(time.perf_counter() - started)
        recalls.append(recall_at(distinct(found), q["relevant_docs"], 5))
    ordered = sorted(samples)
    return {
        "qps": round(len(samples) / sum(samples), 1),
        "recall@5": round(float(np.mean(recalls)), 3),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
    }


def main() -> None:
    from rank_bm25 import BM25Okapi

    settings = get_settings()
    questions = [
        json.loads(line)
        for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    answerable = [q for q in questions if q["answerable"]]
    with tempfile.TemporaryDirectory() as tmp:
        report = ingest(settings.documents_dir, Path(tmp) / "index", settings.embedder_names)
        retriever = Retriever.load(Path(tmp) / "index")
    ingest_docs_per_min = round(report.documents / report.seconds * 60, 1)

    ours = measure(lambda q: [h.document.doc_id for h in retriever.search(q, k=5)], answerable)
    baseline = LangChainBaseline(
        retriever.chunks, retriever.dense["e5-small"].vectors, retriever.embedders["e5-small"], 5
    )
    langchain = measure(lambda q: [d for d, _ in baseline.search(q)], answerable)
    segmenter = retriever._segmenter
    corpus = [segmenter.tokens(c.search_text, simplify=False) or ["∅"] for c in retriever.chunks]
    okapi = BM25Okapi(corpus)
    doc_of = [c.doc_id for c in retriever.chunks]

    def rank_bm25_search(question: str) -> list[str]:
        scores = okapi.get_scores(retriever.query_tokens(question))
        return [doc_of[i] for i in np.argsort(-scores)[:50]]

    plain = measure(rank_bm25_search, answerable)

    big = synthetic(retriever, 100_000, hnsw_above=10_000)
    assistant = Assistant(big)
    for q in questions[:5]:
        assistant.ask(q["question"])
    asks = []
    for q in questions:
        started = time.perf_counter()
        assistant.ask(q["question"])
        asks.append(time.perf_counter() - started)
    asks.sort()
    results = {
        "chunks": len(retriever.chunks),
        "ours": ours,
        "langchain": langchain,
        "rank_bm25": plain,
        "qps_ratio_vs_langchain": round(ours["qps"] / langchain["qps"], 2),
        "ask_p50_ms_100k": round(statistics.median(asks) * 1000, 1),
        "ask_p95_ms_100k": round(asks[int(0.95 * (len(asks) - 1))] * 1000, 1),
        "rss_mb_100k": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "ingest_docs_per_min": ingest_docs_per_min,
        "ingest_chunks_per_s": round(report.chunks / report.seconds, 1),
    }
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"{'':<12}{'qps':>8}{'recall@5':>10}{'p50 ms':>9}{'p95 ms':>9}   ({results['chunks']} chunks)")
    for name in ("ours", "langchain", "rank_bm25"):
        row = results[name]
        print(f"{name:<12}{row['qps']:>8}{row['recall@5']:>10}{row['p50_ms']:>9}{row['p95_ms']:>9}")
    print(f"q/s ratio vs LangChain: {results['qps_ratio_vs_langchain']}")
    print(
        f"ask at 100k chunks: p50 {results['ask_p50_ms_100k']} ms, p95 {results['ask_p95_ms_100k']} ms; "
        f"peak RSS {results['rss_mb_100k']} MB"
    )
    print(f"fresh ingestion: {ingest_docs_per_min} documents/min; written to {out}")


if __name__ == "__main__":
    main()
