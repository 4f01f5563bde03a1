"""Questions in a session: follow-ups keep their topic, other questions stand alone; off-topic ones are
refused; the day a rule takes effect is told from the day it was adopted."""

from __future__ import annotations

import pytest

from assistant.answer.ask import Assistant
from assistant.answer.session import Turn
from assistant.query import understand


@pytest.fixture(scope="module")
def assistant(retriever) -> Assistant:
    return Assistant(retriever)


def test_english_questions_in_one_session_are_not_merged() -> None:
    """'the' holds 'he': only a whole-word pronoun points back to the question before."""
    first = "How much is the Macao subsidy for senior citizens?"
    second = understand(
        "What documents are needed for the Hong Kong senior citizen card?", previous=Turn(first, first, ())
    )
    assert not second.follow_up and second.topic == second.text and second.asked_about == second.text
    third = understand("And what does he need to bring?", previous=Turn(first, first, ()))
    assert (
        third.follow_up and first in third.topic and third.simplified == third.topic
    )  # what retrieval reads
    traditional = understand(
        "那申請要帶什麼？", previous=Turn("澳門敬老金多少錢？", "澳門敬老金多少錢？", ())
    )
    assert traditional.simplified == "澳门敬老金多少钱？ 那申请要带什么？"
    fourth = understand("Where does he apply?", previous=Turn(first, first, ()))
    assert fourth.follow_up


def test_english_session_keeps_each_question_its_own(assistant) -> None:
    first = assistant.ask("How do I apply for the Senior Citizen Card in Hong Kong?")
    second = assistant.ask(
        "What is the mailing address of the Macao Social Welfare Bureau for the subsidy?",
        session_id=first.session_id,
    )
    assert second.citations and second.citations[0].doc_id == "mo-senior-citizens-subsidy-en"


def test_a_question_on_something_else_gets_a_short_refusal_saying_what_we_cover(assistant) -> None:
    for question, covers in (
        ("Which stocks should I buy this week?", "elder-care policy"),
        ("最近有什么好看的电影？", "养老政策"),
    ):
        answer = assistant.ask(question)
        assert not answer.answered and answer.abstain_reason == "off topic" and covers in answer.text
        assert answer.citations == []
    assert assistant.ask("How do I apply for the Senior Citizen Card in Hong Kong?").answered


def test_when_a_rule_takes_effect_is_answered_by_the_day_it_applies_from(assistant) -> None:
    answer = assistant.ask("When does Shanghai's regulation on older people's rights take effect?")
    assert answer.answered and answer.text.startswith("第六十四条 本条例自2016年5月1日起施行。 [1]"), (
        answer.text
    )
