"""Read a profile (age, region, living alone, income, care need, relation) from a question in any script."""

from __future__ import annotations

import re

from assistant.text import limits as L
from assistant.text.conditions import SUITED_FOR_CARE, care_degree
from assistant.text.limits import facts
from assistant.text.numbers import CN_SMALL_NUMERALS, arabic_numerals, number_value
from assistant.text.places import Place, deepest, find_places, lineage
from assistant.text.script import to_simplified
from assistant.types import Profile

_CN_NUMBER = rf"[{CN_SMALL_NUMERALS}]+"
# A number followed by 以上 / or above is a threshold being asked about, not the asker's age.
_THRESHOLD_AFTER = r"(?!\s*(周岁|岁)?\s*(以上|以下|或以上|及以上|至|到|-|~|或以下))"
_AGE_ZH = re.compile(rf"(\d{{2,3}}|{_CN_NUMBER})\s*(?:周岁|岁){_THRESHOLD_AFTER}")
_AGE_EN = [
    re.compile(r"\b(\d{2,3})[- ]years?[- ]old\b(?!\s*(or|and)\s*(above|over|older))", re.I),
    re.compile(
        r"\b(?:is|am|are|turned|turning|turns|aged|age|i'm|he's|she's)\s+(\d{2,3})\b(?!\s*(or|and)\s*(above|over|older)|\s*\+)",
        re.I,
    ),
    re.compile(r"\b(\d{2,3})\s*(?:yo|y/o)\b", re.I),
    # an age set off by commas after whom it is of ('Grandpa, 74, lives…', 'My mother, 72, holds…')
    re.compile(r"\b[a-z]+,\s*(\d{2,3}),(?!\s*\d)", re.I),
]
_LIVING_ALONE = re.compile(
    r"独居|一个人住|自己一个人|自己住|单身|lives? alone|living alone|on (?:his|her|my) own", re.I
)
_LOW_INCOME = re.compile(
    r"低收入|低保|中低收入|困难|贫困|没钱|冇钱|经济困难|low[- ]income|low[- ](?:to[- ])?middle[- ]income|"
    r"mid(?:dle)?[- ](?:to[- ])?low[- ]income|poor\b|can'?t afford|means[- ]test",
    re.I,
)
_CARE_NEED = re.compile(
    r"失能|失智|瘫痪|卧床|残疾|残障|认知症|老人痴呆|中风|行动不便|缺损|dementia|disabled|disability|impairment|bedridden|wheelchair|needs? care|stroke",
    re.I,
)
_NOT_RESIDENT = re.compile(
    r"不是.{0,4}(永久)?(性)?居民|非永久(性)?居民|唔系.{0,4}(永久)?居民|冇.{0,2}(户籍|户口)|没有.{0,2}(户籍|户口)|"
    # no residence permit, no local identity card ('没有广州居住证', '冇香港身份证')
    r"(没有|冇|无(?![需须用]))(本地|本市|当地|[\u4e00-\u9fff]{2,3})?的?(居住证|永久性?居民身份证|居民身份证|身份证)|"
    r"(not|n['’]t) an? ((?:[A-Z][a-z]+ ){1,2})?(permanent )?resident|non-permanent resident|"
    r"no (local )?(hukou|household registration|residence permit)|"
    r"(does not|doesn['’]t) (have|hold) (a |an )?(local )?(hukou|household registration|residence permit)",
    re.I,
)


# Citizenship denied ('不是公民', 'not a citizen'): a permanent resident or other resident still lives there.
_NOT_CITIZEN = re.compile(
    r"(?:不是|并非|非|唔系|冇|没有).{0,4}(?:公民|国籍)|\b(?:not|isn['’]t|never became) an? (?:\w+ )?citizen\b",
    re.I,
)


def _status_denied(words: str) -> str:
    """What a denial of residence denies: a household registration ('没有广州户口'), permanent residence
    ('非永久居民'), or living there at all ('not a Hong Kong resident', '没有居住证')."""
    if re.search(r"户籍|户口|hukou|household registration", words, re.I):
        return "household registration"
    if re.search(r"永久|permanent", words, re.I):
        return "permanent resident"  # '非永久居民', 'non-permanent resident': a resident, not a permanent one
    return "resident"


