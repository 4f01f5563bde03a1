"""Card test cases, as OpenFisca and PolicyEngine test rules: a profile and the status it must get.

Cases live with the card (staff add them in /admin or in `kb/cards/<doc id>.yaml`); `eldercare cards test`
runs them all, and `make test` runs them on the bundled knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.errors import EldercareError

from .screen import STATUSES, profile_from, screen_card


@dataclass(frozen=True)
class CaseResult:
    card_id: str
    profile: dict[str, Any]
    expect: str
    got: str | None
    reason: str = ""  # why it could not run (a bad profile or status), or the condition that decided

    @property
    def passed(self) -> bool:
        return self.got == self.expect


def run_card_tests(book: Any) -> list[CaseResult]:
    """Every card's cases, and, failed, the cases staff wrote for a card the reader no longer makes (they
    run on no other card, and are not dropped unseen: its `card_name` wants updating or the cases removing)."""
    results = _orphaned(book)
    for card in book.all():
        for case in card.tests:
            profile = dict(case.get("profile") or {})
            expect = str(case.get("expect", ""))
            if expect not in STATUSES:
                results.append(
                    CaseResult(card.id, profile, expect, None, f"expect must be one of {', '.join(STATUSES)}")
                )
                continue
            try:
                person = profile_from(profile)
            except EldercareError as error:
                results.append(CaseResult(card.id, profile, expect, None, str(error)))
                continue
            outcome = screen_card(card, person, "en")
            deciding = outcome.failed or outcome.unknown
            reason = (
                "; ".join(f"{c.field} {c.op} {c.value}" for c in deciding) if outcome.status != expect else ""
            )
            results.append(CaseResult(card.id, profile, expect, outcome.status, reason))
    return results


def _orphaned(book: Any) -> list[CaseResult]:
    from .book import read_staff, tests_only

    out = []
    for doc_id in list(book.by_doc):
        names = {card.name for card in book.machine(doc_id)}
        for record in read_staff(book.cards_dir, doc_id):
            anchor = record.get("card_name")
            if anchor and anchor not in names and tests_only(record):
                for case in record.get("tests") or []:
                    out.append(
                        CaseResult(
                            str(record["id"]),
                            dict(case.get("profile") or {}),
                            str(case.get("expect", "")),
                            None,
                            f"written for '{anchor}', a card no longer read from the document",
                        )
                    )
    return out
