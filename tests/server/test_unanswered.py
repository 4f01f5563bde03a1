"""What users could not get: redaction of phone and ID numbers, topics, grouping, the 30-day limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.server.unanswered import RETENTION_DAYS, UnansweredStore, grouped, redact, topic_of
from assistant.types import Answer, Profile


@pytest.mark.parametrize(
    ("question", "kept", "gone"),
    [
        ("我妈妈92岁，电话 9123 4567，可以申请长者咭吗？", "92岁", "9123"),
        ("Call me on +852 2345-6789, I am 65", "I am 65", "2345"),
        ("身份证号110101195001011234，高龄津贴多少？", "高龄津贴", "110101"),
        ("HKID A123456(7) senior card", "senior card", "123456"),
        ("Taiwan ID A123456789 farmers allowance", "farmers allowance", "123456789"),
        ("澳門身份證 1234567(8) 敬老金", "敬老金", "1234567"),
        ("我1950年出生，每月3000元够吗", "1950年", None),
        ("桂林 90岁 每月6小时 服务", "90岁 每月6小时", None),
    ],
)
def test_redact_strips_phone_and_id_digits_only(question: str, kept: str, gone: str | None) -> None:
    safe = redact(question)
    assert kept in safe
    if gone:
        assert gone not in safe and ("[phone number]" in safe or "[ID number]" in safe)
    else:
        assert safe == question


def test_topics() -> None:
    assert topic_of("What is the Age Pension in Australia?") == "pension and allowances"
    assert topic_of("長者咭點樣申請？") == "senior cards and concessions"
    assert topic_of("居家养老上门服务有哪些") == "home and community care"
    assert topic_of("hello") == "other"


def _abstention(region: str | None = "CN-450100") -> Answer:
    return Answer(False, "zh-Hans", "…", [], abstain_reason="no evidence", profile=Profile(region=region))


def test_entries_are_grouped_and_expire_after_30_days(tmp_path: Path) -> None:
    store = UnansweredStore(tmp_path / "u.sqlite")
    store.record_answer("南宁 高龄津贴 电话 13812345678", _abstention())
    store.record_answer("南宁 高龄津贴 怎么领", _abstention())
    store.record_answer("退休金", _abstention(None))
    answered = Answer(True, "en", "…", [], answer_id="a1", profile=Profile())
    store.record_answer("What is the senior card?", answered)
    assert store.record_feedback("a1", helpful=False, comment="call 2345 6789") is True
    assert store.record_feedback("a1", helpful=False, comment=None) is False  # filed once
    assert store.record_feedback("unknown", helpful=False, comment=None) is False

    entries = store.list()
    assert len(entries) == 4 and not any("13812345678" in str(e["question"]) for e in entries)
    assert [e["reason"] for e in entries if e["kind"] == "not helpful"] == ["call [phone number]"]
    groups = grouped(entries)
    assert groups[0]["count"] == 2 and groups[0]["topic"] == "pension and allowances"
    assert groups[0]["place"] != "no place named"
    assert {g["place"] for g in groups} >= {"no place named"}

    assert store.purge(now=time.time() + (RETENTION_DAYS - 1) * 86400) == 0
    assert store.purge(now=time.time() + (RETENTION_DAYS + 1) * 86400) == 4
    assert store.list() == []
