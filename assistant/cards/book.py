"""The cards of a build, with staff corrections laid over them.

Ingestion writes the cards it read to `cards.jsonl` in the build. Staff corrections live beside the
documents, one YAML file a document (`kb/cards/<doc id>.yaml`), so they survive every reindex and win over
what the machine read:

    doc_id: mo-senior-citizens-subsidy-en
    cards:
      - id: mo-senior-citizens-subsidy-en#1     # a card read by the machine, corrected: keys given replace its own
        conditions: [{field: age, op: ">=", value: 65, cite: {chunk_id: .., quote: ..}}]
        checked: {by: staff, at: "2026-12-04", sha256: <the document's sha256 when checked>}
      - id: mo-senior-citizens-subsidy-en#2
        removed: true                           # not a benefit
      - id: mo-senior-citizens-subsidy-en#staff-1   # a card staff added
        name: ..

A checked card whose document has changed since is flagged for review, and a corrected field whose quoted
sentence is no longer in the document is set aside (listed in the card's `review`), never kept silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import BadQuery
from assistant.index.corpus import Documents
from assistant.index.store import read_records, write_atomic, write_records
from assistant.text.places import lineage
from assistant.text.script import normalise_for_match
from assistant.types import Document

from .guard import guard_card
from .model import Card

CARDS_FILE = "cards.jsonl"


def save_cards(build: Path, cards: Iterable[Card]) -> None:
    write_records(build / CARDS_FILE, (card.to_json() for card in cards))


def load_cards(build: Path) -> list[Card]:
    path = build / CARDS_FILE
    return [Card.from_json(r) for r in read_records(path)] if path.is_file() else []


def staff_path(cards_dir: Path, doc_id: str) -> Path:
    """The staff file of a document: its id as the file name (any id a file name can hold; never one
    that would leave the folder)."""
    if not doc_id or doc_id.startswith(".") or any(ch in doc_id for ch in "/\\\0"):
        raise BadQuery(f"{doc_id!r} is not a document id")
    return cards_dir / f"{doc_id}.yaml"


def read_staff(cards_dir: Path | None, doc_id: str) -> list[dict[str, Any]]:
    """The staff records of one document's cards ([] when there are none)."""
    if cards_dir is None:
        return []
    path = staff_path(cards_dir, doc_id)
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    records = raw.get("cards") if isinstance(raw, dict) else None
    return [r for r in records or [] if isinstance(r, dict) and r.get("id")]


def write_staff(cards_dir: Path, doc_id: str, records: list[dict[str, Any]]) -> None:
    """Replace one document's staff records, atomically."""
    path = staff_path(cards_dir, doc_id)
    cards_dir.mkdir(parents=True, exist_ok=True)
    text = "# Staff corrections to the policy cards of one document (see assistant/cards/book.py).\n"
    text += yaml.safe_dump({"doc_id": doc_id, "cards": records}, allow_unicode=True, sort_keys=False)
    write_atomic(path, text)


def _quote_kept(quote: str, text: str) -> bool:
    return not quote or normalise_for_match(quote) in text


def tests_only(record: dict[str, Any]) -> bool:
    """A staff record that holds only test cases (and the check of them), no correction of the card."""
    return set(record) <= {"id", "card_name", "tests", "checked"}


