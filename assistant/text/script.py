"""Detect the script of a text (zh-Hans / zh-Hant / en) and convert between scripts with OpenCC."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc

from assistant.types import Script

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_TAIWAN = re.compile(r"taiwan|台湾|臺灣|台灣", re.IGNORECASE)
_HONG_KONG = re.compile(r"hong ?kong|香港|macao|macau|澳門|澳门", re.IGNORECASE)
# Cantonese particles and words that only a Hong Kong asker writes.
_CANTONESE = re.compile(r"[嘅咗喺啲冇嚟攞佢哋噉唔]|幾多|點樣|長者咭")


@cache
def converter(config: str) -> opencc.OpenCC:
    """An OpenCC converter, loaded once per config ('t2s', 'tw2s', 'hk2s', 's2t', 's2tw', 's2hk')."""
    return opencc.OpenCC(config)


def convert(config: str, text: str) -> str:
    """OpenCC conversion that keeps every character: OpenCC's C API stops at a NUL character, so text
    is converted piece by piece around them (found by property-based tests)."""
    if "\x00" not in text:
        return converter(config).convert(text)
    return "\x00".join(converter(config).convert(piece) for piece in text.split("\x00"))


def detect_script(text: str) -> Script:
    """zh-Hans, zh-Hant or en, by what most of the text is written in.

    Chinese wins when CJK characters are at least a fifth of the letters; traditional wins when more
    characters change under t2s than under s2t (characters common to both scripts count for neither).
    """
    cjk = len(_CJK.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    if cjk == 0 or cjk < latin_words:
        return "en"
    sample = "".join(_CJK.findall(text))[:20000]
    traditional = _changed(sample, convert("t2s", sample))
    simplified = _changed(sample, convert("s2t", sample))
    if traditional == simplified and _CANTONESE.search(sample):
        return "zh-Hant"  # Cantonese in characters both scripts share ('可唔可以唔去'): written in Hong Kong
    return "zh-Hant" if traditional > simplified else "zh-Hans"


# Words only Cantonese writes: its negation, particles and pronouns.
_CANTONESE = re.compile(r"[唔咩嘅啲佢冇喺咗嚟乜嘢哋噉咁]")


def script_is_plain(text: str) -> bool:
    """Chinese written with characters both scripts share ('佢1948年出世'): its script cannot be told."""
    sample = "".join(_CJK.findall(text))
    return bool(sample) and convert("t2s", sample) == sample == convert("s2t", sample)


def _changed(before: str, after: str) -> int:
    if len(before) == len(after):
        return sum(1 for a, b in zip(before, after, strict=True) if a != b)
    return sum(1 for ch in before if ch not in after)


def region_flavour(region: str | None, text: str = "") -> str:
    """'tw', 'hk' or '' (generic traditional): which OpenCC variant fits this region or wording."""
    if region and _TAIWAN.search(region):
        return "tw"
    if region and _HONG_KONG.search(region):
        return "hk"
    if text and _CANTONESE.search(text):
        return "hk"
    return ""


def to_simplified(text: str, region: str | None = None) -> str:
    """The simplified search view: tw2s / hk2s where the region is known, t2s otherwise."""
    flavour = region_flavour(region)
    config = {"tw": "tw2s", "hk": "hk2s"}.get(flavour, "t2s")
    return convert(config, text)


def to_script(text: str, script: Script, flavour: str = "") -> str:
    """Convert Chinese text to the asker's script; English and same-script text pass through."""
    if script == "zh-Hans":
        return convert("t2s", text)
    if script == "zh-Hant":
        return convert({"tw": "s2tw", "hk": "s2hk"}.get(flavour, "s2t"), text)
    return text


def normalise_for_match(text: str) -> str:
    """FORMATS.md comparison form: t2s, NFKC, case-folded, no whitespace, no thousands separators."""
    text = convert("t2s", unicodedata.normalize("NFKC", text)).casefold()
    text = re.sub(r"\s+", "", text)
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)
