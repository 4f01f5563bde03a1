"""The guard every answer passes before it leaves: quotes verbatim, numbers only from cited sources."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numbers import CN_NUMERALS
from assistant.text.script import normalise_for_match
from assistant.types import Citation, Document

# Digit runs (with decimals and thousands separators) and Chinese numerals of two or more characters.
_NUMBER = re.compile(rf"\d[\d,.]*\d|\d|[{CN_NUMERALS}]{{2,}}")


@dataclass(frozen=True)
class GuardReport:
    ok: bool
    problems: list[str]


def numbers_in(text: str) -> set[str]:
    return {normalise_for_match(m.group(0)).rstrip(".,") for m in _NUMBER.finditer(text)}


def check_answer(
    text: str, citations: list[Citation], documents: dict[str, Document], question: str = ""
) -> GuardReport:
    """Every quote occurs verbatim in its document at its offsets; every number in the text occurs in a
    cited quote, a cited document's title or date, a citation marker, or the question itself (the
    asker's age)."""
    problems: list[str] = []
    allowed = numbers_in(question)
    for citation in citations:
        document = documents.get(citation.doc_id)
        if document is None or document.text[citation.start : citation.end] != citation.quote:
            problems.append(f"citation [{citation.n}] does not quote {citation.doc_id} verbatim")
        allowed |= numbers_in(citation.quote)
        if citation.quote_in_asker_script:
            allowed |= numbers_in(citation.quote_in_asker_script)
        allowed |= numbers_in(citation.title)  # the answer names its sources by title
        if citation.published:
            allowed |= numbers_in(citation.published) | {normalise_for_match(citation.published)}
        allowed.add(str(citation.n))
    for number in numbers_in(text):
        if number in allowed:
            continue
        problems.append(f"number {number} is not in any cited quote")
    return GuardReport(not problems, problems)
