"""Staff check the policy cards (/admin): confirm, correct, add or remove a card, and add test cases.

Every change is written to `kb/cards/<doc id>.yaml` (assistant/cards/book.py), so it survives reindexing and
wins over what ingestion read; the serving card book is refreshed at once."""

from __future__ import annotations

import datetime
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from assistant.cards.book import read_staff, write_staff
from assistant.cards.model import FIELDS, GIVES, KINDS, Card
from assistant.cards.screen import STATUSES, profile_from
from assistant.errors import BadQuery, NotFound
from assistant.server.routes.admin import token_check
from assistant.server.state import AppState


class CardEdit(BaseModel):
    """A card as staff want it; absent keys keep what the card has."""

    name: str | None = Field(None, max_length=300)
    kind: str | None = None
    effective: str | None = Field(None, max_length=10)
    expires: str | None = Field(None, max_length=10)
    conditions: list[dict[str, Any]] | None = None
    gives: list[dict[str, Any]] | None = None
    apply: dict[str, Any] | None = None
    by: str = Field("staff", max_length=100, description="Who checked it.")


class CardTest(BaseModel):
    profile: dict[str, Any]
    expect: str
    place: str | None = Field(None, max_length=200)


def _check(edit: CardEdit) -> None:
    if edit.kind is not None and edit.kind not in KINDS:
        raise BadQuery(f"kind must be one of {', '.join(KINDS)}")
    for condition in edit.conditions or []:
        if condition.get("field") not in FIELDS:
            raise BadQuery(f"a condition's field must be one of {', '.join(FIELDS)}")
        if condition.get("op") not in (">=", ">", "<=", "<", "is", "not"):
            raise BadQuery("a condition's op must be one of >=, >, <=, <, is, not")
    for give in edit.gives or []:
        if give.get("what") not in GIVES:
            raise BadQuery(f"a gift's what must be one of {', '.join(GIVES)}")
    for date in (edit.effective, edit.expires):
        if date:
            try:
                datetime.date.fromisoformat(date)
            except ValueError:
                raise BadQuery(f"{date!r} is not a date (YYYY-MM-DD)") from None


def cards_router(state: AppState, token: str) -> APIRouter:
    router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(token_check(token))])

    def book():  # type: ignore[no-untyped-def]
        return state.require_assistant().cards

    def card_of(card_id: str) -> Card:
        found = book().card(card_id)
        if found is None:
            raise NotFound(f"no card {card_id!r}")
        return found

    def save(doc_id: str, record: dict[str, Any], replace_id: str | None = None) -> list[Card]:
        machine = next((c for c in book().machine(doc_id) if c.id == record["id"]), None)
        if machine is not None:
            record = {**record, "card_name": machine.name}  # follows the card if the numbering moves
        records = [
            r for r in read_staff(state.cards_dir, doc_id) if r.get("id") != (replace_id or record["id"])
        ]
        records.append(record)
        write_staff(state.cards_dir, doc_id, records)
        return book().refresh(doc_id)

    def checked(by: str, doc_id: str) -> dict[str, str]:
        document = book().documents[doc_id]
        return {"by": by or "staff", "at": datetime.date.today().isoformat(), "sha256": document.sha256}

    @router.get("/documents/{doc_id}/cards")
    def document_cards(doc_id: str) -> dict[str, Any]:
        """A document's cards as served (staff corrections applied), and as the machine read them."""
        if doc_id not in book().documents:
            raise NotFound(f"no document {doc_id!r} in the index")
        return {
            "doc_id": doc_id,
            **book().counts(doc_id),
            "cards": [c.to_json() for c in book().by_doc.get(doc_id, [])],
            "machine": [c.to_json() for c in book().machine(doc_id)],
        }

    @router.put("/cards/{card_id}")
    def correct_card(card_id: str, body: CardEdit) -> dict[str, Any]:
        """Confirm a card as it is (an empty body) or correct it; either way it is checked by staff."""
        _check(body)
        card = card_of(card_id)
        raw = card.to_json()
        for key in ("name", "kind", "effective", "expires", "conditions", "gives", "apply"):
            value = getattr(body, key)
            if value is not None:
                raw[key] = value
        record = {
            k: raw[k]
            for k in ("id", "name", "kind", "effective", "expires", "conditions", "gives", "apply", "tests")
        }
        record["checked"] = checked(body.by, card.doc_id)
        Card.from_json({**record, "doc_id": card.doc_id})  # it must read back
        cards = save(card.doc_id, record)
        return next(c.to_json() for c in cards if c.id == card_id)

    @router.post("/documents/{doc_id}/cards", status_code=201)
    def add_card(doc_id: str, body: CardEdit) -> dict[str, Any]:
        """A card the machine missed."""
        _check(body)
        if doc_id not in book().documents:
            raise NotFound(f"no document {doc_id!r} in the index")
        if not body.name:
            raise BadQuery("a new card needs a name")
        taken = {c.id for c in book().by_doc.get(doc_id, [])} | {
            str(r.get("id")) for r in read_staff(state.cards_dir, doc_id)
        }
        n = 1
        while f"{doc_id}#staff-{n}" in taken:
            n += 1
        record = {
            "id": f"{doc_id}#staff-{n}",
            "name": body.name,
            "kind": body.kind or "service",
            "effective": body.effective,
            "expires": body.expires,
            "conditions": body.conditions or [],
            "gives": body.gives or [],
            "apply": body.apply or {},
            "tests": [],
            "checked": checked(body.by, doc_id),
        }
        Card.from_json({**record, "doc_id": doc_id})
        cards = save(doc_id, record)
        return next(c.to_json() for c in cards if c.id == record["id"])

    @router.delete("/cards/{card_id}")
    def remove_card(card_id: str) -> dict[str, Any]:
        """Not a benefit: removed from screens (the record stays, so the machine's reading does not return)."""
        card = card_of(card_id)
        save(card.doc_id, {"id": card_id, "removed": True, "checked": checked("staff", card.doc_id)})
        return {"removed": card_id}

    @router.post("/cards/{card_id}/tests", status_code=201)
    def add_test(card_id: str, body: CardTest) -> dict[str, Any]:
        """A test case for the card: a profile and the status it must get (run by `eldercare cards test`)."""
        if body.expect not in STATUSES:
            raise BadQuery(f"expect must be one of {', '.join(STATUSES)}")
        profile_from(body.profile)  # refuses unknown or malformed facts
        card = card_of(card_id)
        staff = next((r for r in read_staff(state.cards_dir, card.doc_id) if r.get("id") == card_id), None)
        record = dict(staff) if staff else {"id": card_id}
        case: dict[str, Any] = {"profile": body.profile, "expect": body.expect}
        if body.place:
            case["place"] = body.place
        record["tests"] = [*(record.get("tests") or card.tests), case]
        cards = save(card.doc_id, record)
        return next(c.to_json() for c in cards if c.id == card_id)

    return router
