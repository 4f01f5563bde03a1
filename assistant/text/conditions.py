"""Conditions a text states (age thresholds, residence, means test, care need): read from passages by
the answer stage and the card reader, and from questions ('90岁以上老人有什么服务' asks about the 90+ rule)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numbers import CN_SMALL_NUMERALS, number_value
from assistant.text.script import to_simplified
from assistant.types import Profile

_N = rf"(\d{{2,3}}|[{CN_SMALL_NUMERALS}]{{2,4}}|百(?=周?岁))"
_DASH = r"\s*(?:-|—|–|－|~|～|至|到)\s*"
_AGE_RULES: list[tuple[re.Pattern[str], str]] = [
    # a span of ages, both ends included: '80周岁—89周岁', '60至64周岁', 'aged 60 to 64'
    (re.compile(rf"{_N}\s*(?:周?岁)?{_DASH}{_N}\s*周?岁"), "span"),
    (re.compile(r"aged?\s+(\d{2,3})\s*(?:-|–|to)\s*(\d{2,3})\b", re.I), "span"),
    (re.compile(r"between\s+(?:the\s+ages?\s+of\s+)?(\d{2,3})\s+and\s+(\d{2,3})\b", re.I), "span"),
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

# Assessed as needing care of a kind ('经评估适合接受日间照顾服务', 'assessed as suitable for residential
# care'): a care need, as a rule states it and as a question tells it.
SUITED_FOR_CARE = r"(?:评估|评定)为?适合接受\S{0,8}照顾|assessed (?:as )?(?:suitable|eligible) for \S+ care"

# Groups an age tier may belong to, named right after it ('年满55岁以上原住民', 'aged 55 or above who are
# indigenous'), each in both languages: the tier is that group's.
TIER_GROUPS = {
    "indigenous": re.compile(r"原住民|\bindigenous|\baboriginal", re.I),
    "disabled": re.compile(r"身心障碍|残疾|\bdisab", re.I),
    "veteran": re.compile(r"荣民|退伍军人|\bveterans?\b", re.I),
    "low income": re.compile(r"低收入|\blow[- ]income", re.I),
}


# What the lead of a list says its items are, read alike by the card reader and the verdict:
# requirements ('应符合下列规定：', 'must'), reasons to refuse ('有下列情形之一者，不予補助'), or exemptions
# from a requirement ('不受前项第二款限制', 'shall not apply').
REQUIRING_LEAD = re.compile(r"\bmust\b|qualif|eligib|符合下列|应符合|应当符合|资格条件|条件如下", re.I)
REFUSING_LEAD = re.compile(r"不予|不得|停止|取消|撤销|追回|不符|\bnot\b|\bno longer\b|disqualif|cease", re.I)
EXEMPTING_LEAD = re.compile(r"不受[^。]{0,30}限制|not be subject to|shall not apply|exempt", re.I)


@dataclass(frozen=True)
class Condition:
    kind: str  # 'age', 'residence', 'means', 'care'
    text: str  # as the passage states it
    low: int | None = None  # age >= low
    high: int | None = None  # age < high
    status: str | None = None  # of a residence condition: the status required (RESIDENCE_STATUSES)
    degrees: tuple[int, int] | None = None  # of a care condition: the least and most degree of need


# Degrees of a care need, mild (1) to severe (3), as a person is said to have one ('轻度失能', 'moderate
# dementia') and as a rule requires ('重度以上', 'moderate to severe disability', 'mild impairment'): a
# degree counts in a clause that names a need (not '情节严重').
_DEGREES = (
    (re.compile(r"轻度|轻微|\bmild(?:ly)?\b", re.I), 1),
    (re.compile(r"中度|\bmoderate(?:ly)?\b", re.I), 2),
    (re.compile(r"重度|严重|\bsevere(?:ly)?\b", re.I), 3),
)
_NEED = re.compile(r"失能|失智|缺损|残疾|残障|障碍|卧床|impair|disab|dementia|frail", re.I)
_CLAUSE = re.compile(r"[^，,。；;.!?！？\n]+")
_OR_MORE = re.compile(r"^\s*(?:或|及)?以上|^\s*(?:or|and) (?:above|more|over|higher|worse)", re.I)


def _degrees_named(text: str) -> list[tuple[int, int, int]]:
    """(start, degree, end) of each degree named in a clause that names a need."""
    simplified = to_simplified(text)
    out = []
    for clause in _CLAUSE.finditer(simplified):
        if not _NEED.search(clause.group(0)):
            continue
        for pattern, degree in _DEGREES:
            for m in pattern.finditer(simplified, clause.start(), clause.end()):
                out.append((m.start(), degree, m.end()))
    return sorted(out)


def care_degree(text: str) -> int | None:
    """The degree of care need a person is said to have: the first named."""
    found = _degrees_named(text)
    return found[0][1] if found else None


def care_degrees_required(text: str) -> tuple[int, int] | None:
    """The least and most degree of care need a rule names (None when it names none): '中度以上' (2, 3),
    'moderate to severe' (2, 3), 'mild impairment' (1, 1)."""
    found = _degrees_named(text)
    if not found:
        return None
    simplified = to_simplified(text)
    low = min(degree for _, degree, _ in found)
    high = 3 if any(_OR_MORE.match(simplified[end:]) for *_, end in found) else max(d for _, d, _ in found)
    return low, high


# The residence statuses a rule may require, each with how a text names it: 'permanent resident',
# 'household registration' (户籍), 'citizen', or only 'resident' (living there, a residence permit).
RESIDENCE_STATUSES = (
    (re.compile(r"永久(?:性)?居民|permanent residents?", re.I), "permanent resident"),
    (
        re.compile(
            r"(?:本市|本地|本区|本县|本省|当地)?(?:户籍|设籍|设有户籍)(?!所在地|地)|household registration(?! place)",
            re.I,
        ),
        "household registration",
    ),
    (
        re.compile(
            r"公民|国民(?!健康|年金|运动|旅游|所得|经济|教育|小学|中学)|(?<!senior )citizens?(?!hip)", re.I
        ),
        "citizen",
    ),
    (re.compile(r"\bPRs?\b"), "permanent resident"),
    (
        re.compile(
            r"居住证|常住|居住满|residence permit|\blive in\b|resident of|residents? aged|\bresidents?\b",
            re.I,
        ),
        "resident",
    ),
)
# Which status stated of a person meets which required one: a citizen or permanent resident meets
# 'permanent resident', any stated status meets 'resident'.
_MEETS = {
    "permanent resident": ("permanent resident", "citizen"),
    "citizen": ("citizen",),
    "household registration": ("household registration",),
    "resident": ("resident", "permanent resident", "citizen", "household registration"),
    "registered": ("resident", "permanent resident", "citizen", "household registration"),
}


# Visitors among the people a rule is for ('临时来津的外埠老年人', 'visitors', 'tourists'): anyone there.
_VISITORS = re.compile(r"临时来|短期来|外地游客|游客|旅客|\bvisitors?\b|\btourists?\b", re.I)


def residence_required(text: str) -> tuple[str, str] | None:
    """(status, words) of the residence status a text requires; several named as alternatives ('户籍老年人
    和持有本市有效居住证件的…', 'Singapore Citizen or PR') require only that one holds some status there."""
    simplified = to_simplified(text)
    matches = [
        (value, match) for pattern, value in RESIDENCE_STATUSES if (match := pattern.search(simplified))
    ]
    found = [(value, match.group(0)) for value, match in matches]
    if not found:
        return None
    if len({value for value, _ in found}) > 1 and re.search(r"或|和|及|以及|\bor\b|\band\b", simplified):
        if _VISITORS.search(simplified):
            return None  # '…以及临时来津的外埠老年人': visitors too, so no residence is required
        # the words of the alternatives, as a met or missed criterion shows them ('本市户籍或者持有本市有效
        # 居住证'), else the first alone
        first, second = sorted((m for _, m in matches), key=lambda m: m.start())[:2]
        joined = simplified[first.start() : second.end()]
        return "registered", joined if len(joined) <= 24 else found[0][1]
    return found[0]


def names_a_status(required: str | None) -> bool:
    """Whether a residence condition requires a status that living in the place does not show: household
    registration, a permit among others ('registered'), permanent residence, citizenship."""
    return required not in (None, "resident")


def residence_met(required: str, profile: Profile) -> bool | None:
    """Whether the status a person holds (as a question states it) meets the one required: None when
    it is not said."""
    if profile.resident is False:
        return False
    if required == "citizen" and (
        profile.status_denied == "citizen" or profile.residence == "permanent resident"
    ):
        return False  # a permanent resident, or one said not to be a citizen, is none
    if required == "citizen" and profile.citizen is not None:
        return True  # the year they became one is told ('1982年入咗新加坡籍')
    if profile.residence is None:
        return True if profile.resident and required == "resident" else None
    return True if profile.residence in _MEETS.get(required, ("resident",)) else None


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
            elif rule == "span":
                if numbers[1] <= numbers[0]:
                    continue
                found.append(Condition("age", text, numbers[0], numbers[1] + 1))
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
        required = residence_required(sentence)
        status = required[0] if required else None  # None: only living there, no status named
        out.append(Condition("residence", sentence[match.start() : match.end()], status=status))
    if match := _MEANS.search(simplified):
        out.append(Condition("means", sentence[match.start() : match.end()]))
    if match := _CARE.search(simplified):
        out.append(
            Condition("care", sentence[match.start() : match.end()], degrees=care_degrees_required(sentence))
        )
    return out
