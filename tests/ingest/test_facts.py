"""What ingestion reads from each document once (places named, sentences setting limits) is what answers
would read from it themselves."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer.checks import named_places
from assistant.answer.documents import DocumentChunks
from assistant.answer.verdict import Verdicts

pytestmark = pytest.mark.slow


def test_the_facts_read_at_ingestion_are_those_answers_would_read(retriever) -> None:
    documents = list(retriever.documents.values())
    assert all(d.mentions is not None and d.limit_sentences is not None for d in documents)
    assert sum(len(d.limit_sentences) for d in documents) > 10  # the corpus sets income and age limits
    assert any(len(d.mentions) > len(d.places) for d in documents)  # documents name other places
    kept, fresh = Verdicts(DocumentChunks(retriever.chunks)), Verdicts(DocumentChunks(retriever.chunks))
    for document in documents:
        unread = replace(document, mentions=None, limit_sentences=None)
        assert named_places(document) == named_places(unread)
        assert kept._document_limits(document) == fresh._document_limits(unread), document.doc_id
        assert kept.limits_in(document) == fresh.limits_in(unread)
