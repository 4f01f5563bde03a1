"""Flame graphs of the search and ask paths at 100k synthetic chunks (issue 20), with py-spy.

The 100k retriever is made as `bench/ingest_search.py` makes it (copies of the real documents, their
vectors with noise); py-spy attaches only once it is ready, so the graphs hold the query paths alone.

    .venv/bin/python bench/profile.py [--size 100000] [--seconds 40] [--out bench/out]

writes bench/out/flame_search.svg and bench/out/flame_ask.svg, and their collapsed stacks (.txt) that
bench/flame_summary.py counts by stage (py-spy from the package index:
`pip install py-spy`; it samples the process from outside, as root or with ptrace allowed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def serve(path: str, size: int, seconds: float, ready: Path) -> None:
    """The profiled process: build the retriever, say so, then run one path over the questions."""
    from assistant.runtime import configure_threads

    configure_threads(2)
    from assistant.answer.ask import Assistant
    from assistant.retrieval.retriever import Retriever
    from bench.ingest_search import synthetic

    questions = [
        json.loads(line)["question"]
        for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    big = synthetic(Retriever.load(ROOT / "kb" / "index"), size, hnsw_above=10_000)
    assistant = Assistant(big)
    run = (lambda q: big.search(q, k=5)) if path == "search" else assistant.ask
    for question in questions[:5]:
        run(question)
    ready.write_text(str(os.getpid()))
    stop = time.monotonic() + seconds
    done = 0
    while time.monotonic() < stop:
        run(questions[done % len(questions)])
        done += 1
    print(json.dumps({"path": path, "questions": done, "seconds": seconds}))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--suffix", default="", help="appended to the graphs' names ('_before')")
    parser.add_argument("--serve", choices=("search", "ask"), help=argparse.SUPPRESS)
    parser.add_argument("--ready", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.size, 2 * args.seconds + 10, args.ready)
        return
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    args.out.mkdir(parents=True, exist_ok=True)
    for path in ("search", "ask"):
        ready = args.out / f".ready_{path}"
        ready.unlink(missing_ok=True)
        command = [sys.executable, __file__, "--serve", path, "--size", str(args.size)]
        child = subprocess.Popen([*command, "--seconds", str(args.seconds), "--ready", str(ready)])
        while not ready.exists():
            if child.poll() is not None:
                raise SystemExit(f"the {path} process ended before it was ready")
            time.sleep(0.5)
        pid = ready.read_text()
        # the same process twice: a flame graph to look at, then its collapsed stacks to count
        for form, suffix in (("flamegraph", "svg"), ("raw", "txt")):
            out = args.out / f"flame_{path}{args.suffix}.{suffix}"
            record = [spy, "record", "--pid", pid, "--duration", str(int(args.seconds)), "--rate", "200"]
            subprocess.run([*record, "--format", form, "--output", str(out), "--nonblocking"], check=True)
            print(f"wrote {out}")
        child.wait()
        ready.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
