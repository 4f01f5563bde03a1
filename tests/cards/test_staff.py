"""Staff corrections: data beside the documents that wins over the machine, survives reindexing, and is
flagged (never silently kept) when its document changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cards.book import CardBook, load_cards, read_staff, write_staff
from assistant.cards.testing import run_card_tests
from assistant.index import store
from assistant.ingest.pipeline import ingest

from .test_read import ALLOWANCE, TIERS


def _book(index: Path, cards_dir: Path) -> CardBook:
    build = store.current_build(index)
    documents, _ = store.load_corpus(build)
    return CardBook(load_cards(build), documents, cards_dir)


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    docs, index, cards = tmp_path / "documents", tmp_path / "index", tmp_path / "cards"
    docs.mkdir()
    (docs / "tiers.md").write_text(TIERS, encoding="utf-8")
    (docs / "grant.md").write_text(ALLOWANCE, encoding="utf-8")
    ingest(docs, index, ["hash-64"])
    return docs, index, cards


def test_cards_are_stored_in_the_build(folders: tuple[Path, Path, Path]) -> None:
    _, index, _ = folders
    cards = load_cards(store.current_build(index))
    assert {c.doc_id for c in cards} == {"tiers", "grant"}
    assert all(c.id.startswith(f"{c.doc_id}#") for c in cards)


def test_a_correction_wins_survives_a_reindex_and_changes_a_screen(folders: tuple[Path, Path, Path]) -> None:
    docs, index, cards_dir = folders
    book = _book(index, cards_dir)
    grant = next(c for c in book.by_doc["grant"] if "Home Help Grant" in c.name)
    income = next(c for c in grant.conditions if c.field == "income")
    corrected = [c.to_json() for c in grant.conditions if c.field != "income"]
    corrected.append({**income.to_json(), "value": 2000})  # staff: the ceiling read is wrong (as a test)
    # the quote does not state 2000: the guard sets it aside rather than show it
    write_staff(
        cards_dir,
        "grant",
        [
            {
                "id": grant.id,
                "card_name": grant.name,
                "conditions": corrected,
                "checked": {"by": "ana", "at": "2026-12-04", "sha256": book.documents["grant"].sha256},
            }
        ],
    )
    guarded = _book(index, cards_dir).card(grant.id)
    assert guarded is not None and not any(c.field == "income" for c in guarded.conditions)
    assert any("does not state" in note for note in guarded.review)

    # a correction that removes a condition the machine read, and adds a test case
    kept = [c.to_json() for c in grant.conditions if c.field != "care_need"]
    write_staff(
        cards_dir,
        "grant",
        [
            {
                "id": grant.id,
                "card_name": grant.name,
                "conditions": kept,
                "tests": [{"profile": {"residence": "citizen", "income_year": 12000}, "expect": "likely"}],
                "checked": {"by": "ana", "at": "2026-12-04", "sha256": book.documents["grant"].sha256},
            }
        ],
    )
    ingest(docs, index, ["hash-64"], force=True)  # a reindex reads the machine's cards again
    after = _book(index, cards_dir).card(grant.id)
    assert after is not None and after.checked and after.source == "staff"
    assert not any(c.field == "care_need" for c in after.conditions) and not after.review
    results = run_card_tests(_book(index, cards_dir))
    assert results and all(r.passed for r in results), results


def test_a_document_edit_flags_its_checked_card(folders: tuple[Path, Path, Path]) -> None:
    docs, index, cards_dir = folders
    book = _book(index, cards_dir)
    grant = next(c for c in book.by_doc["grant"] if "Home Help Grant" in c.name)
    write_staff(
        cards_dir,
        "grant",
        [
            {
                "id": grant.id,
                "card_name": grant.name,
                "name": grant.name,
                "conditions": [c.to_json() for c in grant.conditions],
                "gives": [g.to_json() for g in grant.gives],
                "checked": {"by": "ana", "at": "2026-12-04", "sha256": book.documents["grant"].sha256},
            }
        ],
    )
    assert not _book(index, cards_dir).card(grant.id).review
    edited = ALLOWANCE.replace("A cash payout of $300 each month", "A cash payout of $350 each month")
    (docs / "grant.md").write_text(edited, encoding="utf-8")
    ingest(docs, index, ["hash-64"])
    card = _book(index, cards_dir).card(grant.id)
    assert card is not None
    assert any("document changed" in note for note in card.review)
    # the gift whose quoted sentence is gone is set aside, not shown
    assert any("quoted sentence gone" in note for note in card.review)
    assert not any(g.value == 300 for g in card.gives)


def test_removing_and_adding_cards(folders: tuple[Path, Path, Path]) -> None:
    _, index, cards_dir = folders
    book = _book(index, cards_dir)
    first = book.by_doc["tiers"][0]
    sentence = book.documents["tiers"].text.splitlines()[-1]
    write_staff(
        cards_dir,
        "tiers",
        [
            {"id": first.id, "removed": True},
            {
                "id": "tiers#staff-1",
                "name": "日间照料",
                "kind": "service",
                "gives": [
                    {
                        "what": "service",
                        "text": "日间照料中心",
                        "cite": {"chunk_id": "tiers#0", "quote": sentence},
                    }
                ],
            },
        ],
    )
    after = _book(index, cards_dir)
    assert after.card(first.id) is None
    added = after.card("tiers#staff-1")
    assert added is not None and added.name == "日间照料" and added.doc_id == "tiers"
    assert after.counts("tiers")["cards"] == len(book.by_doc["tiers"])
    assert read_staff(cards_dir, "tiers")[0]["removed"] is True


def test_test_cases_of_a_card_no_longer_read_are_not_run_on_another(folders: tuple[Path, Path, Path]) -> None:
    _, index, cards_dir = folders
    book = _book(index, cards_dir)
    first = book.by_doc["grant"][0]
    write_staff(
        cards_dir,
        "grant",
        [
            {
                "id": first.id,
                "card_name": "a card the reader no longer makes",
                "tests": [{"profile": {"age": 1}, "expect": "likely"}],
            }
        ],
    )
    results = run_card_tests(_book(index, cards_dir))
    # run on no other card, and not dropped unseen: failed, saying which card it was written for
    assert [(r.got, r.passed) for r in results] == [(None, False)]
    assert "a card the reader no longer makes" in results[0].reason


def test_any_document_id_a_file_name_holds_has_a_staff_file(tmp_path: Path) -> None:
    from assistant.errors import BadQuery
    from assistant.types import Document

    odd = [
        Document(doc_id, f"{doc_id}.md", "t", "text", "text", "en") for doc_id in ("a b", "x~1", "桂林 通知")
    ]
    book = CardBook([], odd, tmp_path / "cards")  # loads, whatever the ids
    write_staff(tmp_path / "cards", "x~1", [{"id": "x~1#staff-1", "name": "n", "kind": "service"}])
    assert [c.id for c in book.refresh("x~1")] == ["x~1#staff-1"]
    for bad in ("../escape", "a/b", ".hidden", ""):
        with pytest.raises(BadQuery):
            read_staff(tmp_path / "cards", bad)
