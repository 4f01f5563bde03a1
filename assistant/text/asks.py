"""What a question asks beyond its words: a yes/no verdict, a rule of who qualifies, whether something
is free, what it fears will happen, and which benefits it names. Read once, by `understand`
(assistant/query.py); later stages read the `Query` fields."""

from __future__ import annotations

import re

from assistant.text.conditions import TIER_GROUPS
from assistant.text.kinds import AGE_ASKED, DEMANDS_MONEY, FREE_ASKED, PAYING_ASKED, mandarin_question_words
from assistant.text.places import find_places
from assistant.text.script import to_simplified
from assistant.text.segment import shared_segmenter
from assistant.types import Profile

# Who may get it, asked of the rule: 'who can…', 'which older people…', '多大年纪以上才能…', '幾多歲先
# 可以…', '哪些老人可以…'.
_WHO_QUALIFIES = (
    r"\bwho (?:can|may|is allowed|is eligible)|\bwhich (?:older |elderly )?(?:people|persons|seniors|elders|"
    r"residents|type)|"
    # 'only then may one' ('多大才能领'), not how one may ('怎样才能申请到', '点样先可以攞'): a way, not a verdict
    r"(?<!怎么)(?<!怎样)(?<!如何)(?<!点样)(?<!要点)(?:才能|才可以|先可以|先至可以)|哪些人|哪些老人|什么人|什么样的老人|收什么"
)
# A question about whether someone qualifies or may do something.
_ASKS_VERDICT = re.compile(
    r"能不能|能否|可不可以|可唔可以|得唔得|得不得|会不会|算不算|是否|有没有资格|够不够|使唔使|使不使|"
    + FREE_ASKED
    + r"|免唔免费|免不免费|要不要钱|要唔要钱|收不收费|收唔收钱|系咪|系唔系|是不是|\bis there (?:any|a|an)\b|\bare there any\b|"
    r"(?:^|[.!?]\s+)(?:is|are|do|does|can|could|will|would)\b[^?？]*\bfree(?: of charge)?"
    r"(?:\s+(?:for|to)\s+\w+(?:\s+\w+)?)?\s*[?？]|"
    # a yes/no question's particle: 吗, 么 (not 什么, 怎么), or 不 / 否 ending it ('可以领养老金不？')
    r"(?:可以|能|会|符合)[^，,。？?]{0,16}(?:[吗吧嗎]|(?<![什怎那这多])么|[不否]\s*[？?]?\s*$)|"
    r"算.{0,12}[吗嗎]|有冇.{0,12}[？?]$|可否|有资格|"
    # a verb of getting or being asked as 'V-not-V' ('攞唔攞到', '领不领得到', '申唔申请', '算唔算')
    r"([能算攞领拿申享获够符])(?:唔|不)\1|"
    # English: a yes/no question opening a clause ('Can my mum…', '…list. Will the government…'), or
    # what a person can get ('what home care can he get?')
    r"(?:^|[.?!,;:\-–—]\s*)(?:can|could|may|does|do|is|are|will|would)\s+(?:he|she|i|we|they|you|my|her|his|"
    r"our|the|both|two|someone|people|it|a|an)\b|"
    # (not where or how one may: '…where can my mum sign up?' asks for a place; 'when can she get…' may ask
    # under what conditions)
    r"(?<!how much )(?<!how many )(?<!how long )(?<!how soon )(?<!how often )(?<!how )(?<!where )"
    r"\b(?:can|could|may)\s+(?:he|she|i|we|they|my|her|his)\b|"
    r"\beligible\b|\bqualif(?:y|ies|ied)\b|" + _WHO_QUALIFIES,
    re.I,
)
# Who qualifies, asked as a rule ('多大年纪以上才能…', 'Which older people in Shanghai can get…'): stating
# the rule answers it (yes: there is a way in), when the question tells nothing of a person to check.
_ASKS_RULE = re.compile(_WHO_QUALIFIES + "|" + AGE_ASKED, re.I)


