"""Sentences of a passage: the units an answer quotes, and the units whose vectors ingestion stores."""

from __future__ import annotations

import re

# Sentence ends: CJK full stops, Latin ends followed by a space, line breaks. Semicolons end clauses in
# regulations, whose items are each a full rule.
_SENTENCE_END = re.compile(r"[。！？!?；;]+|(?<=[.])\s+|\n+")
MIN_SENTENCE = 8


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed of spaces, shifted by `offset` (a passage's
    place in its document); pieces shorter than MIN_SENTENCE characters are left out."""
    spans = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.end() if match else len(text)
        piece = text[position:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right - left >= MIN_SENTENCE:
            spans.append((offset + position + left, offset + position + right))
        position = end
    return spans
