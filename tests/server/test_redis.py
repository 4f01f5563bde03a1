"""State shared across replicas in a real redis-server on 127.0.0.1: each Redis store on its own, the WeChat
channel of two apps sharing one Redis (in process, with a stand-in assistant), then two real `eldercare
serve` replicas with ELDERCARE_REDIS_URL: sessions, WeChat MsgId dedupe, rate limits and feedback."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import xmltodict
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.answer.session import Session, Turn
from assistant.errors import StoreUnavailable
from assistant.server.shared_state import (
    UNREACHABLE,
    RedisConnection,
    RedisFeedbackStore,
    RedisRateLimiter,
    RedisSessionStore,
    RedisTTLStore,
)
from assistant.server.wechat import say, wechat_router
from assistant.settings import Settings
from assistant.types import Answer, Citation, Profile
from tests.helpers import free_port, running_redis
from tests.wechat_support import (
    APP_ID,
    SECRET,
    Server,
    StandInApi,
    WeChatPeer,
    new_openid,
    text_xml,
    wechat_server,
)

TOKEN = "eldercare-redis-test-token"
ADMIN = "redis-admin-token"
GUILIN_HANT = "我父親92歲，住在桂林，可以得到什麼居家服務？"
FOLLOW_UP = "那我妈妈呢？她72岁"
SOURCE_HANS = "] 著力打造“四度”居家养老服务体系 (2019-12-23)"
ASK_LIMIT = 3


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("redis", reason="the redis client is not installed: pip install -e '.[redis]'")
    with running_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


def _replicas(redis_url: str, count: int = 2) -> list[RedisConnection]:
    """`count` connections under one fresh key prefix, as `count` replicas would hold them."""
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    return [RedisConnection(redis_url, prefix) for _ in range(count)]


# ---- each store against the real server -------------------------------------------------------------
def test_sessions_are_shared_and_expire_unless_used(redis_url: str) -> None:
    a, b = (RedisSessionStore(c, ttl=0.6) for c in _replicas(redis_url))
    session = Session(
        "s-1", Profile(age=92, region="Guilin", relation="father"), (Turn(GUILIN_HANT, GUILIN_HANT, ("d1",)),)
    )
    a.put(session)
    assert b.get("s-1") == session and b.get("s-2") is None
    assert 0 < a.redis.client.pttl(f"{a.redis.prefix}session:s-1") <= 600
    time.sleep(0.4)
    later = Session("s-1", Profile(age=72, region="Guilin"), session.turns * 2)
    b.put(later)  # a put refreshes the TTL
    time.sleep(0.4)  # 0.8 s after the first put, 0.4 s after the second
    assert a.get("s-1") == later
    time.sleep(0.4)
    assert a.get("s-1") is None and b.get("s-1") is None


def test_ttl_store_add_wins_once_across_replicas_and_entries_expire(redis_url: str) -> None:
    stores = [RedisTTLStore(c) for c in _replicas(redis_url, 4)]
    wins: list[bool] = []
    start = threading.Barrier(8)

    def claim(store: RedisTTLStore) -> None:
        start.wait()
        wins.append(store.add("msg:o1:42", {"state": "pending"}, 5))

    threads = [threading.Thread(target=claim, args=(stores[i % 4],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert sorted(wins) == [False] * 7 + [True]
    assert stores[3].get("msg:o1:42") == {"state": "pending"}
    stores[1].set("msg:o1:42", {"state": "replied", "reply": "答：可以。"}, 5)
    assert stores[2].get("msg:o1:42") == {"state": "replied", "reply": "答：可以。"}
    stores[0].set("more:o1", ["第二段", "第三段"], 0.3)
    assert stores[1].get("more:o1") == ["第二段", "第三段"]
    time.sleep(0.45)
    assert stores[1].get("more:o1") is None and stores[2].add("more:o1", [], 5)
    assert stores[0].get("absent") is None


def test_rate_limiter_counts_across_two_limiters(redis_url: str) -> None:
    one, two = (RedisRateLimiter(c, "ask", limit=3, window=1.0) for c in _replicas(redis_url))
    assert [one.allow("1.2.3.4"), two.allow("1.2.3.4"), one.allow("1.2.3.4")] == [True, True, True]
    assert not two.allow("1.2.3.4") and not one.allow("1.2.3.4")  # refusals are not counted as events
    assert one.allow("5.6.7.8")
    key = f"{one.redis.prefix}rate:ask:1.2.3.4"
    assert one.redis.client.zcard(key) == 3 and 0 < one.redis.client.pttl(key) <= 1000
    time.sleep(1.1)
    assert two.allow("1.2.3.4") and one.redis.client.zcard(key) == 1


def test_feedback_is_listed_from_any_replica_newest_first(redis_url: str) -> None:
    a, b = (RedisFeedbackStore(c) for c in _replicas(redis_url))
    ids = [a.add("ans-1", True, "清楚"), b.add("ans-2", False, None), a.add("ans-3", True, "")]
    assert ids == [1, 2, 3]
    listed = b.list()
    assert [e["id"] for e in listed] == [3, 2, 1]
    assert [e["answer_id"] for e in listed] == ["ans-3", "ans-2", "ans-1"]
    assert listed[2]["helpful"] is True and listed[2]["comment"] == "清楚" and listed[1]["comment"] is None
    assert all(isinstance(e["created_at"], float) for e in listed)
    assert [e["id"] for e in a.list(limit=2)] == [3, 2]
    kept = RedisFeedbackStore(a.redis, keep=2)
    kept.add("ans-4", True, None)
    assert [e["id"] for e in kept.list()] == [4, 3]


def test_an_unreachable_redis_gives_503_json_and_one_clear_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("redis")
    from assistant.server.app import create_app

    caplog.set_level(logging.INFO, logger="eldercare")
    port = free_port()  # nothing listens there
    settings = Settings(
        redis_url=f"redis://:hunter2@127.0.0.1:{port}/0",
        admin_token=ADMIN,
        wechat_token=TOKEN,
        data_dir=tmp_path / "var",
    )
    client = TestClient(create_app(index_dir=tmp_path / "no-index", settings=settings))
    responses = [
        client.post("/api/ask", json={"question": "桂林有什么居家服务？"}),
        client.post("/api/feedback", json={"answer_id": "a1", "helpful": True}),
        client.get("/api/admin/feedback", headers={"Authorization": f"Bearer {ADMIN}"}),
        client.post(
            "/wechat", params=WeChatPeer("", TOKEN).query(), content=text_xml(new_openid(), "养老").encode()
        ),
    ]
    for response in responses:
        assert response.status_code == 503, response.text
        assert response.json() == {"error": UNREACHABLE}
    assert f"Redis at 127.0.0.1:{port}/0 is unreachable" in caplog.text
    assert f"Redis at 127.0.0.1:{port}/0 failed on" in caplog.text and "Connection" in caplog.text
    assert "hunter2" not in caplog.text and "Traceback" not in caplog.text
    assert not (tmp_path / "var" / "feedback.sqlite3").exists()  # feedback goes to Redis, not SQLite
    with pytest.raises(StoreUnavailable):
        RedisTTLStore(RedisConnection(f"redis://127.0.0.1:{port}/0")).add("k", 1, 1)


# ---- the WeChat channel of two apps sharing one Redis (in process) -------------------------------------
class _LongAssistant:
    """Answers after `delay` s with a long cited text; counts its calls across every app that uses it."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay, self.calls = delay, 0
        self._lock = threading.Lock()

    def ask(self, question: str, session_id: str | None = None, lang: str | None = None) -> Answer:
        with self._lock:
            self.calls += 1
        time.sleep(self.delay)
        text = "".join(f"第{i}条：符合条件的老人可以申请居家养老服务。" for i in range(1, 25)) + " [1]"
        citation = Citation(1, "d1", "资料", None, "2024-01-01", "居家养老服务", "d1#0", 0, 6, "zh-Hans")
        return Answer(True, "zh-Hans", text, [citation], session_id="s1")


