"""Carry a question across languages for BM25: place names and policy terms, English <-> Chinese.

BM25 cannot match 'Guilin' with '桂林'; dense models can, but rank same-language passages far above
translations (the "language wall"). Adding the other language's words to the query lets BM25 meet
documents in either language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from assistant.text.places import find_places


@lru_cache(maxsize=1)
def glossary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(english term, simplified Chinese terms) pairs, longest English term first."""
    path = resources.files("assistant.text").joinpath("data/glossary.tsv")
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, chinese = line.split("\t", 1)
        pairs.append((english.strip().lower(), tuple(t for t in chinese.strip().split("|") if t)))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _english_hits(text: str) -> list[tuple[str, tuple[str, ...]]]:
    lowered = _unhyphenated(text.lower())
    return [(en, zh) for en, zh in glossary() if re.search(rf"\b{re.escape(_unhyphenated(en))}s?\b", lowered)]


def _unhyphenated(text: str) -> str:
    """Hyphens between letters as spaces: 'old-age allowance' and 'old age allowance', 'long term care'
    and 'long-term care' are one term."""
    return re.sub(r"(?<=[a-z])[-‐–](?=[a-z])", " ", text)


def translations(simplified_query: str, query_is_english: bool) -> list[str]:
    """Words of the other language for a query (Chinese for English questions, English for Chinese)."""
    out: list[str] = []
    for place, _written in find_places(simplified_query):
        if query_is_english:
            out.extend(place.names_hans[:1])
        else:
            out.extend(place.names_en[:1])
    if query_is_english:
        for _, chinese in _english_hits(simplified_query):
            out.extend(chinese)
    else:
        for english, chinese in glossary():
            if any(term in simplified_query for term in chinese):
                out.append(english)
    seen: set[str] = set()
    return [t for t in out if not (t in seen or seen.add(t))]


def synonyms(term: str) -> list[str]:
    """Other names of a policy term from the glossary: its English name and its other Chinese names."""
    out: list[str] = []
    lowered = _unhyphenated(term.lower())
    for english, chinese in glossary():
        if lowered == _unhyphenated(english) or term in chinese:
            out.append(english)
            out.extend(c for c in chinese if c != term)
    return list(dict.fromkeys(out))


# A glossary group naming a scheme ('长者咭|优待卡'): its Chinese names are different schemes of
# different places, never one another's everyday word.
_SCHEME = re.compile(r"(?:卡|咭|证|津贴|补贴|补助|金|券|计划|配套)$")


def everyday_siblings(word: str) -> list[str]:
    """The other Chinese words of the glossary group a Chinese word is in ('地铁' -> '轨道交通',
    '城市轨道交通'), when the group is a common noun (one English word: 'metro', 'bus'), not a policy term
    ('long-term care': its abbreviation '长照' is the page's own) nor a scheme: how a page may write what a
    question says in everyday words."""
    out: list[str] = []
    for english, chinese in glossary():
        if " " in english or "-" in english:
            continue
        if word in chinese and not any(_SCHEME.search(c) for c in chinese):
            out.extend(c for c in chinese if c != word)
    return list(dict.fromkeys(out))
