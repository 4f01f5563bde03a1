"""Answers from the real index: scripts, citations that verify, eligibility, follow-ups, abstention."""

from __future__ import annotations

import re

import pytest

from assistant.answer.ask import Assistant
from assistant.answer.guard import numbers_in
from assistant.text.kinds import states
from assistant.text.script import detect_script, normalise_for_match
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(retriever) -> Assistant:
    return Assistant(retriever)


def assert_verified(answer, retriever) -> None:
    """Every quote is verbatim at its offsets; every number of the answer is in a quote or the question."""
    quoted = set()
    for citation in answer.citations:
        document = retriever.documents[citation.doc_id]
        assert document.text[citation.start : citation.end] == citation.quote
        quoted |= (
            numbers_in(citation.quote) | numbers_in(citation.title) | numbers_in(citation.published or "")
        )
    for marker in re.findall(r"\[(\d+)\]", answer.text):
        assert 1 <= int(marker) <= len(answer.citations)


def test_traditional_question_on_guilin_gets_traditional_answer_with_6_hours(assistant, retriever) -> None:
    answer = assistant.ask("我父親92歲，住在桂林，可以得到什麼居家服務？")
    assert answer.answered and answer.lang == "zh-Hant"
    assert detect_script(answer.text) == "zh-Hant"
    assert any(c.doc_id == SEEDS["004"] and "6小時" in c.quote for c in answer.citations)
    assert "6小時" in answer.text and "您父親92歲" in answer.text
    ninety = [f for f in answer.eligibility if f.condition == "age >= 90"]
    assert ninety and ninety[0].status == "met" and ninety[0].profile_value == "92"
    assert_verified(answer, retriever)


def test_follow_up_changes_only_the_age(assistant) -> None:
    first = assistant.ask("我父親92歲，住在桂林，可以得到什麼居家服務？")
    second = assistant.ask("那我妈妈呢？她72岁", session_id=first.session_id)
    assert second.session_id == first.session_id and second.lang == "zh-Hans"
    assert second.to_json()["profile"]["region"] == "Guilin" and second.profile.age == 72
    assert {c.doc_id for c in second.citations} == {SEEDS["004"]}
    ninety = [f for f in second.eligibility if f.condition == "age >= 90"]
    assert ninety and ninety[0].status == "not met" and ninety[0].profile_value == "72"


def test_english_question_on_a_chinese_document(assistant, retriever) -> None:
    answer = assistant.ask("My father is 92 and lives in Guilin, what home care can he get?")
    assert answer.answered and answer.lang == "en"
    # the verdict leads, then what the asker told us, checked against the cited rule
    assert answer.text.startswith("From what you told me: yes.") and answer.verdict == "yes"
    assert "Your father is 92: meets" in answer.text
    assert any(c.doc_id == SEEDS["004"] for c in answer.citations)
    assert_verified(answer, retriever)


def test_simplified_question_on_an_english_document(assistant, retriever) -> None:
    answer = assistant.ask("我妈64岁，住在香港，可以申请长者咭吗？")
    assert answer.answered and answer.lang == "zh-Hans"
    assert answer.citations[0].doc_id == "hk-senior-citizen-card-en"
    assert any(f.condition == "age >= 65" and f.status == "not met" for f in answer.eligibility)
    assert "来源" in answer.text
    assert_verified(answer, retriever)


def test_quote_in_another_chinese_script_is_converted_for_the_asker(assistant) -> None:
    answer = assistant.ask("桂林90岁以上老人每个月有几个小时入户服务？")
    assert answer.answered
    cited = [c for c in answer.citations if c.doc_id == SEEDS["004"]]
    assert cited and cited[0].quote_in_asker_script and "小时" in cited[0].quote_in_asker_script
    assert "小時" in cited[0].quote  # the quote stays as published
    assert "6小时" in answer.text