# Whether the person pays ('使唔使俾錢', '要不要钱', 'do I have to pay'): a 'no' is good news...
_ASKS_PAY = re.compile(
    r"(使唔使|使不使)\s*(俾|畀|给|交|付|缴)?\s*(钱|费)|(使唔使|使不使)[^，。？?,]{0,4}?(俾|畀|交|付|缴)|要不要钱|要唔要钱|要不要交钱|要不要付钱|要唔要俾|要唔要畀|俾钱|畀钱|"
    r"收不收钱|收唔收钱|收不收费|收唔收费|(要|需要|使唔使|用不用)(买|买门|购)(票|飞)|(要|需要|使唔使|用不用|收)门票|have to pay|need to pay|pay to|pay for|"
    r"(?:is|are) there (?:a|any) (?:fees?|charges?|costs?)\b|cost (?:\w+ )?(?:any )?money\b|"
    r"^\s*(?:is|are|am|will|would|do|does)\b[^?]{0,60}\b(?:be )?charged\b|" + PAYING_ASKED,
    re.I,
)
# ... or whether it is free ('免费吗', 'is it free?'): a 'yes' is.
_ASKS_FREE = re.compile(r"免费|免收|免唔免|免不免|不用钱|不要钱|唔使钱|\bfree\b", re.I)
# ... or whether it costs the full price: then any reduction met answers yes ('使唔使俾全費？' at 64: half).
_ASKS_FULL = re.compile(r"全费|全价|全票|原价|full fare|full price|pay full", re.I)

# '被扣押', Cantonese '俾人扣押' / '畀人扣押', 'be seized'.
_HARM_ASKED = re.compile(r"(?:被|[俾畀给]人)([\u4e00-\u9fff]{2,4})|\bbe (\w+ed)\b", re.I)


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


# Who is bound to do something ('哪些单位有义务…', 'who must report'): a duty, not who may get it.
_DUTY = re.compile(r"义务|有责任|必须|须要|应当|\b(?:must|obliged|required to|have to report|duty)\b", re.I)


# The verb a Chinese yes/no question is asked with, which its answer echoes ('有冇規定…？' is answered
# '有', '会不会…？' '会', '是不是…？' '是'); one asked with '可以' / '能' is answered '可以'.
_VERBS = (
    ("有", re.compile(r"有没有|有冇|有无|有否|有[^，。,？?！!]{0,12}[吗嗎]")),
    ("会", re.compile(r"会不会|会唔会|会[^，。,？?！!]{0,12}[吗嗎]")),
    ("是", re.compile(r"是不是|是否|系咪|系唔系|系不系|是[^，。,？?！!]{0,12}[吗嗎]")),
)
_CAN = re.compile(r"可以|可唔可以|可不可以|可否|能|得唔得|得不得|准|允许")


def verdict_verb(question: str) -> str | None:
    """The verb of the question's last clause that its yes or no echoes ('有', '会', '是'), None for one
    asked with '可以' or in English. Read once, by `understand`."""
    clauses = [c for c in re.split(r"[，,。.；;！!]", to_simplified(question)) if c.strip()]
    last = clauses[-1] if clauses else ""
    if not last or last.isascii() or _CAN.search(last):
        return None
    found = [(m.start(), verb) for verb, pattern in _VERBS if (m := pattern.search(last))]
    return min(found)[1] if found else None


# Whether one may leave something undone ('子女可以不赡养老人吗', '可唔可以唔探望', '可以拒绝赡养吗', 'can
# children refuse to support their parents?'): asked of a duty, the verb left undone.
_LEAVE_UNDONE = re.compile(
    r"(?:可以|可唔可以|可不可以|能不能|能否|可否|能|得唔得|准唔准|准不准|是否可以|允不允许|允许)\s*"
    # (not the modal's own 'A-not-A': '能不能享受' asks whether one may, not whether one may not)
    r"(?:不去|唔去|不用|唔使|不必|无须|毋须|拒绝|推卸|逃避|不|唔)(?!能|可|准|允|得|够)\s*([\u4e00-\u9fff]{1,6})"
)
_LEAVE_UNDONE_EN = re.compile(
    r"\b(?:can|could|may|is it (?:ok|okay|legal|allowed) (?:for \w+(?: \w+)? )?to)\b[^?.]{0,40}?"
    # ('can he not…' is as often 'can't he…': only a refusal is read)
    r"\b(?:refuse to|stop|avoid)\s+([a-z]+)",
    re.I,
)