# The person's status stated as held: '是新加坡公民', '有永久居民身份证', 'is a citizen', 'PR' (not one
# asked as a requirement: '一定要係永久居民咩？').
_RESIDENT = re.compile(
    r"(?<![要须需])[是系].{0,6}(公民|永久(性)?居民)|有.{0,4}永久(性)?居民|"
    r"\b(is|am|are) an? .{0,20}((?<!senior )citizen|permanent resident)\b|\bPR\b",
    re.I,
)
# The status held, strongest first ('Senior Citizen Card' names a card, '户口' is also a bank account).
_STATUSES = (
    # 'senior citizen' names an elder, not a citizenship
    ("citizen", re.compile(r"公民|入籍|(?<!senior )\bcitizen\b(?!\s+cards?)|\bcitizenship\b", re.I)),
    ("permanent resident", re.compile(r"永久(?:性)?居民|permanent resident|\bPR\b", re.I)),
    ("household registration", re.compile(r"户籍|设籍|hukou|household registration", re.I)),
    (
        "resident",
        re.compile(
            r"居民|居住证|(?:持有|持|拥有|有|拿着)[^，。,；;？?]{0,6}身份证|\bresident\b|residence permit|"
            r"\b(?:has|have|holds?|holding|with) an? (?:[A-Z][a-z]+ ){0,3}(?:ID|identity) card",
            re.I,
        ),
    ),
)
# A status asked about as a requirement is not one held: '一定要係永久居民咩？', 'must he be a resident?'.
_REQUIRED = re.compile(
    r"(要|须|需|必须|非|不是|唔系|是否|系咪|定要)\s*[是系]?\s*\S{0,4}$|(must|need to|have to|required to) be\b.{0,20}$",
    re.I,
)


_NOT_LOW_INCOME = re.compile(
    r"(不是|不系|唔系|非|不属于|并非|冇)\s*(中)?低收入|not (?:on )?(?:a )?low[- ]income|not poor", re.I
)
_ASSISTANCE = re.compile(r"援助金|综援|社会救助|social assistance|public assistance|\bCSSA\b|comcare", re.I)
_NEEDS_CARE = re.compile(
    r"不能自理|无法自理|不能照顾自己|唔可以照顾自己|自理能力(?:不足|差)|cannot (?:look after|take care of) (?:him|her|my|them)sel(?:f|ves)|"
    r"incapable of self-care|(?:moderate|severe)(?:ly)? (?:to severe )?disab\w*|needs? (?:help|care)|"
    + SUITED_FOR_CARE,
    re.I,
)
_NO_CARE_NEED = re.compile(
    r"身体(?:很|好|还|非常)?(?:健康|好|硬朗)|生活(?:能|可以)?自理|能自理|healthy|in good health|fully independent|no disabilit",
    re.I,
)
_NO_OTHER_BENEFIT = re.compile(
    r"(没有|冇|未|没)\s*(?:领|领取|攞|拿|收)\s*(?:任何)?\s*(?:其他|其它)?\s*(?:政府)?\s*(?:的)?\s*(津贴|补助|补贴|福利|援助)|"
    r"no other (?:benefit|allowance|subsidy)|not (?:receiving|getting) any (?:other )?(?:benefit|allowance|subsidy)",
    re.I,
)


def parse_residence(simplified: str) -> str | None:
    """The residence status a question states the person holds (None when it states none)."""
    for name, pattern in _STATUSES:
        for match in pattern.finditer(simplified):
            if not _REQUIRED.search(simplified[max(0, match.start() - 12) : match.start()]):
                return name
    return None


_RELATIONS = (
    # a parent by marriage first: 'father-in-law' is no father
    ("parent", r"\b(?:father|mother|parents?)[- ]in[- ]law\b|岳父|岳母|丈人|丈母娘|家公|家婆|外父|外母"),
    ("father", r"父亲|爸爸|阿爸|老豆|老爸|我爸|爹|\bfather\b|\bdad\b|\bdaddy\b"),
    ("mother", r"母亲|妈妈|阿妈|老妈|我妈|老母|\bmother\b|\bmum\b|\bmom\b|\bmummy\b"),
    (
        "grandparent",
        r"爷爷|奶奶|外婆|外公|阿公|阿嬷|阿婆|阿爷|阿嫲|嫲嫲|婆婆|公公|姥姥|姥爷|祖父|祖母|grand(?:father|mother|ma|pa|parent)",
    ),
    ("spouse", r"老伴|丈夫|老公|太太|妻子|老婆|\bwife\b|\bhusband\b"),
    ("parent", r"父母|爸妈|\bparents?\b"),
)


def fact_spans(simplified: str) -> list[tuple[int, int]]:
    """Where the simplified question states facts of the person (age, status, means, care, relation,
    sums, years): what the profile parser reads, so the rest is what the question is about."""
    patterns = [
        _AGE_ZH,
        *_AGE_EN,
        _LIVING_ALONE,
        _LOW_INCOME,
        _CARE_NEED,
        _NOT_RESIDENT,
        _RESIDENT,
        _NEEDS_CARE,
        _NO_CARE_NEED,
        _NOT_LOW_INCOME,
        _ASSISTANCE,
        _NO_OTHER_BENEFIT,
        *(p for _, p in _STATUSES),
        *(re.compile(p, re.I) for _, p in _RELATIONS),
        L._INCOME,
        L._ASSETS,
        L._YEARLY,
        L._MONTHLY,
        L._NO_INCOME,
        L._YEARS,
        L._BORN,
        L._CITIZEN,
        L._COUPLE,
        L._OTHER_BENEFIT,
        L._CARED_FOR,
    ]
    spans = [m.span() for pattern in patterns for m in pattern.finditer(simplified)]
    spans += [(a, b) for a, b, _ in L.money(simplified)]
    return spans