@pytest.mark.parametrize(
    ("question", "script"),
    [
        ("What do people over 65 in Japan pay each month for long-term care insurance?", "en"),
        ("柳州的高龄老人一个月能有几个小时上门服务？", "zh-Hans"),
        ("广州2018年的养老金资格认证几月几号截止？", "zh-Hans"),
        ("想在北京给老人办一张养老助残卡，去哪里办？", "zh-Hans"),
        ("喺深圳有冇好似長者咭咁嘅卡？點申請？", "zh-Hant"),
    ],
)
def test_out_of_scope_questions_abstain_in_the_askers_script(assistant, question: str, script: str) -> None:
    answer = assistant.ask(question)
    assert not answer.answered and answer.lang == script
    assert detect_script(answer.text) == script
    assert ("Sorry" in answer.text) if script == "en" else ("抱歉" in answer.text)
    for citation in answer.citations:  # only a hotline a document names, cited
        assert normalise_for_match(citation.quote)


def test_bad_questions(assistant) -> None:
    from assistant.errors import BadQuery

    for question in ("", "   ", "x" * 4001):
        with pytest.raises(BadQuery):
            assistant.ask(question)
    with pytest.raises(BadQuery):
        assistant.ask("养老金", lang="fr")


class _Counting:
    """A real embedder that notes the texts it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.texts: list[str] = []

    def embed(self, texts, kind="passage"):
        self.texts.extend(texts)
        return self.inner.embed(texts, kind)


def test_an_answer_embeds_the_question_once_per_model(real_index) -> None:
    from collections import Counter

    from assistant.retrieval.retriever import Retriever

    retriever = Retriever.load(real_index)
    retriever.embedders = {name: _Counting(e) for name, e in retriever.embedders.items()}
    answer = Assistant(retriever).ask("我父親92歲，住在桂林，可以得到什麼居家服務？")
    assert answer.answered
    for embedder in retriever.embedders.values():
        assert embedder.texts, embedder.name
        assert Counter(embedder.texts).most_common(1)[0][1] == 1, embedder.name


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("办广州老年人优待卡需要带什么证件？", "居民身份证原件"),  # under '办理准备：'
        ("What documents should I send with a Senior Citizen Card application?", "application form"),
        ("澳門敬老金要帶甚麼證件去申請？", "application form"),  # a page that lost its headings
    ],
)
def test_a_question_on_the_papers_to_bring_leads_with_the_documents_list(
    assistant, retriever, question, first
) -> None:
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    lines = [line for line in answer.text.splitlines() if line.strip()]
    assert first in lines[0] or first in lines[1], answer.text
    assert sum(1 for line in lines if re.search(r"身份证|Identity Card|photograph|photocopy", line)) >= 2
    assert_verified(answer, retriever)


def test_an_abstention_offers_the_line_of_the_page_retrieved_first_only(retriever) -> None:
    from assistant.answer.compose import hotline_in
    from assistant.query import understand

    # The Taiwan abuse-reporting rules, retrieved first, name no number: a voucher balance line of
    # another page retrieved after them serves another errand and is not offered.
    question = "發現老人被虐待要打幾號電話？"
    hits = retriever.search(question, k=8, distinct=False)
    assert any(states("phone", h.chunk.text) for h in hits[1:])
    assert hotline_in(understand(question), hits) is None
    question = "广州优待卡办不下来，可以打哪个电话？"
    line = hotline_in(understand(question), retriever.search(question, k=8, distinct=False))
    assert line is not None and "020-62839996" in line.text


def test_a_question_asking_no_verdict_leads_with_the_answer_then_the_checks(assistant) -> None:
    """What the asker told us, checked, follows the answer when no verdict was asked."""
    answer = assistant.ask("我外公93岁，家在桂林城区，政府每月给几个小时上门服务？")
    assert answer.answered and answer.verdict is None, answer.text
    first = answer.text.split("\n")[0]
    assert "[1]" in first and "按您提供" not in first, answer.text
    assert "符合“90岁以上”" in answer.text, answer.text


def test_a_time_of_day_leads_and_a_rule_two_articles_repeat_is_quoted_once(assistant, retriever) -> None:
    """The Taiwan institution standards define the daytime shift in several articles, in the same words:
    asked when it starts, the definition leads, once; asked of a place we hold nothing on, the answer says
    the opening hours are not stated."""
    answer = assistant.ask("台湾老人福利机构所说的日间，从早上几点开始算？")
    assert answer.answered, answer.text
    first = answer.text.split("\n")[0]
    assert "上午八时" in first, answer.text
    assert answer.text.count("指上午八时至下午八时") == 1, answer.text
    assert_verified(answer, retriever)
    # a time of day no page states: said so, not answered with another figure
    closed = assistant.ask("桂林的日间照料中心每天几点开门？")
    assert not closed.answered and "开放时间" in closed.text, closed.text


def test_may_one_leave_a_duty_undone_is_answered_no_where_the_rule_makes_it_a_duty(assistant) -> None:
    """Asked whether family may skip what the Shanghai regulation makes their duty, the answer is no, in
    the asker's script; asked of something no rule makes a duty, no verdict is given."""
    answer = assistant.ask("喺上海，屋企人可唔可以唔去探望住養老院嘅老人？")
    assert answer.answered and answer.verdict == "no", answer.text
    assert answer.text.startswith("按資料，不可以"), answer.text
    free = assistant.ask("广州老人可不可以不办优待卡？")
    assert free.verdict is None, free.text


