"""Conditions stated in cited passages (age thresholds, residence, means test, care need), checked
against the asker's profile. No finding without a cited condition."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numbers import CN_SMALL_NUMERALS, number_value
from assistant.text.places import find_places, lineage
from assistant.text.script import to_simplified
from assistant.types import Profile

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


def check(condition: Condition, profile: Profile, document_region: str | None) -> tuple[str, str | None]:
    """(status, profile value as text): 'met', 'not met' or 'unknown'."""
    if condition.kind == "age":
        if profile.age is None:
            return "unknown", None
        ok = (condition.low is None or profile.age >= condition.low) and (
            condition.high is None or profile.age < condition.high
        )
        return ("met" if ok else "not met"), str(profile.age)
    if condition.kind == "residence":
        if profile.resident is False:
            return "not met", "not a resident"
        if profile.region is None or not document_region:
            return "unknown", profile.region
        return ("met" if region_within(profile.region, document_region) else "not met"), profile.region
    if condition.kind == "means":
        if profile.income_year is not None or profile.assets is not None:
            return "met", "income or savings stated"  # the numeric limits beside it decide (limits.py)
        return ("met" if profile.low_income else "unknown"), "low income" if profile.low_income else None
    if condition.kind == "care":
        return ("met" if profile.care_need else "unknown"), "care need" if profile.care_need else None
    return "unknown", None


def region_within(place_key: str, document_region: str) -> bool:
    """True when the asker's place is the document's region or lies inside it."""
    targets = {p.key for p, _ in find_places(document_region)}
    return bool(targets & set(lineage(place_key)))


def describe(condition: Condition) -> str:
    if condition.kind == "age":
        if condition.low is not None and condition.high is not None:
            return f"{condition.low} <= age < {condition.high}"
        if condition.low is not None:
            return f"age >= {condition.low}"
        return f"age < {condition.high}"
    return {"residence": "residence", "means": "means test / low income", "care": "care need"}[condition.kind]


# ---- verdicts (FORMATS.md section 4) ---------------------------------------------------------------
# A question about whether someone qualifies or may do something.
_ASKS_VERDICT = re.compile(
    r"能不能|能否|可不可以|可唔可以|得唔得|得不得|会不会|算不算|是否|有没有资格|够不够|使唔使|使不使|"
    r"免费[吗吧嗎]|要不要钱|要唔要钱|收不收费|收唔收钱|系咪|是不是|\bis there (?:any|a|an)\b|\bare there any\b|"
    r"可以.{0,16}[吗吧嗎]|能.{0,16}[吗嗎]|会.{0,16}[吗嗎]|算.{0,12}[吗嗎]|符合.{0,8}[吗嗎]|有冇.{0,12}[？?]$|"
    # English: a yes/no question opening a clause ('Can my mum…', '…list. Will the government…'), or
    # what a person can get ('what home care can he get?')
    r"(?:^|[.?!,;:\-–—]\s*)(?:can|could|may|does|do|is|are|will|would)\s+(?:he|she|i|we|they|you|my|her|his|"
    r"our|the|both|two|someone|people|it|a|an)\b|"
    r"(?<!how much )(?<!how many )(?<!how long )\b(?:can|could|may)\s+(?:he|she|i|we|they|my|her|his)\b|"
    r"\beligible\b|\bqualif|\bwho (?:can|may|is allowed|is eligible)|\bwhich (?:older |elderly )?"
    r"(?:people|persons|seniors|elders|residents|type)|"
    # a rule asked about: '多大年纪以上才能…', '幾多歲先可以…', '哪些老人可以…'
    r"才能|才可以|先可以|先至可以|哪些人|哪些老人|什么人|什么样的老人|收什么",
    re.I,
)
# A cited rule that refuses: '不得同时领取', 'cannot be transferred', 'a joint account is not applicable'.
_REFUSES = re.compile(
    r"不得|不能|不可|不予|不适用|不接受|不受理|不获|不会获|以.{1,10}一人.{0,6}为限|只限|仅限|"
    r"\bcannot\b|\bcan not\b|\bmay not\b|\bmust not\b|\bnot (?:be )?(?:applicable|accepted|allowed|eligible|"
    r"transferable|transferred|entitled)|\bonly\b[^.;]{0,40}\b(?:can|may|will|is|are)\b|\bineligible\b",
    re.I,
)


# Who qualifies, asked as a rule ('多大年纪以上才能…', 'Which older people in Shanghai can get…'): stating
# the rule answers it (yes: there is a way in), when the question tells nothing of a person to check.
_ASKS_RULE = re.compile(
    r"\bwho (?:can|may|is allowed|is eligible)|\bwhich (?:older |elderly )?(?:people|persons|seniors|elders|"
    r"residents|type)|才能|才可以|先可以|先至可以|哪些人|哪些老人|什么人|什么样的老人|收什么|几岁|几多岁|多大年纪|"
    r"\bwhat age\b|\bhow old\b",
    re.I,
)


def refuses(text: str, about: tuple[str, ...] = ()) -> bool:
    """The rule says no: 'cannot be transferred', '不得同时领取', 'joint account is not applicable'; with
    `about` (the question's words), only where one of them is next to the refusal."""
    simplified = to_simplified(text)
    if not about:
        return bool(_REFUSES.search(simplified))
    words = [w for w in about if len(w) >= 2]
    for match in _REFUSES.finditer(simplified):
        near = simplified[max(0, match.start() - 30) : match.end() + 10].lower()
        if any(word in near for word in words):
            return True
    return False


_HARM_ASKED = re.compile(r"被([\u4e00-\u9fff]{2,4})|\bbe (\w+ed)\b", re.I)


def feared_words(question: str) -> tuple[str, ...]:
    """What a question fears happens ('会不会被扣押？'): every two characters after 被 ('被法院扣押': '法院',
    '院扣', '扣押'), or the English verb. Read once, by `understand`."""
    return tuple(
        group[i : i + 2] if not group.isascii() else group
        for m in _HARM_ASKED.finditer(to_simplified(question))
        for group in m.groups()
        if group
        for i in range(max(1, len(group) - 1) if not group.isascii() else 1)
    )


def protects(text: str, feared: tuple[str, ...]) -> bool:
    """The rule forbids what the question fears (`feared`, from feared_words; '不得作为扣押…之标的'): good
    news, not a refusal of the person."""
    if not feared:
        return False
    simplified = to_simplified(text)
    return all(
        any(word.lower() in simplified[max(0, m.start() - 4) : m.end() + 12].lower() for word in feared)
        for m in _REFUSES.finditer(simplified)
    )


def asks_verdict(question: str) -> bool:
    return bool(_ASKS_VERDICT.search(to_simplified(question).strip()))


def asks_rule(question: str, profile: Profile) -> bool:
    """A question on who qualifies that states no fact of a person (age, means, care, residence). Read
    once, by `understand`."""
    told = (
        profile.age,
        profile.low_income,
        profile.care_need,
        profile.resident,
        profile.living_alone,
        profile.income_year,
        profile.assets,
        profile.years,
        profile.born,
        profile.citizen,
    )
    return all(value is None for value in told) and bool(_ASKS_RULE.search(to_simplified(question)))


def verdict(
    findings: list[tuple[str, str]], answering: str | list[str], feared: tuple[str, ...] = ()
) -> tuple[str, list[str]]:
    """('yes' | 'no' | 'depends', the kinds of fact still needed) from the (kind, status) of every
    condition in the cited quotes and the sentence that answers: 'no' when a stated fact fails every
    condition of its kind (age tiers are alternatives: 60-64 half price, 65+ free) or the answering rule
    refuses, 'yes' when every kind of condition is met by what was stated, else 'depends'."""
    by_kind: dict[str, set[str]] = {}
    for kind, status in findings:
        by_kind.setdefault(kind, set()).add(status)
    if any(statuses == {"not met"} for statuses in by_kind.values()):
        return "no", []
    texts = [answering] if isinstance(answering, str) else answering
    if any(refuses(text) and not protects(text, feared) for text in texts):
        return "no", []
    if refuses(texts[0]) and protects(texts[0], feared):
        return "yes", []  # the answering rule forbids what the asker fears: it is safe
    # A question about a place's benefit is taken to come from someone who lives there, unless it says
    # otherwise ('not a permanent resident', another place named): residence unknown is not asked for.
    missing = [kind for kind, statuses in by_kind.items() if "met" not in statuses and kind != "residence"]
    if missing or not by_kind:
        return "depends", missing
    return "yes", []


# Free or reduced: '60-64 half price, 65+ free'. A question whether something is free is answered by the tier
# the person's age meets: free -> yes; only a reduction -> no (a family expecting free entry pays half).
_ASKS_FREE = re.compile(
    r"免费|免收|不用钱|不要钱|唔使钱|使唔使|使不使|要不要钱|要唔要|俾钱|畀钱|\bfree\b|have to pay|pay to|pay for",
    re.I,
)
# ... or whether it costs the full price: then any reduction met answers yes ('使唔使俾全費？' at 64: half).
_ASKS_FULL = re.compile(r"全费|全价|全票|原价|full fare|full price|pay full", re.I)
_FREE = re.compile(r"免费|免收|全免|免票|\bfree\b|waived|no charge|free of charge", re.I)
_REDUCED = re.compile(r"半价|半票|减半|优惠|折|half|discount|reduced|concession", re.I)


def fee_asked(question: str) -> str | None:
    """'full' (does it cost the full price?), 'free' (is it free, do I pay?) or None. Read once, by
    `understand`."""
    simplified = to_simplified(question)
    if _ASKS_FULL.search(simplified):
        return "full"
    return "free" if _ASKS_FREE.search(simplified) else None


def free_verdict(fee: str | None, profile: Profile, quotes: list[str]) -> str | None:
    """'yes' when the person's age meets a free tier of the quoted rules, 'no' when it meets only a
    reduced one, None when the question does not ask whether something is free or no tier decides."""
    full = fee == "full"
    if profile.age is None or fee is None:
        return None
    free_met = reduced_met = False
    for quote in quotes:
        for clause in re.split(r"[，,；;。]", to_simplified(quote)):
            rules = age_conditions(clause)
            if not rules or not any(check(rule, profile, None)[0] == "met" for rule in rules):
                continue
            if _FREE.search(clause):
                free_met = True
            elif _REDUCED.search(clause):
                reduced_met = True
    if free_met or (full and reduced_met):
        return "yes"
    return "no" if reduced_met else None
