"""State that replicas share: sessions, WeChat dedupe and paging, rate limits and feedback, in Redis.

`shared_state(settings)` is the one place the app picks its stores: in this process (and SQLite for
feedback) when `redis_url` is unset, else the Redis stores below, all under `redis_prefix`:

    {prefix}session:{session_id}     a Session as JSON, its TTL refreshed on every put
    {prefix}wechat:{key}             the WeChat channel's TTLStore (MsgId claims and replies, "more", ...)
    {prefix}rate:{name}:{client}     a sliding window of request times (a sorted set), per limiter name
    {prefix}feedback                 feedback entries as JSON, newest first; {prefix}feedback:id counts
    {prefix}index:published          a pub/sub channel: the name of each index build as it is published

The `redis` client is imported only when a URL is set. A Redis that cannot be reached raises
StoreUnavailable (HTTP 503 with a JSON error) after one clear log line, never a stack trace to the client.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from assistant.answer.session import (
    InMemorySessionStore,
    Session,
    SessionStore,
    session_from_json,
    session_to_json,
)
from assistant.errors import StoreUnavailable
from assistant.server.feedback import FeedbackStore, SQLiteFeedbackStore
from assistant.server.limits import RateLimiter, SlidingWindowLimiter
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.server.wechat import TTLStore

log = logging.getLogger("eldercare.shared_state")

SESSION_TTL = 1800.0  # as InMemorySessionStore: a session expires 30 minutes after its last turn
FEEDBACK_KEEP = 100_000  # newest entries kept in Redis; the admin listing shows at most 5,000
UNREACHABLE = "the shared state store (Redis) is unreachable; please try again shortly"

T = TypeVar("T")

# Sliding window on a sorted set, atomic in Redis: drop the events older than the window, refuse at the
# limit, else record this one. Redis's own clock (TIME), so replicas with skewed clocks count alike.
_SLIDING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
return 1
"""

# Feedback: the next id and the entry in one step, so ids and list order agree across replicas.
_ADD_FEEDBACK = """
local id = redis.call('INCR', KEYS[2])
local entry = cjson.decode(ARGV[1])
entry['id'] = id
redis.call('LPUSH', KEYS[1], cjson.encode(entry))
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
return id
"""


