"""Read a document's policy cards once, at ingestion: each benefit, service or concession it sets, with the
conditions, what it gives and how to apply, every field cited to its sentence.

The conditions are read with the answer stage's own parsers (`conditions.age_conditions`,
`limits.limits`, `limits.money`), so a rule means the same thing to an answer and to a card. A field the
text does not state is absent: nothing here guesses.

How sentences become cards:
- a sentence that gives something (an amount, hours, a discount, something free) makes or extends the
  card of the benefit it names, else of the heading above it, else of the document's own benefit (the one
  its title names); the conditions in that sentence are that card's;
- a sentence that only states conditions, and reads as a rule (an eligibility word, a list under one),
  belongs to the card it names, else to the card of its heading, else to the document's own benefit;
- how and where to apply, the documents to bring and the contacts belong to every card of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from assistant.text.conditions import (
    EXEMPTING_LEAD,
    REFUSING_LEAD,
    SUITED_FOR_CARE,
    age_conditions,
    residence_required,
)
from assistant.text.kinds import PAPER
from assistant.text.limits import Limit, limits, money
from assistant.text.numbers import CN_NUMERALS, number_value
from assistant.text.places import lineage
from assistant.text.script import to_script, to_simplified
from assistant.text.sentences import ENUMERATOR, LIST_ITEM, sentence_spans
from assistant.types import Chunk, Document

from .model import Apply, Card, Cite, Criterion, Give

# ---- what a sentence says -----------------------------------------------------------------------------
_HEADING_END = re.compile(r"[。.；;!?！？，,]\s*$")
# A sentence or heading that states who qualifies (zh simplified, or English).
_RULE = re.compile(
    r"符合|资格|对象|条件|申请|申领|请领|可享|享受|须|应当|凡|均可|方可|不予|停止|不得|"
    r"eligib|qualif|criteri|must|may apply|can apply|require|has to|have to|who\b|aged|not be",
    re.I,
)
# Money spent by a government on building, not paid to a person.
_FUNDING = re.compile(r"投入|拨付|投资|经费|预算|资金|募集|总额|累计|budget|invest|fund(?:ing|ed)\b", re.I)
_PAYING = re.compile(
    r"发给|发放|给付|补助|补贴|津贴|资助|援助|领取|获发|可领|给予|调整为|每月|每年|一次性|"
    r"pay|grant|subsid|allowance|top-?up|receive|cash|get\b|gets\b|award|(?:each|per|every|a) month\b|monthly",
    re.I,
)
_CURRENCIES = (
    (re.compile(r"新台币|新臺幣|台币|NT\$", re.I), "TWD"),
    (re.compile(r"港币|港元|HK\$", re.I), "HKD"),
    (re.compile(r"澳门币|澳門幣|MOP|pataca", re.I), "MOP"),
    (re.compile(r"S\$|SGD"), "SGD"),
    (re.compile(r"人民币|RMB|CNY"), "CNY"),
)
_PLACE_CURRENCY = {"TW": "TWD", "HK": "HKD", "MO": "MOP", "SG": "SGD", "CN": "CNY"}
_PERIODS = (
    (re.compile(r"每月|每个月|按月|月发|per month|a month|each month|monthly|every month", re.I), "month"),
    (re.compile(r"每年|每人每年|per year|a year|each year|yearly|annual", re.I), "year"),
    (re.compile(r"一次性|一次过|one-?off|one-?time|lump sum", re.I), "once"),
)
_HOURS = re.compile(rf"(\d+(?:\.\d+)?|[{CN_NUMERALS}]+)\s*(?:个)?(?:小时|钟头|hours?)", re.I)
_HALF = re.compile(r"半票|半价|减半|半费|half[- ]price|half the|(?<![\d.])50\s*%|五折", re.I)
_DISCOUNT = re.compile(r"减收|折扣|打\d折|优惠|优待|减免|discount|concession|reduced fare|cheaper", re.I)
# Cutting a fee is itself a gift, whoever is bound to it ('公立医院…应当减收普通门诊诊查费').
_CUT = re.compile(r"减收|减免|reduced? (?:the )?|waive[sd]? (?:the )?", re.I)
_FREE = re.compile(
    r"免费|全免|免收|免缴|免予|免除|免票|全额补助|free of charge|for free|\bfree\b|waived|no charge", re.I
)
_SERVICE = re.compile(
    r"(提供|享受|可享|享有|安排|上门|入户|购买).{0,16}服务|(?:provide|receive|get|offer)s?\b.{0,40}\bservices?\b",
    re.I,
)
# A person getting it ('享受…优惠', 'obtain the concessions'): a bare discount word is otherwise a duty or a topic.
_GIVING = re.compile(r"享受|享有|可享|给予|实行|获得|可以|免费|obtain|get|receive|enjoy|entitle|offer", re.I)
_NOT_FREE = re.compile(r"免经|免绑定|免预约|免排队|免换|free (?:to choose|from)", re.I)
# An account opened free of charge ('will, free of charge, create a personal voucher account'): a step of
# using the benefit, not what it gives.
_FREE_ACCOUNT = re.compile(
    r"(?:free of charge|for free)[,，]?\s*(?:create|open|set up|register)s?\b[^.;]{0,30}\baccount|免费(?:开户|开设账户|建立账户)",
    re.I,
)
# A free use named as 'the concession' ('享受免费乘坐公共汽车的优待'): one gift, free, not a discount too.
_FREE_NAMED = re.compile(r"免费[^，,。；;]{0,16}的(?:优待|优惠)$")
# Conditions that set the scope of the whole document ('…享受本办法规定的优待', 'under this Act'): every card's.
_SCOPE = re.compile(
    r"本(?:办法|条例|规定|细则|计划)|this (?:act|scheme|regulation|programme|program|package)\b", re.I
)
# A rule about someone other than the elder (the caregiver, an agent): not the elder's condition.
_OTHER_PERSON = re.compile(r"(?<!受)照顾者|caregivers?\b|carers?\b|代办人|代理人|受托人", re.I)
# Who a sentence gives to, when it is not a person: a provider's grant ('…运营的企业事业单位、社会组织…
# 享受…建设补助') is no benefit of the elder's.
_PROVIDER = re.compile(
    r"企业|事业单位|社会组织|运营(?:单位|方|者)|服务提供(?:者|单位)|设施|"
    r"\b(?:operators?|service providers?|organi[sz]ations?|enterprises?|companies|facilit(?:y|ies))\b",
    re.I,
)
_ELDER = re.compile(r"老年|老人|长者|长辈|高龄|elder|senior|older (?:people|persons?)|aged\b", re.I)
_MEANS_STATUS = re.compile(
    r"中低收入|低收入|低保|特困|最低生活保障|援助金受益人|综援|means[- ]test\w*|low[- ]income|social assistance recipient",
    re.I,
)
_CARE = re.compile(
    r"失能|失智|重度|中度以上|卧床|残疾|身心障碍|日常生活活动|认知症|不能自理|无法自理|"
    r"disabilit\w*|dementia|impair\w*|frail|bedridden|incapable of self-care|unable to care for (?:them|him|her)sel|"
    + SUITED_FOR_CARE,
    re.I,
)
# A condition in the document's own words: '符合…法律援助条件', '属于独生子女父母', 'who meet the means test'.
_WORDED = re.compile(
    r"符合《?[^，。；《》]{0,20}》?[^，。；]{0,12}?(?:条件|规定)(?!的老年人可以)|属于[^，。；、]{2,24}?(?:对象|家庭|父母|人员|成员|会员)|"
    r"(?:已)?登记(?:于|在)[^，。；]{2,24}|"
    r"\bwho (?:meets?|satisf\w+) (?:the )?[^.,;]{3,60}?(?:criteria|conditions|requirements|test)\b",
    re.I,
)
_REFERENCE = re.compile(
    r"以下|下列|前条|前款|前项|上述|本条|第\s*[\d一二三四五六七八九十]+\s*[条款项]|the following|above|previous|preceding|set out in",
    re.I,
)
# What is refused, not given: '不得重複申請居家服務', 'shall not be issued'.
_REFUSED = re.compile(r"不得|不予|不能|不可|停止|撤销|追回|shall not|may not|cannot|will not be", re.I)
# A fee or price halved is a discount; an allowance paid at half is not ('依規定金額減半發給').
_PRICE = re.compile(r"费|票|价|收费|门票|车资|\b(?:fares?|fees?|prices?|charges?|tickets?|admission)\b", re.I)
# A fee or fare named ('公证费', '门票'), not the 'fee' of free of charge ('免费').
_FEE = re.compile(rf"(?<!免)(?:{_PRICE.pattern})", re.I)
# A refusal that is procedure or fraud, not a person's case: '未依本辦法規定提出必要文件者', '以虛偽證明…者'.
_PROCEDURAL = re.compile(r"本(?:办法|条例|规定)|文件|虚伪|不当|伪造|冒用|false|fraud|forged", re.I)
_ALONE = re.compile(r"独居|独自居住|孤寡|lives? alone|living alone", re.I)
_APPLY = re.compile(r"申请|申领|请领|办理|递交|提出|apply|application|submit|hand (?:it )?in|register", re.I)
_WHERE = re.compile(
    r"向|到|至|前往|\bat\b|\bto the\b|\bin person\b|\bby post\b|\bby mail\b|online|网上|线上|APP", re.I
)
_DOCUMENTS_CUE = re.compile(
    r"documents? required|supporting documents|documents? to bring|办理准备|所需材料|申请材料|检附|附上|携带|提交.{0,6}(材料|文件)|"
    r"下列文件|证件|提供.{0,6}(原件|复印件|影本)",
    re.I,
)
_PHONE = re.compile(
    r"((?:热线|电话|咨询电话|服务热线|hotline|enquir\w*|tel\.?|call(?:ing)?|致电)[^\d\n]{0,30}?)(\(?\+?\d[\d\-() ]{5,}\d)",
    re.I,
)
_DATE = re.compile(
    rf"(?:(中华民国)\s*)?((?:19|20)\d\d|[{CN_NUMERALS}]{{2,5}})\s*年\s*(\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})\s*月\s*"
    rf"(\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})\s*日\s*(?:起|开始|施行|生效)"
)
_THIS = re.compile(
    r"^(本|该|此)(津贴|补贴|补助|计划|卡|服务|办法)|^(?:this|the) (?:subsidy|allowance|grant|scheme|card|package)$",
    re.I,
)
_THIS_IN = re.compile(
    r"本(?:津贴|补贴|补助|计划|方案|服务|优待)|this (?:subsidy|allowance|grant|scheme|benefit)\b", re.I
)
_GENERIC_HEADINGS = re.compile(
    r"^(eligibility|eligibility criteria|who is eligible\??|documents? required|form|application procedures?|"
    r"introduction|at a glance|key requirements|how to apply|申领对象|申请对象|办理准备|办理指南|线上办理|线下办理|"
    r"申请条件|申请资格|附件|说明|.{0,3}[一二三四五六七八九十]+[、.].{0,2}|第\s*\d+\s*条)[:：]?$",
    re.I,
)


@dataclass
class _Sentence:
    start: int
    end: int
    text: str  # as in the document
    simplified: str
    heading: str  # the heading above it ('' at the top)
    before: str  # the document's simplified text ahead of it, for list context
    is_heading: bool = False
    is_item: bool = False


@dataclass
class _Draft:
    name: str
    key: str
    gives: list[Give] = field(default_factory=list)
    conditions: list[Criterion] = field(default_factory=list)
    effective: str | None = None


_SUM_PAID = re.compile(r"元|块|\$|币|dollars|patacas|MOP|SGD|HKD|TWD", re.I)  # a sum with its currency


def _is_heading(line: str) -> bool:
    stripped = line.strip().lstrip("#").strip()
    if not stripped or LIST_ITEM.match(stripped):
        return False
    if line.lstrip().startswith("#"):
        return True
    if _period(stripped) and any(_SUM_PAID.search(stripped[a:b]) for a, b, _ in money(stripped)):
        return False  # '$250 or $400 each month': what is paid, stated on a line of its own
    short = len(stripped) <= 24 if not stripped.isascii() else len(stripped.split()) <= 8
    return short and (not _HEADING_END.search(stripped) or stripped.endswith(("：", ":")))


def sentences(document: Document) -> Iterator[_Sentence]:
    """The sentences of a document in order, each with the heading it sits under."""
    text = document.text
    simplified_doc = to_simplified(text)
    same_length = len(simplified_doc) == len(text)
    heading = ""
    position = 0
    for line in text.splitlines(keepends=True):
        start = position
        position += len(line)
        if not line.strip():
            continue
        if _is_heading(line):
            heading = line.strip().lstrip("#").strip().rstrip("：:")
            yield _Sentence(
                start,
                start + len(line.rstrip()),
                line.strip(),
                to_simplified(line.strip()),
                heading,
                "",
                is_heading=True,
            )
            continue
        item = bool(LIST_ITEM.match(line))
        for s, e in sentence_spans(line, start):
            piece = text[s:e]
            before = (
                simplified_doc[max(0, s - 800) : s]
                if same_length
                else to_simplified(text[max(0, s - 800) : s])
            )
            yield _Sentence(s, e, piece, to_simplified(piece), heading, before, is_item=item)


# A heading over the papers to bring ('所需材料', 'Documents Required'); an item naming one is kinds.PAPER.
_PAPERS_HEADING = re.compile(r"材料|文件|证件|documents?\b|papers\b", re.I)


# A list whose items are each a way in ('符合以下三类条件的', '下列情形之一', 'any of the following').
_CHOICES_LEAD = re.compile(
    r"(以下|下列)\S{0,3}(类|种)(条件|情形|人士|对象)?|(以下|下列)\S{0,8}之一|任何一|任一|"
    r"any (?:one )?of the following|one of the following|either",
    re.I,
)


def _another_choice(before: str) -> bool:
    """Whether an item is the second or a later one of a list whose items are each a way in: the card
    holds the first item's conditions, as it holds the first of groups that qualify each on its own."""
    lines = [line for line in before.splitlines() if line.strip()]
    items = 0
    for line in reversed(lines[-12:]):
        if LIST_ITEM.match(line):
            items += 1
            continue
        # '有下列情形之一者，不予發給': each item is a reason to refuse, and every one of them holds
        return items > 0 and bool(_CHOICES_LEAD.search(line)) and not REFUSING_LEAD.search(line)
    return False