def left_undone(question: str) -> str | None:
    """The duty a question asks whether one may leave undone: its verb ('赡养', '探望', 'support'), else None.
    Read once, by `understand`."""
    found = _LEAVE_UNDONE.search(mandarin_question_words(to_simplified(question)))
    if found:
        return shared_segmenter().cut(found.group(1))[0]  # the verb, not its object ('养' of '养老人')
    english = _LEAVE_UNDONE_EN.search(question)
    return english.group(1).lower() if english else None


def asks_verdict(question: str) -> bool:
    simplified = to_simplified(question).strip()
    found = [m.group(0) for m in _ASKS_VERDICT.finditer(simplified)]
    if found and _DUTY.search(simplified) and all(re.fullmatch(_WHO_QUALIFIES, f, re.I) for f in found):
        return False  # asks who is bound to a duty
    return bool(found)


# Whether someone is something ('…是建国一代吗？', 'Is my mother a Pioneer?'): a verdict when asked of a
# person the question tells of (`understand`).
_ASKS_IS = re.compile(
    r"是[^？?，,。]{1,12}[吗嗎][？?]?\s*$|^\s*(?:is|are|was|were) (?:he|she|they|my|her|his)\b", re.I
)


def asks_whether_is(question: str) -> bool:
    return bool(_ASKS_IS.search(to_simplified(question)))


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


# Whether a benefit can be had with another, or kept: 'can he still use home care?', '还可以同时领吗？'.
_ASKS_COMBINING = re.compile(
    r"\b(still|also|already|as well|at the same time|both|on top of|in addition|together with|"
    r"simultaneously|as well as)\b|同时|还能|还可以|还可|还要|还有没有|仍然|仍可|仍能|已经|已领|继续|"
    r"再申请|再领|仲可以|仲可唔可以|仲有冇|仲能|又可以|兼领|重复|一齐|一起领",
    re.I,
)


def asks_combining(question: str) -> bool:
    """The question asks whether a benefit can be had with another one, or kept. Read once, by
    `understand`."""
    return bool(_ASKS_COMBINING.search(to_simplified(question)))


# Getting or applying for something: '可以领…吗', '申请', '攞唔攞到', 'can she get', 'is he eligible'.
_GETTING = re.compile(
    r"领|申请|申领|请领|攞|拿到|享受|享有|办理|办卡|\b(?:get|gets|getting|apply|applying|receive|claim|"
    r"eligible|qualif(?:y|ies|ied))\b",
    re.I,
)


def asks_getting(question: str) -> bool:
    """The question asks whether someone may get or apply for something (not how it is used). Read once,
    by `understand`."""
    return asks_verdict(question) and bool(_GETTING.search(to_simplified(question)))


_HOW_MUCH = re.compile(r"\bhow much\b|多少钱|几多钱|几钱", re.I)


def fee_asked(question: str) -> str | None:
    """'full' (does it cost the full price?), 'pay' (do I have to pay?), 'free' (is it free?) or None.
    Read once, by `understand`."""
    simplified = DEMANDS_MONEY.sub("", to_simplified(question))
    if _HOW_MUCH.search(simplified):
        return None  # 'how much … to pay for…' asks a sum, not whether one pays
    if _ASKS_FULL.search(simplified):
        return "full"
    if _ASKS_PAY.search(simplified):
        return "pay"
    return "free" if _ASKS_FREE.search(simplified) else None


