"""Screen a person against every card of their place: likely / need_info / not_eligible / unassessed.

A condition is met or failed only on a fact the asker stated (the profile `understand` read from the
question and the session); anything else is unknown, and the card then asks for the one or two facts
that would decide it, in the asker's script. Every condition and every figure shown cites its card's
sentence (FORMATS.md section 7).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.text.conditions import care_degrees_required, residence_met
from assistant.text.limits import holds_no_citizenship
from assistant.text.script import to_script
from assistant.types import Profile, Script

from .model import Card, Cite, Criterion

STATUSES = ("likely", "need_info", "not_eligible", "unassessed")
MAX_ASKS = 2
_OPS = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}
# What to ask for a fact the screen lacks: English and simplified Chinese (traditional by OpenCC).
_ASK = {
    "age": ("How old is the person?", "请问今年多少岁？"),
    "permanent resident": ("Is the person a permanent resident?", "是否为永久居民？"),
    "citizen": ("Is the person a citizen?", "是否为公民？"),
    "household registration": (
        "Is the person's household registration (hukou) in this place?",
        "户籍是否在当地？",
    ),
    "resident": (
        "Is the person a resident of this place (ID card or residence permit)?",
        "是否为当地居民（持当地身份证或居住证）？",
    ),
    "registered": (
        "Does the person hold one of the statuses required here (household registration, residence permit)?",
        "是否有当地户籍、居住证等所要求的身份？",
    ),
    "income": (
        "What is the income, and is it per person or for the household?",
        "每月收入大约多少？是个人还是全家？",
    ),
    "low income": (
        "Is the person on a low-income or means-tested benefit?",
        "是否属于低收入户或领取低保等救助？",
    ),
    "assets": ("What are savings, land and property worth?", "存款、土地和房产大约值多少？"),
    "contribution_years": (
        "How many years of insurance contributions has the person paid?",
        "参保缴费满多少年？",
    ),
    "residence_years": ("How many years has the person lived here?", "在当地居住了多少年？"),
    "care_need": (
        "Does the person need care (disability, dementia, bedridden)?",
        "是否失能、失智或需要他人照顾？",
    ),
    "benefit": (
        "Does the person already receive another benefit or care service?",
        "目前是否已领取其他补贴或照顾服务？",
    ),
    "born": ("In what year was the person born?", "哪一年出生？"),
    "citizen_year": ("In what year did the person become a citizen?", "哪一年入籍？"),
    "living_alone": ("Does the person live alone?", "是否独居？"),
}
_GIVE_RANK = {"amount": 3, "hours": 2, "free": 2, "discount": 1, "service": 1}
_PER_YEAR = {"month": 12, "year": 1, "once": 1, None: 1}


@dataclass(frozen=True)
class Outcome:
    card: Card
    status: str
    met: tuple[Criterion, ...] = ()
    failed: tuple[Criterion, ...] = ()
    unknown: tuple[Criterion, ...] = ()
    ask: tuple[str, ...] = ()

    def value(self) -> float:
        """How much the card gives, for ordering: a year's amount, else by the kind of help."""
        amounts = [
            g.value * _PER_YEAR.get(g.period, 1) for g in self.card.gives if g.what == "amount" and g.value
        ]
        if amounts:
            return 1000.0 + max(amounts)
        return float(max((_GIVE_RANK.get(g.what, 0) for g in self.card.gives), default=0))

    def to_json(self, documents: dict[str, Any] | None = None) -> dict[str, Any]:
        """FORMATS.md section 7: one result, its citations numbered from 1."""
        cites: list[Cite] = []

        def number(cite: Cite) -> int:
            for i, seen in enumerate(cites, start=1):
                if seen.chunk_id == cite.chunk_id and seen.quote == cite.quote:
                    return i
            cites.append(cite)
            return len(cites)

        def condition(c: Criterion) -> dict[str, Any]:
            return {**c.to_json(), "n": number(c.cite)}

        card = self.card
        gives = [{**g.to_json(), "words": g.words, "n": number(g.cite)} for g in card.gives]
        apply = card.apply.to_json()
        apply["n"] = [number(c) for c in card.apply.cite]
        document = (documents or {}).get(card.doc_id)
        return {
            "card": card.id,
            "doc_id": card.doc_id,
            "name": card.name,
            "kind": card.kind,
            "status": self.status,
            "met": [condition(c) for c in self.met],
            "failed": [condition(c) for c in self.failed],
            "unknown": [condition(c) for c in self.unknown],
            "ask": list(self.ask),
            "gives": gives,
            "apply": apply,
            "effective": card.effective,
            "expires": card.expires,
            "checked": card.checked,
            "source": card.source,
            "citations": [
                {
                    "n": i,
                    "doc_id": card.doc_id,
                    "title": getattr(document, "title", None),
                    "published": getattr(document, "published", None),
                    "quote": c.quote,
                    "chunk_id": c.chunk_id,
                    "start": c.start,
                    "end": c.end,
                }
                for i, c in enumerate(cites, start=1)
            ],
        }


