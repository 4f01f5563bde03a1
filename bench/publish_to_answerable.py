"""Time from "publish" in the staff workspace to the first answer that cites the new document, at the
real size (a copy of kb/documents and kb/index, the configured embedders, a real `eldercare serve`).

    .venv/bin/python bench/publish_to_answerable.py [--runs 3]

Each run starts a fresh server on a fresh copy, drafts one new document (with an unreadable date, as
staff would meet it), publishes it with the date fixed, then asks /api/ask every 0.25 s until an answer
cites it. Prints one JSON line per run and the median.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tests.helpers import running_server  # noqa: E402

TOKEN = "bench-token"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
DOCUMENT = (
    "---\ntitle: 南宁市老年助餐服务\nregion: 南宁\npublished: unknown\n---\n"
    "南宁市为80周岁以上老年人提供助餐服务，每餐补贴3元，可在社区老年食堂就餐。"
    "老年食堂由街道统一管理，开放时间为每天11时至13时。\n"
)
QUESTION = {"question": "南宁市80岁老人助餐每餐补贴多少钱？"}


def one_run(folder: Path) -> dict[str, object]:
    shutil.copytree(ROOT / "kb" / "documents", folder / "docs")
    shutil.copytree(ROOT / "kb" / "index", folder / "index", ignore=shutil.ignore_patterns("LOCK"))
    env = {
        "ELDERCARE_ADMIN_TOKEN": TOKEN,
        "ELDERCARE_DATA_DIR": str(folder / "var"),
        "ELDERCARE_ASK_RATE_PER_MINUTE": "100000",
    }
    args = ("--index", str(folder / "index"), "--documents", str(folder / "docs"))
    with running_server(*args, env=env, ready_timeout=600) as base:
        before = httpx.post(f"{base}/api/ask", json=QUESTION, timeout=120).json()  # warms the models
        assert not any(c["doc_id"] == "nanning-meals" for c in before["citations"])
        files = {"file": ("nanning-meals.md", DOCUMENT)}
        draft = httpx.post(f"{base}/api/admin/drafts", headers=HEADERS, files=files, timeout=60).json()
        started = time.monotonic()
        published = httpx.post(
            f"{base}/api/admin/drafts/{draft['draft']}/publish",
            headers=HEADERS,
            json={"published": "2024-05-01"},
            timeout=60,
        )
        published.raise_for_status()
        while True:
            answer = httpx.post(f"{base}/api/ask", json=QUESTION, timeout=120).json()
            if any(c["doc_id"] == "nanning-meals" for c in answer["citations"]):
                break
            if time.monotonic() - started > 600:
                raise TimeoutError("the published document was not answered within 10 minutes")
            time.sleep(0.25)
        seconds = time.monotonic() - started
        status = httpx.get(f"{base}/api/admin/reindex", headers=HEADERS).json()
    return {"publish_to_answerable_s": round(seconds, 2), "reindex": status["last_report"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="eldercare-publish-") as tmp:
            result = one_run(Path(tmp))
        print(json.dumps(result, ensure_ascii=False), flush=True)
        times.append(float(result["publish_to_answerable_s"]))  # type: ignore[arg-type]
    print(json.dumps({"runs": runs, "median_s": round(statistics.median(times), 2), "max_s": max(times)}))


if __name__ == "__main__":
    main()
