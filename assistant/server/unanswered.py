"""What users could not get: questions that ended in an abstention and answers marked "not helpful",
grouped by topic and place so staff see which policies are missing.

Questions are personal data. They are kept only with ELDERCARE_KEEP_UNANSWERED=1, with the digits of phone
and ID numbers stripped before they are stored, and for RETENTION_DAYS at most (older rows are deleted on
every write and read, and when the app starts).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections import OrderedDict
from pathlib import Path

from assistant.text.script import to_simplified
from assistant.types import Answer

RETENTION_DAYS = 30
RECENT_ANSWERS = 2000  # answers remembered (in memory only) so later "not helpful" feedback can be filed
RECENT_SECONDS = 24 * 3600

SCHEMA = """
create table if not exists unanswered (
    id integer primary key autoincrement,
    kind text not null,           -- 'abstained' | 'not helpful'
    question text not null,       -- with phone and ID digits stripped
    topic text not null,
    place text not null,
    reason text,
    lang text,
    created_at real not null
)
"""

# ID numbers: mainland (17 digits + check), Hong Kong (A123456(7)), Macau (1234567(8)), Taiwan (A123456789).
_ID_NUMBERS = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|[A-Za-z]{1,2}\d{6}\s*[(（]?[\dAa][)）]?|[A-Za-z][12]\d{8}|"
    r"[1578]\d{6}\s*[(（]\d[)）])(?![0-9A-Za-z])"
)
# Phone numbers: 7 or more digits, with spaces, dashes, dots, brackets and a leading + allowed between.
_PHONE_NUMBERS = re.compile(r"(?<![\d])\+?[\d(（][\d\s\-.()（）]{5,}\d(?![\d])")

# Topics of elder-care policy and the words (simplified Chinese or English, lower case) that name them.
TOPICS: dict[str, tuple[str, ...]] = {
    "pension and allowances": (
        "养老金",
        "退休金",
        "敬老金",
        "津贴",
        "补贴",
        "补助",
        "高龄",
        "生活费",
        "pension",
        "allowance",
        "subsidy",
        "old age",
        "living allowance",
    ),
    "home and community care": (
        "居家",
        "上门",
        "助餐",
        "日间照料",
        "社区",
        "护理员",
        "home care",
        "meal",
        "day care",
        "community care",
    ),
    "care homes": (
        "养老院",
        "养老机构",
        "护理院",
        "福利院",
        "安老院",
        "care home",
        "nursing home",
        "residential",
    ),
    "health and medical": (
        "医疗",
        "医保",
        "看病",
        "体检",
        "健保",
        "保费",
        "医疗券",
        "medical",
        "health",
        "hospital",
        "insurance",
        "voucher",
        "doctor",
    ),
    "senior cards and concessions": (
        "长者咭",
        "老年证",
        "优待",
        "乘车",
        "公交",
        "免费",
        "优惠",
        "敬老",
        "card",
        "concession",
        "transport",
        "fare",
        "discount",
    ),
    "protection and rights": ("虐待", "保护", "权益", "报案", "abuse", "protection", "rights", "report"),
    "long-term and special care": (
        "长照",
        "长期照护",
        "失能",
        "失智",
        "特别照顾",
        "disab",
        "dementia",
        "long-term",
    ),
}
OTHER_TOPIC = "other"
NO_PLACE = "no place named"


def redact(question: str) -> str:
    """The question with the digits of ID numbers and phone numbers stripped; ages and amounts stay."""
    text = _ID_NUMBERS.sub("[ID number]", question)

    def phone(match: re.Match[str]) -> str:
        digits = sum(c.isdigit() for c in match.group(0))
        return "[phone number]" if digits >= 7 else match.group(0)

    return _PHONE_NUMBERS.sub(phone, text)


def topic_of(question: str) -> str:
    """The first topic whose words the question uses, else 'other'."""
    view = to_simplified(question).lower()
    best, hits = OTHER_TOPIC, 0
    for topic, words in TOPICS.items():
        count = sum(1 for word in words if word in view)
        if count > hits:
            best, hits = topic, count
    return best


class UnansweredStore:
    """SQLite under the data folder; one per process. Recent answers are remembered in memory only,
    so that a "not helpful" given a little later can be filed with its (redacted) question."""

    def __init__(self, path: Path, retention_days: int = RETENTION_DAYS) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute(SCHEMA)
        self._db.commit()
        self._lock = threading.Lock()
        self._retention = retention_days * 86400
        self._recent: OrderedDict[str, tuple[float, str, str, str, str]] = OrderedDict()
        self.purge()

    def purge(self, now: float | None = None) -> int:
        """Delete entries older than the retention period; how many."""
        cutoff = (now or time.time()) - self._retention
        with self._lock:
            cursor = self._db.execute("delete from unanswered where created_at < ?", (cutoff,))
            self._db.commit()
        return cursor.rowcount

    def _insert(
        self, kind: str, question: str, topic: str, place: str, reason: str | None, lang: str
    ) -> None:
        with self._lock:
            self._db.execute(
                "insert into unanswered (kind, question, topic, place, reason, lang, created_at) "
                "values (?, ?, ?, ?, ?, ?, ?)",
                (kind, question, topic, place, reason, lang, time.time()),
            )
            self._db.commit()

    def record_answer(self, question: str, answer: Answer) -> None:
        """File an abstention; remember an answered question briefly in case it is marked not helpful."""
        safe = redact(question)
        profile = answer.profile.to_json() if answer.profile else {}
        place = str(profile.get("region") or NO_PLACE)
        topic = topic_of(question)
        if not answer.answered:
            self._insert("abstained", safe, topic, place, answer.abstain_reason, answer.lang)
            self.purge()
            return
        if answer.answer_id:
            now = time.time()
            with self._lock:
                self._recent[answer.answer_id] = (now, safe, topic, place, answer.lang)
                while self._recent and (
                    len(self._recent) > RECENT_ANSWERS
                    or next(iter(self._recent.values()))[0] < now - RECENT_SECONDS
                ):
                    self._recent.popitem(last=False)

    def record_feedback(self, answer_id: str, helpful: bool, comment: str | None) -> bool:
        """File a "not helpful" answer whose question is remembered; True when filed."""
        if helpful:
            return False
        with self._lock:
            remembered = self._recent.pop(answer_id, None)
        if remembered is None:
            return False
        _, safe, topic, place, lang = remembered
        self._insert("not helpful", safe, topic, place, redact(comment) if comment else None, lang)
        return True

    def list(self, limit: int = 1000) -> list[dict[str, object]]:
        self.purge()
        with self._lock:
            rows = self._db.execute(
                "select id, kind, question, topic, place, reason, lang, created_at from unanswered "
                "order by id desc limit ?",
                (limit,),
            ).fetchall()
        keys = ("id", "kind", "question", "topic", "place", "reason", "lang", "created_at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def clear(self) -> int:
        with self._lock:
            cursor = self._db.execute("delete from unanswered")
            self._db.commit()
        return cursor.rowcount


def grouped(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """Entries grouped by (topic, place), largest group first, with counts by kind and a few examples."""
    groups: dict[tuple[str, str], dict[str, object]] = {}
    for entry in entries:
        key = (str(entry["topic"]), str(entry["place"]))
        group = groups.setdefault(
            key,
            {"topic": key[0], "place": key[1], "count": 0, "abstained": 0, "not_helpful": 0, "examples": []},
        )
        group["count"] = int(group["count"]) + 1  # type: ignore[call-overload]
        field = "abstained" if entry["kind"] == "abstained" else "not_helpful"
        group[field] = int(group[field]) + 1  # type: ignore[call-overload]
        examples: list[str] = group["examples"]  # type: ignore[assignment]
        if len(examples) < 3 and entry["question"] not in examples:
            examples.append(str(entry["question"]))
    return sorted(groups.values(), key=lambda g: (-int(g["count"]), str(g["topic"]), str(g["place"])))  # type: ignore[call-overload]
