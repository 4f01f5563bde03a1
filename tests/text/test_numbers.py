"""Chinese numerals read as digits for matching."""

import pytest

from assistant.text.numbers import arabic_numerals


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年滿六十五歲國民", "年滿65歲國民"),
        ("每年居住超過一百八十三日者", "每年居住超過183日者"),
        ("床邊與鄰床之距離，至少八十公分。", "床邊與鄰床之距離，至少80公分。"),
        ("每照顧五人者", "每照顧5人者"),
        ("每月新臺幣七千元", "每月新臺幣7000元"),
        ("中華民國一百零三年六月二十七日", "中華民國103年6月27日"),
        # a lone numeral inside a word, and a plan's name that is no number, stay as written
        ("统一标准，一次性补贴，五级体系", "统一标准，一次性补贴，五级体系"),
        ("十四五规划", "十四五规划"),
        ("aged 65 or above", "aged 65 or above"),
    ],
)
def test_arabic_numerals(text: str, expected: str) -> None:
    assert arabic_numerals(text) == expected


def test_a_numeral_unit_alone_is_one_of_it() -> None:
    from assistant.text.numbers import number_value

    assert number_value("百") == 100 and number_value("千") == 1000 and number_value("万") == 10000
    assert number_value("一百零五") == 105 and number_value("百货") is None
