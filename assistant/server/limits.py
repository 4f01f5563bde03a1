"""Per-client rate limits: a sliding window in memory, behind an interface a shared store can implement."""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Protocol


class RateLimiter(Protocol):
    def allow(self, key: str) -> bool: ...


class SlidingWindowLimiter:
    """At most `limit` events per `window` seconds for each key; keys are forgotten when idle."""

    def __init__(self, limit: int, window: float = 60.0, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and now - events[0] > self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            if len(self._events) > 100_000:  # drop idle keys so memory stays bounded
                for stale in [k for k, v in self._events.items() if not v or now - v[-1] > self.window]:
                    del self._events[stale]
            return True