def _apps(redis_url: str, assistant: _LongAssistant, *windows: float, **settings: object) -> list[TestClient]:
    """One app per reply window, each with its own Redis connection, all under one key prefix."""
    clients = []
    for connection, window in zip(_replicas(redis_url, len(windows)), windows, strict=True):
        configured = Settings(wechat_token=TOKEN, wechat_reply_seconds=window, **settings)  # type: ignore[arg-type]
        limiter = RedisRateLimiter(connection, "wechat", configured.wechat_rate_per_minute)
        app = FastAPI()
        app.include_router(
            wechat_router(
                lambda: assistant,
                configured,
                store=RedisTTLStore(connection),
                limiter=limiter,
                reply_bytes=300,
            )
        )
        clients.append(TestClient(app))
    return clients


def _post(client: TestClient, xml: str) -> str:
    response = client.post("/wechat", params=WeChatPeer("", TOKEN).query(), content=xml.encode())
    assert response.status_code == 200, response.text
    return xmltodict.parse(response.text)["xml"]["Content"] if response.text != "success" else "success"


def test_a_retry_on_another_replica_waits_for_the_one_answer(redis_url: str) -> None:
    assistant = _LongAssistant(delay=0.8)
    first, second = _apps(redis_url, assistant, 3.0, 3.0)
    xml = text_xml(new_openid(), "桂林有什么居家服务？")
    results: dict[str, str] = {}
    computing = threading.Thread(target=lambda: results.setdefault("first", _post(first, xml)))
    computing.start()
    time.sleep(0.3)  # the first replica has claimed the MsgId and is computing
    results["retry"] = _post(second, xml)
    computing.join(timeout=30)
    assert results["first"].startswith("第1条") and results["retry"] == results["first"]
    assert _post(second, xml) == results["first"]  # a later retry: the stored reply again
    assert assistant.calls == 1


