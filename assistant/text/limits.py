"""Numbers that decide eligibility: what a question says of a person's income, assets, years of
contribution, birth and citizenship, and the limits a passage sets on them ('農業所得以外…合計新臺幣五十萬元
以上' under '有下列情形之一者，不予發給'; '满15年'; 'born on or before 31 December 1949')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numbers import CN_NUMERALS, number_value
from assistant.text.script import to_simplified
from assistant.types import Profile

_CN = CN_NUMERALS
_MONEY = re.compile(
    rf"(?P<cur>(?:NT|HK|S|US|MOP)\$|\$|新台币|台币|港币|港元|澳门币|人民币|(?:SGD|HKD|MOP|RMB|TWD|NTD)\b)?\s*"
    rf"(?P<num>\d[\d,]*(?:\.\d+)?|[{_CN}]+)\s*(?P<unit>万|千|百万|million|thousand|k\b)?\s*"
    rf"(?P<yuan>新加坡元|新元|新币|澳门元|澳门币|葡币|港元|港币|美元|人民币|新台币|台币|元|块|蚊|dollars|patacas|"
    rf"(?:SGD|HKD|MOP|RMB|TWD|NTD)\b)?",
    re.I,
)
_SCALE = {"万": 1e4, "千": 1e3, "百万": 1e6, "million": 1e6, "thousand": 1e3, "k": 1e3}


def money(text: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of each sum of money in simplified text: a number with a currency, 元 or 万."""
    out = []
    for match in _MONEY.finditer(text):
        if not (
            match.group("cur")
            or match.group("yuan")
            or match.group("unit")
            or match.group("num")[-1] in "万亿"
        ):
            continue
        value = _number(match.group("num"))
        if value is None:
            continue
        unit = (match.group("unit") or "").lower()
        if unit and not (match.group("num")[-1] in "万千" and unit in "万千"):
            value *= _SCALE.get(unit, 1)
        out.append((match.start(), match.end(), value))
    return out


_number = number_value


# ---- what the question says -------------------------------------------------------------------------
_INCOME = re.compile(
    r"收入|所得|入息|赚|租金|工资|薪|income|earns?|makes?|salary|wages?|pension of|\brent(?:al|s)?\b", re.I
)
_ASSETS = re.compile(
    r"存款|储蓄|积蓄|资产|财产|身家|土地|房屋|房产|savings|assets|deposits?|saved|propert|\bland\b|\bhouses?\b|\bflat\b",
    re.I,
)
_YEARLY = re.compile(r"一年|每年|年收入|全年|a year|per year|yearly|annual|each year", re.I)
_MONTHLY = re.compile(r"每月|每个月|一个月|月收入|a month|per month|monthly|each month", re.I)
_NO_INCOME = re.compile(r"(没有|冇|无)\s*(任何)?\s*收入|no income", re.I)
_YEARS = re.compile(
    rf"(?:交|缴|供|保|参保|加保|投保|住|居住|工作|contribut\w*|insured|paid in|lived)\D{{0,8}}?(\d{{1,2}}|[{_CN}]{{1,3}})\s*(?:多)?\s*年(?!\d)|"
    r"(\d{1,2})\s+years?\s+(?:of\s+)?(?:contribut|insur|paying|residen)|"
    r"(?:insur\w*|contribut\w*|paid|lived|resid\w*)[^.?!]{0,40}?\bfor\s+(\d{1,2})\s+years|"
    r"\b(?:insured|contributed|paid in|lived)\s+(\d{1,2})\s+years\b",
    re.I,
)
_BORN = re.compile(
    r"((?:19|20)\d\d)\s*年[^，。,]{0,6}?(?:出生|出世|生)|born (?:in |on .{0,20}?)?((?:19|20)\d\d)", re.I
)
_CITIZEN = re.compile(
    r"((?:19|20)\d\d)\s*年[^，。,]{0,8}?(?:入[^，。,]{0,6}?籍|(?:成为|成了|做咗|做了|变成|取得|拿到|获得)[^，。,]{0,6}?公民)|"
    r"(?:citizen\w*|naturali[sz]ed) in ((?:19|20)\d\d)",
    re.I,
)