def papers_listed(document: Document, most: int = 3) -> list[tuple[int, int]]:
    """Where a document lists the papers to bring, as (start, end) of its sentences in reading order: the
    sentence introducing the list ('…并检附下列文件：', 'these supporting documents:'); else the items
    under a heading naming papers ('所需材料', 'Documents Required'; a short line of its own is one), or
    the first sentence there when it has no items; else a run of list items each naming a paper (a page
    that lost its headings). At most `most`; none when it lists none."""
    under: list[tuple[int, int]] = []  # sentences under a heading naming papers
    items: list[tuple[int, int]] = []  # the items among them
    run: list[tuple[int, int]] = []
    heading = False
    for sentence in sentences(document):
        words = sentence.simplified.strip()
        short = len(words.split()) <= 4 if words.isascii() else len(words) <= 16
        if (sentence.is_heading or short) and _PAPERS_HEADING.search(words):
            if len(run) > 1 or items:
                break  # the next list of papers ('（二）其他特殊情形所需材料'): the first is the one
            heading = True  # '五、所需材料', '（一）必需材料', 'Documents Required'
            continue
        if sentence.is_heading or (heading and short and not sentence.is_item):
            if heading and (items or under):
                break
            heading = False
            continue
        if sentence.text.rstrip().endswith((":", "：")) and _DOCUMENTS_CUE.search(sentence.simplified):
            return [(sentence.start, sentence.end)]
        if heading:
            under.append((sentence.start, sentence.end))
            if sentence.is_item:
                items.append((sentence.start, sentence.end))
                if len(items) >= most:
                    break
            continue
        if not sentence.is_item:
            continue  # a note between the items ('填报须知：…') does not end their run
        if PAPER.search(sentence.simplified):
            run.append((sentence.start, sentence.end))
            if len(run) >= most:
                break
        elif len(run) > 1:
            break
        else:
            run = []
    if items or under:
        return items or under[:1]
    return run if len(run) > 1 else []


