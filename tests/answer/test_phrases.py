"""Every kind of answer a question can ask for has words in both languages: an abstention names it."""

from __future__ import annotations

import pytest

from assistant.answer.phrases import phrase
from assistant.text.kinds import KINDS

# ask.py words the 'date' kind with 'date_kind': the key 'date' is the published-date template.
KEY = {"date": "date_kind"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_every_answer_kind_has_a_phrase(kind: str, lang: str) -> None:
    word = phrase(KEY.get(kind, kind), lang)  # type: ignore[arg-type]
    assert word.strip()
    sentence = phrase("abstain_kind", lang, kind=word)  # type: ignore[arg-type]
    assert word in sentence


def test_how_long_reads_naturally() -> None:
    assert phrase("duration", "zh-Hans") == "时长"
    assert phrase("duration", "zh-Hant") == "時長"
    assert phrase("duration", "en") == "length of time"
