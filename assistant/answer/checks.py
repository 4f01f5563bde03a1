"""Does a passage answer what was asked? Checks of place, year and the kind of answer asked for.

A retrieval score cannot tell a near miss (the same benefit in another city or year, or a page about
the right benefit that never states the amount asked for) from an answer; these checks can.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from assistant.text.crosslingual import synonyms
from assistant.text.kinds import (
    FINE,
    amount_roles,
    reductions_only,
    states,
    states_count,
    states_fines_only,
    states_often,
    states_points,
    states_post,
    states_processing,
    states_since,
)
from assistant.text.places import document_places as region_places
from assistant.text.places import find_places, lineage
from assistant.text.script import to_simplified
from assistant.types import Document


def states_asked(kind: str, text: str, role: str | None = None, context: str = "") -> bool:
    """The text states the kind of answer asked for; an amount of another role (an allowance for a
    question on rent, public money spent for one on a payout) does not count, an amount whose role
    neither the text nor the passage around it (`context`) says does; a count is of what was counted
    (`role`: people, beds, places); points asked, only points."""
    if kind == "count":
        return states_count(text, role)
    if kind == "duration" and role == "often":
        return states_often(text)
    if kind == "duration" and role == "since":
        return states_since(text)
    if kind == "duration" and role == "processing":
        return states_processing(text)
    if kind == "where" and role == "post":
        return states_post(text)
    if kind == "amount" and role == "points":
        return states_points(text)
    if not states(kind, text):
        return False
    if kind != "amount":
        return True
    if role == "fine":
        return bool(FINE.search(to_simplified(f"{text}\n{context}")))
    if states_fines_only(text):
        return False  # a penalty's sum answers no question about what one gets or pays
    if role is None:
        return True
    if role == "charge" and reductions_only(text):
        return False  # what is taken off a price is not the price asked
    roles = amount_roles(text) or amount_roles(context)
    return not roles or role in roles


def document_places(document: Document) -> set[str]:
    """The most specific places a document is about (its region, resolved to gazetteer keys at
    ingestion): a city's document does not speak for every other city of its country."""
    return set(document.places or region_places(document.region, document.title))


def place_covered(place_key: str, document: Document) -> bool:
    """The document is about this place, a place containing it, a place inside it, or names it."""
    doc_places = document_places(document)
    if doc_places & set(lineage(place_key)):
        return True  # the asker's place is the document's region or lies inside it
    if any(place_key in lineage(doc_place) for doc_place in doc_places):
        return True  # the document is about a place inside the asked one
    return place_key in named_places(document)


def named_places(document: Document) -> frozenset[str]:
    """Places a document names anywhere in its title or text: read at ingestion (`Document.mentions`),
    else here, once per text."""
    if document.mentions is not None:
        return frozenset(document.mentions)
    return _named_places(document.title + "\n" + document.text)


@lru_cache(maxsize=4096)
def _named_places(text: str) -> frozenset[str]:
    """Places a document names anywhere (scanning a whole document costs a few ms: done once)."""
    return frozenset(p.key for p, _ in find_places(text))


def missing_places(places: tuple[str, ...] | set[str], document: Document) -> list[str]:
    """The asked places (gazetteer keys) the document does not cover."""
    return sorted(key for key in places if not place_covered(key, document))


