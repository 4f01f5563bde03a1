"""Sentence vectors made at ingestion: every sentence an answer weighs is in the build, as the model
would embed it then."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.answer.evidence import candidate_sentences
from assistant.index.sentences import SENTENCE_MODEL, SentenceVectors, sentence_text

pytestmark = pytest.mark.slow


def test_every_retrieved_sentence_has_its_vector(retriever) -> None:
    held = retriever.sentences
    assert held is not None and held.model == SENTENCE_MODEL
    assert held.vectors.dtype == np.float16
    hits = retriever.search("我父親92歲，住在桂林，可以得到什麼居家服務？", k=10, distinct=False)
    sentences = candidate_sentences(hits)
    rows = [held.row(s.chunk.chunk_id, s.start, s.end) for s in sentences]
    assert sentences and None not in rows
    fresh = retriever.embedders[SENTENCE_MODEL].embed([sentence_text(s.text) for s in sentences])
    stored = np.asarray(held.vectors[rows], dtype=np.float32)
    cosines = np.sum(stored * fresh, axis=1) / np.linalg.norm(stored, axis=1)
    assert cosines.min() > 0.999


def test_unknown_sentences_and_builds_without_vectors(retriever, tmp_path: Path) -> None:
    held = retriever.sentences
    chunk = retriever.chunks[0]
    assert held.row(chunk.chunk_id, chunk.start, chunk.start + 1) is None
    assert held.row("no-such-document#0", 0, 10) is None
    assert SentenceVectors.load(tmp_path, [c.chunk_id for c in retriever.chunks]) is None


def test_copies_share_the_rows_of_their_source_passages(retriever) -> None:
    held = retriever.sentences
    source = retriever.chunks[3]
    copy = held.copies([3, 3, 0], ["copy-a#0", "copy-b#0", "copy-c#0"])
    start, end = (int(x) for x in held.spans[held.ranges[3][0], 1:])
    assert copy.row("copy-a#0", start, end) == copy.row("copy-b#0", start, end)
    assert copy.row("copy-a#0", start, end) == held.row(source.chunk_id, start, end)
    assert copy.row("copy-c#0", start, end) is None
