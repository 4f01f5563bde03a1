"""Conversation sessions: a follow-up re-uses the region, topic and profile of earlier turns.

In memory by default; `SessionStore` is the interface a shared store implements for replicas
(`assistant.server.shared_state.RedisSessionStore`), with sessions as JSON (`session_to_json`).
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Protocol

from assistant.types import Profile, Turn

__all__ = [
    "MAX_TURNS",
    "FileSessionStore",
    "InMemorySessionStore",
    "Session",
    "SessionStore",
    "Turn",
    "new_session_id",
    "session_from_json",
    "session_to_json",
]


@dataclass(frozen=True)
class Session:
    session_id: str
    profile: Profile = field(default_factory=Profile)
    turns: tuple[Turn, ...] = ()

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None


class SessionStore(Protocol):
    def get(self, session_id: str) -> Session | None: ...

    def put(self, session: Session) -> None: ...


class InMemorySessionStore:
    """Sessions in this process, expiring `ttl` seconds after their last turn; at most `capacity` kept."""

    def __init__(self, ttl: float = 1800.0, capacity: int = 10_000, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self.ttl = ttl
        self.capacity = capacity
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, Session]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str) -> Session | None:
        with self._lock:
            item = self._items.get(session_id)
            if item is None:
                return None
            stamp, session = item
            if self._clock() - stamp > self.ttl:
                del self._items[session_id]
                return None
            return session

    def put(self, session: Session) -> None:
        with self._lock:
            self._items[session.session_id] = (self._clock(), session)
            self._items.move_to_end(session.session_id)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def session_to_json(session: Session) -> dict[str, object]:
    """The session as JSON-able values, the form shared and file stores keep."""
    return asdict(session)


def session_from_json(raw: dict) -> Session:  # type: ignore[type-arg]
    """The session `session_to_json` wrote; profile fields this version does not know are dropped, so a
    replica running an older release can still read a newer one's sessions."""
    known = {f.name for f in fields(Profile)}
    return Session(
        raw["session_id"],
        Profile(**{k: v for k, v in (raw.get("profile") or {}).items() if k in known}),
        tuple(
            Turn(t["question"], t["topic"], tuple(t["doc_ids"]), bool(t.get("screened", False)))
            for t in raw.get("turns") or ()
        ),
    )


def new_session_id() -> str:
    return uuid.uuid4().hex


MAX_TURNS = 8


class FileSessionStore:
    """Sessions in one JSON file, for the command line, where each `eldercare ask` is a new process."""

    def __init__(self, path: Path, ttl: float = 1800.0) -> None:
        self.path = path
        self.ttl = ttl

    def _load(self) -> dict[str, dict]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def get(self, session_id: str) -> Session | None:
        item = self._load().get(session_id)
        if not item or time.time() - item["stamp"] > self.ttl:
            return None
        return session_from_json(item["session"])

    def put(self, session: Session) -> None:
        items = {k: v for k, v in self._load().items() if time.time() - v["stamp"] <= self.ttl}
        items[session.session_id] = {"stamp": time.time(), "session": session_to_json(session)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)
