"""Benchmark: time from publishing one new document through replica A to its answer on replica B.

Two real `eldercare serve` replicas on 127.0.0.1 share a copy of the index folder and of the documents
folder (as compose.yaml's replicas share a volume), at the real size. One document is uploaded through A's
admin API and A is asked to reindex; the script times A's reindex, the publish (CURRENT swapped), and
the first answer from B that cites the new document. Prints one JSON object. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DOCUMENT = "珠海市户籍老人年满88周岁，可申请高龄灯笼津贴，每月发放388元，由户籍所在社区居委会受理申请。"
FIELDS = {
    "id": "lantern-allowance",
    "title": "珠海市高龄老人灯笼津贴",
    "region": "珠海",
    "published": "2025-03-01",
}
QUESTION = "珠海的高龄灯笼津贴每月发多少钱？"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(
    index: Path, docs: Path, data: Path, log: Path, redis_url: str | None
) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "ELDERCARE_ADMIN_TOKEN": TOKEN,
        "ELDERCARE_DOCUMENTS_DIR": str(docs),
        "ELDERCARE_DATA_DIR": str(data),
        "ELDERCARE_ASK_RATE_PER_MINUTE": "10000",
        **({"ELDERCARE_REDIS_URL": redis_url} if redis_url else {}),
    }
    command = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "--index", str(index)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"replica did not start:\n{log.read_text()}")
        time.sleep(0.2)


def cites(base: str) -> bool:
    answer = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=60).json()
    return answer["answered"] and any(c["doc_id"] == FIELDS["id"] for c in answer["citations"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, default=ROOT / "kb" / "index")
    parser.add_argument("--documents", type=Path, default=ROOT / "kb" / "documents")
    parser.add_argument("--redis-url", help="replicas share this Redis (builds announced on it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        index, docs = root / "index", root / "docs"
        shutil.copytree(args.index, index)
        shutil.copytree(args.documents, docs)
        a, base_a = serve(index, docs, root / "a", root / "a.log", args.redis_url)
        b, base_b = serve(index, docs, root / "b", root / "b.log", args.redis_url)
        try:
            assert not cites(base_b)
            started = time.time()
            upload = httpx.post(
                f"{base_a}/api/admin/documents",
                headers=AUTH,
                files={"file": ("zhuhai-lantern.md", DOCUMENT)},
                data=FIELDS,
                timeout=30,
            )
            upload.raise_for_status()
            httpx.post(f"{base_a}/api/admin/reindex", headers=AUTH, timeout=30).raise_for_status()
            while httpx.get(f"{base_a}/api/admin/reindex", headers=AUTH, timeout=10).json()["running"]:
                time.sleep(0.05)
            a_done = time.time()
            while not cites(base_b):
                if time.time() - a_done > 60:
                    raise TimeoutError("B never answered from the new build")
                time.sleep(0.05)
            b_answers = time.time()
            published = (index / "CURRENT").stat().st_mtime
            status = httpx.get(f"{base_a}/api/admin/reindex", headers=AUTH, timeout=10).json()
            chunks = httpx.get(f"{base_b}/readyz", timeout=10).json()["chunks"]
        finally:
            for process in (a, b):
                process.terminate()
                process.wait(timeout=30)
    print(
        json.dumps(
            {
                "chunks": chunks,
                "redis": bool(args.redis_url),
                "reindex_seconds_on_a": status["last_report"]["seconds"],
                "upload_to_published_s": round(published - started, 2),
                "published_to_answered_on_b_s": round(b_answers - published, 2),
                "a_done_to_answered_on_b_s": round(b_answers - a_done, 2),
                "upload_to_answered_on_b_s": round(b_answers - started, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