def test_a_fare_asked_is_answered_by_the_fare_rule_not_another_sum(assistant, retriever) -> None:
    """Guangzhou's rules halve or waive the fare by age and state no sum for it: asked the fare, the
    answer quotes that rule, not the one sum the pages give (a clinic fee cut by 1 yuan)."""
    answer = assistant.ask("廣州阿伯搭地鐵要俾幾多錢車費？")
    assert answer.answered, answer.text
    first = answer.text.split("\n")[0]
    assert re.search("免費|半價", first) and "1元" not in answer.text, answer.text
    assert_verified(answer, retriever)


def test_can_one_apply_online_leads_with_the_pages_channel_online(assistant, retriever) -> None:
    """Asked whether the Guangzhou card can be applied for on a phone, the answer leads with the page's
    steps on the app, not the card's validity rule that scores above them."""
    answer = assistant.ask("广州老年人优待卡用手机可以申请吗？")
    assert answer.answered, answer.text
    first = next(line for line in answer.text.split("\n") if "[1]" in line or "APP" in line)
    assert "APP" in first or "线上" in first, answer.text
    assert_verified(answer, retriever)


def test_whether_one_pays_is_answered_by_the_pages_fee_line_or_not_at_all(assistant, retriever) -> None:
    """Asked whether a fee is charged, the answer quotes the page's fee line, a value on the line under its
    heading ('收费标准' over '不收费'), and gives no verdict for anyone; a page that states no charge at all
    does not answer it."""
    answer = assistant.ask("广州退休人员到社保办养老金申领，要交手续费吗？")
    assert answer.answered and answer.verdict is None, answer.text
    assert "不收费" in answer.text.split("[1]")[0], answer.text
    assert_verified(answer, retriever)
    unstated = assistant.ask("在澳门领敬老金，要交手续费吗？")
    assert not unstated.answered, unstated.text


def test_a_benefit_named_in_so_many_words_beats_a_page_holding_its_words_apart(assistant) -> None:
    """'Senior Citizen Card' is Hong Kong's card: Macao's 'Subsidy for Senior Citizens', whose page also
    names an identity card, holds the words but not the name, and its papers list must not answer."""
    answer = assistant.ask("Which documents must I bring to get a Senior Citizen Card?")
    assert answer.answered, answer.text
    assert {c.doc_id for c in answer.citations} == {"hk-senior-citizen-card-en"}, answer.text