def _cite(sentence: _Sentence, chunks: list[Chunk]) -> Cite:
    chunk_id = next(
        (c.chunk_id for c in chunks if c.start <= sentence.start < c.end),
        chunks[0].chunk_id if chunks else "",
    )
    return Cite(chunk_id, sentence.text, sentence.start, sentence.end)


def _shown(sentence: _Sentence, start: int, end: int) -> str:
    """Words of the simplified view, shown as the document writes them (OpenCC keeps most lengths)."""
    if len(sentence.text) == len(sentence.simplified):
        return sentence.text[start:end].strip()
    return sentence.simplified[start:end].strip()


def _currency(text: str, place: str | None) -> str | None:
    for pattern, code in _CURRENCIES:
        if pattern.search(text):
            return code
    if re.search(r"\$|元|块|dollars", text) and place:
        for key in lineage(place):
            if key in _PLACE_CURRENCY:
                return _PLACE_CURRENCY[key]
    return None


def _period(text: str) -> str | None:
    return next((name for pattern, name in _PERIODS if pattern.search(text)), None)


# ---- conditions -----------------------------------------------------------------------------------------
# The lead of a list of exemptions: its items are the exemption's conditions, not the benefit's
# ('…仍符合下列規定者，不受第三項第二款規定之限制：', '…shall not be subject to the limitations…:').
# A carve-out, not an exclusion: 'this shall not apply to any elderly farmer who…'.
_CHOOSE_ONE = re.compile(r"择一|only one of|choose", re.I)
_CARVE_OUT = re.compile(r"(?:shall|does|will) not apply\b|不适用", re.I)


def _list_lead(sentence: _Sentence) -> str:
    """The line introducing the list an item belongs to (the last line ending with a colon before it)."""
    if not sentence.is_item:
        return ""
    leads = [line for line in sentence.before[-600:].splitlines() if line.rstrip().endswith((":", "："))]
    return leads[-1] if leads else ""


# People a rule is for, named as groups each ending in who they are ('…的老人、…原住民，以及…者').
_GROUP_SEPARATOR = re.compile(r"、|，?以及|，?或者|；")
_GROUP_NOUN = re.compile(r"(老人|老年人|长者|长辈|原住民|者|人员|人士)\s*$")


def _first_group_end(simplified: str) -> int | None:
    """Where the first of several groups of people a sentence lists as alternatives ends ('年满65岁以上
    的老人、年满55岁以上原住民，以及身心障碍者'), or None when it lists no such groups (conditions joined
    by '、' are all required: '具有本市户籍、年满60周岁的老年人')."""
    pieces, at = [], 0
    for match in [*_GROUP_SEPARATOR.finditer(simplified), None]:
        end = match.start() if match else len(re.split(r"[。;]", simplified[at:], maxsplit=1)[0]) + at
        pieces.append((at, end))
        if match is None:
            break
        at = match.end()
    groups = [(a, b) for a, b in pieces if _GROUP_NOUN.search(simplified[a:b])]
    if len(groups) < 2 or groups[0] != pieces[0]:
        return None
    return groups[0][1]


def criteria(sentence: _Sentence, cite: Cite, place: str | None) -> list[Criterion]:
    """Every condition a sentence states (none for an item of an exemption's list)."""
    out: list[Criterion] = []
    if EXEMPTING_LEAD.search(_list_lead(sentence)):
        return out
    # The answer stage's parser reads '65 years old or older'; a law's '65 years of age or older' is the same
    # rule, written so that its offsets stay those of the sentence.
    spelled = _OF_AGE.sub(lambda m: "years old" + " " * (len(m.group(0)) - len("years old")), sentence.text)
    for condition in age_conditions(spelled):
        at = spelled.find(condition.text)
        if at >= 0:
            condition = replace(condition, text=sentence.text[at : at + len(condition.text)])
        if condition.low is not None:
            out.append(Criterion("age", ">=", condition.low, cite, text=condition.text))
        if condition.high is not None:
            out.append(Criterion("age", "<", condition.high, cite, text=condition.text))
    for limit in limits(sentence.text, sentence.before):
        if limit.kind == "cared":
            continue  # care already received: no card field yet (the screener asks no such fact)
        if limit.kind == "exclusion" and (
            _CARVE_OUT.search(sentence.simplified) or _CHOOSE_ONE.search(limit.text)
        ):
            continue  # a carve-out, or 'choose one' (one may have this one): not a condition of it
        out.append(_from_limit(limit, sentence, cite, place))
    residence = residence_required(sentence.text)
    if residence:
        out.append(Criterion("residence", "is", residence[0], cite, text=residence[1]))
    if match := _MEANS_STATUS.search(sentence.simplified):
        if not any(c.field == "income" for c in out):
            out.append(Criterion("income", "is", "low income", cite, text=_shown(sentence, *match.span())))
    if match := _CARE.search(sentence.simplified):
        out.append(Criterion("care_need", "is", "care need", cite, text=_shown(sentence, *match.span())))
    first_group_end = _first_group_end(sentence.simplified)
    if first_group_end is not None:
        # '…包括设籍台中市且年满65岁以上的老人、年满55岁以上原住民，以及身心障碍者': groups that qualify
        # each on its own; a card holds one set of conditions, the first group's (the elders'), and the
        # others' are no condition of theirs
        out = [c for c in out if sentence.simplified.find(to_simplified(c.text)) < first_group_end]
    refused = bool(REFUSING_LEAD.search(_list_lead(sentence)))  # the list this item belongs to
    if (
        sentence.is_item
        and not out
        and refused
        and not _PROCEDURAL.search(sentence.simplified)
        and not _REFERENCE.search(sentence.simplified)
    ):
        # an item of '有下列情形之一者，不予補助' that no other reading took: a case that excludes
        words = sentence.text.strip(" 。.;；")
        words = LIST_ITEM.sub("", words)
        kind = (
            "benefit"
            if re.search(
                r"补助|津贴|给付|补贴|救助|benefit|subsid|allowance|assistance", sentence.simplified, re.I
            )
            else "other"
        )
        out.append(Criterion(kind, "not", words, cite, text=words))
        return out
    for match in _WORDED.finditer(sentence.simplified):
        core = re.sub(r"符合|属于|条件|规定|资格|《|》", "", match.group(0))
        if _REFERENCE.search(sentence.simplified[match.start() : match.end() + 40]) or len(core) < 3:
            continue  # '符合以下条件', '符合前条资格条件' point at conditions stated elsewhere
        if not _SCOPE.search(match.group(0)) and not _MEANS_STATUS.search(match.group(0)):
            # '不属于政府养老扶助对象': the negation is part of the condition
            negated = match.start() > 0 and sentence.simplified[match.start() - 1] in "不非未"
            words = _shown(sentence, match.start() - negated, match.end())
            out.append(Criterion("other", "is", words, cite, text=words))
    if match := _ALONE.search(sentence.simplified):
        out.append(
            Criterion(
                "other",
                "is",
                "living alone",
                cite,
                about="living_alone",
                text=_shown(sentence, *match.span()),
            )
        )
    return out


