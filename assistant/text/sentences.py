"""Sentences of a passage: the units an answer quotes, and the units whose vectors ingestion stores."""

from __future__ import annotations

import re

# Sentence ends: CJK full stops, Latin ends followed by a space, line breaks. Semicolons end clauses in
# regulations, whose items are each a full rule.
# An abbreviation's full stop ends no sentence: 'P.O. Box', 'U.S. dollars', 'No. 6', 'e.g. a photo'.
_SENTENCE_END = re.compile(
    r"[。！？!?；;]+|(?<=[.])(?<![A-Z]\.[A-Z]\.)(?<!\b[Nn]o\.)(?<!\bSt\.)(?<!\bMr\.)(?<!\bDr\.)"
    r"(?<!\bMs\.)(?<!e\.g\.)(?<!i\.e\.)(?<!\bvs\.)\s+|\n+"
)
MIN_SENTENCE = 8
_HEADING_END = re.compile(r"[。.!?！？；;]$")


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed of spaces, shifted by `offset` (a passage's
    place in its document); pieces shorter than MIN_SENTENCE characters are left out."""
    spans = []
    position = 0
    heading: tuple[int, int] | None = None  # a short line just before, that a short value may be under
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.end() if match else len(text)
        piece = text[position:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        start, stop = position + left, position + right
        if right - left >= MIN_SENTENCE:
            spans.append((offset + start, offset + stop))
            heading = None
        elif heading is not None and stop > start and not ENUMERATOR.match(text[start:stop]):
            # a short value on the line under a short heading ('收费标准' over '不收费'): one statement
            spans.append((offset + heading[0], offset + stop))
            heading = None
        else:
            heading = (start, stop) if stop > start and not _HEADING_END.search(text[start:stop]) else None
        position = end
    return spans


# The numbering before a heading, an article or an item: '第五章 ', '第十二条 ', '1、', '（一）', '二、'.
ENUMERATOR = re.compile(
    r"^\s*(?:第\s*[\d一二三四五六七八九十百]+\s*[章节節条條款编編]\s*|[（(]\s*[\d一二三四五六七八九十]+\s*[)）]\s*|"
    r"[\d一二三四五六七八九十]+\s*[、.．]\s*(?!\d))"
)
# The mark opening an item of a list: '•', '1.', '2、', '(3)', '（一）', '二、', 'a)'.
LIST_ITEM = re.compile(
    r"^\s*(?:[•●·▪\-*]|[（(]?\d{1,2}[.、)）]|[（(][一二三四五六七八九十\d]{1,3}[)）]|（?[一二三四五六七八九十]{1,3}[、）)]|"
    r"[a-z][.)])\s*"
)
_CLAUSE_END = re.compile(r"[，,；;。.!?！？:：\n]")


def clause_around(text: str, words: str, most: int = 48) -> str:
    """The clause of `text` that holds `words` ('免费' in '…，对65周岁以上的老年人实行免费。' -> '对65周岁以上
    的老年人实行免费'), without its numbering; `words` alone where they are not found or the clause runs
    longer than `most` characters."""
    at = text.find(words) if words else -1
    if at < 0:
        return words
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, at)]
    end = _CLAUSE_END.search(text, at + len(words))
    clause = ENUMERATOR.sub("", text[starts[-1] if starts else 0 : end.start() if end else len(text)])
    clause = clause.strip(" •●-")
    return clause if len(words) <= len(clause) <= most else words