def _this_year() -> int:
    return datetime.date.today().year


# Alternatives, and a short name given in brackets ('…中央輪候冊(中央輪候冊)'), each said on its own.
_PIECES = re.compile(r"或者|或|、|和|及|以及|\bor\b|\band\b|,|[()（）]", re.I)
_DROP = re.compile(r"《[^》]*》|符合|属于|规定的?|的|已|who meets?|who satisf\w+|the\b", re.I)
# Said negated: right before, or before its verb ('未登记中央轮候册' for '已登记于…中央轮候册').
_NEGATED = re.compile(r"(不是|不系|唔系|非|没有|冇|未|不|not|no|never)\s*(?:登记|登記|是|系|有)?\s*$", re.I)


def said_met(condition: Criterion, said: str) -> bool | None:
    """A condition in the document's words, checked against what the asker wrote: met when the asker
    states one of its alternatives ('是独生子女父母' for '属于独生子女父母或农村两个女孩父母'), failed when
    they state it negated, else unknown."""
    from assistant.text.script import normalise_for_match

    if not said:
        return None
    text = normalise_for_match(said)
    words = _DROP.sub("", normalise_for_match(condition.text or str(condition.value)))
    for piece in _PIECES.split(words):
        piece = piece.strip()
        if len(piece) < 4:
            continue
        at = text.find(piece)
        if at >= 0:
            return False if _NEGATED.search(text[max(0, at - 4) : at]) else True
    return None


def check(condition: Criterion, profile: Profile, year: int | None = None, said: str = "") -> bool | None:
    """True (met) or False (failed) on what the profile states (and, for a condition in the document's
    own words, what the asker wrote: `said`); None when it does not say."""
    year = year or _this_year()
    field_name = condition.field
    if field_name == "age":
        age = profile.age
        if age is None and profile.born is not None:
            ages = {year - profile.born - 1, year - profile.born}
            results = {_compare(condition, a) for a in ages}
            return results.pop() if len(results) == 1 else None
        return None if age is None else _compare(condition, age)
    if field_name == "residence":
        return residence_met(str(condition.value), profile)
    if field_name == "income":
        if condition.op == "is":
            return profile.low_income
        if profile.income_year is None:
            return None
        mine = profile.income_year
        if profile.couple and condition.per == "person":
            mine /= 2
        limit = float(condition.value) * (12 if condition.period == "month" else 1)
        return _OPS[condition.op](mine, limit) if condition.op in _OPS else None
    if field_name == "assets":
        if profile.assets is None or condition.op not in _OPS:
            return None
        mine = profile.assets / 2 if profile.couple and condition.per == "person" else profile.assets
        return _OPS[condition.op](mine, float(condition.value))
    if field_name in ("contribution_years", "residence_years"):
        return None if profile.years is None else _compare(condition, profile.years)
    if field_name == "care_need":
        degrees = care_degrees_required(condition.cite.quote)
        if degrees and profile.care_degree is not None:
            return degrees[0] <= profile.care_degree <= degrees[1]
        return profile.care_need
    if field_name == "benefit":
        return False if profile.other_benefit else (True if profile.other_benefit is False else None)
    if field_name == "other":
        if condition.about == "born":
            if profile.born is not None:
                return _compare(condition, profile.born)
            if profile.age is not None:
                results = {_compare(condition, b) for b in (year - profile.age - 1, year - profile.age)}
                return results.pop() if len(results) == 1 else None
            return None
        if condition.about == "citizen":
            if profile.citizen is None:
                return False if holds_no_citizenship(profile) else None
            return _compare(condition, profile.citizen)
        if condition.about == "living_alone":
            return profile.living_alone
        return said_met(condition, said)
    return None


