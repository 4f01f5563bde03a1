"""Which script a question is written in."""

from __future__ import annotations

from assistant.text.script import detect_script


def test_cantonese_in_shared_characters_is_traditional_and_plain_mandarin_is_not() -> None:
    assert detect_script("深圳子女可唔可以唔交钱？") == "zh-Hans"  # 钱: a simplified character decides
    assert detect_script("上海子女可唔可以唔去探望？") == "zh-Hant"  # Cantonese, no character tells
    assert detect_script("上海子女可以不去探望吗？") == "zh-Hans"
    assert detect_script("Can my father apply?") == "en"
