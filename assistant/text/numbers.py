"""Chinese numerals as Arabic digits, so '年滿六十五歲' and '65歲' meet when words are compared."""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

# A numeral of two characters or more ('六十五', '一百八十三'), or one character followed by a unit
# ('五人', '三年'): a lone numeral inside a word ('统一', '一次性', '五级') stays as it is.
_NUMERAL = re.compile(
    r"[零〇一二两兩三四五六七八九十百千万萬亿億]{2,}|"
    r"[一二两兩三四五六七八九十](?=[岁歲年月日天周週人元块塊个個小时時公分钟鐘倍])"
)


@lru_cache(maxsize=4096)
def _arabic(numeral: str) -> str:
    try:
        return str(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError, IndexError):  # not a well-formed number ('十四五' is a plan's name)
        return numeral


def arabic_numerals(text: str) -> str:
    """The text with its Chinese numerals written in Arabic digits; everything else unchanged."""
    return _NUMERAL.sub(lambda match: _arabic(match.group()), text)