def missing_years(years: tuple[str, ...], document: Document) -> list[str]:
    """Years asked about that the document never mentions (2019 asked, a 2025 notice found)."""
    text = f"{document.title}\n{document.published or ''}\n{document.text}"
    return sorted(year for year in years if year not in text)


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of two neighbours as one edit ('senoir' -> 'senior')."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, start=1):
        row = [i]
        for j, cb in enumerate(b, start=1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        if min(row) > limit:
            return limit + 1
        rows.append(row)
    return rows[-1][-1]


Synonyms = Callable[
    [str], list[str]
]  # other names of a benefit (crosslingual.synonyms, BenefitNames.synonyms)


def benefit_covered(
    candidates: list[str], document: Document, knows_synonyms: Synonyms, translated: bool = False
) -> bool:
    """The document names the benefit: a spelling of at least two characters (or its English words,
    allowing a typo), an abbreviation of it, or a glossary synonym. An English name is found through
    its Chinese synonyms only when `translated`: the glossary's Chinese for 'senior citizen card' is
    Guangzhou's concession card as well as Hong Kong's, and only the place asked about tells them apart."""
    text = (document.title + "\n" + document.search_text).lower()
    for candidate in candidates:
        if candidate.isascii():
            words = [w.lower() for w in candidate.split() if len(w) > 2]
            if words and all(_word_in(w, text) for w in words):
                return True
            if translated and any(not s.isascii() and s in text for s in knows_synonyms(candidate)):
                return True  # its Chinese name, on a Chinese page of the place asked about
            continue
        if len(candidate) < 3 and candidate not in ("敬老金", "养老金"):
            continue
        if candidate in text or _abbreviation_in(candidate, text):
            return True
        paid_for = _MONEY_TAIL.sub("", candidate)
        if paid_for != candidate and len(paid_for) >= 2 and any(paid_for + w in text for w in _MONEY_WORDS):
            return (
                True  # '高龄补贴' is the page's '高龄津贴': the word for money given differs, not the benefit
            )
        if any(synonym in text for synonym in knows_synonyms(candidate)):
            return True
        head = _GENERIC_TAIL.sub("", candidate)
        if document.language == "en" and head != candidate and len(head) >= 2:
            # '门诊补贴' on an English page naming 'Outpatient Care Subsidies': the English of what it is
            # for, the glossary having no entry for the whole name
            if any(
                s.isascii() and re.search(rf"\b{re.escape(s.lower())}", text) for s in knows_synonyms(head)
            ):
                return True
    return False


# The generic word a benefit's name ends in: what the benefit is for comes before it ('门诊补贴',
# 'personal alarm allowance').
_GENERIC_TAIL = re.compile(
    r"(?:补贴|津贴|补助|资助|优惠|援助)$|\s+(?:allowance|subsidy|subsidies|grant|scheme|card|vouchers?|package)$",
    re.I,
)
# ... of which the words for money given are used one for another ('高龄补贴', '高龄津贴').
_MONEY_TAIL = re.compile(r"(?:补贴|津贴|补助金|补助|资助)$")
_MONEY_WORDS = ("补贴", "津贴", "补助", "补助金", "资助")


def head_held(name: str, document: Document) -> bool:
    """An English benefit name's head ('personal alarm' of 'personal alarm allowance') is, through the
    glossary, a term a Chinese page uses: the page is about that benefit."""
    head = _GENERIC_TAIL.sub("", name)
    if not name.isascii() or head == name or document.language == "en":
        return False
    text = to_simplified(document.title + "\n" + document.search_text)
    return any(not s.isascii() and len(s) >= 2 and s in text for s in synonyms(head))


def _word_in(word: str, text: str) -> bool:
    if re.search(rf"\b{re.escape(word)}", text):
        return True
    if len(word) < 5:
        return False
    return any(
        _distance(word, known, 1) <= 1
        for known in set(re.findall(r"[a-z]{4,}", text))
        if abs(len(known) - len(word)) <= 1
    )


def names_as_phrase(benefits: Benefits, document: Document, slack: int = 3) -> bool:
    """Every English name the question gives is in the document with its words close together, in any
    order ('card for senior citizens'), not scattered over the page ('Subsidy for Senior Citizens' and,
    further on, 'Resident Identity Card'). True when no English name is asked."""
    names = [name for name, _ in benefits if name.isascii() and len(name.split()) >= 2]
    if not names:
        return True
    text = (document.title + "\n" + document.search_text).lower()
    return all(_words_near([w.lower() for w in name.split() if len(w) > 2], text, slack) for name in names)


def _words_near(words: list[str], text: str, slack: int = 3) -> bool:
    tokens = re.findall(r"[a-z0-9]+", text)
    hits = sorted(
        (i, k)
        for i, token in enumerate(tokens)
        for k, word in enumerate(words)
        if token.startswith(word)
        or (len(word) >= 5 and abs(len(token) - len(word)) <= 1 and _distance(word, token, 1) <= 1)
    )
    width = len(words) + slack
    return any(len({k for i, k in hits if start <= i < start + width}) == len(words) for start, _ in hits)


def _abbreviation_in(word: str, text: str) -> bool:
    return bool(re.search(".{0,3}".join(map(re.escape, word)), text))


Benefits = tuple[tuple[str, tuple[str, ...]], ...]  # named_benefits: (name as asked, spellings)


def missing_benefit(
    benefits: Benefits,
    document: Document,
    knows_synonyms: Synonyms,
    covering: Synonyms | None = None,
    place_asked: bool = False,
) -> str | None:
    """A benefit the question names (`benefits`, from named_benefits) that the document does not. A name is
    looked for only in a document of its own language (a Chinese name in an English page is checked
    through the glossary alone); `covering`, when given, finds more names of it than the glossary
    (BenefitNames.synonyms): it may find a name in the document, never make one checkable. With a place
    asked about (`place_asked`, the document being about it), an English name is found by its Chinese
    synonyms too."""
    for name, candidates in benefits_to_check(benefits, document, knows_synonyms):
        if not benefit_covered(candidates, document, covering or knows_synonyms, place_asked):
            return name
    return None


def benefits_to_check(
    benefits: Benefits, document: Document, knows_synonyms: Synonyms
) -> list[tuple[str, list[str]]]:
    """The benefits a question names that can be looked for in this document: names in its language,
    or with a glossary synonym."""
    english_document = document.language == "en"
    return [
        (name, list(candidates))
        for name, candidates in benefits
        if name.isascii() == english_document or any(knows_synonyms(c) for c in candidates)
    ]