class RedisConnection:
    """One Redis client (a thread-safe connection pool) and the error translation every store uses."""

    def __init__(self, url: str, prefix: str = "eldercare:", timeout: float = 2.0) -> None:
        try:
            import redis
        except ImportError as error:
            raise RuntimeError(
                "ELDERCARE_REDIS_URL is set but the Redis client is not installed: "
                "pip install 'eldercare-assistant[redis]'"
            ) from error
        self.prefix = prefix
        self.where = _redacted(url)
        self.client = redis.Redis.from_url(
            url, decode_responses=True, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._errors: tuple[type[BaseException], ...] = (redis.exceptions.RedisError, OSError)
        self._last_logged = 0.0
        self._log_lock = threading.Lock()

    def call(self, what: str, operation: Callable[[], T]) -> T:
        """Run one Redis operation; StoreUnavailable (logged, at most every 10 s) when Redis fails."""
        try:
            return operation()
        except self._errors as error:
            with self._log_lock:
                now = time.monotonic()
                quiet = now - self._last_logged < 10.0
                if not quiet:
                    self._last_logged = now
            if not quiet:
                log.error("shared state: Redis at %s failed on %s: %s", self.where, what, _reason(error))
            raise StoreUnavailable(UNREACHABLE) from None

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except self._errors:
            return False


def _redacted(url: str) -> str:
    """host:port/db of a Redis URL, without the password it may hold."""
    parts = urlsplit(url)
    return f"{parts.hostname or '?'}:{parts.port or 6379}{parts.path or ''}"


def _reason(error: BaseException) -> str:
    text = str(error).split("\n")[0][:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class RedisSessionStore:
    """SessionStore in Redis: one JSON value per session, expiring `ttl` seconds after its last put."""

    def __init__(self, redis: RedisConnection, ttl: float = SESSION_TTL) -> None:
        self.redis, self.ttl = redis, ttl

    def _key(self, session_id: str) -> str:
        return f"{self.redis.prefix}session:{session_id}"

    def get(self, session_id: str) -> Session | None:
        raw = self.redis.call("session get", lambda: self.redis.client.get(self._key(session_id)))
        if raw is None:
            return None
        try:
            return session_from_json(json.loads(raw))
        except (ValueError, KeyError, TypeError):
            log.warning("shared state: an unreadable session was ignored")
            return None

    def put(self, session: Session) -> None:
        value = json.dumps(session_to_json(session), ensure_ascii=False)
        key = self._key(session.session_id)
        self.redis.call("session put", lambda: self.redis.client.set(key, value, px=_ms(self.ttl)))


class RedisTTLStore:
    """The WeChat channel's TTLStore in Redis: GET, SET PX, and SET NX PX for `add` (one claim wins)."""

    def __init__(self, redis: RedisConnection, namespace: str = "wechat:") -> None:
        self.redis = redis
        self._prefix = redis.prefix + namespace

    def get(self, key: str) -> Any | None:
        raw = self.redis.call("get", lambda: self.redis.client.get(self._prefix + key))
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def set(self, key: str, value: Any, ttl: float) -> None:
        encoded = json.dumps(value, ensure_ascii=False)
        self.redis.call("set", lambda: self.redis.client.set(self._prefix + key, encoded, px=_ms(ttl)))

    def add(self, key: str, value: Any, ttl: float) -> bool:
        encoded = json.dumps(value, ensure_ascii=False)
        done = self.redis.call(
            "add", lambda: self.redis.client.set(self._prefix + key, encoded, px=_ms(ttl), nx=True)
        )
        return bool(done)


class RedisRateLimiter:
    """At most `limit` events per `window` seconds per key, counted in Redis for every replica alike."""

    def __init__(self, redis: RedisConnection, name: str, limit: int, window: float = 60.0) -> None:
        self.redis, self.limit, self.window = redis, limit, window
        self._prefix = f"{redis.prefix}rate:{name}:"
        self._script = redis.client.register_script(_SLIDING_WINDOW)

    def allow(self, key: str) -> bool:
        window_us = int(self.window * 1_000_000)
        member = uuid.uuid4().hex  # two events in the same microsecond are still two events
        allowed = self.redis.call(
            "rate limit",
            lambda: self._script(keys=[self._prefix + key], args=[window_us, self.limit, member]),
        )
        return bool(allowed)


class RedisFeedbackStore:
    """Feedback in Redis, so an admin listing on any replica sees what was given on every replica.
    Redis then holds data worth keeping: run it with persistence (appendonly), as compose.yaml does."""

    def __init__(self, redis: RedisConnection, keep: int = FEEDBACK_KEEP) -> None:
        self.redis, self.keep = redis, keep
        self._key = f"{redis.prefix}feedback"
        self._script = redis.client.register_script(_ADD_FEEDBACK)

    def add(self, answer_id: str, helpful: bool, comment: str | None) -> int:
        entry = json.dumps(
            {"answer_id": answer_id, "helpful": helpful, "comment": comment, "created_at": time.time()},
            ensure_ascii=False,
        )
        done = self.redis.call(
            "feedback add",
            lambda: self._script(keys=[self._key, f"{self._key}:id"], args=[entry, self.keep]),
        )
        return int(done)

    def list(self, limit: int = 500) -> list[dict[str, object]]:
        rows = self.redis.call("feedback list", lambda: self.redis.client.lrange(self._key, 0, limit - 1))
        entries = []
        for row in rows:
            try:
                item = json.loads(row)
            except ValueError:
                continue
            entries.append(
                {
                    "id": int(item["id"]),
                    "answer_id": item["answer_id"],
                    "helpful": bool(item["helpful"]),
                    "comment": item.get("comment"),
                    "created_at": item.get("created_at"),
                }
            )
        return entries


class IndexChannel:
    """Announces each newly published index build to every replica (Redis pub/sub), so they swap to it
    at once rather than at their next look at CURRENT. Best effort both ways: a lost message only
    delays the swap to that poll."""

    def __init__(self, redis: RedisConnection) -> None:
        self.redis = redis
        self.name = f"{redis.prefix}index:published"

    def announce(self, build: str) -> None:
        try:
            self.redis.call("announce a build", lambda: self.redis.client.publish(self.name, build))
        except StoreUnavailable:
            pass  # logged by `call`; replicas still find the build by polling CURRENT

    def listen(self, heard: Callable[[str], None], stop: threading.Event, retry: float = 5.0) -> None:
        """Call `heard(build)` for every announcement until `stop` is set (run it in a thread)."""
        while not stop.is_set():
            pubsub = None
            try:
                pubsub = self.redis.client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.name)
                while not stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message and message.get("type") == "message":
                        heard(str(message["data"]))
            except self.redis._errors as error:
                log.warning(
                    "shared state: build announcements from Redis at %s paused: %s",
                    self.redis.where,
                    _reason(error),
                )
                stop.wait(retry)
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except self.redis._errors:
                        pass


@dataclass(frozen=True)
class SharedState:
    """The stores the app uses; `kind` is 'in-process' or 'redis'."""

    kind: str
    sessions: SessionStore
    ask_limiter: RateLimiter
    feedback: FeedbackStore
    wechat_store: TTLStore | None  # None: the WeChat channel keeps its own, in this process
    wechat_limiter: RateLimiter | None
    redis: RedisConnection | None = None
    index_channel: IndexChannel | None = None  # None: replicas find new builds by polling CURRENT alone

    def reachable(self) -> bool:
        return self.redis is None or self.redis.ping()


def shared_state(settings: Settings) -> SharedState:
    """In-process stores (and SQLite feedback) without `redis_url`; Redis stores with it."""
    if not settings.redis_url:
        return SharedState(
            kind="in-process",
            sessions=InMemorySessionStore(),
            ask_limiter=SlidingWindowLimiter(settings.ask_rate_per_minute),
            feedback=SQLiteFeedbackStore(settings.data_dir / "feedback.sqlite3"),
            wechat_store=None,
            wechat_limiter=None,
        )
    redis = RedisConnection(settings.redis_url, settings.redis_prefix)
    if redis.ping():
        log.info("shared state: Redis at %s, keys under %r", redis.where, redis.prefix)
    else:
        log.error("shared state: Redis at %s is unreachable; requests get 503 until it is back", redis.where)
    return SharedState(
        kind="redis",
        sessions=RedisSessionStore(redis),
        ask_limiter=RedisRateLimiter(redis, "ask", settings.ask_rate_per_minute),
        feedback=RedisFeedbackStore(redis),
        wechat_store=RedisTTLStore(redis),
        wechat_limiter=RedisRateLimiter(redis, "wechat", max(1, settings.wechat_rate_per_minute)),
        redis=redis,
        index_channel=IndexChannel(redis),
    )
