"""Feedback on answers: the store interface, and its SQLite implementation (one file under the data folder).

With ELDERCARE_REDIS_URL set the app keeps feedback in Redis instead (`shared_state.RedisFeedbackStore`),
so an admin listing on any replica sees the feedback given on every replica.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Protocol

SCHEMA = """
create table if not exists feedback (
    id integer primary key autoincrement,
    answer_id text not null,
    helpful integer not null,
    comment text,
    created_at real not null
)
"""


class FeedbackStore(Protocol):
    def add(self, answer_id: str, helpful: bool, comment: str | None) -> int:
        """Store one piece of feedback; its id."""
        ...

    def list(self, limit: int = 500) -> list[dict[str, object]]:
        """The latest `limit` entries, newest first: id, answer_id, helpful, comment, created_at."""
        ...


class SQLiteFeedbackStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute(SCHEMA)
        self._db.commit()
        self._lock = threading.Lock()

    def add(self, answer_id: str, helpful: bool, comment: str | None) -> int:
        with self._lock:
            cursor = self._db.execute(
                "insert into feedback (answer_id, helpful, comment, created_at) values (?, ?, ?, ?)",
                (answer_id, int(helpful), comment, time.time()),
            )
            self._db.commit()
            return int(cursor.lastrowid or 0)

    def list(self, limit: int = 500) -> list[dict[str, object]]:
        with self._lock:
            rows = self._db.execute(
                "select id, answer_id, helpful, comment, created_at from feedback order by id desc limit ?",
                (limit,),
            ).fetchall()
        return [
            {"id": r[0], "answer_id": r[1], "helpful": bool(r[2]), "comment": r[3], "created_at": r[4]}
            for r in rows
        ]
