"""Benchmark: POST /api/ask latency and throughput at 1, 10 and 50 concurrent clients.

Starts the real server on a free 127.0.0.1 port (traffic goes nowhere else), sends a bounded number of
questions from the evaluation set at each concurrency, prints p50 / p95 / requests per second and writes
bench/out/api_load.json. The rate limit is lifted for the run (ELDERCARE_ASK_RATE_PER_MINUTE).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import free_port  # noqa: E402


async def run_level(
    base: str, questions: list[str], clients: int, requests: int, limit_s: float
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(questions[i % len(questions)])
    deadline = time.monotonic() + limit_s

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty() and time.monotonic() < deadline:
            question = queue.get_nowait()
            started = time.perf_counter()
            response = await http.post(f"{base}/api/ask", json={"question": question})
            latencies.append(time.perf_counter() - started)
            errors += response.status_code != 200

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=clients)) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "rps": round(len(latencies) / wall, 1),
    }


async def soak(
    base: str, questions: list[str], pid: int, seconds: float
) -> tuple[dict[str, float], list[float]]:
    """50 clients for `seconds` (time-bounded), with the server's RSS sampled every tenth of the run:
    growth that continues into the second half would be a leak, not caches filling."""
    samples: list[float] = []
    load = asyncio.ensure_future(run_level(base, questions, 50, 1_000_000, seconds))
    while not load.done():
        samples.append(rss_mb(pid))
        await asyncio.wait([load], timeout=seconds / 10)
    samples.append(rss_mb(pid))
    return await load, samples


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, default=ROOT / "kb" / "index")
    parser.add_argument("--requests", type=int, default=200, help="questions per concurrency level")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per level")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "api_load.json")
    parser.add_argument("--soak", action="store_true", help="50 clients for 60 s instead of the three levels")
    args = parser.parse_args()
    questions = [
        json.loads(line)["question"]
        for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    port = free_port()
    env = {**os.environ, "ELDERCARE_ASK_RATE_PER_MINUTE": "1000000", "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--index", str(args.index)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        for question in questions[:20]:  # warm caches
            httpx.post(f"{base}/api/ask", json={"question": question}, timeout=60)
        if args.soak:
            before = rss_mb(server.pid)
            row, samples = asyncio.run(soak(base, questions, server.pid, args.seconds))
            row["rss_mb_before"], row["rss_mb_after"], row["rss_mb_samples"] = (
                before,
                rss_mb(server.pid),
                samples,
            )
            rows = [row]
        else:
            rows = [
                asyncio.run(run_level(base, questions, c, args.requests, args.seconds)) for c in (1, 10, 50)
            ]
    finally:
        server.terminate()
        server.wait(timeout=20)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(f"{'clients':>8}{'requests':>10}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>8}")
    for row in rows:
        print(
            f"{row['clients']:>8}{row['requests']:>10}{row['errors']:>8}{row['p50_ms']:>10}{row['p95_ms']:>10}{row['rps']:>8}"
        )
        if "rss_mb_before" in row:
            print(f"server RSS before {row['rss_mb_before']} MB, after {row['rss_mb_after']} MB")
            print("server RSS during the run (MB): " + ", ".join(str(v) for v in row["rss_mb_samples"]))


if __name__ == "__main__":
    main()
