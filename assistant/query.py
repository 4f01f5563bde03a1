"""A question understood once: script, simplified text, places, years, what kind of answer is wanted,
the asker's profile. Built at the entry (`understand`) and handed to retrieval and to the answer stage,
which read it instead of parsing the question again. A follow-up merges into the previous turn's query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.asks import (
    asks_combining,
    asks_getting,
    asks_rule,
    asks_verdict,
    asks_whether_is,
    denied_requirements,
    feared_words,
    fee_asked,
    groups_named,
    left_undone,
    named_benefits,
    verdict_verb,
)
from assistant.text.conditions import age_conditions
from assistant.text.kinds import (
    asked_kind,
    asked_role,
    asks_began,
    asks_machinery,
    asks_often,
    asks_online,
    asks_post,
    asks_processing,
    asks_services,
    asks_since,
    asks_start,
    counted,
    figures,
    years_asked,
)
from assistant.text.places import Place, deepest, find_places, lineage, place_by_key
from assistant.text.profile import asker_age, fact_spans, parse_profile
from assistant.text.script import detect_script, region_flavour, script_is_plain, to_simplified
from assistant.text.segment import latin_words, shared_segmenter
from assistant.types import Profile, Script, Turn


@dataclass(frozen=True)
class Query:
    text: str  # as asked
    script: Script  # the script to answer in
    flavour: str  # 'hk', 'tw' or '': which traditional wording fits the asker
    simplified: str  # what retrieval searches (`topic`) in simplified Chinese (English as is)
    named_places: tuple[str, ...]  # gazetteer keys of every place the question names, in order
    places: tuple[str, ...]  # the most specific of them (or the session's place on a follow-up)
    years: tuple[str, ...]  # policy years asked about (not the asker's birth year)
    kind: (
        str | None
    )  # what kind of answer is asked for (kinds.asked_kind: 'amount', 'where', 'year'…) or None
    profile: Profile
    topic: str  # what retrieval searches: the question, or a follow-up merged with the last topic
    asked_about: str  # the question, with the previous one before it on a follow-up
    follow_up: bool = False
    asks_verdict: bool = False  # whether someone qualifies or may do something
    # of an amount asked: 'charge', 'limit', 'benefit' or 'fine', where the question says; of a count,
    # what is counted: 'people', 'per', 'beds' or 'places'; of a length of time, 'often' for how often,
    # 'since' for how long since
    role: str | None = None
    benefits: tuple[tuple[str, tuple[str, ...]], ...] = ()  # named benefits: (name as asked, spellings)
    asks_rule: bool = False  # who qualifies, asked as a rule, with no fact of a person stated
    fee: str | None = None  # whether it is free ('free'), one pays ('pay') or pays the full price ('full')
    feared: tuple[str, ...] = ()  # what the question fears happens ('会不会被扣押？': '扣押')
    undone: str | None = None  # a duty asked whether one may leave undone ('可以不赡养…吗？': '赡养')
    asks_start: bool = False  # when a rule takes effect
    asked_ages: tuple[int, ...] = ()  # age thresholds asked about ('90岁以上老人有什么服务': 90)
    asks_screen: bool = False  # 'what can my father get?': every benefit of the place, screened
    combining: bool = False  # whether a benefit can be had with another ('can he still…', '还可以…吗')
    getting: bool = False  # whether someone may get or apply for something ('可以领…吗', 'can she get…')
    verb: str | None = None  # the verb a Chinese yes or no echoes: '有', '会', '是' (None: '可以')
    asker_age: int | None = None  # the asker's own age ('我今年67岁'): they may be the carer
    asks_machinery: bool = False  # about breaking a rule, its penalties, repeal or purpose ('违反了会怎样？')
    asks_services: bool = False  # what services there are: a list of them answers
    online: bool = False  # applying online ('网上申请', 'apply online'): a channel online answers
    figures: frozenset[tuple[float, str]] = frozenset()  # figures named ('每月6小时': (6, '小时'))
    denied: tuple[str, ...] = ()  # requirements the person is said not to meet ('不符合特困供养条件')
    groups: frozenset[str] = frozenset()  # groups an age tier may be of, named ('原住民': 'indigenous')
    words: frozenset[str] = frozenset()  # English words of five letters or more, not a place's name
    topicless: bool = False  # nothing asked beyond the person's facts, the place and what they can get
    tokens: tuple[str, ...] = field(default=(), compare=False)  # BM25 tokens with cross-language words


# A question that leans on the one before: it opens with 'and', 'what about', '那…', ends in '呢', or
# points back with a pronoun (a whole word: 'he' inside 'the' is no pronoun).
_FOLLOW_UP = re.compile(
    r"^(那|那么|还有|另外|如果|那如果|and\b|what about|how about|also|then\b)|呢[？?]?\s*$|what about|how about|"
    r"申请呢|怎么申请呢|她|他|佢|\b(?:he|she|him|her|his)\b",
    re.I,
)


# Words putting what follows in the past: '之前一直喺大陸', '以前住在广州', 'used to live in', 'previously in'.
_PAST = re.compile(
    r"(?:之前|以前|从前|原来|原本|曾经|过去|早年)[^，。,？?]{0,6}$|\b(?:used to|previously|formerly)\b[^,.?]{0,20}$",
    re.I,
)


def _in_the_past(question: str, words: str) -> bool:
    """Every mention of a place is put in the past by the words before it."""
    simplified = to_simplified(question)
    starts = [m.start() for m in re.finditer(re.escape(to_simplified(words)), simplified)]
    return bool(starts) and all(_PAST.search(simplified[max(0, at - 24) : at]) for at in starts)


def understand(
    question: str,
    lang: Script | None = None,
    *,
    previous: Turn | None = None,
    profile: Profile | None = None,
) -> Query:
    """Parse a question once. With the session's last turn (`previous`) and what the session knows of
    the person (`profile`), a follow-up ('那我妈妈呢？她72岁') keeps the topic and place and changes
    only what it says."""
    simplified = to_simplified(question)
    script = lang or detect_script(question)
    found = find_places(question)
    named = tuple(dict.fromkeys(place.key for place, _ in found))
    said = parse_profile(question, found)
    follow_up = previous is not None and _is_follow_up(simplified, script, said)
    merged = profile.merged(said) if profile is not None and previous is not None else said
    # The places asked about: those named, else the one the session's earlier questions named.
    if lang is None and follow_up and previous is not None and script_is_plain(question):
        script = detect_script(previous.question)  # a reply in shared characters keeps the chat's script
    # A place the person was in before ('之前一直喺大陸', 'used to live in Guangzhou') is not asked about
    # when another is named.
    now = tuple(dict.fromkeys(place.key for place, words in found if not _in_the_past(question, words)))
    places = deepest(now or named) or ((merged.region,) if merged.region else ())
    topic = f"{previous.topic} {question}" if follow_up and previous else question
    asked_about = f"{previous.question} {question}" if follow_up and previous else question
    kind = asked_kind(question)
    undone = left_undone(question)
    return Query(
        text=question,
        script=script,
        flavour=region_flavour(None, question) or flavour_of(merged.region),
        simplified=to_simplified(topic),
        named_places=named,
        places=places,
        years=tuple(sorted(years_asked(asked_about))),
        kind=kind,
        profile=merged,
        topic=topic,
        asked_about=asked_about,
        follow_up=follow_up,
        # '存款大概二十万' follows a 'depends'; whether one pays ('要钱吗') asks for a verdict too, and so
        # does whether a person told of is something ('我爷爷1948年出生…是建国一代吗？')
        asks_verdict=asks_verdict(asked_about)
        or undone is not None
        or fee_asked(question) in ("pay", "full")
        or (merged.tells_of_person() and asks_whether_is(question)),
        role=_role(question, kind),
        benefits=tuple((name, tuple(spellings)) for name, spellings in named_benefits(asked_about)),
        asks_rule=asks_rule(question, merged),
        fee=fee_asked(question),
        feared=feared_words(asked_about),
        undone=undone,
        asks_start=asks_start(question),
        asked_ages=tuple(sorted({c.low for c in age_conditions(question) if c.low is not None})),
        asks_screen=asks_screen(question),
        combining=asks_combining(asked_about),
        getting=asks_getting(question),
        verb=verdict_verb(question),
        asker_age=asker_age(question),
        asks_machinery=asks_machinery(asked_about),
        asks_services=asks_services(question),
        online=asks_online(question),
        figures=frozenset(figures(question)),
        denied=denied_requirements(question),
        groups=groups_named(question),
        words=frozenset(
            w for w in latin_words(question.lower()) if len(w) >= 5 and w not in _place_names(found)
        ),
        topicless=topicless(question),
    )


def _place_names(found: list[tuple[Place, str]]) -> set[str]:
    """Every name of the places found, folded for matching English words."""
    return {name.casefold() for place, _ in found for name in place.all_names}


# An open question on what the person can get, naming no benefit: answered by the screener.
_ASKS_SCREEN = re.compile(
    r"有(?:冇|没有|没)?(什么|咩|哪些|啥|乜|边啲|没有)(可以|能|会)?(拿|领|攞|申请|享受|享有|福利|补贴|津贴|补助|优惠|优待|援助|帮助|支援)|"
    r"(可以|能|可|会)(拿|领|攞|申请|享受|领取|得到)(到)?(什么|咩|哪些|啲咩|乜嘢|啥)|有咩(可以)?攞|"
    r"\bwhat (?:benefits?|help|support|assistance|subsid\w+|allowances?|grants?|concessions?|discounts?|privileges?)\b|"
    r"\bwhat (?:is|are) (?:he|she|i|we|they|my \w+) entitled to\b|"
    r"\bwhat (?:can|could) (?:he|she|i|we|they|my \w+|her|him) (?:get|apply for|receive|claim|have)\b|"
    r"\bwhat is there for\b|\bany (?:grants|benefits|subsidies|help)\b",
    re.I,
)


# Words an open 'what can he get?' question is made of beside the person's facts and the place.
_GENERIC = frozenset(
    "老人 老年 老年人 长者 长辈 服务 福利 补贴 补助 津贴 援助 帮助 支援 优惠 优待 申请 领取 享受 可以 今年 现在 目前 "
    "住 住在 居住 一般 情况 阿姨 叔叔 舅舅 姑姑 亲戚 朋友 邻居 身份证 身份 证件 户口 户籍 本地 居住证 居民 "
    "永久 公民 持有 拥有 持 退休 退休了 已退休 政府 待遇 "
    "elderly people senior seniors old older service services benefit benefits subsidy subsidies allowance "
    "allowances grant grants help support assistance concession concessions apply application get receive "
    "claim live lives living now aunt uncle relative friend neighbour neighbor identity resident residents "
    "permanent citizen citizens hukou local hold holds holding has have retired permit "
    "discount discounts entitled just moved".split()
)

# A document of identity the person holds ('has a Hong Kong ID card'): a fact told, not a topic.
_IDENTITY_CARD = re.compile(r"\b(?:id|identity|identification|resident|residence)\s+cards?\b", re.I)


def asks_screen(question: str) -> bool:
    """An open question on what the person can get: the screen phrase, and nothing asked about beyond
    the person's facts and the place ('桂林七星區的社區老年食堂有什麼服務？' asks about canteens)."""
    simplified = to_simplified(question)
    return bool(_ASKS_SCREEN.search(simplified)) and topicless(question)