# A named benefit in the question: '养老助残卡', '敬老爱心卡', 'Merdeka Generation Package'.
_BENEFIT_ZH = re.compile(
    r"([\u4e00-\u9fff]{1,6}?)(卡|咭|(?<![认保验公签])证(?![明件书])|敬老金|养老金|长寿金|援助金|慰问金|抚恤金|补助金|保障金|奖励金|扶助金|"
    r"津贴|补贴|补助|计划|配套|券|扣除|减免|轮候册)"
)
# Words that end a benefit's name from the left: '有没有补贴' names no benefit, '收津贴' neither.
_NAME_BREAK = re.compile(
    # words first: '办理优待证' names '优待证', not '理优待证'
    r".*(全部|全额|部分|所有|任何|哪些|哪个|什么|多少|几多|参加|参与|加入|一下|办理|处理|"  # quantities, joining, asking
    r"[的有没冇吗呢了在是把给要会能可以收开换张个种份申请领拿办用过咗唔嘅啲咩攞享受我你他她佢爸妈问想到取])"
)
_GENERIC_SUFFIX = ("计划", "配套")
# Papers of identity or residence, and the verbs of holding one.
_IDENTITY_PAPER = re.compile(r"(?:身份证|居住证)$")
_HOLDS = re.compile(r"(?:持有|持|拥有|有|拿着|凭)$")
_BENEFIT_EN = re.compile(
    r"((?:[A-Z][\w'’-]*\s+){1,4})(Card|Package|Scheme|Allowance|Subsidy|Voucher|Vouchers|Credit|Pension|Grant)\b"
)


# ... or a scheme named in plain words: 'the $2 public transport fare scheme', 'Taiwan's special care
# allowance'; a verb ends no name ('my dad claim Macao subsidy' names none).
_BENEFIT_EN_LOWER = re.compile(
    r"(?:\b(?:the|my|his|her|their|our|your)|[A-Z]\w+['’]s)"
    r"\s+((?:(?!(?:the|my|his|her|their|our|your|a|an|get|gets|use|uses|claim|claims|apply|receive|have|has|pay)\s)"
    r"[$\w'’-]+\s+){1,5})"
    r"(scheme|allowance|subsidy|voucher|vouchers|grant|card|package)\b"
)


# ... or named by whom it is for, in capitals: 'the Subsidy for Senior Citizens', 'Allowance for the Elderly'.
_BENEFIT_EN_FOR = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s+){0,3}(?:Subsidy|Allowance|Grant|Scheme|Assistance|Pension|Card)\s+(?:for|of)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,2}"
)


_OPENING = frozenset(
    "is are was has have had does do did can could will would may what who how when where which the".split()
)


# Getting a benefit already: '领了', '有收', '攞紧', 'gets the', 'is receiving'.
_HELD_ZH = re.compile(
    r"(领了|领着|领紧|有领|已领|已经领|正在领|在领|领取了|有收|收紧|收了|攞紧|攞咗|有攞|拿了|拿着|有拿)(?:取)?$"
)
_HELD_EN = re.compile(
    r"\b(?:gets?|got|receives?|received|receiving|collects?|collecting|is on|already (?:has|gets|receives))"
    r"\s+(?:the\s+|an?\s+|his\s+|her\s+|their\s+)?$",
    re.I,
)