def _from_limit(limit: Limit, sentence: _Sentence, cite: Cite, place: str | None) -> Criterion:
    if limit.kind in ("income", "assets"):
        monthly = limit.kind == "income" and _period(sentence.simplified) == "month"
        value = limit.value / 12 if monthly else limit.value
        return Criterion(
            limit.kind,
            "<=" if limit.inclusive else "<",
            round(value, 2),
            cite,
            currency=_currency(sentence.simplified, place),
            period=("month" if monthly else "year") if limit.kind == "income" else None,
            per={"person": "person", "couple": "household"}.get(limit.per or ""),
            text=limit.text,
        )
    if limit.kind == "years":
        residence = re.search(r"居住|resid|live", sentence.simplified, re.I)
        field_name = "residence_years" if residence else "contribution_years"
        return Criterion(field_name, ">=", int(limit.value), cite, text=limit.text)
    if limit.kind in ("born", "citizen"):
        return Criterion("other", "<=", int(limit.value), cite, about=limit.kind, text=limit.text)
    return Criterion("benefit", "not", limit.text, cite, text=limit.text)  # an exclusion


# ---- what it gives -----------------------------------------------------------------------------------------
_OF_AGE = re.compile(r"years of age", re.I)
_REPORTED = re.compile(r"达到|累计|共计|已有|全年|截至|so far|in total|reached|to date", re.I)
_COUNTED = re.compile(r"^\s*(?:余|多)?\s*(?:名|人|人次|户|个|家|位|次|宗|条|项)")


def _discount(text: str) -> re.Match[str] | None:
    """The discount a sentence gives: its first discount word, after a verb of getting ('享受…优惠'; a bare
    one is a duty or a topic), else a fee cut ('公立医院…应当减收普通门诊诊查费')."""
    match = _DISCOUNT.search(text)
    if match and _GIVING.search(text[max(0, match.start() - 24) : match.start()]):
        return match
    return next((m for m in _CUT.finditer(text) if _PRICE.search(text, m.end(), m.end() + 12)), None)


def gives(sentence: _Sentence, cite: Cite, place: str | None) -> list[Give]:
    text = sentence.simplified
    out: list[Give] = []
    if _REFUSED.search(text):
        return out
    limit_texts = {to_simplified(limit.text) for limit in limits(sentence.text, sentence.before)}
    if _PAYING.search(text) and not _FUNDING.search(text):
        for start, end, value in money(text):
            shown = text[start:end].strip()
            if not _SUM_PAID.search(shown) or _COUNTED.match(text[end:]):
                continue  # '1.75万名老人' counts people: a sum paid names its currency
            if any(shown in limit or limit in shown for limit in limit_texts) or re.match(
                r"\s*(以上|以下|或以上|或以下|以内|or (?:more|less|above|below))", text[end : end + 6], re.I
            ):
                continue
            out.append(
                Give(
                    "amount",
                    _shown(sentence, start, end),
                    cite,
                    value,
                    _currency(text[max(0, start - 8) : end + 4], place),
                    _period(text),
                )
            )
    period = _period(text)
    if _REPORTED.search(text):
        return out  # '服務達到71000個小時', '全年…提供2000小時': what was delivered, not what one gets
    if period and re.search(r"服务|service|care|看护|照护|照顾", text, re.I):
        for match in _HOURS.finditer(text):  # hours a person gets each month or week, not hours delivered
            value = number_value(match.group(1))
            if value is not None:
                out.append(Give("hours", _shown(sentence, *match.span()), cite, value, period=period))
    if (match := _HALF.search(text)) and _PRICE.search(text):
        out.append(Give("discount", _shown(sentence, *match.span()), cite, 50))
    elif (match := _discount(text)) and not _FREE_NAMED.search(text[: match.end()]):
        out.append(Give("discount", _shown(sentence, *match.span()), cite))
    if (
        (match := _FREE.search(text))
        and not _NOT_FREE.search(text[max(0, match.start() - 2) : match.end() + 4])
        and not _FREE_ACCOUNT.search(text)
    ):
        out.append(Give("free", _shown(sentence, *match.span()), cite))
    if not out and (match := _SERVICE.search(text)) and not _FUNDING.search(text):
        out.append(Give("service", _shown(sentence, *match.span()), cite))
    return out


# ---- names -------------------------------------------------------------------------------------------
_ZH_SUFFIX = re.compile(
    r"(津贴|补贴|补助金|补助|援助金|特别援助|敬老金|养老金|年金|奖励扶助金|扶助金|过节费|高龄津贴|优待卡|优待证|敬老卡|爱心卡|乘车卡|长者卡|长者咭|"
    r"服务券|院舍券|医疗券|计划)"
)
# Characters a benefit's name does not run across, leftwards: punctuation, digits, verbs of getting.
_ZH_STOP = set(
    "的了和与及或在对向为由将把被等请领申发放享受可得予按凭持于其每元位名给办理如经已仍并且但即而亦也"
)
_ZH_NAME_MAX = 12
# Verbs of getting a benefit ('可领取高龄津贴') or cutting a fee on it ('减免养老金异地取现手续费'): what
# comes after them is the name, not they.
_GETTING = re.compile(r"领取|获取|申领|请领|享有|获得|取得|减免|减收")
# Verbs of setting or following a rule: what comes after them is what the rule sets, not a name.
_SETS_RULE = re.compile(r"订定|制定|规定|核定|依照|依据|按照|根据|符合")
# An authority paying, right before the benefit word ('主管机关全额补助', '政府给予补贴'): a payer.
_PAYER = re.compile(r"(?:机关|政府|部门|单位|当局)(?:全额|部分|予以|给予|酌予)?$")
_EN_NAME = re.compile(
    r"\b((?:[A-Z][\w'’-]*\s+(?:for\s+|of\s+|and\s+|the\s+)*){0,5}(?:[A-Z][\w'’-]*\s+)?"
    r"(?:Subsidy|Subsidies|Allowance|Card|Scheme|Grant|Package|Voucher|Vouchers|Pass|Assistance|Top-Ups?|Benefit|Pension)"
    r"(?:\s+(?:for|of|on)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s*){1,3})?)"
)


def _zh_names(text: str) -> list[tuple[int, int]]:
    """Spans of benefit names in simplified text: a benefit word and the name words before it."""
    spans = []
    for match in _ZH_SUFFIX.finditer(text):
        start = match.start()
        while start > 0 and match.end() - start < _ZH_NAME_MAX + len(match.group(1)):
            ch = text[start - 1]
            if not ("\u4e00" <= ch <= "\u9fff") or ch in _ZH_STOP:
                break
            start -= 1
        if setting := list(_SETS_RULE.finditer(text, start, match.start())):
            start = setting[-1].end()  # '…依财政状况订定补助基准': a rule set, not a benefit's name
        if getting := list(_GETTING.finditer(text, max(0, start - 1), match.start())):
            start = max(start, getting[-1].end())  # '可领取高龄津贴': the verb is not in the name
        if _PAYER.search(text, start, match.start()):
            continue  # '由中央主管机关全额补助': who pays it, not what it is called
        if match.start() - start >= 2 or match.group(1) in ("高龄津贴", "奖励扶助金", "过节费", "敬老金"):
            spans.append((start, match.end()))
    return spans


def benefit_names(text: str) -> list[str]:
    """Names of benefits a piece of text names, as written: 'Subsidy for Senior Citizens', '敬老愛心卡'."""
    out: list[str] = []
    for match in re.finditer(r"[“「\"]([^”」\"]{2,40})[”」\"]", text):
        inner = match.group(1).strip()
        if (
            _EN_NAME.search(inner)
            or _zh_names(to_simplified(inner))
            or re.search(r"(?i)subsidy|allowance|grant|scheme|card|package|voucher", inner)
        ):
            out.append(inner)
    for match in _EN_NAME.finditer(text):
        out.append(match.group(1).strip())
    simplified = to_simplified(text)
    same = len(simplified) == len(text)
    for start, end in _zh_names(simplified):
        out.append(text[start:end] if same else simplified[start:end])
    for match in _INSURED.finditer(
        simplified
    ):  # '为其投保了…老年人幸福安康险': the insurance bought for them
        start, end = match.span(1)
        out.append(text[start:end] if same else simplified[start:end])
    return list(dict.fromkeys(n for n in out if n and not _IDENTITY_DOCUMENT.search(n)))


