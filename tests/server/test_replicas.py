"""Replicas on one index folder serve what was published: two real `eldercare serve` processes on
127.0.0.1 share an index folder and a documents folder (as compose.yaml's replicas share a volume). A
document published through A's admin API is answered and cited by B within 10 s; two reindexes at once
leave one valid build that both serve; a reindex while another process builds gets 409 (the CLI waits or,
with --no-wait, fails). With Redis, a build announcement swaps a replica in before its next poll."""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.index import store
from assistant.ingest.pipeline import ingest
from assistant.retrieval.retriever import Retriever
from assistant.server.shared_state import IndexChannel, RedisConnection
from assistant.server.state import AppState
from assistant.settings import Settings, get_settings
from tests.conftest import KB, SEEDS
from tests.helpers import cli, running_redis
from tests.wechat_support import Server, wechat_server

TOKEN = "replicas-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SWAP_SECONDS = 10.0  # the bound: published on one replica, answered by every replica

# Documents only these tests add: fictional allowances no bundled document mentions.
LANTERN = (
    "lantern-allowance",
    "zhuhai-lantern.md",
    {
        "id": "lantern-allowance",
        "title": "珠海市高龄老人灯笼津贴",
        "region": "珠海",
        "published": "2025-03-01",
    },
    "珠海市户籍老人年满88周岁，可申请高龄灯笼津贴，每月发放388元，由户籍所在社区居委会受理申请。",
    "珠海的高龄灯笼津贴每月发多少钱？",
    "388",
)
KITE = (
    "kite-subsidy",
    "weifang-kite.md",
    {"id": "kite-subsidy", "title": "潍坊市老年风筝补贴", "region": "潍坊", "published": "2025-04-01"},
    "潍坊市年满70周岁的老人参加社区风筝活动，可领取风筝补贴每年260元，由街道办事处统一发放。",
    "潍坊老人风筝补贴每年多少钱？",
    "260",
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Server, Path, Path]]:
    """Replicas A and B on one index folder and one documents folder (real embedders), each with its
    own data folder; no Redis, so B finds A's builds by polling CURRENT alone."""
    root = tmp_path_factory.mktemp("replicas")
    docs, index = root / "docs", root / "index"
    docs.mkdir()
    for key in ("003", "004"):
        shutil.copy(KB / f"{SEEDS[key]}.txt", docs)
    shutil.copy(KB / "hk-senior-citizen-card-en.md", docs)
    ingest(docs, index, get_settings().embedder_names)
    common = {
        "ELDERCARE_ADMIN_TOKEN": TOKEN,
        "ELDERCARE_DOCUMENTS_DIR": str(docs),
        "ELDERCARE_ASK_RATE_PER_MINUTE": "1000",
        "ELDERCARE_LOG_QUESTIONS": "false",
    }
    with (
        wechat_server(index, {**common, "ELDERCARE_DATA_DIR": str(root / "a")}, root / "a.log") as a,
        wechat_server(index, {**common, "ELDERCARE_DATA_DIR": str(root / "b")}, root / "b.log") as b,
    ):
        yield a, b, index, docs