def test_a_slow_answer_is_sent_once_by_the_replica_that_claimed_it(redis_url: str) -> None:
    api = StandInApi().start()
    try:
        assistant = _LongAssistant(delay=0.8)
        extra = {"wechat_app_id": APP_ID, "wechat_secret": SECRET, "wechat_api_base": api.base}
        first, second = _apps(redis_url, assistant, 0.05, 5.0, **extra)
        user = new_openid()
        xml = text_xml(user, "桂林有什么居家服务？")
        assert _post(first, xml) == "success"  # past its window: the answer will go by the API
        started = time.monotonic()
        assert _post(second, xml) == "success"  # polled until the claimant had sent it, not a second answer
        assert time.monotonic() - started < 4.0
        sends = api.wait_for_sends(user, 1, timeout=10)
        time.sleep(0.5)
        assert len(api.sends_to(user)) == 1 and sends[0]["text"]["content"].startswith("第1条")
        assert _post(first, xml) == "success" and _post(second, xml) == "success"
        assert assistant.calls == 1 and len(api.sends_to(user)) == 1
    finally:
        api.stop()


def test_more_and_the_per_openid_rate_limit_are_shared(redis_url: str) -> None:
    first, second = _apps(redis_url, _LongAssistant(), 3.0, 3.0, wechat_rate_per_minute=2)
    user = new_openid()
    part1 = _post(first, text_xml(user, "桂林有什么居家服务？"))
    hint = say("more", "zh-Hans")
    assert part1.startswith("第1条") and part1.endswith(hint)
    part2 = _post(second, text_xml(user, "更多"))
    assert part2 != part1 and part2.startswith("第") and part2.split("：")[0] not in part1
    assert _post(first, text_xml(user, "更多")) == say("rate_limited", "zh-Hans")  # 2 a minute, both apps
    assert _post(second, text_xml(new_openid(), "更多")) == say("no_more", "zh-Hans")


# ---- two real replicas -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api() -> Iterator[StandInApi]:
    stand_in = StandInApi().start()
    yield stand_in
    stand_in.stop()


@pytest.fixture(scope="module")
def replicas(
    real_index: Path, redis_url: str, api: StandInApi, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, Server, str]]:
    """Replica A answers WeChat passively (a long reply window); replica B's window is too short for any
    answer, so B sends every answer through the customer-service API. Each has its own data folder."""
    prefix = f"replicas-{uuid.uuid4().hex[:8]}:"
    root = tmp_path_factory.mktemp("replicas")
    common = {
        "ELDERCARE_REDIS_URL": redis_url,
        "ELDERCARE_REDIS_PREFIX": prefix,
        "ELDERCARE_ADMIN_TOKEN": ADMIN,
        "ELDERCARE_ASK_RATE_PER_MINUTE": str(ASK_LIMIT),
        "ELDERCARE_WECHAT_TOKEN": TOKEN,
        "ELDERCARE_WECHAT_APP_ID": APP_ID,
        "ELDERCARE_WECHAT_SECRET": SECRET,
        "ELDERCARE_WECHAT_API_BASE": api.base,
        "ELDERCARE_LOG_QUESTIONS": "false",
    }
    env_a = {**common, "ELDERCARE_DATA_DIR": str(root / "a"), "ELDERCARE_WECHAT_REPLY_SECONDS": "30"}
    env_b = {**common, "ELDERCARE_DATA_DIR": str(root / "b"), "ELDERCARE_WECHAT_REPLY_SECONDS": "0.01"}
    with (
        wechat_server(real_index, env_a, root / "a.log") as a,
        wechat_server(real_index, env_b, root / "b.log") as b,
    ):
        yield a, b, prefix


def _reset_ask_limit(redis_url: str, prefix: str) -> None:
    RedisConnection(redis_url, prefix).client.delete(f"{prefix}rate:ask:127.0.0.1")


