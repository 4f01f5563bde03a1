"""The corpus on disk: documents and passages saved, read back on demand, equal to what was saved."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from assistant.index import corpus
from assistant.ingest.chunk import chunk_document
from assistant.types import Document


def _documents() -> list[Document]:
    long_zh = "第一条 年满八十周岁的老年人，每月发放高龄津贴一百元。" * 40
    return [
        Document(
            "zh-doc",
            "a/zh.md",
            "高齡津貼辦法",
            long_zh,
            long_zh,
            "zh-Hant",
            "桂林",
            "2024-03-01",
            "桂林日報",
            "ab" * 32,
            ("guilin",),
            ("a warning",),
        ),  # fmt: skip
        Document(
            "en-doc",
            "b/en.md",
            "Senior subsidy",
            "Anyone aged 65 may apply. " * 80,
            "Anyone aged 65 may apply. " * 80,
            "en",
        ),  # fmt: skip
        Document("empty-doc", "c/empty.md", "Nothing", "", "", "zh-Hans"),
    ]


@pytest.fixture()
def saved(tmp_path: Path) -> tuple[Path, list[Document], list]:
    documents = _documents()
    # Passages in an order other than by document: the English document's first.
    chunks = chunk_document(documents[1]) + chunk_document(documents[0])
    corpus.save(tmp_path, documents, chunks)
    return tmp_path, documents, chunks


def test_a_saved_corpus_reads_back_equal(saved: tuple[Path, list[Document], list]) -> None:
    build, documents, chunks = saved
    read_documents, passages = corpus.load(build)
    assert list(read_documents) == [d.doc_id for d in documents]
    assert [read_documents[d.doc_id] for d in documents] == documents
    assert len(passages) == len(chunks) > 4
    assert list(passages) == chunks
    assert passages[-1] == chunks[-1] and passages[1:3] == chunks[1:3]
    with pytest.raises(IndexError):
        passages[len(chunks)]
    # Headers carry everything but the text.
    header = read_documents.header("zh-doc")
    assert header.text == "" and header.places == ("guilin",) and header.warnings == ("a warning",)


def test_passages_are_found_by_document_and_by_id(saved: tuple[Path, list[Document], list]) -> None:
    build, documents, chunks = saved
    _, passages = corpus.load(build)
    zh = [c for c in chunks if c.doc_id == "zh-doc"]
    assert passages.of_document("zh-doc") == zh
    assert passages.of_document("empty-doc") == [] and passages.of_document("unknown") == []
    assert passages.counts() == {"zh-doc": len(zh), "en-doc": len(chunks) - len(zh), "empty-doc": 0}
    for i, chunk in enumerate(chunks):
        assert passages.number_of(chunk.chunk_id) == i
    assert passages.number_of("zh-doc#999") is None
    assert passages.number_of("zh-doc#x") is None
    assert passages.number_of("nothing#0") is None
    assert list(passages.documents) == [1] * (len(chunks) - len(zh)) + [0] * len(zh)


def test_a_build_from_before_reads_as_it_was_saved(tmp_path: Path) -> None:
    documents = _documents()
    chunks = [c for d in documents for c in chunk_document(d)]
    with open(tmp_path / corpus.HEADERS, "w", encoding="utf-8") as handle:
        for document in documents:
            handle.write(json.dumps(asdict(document), ensure_ascii=False) + "\n")
    with open(tmp_path / corpus.OLD_PASSAGES, "w", encoding="utf-8") as handle:
        for chunk in chunks:
            handle.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
    read_documents, passages = corpus.load(tmp_path)
    assert list(read_documents.values()) == documents
    assert list(passages) == chunks
    assert passages.of_document("en-doc") == [c for c in chunks if c.doc_id == "en-doc"]