def _compare(condition: Criterion, mine: float) -> bool | None:
    try:
        return _OPS[condition.op](mine, float(condition.value))
    except (KeyError, TypeError, ValueError):
        return None


def _ask_key(condition: Criterion) -> str:
    if condition.field == "residence":
        return str(condition.value) if str(condition.value) in _ASK else "resident"
    if condition.field == "income":
        return "low income" if condition.op == "is" else "income"
    if condition.field == "other":
        return {"born": "born", "citizen": "citizen_year", "living_alone": "living_alone"}.get(
            condition.about or "", ""
        )
    return condition.field


def ask_for(condition: Criterion, script: Script, flavour: str = "") -> str:
    """The question that would decide a condition, in the asker's script."""
    key = _ask_key(condition)
    if key in _ASK:
        english, chinese = _ASK[key]
    else:  # a condition in the document's own words
        words = condition.text or str(condition.value)
        english, chinese = f"Does this apply to the person: {words}?", f"是否符合：{words}？"
    if script == "en":
        return english
    return to_script(chinese, script, flavour)


def screen_card(
    card: Card, profile: Profile, script: Script, flavour: str = "", year: int | None = None, said: str = ""
) -> Outcome:
    if not card.conditions:
        return Outcome(card, "unassessed")
    met, failed, unknown = [], [], []
    for condition in card.conditions:
        result = check(condition, profile, year, said)
        (met if result is True else failed if result is False else unknown).append(condition)
    if failed:
        status = "not_eligible"
    elif unknown:
        status = "need_info"
    else:
        status = "likely"
    asks: list[str] = []
    if status == "need_info":
        for condition in unknown:
            question = ask_for(condition, script, flavour)
            if question not in asks:
                asks.append(question)
            if len(asks) == MAX_ASKS:
                break
    return Outcome(card, status, tuple(met), tuple(failed), tuple(unknown), tuple(asks))


def screen(
    cards: list[Card],
    profile: Profile,
    script: Script,
    flavour: str = "",
    year: int | None = None,
    said: str = "",
) -> list[Outcome]:
    """Every card screened, likely first, then need_info, not_eligible, unassessed; by value within."""
    outcomes = [screen_card(card, profile, script, flavour, year, said) for card in cards]
    return sorted(outcomes, key=lambda o: (STATUSES.index(o.status), -o.value(), o.card.id))


@dataclass
class Screen:
    """A whole screen: where, who, and the outcomes (FORMATS.md section 7)."""

    lang: Script
    place: str | None
    profile: Profile
    outcomes: list[Outcome] = field(default_factory=list)
    session_id: str | None = None
    message: str | None = None  # why there is nothing to screen (no place named, no cards there)

    def to_json(self, documents: dict[str, Any] | None = None) -> dict[str, Any]:
        from .text import screen_text

        return {
            "lang": self.lang,
            "place": self.place,
            "profile": self.profile.to_json(),
            "session_id": self.session_id,
            "message": self.message,
            "counts": {s: sum(1 for o in self.outcomes if o.status == s) for s in STATUSES},
            "results": [o.to_json(documents) for o in self.outcomes],
            "text": screen_text(self, documents),  # the whole screen as text with its sources (to copy)
        }