@pytest.mark.slow
def test_replicas_report_the_shared_store(replicas: tuple[Server, Server, str]) -> None:
    a, b, _ = replicas
    for server in (a, b):
        ready = httpx.get(f"{server.base}/readyz", timeout=10).json()
        assert ready["status"] == "ready" and ready["shared_state"] == "redis"
    assert httpx.get(f"{a.base}/readyz").json()["pid"] != httpx.get(f"{b.base}/readyz").json()["pid"]


@pytest.mark.slow
def test_a_follow_up_on_the_other_replica_keeps_its_session(
    replicas: tuple[Server, Server, str], redis_url: str
) -> None:
    a, b, prefix = replicas
    _reset_ask_limit(redis_url, prefix)
    first = httpx.post(f"{a.base}/api/ask", json={"question": GUILIN_HANT}, timeout=120).json()
    assert first["answered"] and first["profile"]["region"] == "Guilin" and first["profile"]["age"] == 92
    follow = httpx.post(
        f"{b.base}/api/ask", json={"question": FOLLOW_UP, "session_id": first["session_id"]}, timeout=120
    ).json()
    assert follow["session_id"] == first["session_id"]
    assert follow["profile"]["age"] == 72 and follow["profile"]["region"] == "Guilin"
    assert follow["citations"][0]["doc_id"] == first["citations"][0]["doc_id"]


@pytest.mark.slow
def test_a_wechat_retry_on_the_other_replica_is_answered_once(
    replicas: tuple[Server, Server, str], api: StandInApi
) -> None:
    a, b, _ = replicas
    peer_a, peer_b = WeChatPeer(a.base, TOKEN), WeChatPeer(b.base, TOKEN)
    # A answers passively; the retry on B gets the same reply from the store, and nothing is sent by the API
    user = new_openid()
    xml = text_xml(user, GUILIN_HANT)
    answer = peer_a.send(xml)
    assert answer.content and "您父親92歲" in answer.content
    assert peer_b.send(xml).content == answer.content
    # B claims and sends by the API; the retry on A while B computes gets "success": still one answer
    other = new_openid()
    xml = text_xml(other, GUILIN_HANT)
    assert peer_b.send(xml).body == "success"
    assert peer_a.send(xml).body == "success"
    sends = api.wait_for_sends(other, 1, timeout=90)
    assert len(sends) == 1 and "您父親92歲" in sends[0]["text"]["content"]
    assert peer_a.send(xml).body == "success" and peer_b.send(xml).body == "success"
    time.sleep(1.0)
    assert len(api.sends_to(other)) == 1 and not api.sends_to(user)
    # the follow-up on B keeps the session of the question A answered
    assert peer_b.send(text_xml(user, FOLLOW_UP)).body == "success"
    follow = api.wait_for_sends(user, 1, timeout=90)
    assert len(follow) == 1 and "您母亲72岁" in follow[0]["text"]["content"]
    assert SOURCE_HANS in follow[0]["text"]["content"]
    peer_a.close()
    peer_b.close()


@pytest.mark.slow
def test_the_ask_rate_limit_is_counted_across_replicas(
    replicas: tuple[Server, Server, str], redis_url: str
) -> None:
    a, b, prefix = replicas
    _reset_ask_limit(redis_url, prefix)
    empty = {"question": " "}  # counted, then refused as empty (400): no answer needs computing
    codes = [
        httpx.post(f"{base}/api/ask", json=empty, timeout=30).status_code for base in (a.base, a.base, b.base)
    ]
    assert codes == [400] * ASK_LIMIT
    over = [httpx.post(f"{base}/api/ask", json=empty, timeout=30) for base in (b.base, a.base)]
    assert [r.status_code for r in over] == [429, 429]
    assert "at most 3 a minute" in over[0].json()["error"]


@pytest.mark.slow
def test_feedback_given_on_one_replica_is_listed_on_the_other(replicas: tuple[Server, Server, str]) -> None:
    a, b, _ = replicas
    answer_id = uuid.uuid4().hex
    given = httpx.post(
        f"{a.base}/api/feedback", json={"answer_id": answer_id, "helpful": False, "comment": "不清楚"}
    )
    assert given.status_code == 200 and given.json()["ok"] is True
    listed = httpx.get(f"{b.base}/api/admin/feedback", headers={"Authorization": f"Bearer {ADMIN}"}).json()
    mine = [e for e in listed if e["answer_id"] == answer_id]
    assert len(mine) == 1 and mine[0]["helpful"] is False and mine[0]["comment"] == "不清楚"
    assert mine[0]["id"] == given.json()["id"]
