"""Crash safety: ingestion and an admin reindex killed with SIGKILL mid-build leave the previous index
serving, the manifest intact, and the next ingest completes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.index import store
from assistant.ingest.pipeline import ingest
from assistant.retrieval.retriever import Retriever
from tests.conftest import KB, SEEDS
from tests.helpers import ROOT, running_server

pytestmark = pytest.mark.slow


def wait_for_temporary_build(index: Path, process: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if list((index / "builds").glob(".tmp-*/passages.npy")):
            time.sleep(0.5)  # well inside the (slow, real-model) embedding step
            return
        assert process.poll() is None, "ingestion ended before it could be killed"
        time.sleep(0.05)
    raise TimeoutError("no build started")


def small_kb(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir()
    for key in ("003", "004"):
        shutil.copy(KB / f"{SEEDS[key]}.txt", docs)
    return docs


def test_killed_ingestion_leaves_the_previous_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    before = ingest(small_kb(tmp_path), index, ["hash-64"])
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "ingest", "--documents", str(KB), "--index", str(index),
         "--embedders", "e5-small"],
        cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_temporary_build(index, process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert store.current_build(index) == before.build
    assert store.read_manifest(before.build)["document_count"] == 2
    hits = Retriever.load(index).search("桂林90岁以上老人居家养老", k=2)
    assert {h.document.doc_id for h in hits} <= {SEEDS["003"], SEEDS["004"]}

    after = ingest(KB, index, ["hash-64"])
    assert store.current_build(index) == after.build != before.build
    assert store.read_manifest(after.build)["document_count"] == 24


def test_killed_admin_reindex_leaves_the_previous_index(tmp_path: Path) -> None:
    docs = small_kb(tmp_path)
    index = tmp_path / "index"
    before = ingest(docs, index, ["hash-64"])
    for path in KB.glob("tw-*.md"):  # more documents, embedded by the slow real model during the reindex
        shutil.copy(path, docs)
    env = {
        "ELDERCARE_ADMIN_TOKEN": "t",
        "ELDERCARE_EMBEDDERS": "e5-small",
        "ELDERCARE_DATA_DIR": str(tmp_path / "var"),
    }
    args = ("--index", str(index), "--documents", str(docs))
    with running_server(*args, env=env) as base:
        assert (
            httpx.post(f"{base}/api/admin/reindex", headers={"Authorization": "Bearer t"}).status_code == 202
        )
        deadline = time.monotonic() + 120
        while not list((index / "builds").glob(".tmp-*/passages.npy")) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        pid = httpx.get(f"{base}/readyz").json().get("pid")
        assert pid, "the server reports its pid on /readyz"
        os.kill(pid, signal.SIGKILL)
    assert store.current_build(index) == before.build
    env["ELDERCARE_EMBEDDERS"] = "hash-64"
    with running_server(*args, env=env) as base:
        ready = httpx.get(f"{base}/readyz").json()
        assert ready["status"] == "ready" and ready["documents"] == 2
        result = httpx.get(f"{base}/api/search", params={"q": "桂林 居家养老"}).json()["results"]
        assert result[0]["doc_id"] == SEEDS["004"]
