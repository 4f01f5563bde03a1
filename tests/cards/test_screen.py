"""The screener: likely / need_info / not_eligible / unassessed on what was stated, at the boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.session import InMemorySessionStore
from assistant.cards.book import CardBook
from assistant.cards.screen import Screener, check, said_met, screen_card
from assistant.errors import BadQuery
from assistant.types import Profile

from .helpers import by_name, cards_of, documents
from .test_read import ALLOWANCE, TIERS


@pytest.fixture()
def book(tmp_path: Path) -> CardBook:
    docs = documents(tmp_path / "docs", {"tiers.md": TIERS, "grant.md": ALLOWANCE})
    machine = [card for doc in docs.values() for card in cards_of(doc)]
    return CardBook(machine, list(docs.values()), tmp_path / "cards")


@pytest.mark.parametrize(
    ("age", "half", "free"),
    [
        (59, "not_eligible", "not_eligible"),
        (60, "likely", "not_eligible"),
        (64, "likely", "not_eligible"),
        (65, "not_eligible", "likely"),
        (66, "not_eligible", "likely"),
    ],
)
def test_age_tiers_at_the_limit_and_one_year_either_side(
    book: CardBook, age: int, half: str, free: str
) -> None:
    cards = book.by_doc["tiers"]
    half_card = next(c for c in cards if any(g.value == 50 for g in c.gives))
    free_card = next(c for c in cards if c.name.endswith("（免费）"))
    assert screen_card(half_card, Profile(age=age), "zh-Hans").status == half
    assert screen_card(free_card, Profile(age=age), "zh-Hans").status == free


@pytest.mark.parametrize(("income", "status"), [(2799, "likely"), (2800, "likely"), (2801, "not_eligible")])
def test_a_monthly_ceiling_at_the_limit_and_one_dollar_either_side(
    book: CardBook, income: int, status: str
) -> None:
    card = by_name(book.by_doc["grant"], "Home Help Grant")
    person = Profile(residence="citizen", resident=True, care_need=True, income_year=income * 12)
    assert screen_card(card, person, "en").status == status


def test_a_fact_not_stated_is_asked_for_in_the_askers_script(book: CardBook) -> None:
    card = by_name(book.by_doc["grant"], "Home Help Grant")
    english = screen_card(card, Profile(care_need=True), "en")
    assert english.status == "need_info"
    assert 1 <= len(english.ask) <= 2 and all(q.endswith("?") for q in english.ask)
    hant = screen_card(card, Profile(care_need=True), "zh-Hant")
    hans = screen_card(card, Profile(care_need=True), "zh-Hans")
    assert hant.ask != hans.ask and all("？" in q for q in hant.ask)
    assert any("為" in q or "戶" in q or "護" in q or "們" in q or "收" in q for q in hant.ask)


def test_a_stated_fact_that_fails_wins_over_unknowns(book: CardBook) -> None:
    card = by_name(book.by_doc["grant"], "Home Help Grant")
    outcome = screen_card(card, Profile(resident=False), "en")
    assert outcome.status == "not_eligible" and outcome.failed[0].field == "residence"


@pytest.mark.parametrize(("degree", "met"), [(1, False), (2, True), (3, True), (None, True)])
def test_a_degree_of_care_need_is_checked_against_the_degrees_a_card_asks(
    book: CardBook, degree: int | None, met: bool
) -> None:
    card = by_name(book.by_doc["grant"], "Home Help Grant")
    outcome = screen_card(card, Profile(care_need=True, care_degree=degree), "en")
    assert any(c.field == "care_need" for c in (outcome.met if met else outcome.failed))


def test_residence_statuses() -> None:
    from assistant.cards.model import Cite, Criterion

    def rule(value: str) -> Criterion:
        return Criterion("residence", "is", value, Cite("d#0", "q"))

    assert check(rule("permanent resident"), Profile(residence="citizen")) is True
    assert (
        check(rule("permanent resident"), Profile(residence="resident")) is None
    )  # a resident may not be permanent
    assert check(rule("resident"), Profile(residence="household registration")) is True
    assert check(rule("citizen"), Profile(resident=False)) is False


def test_conditions_in_the_documents_own_words_are_met_only_when_stated() -> None:
    from assistant.cards.model import Cite, Criterion

    rule = Criterion(
        "other",
        "is",
        "属于独生子女父母或农村两个女孩父母",
        Cite("d#0", "q"),
        text="属于独生子女父母或农村两个女孩父母",
    )
    assert said_met(rule, "我60岁，是独生子女父母") is True
    assert said_met(rule, "我60岁，不是独生子女父母") is False
    assert said_met(rule, "我60岁，住在厦门") is None


def test_a_condition_s_short_name_in_brackets_is_met_when_said_alone() -> None:
    from assistant.cards.model import Cite, Criterion

    words = "已登記於資助長期護理服務中央輪候冊(中央輪候冊),正輪候"
    rule = Criterion("other", "is", words, Cite("d#0", "q"), text=words)
    assert said_met(rule, "阿爸79歲，已經登記於中央輪候冊") is True
    assert said_met(rule, "阿爸79歲，仲未登記中央輪候冊") is False
    assert said_met(rule, "阿爸79歲，住喺九龍") is None


def test_born_before_is_decided_from_the_age_only_when_both_birthdays_agree() -> None:
    from assistant.cards.model import Cite, Criterion

    rule = Criterion("other", "<=", 1949, Cite("d#0", "q"), about="born")
    assert check(rule, Profile(age=90), year=2026) is True
    assert check(rule, Profile(age=60), year=2026) is False
    assert check(rule, Profile(age=77), year=2026) is True  # born 1948 or 1949: either way
    assert check(rule, Profile(age=76), year=2026) is None  # born 1949 or 1950: decided by the birthday


def test_a_citizenship_by_a_date_fails_one_who_holds_none() -> None:
    from assistant.cards.model import Cite, Criterion

    rule = Criterion("other", "<=", 1986, Cite("d#0", "q"), about="citizen")
    assert check(rule, Profile(residence="permanent resident")) is False
    assert check(rule, Profile(status_denied="citizen")) is False
    assert check(rule, Profile(residence="citizen")) is None  # a citizen since when: not said
    assert check(rule, Profile(residence="permanent resident", citizen=1980)) is True


def test_a_session_starts_need_info_and_a_follow_up_decides_it(book: CardBook) -> None:
    screener = Screener(book, InMemorySessionStore())
    first = screener.screen("My mother is 70 and lives in Singapore, she has dementia. What help is there?")
    grant = next(o for o in first.outcomes if o.card.doc_id == "grant")
    assert first.place == "SG" and grant.status == "need_info"
    yes = screener.screen(
        "She is a Singapore citizen and our household income per person is $2,000 a month",
        session_id=first.session_id,
    )
    assert next(o for o in yes.outcomes if o.card.doc_id == "grant").status == "likely"
    no = screener.screen(
        "Sorry, I got it wrong: household income per person is $3,000 a month", session_id=first.session_id
    )
    assert next(o for o in no.outcomes if o.card.doc_id == "grant").status == "not_eligible"


def test_a_profile_and_a_place_instead_of_a_question(book: CardBook) -> None:
    screener = Screener(book, InMemorySessionStore())
    result = screener.screen(profile={"age": 66}, place="广州", lang="zh-Hans")
    assert result.place == "CN-440100"
    free = next(o for o in result.outcomes if o.card.name.endswith("（免费）"))
    assert free.status == "likely"
    assert result.outcomes[0].status == "likely"  # likely first
    with pytest.raises(BadQuery, match="unknown profile field"):
        screener.screen(profile={"agee": 66}, place="广州")
    with pytest.raises(BadQuery, match="whole number"):
        screener.screen(profile={"age": "old"}, place="广州")
    with pytest.raises(BadQuery):
        screener.screen()


def test_no_place_says_so(book: CardBook) -> None:
    result = Screener(book, InMemorySessionStore()).screen("My father is 80. What can he get?")
    assert result.place is None and not result.outcomes and "place" in (result.message or "").lower()


def test_the_chat_s_screen_says_each_quote_once(book: CardBook) -> None:
    from assistant.cards.answer import screen_answer
    from assistant.query import understand

    screener = Screener(book, InMemorySessionStore())
    query = understand("我妈62岁，住在广州，有什么优待？")
    screen = screener.screen_for(
        query.profile, query.places[0], query.script, query.flavour, query.asked_about
    )
    text = screen_answer(query, screen, book.documents).text
    half = next(line for line in text.split("\n") if "半票" in line)
    # '满60周岁不满65周岁' sets two ages from one quote: shown once, not '…[1]; …[1]'
    assert half.count("满60周岁不满65周岁") == 2, half  # once in what it gives, once as the age met


def test_an_open_question_that_nothing_fits_is_told_what_failed(book: CardBook) -> None:
    from assistant.cards.answer import screen_answer
    from assistant.query import understand

    screener = Screener(book, InMemorySessionStore())
    query = understand("我爸58岁，住在广州，有什么优惠？")  # under every card's age
    screen = screener.screen_for(
        query.profile, query.places[0], query.script, query.flavour, query.asked_about
    )
    assert screen.outcomes and all(o.status == "not_eligible" for o in screen.outcomes)
    answer = screen_answer(query, screen, book.documents)
    assert answer is not None and "并不适合" in answer.text and "60周岁" in answer.text
