"""A serving process alone: load an index build, answer the eval questions, report latency and memory.

Run by bench/compare.py as a subprocess, so its memory is what serving that index costs, not the peak of
the benchmark that built it. Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.runtime import configure_threads  # noqa: E402

configure_threads(2)

from assistant.answer.ask import Assistant  # noqa: E402
from assistant.retrieval.retriever import Retriever  # noqa: E402
from bench.ingest_search import percentiles as latency  # noqa: E402


def memory_mb() -> dict[str, float]:
    """Resident memory now and at its peak, from /proc (Linux)."""
    fields = dict(
        line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line
    )
    return {
        key: round(int(fields[key].split()[0]) / 1024, 1) for key in ("VmRSS", "VmHWM", "RssAnon", "RssFile")
    }


def load_times(index: Path) -> dict[str, object]:
    """A fresh process's load (process-wide dictionaries included, as at a replica's start), then a
    second load in the same process: what a running replica pays to swap to a new build."""
    started = time.perf_counter()
    retriever = Retriever.load(index)
    Assistant(retriever)
    load_seconds = time.perf_counter() - started
    graphs = sum(d.graphs_loaded for d in retriever.dense.values())
    del retriever
    started = time.perf_counter()
    Assistant(Retriever.load(index))
    return {
        "load_seconds": round(load_seconds, 2),
        "reload_seconds": round(time.perf_counter() - started, 2),
        "graphs_loaded": graphs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument(
        "--load-only", action="store_true", help="time a load and a reload (a replica's swap) only"
    )
    args = parser.parse_args()
    if args.load_only:
        print(json.dumps(load_times(args.index)))
        return
    questions = [
        json.loads(line)["question"]
        for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    started = time.perf_counter()
    retriever = Retriever.load(args.index)
    assistant = Assistant(retriever)
    load_seconds = time.perf_counter() - started
    loaded = memory_mb()
    for question in questions[:5]:
        assistant.ask(question)
    # Every search, then every answer: an answer right after the search of the same question would take
    # the question's vectors the search left (Retriever.query_vector keeps the last 64 questions'), so
    # it would not pay the embedding a question asked once pays.
    searches, asks = [], []
    for question in questions:
        started = time.perf_counter()
        retriever.search(question, k=5)
        searches.append(time.perf_counter() - started)
    for question in questions:
        started = time.perf_counter()
        assistant.ask(question)
        asks.append(time.perf_counter() - started)
    rest = [a - s for a, s in zip(asks, searches, strict=True)]
    end = memory_mb()
    print(
        json.dumps(
            {
                "chunks": len(retriever),
                "load_seconds": round(load_seconds, 1),
                "rss_mb_loaded": loaded["VmRSS"],
                "rss_mb_serving": end["VmRSS"],
                "rss_mb_serving_peak": end["VmHWM"],
                # Private memory, and pages of the build's mapped files (shared by the replicas on a host,
                # and given back by the kernel under pressure).
                "rss_mb_serving_private": end["RssAnon"],
                "rss_mb_serving_mapped": end["RssFile"],
                "search": latency(searches),
                "ask": latency(asks),
                "ask_minus_search": latency([max(r, 1e-6) for r in rest]),
            }
        )
    )


if __name__ == "__main__":
    main()