# An insurance bought for the elder, named as the object of buying it ('为其投保了厦门市老年人幸福安康险').
_INSURED = re.compile(r"(?:投保|购买|统一购买)了?([\u4e00-\u9fff]{2,16}?(?:保险|险))(?![\u4e00-\u9fff]*费)")


# Papers that prove who one is, shown to get a benefit: never a benefit's name ('Valid Hong Kong Identity
# Card', '居住证').
_IDENTITY_DOCUMENT = re.compile(
    r"identity card|\bID card|identity document|身份[证證]|居住[证證]|户口[簿本]|戶口[簿本]", re.I
)


def name_key(name: str) -> str:
    return re.sub(r"[\s“”「」\"'（）()《》·:：]", "", to_simplified(name)).casefold()


# A heading saying whom the page's one service is for, and a title short enough to be that service's name.
_SERVICE_PAGE = re.compile(
    r"^\s*#*\s*(?:who (?:the|this) service is for|who is eligible|eligibility|服务对象|服務對象|申请对象|申請對象)\s*[:：]?\s*$",
    re.I | re.M,
)
_SHORT_TITLE = re.compile(r"^[^。.!?！？，,|:：]{2,40}$")


def title_name(document: Document) -> str | None:
    """The benefit a document is about, as its title names it (None when the title names none)."""
    title = document.title.strip().lstrip("#").strip()
    names = benefit_names(title)
    if names:
        return max(names, key=len)
    if re.search(r"办法|条例|辦法|條例|\bact\b|scheme|programme|program", title, re.I) and len(title) <= 40:
        return re.sub(r"(发给|發給)?(办法|辦法|暂行条例|暫行條例|条例|條例)$", "", title).strip() or title
    if _SERVICE_PAGE.search(document.text) and _SHORT_TITLE.match(title):
        return title  # a page on one service, saying whom it is for ('Referral to Home for the Elderly')
    return None


_REGULATION = re.compile(r"办法|条例|辦法|條例|规定|規定|\bact\b|ordinance|regulations?\b", re.I)


def rule_book(document: Document) -> bool:
    """A regulation whose title names no benefit ('广州市老年人优待办法', '北京市居家养老服务条例'): it sets
    many things, each article its own; what an article gives is no part of one benefit named by the title."""
    title = document.title.strip().lstrip("#").strip()
    return bool(_REGULATION.search(title)) and not benefit_names(title)


def _kind(draft: _Draft) -> str:
    whats = {g.what for g in draft.gives}
    if "amount" in whats:
        return "cash"
    if whats & {"discount", "free"}:
        return "concession"
    if whats:
        return "service"
    return "procedure"


