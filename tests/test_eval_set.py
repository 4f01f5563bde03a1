"""The bundled evaluation set itself: schema, coverage, and facts that really occur in the documents."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from assistant.ingest.load import load_documents
from assistant.text.script import normalise_for_match
from tests.conftest import KB, ROOT

QUESTIONS = ROOT / "eval" / "questions.jsonl"
KEYS = {"id", "question", "lang", "type", "relevant_docs", "answer_facts", "answerable"}


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def documents() -> dict:
    docs, _ = load_documents(KB, 10**7)
    return {d.doc_id: d for d in docs}


def test_schema_and_unique_ids(questions: list[dict]) -> None:
    assert len(questions) >= 150
    assert len({q["id"] for q in questions}) == len(questions)
    for q in questions:
        assert KEYS <= set(q), q["id"]
        assert q["lang"] in {"zh-Hans", "zh-Hant", "en"}
        assert q["type"] in {"fact", "eligibility", "service", "howto", "out_of_scope"}
        assert isinstance(q["answerable"], bool) and q["question"].strip()
        if q["answerable"]:
            assert q["relevant_docs"] and q["answer_facts"], q["id"]
        else:
            assert q["relevant_docs"] == [] and q["type"] == "out_of_scope", q["id"]


def test_coverage(questions: list[dict], documents: dict) -> None:
    by_lang = Counter(q["lang"] for q in questions)
    assert min(by_lang.values()) >= 40 and len(by_lang) == 3
    assert set(Counter(q["type"] for q in questions)) == {
        "fact",
        "eligibility",
        "service",
        "howto",
        "out_of_scope",
    }
    assert sum(not q["answerable"] for q in questions) >= 15
    asked = Counter(d for q in questions for d in q["relevant_docs"])
    assert set(documents) <= set(asked), set(documents) - set(asked)
    cross = [
        q for q in questions if q["answerable"] and documents[q["relevant_docs"][0]].language != q["lang"]
    ]
    assert len(cross) >= 0.3 * len(questions)


def test_relevant_documents_exist_and_hold_the_facts(questions: list[dict], documents: dict) -> None:
    for q in questions:
        for doc_id in q["relevant_docs"]:
            assert doc_id in documents, (q["id"], doc_id)
        texts = [normalise_for_match(documents[d].text) for d in q["relevant_docs"]]
        for fact in q["answer_facts"]:
            assert any(normalise_for_match(fact) in t for t in texts), (q["id"], fact)
