"""Does a passage answer what was asked? Checks of place, year and the kind of answer asked for.

A retrieval score cannot tell a near miss (the same benefit in another city or year, or a page about
the right benefit that never states the amount asked for) from an answer; these checks can.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.numbers import CN_NUMERALS
from assistant.text.places import deepest, find_places, lineage
from assistant.text.places import document_places as region_places
from assistant.text.script import to_simplified
from assistant.types import Document

_CN = CN_NUMERALS
_EN_NUMBERS = r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
_ANSWER_TYPES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    # kind: (how a question asks for it, how a passage states it)
    "amount": (
        re.compile(
            r"多少钱|几多钱|几钱|多少元|多少蚊|几多蚊|金额|补贴标准|补助标准|收费多少|费用多少|多少费用|"
            r"发多少|领多少|拿多少|补多少|罚款|罚多少|租金|房租|月租|几多钱|(扣除?|减免|抵扣|报销|缴|付|给)(多少|几多)|"
            r"how much|what amount|the amount of|"
            r"amount (?:is|of|do|does|can|will)|payouts?\b|charges?\b|\brent\b|"
            r"cost|price|fee\b|fines?\b|worth",
            re.I,
        ),
        re.compile(
            rf"(\d[\d,.]*|[{_CN}]+)\s*(万|千)?\s*(元|块|蚊|圆)|(HK|NT|US|S|MOP)?\$\s*\d|\d[\d,.]*\s*(dollars|patacas|yuan)|"
            rf"新台币\s*[\d{_CN}]|(MOP|HKD|RMB|NTD|SGD)\s*\d",
            re.I,
        ),
    ),
    "ratio": (
        re.compile(r"比率|比例|百分之几|百分比|几成|几多成|percentage|what percent|\bratio\b|\brate\b", re.I),
        re.compile(
            rf"\d[\d.]*\s*(%|％|percent)|百分之[\d{_CN}]+|[{_CN}\d]+\s*成(?![员为年立本功])|"
            # a staffing ratio: '1:6', '每照顾六人应置一人', 'one carer for every six'
            rf"\d+\s*[:：比]\s*\d+|每\S{{0,4}}?[\d{_CN}]+\s*[人名位床]\S{{0,6}}?[\d{_CN}]+\s*[人名位]|"
            r"\b(one|\d+)\s+\w+\s+(for|per|to)\s+(every\s+)?(\d+|two|three|four|five|six|seven|eight|nine|ten)\b",
            re.I,
        ),
    ),
    "hours": (
        re.compile(r"几个小时|几小时|多少小时|几多个钟|几个钟|how many hours", re.I),
        re.compile(rf"(\d+|[{_CN}]+)\s*(个)?\s*(小时|钟头)|\d+\s*hours?", re.I),
    ),
    "phone": (
        re.compile(
            r"电话号码|热线|哪个电话|什么电话|打边个|电话是|(咨询|联系|查询|服务|投诉|办事|求助)电话|电话(多少|几号)|"
            r"打(哪个|几号)|hotline|phone number|telephone number|number to call|contact number",
            re.I,
        ),
        re.compile(
            r"(?<!\d)1234\d(?!\d)|\d{3,4}[- ]?\d{4}|\(\d{2,4}\)\s*\d{4}|"
            # a short service number named as one: 'hotline 1966', '拨打1957', '1999专线'
            r"(hotline|call|dial|热线|专线|拨打|致电|电话)\D{0,12}(?<!\d)\d{3,5}(?!\d)|(?<!\d)\d{3,5}(?!\d)\s*(hotline|热线|专线)",
            re.I,
        ),
    ),
    "duration": (
        re.compile(
            r"多久|多长时间|多长|几年|几天|几个月|几耐|几多日|几多年|几多个月|(多少|几多)\s*个?\s*(年|天|日|月|周|星期)|"
            r"how long|how many (working |calendar )?(days|months|years|weeks)",
            re.I,
        ),
        re.compile(
            # not a day of the month ('次月10日') nor a year ('2018年')
            rf"(?<![月\d])(\d{{1,3}}|[{_CN}]+)\s*(个)?\s*(年|个月|月|天|日|工作日|周|星期|小时)|"
            rf"(\d+|{_EN_NUMBERS})\s*(working\s+)?(days?|months?|years?|weeks?)",
            re.I,
        ),
    ),
    "date": (
        re.compile(r"几号|几月几|截止|什么时候|几时|何时|哪天|deadline|what date|when\b", re.I),
        re.compile(
            rf"\d{{1,2}}月\d{{1,2}}日|\d{{4}}年\d{{1,2}}月|(次|下|本|当|每|同)月\s*\d{{1,2}}\s*[日号]|"
            r"(?<!\d)\d{1,2}\s*[日号]\s*(前|之前|以前|起)|\b(by|before|on|from) the \d{1,2}(st|nd|rd|th)\b|"
            rf"[{_CN}]+月[{_CN}]+日|\d{{4}}-\d{{2}}-\d{{2}}|"
            r"\b\d{1,2}\s+(January|February|March|April|May|June|July|August|September|October|November|December)|"
            r"(January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}|"
            r"每月|每年|每季|monthly|annually|each month|each year|working days|"
            # a time relative to an event: '满65周岁前一个月', 'one month before', 'in advance'
            rf"(前|提前)\s*[\d{_CN}]+\s*个?\s*(月|天|日|周|星期)|in advance|(days?|weeks?|months?) (before|prior to)",
            re.I,
        ),
    ),
}
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
# A year of the asker's life (born 1948, naturalised 1980) is not a policy year the documents must cover.
_PERSONAL_YEAR = re.compile(
    r"^\s*年?.{0,2}?(出生|出世|生|入籍|入.{0,6}籍|移民|来|搬|嫁|结婚|退休|参加|加保)|"
    r"^\s*(born|moved|retired|naturali[sz]ed|became a citizen)",
    re.I,
)


# A question about when a rule starts, and a sentence that says from when it applies: the date a
# regulation takes effect (施行), not the day it was adopted (通过).
_ASKS_START = re.compile(
    r"施行|生效|实施|实行|开始|起计|take[sn]? effect|took effect|come into (force|effect)|effective|start|begin",
    re.I,
)
_STATES_START = re.compile(
    r"(自|于|从).{0,24}(施行|生效|实施|实行)|起(施行|生效|实施|实行)|take[sn]? effect|took effect|"
    r"came into (force|effect)|comes? into (force|effect)|effective (from|on|as of)|commenc",
    re.I,
)


def asks_start(question: str) -> bool:
    return asked_kind(question) == "date" and bool(_ASKS_START.search(to_simplified(question)))


def states_start(text: str) -> bool:
    return bool(_STATES_START.search(to_simplified(text)))


def asked_kind(question: str) -> str | None:
    """'amount', 'hours', 'phone', 'date' or None: the kind of answer the question wants."""
    simplified = to_simplified(question)
    for kind in ("hours", "phone", "ratio", "amount", "duration", "date"):
        if _ANSWER_TYPES[kind][0].search(simplified):
            return kind
    return None


def states(kind: str, text: str) -> bool:
    return bool(_ANSWER_TYPES[kind][1].search(to_simplified(text)))


# What an amount is: a charge the person pays, a limit on their means, or a benefit paid to them. A
# question about rent is not answered by an allowance's amount, nor a payout by an income limit.
_AMOUNT_ROLES = {
    "charge": re.compile(
        r"租金|房租|月租|收费|费用|自付|自费|付费|缴费|缴纳|票价|价格|价钱|共同付款|"
        r"\brent\b|\bfees?\b|\bcharges?\b|\bcosts?\b|\bprices?\b|\bfares?\b|co-?pay",
        re.I,
    ),
    "limit": re.compile(
        r"收入|资产|存款|储蓄|积蓄|财产|入息|\bincome|\bassets?\b|\bsavings\b|means.test", re.I
    ),
    "benefit": re.compile(
        r"津贴|补贴|补助|援助金|资助|养老金|敬老金|老人金|发放|发给|领取|给付|"
        r"allowance|subsid|\bgrants?\b|pension|payouts?\b|\bbenefits?\b|voucher|stipend",
        re.I,
    ),
}


def amount_roles(text: str) -> set[str]:
    simplified = to_simplified(text)
    return {role for role, pattern in _AMOUNT_ROLES.items() if pattern.search(simplified)}


def asked_role(question: str) -> str | None:
    """The one kind of amount an amount question names ('每个月租金' asks a charge), else None."""
    roles = amount_roles(question)
    return roles.pop() if len(roles) == 1 else None


def states_asked(kind: str, text: str, role: str | None = None, context: str = "") -> bool:
    """The text states the kind of answer asked for; an amount of another role (an allowance for a
    question on rent) does not count, an amount whose role neither the text nor the passage around it
    (`context`) says does."""
    if not states(kind, text):
        return False
    if kind != "amount" or role is None:
        return True
    roles = amount_roles(text) or amount_roles(context)
    return not roles or role in roles


def places_asked(question: str) -> set[str]:
    """The place the asker is asking about: the most specific one named ('a Hong Kong resident living
    in Guangzhou' asks about Guangzhou)."""
    return set(deepest([place.key for place, _ in find_places(question)]))


def document_places(document: Document) -> set[str]:
    """The most specific places a document is about (its region, resolved to gazetteer keys at
    ingestion): a city's document does not speak for every other city of its country."""
    return set(document.places or region_places(document.region, document.title))


def place_covered(place_key: str, document: Document) -> bool:
    """The document is about this place, a place containing it, a place inside it, or names it."""
    doc_places = document_places(document)
    if doc_places & set(lineage(place_key)):
        return True  # the asker's place is the document's region or lies inside it
    if any(place_key in lineage(doc_place) for doc_place in doc_places):
        return True  # the document is about a place inside the asked one
    return place_key in named_places(document)


def named_places(document: Document) -> frozenset[str]:
    """Places a document names anywhere in its title or text: read at ingestion (`Document.mentions`),
    else here, once per text."""
    if document.mentions is not None:
        return frozenset(document.mentions)
    return _named_places(document.title + "\n" + document.text)


@lru_cache(maxsize=4096)
def _named_places(text: str) -> frozenset[str]:
    """Places a document names anywhere (scanning a whole document costs a few ms: done once)."""
    return frozenset(p.key for p, _ in find_places(text))


def missing_places(places: tuple[str, ...] | set[str], document: Document) -> list[str]:
    """The asked places (gazetteer keys) the document does not cover."""
    return sorted(key for key in places if not place_covered(key, document))


def years_asked(question: str) -> set[str]:
    """Years the question asks about (the policy year), not years of the asker's own life."""
    simplified = to_simplified(question)
    years = set()
    for match in _YEAR.finditer(simplified):
        after = simplified[match.end() : match.end() + 12]
        before = simplified[max(0, match.start() - 8) : match.start()]
        if _PERSONAL_YEAR.search(after) or re.search(r"born\s*(in)?\s*$", before, re.I):
            continue
        years.add(match.group(1))
    return years


def missing_years(years: tuple[str, ...], document: Document) -> list[str]:
    """Years asked about that the document never mentions (2019 asked, a 2025 notice found)."""
    text = f"{document.title}\n{document.published or ''}\n{document.text}"
    return sorted(year for year in years if year not in text)


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of two neighbours as one edit ('senoir' -> 'senior')."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, start=1):
        row = [i]
        for j, cb in enumerate(b, start=1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        if min(row) > limit:
            return limit + 1
        rows.append(row)
    return rows[-1][-1]


# A named benefit in the question: '养老助残卡', '敬老爱心卡', 'Merdeka Generation Package'.
_BENEFIT_ZH = re.compile(
    r"([\u4e00-\u9fff]{1,6}?)(卡|咭|(?<![认保验])证(?![明件书])|敬老金|养老金|津贴|补贴|补助|计划|配套|券|扣除|减免)"
)
# Words that end a benefit's name from the left: '有没有补贴' names no benefit, '收津贴' neither.
_NAME_BREAK = re.compile(
    r".*([的有没冇吗呢了在是把给要会能可以收开换张个种份申请领拿办用过咗唔嘅啲咩攞享受]|"
    r"全部|全额|部分|所有|任何|哪些|哪个|什么|参加|参与|加入)"  # quantities and joining: not a name
)
_GENERIC_SUFFIX = ("计划", "配套")
_BENEFIT_EN = re.compile(
    r"((?:[A-Z][\w'’-]*\s+){1,4})(Card|Package|Scheme|Allowance|Subsidy|Voucher|Vouchers|Credit|Pension|Grant)\b"
)


# ... or a scheme named in plain words: 'the $2 public transport fare scheme'.
_BENEFIT_EN_LOWER = re.compile(
    r"\bthe\s+((?:[$\w'’-]+\s+){1,4})(scheme|allowance|subsidy|voucher|vouchers|grant|card|package)\b"
)


def named_benefits(question: str) -> list[tuple[str, list[str]]]:
    """(name as asked, candidate spellings) for each benefit the question names."""
    out: list[tuple[str, list[str]]] = []
    simplified = to_simplified(question)
    place_spans = [
        (m.start(), m.start() + len(w))
        for _, w in find_places(simplified)
        for m in re.finditer(re.escape(w), simplified)
    ]
    for match in _BENEFIT_ZH.finditer(simplified):
        prefix, suffix = _NAME_BREAK.sub("", match.group(1)), match.group(2)
        begin = match.end(1) - len(prefix)
        named = prefix
        for start, end in place_spans:  # '新加坡居家照护补助金' names the grant; the place is not its name
            if start < match.end(1) and end > begin:
                prefix = simplified[max(end, begin) : match.end(1)]
        place_named = not prefix and suffix in _GENERIC_SUFFIX
        if place_named:
            prefix = named  # '广东计划' is the Guangdong Scheme: there the place is the name
        if len(prefix) + len(suffix) < 3:
            continue  # a bare '补贴' or '新卡' is a word, not a benefit's name
        candidates = [prefix[-n:] + suffix for n in range(1, len(prefix) + 1)]
        if suffix in _GENERIC_SUFFIX and not place_named:  # '医疗券计划': the voucher names it
            candidates += [prefix[-n:] for n in range(2, len(prefix) + 1)]
        out.append((prefix + suffix, candidates if len(suffix) == 1 else [suffix, *candidates]))
    places = {n.casefold() for p, _ in find_places(question) for n in p.all_names}
    seen: set[str] = set()
    for match in [*_BENEFIT_EN.finditer(question), *_BENEFIT_EN_LOWER.finditer(question)]:
        words = [
            w
            for w in match.group(1).split()
            if not re.search(r"['’]s$", w) and w.casefold() not in places and re.search(r"[A-Za-z]", w)
        ]
        words = [w for w in words if len(w) > 2 or w.isupper() is False]
        name = " ".join([*words, match.group(2)])
        if words and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append((name, [name]))
    return out


def benefit_covered(candidates: list[str], document: Document, knows_synonyms) -> bool:  # type: ignore[no-untyped-def]
    """The document names the benefit: a spelling of at least two characters (or its English words,
    allowing a typo), an abbreviation of it, or a glossary synonym."""
    text = (document.title + "\n" + document.search_text).lower()
    for candidate in candidates:
        if candidate.isascii():
            words = [w.lower() for w in candidate.split() if len(w) > 2]
            if words and all(_word_in(w, text) for w in words):
                return True
            continue
        if len(candidate) < 3 and candidate not in ("敬老金", "养老金"):
            continue
        if candidate in text or _abbreviation_in(candidate, text):
            return True
        if any(synonym in text for synonym in knows_synonyms(candidate)):
            return True
    return False


def _word_in(word: str, text: str) -> bool:
    if re.search(rf"\b{re.escape(word)}", text):
        return True
    if len(word) < 5:
        return False
    return any(
        _distance(word, known, 1) <= 1
        for known in set(re.findall(r"[a-z]{4,}", text))
        if abs(len(known) - len(word)) <= 1
    )


def _abbreviation_in(word: str, text: str) -> bool:
    return bool(re.search(".{0,3}".join(map(re.escape, word)), text))


Benefits = tuple[tuple[str, tuple[str, ...]], ...]  # named_benefits: (name as asked, spellings)


def missing_benefit(benefits: Benefits, document: Document, knows_synonyms) -> str | None:  # type: ignore[no-untyped-def]
    """A benefit the question names (`benefits`, from named_benefits) that the document does not. A name is
    looked for only in a document of its own language (a Chinese name in an English page is checked
    through the glossary alone)."""
    for name, candidates in benefits_to_check(benefits, document, knows_synonyms):
        if not benefit_covered(candidates, document, knows_synonyms):
            return name
    return None


def benefits_to_check(benefits: Benefits, document: Document, knows_synonyms) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """The benefits a question names that can be looked for in this document: names in its language,
    or with a glossary synonym."""
    english_document = document.language == "en"
    return [
        (name, list(candidates))
        for name, candidates in benefits
        if name.isascii() == english_document or any(knows_synonyms(c) for c in candidates)
    ]
