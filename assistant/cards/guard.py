"""The guard on cards: every figure a card shows comes from the sentence it cites.

A field whose quote is not in its document at its offsets, or whose number the quote does not state
(a staff correction to 60 that still cites '65周岁以上'), is set aside and listed in the card's `review`:
it is never shown to an asker.
"""

from __future__ import annotations

import re

from assistant.text.limits import money
from assistant.text.numbers import CN_NUMERALS, number_value
from assistant.text.script import to_simplified
from assistant.types import Document

from .model import Card, Cite

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CHINESE = re.compile(rf"[{CN_NUMERALS}]+")


def quote_values(quote: str) -> set[float]:
    """Every number a sentence states, as values: digits, Chinese numerals, sums with 万."""
    simplified = to_simplified(quote)
    values: set[float] = set()
    for match in _DIGITS.finditer(simplified):
        try:
            values.add(float(match.group(0).replace(",", "")))
        except ValueError:
            pass
    for match in _CHINESE.finditer(simplified):
        value = number_value(match.group(0))
        if value is not None:
            values.add(float(value))
    values |= {float(v) for _, _, v in money(simplified)}
    return values


def _stated(value: object, quote: str) -> bool:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True  # words, not a figure
    values = quote_values(quote)
    # A threshold may be stated one off ('over 65' is age >= 66), a sum in millions ('NT$5 million').
    return any(
        abs(number - v) < 1e-6 or abs(number - v - 1) < 1e-6 or abs(number - v * 1e6) < 1e-3 for v in values
    )


def _cite_ok(cite: Cite, document: Document) -> bool:
    if not cite.quote:
        return False
    if 0 <= cite.start < cite.end <= len(document.text):
        return document.text[cite.start : cite.end] == cite.quote
    return cite.quote in document.text


def guard_card(card: Card, document: Document) -> Card:
    problems: list[str] = []
    conditions = []
    for condition in card.conditions:
        if not _cite_ok(condition.cite, document):
            problems.append(
                f"not shown: {condition.field} {condition.op} {condition.value} (its quote is not in the document)"
            )
        elif not _stated(condition.value, condition.cite.quote):
            problems.append(
                f"not shown: {condition.field} {condition.op} {condition.value} (the quote does not state it)"
            )
        else:
            conditions.append(condition)
    gives = []
    for give in card.gives:
        if not _cite_ok(give.cite, document):
            problems.append(f"not shown: gives {give.what} (its quote is not in the document)")
        elif (
            give.value is not None
            and give.what in ("amount", "hours")
            and not _stated(give.value, give.cite.quote)
        ):
            problems.append(f"not shown: gives {give.what} {give.value} (the quote does not state it)")
        else:
            gives.append(give)
    if not problems:
        return card
    return card.with_(conditions=tuple(conditions), gives=tuple(gives), review=(*card.review, *problems))