def _date(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    year = number_value(match.group(2))
    month, day = number_value(match.group(3)), number_value(match.group(4))
    if year is None or month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    year = int(year) + (1911 if match.group(1) or year < 1911 else 0)
    return f"{year:04d}-{int(month):02d}-{int(day):02d}"


def _clauses(sentence: _Sentence) -> list[_Sentence]:
    """A sentence that sets tiers ('60-64: half price, 65 and over: free') split at its commas, one tier
    a clause; any other sentence whole."""
    ages = age_conditions(sentence.text)
    if len(ages) < 2 or len(sentence.text) != len(sentence.simplified):
        return [sentence]
    pieces, position = [], 0
    for match in [*re.finditer(r"[，,；;]", sentence.text), None]:
        end = match.end() if match else len(sentence.text)
        pieces.append((position, end))
        position = end
    out: list[_Sentence] = []
    for a, b in pieces:  # a clause without its own age joins the one before ('…的老年人，享受半价优惠')
        if out and not age_conditions(sentence.text[a:b]):
            last = out[-1]
            out[-1] = _Sentence(
                last.start,
                sentence.start + b,
                sentence.text[last.start - sentence.start : b],
                sentence.simplified[last.start - sentence.start : b],
                sentence.heading,
                last.before,
                is_item=sentence.is_item,
            )
        else:
            out.append(
                _Sentence(
                    sentence.start + a,
                    sentence.start + b,
                    sentence.text[a:b],
                    sentence.simplified[a:b],
                    sentence.heading,
                    sentence.before + sentence.simplified[:a],
                    is_item=sentence.is_item,
                )
            )
    return out if sum(1 for c in out if age_conditions(c.text)) > 1 else [sentence]


# A name that points back to the paragraph before: '免费享受前款优待', 'the above concessions'.
_BACK_REFERENCE = re.compile(r"前款|前项|前条|上述|前述|the above|(?:the )?preceding|previous", re.I)
# Every group a sentence names gets what it gives ('…的老人，还有…的老人，均可免费乘坐').
_EACH_GETS = re.compile(
    r"均可|均能|均享受|均可享受|都可以|都能|皆可|\b(?:all|each) (?:can|may|get|are entitled)\b", re.I
)


def _item_of(name: str, sentence: _Sentence, language: str) -> str | None:
    """The benefit one item of a list of a benefit's items gives ('中低收入老人補助項目及基準如下：' then
    '一、全民健康保險之保險費，年滿七十歲者，…全額補助'), named by the benefit and the item's object:
    '中低收入老人全民健康保險保險費補助'. None when the heading lists no items of the benefit, or the item
    does not open with what it is about."""
    simplified = to_simplified(name)
    suffix = _ZH_SUFFIX.search(simplified)
    if not sentence.is_item or suffix is None or suffix.end() != len(simplified):
        return None
    if not re.search(re.escape(simplified) + r"(?:之|的)?项目", to_simplified(sentence.heading)):
        return None
    line = ENUMERATOR.sub("", sentence.before.rsplit("\n", 1)[-1] + sentence.simplified).strip()
    head = re.split(r"[，,；;。：:]", line, maxsplit=1)[0]
    if not 2 <= len(head) <= 24 or re.search(r"\d|[者应得须可]", head):
        return None  # an item opening with whom or what it requires, not with what it pays for
    words = simplified[: suffix.start()] + head.replace("之", "") + suffix.group(1)
    return to_script(words, language)  # type: ignore[arg-type]


def _referred_name(previous: _Draft) -> str:
    """The benefit a card before names, without what it gives ('…城市轨道交通，享受半价优惠' -> '…城市轨道交通')
    and without its own tier."""
    gifts = [g.text for g in previous.gives if g.text]
    clauses = [c for c in re.split(r"[，,]", previous.name) if c.strip()]
    kept = [c for c in clauses if not any(g in c for g in gifts)] or clauses
    return re.sub(r"（[^（）]*）$", "", "，".join(kept)).strip()


_RESPECTIVELY = re.compile(r"分别|respectively", re.I)


def _respective(
    sentence: _Sentence, found: list[Criterion], given: list[Give]
) -> list[tuple[str, list[Criterion], Give]]:
    """The tiers of a sentence that pairs its ages with its amounts in order ('分别', 'respectively'):
    (the age as written, its conditions, its amount) each; none when the counts differ."""
    if not _RESPECTIVELY.search(sentence.simplified):
        return []
    ages: dict[str, list[Criterion]] = {}
    for condition in found:
        if condition.field == "age":
            ages.setdefault(condition.text, []).append(condition)
    amounts = [g for g in given if g.what == "amount"]
    if len(ages) < 2 or len(ages) != len(amounts):
        return []
    return [(words, group, give) for (words, group), give in zip(ages.items(), amounts, strict=True)]


def _clause_name(sentence: _Sentence, found: list[Criterion], given: list[Give] | None = None) -> str:
    """A benefit's own name when nothing names it: the clause that gives it, without the conditions
    that set it, the article number and the card shown for it ('持本市老年人优待凭证…享受半价优惠')."""
    text = ENUMERATOR.sub("", sentence.text)
    clauses = [c for c in re.split(r"[，,；;。:：]", text) if c.strip()]
    words = (given or [None])[0]
    if words is not None and len(clauses) > 1:
        at = next((i for i, c in enumerate(clauses) if words.text and words.text in c), None)
        if at is not None:  # the clause that gives it, with the one before when it is only the gift
            text = clauses[at] if len(clauses[at]) >= 10 or at == 0 else clauses[at - 1] + "，" + clauses[at]
    for condition in found:
        if condition.text:
            text = re.sub(r"年?" + re.escape(condition.text), "", text)
    text = re.sub(
        r"^[\s，,；;。对對]*(?:的)?(?:老年人|老人|長者|长者|elderly persons?|seniors?)?[\s，,]*", "", text
    )
    text = re.sub(
        r"^(?:持|凭|憑)[^，,]{0,16}?(?:凭证|憑證|卡|证|證|身份证|身份證)(?:或[^，,]{0,8}?(?:证|證))?",
        "",
        text,
    )
    text = re.sub(r"^[\s，,]*(?:即可|可以|可|均可|亦可|还可|還可)", "", text)
    # a duty that gives it: what is done, not who must do it ('公证机构应当按照规定减免公证费': '减免公证费')
    text = re.sub(
        r"^[^，,。]{0,40}?(?:应当|應當|必须|必須)(?:依法|及时|及時|按照[^，,]{0,12}?规定|按照[^，,]{0,12}?規定)*[，,]?",
        "",
        text,
    )
    if (enjoyed := re.search(r"(?:享受|享有)(.{8,})$", text)) is not None:
        text = enjoyed.group(1)  # '下列的老年人都能享受免费乘坐公共汽车的优待': what is enjoyed
    simplified = to_simplified(text)
    if (end := simplified.find("服务")) >= 4:
        text = text[: end + 2]  # '…政府購買居家養老服務列入…項目': the service, not what was done with it
        start = max((m.end() for m in re.finditer(r"将|把|对|为", to_simplified(text)[:end])), default=0)
        text = text[start:] if end - start >= 4 else text
    text = text.strip(" ，,；;。.")
    if (cut := _CUT_NAMED.fullmatch(to_simplified(text))) is not None:
        # named as a benefit is named: '公证费减免', not '减免公证费'
        text = text[cut.start(2) :] + text[: cut.end(1)]
    return text[:40] or sentence.text[:40]


# A fee cut named by what is done ('减收普通门诊诊查费'): the fee, then the cut.
_CUT_NAMED = re.compile(r"(减收|减免|免收|减半收取)([^，,。；;]{1,20}费)")


_INSTRUMENT = re.compile(
    r"(?:持|凭|凭借|刷|使用|出示|with (?:the |a |his |her |your )?|holding (?:the |a )?|show(?:ing)? (?:the |a |your )?)\s*$",
    re.I,
)


# Those who already receive a benefit ('一般性援助金受益人', 'recipients'): a status asked of them, not
# what the sentence gives.
_HOLDER = re.compile(r"\s*(受益人|领取人|领取者|受助人|户|recipients?|beneficiar)", re.I)


def _given_names(text: str) -> list[str]:
    """The benefits a sentence names as what it gives: not a card shown to get something else
    ('持广州市老年人优待卡办理公证时…减半' gives the notary discount, not the card)."""
    simplified = to_simplified(text)
    out = []
    for name in benefit_names(text):
        at = text.find(name)
        ahead = simplified[max(0, at - 12) : at] if at >= 0 else ""
        after = simplified[at + len(name) : at + len(name) + 6] if at >= 0 else ""
        if not _INSTRUMENT.search(ahead) and not _HOLDER.match(after):
            out.append(name)
    return out


_HOURS_OF = re.compile(
    rf"(?:\d+(?:\.\d+)?|[{CN_NUMERALS}]+)\s*(?:个)?(?:小时|钟头)的([^\s，。；,和及与、]{{2,12}}?服务)"
)


def _service_parts(sentence: _Sentence, given: list[Give]) -> list[tuple[str, list[Give]]]:
    """Services a sentence gives each its hours of ('6小時的入戶援助服務和2小時的走訪服務'), named as written."""
    out: list[tuple[str, list[Give]]] = []
    hours = [g for g in given if g.what == "hours"]
    for match, give in zip(_HOURS_OF.finditer(sentence.simplified), hours, strict=False):
        out.append((_shown(sentence, *match.span(1)), [give]))
    return out if len({name for name, _ in out}) == len(out) else []


def _benefit_heading(heading: str, title_key: str = "") -> bool:
    """Whether a heading names what it gives ('公园、文化场馆优惠', 'Home Caregiving Grant'); the
    document's own title printed as its first line is no such heading."""
    if not heading or _GENERIC_HEADINGS.match(heading.strip()):
        return False
    key = name_key(heading)
    if title_key and (key in title_key or title_key in key):
        return False
    simplified = to_simplified(heading)
    return bool(
        benefit_names(heading)
        or _FREE.search(simplified)
        or _DISCOUNT.search(simplified)
        or _PAYING.search(simplified)
    )


# ---- the cards of a document -----------------------------------------------------------------------
def _for_provider(simplified: str) -> bool:
    """Whether what a sentence gives goes to a provider (a company, an organisation), not an elder: it
    names one and no elder ('享受政府补贴…的养老服务企业事业单位', '…运营的企业事业单位…享受…建设补助')."""
    return bool(_GIVING.search(simplified) and _PROVIDER.search(simplified)) and not _ELDER.search(simplified)


RESTATED_WITHIN = 200  # characters between a gift and the same gift said again


def _restates(draft: _Draft, drafts: Iterable[_Draft]) -> bool:
    """A card setting no condition whose every gift another card, one that sets conditions, gave just
    before (the same kind and sum, in the lines right above): a clause about that benefit ('…享受免费乘坐
    公共汽车的优待。可以免费乘坐的是…线路'), not a benefit of its own."""

    def said_before(give: Give) -> bool:
        return any(
            other is not draft
            and other.conditions
            and any(
                (g.what, g.value) == (give.what, give.value)
                and 0 <= give.cite.start - g.cite.end <= RESTATED_WITHIN
                for g in other.gives
            )
            for other in drafts
        )

    return bool(draft.gives) and all(said_before(g) for g in draft.gives)


def _another_tier(draft: _Draft, found: list[Criterion]) -> bool:
    """Ages a sentence sets that the card's own ages exclude (under 70 beside 70 and over): another tier
    of the benefit, not more conditions of this one."""
    mine = [c for c in draft.conditions if c.field == "age" and isinstance(c.value, int | float)]
    theirs = [c for c in found if c.field == "age" and isinstance(c.value, int | float)]
    if not mine or not theirs:
        return False
    low = max((float(c.value) for c in mine if c.op in (">=", ">")), default=float("-inf"))
    high = min((float(c.value) for c in theirs if c.op in ("<", "<=")), default=float("inf"))
    low_theirs = max((float(c.value) for c in theirs if c.op in (">=", ">")), default=float("-inf"))
    high_mine = min((float(c.value) for c in mine if c.op in ("<", "<=")), default=float("inf"))
    return high <= low or high_mine <= low_theirs


def _names_itself(condition: Criterion, key: str) -> bool:
    """A condition in words that is the benefit's own eligibility restated ('符合领取基本养老金条件' on the
    basic pension's card): it names the benefit, so it adds nothing to check."""
    if condition.field != "other" or not condition.text:
        return False
    return any(name_key(name) in key for name in benefit_names(condition.text) if len(name_key(name)) >= 3)


def read_cards(document: Document, chunks: list[Chunk]) -> list[Card]:
    place = document.places[0] if document.places else None
    main_name = title_name(document)
    main_key = name_key(main_name) if main_name else ""
    # On a rule book a fee or fare cut no name is given to is a benefit of its own, named by its clause
    # ('公立医院…应当减收普通门诊诊查费'); a general grant ('在…等方面给予老年人优待') is the book's own.
    book = rule_book(document)
    title_key = name_key(document.title.lstrip("#").strip())
    drafts: dict[str, _Draft] = {}
    scope: list[Criterion] = []  # conditions the document sets for all it gives
    application: list[tuple[_Sentence, Cite]] = []
    document_items: list[str] = []
    document_cites: list[Cite] = []
    contacts: list[str] = []
    in_documents_list = False
    previous: _Draft | None = None  # the card the last sentence giving something gave to

    def draft_for(name: str) -> _Draft:
        key = name_key(name)
        if main_name and (
            _THIS.match(key)
            or re.search(r"(本|该|此)(津贴|补贴|补助|计划|卡)$", key)
            or (len(key) >= 3 and key in main_key)
        ):
            name, key = main_name, main_key
        if key not in drafts:
            drafts[key] = _Draft(name, key)
        return drafts[key]

    def named_card(sentence: _Sentence, named: list[str]) -> _Draft | None:
        if main_name and _THIS_IN.search(sentence.simplified):
            return draft_for(main_name)  # '每月發給本津貼…': the document's own benefit
        for name in named:
            if name_key(name) in drafts:
                return drafts[name_key(name)]
        if named:
            return draft_for(named[0])
        if _benefit_heading(sentence.heading, title_key):
            names = benefit_names(sentence.heading)
            if names and (item := _item_of(names[0], sentence, document.language)):
                return draft_for(item)
            return draft_for(names[0] if names else ENUMERATOR.sub("", sentence.heading) or sentence.heading)
        return None

    requirements = False  # under a heading on who qualifies ('Key requirements', '申请条件')
    heading_gives: list[Give] = []  # what a heading naming a benefit says it gives ('意外伤害险免费投保')
    for whole in sentences(document):
        if whole.is_heading:
            heading_gives = (
                gives(whole, _cite(whole, chunks), place) if _benefit_heading(whole.text, title_key) else []
            )
            in_documents_list = bool(_DOCUMENTS_CUE.search(whole.simplified))
            stated = criteria(whole, _cite(whole, chunks), place) if requirements else []
            if stated and main_name:
                # a short line of its own under it ('Per-person monthly household income of $3,600 or
                # less') is one of the document's own benefit's conditions, not a heading
                draft_for(main_name).conditions.extend(stated)
            elif not stated:
                requirements = bool(_RULE.search(whole.simplified)) and len(whole.simplified) <= 40
            continue
        cite = _cite(whole, chunks)
        for match in _PHONE.finditer(whole.text):
            contacts.append((match.group(1).strip(" :：，,") + " " + match.group(2).strip()).strip())
            document_cites.append(cite)
        if in_documents_list and (whole.is_item or len(whole.simplified) < 120):
            document_items.append(whole.text.strip(" •●-;；。"))
            document_cites.append(cite)
            continue
        if _DOCUMENTS_CUE.search(whole.simplified) and (
            _APPLY.search(whole.simplified) or re.search(r"[:：]\s*$", whole.text)
        ):
            in_documents_list = whole.text.rstrip().endswith((":", "："))
            if not in_documents_list and _CHANNEL.search(whole.simplified):
                application.append((whole, cite))  # 'hand it in to the Bureau along with the documents'
            elif not in_documents_list:
                document_items.append(whole.text.strip())
                document_cites.append(cite)
            continue
        about_other = bool(
            _OTHER_PERSON.search(whole.simplified)
            or _OTHER_PERSON.search(whole.before[-120:].rsplit("\n", 2)[-1] if whole.is_item else "")
            or _OTHER_PERSON.search(to_simplified(whole.heading))  # '請領本津貼之照顧者並應符合下列規定：'
        )
        another_choice = whole.is_item and _another_choice(whole.before)
        if _for_provider(whole.before.rsplit("\n", 1)[-1] + whole.simplified):
            continue  # the sentence goes on from one naming who it is for ('…；符合规定条件的，享受…')
        for sentence in _clauses(whole):
            cite = _cite(sentence, chunks)
            given = gives(sentence, cite, place)
            found = [] if about_other or another_choice else criteria(sentence, cite, place)
            if not given and found and heading_gives and not gives(whole, cite, place):
                # '辖区内60周岁以上的户籍老年人，由各区人民政府为其投保了…' under '意外伤害险免费投保': whom
                # the heading's gift is for
                given, heading_gives = heading_gives, []
            named = _given_names(sentence.text)
            if given and found and _SCOPE.search(sentence.simplified) and not named:
                scope.extend(found)  # '…的公民，享受本办法规定的优待': who the whole document is for
                continue
            if given and (pairs := _respective(sentence, found, given)):
                # '向80—89周岁和90—99周岁的老人分别发放100元和200元': one tier each, in order
                base = named_card(sentence, named)
                base_name = (
                    base.name if base is not None else main_name or _clause_name(sentence, found, given)
                )
                others = [c for c in found if c.field != "age"]
                for words, ages, give in pairs:
                    piece = draft_for(f"{base_name}（{words}）")
                    piece.gives.append(give)
                    piece.conditions.extend([*ages, *others])
                continue
            if given:
                draft = named_card(sentence, named)
                own_age = {c.key() for c in found if c.field == "age"}
                before = (
                    {c.key() for c in draft.conditions if c.field == "age"} if draft is not None else set()
                )
                if (
                    draft is not None
                    and own_age
                    and (len(_clauses(whole)) > 1 or (before and before != own_age))
                ):
                    if _EACH_GETS.search(sentence.simplified) and not draft.gives and before:
                        # '65周岁以上的本市户籍老人…，还有70周岁以上的本省户籍老人，均可免费乘坐…': each group
                        # named before gets it, the first as the benefit itself, this one as a tier of it
                        draft.gives.extend(given)
                        draft = draft_for(f"{draft.name}（{found[0].text}）")
                    else:
                        draft = draft_for(f"{draft.name}（{given[0].text}）")  # one tier of a named benefit
                elif draft is None and own_age and len(parts := _service_parts(sentence, given)) > 1:
                    for name, part in parts:  # '每月6小時的入戶援助服務和2小時的走訪服務': two services
                        piece = draft_for(name)
                        piece.gives.extend(part)
                        piece.conditions.extend(found)
                    continue
                elif draft is None and own_age:
                    name = _clause_name(sentence, found, given)
                    if previous is not None and _BACK_REFERENCE.search(to_simplified(name)):
                        # '65周岁以上…免费享受前款优待': the benefit of the paragraph before, another tier
                        name = f"{_referred_name(previous)}（{given[0].text}）"
                    draft = draft_for(name)  # a benefit of its own, set by its age
                elif draft is None:
                    own = main_name and not (book and _FEE.search(sentence.simplified))
                    if own and sentence.is_item and found and all(g.what == "service" for g in given):
                        # '（三）为失能老年人提供家庭护理服务' in a list of the services a benefit holds:
                        # whom that one service is for, not a condition of all the others
                        continue
                    draft = draft_for(main_name) if own else draft_for(_clause_name(sentence, found, given))
                draft.gives.extend(given)
                previous = draft
                draft.conditions.extend(found)
                draft.effective = draft.effective or _date(sentence.simplified)
            elif found and (
                _RULE.search(sentence.simplified) or _RULE.search(sentence.before[-200:]) or sentence.is_item
            ):
                if _SCOPE.search(sentence.simplified) or _SCOPE.search(sentence.before[-60:]):
                    scope.extend(found)
                    continue
                if all(c.op == "not" for c in found):
                    named = []  # '已領取…其他生活補助者' under a refusal names the benefit that excludes
                # on a rule book a condition no name is given to belongs to no one benefit, not even to
                # the chapter it stands in ('对高龄、失能…的老年人，可以上门立案' under '社会优待')
                if book:
                    draft = named_card(sentence, named) if named else None
                else:
                    draft = named_card(sentence, named) or (draft_for(main_name) if main_name else None)
                if draft is not None and _another_tier(draft, found):
                    # '未滿七十歲者，由地方主管機關…辦理之' after the 70-and-over tier: another tier, giving
                    # nothing it states; its ages are no conditions of this one
                    found = [c for c in found if c.field != "age"]
                if draft is not None:
                    draft.conditions.extend(found)
        if (
            _APPLY.search(whole.simplified)
            and _WHERE.search(whole.simplified)
            and not criteria(whole, cite, place)
        ):
            application.append((whole, cite))

    listed = papers_listed(document, most=10) if len(set(document_items)) < 2 else []
    if len(listed) > 1:  # the items of a list of papers, found under its heading or as a run of items
        document_cites = [c for c in document_cites if c.quote not in document_items]
        document_items = [document.text[a:b].strip(" •●-;；。") for a, b in listed]
        document_cites += [_cite(s, chunks) for s in sentences(document) if (s.start, s.end) in listed]
    application.sort(key=lambda item: -_apply_score(item[0]))  # stable: the document's order on ties
    application = [item for item in application if _apply_score(item[0]) > 0]
    apply = Apply(
        where=application[0][0].text.strip() if application else None,
        how=application[1][0].text.strip() if len(application) > 1 else None,
        documents=tuple(dict.fromkeys(document_items))[:10],
        contacts=tuple(dict.fromkeys(contacts))[:6],
        cite=tuple(dict.fromkeys([*(c for _, c in application[:2]), *document_cites]))[:12],
    )
    cards: list[Card] = []
    main = drafts.get(main_key)
    # the document's own benefit's eligibility, which its parts share; a rule book's articles share none
    inherited = [*main.conditions] if main is not None and not book else []
    for draft in drafts.values():
        concrete = [g for g in draft.gives if g.what != "service"]
        aged = any(c.field == "age" for c in draft.conditions)
        if not concrete and not aged and not (draft.key == main_key and (draft.conditions or scope)):
            continue  # a vague 'provides services', for no one of an age, names no benefit to screen for
        if book and draft is main and not aged and not any(g.what != "discount" or g.value for g in concrete):
            continue  # a rule book's own 'gives elders concessions' ('在…等方面给予老年人优待'): a principle
        if draft is not main and not draft.conditions and _restates(draft, drafts.values()):
            continue  # '免费乘坐的是…2元以下的线路': what the benefit before it gives, said again
        # A part of the document's benefit that states no condition of its own ('MediSave Top-Ups' under
        # the package's 'Who is Eligible?') has the benefit's conditions; the document's scope is every card's.
        base = draft.conditions or ([] if draft is main else inherited)
        own = {(c.field, c.op) for c in base}
        aged_own = any(c.field == "age" for c in base)  # a tier's own ages bound it both ways
        conditions = [
            *base,
            *(c for c in scope if (c.field, c.op) not in own and not (aged_own and c.field == "age")),
        ]
        conditions = [c for c in conditions if not _names_itself(c, draft.key)]
        cards.append(
            Card(
                id=f"{document.doc_id}#{len(cards) + 1}",
                doc_id=document.doc_id,
                name=_transit_name(draft, document.language),
                kind=_kind(draft),
                place=place,
                effective=draft.effective,
                conditions=tuple(_unique(conditions)),
                # a vague 'provides … services' beside a sum, hours, a discount or something free says
                # less than they do
                gives=tuple(_unique_gives(concrete or draft.gives)),
                apply=apply,
            )
        )
    return cards


# Ways of getting about a city that a rule lists one by one ('公共汽（电）车、过江轮渡、水上巴士和城市轨道交通').
_TRANSIT = re.compile(
    r"公共汽（电）车|公共汽车|公交车?|(?<!水上)巴士|水上巴士|轮渡|渡轮|轨道交通|地铁|有轨电车|BRT"
)


_RIDING = re.compile(r"(?:乘坐|搭乘|乘|坐|搭)[^，,]{0,6}$")


def _transit_name(draft: _Draft, language: str) -> str:
    """A Chinese benefit named by the clause that gives it on two or more ways of getting about ('乘坐
    …公共汽（电）车、过江轮渡…，享受半价优惠'), named as people name it: public transport and what it gives
    ('公共交通半价优惠', '公共交通免费'). A name a heading gives ('公交和BRT免费乘坐') stays."""
    simplified = to_simplified(draft.name)
    modes = list(_TRANSIT.finditer(simplified))
    if language == "en" or len({m.group(0) for m in modes}) < 2:
        return draft.name
    if not _RIDING.search(simplified[: modes[0].start()]):
        return draft.name
    gift = next((g for g in draft.gives if g.what in ("discount", "free") and g.text), None)
    if gift is None:
        return draft.name
    words = "公共交通" + gift.text + ("优惠" if gift.what == "discount" and "优惠" not in gift.text else "")
    return to_script(words, language)  # type: ignore[arg-type]


_APPLY_HEADING = re.compile(r"appl|how to|procedure|办理|申请|申领|受理|channel|where", re.I)
_CHANNEL = re.compile(
    r"office|cent(?:re|er)|bureau|department|online|\bapp\b|by post|by mail|in person|counter|hotline|"
    r"窗口|中心|政务|街道|社区|社会工作局|公所|网上|线上|APP|邮寄|网点|柜台",
    re.I,
)
_NOT_APPLYING = re.compile(
    r"recourse|appeal|renew|replacement|revok|续期|补办|复核|申诉|停止|追回|撤销|罚", re.I
)


def _apply_score(sentence: _Sentence) -> int:
    """How well a sentence says how and where to apply: under an application heading, naming a channel
    or an office; not a renewal, an appeal or a penalty."""
    score = 1
    if sentence.heading and _APPLY_HEADING.search(to_simplified(sentence.heading)):
        score += 2
    if _CHANNEL.search(sentence.simplified):
        score += 1
    if _NOT_APPLYING.search(sentence.simplified):
        score -= 3
    if (
        len(sentence.simplified) < 20
        and not sentence.simplified.isascii()
        or len(sentence.simplified.split()) < 5
        and sentence.simplified.isascii()
    ):
        score -= 2  # a label ('Application Channels'), not a sentence
    return score


def read_all_cards(documents: list[Document], chunks: list[Chunk]) -> list[Card]:
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    return [card for document in documents for card in read_cards(document, by_doc.get(document.doc_id, []))]


def _unique(conditions: list[Criterion]) -> list[Criterion]:
    """Each condition once; living there ('resident') is no condition of its own beside a residence
    status the card requires (household registration, a permit, permanent residence), which implies it,
    and beside one of several statuses ('registered': 'Citizen or PR') a status named alone ('• Singapore
    Citizen', an item of the same choice) is one of them."""
    seen: dict[tuple[str, str, str], Criterion] = {}
    for condition in conditions:
        seen.setdefault(condition.key(), condition)
    if any(c.field == "income" and c.op in ("<", "<=") for c in seen.values()):
        # 'satisfy the means test' beside the income ceiling it sets is that ceiling
        seen = {k: c for k, c in seen.items() if not (c.field == "income" and c.op == "is")}
    statuses = {c.value for c in seen.values() if c.field == "residence"}
    if "registered" in statuses:  # one of several statuses: a status named alone is one of them
        return [c for c in seen.values() if not (c.field == "residence" and c.value != "registered")]
    if len(statuses) > 1 and "resident" in statuses:
        return [c for c in seen.values() if not (c.field == "residence" and c.value == "resident")]
    return list(seen.values())


def _unique_gives(items: list[Give]) -> list[Give]:
    seen: dict[tuple[str, str], Give] = {}
    for give in items:
        seen.setdefault((give.what, str(give.value)), give)
    return list(seen.values())