class Screener:
    """Screens from a question or a profile, remembering the person across a session's turns."""

    def __init__(self, book: Any, sessions: Any) -> None:
        self.book = book  # CardBook
        self.sessions = sessions  # the assistant's SessionStore: a screen and an answer share the person

    def screen(
        self,
        question: str | None = None,
        *,
        profile: dict[str, Any] | None = None,
        place: str | None = None,
        session_id: str | None = None,
        lang: str | None = None,
    ) -> Screen:
        from dataclasses import replace

        from assistant.answer.session import MAX_TURNS, Session, Turn, new_session_id
        from assistant.errors import BadQuery
        from assistant.query import flavour_of, understand
        from assistant.text.places import deepest, find_places
        from assistant.text.script import detect_script
        from assistant.types import SCRIPTS

        if lang is not None and lang not in SCRIPTS:
            raise BadQuery(f"lang must be one of {', '.join(SCRIPTS)}")
        if not (question or "").strip() and profile is None and place is None:
            raise BadQuery('give a "question", or a "profile" and a "place"')
        session = (self.sessions.get(session_id) if session_id else None) or Session(
            session_id or new_session_id()
        )
        known = session.profile if session.last else None
        if question and question.strip():
            query = understand(question.strip(), lang, previous=session.last, profile=known)  # type: ignore[arg-type]
            person, script, flavour = query.profile, query.script, query.flavour
            where = query.places[0] if query.places else person.region
            topic = query.topic
            said = query.asked_about
        else:
            person = profile_from(profile or {})
            if known is not None:
                person = known.merged(person)
            script = lang or (detect_script(place) if place else "en")  # type: ignore[assignment]
            where, topic = None, ""
            flavour = ""
            said = ""
        if place:
            keys = deepest([p.key for p, _ in find_places(place)]) or (place,)
            where = keys[0]
        where = where or person.region
        if where and person.region != where:
            person = replace(person, region=where)
        result = self.screen_for(person, where, script, flavour or flavour_of(where), said)  # type: ignore[arg-type]
        result.session_id = session.session_id
        turn = Turn(
            question or "",
            topic or question or "",
            tuple(dict.fromkeys(o.card.doc_id for o in result.outcomes)),
        )
        self.sessions.put(replace(session, profile=person, turns=(*session.turns, turn)[-MAX_TURNS:]))
        return result

    def screen_for(
        self, person: Profile, where: str | None, script: Script, flavour: str = "", said: str = ""
    ) -> Screen:
        """The screen of one person in one place (no session); `said` is what the asker wrote."""
        cards = self.book.for_place(where)
        result = Screen(script, where, person, screen(cards, person, script, flavour, said=said))
        if where is None:
            result.message = _say("no_place", script, flavour)
        elif not cards:
            result.message = _say("no_cards", script, flavour)
        return result


_MESSAGES = {
    "no_place": (
        "Which city or region does the person live in? Benefits depend on the place.",
        "请问住在哪个城市或地区？各地的福利不同。",
    ),
    "no_cards": (
        "The knowledge base holds no benefit for that place yet.",
        "知识库里暂时没有这个地方的福利资料。",
    ),
}


def _say(key: str, script: Script, flavour: str = "") -> str:
    english, chinese = _MESSAGES[key]
    return english if script == "en" else to_script(chinese, script, flavour)


def profile_from(raw: dict[str, Any]) -> Profile:
    """A profile sent as JSON: unknown keys are refused, so a typo is not a silently ignored fact."""
    from assistant.errors import BadQuery

    allowed = set(Profile.__dataclass_fields__)
    unknown = sorted(set(raw) - allowed - {"region_key"})
    if unknown:
        raise BadQuery(f"unknown profile field(s): {', '.join(unknown)}; known: {', '.join(sorted(allowed))}")
    values = {k: v for k, v in raw.items() if k in allowed and v is not None}
    for name in ("age", "years", "born", "citizen"):
        if name in values:
            try:
                values[name] = int(values[name])
            except (TypeError, ValueError):
                raise BadQuery(f"profile {name} must be a whole number") from None
    for name in ("income_year", "assets"):
        if name in values:
            try:
                values[name] = float(values[name])
            except (TypeError, ValueError):
                raise BadQuery(f"profile {name} must be a number") from None
    if "region" in values:
        values.pop("region")
    return Profile(**values)
