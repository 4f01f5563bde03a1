"""Conditions stated in cited passages (read by text/conditions.py), checked against the asker's profile,
and the verdict they give. No finding without a cited condition."""

from __future__ import annotations

import re

from assistant.text.conditions import Condition, age_conditions, names_a_status, residence_met
from assistant.text.places import deepest, find_places, lineage
from assistant.text.script import to_simplified
from assistant.types import Profile

# ---- verdicts (FORMATS.md section 4) ---------------------------------------------------------------
# A cited rule that refuses: '不得同时领取', 'cannot be transferred', 'a joint account is not applicable'.
_REFUSES = re.compile(
    r"不得|不能|不可|不予|不适用|不接受|不受理|不获|不会获|以.{1,10}一人.{0,6}为限|只限|仅限|"
    r"\bcannot\b|\bcan not\b|\bmay not\b|\bmust not\b|\bnot (?:be )?(?:applicable|accepted|allowed|eligible|"
    r"transferable|transferred|entitled)|\bonly\b[^.;]{0,40}\b(?:can|may|will|is|are)\b|\bineligible\b",
    re.I,
)


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
        if profile.resident is False and not _lives_there_without(condition, profile, document_region):
            return "not met", "not a resident"
        if (
            profile.status_region
            and document_region
            and region_within(profile.status_region, document_region)
        ):
            # a status held of the rule's own place ('澳门永久性居民' living in Zhuhai, asked of Macao's
            # rule for permanent residents): where they live is not what it asks
            held = residence_met(condition.status or "resident", profile)
            return ("met" if held else "not met" if held is False else "unknown"), profile.status_region
        if profile.region is None or not document_region:
            return "unknown", profile.region
        if not region_within(profile.region, document_region):
            if any(profile.region in lineage(key) for key in _region_places(document_region)):
                return "unknown", profile.region  # Guangdong said, Guangzhou's rule: they may live there
            return "not met", profile.region
        held = residence_met(condition.status or "resident", profile) if strong_status(condition) else True
        if held is False:
            return "not met", profile.residence or profile.status_denied  # a status held is not the one asked
        if held is None and not (
            condition.status == "household registration" and _is_country(document_region)
        ):
            # Living there is said, the city's household registration or permanent residence is not (a
            # country's household registration is what living in it is taken to mean).
            return "unknown", profile.region
        return "met", profile.region
    if condition.kind == "means":
        if profile.income_year is not None or profile.assets is not None:
            return "met", "income or savings stated"  # the numeric limits beside it decide (limits.py)
        return ("met" if profile.low_income else "unknown"), "low income" if profile.low_income else None
    if condition.kind == "care":
        if condition.degrees and profile.care_degree is not None:
            low, high = condition.degrees
            met = low <= profile.care_degree <= high
            return ("met" if met else "not met"), f"care degree {profile.care_degree}"
        return ("met" if profile.care_need else "unknown"), "care need" if profile.care_need else None
    return "unknown", None


_NAMES_STATUS = re.compile(r"户籍|户口|设籍|永久|permanent|hukou|registration", re.I)


def _lives_there_without(condition: Condition, profile: Profile, document_region: str | None) -> bool:
    """The person is said to live in the rule's place without its household registration or permanent
    residence, and the rule asks only that one live there, naming no status or permit ('居住在家老年人'):
    the status denied is not one required."""
    return (
        profile.status_denied in ("household registration", "permanent resident")
        and condition.status is None
        and not _NAMES_STATUS.search(to_simplified(condition.text))  # '户籍地或者居住地': a registration
        and profile.region is not None
        and bool(document_region)
        and region_within(profile.region, document_region)  # type: ignore[arg-type]
    )


def strong_status(condition: Condition) -> bool:
    """A residence condition that living in the place does not meet: household registration, permanent
    residence, citizenship."""
    return condition.kind == "residence" and names_a_status(condition.status)


def _is_country(document_region: str) -> bool:
    """The document's region, at its most specific, is a whole country or territory (Taiwan, Macao)."""
    named = _region_places(document_region)
    return bool(named) and all(len(lineage(key)) == 1 for key in named)


def region_within(place_key: str, document_region: str) -> bool:
    """True when the asker's place is the document's region or lies inside it: its most specific
    places ('Guangzhou, Guangdong, Mainland China' is Guangzhou, not all of China)."""
    targets = set(_region_places(document_region))
    return bool(targets & set(lineage(place_key)))


def _region_places(document_region: str) -> tuple[str, ...]:
    return deepest(tuple(dict.fromkeys(place.key for place, _ in find_places(document_region))))


def describe(condition: Condition) -> str:
    if condition.kind == "age":
        if condition.low is not None and condition.high is not None:
            return f"{condition.low} <= age < {condition.high}"
        if condition.low is not None:
            return f"age >= {condition.low}"
        return f"age < {condition.high}"
    return {"residence": "residence", "means": "means test / low income", "care": "care need"}[condition.kind]


# A refusal addressed to those who already receive a benefit ('领取本津贴者，…不得重复申请…'): it says no
# to them, not to an asker who said nothing of receiving it.
_RECIPIENTS = re.compile(r"(领取|领有|已领|请领|接受|享受)[^，。；;]{0,16}者[，,]?[^。；;]*$")