@dataclass(frozen=True)
class Facts:
    income_year: float | None = None  # a year's income, in the currency the asker used
    assets: float | None = None
    years: int | None = None  # years of contribution, insurance or residence
    born: int | None = None
    citizen: int | None = None
    couple: bool | None = None  # the sums are a couple's ('两公婆', 'my wife and I')
    other_benefit: bool | None = None  # already receives, or asks to receive, another benefit beside it
    cared_for: bool | None = None  # already cared for: a hired carer, a home for the elderly
    income_period: str | None = None  # 'month' or 'year' where the question says; None: unsaid


_COUPLE = re.compile(
    r"两公婆|两老|夫妻|夫妇|老两口|我同老婆|我同老公|我和老伴|我们两个|my wife and i|my husband and i|"
    r"(?:we|us) both|as a couple|our (?:joint )?savings",
    re.I,
)
# Another benefit already received, or asked for together: '她有領中低收入老人生活津貼', '可唔可以一齊攞'.
_OTHER_BENEFIT = re.compile(
    r"(已经|已|(?<![没冇])有|正在|仲有)(领|领取|攞|拿|收)[^，。？?]{0,16}(津贴|补助|补贴|综援|低保|给付|年金|养老金)|"
    r"(一齐|一起|同时|一并)(攞|领|拿|申请|申领)|"
    r"\b(already|also) (gets?|receives?|receiving|claims?|on)\b|\b(both|at the same time|together with)\b",
    re.I,
)


# Care already received: a hired carer ('有请外籍看护', '请咗工人', 'has a live-in helper') or a home
# ('住在养老院', 'lives in a nursing home'); not a carer or a home wanted ('不想请看护', '没有请看护').
_CARED_FOR = re.compile(
    r"(?:有|已经|已|早就)\s*(?:请|雇|聘)\S{0,3}?(?:看护|佣人|工人|护工|家佣|外佣|菲佣|印佣)|"
    r"(?:请|雇|聘)(?:了|咗)\s*\S{0,3}?(?:看护|佣人|工人|护工|家佣|外佣|菲佣|印佣)|"
    r"有\s*(?:外籍)?(?:看护|佣人|护工|外佣|菲佣|印佣)|"
    r"住(?:了|咗)?(?:在|喺|进|入)(?:了|咗)?\S{0,6}?(?:养老院|老人院|安老院|护理院|护理之家|养护院|养护机构|疗养院|长照机构|院舍)|"
    r"\b(?:hired|employs|has|have|had)\s+(?:a |an )?(?:hired |live-in |foreign |full-time )*"
    r"(?:caregiver|carer|helper|maid|domestic (?:helper|worker))|"
    r"\b(?:lives|living|stays|staying) in (?:a |an )?(?:nursing home|care home|residential (?:care )?home|home for the elderly|old age home)",
    re.I,
)


def _cared_for(text: str) -> bool:
    """Care already received, not denied or wished for just before ('没有请看护', '想住养老院', "doesn't
    have a helper")."""
    return any(
        not re.search(
            r"[不没冇未无唔想要]|打算|准备|考虑|\b(?:not|no|n't|never)\b",
            text[max(0, m.start() - 5) : m.start()],
            re.I,
        )
        for m in _CARED_FOR.finditer(text)
    )


def _nearest(patterns: dict[str, re.Pattern[str]], text: str, start: int, end: int) -> str | None:
    """Which pattern's word stands nearest the span (start, end) of `text`: '每月收入三万，存款二十万'.
    A word before the sum names it ahead of one after; a word after a comma or an 'and' names the next sum."""
    best: tuple[int, str] | None = None
    for name, pattern in patterns.items():
        for match in pattern.finditer(text):
            if match.end() <= start:
                gap = start - match.end()
            else:
                between = text[end : match.start()]
                gap = max(0, match.start() - end) + (
                    20 if re.search(r"[，,；;。]|\band\b|和|及", between) else 1
                )
            if best is None or gap < best[0]:
                best = (gap, name)
    return best[1] if best else None


