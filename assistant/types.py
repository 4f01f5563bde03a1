"""The typed objects that stages hand each other: Document, Chunk, Hit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Script = Literal["zh-Hans", "zh-Hant", "en"]
SCRIPTS: tuple[Script, ...] = ("zh-Hans", "zh-Hant", "en")


@dataclass(frozen=True)
class Document:
    """A knowledge-base document as ingestion understood it.

    `text` is the cleaned text in its original script: quotes are cut from it. `search_text` is the same
    text in simplified Chinese (identical for English), the view BM25 and matching work on.
    """

    doc_id: str
    path: str
    title: str
    text: str
    search_text: str
    language: Script
    region: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    source: str | None = None
    sha256: str = ""

    def listing(self, chunks: int) -> dict[str, object]:
        """The FORMATS.md section 5 object (without text)."""
        return {
            "id": self.doc_id,
            "title": self.title,
            "language": self.language,
            "region": self.region,
            "published": self.published,
            "source": self.source,
            "chunks": chunks,
            "chars": len(self.text),
        }


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: `text == document.text[start:end]`."""

    chunk_id: str  # doc_id#n
    doc_id: str
    n: int
    start: int
    end: int
    text: str
    search_text: str
    language: Script

    @property
    def content_key(self) -> str:
        """Key for the embedding cache: the same passage text embeds to the same vector."""
        import hashlib

        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its fused score and the scores that made it."""

    chunk: Chunk
    document: Document
    score: float
    rank: int
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """A file ingestion could not read, with the reason a user can act on."""

    path: str
    reason: str