def named_benefits(question: str) -> list[tuple[str, list[str]]]:
    """(name as asked, candidate spellings) for each benefit the question names."""
    out: list[tuple[str, list[str]]] = []
    held: set[str] = set()  # names the person is said to get already
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
        if _IDENTITY_PAPER.search(prefix + suffix) and _HOLDS.search(simplified[max(0, begin - 4) : begin]):
            continue  # '持有广州居住证': a paper the person holds is their status, not a benefit asked about
        candidates = [prefix[-n:] + suffix for n in range(1, len(prefix) + 1)]
        if suffix in _GENERIC_SUFFIX and not place_named:  # '医疗券计划': the voucher names it
            candidates += [prefix[-n:] for n in range(2, len(prefix) + 1)]
        out.append((prefix + suffix, candidates if len(suffix) == 1 else [suffix, *candidates]))
        if _HELD_ZH.search(simplified[max(0, begin - 6) : begin]):
            held.add(prefix + suffix)
    places = {n.casefold() for p, _ in find_places(question) for n in p.all_names}
    seen: set[str] = set()
    for match in [*_BENEFIT_EN.finditer(question), *_BENEFIT_EN_LOWER.finditer(question)]:
        # What comes before a possessive or an 'of' is not the name: 'the monthly amount of Taiwan's
        # welfare allowance' names the welfare allowance.
        group = re.split(r"\b\w+['’]s\s+|\bof\s+", match.group(1))[-1]
        # a place of several words inside the name ('her Hong Kong health care vouchers'); one-word places
        # are dropped word by word below
        for place_name in sorted((p for p in places if " " in p), key=len, reverse=True):
            group = re.sub(rf"\b{re.escape(place_name)}\b", " ", group, flags=re.I)
        words = [
            w
            for w in group.split()
            if not re.search(r"['’]s$", w) and w.casefold() not in places and re.search(r"[A-Za-z]", w)
        ]
        words = [w for w in words if len(w) > 2 or w.isupper() is False]
        name = " ".join([*words, match.group(2)])
        if words and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append((name, [name]))
            if _HELD_EN.search(question[max(0, match.start() - 40) : match.start()]):
                held.add(name)
    for match in _BENEFIT_EN_FOR.finditer(question):  # 'the Subsidy for Senior Citizens'
        words = match.group(0).split()
        owner = max((i for i, w in enumerate(words) if re.search(r"['’]s$", w)), default=-1)
        words = words[owner + 1 :]  # 'Macao's Subsidy for…': whose it is, not its name
        while words and (words[0].casefold() in places or words[0].casefold() in _OPENING):
            words = words[1:]  # a place, or a question's opening word ('Is', 'Has')
        name = " ".join(words)
        if any(name.casefold() in n.casefold() for n in seen):
            continue
        out = [(n, spellings) for n, spellings in out if n.casefold() not in name.casefold()]
        seen.add(name.casefold())
        out.append((name, [name]))
    # A benefit the person already gets, named beside the one asked about ('He gets the Old Age
    # Allowance. Can he apply for the Guangdong Scheme?'), is what they have, not what the answer must be
    # about: the page answering need not name it.
    asked = [(name, spellings) for name, spellings in out if name not in held]
    return asked if asked else out


# A requirement the asker says the person does not meet ('不符合特困供养条件', 'does not meet the legal aid
# conditions'), and the words of it.
_DENIED = re.compile(
    r"(?:不符合|不满足|唔符合|唔满足|不具备|没有|冇)\s*([\u4e00-\u9fff《》]{4,16}?)(?:的)?(?:条件|资格|规定)|"
    r"\b(?:does not|doesn't|do not|don't|cannot|can't) (?:meet|satisfy|fulfil|fulfill) (?:the )?"
    r"([a-z][a-z ]{4,40}?) (?:conditions|criteria|requirements?)\b",
    re.I,
)


def denied_requirements(question: str) -> tuple[str, ...]:
    """The words of each requirement the question says the person does not meet, lower-cased, without
    title marks ('不符合《广州市法律援助实施办法》规定的条件': '广州市法律援助实施办法规定')."""
    return tuple(
        words
        for match in _DENIED.finditer(to_simplified(question))
        if (
            words := (match.group(1) or match.group(2) or "")
            .replace("《", "")
            .replace("》", "")
            .strip()
            .lower()
        )
    )


def groups_named(question: str) -> frozenset[str]:
    """The groups of `TIER_GROUPS` the question names."""
    simplified = to_simplified(question)
    return frozenset(name for name, group in TIER_GROUPS.items() if group.search(simplified))