def chinese_number(text: str) -> int | None:
    """'八十五' -> 85, '九十' -> 90, '一百' -> 100 (text.numbers.number_value); None when not a whole number."""
    value = number_value(text)
    return int(value) if value is not None and value == int(value) else None


def _digits_for_words(text: str) -> str:
    """'is ninety-two' -> 'is 92' (text2num); text without English number words is returned as is."""
    if not re.search(r"(?i)\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)", text):
        return text
    from text_to_num import alpha2digit

    return alpha2digit(text, "en")


def parse_age(question: str) -> int | None:
    simplified = to_simplified(question)
    for match in _AGE_ZH.finditer(simplified):
        if match.group(1) == "百":
            continue  # '百歲老人' names centenarians: no one's age
        value = chinese_number(match.group(1))
        if value is not None and 40 <= value <= 120:
            return value
    english = _digits_for_words(question)
    for pattern in _AGE_EN:
        match = pattern.search(english)
        if match and 40 <= int(match.group(1)) <= 120:
            return int(match.group(1))
    return None


# A status of a place, right after its name: '澳门永久性居民', '香港人', '新加坡公民', '广州户口', 'a Hong Kong
# permanent resident', 'Singapore citizen'.
_STATUS_AFTER = re.compile(
    r"^\s*(?:的)?(?:永久性?居民|居民|公民|户口|户籍|籍|人(?![民口员士家]))|"
    r"^\s+(?:permanent\s+)?(?:resident|citizen|PR)\b",
    re.I,
)


def parse_status_region(question: str, found: list[tuple[Place, str]]) -> str | None:
    """The place whose status the person holds, when the question also names another place not inside
    or around it (where they live): '我妈是澳门永久性居民，住在珠海' -> Macao."""
    with_status = [
        place.key
        for place, words in found
        for m in re.finditer(re.escape(words), question)
        if _STATUS_AFTER.match(to_simplified(question[m.end() : m.end() + 24]))
    ]
    if not with_status:
        return None
    status = with_status[0]
    others = [
        place.key
        for place, _ in found
        if place.key != status and status not in lineage(place.key) and place.key not in lineage(status)
    ]
    return status if others else None


# The asker's own age ('我今年67岁', "I'm 67"): they may be the carer, not the one cared for.
_OWN_AGE = re.compile(r"我\s*(?:今年|已经|已|都)?\s*(\d{2,3})\s*岁|\bI(?:'m| am) (\d{2,3})\b", re.I)


def asker_age(question: str) -> int | None:
    """The age the asker gives as their own, if any."""
    own = _OWN_AGE.search(arabic_numerals(to_simplified(question)))
    return int(next(g for g in own.groups() if g)) if own else None


def parse_region(question: str, found: list[tuple[Place, str]] | None = None) -> str | None:
    """The most specific place the question names (a city over its province over its country)."""
    keys = deepest([place.key for place, _ in (find_places(question) if found is None else found)])
    return keys[0] if keys else None


def parse_profile(question: str, found: list[tuple[Place, str]] | None = None) -> Profile:
    """What a question says about the person; `found` are the places already read from it."""
    simplified = to_simplified(question)
    relation = next((name for name, pattern in _RELATIONS if re.search(pattern, simplified, re.I)), None)
    age = parse_age(question)
    if (
        relation is None
        and age is not None
        and re.search(r"我\s*(今年|已经|已)?\s*\d|\bI(?:'m| am)\b", simplified)
    ):
        relation = "self"
    if _NOT_LOW_INCOME.search(simplified):
        low_income: bool | None = False
    else:
        low_income = True if _LOW_INCOME.search(simplified) or _ASSISTANCE.search(simplified) else None
    if _CARE_NEED.search(simplified) or _NEEDS_CARE.search(simplified):
        care_need: bool | None = True
    else:
        care_need = False if _NO_CARE_NEED.search(simplified) else None
    denial = _NOT_RESIDENT.search(simplified)
    not_resident = bool(denial)
    status_denied = (
        _status_denied(denial.group(0)) if denial else "citizen" if _NOT_CITIZEN.search(simplified) else None
    )
    residence = None if not_resident else parse_residence(simplified)
    stated = facts(question).__dict__
    if _NO_OTHER_BENEFIT.search(simplified):
        stated = {**stated, "other_benefit": False}
    return Profile(
        age=age,
        region=parse_region(question, found),
        living_alone=True if _LIVING_ALONE.search(simplified) else None,
        low_income=low_income,
        care_need=care_need,
        care_degree=care_degree(simplified) if care_need else None,
        relation=relation,
        resident=False if not_resident else (True if _RESIDENT.search(simplified) or residence else None),
        status_denied=status_denied,
        status_region=parse_status_region(question, found if found is not None else find_places(question)),
        residence=residence,
        **stated,
    )