def topicless(question: str) -> bool:
    """Nothing is asked about beyond the person's facts, the place and what they can get."""
    simplified = to_simplified(question)
    spans = [m.span() for m in _ASKS_SCREEN.finditer(simplified)] + fact_spans(simplified)
    spans += [m.span() for _, w in find_places(simplified) for m in re.finditer(re.escape(w), simplified)]
    spans += [m.span() for m in _IDENTITY_CARD.finditer(simplified)]
    chars = list(simplified)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    topic = [
        t
        for t in shared_segmenter().tokens("".join(chars), simplify=False)
        if len(t) >= 2 and t not in _GENERIC and not re.search(r"[\d零〇一二两三四五六七八九十百千万]", t)
    ]
    return not topic


def _is_follow_up(simplified: str, script: Script, said: Profile) -> bool:
    short = len(simplified) <= 20 if script != "en" else len(simplified.split()) <= 8
    return bool(_FOLLOW_UP.search(simplified)) or (short and said.region is None)


def flavour_of(key: str | None) -> str:
    """Which traditional wording fits a place: 'hk' for Hong Kong and Macao, 'tw' for Taiwan."""
    chain = lineage(key) if key else []
    if "HK" in chain or "MO" in chain:
        return "hk"
    return "tw" if "TW" in chain else ""


def place_name(key: str, script: Script) -> str:
    place = place_by_key(key)
    return place.name(script) if place else key


def _role(question: str, kind: str | None) -> str | None:
    """The role of the amount asked for, what a count counts, or whether a length of time is how often
    or how long since (`Query.role`)."""
    if kind == "amount":
        return asked_role(question)
    if kind == "year" and asks_began(question):
        return "began"  # the year something began: the sentence saying it began then leads
    if kind == "where" and asks_post(question):
        return "post"  # where to send it by post: a postal address
    if kind == "duration":
        if asks_often(question):
            return "often"
        return "since" if asks_since(question) else "processing" if asks_processing(question) else None
    return counted(question) if kind == "count" else None
