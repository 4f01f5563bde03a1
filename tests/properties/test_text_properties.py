"""Property-based checks: random and adversarial text never crashes cleaning, chunking, script
detection or profile parsing, and their invariants hold."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.ingest.chunk import chunk_spans
from assistant.ingest.clean import clean_text
from assistant.text.profile import parse_profile
from assistant.text.script import detect_script, to_script, to_simplified

# Mixed scripts, pinyin glosses, markup, control characters, punctuation runs, replacement characters.
PIECES = st.sampled_from(
    ["構(gòu)建", "社區(qū)", "(expanded)", "版权所有(c)", "<p>", "</div>", "&amp;", "&#x4e00;", "\x00", "\x1b[0m",
     "\ufffd", "?(qǐng)", ",,", ",。", "\n", "\n\n", "  ", "90歲以上", "aged 65 or above", "長者咭", "老年人优待卡",
     "打印本页", "2019年12月23日", "Time:2023-11-03", "https://x.y/z", "一区二区国产精品在线观看", "•", "☺", "𠀀"]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_cleaning_never_crashes_and_is_idempotent(raw: str) -> None:
    cleaned = clean_text(raw)
    assert clean_text(cleaned) == cleaned
    assert "\x00" not in cleaned and "\ufffd" not in cleaned


@FAST
@given(TEXT)
def test_html_cleaning_never_crashes(raw: str) -> None:
    cleaned = clean_text(f"<html><body>{raw}</body></html>", is_html=True)
    assert "<body>" not in cleaned


@FAST
@given(TEXT)
def test_chunk_offsets_point_into_the_text(raw: str) -> None:
    text = clean_text(raw)
    for start, end in chunk_spans(text):
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]


@FAST
@given(TEXT)
def test_script_detection_and_conversion_keep_digits(raw: str) -> None:
    assert detect_script(raw) in ("zh-Hans", "zh-Hant", "en")
    digits = re.findall(r"\d", raw)
    for converted in (to_simplified(raw), to_script(raw, "zh-Hant"), to_script(raw, "zh-Hant", "hk")):
        assert re.findall(r"\d", converted) == digits


@FAST
@given(TEXT)
def test_profile_parsing_never_crashes(raw: str) -> None:
    profile = parse_profile(raw)
    assert profile.age is None or 40 <= profile.age <= 120


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=200_000, max_value=400_000))
def test_huge_inputs_are_handled(size: int) -> None:
    text = ("長者咭申請資格。" * (size // 8))[:size]
    assert len(clean_text(text)) == len(text)
    assert chunk_spans(text)
