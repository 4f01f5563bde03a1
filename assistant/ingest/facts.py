"""What ingestion reads from each document once, so that no answer pays for reading a whole document: the
places it names anywhere, and its sentences that set a numeric limit (kept on the `Document`)."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.checks import named_places
from assistant.answer.verdict import limit_sentences
from assistant.types import Chunk, Document


def read_facts(document: Document, chunks: list[Chunk]) -> Document:
    """The document with `mentions` and `limit_sentences` read from its text and passages."""
    blank = replace(document, mentions=None, limit_sentences=None)
    return replace(
        document,
        mentions=tuple(sorted(named_places(blank))),
        limit_sentences=limit_sentences(blank, chunks),
    )