def apply_staff(machine: list[Card], document: Document, records: list[dict[str, Any]]) -> list[Card]:
    """One document's cards: the machine's, with staff records laid over them."""
    if not records:
        return list(machine)
    by_id = {card.id: card for card in machine}
    order = [card.id for card in machine]
    normalised = normalise_for_match(document.text)  # only for documents staff corrected
    for record in records:
        card_id = str(record["id"])
        anchor = record.get("card_name")  # the machine card's name when staff wrote the record
        if anchor and card_id in by_id and by_id[card_id].name != anchor:
            # The reader's numbering moved: follow the card by its name.
            found = next((c.id for c in machine if c.name == anchor), None)
            if found is None:
                if tests_only(record):
                    continue  # test cases of a card no longer read: nothing to run them on
                card_id = f"{document.doc_id}#orphan-{len(order) + 1}"  # staff content stays, flagged
            else:
                card_id = found
            record = {**record, "id": card_id}
        if record.get("removed"):
            by_id.pop(card_id, None)
            continue
        base = by_id.get(card_id) or Card(card_id, document.doc_id, "", "service", place=_place(document))
        if card_id not in order:
            order.append(card_id)
        raw = {**base.to_json(), **{k: v for k, v in record.items() if k not in ("removed", "card_name")}}
        raw["doc_id"] = document.doc_id
        raw["place"] = raw.get("place") or _place(document)
        card = Card.from_json(raw)
        review: list[str] = []
        if anchor and card_id not in {c.id for c in machine if c.name == anchor}:
            review.append(f"the card this was written for ({anchor}) is no longer read from the document")
        checked = record.get("checked") or {}
        if checked and checked.get("sha256") and checked["sha256"] != document.sha256:
            review.append("the document changed after this card was checked")
        kept_conditions = []
        for condition in card.conditions:
            if _quote_kept(condition.cite.quote, normalised):
                kept_conditions.append(condition)
            else:
                review.append(f"quoted sentence gone: {condition.field} {condition.op} {condition.value}")
        kept_gives = []
        for give in card.gives:
            if _quote_kept(give.cite.quote, normalised):
                kept_gives.append(give)
            else:
                review.append(f"quoted sentence gone: gives {give.what} {give.value or ''}".rstrip())
        by_id[card_id] = card.with_(
            conditions=tuple(kept_conditions), gives=tuple(kept_gives), review=tuple(review)
        )
    return [by_id[card_id] for card_id in order if card_id in by_id]


def _place(document: Document) -> str | None:
    return document.places[0] if document.places else None


class CardBook:
    """Every card of a build, staff corrections applied, found by document or by place."""

    def __init__(
        self,
        machine: list[Card],
        documents: Mapping[str, Document] | list[Document],
        cards_dir: Path | None = None,
    ) -> None:
        self.cards_dir = cards_dir
        if isinstance(documents, Documents):
            self.documents = documents
        else:
            self.documents = Documents.of(documents.values() if isinstance(documents, Mapping) else documents)
        self._machine: dict[str, list[Card]] = {}
        for card in machine:
            self._machine.setdefault(card.doc_id, []).append(card)
        self.by_doc: dict[str, list[Card]] = {}
        self._at: dict[str, list[str]] = {}  # place key -> the documents about it
        staffed = {p.stem for p in cards_dir.glob("*.yaml")} if cards_dir and cards_dir.is_dir() else set()
        for header in self.documents.headers:  # a document's text is read only when it has cards
            if header.doc_id in self._machine or header.doc_id in staffed:
                self.refresh(header.doc_id)
            for key in header.places:
                self._at.setdefault(key, []).append(header.doc_id)

    def refresh(self, doc_id: str) -> list[Card]:
        """Lay the document's staff file over its machine cards again (after staff saved a change)."""
        document = self.documents[doc_id]
        cards = apply_staff(self._machine.get(doc_id, []), document, read_staff(self.cards_dir, doc_id))
        cards = [guard_card(card, document) for card in cards]
        self.by_doc[doc_id] = cards
        return cards

    def cards_of(self, doc_id: str) -> list[Card]:
        """A document's cards, staff corrections applied ([] for a document with none, or unknown)."""
        return list(self.by_doc.get(doc_id, []))

    def machine(self, doc_id: str) -> list[Card]:
        return list(self._machine.get(doc_id, []))

    def all(self) -> list[Card]:
        return [card for cards in self.by_doc.values() for card in cards]

    def card(self, card_id: str) -> Card | None:
        doc_id = card_id.split("#", 1)[0]
        return next((c for c in self.by_doc.get(doc_id, []) if c.id == card_id), None)

    def for_place(self, place: str | None) -> list[Card]:
        """Cards of the place and of every place containing it (district in city in province in country):
        a card counts where any of its document's places is one of these."""
        if place is None:
            return []
        doc_ids = dict.fromkeys(doc_id for key in lineage(place) for doc_id in self._at.get(key, ()))
        return [card for doc_id in doc_ids for card in self.by_doc.get(doc_id, ())]

    def counts(self, doc_id: str) -> dict[str, int]:
        cards = self.by_doc.get(doc_id, [])
        return {
            "cards": len(cards),
            "cards_checked": sum(1 for c in cards if c.checked),
            "cards_to_review": sum(1 for c in cards if c.review),
        }
