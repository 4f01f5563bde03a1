"""Documents written as a user would drop them in the documents folder, read by the real ingestion."""

from __future__ import annotations

from pathlib import Path

from assistant.cards.model import Card
from assistant.cards.read import read_cards
from assistant.ingest.chunk import chunk_document
from assistant.ingest.load import load_documents
from assistant.types import Document


def documents(folder: Path, files: dict[str, str]) -> dict[str, Document]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    found, _ = load_documents(folder, 10**7)
    return {d.doc_id: d for d in found}


def cards_of(document: Document) -> list[Card]:
    return read_cards(document, chunk_document(document))


def by_name(cards: list[Card], words: str) -> Card:
    found = [c for c in cards if words in c.name]
    assert found, f"no card named with {words!r} among {[c.name for c in cards]}"
    return found[0]