def refuses(text: str, about: tuple[str, ...] = (), combining: bool = True, at_least: int = 1) -> bool:
    """The rule says no: 'cannot be transferred', '不得同时领取', 'joint account is not applicable'; with
    `about` (the question's words), only where `at_least` of them are next to the refusal. A refusal
    addressed to the recipients of a benefit (_RECIPIENTS) says no to an asker only when the question asks
    about combining benefits (`combining`, Query.combining: 'can he still…', '还可以…吗'); one of those in
    cases listed, a carve-out or a group then granted something (`_conditional`) says no to nobody."""
    simplified = to_simplified(text)
    matches = [
        m
        for m in _REFUSES.finditer(simplified)
        if (combining or not _to_recipients(simplified, m.start())) and not _conditional(simplified, m)
    ]
    if not about:
        return bool(matches)
    words = [w for w in about if len(w) >= 2]
    for match in matches:
        near = simplified[max(0, match.start() - 30) : match.end() + 10].lower()
        if sum(word in near for word in words) >= at_least:
            return True
    return False


# A refusal of those in one of the cases listed ('有下列情形之一者不予发给：', 'if any of the following
# applies'): it says no to an asker known to be in one, which the listed cases' own limits decide.
_IF_LISTED = re.compile(r"下列(?:各款)?情形之一|下列(?:各款)?情况之一|any of the following", re.I)
# A carve-out from a rule ('但…之老年农民，不适用之': the rule does not apply to them): no refusal.
_CARVED_OUT = re.compile(r"^\s*(?:但|惟|但是)")
# ... and what a group named by what it could not do may now do ('…者，得依…申请补发').
_MAY = re.compile(r"[，,][^。；;]{0,40}?(?:得|可以|可)(?:依|向|申请|于|在|请|领)")


def _conditional(text: str, match: re.Match[str]) -> bool:
    """The refusal is of those in cases listed, carves some out of the rule before it, or names a group
    the sentence then grants something."""
    start = max(text.rfind(mark, 0, match.start()) for mark in "。；;") + 1
    clause = text[start : match.start()]
    rest = re.split(r"[，,。；;：:]", text[match.end() :], maxsplit=1)[0]
    return (
        bool(_IF_LISTED.search(clause))
        or (match.group(0) == "不适用" and bool(_CARVED_OUT.search(clause)))
        # it names a group ('不能申领福利津贴者，得…申请补发': those who could not claim may now)
        or (rest.endswith("者") and bool(_MAY.search(text[match.end() :])))
    )


def _to_recipients(text: str, at: int) -> bool:
    start = max(text.rfind("。", 0, at), text.rfind("；", 0, at), text.rfind(";", 0, at)) + 1
    return bool(_RECIPIENTS.search(text[start:at]))


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


def verdict(
    findings: list[tuple[str, str]],
    answering: str | list[str],
    feared: tuple[str, ...] = (),
    combining: bool = True,
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
    if any(refuses(text, combining=combining) and not protects(text, feared) for text in texts):
        return "no", []
    if refuses(texts[0]) and protects(texts[0], feared):
        return "yes", []  # the answering rule forbids what the asker fears: it is safe
    # A question about a place's benefit is taken to come from someone who lives there, unless it says
    # otherwise ('not a permanent resident', another place named): residence unknown is not asked for.
    # A status that living there does not give ('status': household registration, permanent residence)
    # is asked for when it is not said.
    missing = [kind for kind, statuses in by_kind.items() if "met" not in statuses and kind != "residence"]
    if missing or not by_kind:
        return "depends", missing
    return "yes", []


# Free or reduced: '60-64 half price, 65+ free'. A question whether something is free (`Query.fee`) is
# answered by the tier the person's age meets: free -> yes; only a reduction -> no (a family expecting free
# entry pays half).
FREE_WORDS = re.compile(
    r"免费|免收|全免|免票|不收费|不收取费用|不收取任何费用|全额补助|全额资助|\bfree\b|waived|no charge|free of charge|fully (?:subsidi[sz]ed|covered)",
    re.I,
)
_REDUCED = re.compile(r"半价|半票|减半|优惠|折|half|discount|reduced|concession", re.I)


def free_verdict(fee: str | None, profile: Profile, quotes: list[str]) -> str | None:
    """'yes' when the person's age meets a free tier of the quoted rules, 'no' when it meets only a
    reduced one, 'none' when the quotes set free or reduced tiers by age and the person's meets none (63
    where 65+ ride free: they pay), None when the question does not ask whether something is free or no
    tier decides."""
    full = fee == "full"
    if profile.age is None or fee is None:
        return None
    free_met = reduced_met = tiered = False
    for quote in quotes:
        for tier in re.split(r"[；;。]", to_simplified(quote)):
            met = False  # the age rule of the clause before, where a clause states none of its own
            for clause in re.split(r"[，,]", tier):  # '年满七十岁者，由中央主管机关全额补助'
                rules = age_conditions(clause)
                if rules:
                    met = any(check(rule, profile, None)[0] == "met" for rule in rules)
                    tiered = tiered or bool(FREE_WORDS.search(clause) or _REDUCED.search(clause))
                if not met:
                    continue
                if FREE_WORDS.search(clause):
                    free_met = True
                elif _REDUCED.search(clause):
                    reduced_met = True
    if free_met or (full and reduced_met):
        return "yes"
    if reduced_met:
        return "no"
    return "none" if tiered else None