def facts(question: str) -> Facts:
    text = to_simplified(question)
    income = assets = period = None
    for start, end, value in money(text):
        around = text[max(0, start - 24) : end + 20]
        offset = start - max(0, start - 24)  # where the sum starts in `around`
        kind = _nearest({"assets": _ASSETS, "income": _INCOME}, around, offset, offset + end - start)
        if kind == "assets":
            assets = value
        elif kind == "income":
            monthly = bool(_MONTHLY.search(around)) and not _YEARLY.search(around)
            income = value * (12 if monthly else 1)
            period = "month" if monthly else "year" if _YEARLY.search(around) else None
    if income is None and _NO_INCOME.search(text):
        income = 0.0
    years = None
    if match := _YEARS.search(text):
        value = _number(next(g for g in match.groups() if g))
        years = int(value) if value is not None and value < 80 else None
    born = next((int(g) for m in _BORN.finditer(text) for g in m.groups() if g), None)
    citizen = next((int(g) for m in _CITIZEN.finditer(text) for g in m.groups() if g), None)
    couple = True if _COUPLE.search(text) else None
    other = True if _OTHER_BENEFIT.search(text) else None
    cared = True if _cared_for(text) else None
    return Facts(income, assets, years, born, citizen, couple, other, cared, period)


_EXEMPTING = re.compile(
    r"不列入|不计入|扣除|免计|not (?:be )?(?:included|counted)|excluded from|deduct", re.I
)
_PER_PERSON = re.compile(r"个人|每人|本人|per[- ]person|individual", re.I)
_PER_COUPLE = re.compile(r"夫妇|夫妻|两人|couple|married|household|家庭", re.I)
# A rule that one may not hold two benefits at once: '未同時申領政府發放之生活補助或津貼', '擇一申領'.
_EXCLUSION = re.compile(
    r"不得同时|未同时(申领|领取)|不得重复|不得再|择一|only one of|cannot receive both|not (?:also )?(?:receive|apply)|"
    r"may not also|at the same time",
    re.I,
)
# A rule that the person be cared for nowhere else: '未接受机构收容安置、居家服务、未雇用看护（佣）', 'Not
# live in a residential long-term care institution'.
_NOT_CARED_FOR = re.compile(
    r"未(?:接受|雇用|聘用|聘雇)[^。；;]{0,16}?(?:机构|收容|安置|看护|佣|照顾服务|居家服务)|"
    r"\bnot (?:be )?(?:liv(?:e|ing)|placed|staying) in (?:a |an )?(?:residential|nursing|institution)|"
    r"\bnot (?:employ|hire) (?:a |an )?(?:foreign )?(?:domestic|helper|caregiver|maid)",
    re.I,
)
LIMIT_FIELDS = {
    "income": "income_year",
    "assets": "assets",
    "years": "years",
    "born": "born",
    "citizen": "citizen",
    "exclusion": "other_benefit",
    "cared": "cared_for",
}
LIMIT_KINDS = tuple(LIMIT_FIELDS)


# ---- what a passage sets -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Limit:
    kind: str  # 'income', 'assets', 'years', 'born', 'citizen'
    text: str  # as the passage states it
    value: float
    below: bool  # True: the person's value must stay below `value` (or at most, `inclusive`)
    inclusive: bool = True
    per: str | None = None  # 'person' or 'couple' where the passage says whose sum it is
    monthly: bool = False  # an income limit the passage sets a month (`value` is a year's)

    def check(self, found: Facts | Profile) -> str | None:
        """'met' / 'not met', or None when the question says nothing of this."""
        if self.kind == "exclusion":
            return None if not found.other_benefit else "not met"
        if self.kind == "cared":
            return None if not found.cared_for else "not met"
        mine = getattr(found, LIMIT_FIELDS[self.kind])
        if mine is None and self.kind == "citizen" and holds_no_citizenship(found):
            return "not met"  # a citizenship by a date, of someone who holds none ('永久居民，不是公民')
        if mine is None:
            return None
        if self.kind == "income" and self.monthly and found.income_period is None:
            mine = mine * 12  # a sum said with no period is read in the rule's: a month's
        if self.kind in ("income", "assets") and found.couple and self.per == "person":
            mine = mine / 2  # a couple's sum against a limit for one person: each one's half
        if self.below:
            ok = mine <= self.value if self.inclusive else mine < self.value
        else:
            ok = mine >= self.value
        return "met" if ok else "not met"


def holds_no_citizenship(found: Facts | Profile) -> bool:
    """The person is said not to be a citizen, or to be a permanent resident and no year of becoming a
    citizen is told."""
    return isinstance(found, Profile) and (
        found.status_denied == "citizen"
        or (found.residence == "permanent resident" and found.citizen is None)
    )