def ask(server: Server, question: str) -> dict:
    response = httpx.post(f"{server.base}/api/ask", json={"question": question}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def cites(answer: dict, doc_id: str) -> bool:
    return answer["answered"] and any(c["doc_id"] == doc_id for c in answer["citations"])


def upload(server: Server, document: tuple) -> None:
    _, filename, fields, body, _, _ = document
    added = httpx.post(
        f"{server.base}/api/admin/documents", headers=AUTH, files={"file": (filename, body)}, data=fields
    )
    assert added.status_code == 201, added.text


def wait_reindexed(server: Server, limit: float = 240) -> dict:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        status = httpx.get(f"{server.base}/api/admin/reindex", headers=AUTH, timeout=10).json()
        if not status["running"]:
            return status
        time.sleep(0.2)
    raise TimeoutError(f"{server.base}: reindex still running after {limit} s")


def build_of(server: Server) -> str:
    return httpx.get(f"{server.base}/readyz", timeout=10).json()["build"]


def complete_builds(index: Path) -> set[str]:
    return {p.name for p in (index / "builds").iterdir() if p.is_dir() and not p.name.startswith(".tmp-")}


def test_a_document_published_through_one_replica_is_answered_by_the_other(
    replicas: tuple[Server, Server, Path, Path],
) -> None:
    a, b, index, _ = replicas
    doc_id, _, _, _, question, fact = LANTERN
    assert not cites(ask(b, question), doc_id)
    upload(a, LANTERN)
    started = httpx.post(f"{a.base}/api/admin/reindex", headers=AUTH, timeout=10)
    assert started.status_code == 202 and started.json()["started"] is True

    answered_during = 0
    deadline = time.monotonic() + 240
    while httpx.get(f"{a.base}/api/admin/reindex", headers=AUTH).json()["running"]:
        # B keeps answering from the build it has while A builds, publishes and loads the new one.
        assert httpx.get(f"{b.base}/api/search", params={"q": "桂林 居家养老"}).status_code == 200
        answered_during += 1
        assert time.monotonic() < deadline
        time.sleep(0.2)
    finished = time.monotonic()
    assert wait_reindexed(a)["last_error"] is None and answered_during >= 1
    answer = ask(b, question)
    while not cites(answer, doc_id) and time.monotonic() - finished < SWAP_SECONDS:
        time.sleep(0.25)
        answer = ask(b, question)
    waited = time.monotonic() - finished
    since_publish = time.time() - (index / store.POINTER).stat().st_mtime
    print(
        f"\nB answered from the new build {waited:.2f} s after A's reindex finished, "
        f"{since_publish:.2f} s after A swapped CURRENT"
    )
    assert cites(answer, doc_id), f"B did not cite {doc_id} within {SWAP_SECONDS} s: {answer}\n{b.log_text()}"
    assert fact in answer["answer"] or any(fact in c["quote"] for c in answer["citations"])
    assert build_of(a) == build_of(b) == store.current_name(index)
    assert "Traceback" not in b.log_text()


def test_two_reindexes_at_once_leave_one_valid_build_both_replicas_serve(
    replicas: tuple[Server, Server, Path, Path],
) -> None:
    a, b, index, _ = replicas
    doc_id, _, _, _, question, fact = KITE
    upload(b, KITE)  # through B: the documents folder is shared
    before = complete_builds(index)
    gate = threading.Barrier(2)
    responses: dict[str, httpx.Response] = {}

    def reindex(name: str, server: Server) -> None:
        gate.wait(timeout=10)
        responses[name] = httpx.post(f"{server.base}/api/admin/reindex", headers=AUTH, timeout=30)

    threads = [threading.Thread(target=reindex, args=(n, s)) for n, s in (("a", a), ("b", b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    codes = sorted(r.status_code for r in responses.values())
    assert codes == [202, 409], {n: r.text for n, r in responses.items()}
    refused = next(r for r in responses.values() if r.status_code == 409).json()
    assert "another reindex of" in refused["error"] and "try again when it has finished" in refused["error"]
    assert "pid " in refused["error"]
    for server in (a, b):
        assert wait_reindexed(server)["last_error"] is None

    # Exactly one new build, complete and current, no half-written one left; both replicas serve it.
    new = complete_builds(index) - before
    assert len(new) == 1 and store.current_name(index) in new
    assert not list((index / "builds").glob(".tmp-*"))
    assert doc_id in Retriever.load(index).documents  # the published build loads in a third process too
    deadline = time.monotonic() + SWAP_SECONDS
    while {build_of(a), build_of(b)} != new and time.monotonic() < deadline:
        time.sleep(0.25)
    assert build_of(a) == build_of(b) == store.current_name(index)
    for server in (a, b):
        answer = ask(server, question)
        assert cites(answer, doc_id), answer
        assert fact in answer["answer"] or any(fact in c["quote"] for c in answer["citations"])


def test_a_reindex_while_another_process_builds_is_refused_and_the_cli_waits(
    replicas: tuple[Server, Server, Path, Path],
) -> None:
    a, _, index, docs = replicas
    held = store.BuildLock(index).acquire()  # this process builds (as `eldercare ingest` would)
    try:
        refused = httpx.post(f"{a.base}/api/admin/reindex", headers=AUTH, timeout=10)
        assert refused.status_code == 409, refused.text
        assert f"pid {__import__('os').getpid()}" in refused.json()["error"]
        assert httpx.get(f"{a.base}/api/admin/reindex", headers=AUTH).json()["running"] is False
        failed = cli("ingest", "--index", str(index), "--documents", str(docs), "--no-wait", timeout=120)
        assert failed.returncode == 2 and "another reindex of" in failed.stderr
    finally:
        held.release()
    assert "--no-wait" in cli("ingest", "--help").stdout
    # Free again: the replica's reindex starts (nothing changed, so no new build is made).
    assert httpx.post(f"{a.base}/api/admin/reindex", headers=AUTH, timeout=10).status_code == 202
    assert wait_reindexed(a)["last_error"] is None


def test_a_build_announced_on_redis_is_swapped_in_before_the_next_poll(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    pytest.importorskip("redis", reason="the redis client is not installed: pip install -e '.[redis]'")
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    shutil.copy(KB / f"{SEEDS['004']}.txt", docs)
    ingest(docs, index, ["hash-64"])
    with running_redis(tmp_path_factory.mktemp("redis")) as url:
        prefix = f"announce-{uuid.uuid4().hex[:8]}:"
        channel = IndexChannel(RedisConnection(url, prefix))
        state = AppState(index, docs, Settings(data_dir=tmp_path / "var"))
        assert state.load()
        first = state.build
        state.watch(interval=60.0, channel=channel)  # the poll alone would not look for a minute
        try:
            deadline = time.monotonic() + 10
            while channel.redis.client.pubsub_numsub(channel.name)[0][1] < 1:
                assert time.monotonic() < deadline, "the replica did not subscribe"
                time.sleep(0.05)
            published = ingest(docs, index, ["hash-64"], force=True).build.name
            assert published != first and state.build == first
            IndexChannel(RedisConnection(url, prefix)).announce(published)  # as `eldercare ingest` does
            deadline = time.monotonic() + 5
            while state.build != published:
                assert time.monotonic() < deadline, "the announced build was not swapped in"
                time.sleep(0.05)
        finally:
            watchers = list(state._watchers)
            state.stop_watching()
        assert len(watchers) == 2 and not any(t.is_alive() for t in watchers)  # stopped with the app
