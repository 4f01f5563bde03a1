"""Chinese numerals as Arabic digits, so '年滿六十五歲' and '65歲' meet when words are compared."""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

# The characters of a Chinese numeral, in both scripts: every pattern that reads a number uses these.
CN_NUMERALS = "零〇一二两兩三四五六七八九十百千万萬亿億"
CN_SMALL_NUMERALS = (
    "零〇一二两兩三四五六七八九十百"  # up to the hundreds: ages, counts, years of contribution
)

# A numeral of two characters or more ('六十五', '一百八十三'), or one character followed by a unit
# ('五人', '三年'): a lone numeral inside a word ('统一', '一次性', '五级') stays as it is.
_NUMERAL = re.compile(
    rf"[{CN_NUMERALS}]{{2,}}|"
    r"[一二两兩三四五六七八九十](?=[岁歲年月日天周週人元块塊个個小时時公分钟鐘倍])"
)


def number_value(text: str) -> float | None:
    """The one number parser: '65', '1,200.5', '八十五', '一百零五', '三万', '百' -> the number (cn2an); None
    when the text is not one number."""
    if text in ("百", "千", "万", "亿"):
        text = "一" + text  # a unit alone is one of it: '百岁' is a hundred years
    try:
        return float(cn2an.cn2an(text.replace(",", ""), "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


@lru_cache(maxsize=4096)
def _arabic(numeral: str) -> str:
    try:
        return str(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError, IndexError):  # not a well-formed number ('十四五' is a plan's name)
        return numeral


def arabic_numerals(text: str) -> str:
    """The text with its Chinese numerals written in Arabic digits; everything else unchanged."""
    return _NUMERAL.sub(lambda match: _arabic(match.group()), text)
