"""The 1M-passage synthetic bench (`make bench-1m`): vectors generated from the real ones with noise, not
embedded, so it runs in minutes. Builds the index on disk as ingestion would (corpus, BM25, quantised
HNSW graphs), then a fresh serving process reports load time, RSS and search/ask p50/p95 beside the 100k
figures, and the quantised graphs' top 5 are compared with exact float search on the real questions.

    .venv/bin/python bench/million.py [--chunks 1000000] [--keep DIR]

Prints one JSON object and writes bench/out/million.json. The copies carry no sentence vectors (answers
then embed the sentences they score, as a build without them does).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.runtime import configure_threads  # noqa: E402

configure_threads(2)

import faiss  # noqa: E402

from assistant.index import store  # noqa: E402
from assistant.index.dense import HNSW_ABOVE, ef_search  # noqa: E402
from assistant.index.embed import make_embedder  # noqa: E402
from assistant.retrieval.retriever import POOL, Retriever  # noqa: E402
from assistant.types import SCRIPTS  # noqa: E402
from bench.compare import peak_rss_mb, save_build  # noqa: E402
from bench.ingest_search import synthetic  # noqa: E402

EPSILON = 1e-3  # ann-benchmarks' k-NN recall tolerance, on distance


def overlap_at_5(index_dir: Path, questions: list[str]) -> dict[str, dict[str, float]]:
    """Share of the exact float top 5 found, per embedder, over every language pool searched with a
    graph: by the quantised graph's own top 5 (`graph`), and by what a search does with it, its POOL
    candidates re-scored with the exact vectors (`search`); and the share of the exact top 5 that 8-bit
    codes alone keep in an exhaustive search (`codes`), the part of the loss quantisation causes.

    Each also as ann-benchmarks counts k-NN recall (`*_eps`): a result counts when its exact distance
    (1 - cosine) is within EPSILON of the exact 5th neighbour's. Synthetic vectors mixed from a few
    hundred real ones hold many near-ties, which strict overlap counts as misses whichever tied passage
    a search returns."""
    build = store.current_build(index_dir)
    scripts = np.asarray(np.load(build / "passages.npy", mmap_mode="r")[:, 4])
    manifest = store.read_manifest(build)
    out: dict[str, dict[str, float]] = {}
    for name in manifest.get("embedders", []):  # type: ignore[union-attr]
        embedder = make_embedder(str(name))
        _, vectors = store.load_vectors(build, str(name), mapped=True)
        queries = embedder.embed(questions, kind="query").astype(np.float32)
        shares: dict[str, list[float]] = {
            kind: [] for kind in ("graph", "search", "codes", "graph_eps", "search_eps", "codes_eps")
        }
        for group in range(len(SCRIPTS)):
            path = store.graph_path(build, str(name), group)
            if not path.is_file():
                continue
            graph = faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
            ids = np.flatnonzero(scripts == group)
            graph.hnsw.efSearch = ef_search(str(name), len(ids))  # as a search sets it
            pool = np.asarray(vectors[ids], dtype=np.float32)
            scores = queries @ pool.T
            exact = np.argsort(-scores, axis=1)[:, :5]
            _, codes = faiss.downcast_index(graph.storage).search(queries, 5)
            for query, wanted, coded, row in zip(queries, exact, codes, scores, strict=True):
                floor = row[wanted[-1]] - EPSILON  # the 5th neighbour's cosine, less epsilon
                _, found = graph.search(query[None, :], POOL)
                found = found[0][found[0] >= 0]
                rescored = found[np.argsort(-(pool[found] @ query))[:5]]
                for kind, got in (("graph", found[:5]), ("search", rescored), ("codes", coded)):
                    shares[kind].append(len(set(wanted) & set(got)) / 5)
                    shares[f"{kind}_eps"].append(float(np.sum(row[got[:5]] >= floor)) / 5)
        if shares["graph"]:
            out[str(name)] = {kind: round(float(np.mean(v)), 4) for kind, v in shares.items()}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=1_000_000)
    parser.add_argument(
        "--keep", type=Path, help="build the index here and keep it (default: a temporary folder)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the build already in --keep instead of building one"
    )
    parser.add_argument(
        "--copies",
        dest="mixed",
        action="store_false",
        help="vectors as noisy copies of the real ones (clusters of near-duplicates) instead of mixtures",
    )
    args = parser.parse_args()
    questions = [
        json.loads(line)["question"]
        for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    results: dict[str, object] = {"chunks": args.chunks, "vectors": "mixed" if args.mixed else "copies"}
    with tempfile.TemporaryDirectory(prefix="bench-1m-") as tmp:
        index_dir = args.keep or Path(tmp) / "index"
        if not (args.reuse and store.has_index(index_dir)):
            real = Retriever.load(ROOT / "kb" / "index")
            started = time.perf_counter()
            big = synthetic(real, args.chunks, hnsw_above=HNSW_ABOVE, sentences=False, mixed=args.mixed)
            results["build_seconds"] = round(time.perf_counter() - started, 1)
            started = time.perf_counter()
            save_build(big, index_dir)
            results["save_seconds"] = round(time.perf_counter() - started, 1)
            results["builder_peak_rss_mb"] = peak_rss_mb()
            del big, real
        results["disk_mb"] = round(
            sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file()) / 2**20, 1
        )
        results["quantised_overlap_at_5"] = overlap_at_5(index_dir, questions)
        probe = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "serve_probe.py"), "--index", str(index_dir)],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        results["serving"] = json.loads(probe.stdout.strip().splitlines()[-1])
    out = ROOT / "bench" / "out" / "million.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if "build_seconds" not in results and out.is_file():  # measured again: the build's figures stay
        before = json.loads(out.read_text(encoding="utf-8"))
        results = {
            **{k: before[k] for k in ("build_seconds", "save_seconds", "builder_peak_rss_mb") if k in before},
            **results,
        }
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
