"""Conditions a text states (age thresholds, residence, means test, care need): read from passages by
the answer stage and the card reader, and from questions ('90岁以上老人有什么服务' asks about the 90+ rule)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numbers import CN_SMALL_NUMERALS, number_value
from assistant.text.script import to_simplified

_N = rf"(\d{{2,3}}|[{CN_SMALL_NUMERALS}]{{2,4}})"
_AGE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"满{_N}周?岁(?:以上)?\s*不满{_N}周?岁"), "range"),
    (re.compile(rf"满{_N}周?岁\s*未满{_N}周?岁"), "range"),
    (re.compile(rf"年满{_N}周?岁"), "min"),
    (re.compile(rf"{_N}\s*周?岁(?:或|及)?以上"), "min"),
    (re.compile(rf"{_N}\s*周?岁以下|不满{_N}周?岁|未满{_N}周?岁"), "below"),
    (re.compile(r"aged?\s+(\d{2,3})\s+(?:or|and)\s+(?:above|over|older)", re.I), "min"),
    (re.compile(r"(\d{2,3})\s+years?\s+(?:old\s+)?(?:or|and)\s+(?:above|over|older)", re.I), "min"),
    (re.compile(r"(?:reach|reaches|reached|reaching)\s+(?:the\s+age\s+of\s+)?(\d{2,3})", re.I), "min"),
    (re.compile(r"(?:over|above)\s+(?:the\s+age\s+of\s+)?(\d{2,3})\b", re.I), "over"),
    (re.compile(r"(?:under|below)\s+(?:the\s+age\s+of\s+)?(\d{2,3})\b", re.I), "below"),
]
_RESIDENCE = re.compile(r"居民|户籍|居住|常住|resident|residing|reside|household registration", re.I)
_MEANS = re.compile(r"低收入|中低收入|低保|特困|困难|家庭总收入|财产|资产|means[- ]test|income|asset", re.I)
_CARE = re.compile(r"失能|失智|重度|中度|卧床|残疾|照顾|日常生活活动|disab|dementia|care need|impair", re.I)


@dataclass(frozen=True)
class Condition:
    kind: str  # 'age', 'residence', 'means', 'care'
    text: str  # as the passage states it
    low: int | None = None  # age >= low
    high: int | None = None  # age < high


def _number(text: str) -> int | None:
    value = number_value(text)
    return int(value) if value is not None and 40 <= value <= 120 else None


def age_conditions(sentence: str) -> list[Condition]:
    simplified = to_simplified(sentence)
    found: list[Condition] = []
    taken: list[tuple[int, int]] = []
    for pattern, rule in _AGE_RULES:
        for match in pattern.finditer(simplified):
            if any(match.start() < b and match.end() > a for a, b in taken):
                continue
            numbers = [_number(g) for g in match.groups() if g]
            if not numbers or any(n is None for n in numbers):
                continue
            text = sentence[match.start() : match.end()]
            if rule == "range":
                found.append(Condition("age", text, numbers[0], numbers[1]))
            elif rule == "min":
                found.append(Condition("age", text, numbers[0], None))
            elif rule == "over":
                found.append(Condition("age", text, numbers[0] + 1, None))
            else:
                found.append(Condition("age", text, None, numbers[0]))
            taken.append((match.start(), match.end()))
    return found


def conditions(sentence: str) -> list[Condition]:
    out = age_conditions(sentence)
    simplified = to_simplified(sentence)
    if match := _RESIDENCE.search(simplified):
        out.append(Condition("residence", sentence[match.start() : match.end()]))
    if match := _MEANS.search(simplified):
        out.append(Condition("means", sentence[match.start() : match.end()]))
    if match := _CARE.search(simplified):
        out.append(Condition("care", sentence[match.start() : match.end()]))
    return out