_REFUSING = re.compile(
    r"不予|不得|不发|停止发给|不能申请|不符合|有下列情形之一|shall not|will not be|not be (?:paid|granted|issued|eligible)|"
    r"ineligible|not eligible|excluded|disqualif",
    re.I,
)
_OR_MORE = re.compile(r"^\s*(?:以上|或以上|及以上|or more|or above|and above|or over)", re.I)
_OVER_BEFORE = re.compile(r"(\bin excess of|\bexceed\w*|\bmore than|\bover|超过|高于)\s*$", re.I)
_AT_MOST = re.compile(r"(以下|以内|未达|不超过|不高于|或以下|or less|or below|and below|not exceeding)", re.I)
_AT_MOST_BEFORE = re.compile(
    r"(不超过|不高于|低于|少于|未达|not exceed\w*|no more than|up to|below|under|less than)\s*$", re.I
)
_YEARS_RULE = re.compile(
    rf"(?:(?<![未不])满|累计|合计|年资)\D{{0,12}}?(\d{{1,2}}|[{_CN}]{{1,3}})\s*年(?:以上|或以上)?(?!\d)|"
    r"(?:total of|at least|minimum of)\s+(\d{1,2})\s+years|(\d{1,2})\s+years\s+or\s+more",
    re.I,
)
_YEARS_TOPIC = re.compile(r"缴费|参保|加保|保险|投保|年资|居住|insur|contribut|participat|resid", re.I)
_BORN_RULE = re.compile(
    r"(?:born|birth date|date of birth) on or before.{0,24}?((?:19|20)\d\d)|((?:19|20)\d\d)\s*年\D{0,12}(?:以前|之前)出生",
    re.I,
)
_CITIZEN_RULE = re.compile(r"citizenship on or before.{0,24}?((?:19|20)\d\d)", re.I)


def limits(sentence: str, before: str = "") -> list[Limit]:
    """The numeric limits a sentence sets; `before` is the text ahead of it (a list's 'none of the
    following may…' makes each '…五十萬元以上' item a ceiling)."""
    text = to_simplified(sentence)
    # The nearest cue ahead decides what a list item is: under 'none of the following may…' a sum is a
    # ceiling; under 'the following are not counted' or a deduction ('下列土地及房屋，不列入计算') it is none.
    ahead_text = to_simplified(before)[-800:]
    last_refusing = max((m.end() for m in _REFUSING.finditer(ahead_text)), default=-1)
    last_exempting = max((m.end() for m in _EXEMPTING.finditer(ahead_text)), default=-1)
    exempting = bool(_EXEMPTING.search(text)) or last_exempting > last_refusing
    refusing = bool(_REFUSING.search(text)) or last_refusing > last_exempting
    out: list[Limit] = []
    for start, end, value in [] if exempting else money(text):
        kind = (
            "assets"
            if _ASSETS.search(text) or re.search(r"土地|房屋|property|land", text, re.I)
            else ("income" if _INCOME.search(text) else None)
        )
        if kind is None:
            continue
        after, ahead = text[end : end + 8], text[max(0, start - 24) : start]
        shown = (sentence[start:end] if len(sentence) == len(text) else text[start:end]).strip()
        monthly = kind == "income" and bool(_MONTHLY.search(text)) and not _YEARLY.search(text)
        if monthly:
            value *= 12  # compared as a year's income
        per = "person" if _PER_PERSON.search(text) else "couple" if _PER_COUPLE.search(text) else None
        if _OR_MORE.search(after) and refusing:
            out.append(Limit(kind, shown, value, below=True, inclusive=False, per=per, monthly=monthly))
        elif _OVER_BEFORE.search(ahead) and refusing:
            out.append(Limit(kind, shown, value, below=True, per=per, monthly=monthly))
        elif _AT_MOST.search(after) or _AT_MOST_BEFORE.search(ahead):
            out.append(Limit(kind, shown, value, below=True, per=per, monthly=monthly))
    if _YEARS_TOPIC.search(text):
        for match in _YEARS_RULE.finditer(text):
            value = _number(next(g for g in match.groups() if g))
            if value is not None and 1 <= value < 80:
                out.append(Limit("years", match.group(0), value, below=False))
                break
    if match := _EXCLUSION.search(text):
        out.append(Limit("exclusion", match.group(0), 0.0, below=True))
    if match := _NOT_CARED_FOR.search(text):
        out.append(Limit("cared", match.group(0), 0.0, below=True))
    for pattern, kind in ((_BORN_RULE, "born"), (_CITIZEN_RULE, "citizen")):
        if match := pattern.search(text):
            out.append(Limit(kind, match.group(0), float(next(g for g in match.groups() if g)), below=True))
    return out
