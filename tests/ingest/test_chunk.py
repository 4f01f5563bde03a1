from __future__ import annotations

from pathlib import Path

from assistant.ingest.chunk import MAX_CHARS, chunk_document
from assistant.ingest.load import load_documents


def test_chunks_point_into_the_cleaned_text_and_quote_well(kb_dir: Path) -> None:
    documents, _ = load_documents(kb_dir, 10**7)
    sizes = []
    for document in documents:
        chunks = chunk_document(document)
        assert chunks, document.doc_id
        for n, chunk in enumerate(chunks):
            assert chunk.chunk_id == f"{document.doc_id}#{n}"
            assert document.text[chunk.start : chunk.end] == chunk.text
            sizes.append(len(chunk.text))
        # Together the chunks cover the document: no text is lost between two chunks.
        covered = "".join(document.text[c.start : c.end] for c in chunks)
        assert (
            len(covered.replace("\n", "").replace(" ", ""))
            >= len(document.text.replace("\n", "").replace(" ", "")) * 0.98
        )
    assert max(sizes) <= MAX_CHARS
    assert sorted(sizes)[len(sizes) // 2] >= 150  # the median passage is quote-sized
