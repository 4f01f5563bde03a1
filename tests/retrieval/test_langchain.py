from __future__ import annotations

import pytest

from assistant.retrieval.langchain import EldercareRetriever
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


def test_langchain_adapter_returns_our_hits(retriever) -> None:
    adapter = EldercareRetriever(retriever=retriever, k=3)
    documents = adapter.invoke("桂林90歲以上老人有什麼居家服務？")
    assert len(documents) == 3
    assert documents[0].metadata["doc_id"] == SEEDS["004"]
    assert (
        documents[0].page_content == retriever.search("桂林90歲以上老人有什麼居家服務？", k=1)[0].chunk.text
    )
