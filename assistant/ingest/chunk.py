"""Split a cleaned document into passages that quote well: by paragraph, then sentence, ~150-500 chars."""

from __future__ import annotations

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.text.script import to_simplified
from assistant.types import Chunk, Document

TARGET_CHARS = 400
OVERLAP_CHARS = 40
MIN_CHARS = 120
MAX_CHARS = 560
# Paragraphs first, then lines, then sentence ends (CJK and Latin), then clauses.
SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", ". ", "! ", "? ", "; ", "，", ", ", " ", ""]


def _splitter() -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=TARGET_CHARS,
        chunk_overlap=OVERLAP_CHARS,
        separators=SEPARATORS,
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )


def chunk_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each passage in `text`; short tails are merged into their neighbour."""
    spans: list[tuple[int, int]] = []
    for piece in _splitter().create_documents([text]):
        start = int(piece.metadata["start_index"])
        spans.append((start, start + len(piece.page_content)))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and (end - start < MIN_CHARS or merged[-1][1] - merged[-1][0] < MIN_CHARS):
            if end - merged[-1][0] <= MAX_CHARS:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                continue
        merged.append((start, end))
    return merged


def chunk_document(document: Document) -> list[Chunk]:
    chunks = []
    for n, (start, end) in enumerate(chunk_spans(document.text)):
        text = document.text[start:end]
        search = text if document.language == "en" else to_simplified(text, document.region)
        chunks.append(
            Chunk(
                chunk_id=f"{document.doc_id}#{n}",
                doc_id=document.doc_id,
                n=n,
                start=start,
                end=end,
                text=text,
                search_text=search,
                language=document.language,
            )
        )
    return chunks
