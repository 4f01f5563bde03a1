"""Each answer stage on its own, with small documents built here (no index): documents, choose, verdict,
composer and guard, abstention."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.choose import Thresholds, choose, enough_evidence
from assistant.answer.compose import abstain, compose
from assistant.answer.documents import DocumentChunks, answering_documents
from assistant.answer.evidence import (
    CLAUSE_LIMIT,
    Sentence,
    as_quoted,
    candidate_sentences,
    split_sentences,
    with_context,
)
from assistant.answer.ranker import RANK_FEATURES, Ranker
from assistant.answer.verdict import Verdicts, verdict_text
from assistant.query import understand
from assistant.text.kinds import figures
from assistant.text.places import document_places
from assistant.types import Chunk, Document, Hit

GUILIN = "桂林市80周岁以上老年人每月发放高龄补贴100元。申请时需携带身份证和户口簿。咨询电话：0773-1234567。"
SHANGHAI = "上海市80周岁以上老年人每月发放高龄补贴200元。"


def ranker(keep_threshold: float) -> Ranker:
    """The scorer's order; every sentence given an even chance of holding the answer."""
    order = {k: 1.0 if k == "score_share" else 0.0 for k in RANK_FEATURES}
    return Ranker.from_json(
        {
            "order": order,
            "keep": dict.fromkeys(RANK_FEATURES, 0.0),
            "keep_bias": 0.0,
            "keep_threshold": keep_threshold,
        }
    )


def document(doc_id: str, text: str, region: str) -> tuple[Document, Chunk]:
    doc = Document(
        doc_id, f"/{doc_id}.md", doc_id, text, text, "zh-Hans", region, places=document_places(region)
    )
    return doc, Chunk(f"{doc_id}#0", doc_id, 0, 0, len(text), text, text, "zh-Hans")


def sentences(doc: Document, chunk: Chunk, scores: list[float]) -> list[Sentence]:
    out = []
    for (start, end), score in zip(split_sentences(chunk), scores, strict=True):
        sentence = Sentence(doc, chunk, start, end, 1.0, lexical=0.5, score=score)
        out.append(sentence)
    return out


def test_documents_stage_sets_another_place_aside_with_its_reason() -> None:
    query = understand("桂林的高龄补贴每月多少钱？")
    shanghai = sentences(*document("sh", SHANGHAI, "上海"), [0.9])
    guilin = sentences(*document("gl", GUILIN, "桂林"), [0.8, 0.3, 0.2])
    answering = answering_documents(query, sorted(shanghai + guilin, key=lambda s: -s.score))
    assert [d.doc_id for d in answering.documents] == ["gl"]
    assert answering.reasons[0][0] == "place" and answering.other_place_best == 0.9
    nothing = answering_documents(understand("东京的高龄补贴每月多少钱？"), shanghai)
    assert nothing.documents == [] and nothing.reason()[0] == "place"


def test_on_a_page_in_the_other_language_the_shared_words_may_sit_in_any_sentence_an_answer_may_quote() -> (
    None
):
    doc, chunk = document("gl", GUILIN, "桂林")  # a Chinese page
    best, second, third = sentences(doc, chunk, [0.9, 0.5, 0.4])
    for sentence, lexical in ((best, 0.0), (second, 0.0), (third, 0.2)):
        sentence.lexical = lexical
    thresholds = Thresholds(min_score=0.3, min_lexical=0.05, max_sentences=3)
    assert enough_evidence([best, second, third], thresholds, english=True)
    assert not enough_evidence([best, second, third], thresholds, english=False)  # same language: the best
    assert not enough_evidence([best, second, third], replace(thresholds, max_sentences=2), english=True)
    third.lexical = 0.0
    assert not enough_evidence([best, second, third], thresholds, english=True)  # no word shared anywhere
    third.lexical, best.score = 0.2, 0.2
    assert not enough_evidence([best, second, third], thresholds, english=True)  # the best scores too low
    assert not enough_evidence([], thresholds, english=True)


def test_a_question_asking_for_a_figure_needs_stronger_evidence() -> None:
    doc, chunk = document("gl", GUILIN, "桂林")
    (best, *_rest) = sentences(doc, chunk, [0.32, 0.2, 0.1])
    thresholds = Thresholds(min_score=0.30, min_score_figure=0.344, min_lexical=0.05)
    assert enough_evidence([best], thresholds, english=False)
    assert not enough_evidence([best], thresholds, english=False, figure=True)  # a near miss
    best.score = 0.36
    assert enough_evidence([best], thresholds, english=False, figure=True)


def test_choose_leads_with_the_sentence_stating_the_kind_asked() -> None:
    doc, chunk = document("gl", GUILIN, "桂林")
    scored = sentences(doc, chunk, [0.6, 0.9, 0.3])  # the documents sentence scores best
    scored.sort(key=lambda s: -s.score)
    chosen = choose(scored, [doc], "amount", None, Thresholds(), ranker=ranker(keep_threshold=0.0)).quoted
    assert "100元" in chosen[0].text and "身份证" in chosen[1].text


def test_the_answering_documents_own_sentence_stating_the_kind_leads_without_shared_words() -> None:
    """A question in one language on a page in the other shares no word with the sentence stating what it
    asks ('要幾多歲先可以參加？' / 'aged 60 or above'): of the document already answering, it leads all the
    same; of another document it needs words in common."""
    text = "Pilot Scheme on Home Care. Who can benefit: aged 60 or above. Apply at any service centre."
    doc = Document("hk", "/hk.md", "hk", text, text, "en", "香港", places=document_places("香港"))
    chunk = Chunk("hk#0", "hk", 0, 0, len(text), text, text, "en")
    scored = [
        replace(s, lexical=0.5 if "Pilot" in s.text else 0.0) for s in sentences(doc, chunk, [0.9, 0.5, 0.3])
    ]
    chosen = choose(scored, [doc], "age", None, Thresholds(), ranker=ranker(keep_threshold=0.99)).quoted
    assert "aged 60" in chosen[0].text


def test_choose_cites_what_the_ranker_does_not_keep_for_further_reading_from_a_quoted_document() -> None:
    doc, chunk = document("gl", GUILIN, "桂林")
    other, other_chunk = document("gl2", GUILIN.replace("100元", "120元"), "桂林")
    scored = sorted(
        sentences(doc, chunk, [0.9, 0.5, 0.3]) + sentences(other, other_chunk, [0.8, 0.2, 0.1]),
        key=lambda s: -s.score,
    )
    scored = [replace(s, chunk=replace(s.chunk, chunk_id=f"{s.chunk.chunk_id}.{s.start}")) for s in scored]
    strict = choose(scored, [doc, other], None, None, Thresholds(), ranker=ranker(keep_threshold=0.99))
    assert [s.score for s in strict.quoted] == [0.9]  # only the best is quoted
    # the rest of the quoted document is cited for further reading; never another document unquoted
    assert [(s.document.doc_id, s.score) for s in strict.further] == [("gl", 0.5), ("gl", 0.3)]
    loose = choose(scored, [doc, other], None, None, Thresholds(), ranker=ranker(keep_threshold=0.0))
    # the other document's evidence is not close enough (0.8 < 0.92 x 0.9): only the best one is quoted
    assert [s.score for s in loose.quoted] == [0.9, 0.5, 0.3] and loose.further == []


def test_a_lead_stating_the_kind_from_another_document_leaves_the_best_one_uncited() -> None:
    doc, chunk = document("gl", GUILIN, "桂林")
    other, other_chunk = document(
        "gl2", "桂林市老年人服务中心地址见附件。桂林市老年人可申请居家服务。", "桂林"
    )
    scored = sorted(
        sentences(doc, chunk, [0.5, 0.2, 0.1]) + sentences(other, other_chunk, [0.9, 0.3]),
        key=lambda s: -s.score,
    )
    choice = choose(scored, [doc, other], "amount", None, Thresholds(), ranker=ranker(keep_threshold=0.99))
    assert "100元" in choice.quoted[0].text and len(choice.quoted) == 1
    assert all(s.document.doc_id == "gl" for s in choice.further)  # the unquoted best (gl2) is not cited


def test_composer_quotes_cites_and_passes_its_guard() -> None:
    doc, chunk = document("gl", GUILIN, "桂林")
    query = understand("桂林的高龄补贴每月多少钱？")
    chosen = sentences(doc, chunk, [0.9, 0.1, 0.1])[:1]
    answer = compose(query, chosen, Verdicts(DocumentChunks([chunk])))
    assert answer.answered and answer.text.startswith("桂林市80周岁以上老年人每月发放高龄补贴100元。 [1]")
    assert answer.citations[0].doc_id == "gl" and "100元" in answer.citations[0].quote
    assert answer.verdict is None  # no verdict asked


TIERS = "桂林市高龄补贴按年龄发放：80周岁至89周岁的，每人每月100元；90周岁以上的，每人每月300元。申请时需携带身份证和户口簿。"


def test_a_clause_is_quoted_with_the_rest_of_its_sentence_and_read_once() -> None:
    doc, chunk = document("gl", TIERS, "桂林")
    first, second, _ = sentences(doc, chunk, [0.9, 0.8, 0.1])
    assert first.text.endswith("100元；")  # sentences are cut at semicolons: each clause is a unit
    assert TIERS[slice(*as_quoted(first))].endswith("300元。")
    assert TIERS[slice(*as_quoted(second))].startswith("桂林市高龄补贴按年龄发放")  # and the one before
    answer = compose(
        understand("桂林的高龄补贴每月多少钱？"), [first, second], Verdicts(DocumentChunks([chunk]))
    )
    assert answer.text.count("300元") == 1  # the second clause is not quoted again on its own
    long = TIERS.replace("90周岁以上的", "90周岁以上的" + "、" * CLAUSE_LIMIT)
    doc, chunk = document("gl", long, "桂林")
    first = sentences(doc, chunk, [0.9, 0.8, 0.1])[0]
    assert as_quoted(first) == (first.start, first.end)  # a sentence too long to quote whole is not


LISTED = "申请人须提交下列材料：\n\n（一）身份证；\n\n（二）户口簿；\n\n（三）近期照片2张。\n\n窗口受理后15个工作日内办结。"


def test_a_list_set_out_with_blank_lines_is_quoted_and_cited_with_its_items() -> None:
    doc, chunk = document("gl", LISTED, "桂林")
    intro = sentences(doc, chunk, [0.9] + [0.1] * (len(split_sentences(chunk)) - 1))[0]
    assert intro.text.endswith("材料：")
    assert LISTED[slice(*as_quoted(intro))].endswith("近期照片2张。")
    start, end = with_context(intro, budget=20)  # a citation holds what the answer quotes
    assert start <= intro.start and LISTED[start:end].endswith("近期照片2张。")
    item = next(s for s in sentences(doc, chunk, [0.1] * len(split_sentences(chunk))) if "照片" in s.text)
    assert as_quoted(item) == as_quoted(intro)  # an item is quoted with the sentence introducing its list
    answer = compose(understand("要带什么材料？"), [intro], Verdicts(DocumentChunks([chunk])))
    assert "户口簿" in answer.text and "2张" in answer.text and "\n\n（" not in answer.text


def test_a_line_of_site_navigation_is_no_candidate_to_quote() -> None:
    page = (
        "Home > Services > Elderly > Senior Card\nDepartment | Government | Brand\n"
        "The card is free. If income > 100 and assets > 200, apply again.\n"
    )
    doc, chunk = document("hk", page, "香港")
    texts = [s.text for s in candidate_sentences([Hit(chunk, doc, 1.0, 1)])]
    assert texts == ["The card is free.", "If income > 100 and assets > 200, apply again."]


def test_a_question_whether_one_pays_leads_with_the_sentence_on_the_charge() -> None:
    card = "长者卡由社会福利署签发，凭卡可享受优惠。首次申请长者卡不收取任何费用。遗失补领须另行申请。"
    doc, chunk = document("hk", card, "香港")
    scored = sentences(doc, chunk, [0.9, 0.5, 0.4])
    query = understand("申请长者卡要不要交钱？")
    assert query.kind == "fee"
    chosen = choose(scored, [doc], query.kind, query.role, Thresholds(), ranker=ranker(keep_threshold=0.99))
    assert chosen.quoted[0].text.startswith("首次申请")


def test_composer_names_the_newer_of_two_dated_documents_as_the_one_to_follow() -> None:
    old, old_chunk = document("gl-2019", GUILIN, "桂林")
    new, new_chunk = document("gl-2024", GUILIN.replace("100元", "120元"), "桂林")
    old, new = replace(old, published="2019-05-01"), replace(new, published="2024-03-01")
    chosen = [
        *sentences(old, old_chunk, [0.9, 0.1, 0.1])[:1],
        *sentences(new, new_chunk, [0.8, 0.1, 0.1])[:1],
    ]
    answer = compose(
        understand("桂林的高龄补贴每月多少钱？"), chosen, Verdicts(DocumentChunks([old_chunk, new_chunk]))
    )
    assert answer.text.startswith("这些资料发布时间不同，以较新的资料（2024-03-01）为准。")
    assert {c.published for c in answer.citations} == {"2019-05-01", "2024-03-01"}
    # pages on other things do not compete: no note on which to follow
    other = replace(new, title="桂林市老年人乘车优惠办法")
    chosen[1] = replace(chosen[1], document=other)
    plain = compose(
        understand("桂林的高龄补贴每月多少钱？"), chosen, Verdicts(DocumentChunks([old_chunk, new_chunk]))
    )
    assert "发布时间不同" not in plain.text, plain.text


def test_verdict_stage_reads_the_rule_against_the_stated_age() -> None:
    doc, chunk = document("gl", GUILIN, "桂林")
    for question, expected in (
        ("我爸85岁，住在桂林，可以领高龄补贴吗？", "yes"),
        ("我爸75岁，住在桂林，可以领高龄补贴吗？", "no"),
    ):
        query = understand(question)
        answer = compose(query, sentences(doc, chunk, [0.9, 0.1, 0.1])[:1], Verdicts(DocumentChunks([chunk])))
        assert answer.verdict == expected, answer.text
        assert any(f.kind == "age" and f.citation == 1 for f in answer.eligibility)
    assert (
        verdict_text("depends", ("age", "means"), "en", "")
        == "It depends: please tell me the age, income and savings."
    )


def test_abstention_says_why_in_the_askers_script() -> None:
    answer = abstain(understand("Which stocks should I buy?"), ("off topic", ""), [])
    assert not answer.answered and answer.abstain_reason == "off topic" and "elder-care" in answer.text
    tokyo = understand("東京的長者有什麼津貼？")
    answer = abstain(tokyo, ("place", ", ".join(tokyo.places)), [])
    assert "東京" in answer.text and answer.lang == "zh-Hant" and answer.abstain_reason.startswith("place: ")


def test_the_verdict_stage_brings_in_the_age_rule_when_the_quoted_sentence_has_none() -> None:
    text = "高龄补贴按月发放到本人账户。年满80周岁的老年人可以申请高龄补贴。"
    doc, chunk = document("gl", text, "桂林")
    how, rule = sentences(doc, chunk, [0.9, 0.5])
    verdicts = Verdicts(DocumentChunks([chunk]))
    told = understand("我爸75岁，住在桂林，可以领高龄补贴吗？").profile
    assert verdicts.deciding(told, [how], [how, rule]) == [rule]
    assert verdicts.deciding(understand("桂林的高龄补贴怎么领？").profile, [how], [how, rule]) == []


def test_a_whole_answering_document_is_read_for_the_day_its_rules_take_effect() -> None:
    from assistant.text.kinds import states_start

    text = "第一条 为了保障老年人权益，制定本条例。第二条 本条例适用于本市。第三十条 本条例自2016年5月1日起施行。"
    doc, chunk = document("sh", text, "上海")
    found = DocumentChunks([chunk]).first_sentence(doc, states_start)
    assert found is not None and found.text == "第三十条 本条例自2016年5月1日起施行。"
    assert DocumentChunks([chunk]).first_sentence(doc, lambda t: "罚款" in t) is None


def test_in_what_year_or_on_which_day_a_rule_took_effect_asks_its_start() -> None:
    from assistant.text.kinds import asks_start

    assert asks_start("这部条例从哪一年起实施？")
    assert asks_start("本办法是从哪一天起生效的？")
    assert asks_start("When did the rules take effect?")
    assert not asks_start("长寿金从哪年起发放？")  # when a benefit began, not a rule's start
    assert not asks_start("这部条例是哪一年通过的？")  # adopted, not in force


def test_a_yes_from_the_quote_waits_on_the_conditions_its_card_still_needs() -> None:
    from assistant.cards.model import Card, Cite, Criterion

    text = "年满80周岁的老年人可以申请高龄补贴。家庭人均月收入低于3000元的，方可申领。"
    doc, chunk = document("gl", text, "桂林")
    rule, means = split_sentences(chunk)
    age = Criterion("age", ">=", 80, Cite(chunk.chunk_id, text[slice(*rule)], *rule))
    income = Criterion("income", "<", 3000, Cite(chunk.chunk_id, text[slice(*means)], *means), "CNY", "month")
    card = Card("gl#1", "gl", "高龄补贴", "cash", conditions=(age, income))
    chosen = sentences(doc, chunk, [0.9, 0.1])[:1]  # only the age rule is quoted
    question = "我爸85岁，住在桂林，可以领高龄补贴吗？"
    without = compose(understand(question), chosen, Verdicts(DocumentChunks([chunk])))
    assert without.verdict == "yes"
    with_cards = compose(understand(question), chosen, Verdicts(DocumentChunks([chunk]), lambda _: [card]))
    assert with_cards.verdict == "depends" and "income" in with_cards.missing, with_cards.text
    # income told and under the limit: the card is met, and the answer says yes
    told = compose(
        understand("我爸85岁，住在桂林，每月收入2000元，可以领高龄补贴吗？"),
        chosen,
        Verdicts(DocumentChunks([chunk]), lambda _: [card]),
    )
    assert told.verdict == "yes", told.text
    # a card that fails where the quote says yes (a misread alternative) does not overrule the quote
    older = Card("gl#2", "gl", "高龄补贴", "cash", conditions=(replace(age, value=90), income))
    kept = compose(understand(question), chosen, Verdicts(DocumentChunks([chunk]), lambda _: [older]))
    assert kept.verdict == "yes"


def test_a_rules_machinery_and_its_own_start_lead_only_when_asked() -> None:
    """A statute's penalty, repeal or own start scoring best leads only a question about it."""
    text = "违反本办法的，由民政部门责令改正，处一千元罚款。本办法自2020年1月1日起施行。居家老年人可以申请助餐服务。"
    doc, chunk = document("rule", text, "桂林")
    scored = sentences(doc, chunk, [0.9, 0.8, 0.5])
    plain = choose(
        scored, [doc], None, None, Thresholds(), ranker=ranker(keep_threshold=0.99), asks_machinery=False
    )
    assert plain.quoted[0].text.startswith("居家老年人"), plain.quoted[0].text
    asked = choose(
        scored, [doc], None, None, Thresholds(), ranker=ranker(keep_threshold=0.99), asks_machinery=True
    )
    assert asked.quoted[0].text.startswith("违反"), asked.quoted[0].text
    start = choose(
        scored,
        [doc],
        None,
        None,
        Thresholds(),
        asks_start=True,
        ranker=ranker(keep_threshold=0.99),
        asks_machinery=False,
    )
    assert start.quoted[0].text.startswith("本办法自"), start.quoted[0].text
    assert understand("违反了这个规定会怎么处罚？").asks_machinery
    assert not understand("桂林老人可以申请助餐吗？").asks_machinery


def test_a_statutes_enactment_line_and_purpose_lead_no_question_on_something_else() -> None:
    """'…会议通过' and '为了…，制定本条例' say when and why a rule was made: they answer only that."""
    text = "2019年3月1日 某市人民代表大会常务委员会第九次会议通过\n第一条 为了保障老年人权益，制定本条例。第二条 独居老年人可以申请上门探访服务。"
    doc, chunk = document("rule", text, "桂林")
    scored = sentences(doc, chunk, [0.9, 0.8, 0.5])
    plain = choose(
        scored, [doc], None, None, Thresholds(), ranker=ranker(keep_threshold=0.99), asks_machinery=False
    )
    assert plain.quoted[0].text.startswith("第二条"), plain.quoted[0].text
    dated = choose(
        scored, [doc], "date", None, Thresholds(), ranker=ranker(keep_threshold=0.99), asks_machinery=False
    )
    assert "会议通过" in dated.quoted[0].text, dated.quoted[0].text
    assert understand("这个条例的目的是什么？").asks_machinery


def test_a_list_introduced_by_the_best_sentence_that_states_the_count_asked_keeps_it_leading() -> None:
    """'…规定如下：' whose items state the count asked for answers, quoted with its list; the item of another
    list that states a count does not take the lead from it."""
    text = (
        "甲型机构配置人员，规定如下：\n一、护理人员：每照顾十二人者，应置一人。\n二、社工人员：每照顾八十人者，应置一人。\n"
        "乙型机构配置人员，规定如下：\n一、护理人员：每照顾二十人者，应置一人。"
    )
    doc, chunk = document("tw", text, "台湾")
    scored = sorted(sentences(doc, chunk, [0.9, 0.2, 0.3, 0.5, 0.8]), key=lambda s: -s.score)
    other_item = next(s for s in scored if "二十人" in s.text)
    scored = [s for s in scored if "十二人" not in s.text]  # its own items were not retrieved
    query = understand("甲型机构护理人员每照顾几个人要配一个？")
    assert query.kind == "count" and query.role == "per"
    chosen = choose(scored, [doc], query.kind, query.role, Thresholds(), ranker=ranker(0.99)).quoted
    shown = doc.text[slice(*as_quoted(chosen[0]))]  # the lead as quoted: the first list, whole
    assert shown.startswith("甲型机构") and "十二人" in shown and "二十人" not in shown
    assert other_item not in chosen


def test_a_sentence_two_articles_repeat_is_quoted_once() -> None:
    text = "第一条 护理人员应当持证上岗。\n第二条 每十人配置一名护理员。\n第三条 护理人员应当持证上岗。"
    doc, chunk = document("rules", text, "台湾")
    scored = sentences(doc, chunk, [0.9, 0.5, 0.8])
    scored = [replace(s, chunk=replace(s.chunk, chunk_id=f"{s.chunk.chunk_id}.{s.start}")) for s in scored]
    scored.sort(key=lambda s: -s.score)
    quoted = choose(scored, [doc], None, None, Thresholds(), ranker=ranker(keep_threshold=0.0)).quoted
    texts = [s.text.split(" ", 1)[-1] for s in quoted]
    assert texts == ["护理人员应当持证上岗。", "每十人配置一名护理员。"]


def test_a_page_naming_the_benefit_asked_answers_over_pages_that_cannot_be_checked_for_it() -> None:
    query = understand("How much does the Carer Respite Grant pay each month?")
    other, other_chunk = document("allowance", "申请获批后，每月发放援助金澳门币一百元。", "澳门")
    grant_text = "The Carer Respite Grant gives $300 each month to families."
    grant = Document("grant", "/grant.md", "Carer Respite Grant", grant_text, grant_text, "en", "Singapore")
    grant_chunk = Chunk("grant#0", "grant", 0, 0, len(grant_text), grant_text, grant_text, "en")
    scored = sentences(other, other_chunk, [0.9]) + sentences(grant, grant_chunk, [0.7])
    assert [d.doc_id for d in answering_documents(query, scored).documents] == ["grant"]
    # with no page naming it, a page that cannot be checked still may answer
    assert [d.doc_id for d in answering_documents(query, scored[:1]).documents] == ["allowance"]


def test_is_it_free_met_by_a_quote_saying_free_is_answered_in_its_terms() -> None:
    text = "社区卫生服务机构应当为居住在家的老年人提供定期免费体检服务。"
    doc, chunk = document("bj", text, "北京")
    chosen = sentences(doc, chunk, [0.9])
    free = compose(understand("北京的老人在家住，体检免费吗？"), chosen, Verdicts(DocumentChunks([chunk])))
    assert free.verdict == "yes" and free.text.startswith("按您说的情况，可以免费"), free.text


def test_a_figure_asked_is_decided_by_the_age_of_the_clause_that_gives_it() -> None:
    text = "全市80岁以上老年人纳入政府购买服务范围;95岁以上老人享受每月8小时的上门助洁服务。"
    doc, chunk = document("gl", text, "桂林")
    chosen = sentences(doc, chunk, [0.9, 0.1])[:1]  # the 80+ clause quoted; the 95+ one beside it

    def decided(question: str) -> str | None:
        return compose(understand(question), chosen, Verdicts(DocumentChunks([chunk]))).verdict

    assert decided("外婆87岁住在桂林，每月可以有8小时上门助洁吗？") == "no"
    assert decided("外婆96岁住在桂林，每月可以有8小时上门助洁吗？") == "yes"
    assert decided("Grandma is 87 and lives in Guilin. Can she get 8 hours of cleaning help a month?") == "no"
    # no figure asked: the quoted rule's own age decides
    assert decided("外婆87岁住在桂林，可以享受政府购买服务吗？") == "yes"


def test_living_there_met_by_a_rule_that_grants_nothing_gives_no_verdict() -> None:
    text = (
        "Where ill health may prevent the trip to Hong Kong, a doctor's note is needed. "
        "Papers proving the applicant resides in Guangdong are sent with the form."
    )
    doc, chunk = document("gd", text, "Hong Kong (recipients residing in Guangdong)")
    doc, chunk = replace(doc, language="en"), replace(chunk, language="en")
    chosen = sentences(doc, chunk, [0.9, 0.8])
    question = "My aunt lives in Guangdong and is not a permanent resident. Can she apply for the scheme?"
    assert compose(understand(question), chosen, Verdicts(DocumentChunks([chunk]))).verdict is None


def test_a_citys_rule_asked_by_someone_said_to_live_in_its_province_gives_no_yes() -> None:
    text = "具有本市户籍的65周岁以上老年人乘坐公共汽车免费。"
    doc, chunk = document("gz", text, "广州")
    chosen = sentences(doc, chunk, [0.9])

    def decided(question: str) -> str | None:
        return compose(understand(question), chosen, Verdicts(DocumentChunks([chunk]))).verdict

    assert decided("外公是广州户籍，住在广州，71岁，坐公共汽车免费吗？") == "yes"
    assert decided("外公住在广东，71岁，坐公共汽车免费吗？") is None  # which city is not said
    assert decided("外公住在北京，71岁，坐公共汽车免费吗？") == "no"  # another place altogether


def test_how_long_it_takes_to_get_something_is_led_by_its_processing_time() -> None:
    from assistant.text.kinds import asks_processing

    assert asks_processing("敬老卡申请后多久能批下来？")
    assert asks_processing("How long does it take to receive the card after applying?")
    assert not asks_processing("这张卡的有效期多久？")
    text = "优待卡有效期为3年，期满前一个月内办理续期。申请材料齐全的，受理后10个工作日内完成制卡。"
    doc, chunk = document("card", text, "广州")
    scored = sentences(doc, chunk, [0.9, 0.5])
    query = understand("优待卡申请后几天能拿到？")
    choice = choose(scored, [doc], query.kind, query.role, Thresholds(), ranker=ranker(keep_threshold=0.99))
    assert choice.quoted[0].text.startswith("申请材料齐全"), choice.quoted[0].text
    valid = understand("优待卡的有效期是多久？")
    kept = choose(scored, [doc], valid.kind, valid.role, Thresholds(), ranker=ranker(keep_threshold=0.99))
    assert kept.quoted[0].text.startswith("优待卡有效期")


def test_what_services_is_answered_by_the_list_of_services_not_a_principle_above_it() -> None:
    from assistant.text.kinds import asks_services

    assert asks_services("住在深圳的老人可以享受哪些上门服务？")
    assert asks_services("What kinds of help are there for carers?")
    assert not asks_services("上门服务每小时多少钱？")
    text = (
        "第二条 居家照护应当以老年人的需求为导向，坚持就近便利的原则。\n"
        "社区照护服务主要包括以下内容：\n\n（一）为老年人提供助餐服务；\n\n（二）为独居老年人提供探访服务。"
    )
    doc, chunk = document("care", text, "北京")
    scored = sentences(doc, chunk, [0.9, 0.5, 0.3, 0.2])
    plain = choose(scored, [doc], None, None, Thresholds(), ranker=ranker(keep_threshold=0.99))
    assert plain.quoted[0].text.startswith("第二条")
    asked = choose(
        scored, [doc], None, None, Thresholds(), ranker=ranker(keep_threshold=0.99), asks_services=True
    )
    assert asked.quoted[0].text.startswith("社区照护服务主要包括"), asked.quoted[0].text


def test_where_to_send_it_by_post_is_answered_by_the_postal_address() -> None:
    from assistant.text.kinds import asks_post, states_post

    assert asks_post("申请表格要邮寄到哪里？") and asks_post("Where should I mail the form?")
    assert states_post("Send it by post to P.O. Box 88.") and not states_post("Apply at any district office.")
    text = "Apply in person at any district office of the bureau. The form may also be sent by post to P.O. Box 88."
    doc, chunk = document("mo", text, "澳门")
    doc, chunk = replace(doc, language="en"), replace(chunk, language="en")
    scored = sentences(doc, chunk, [0.9, 0.3])
    query = understand("Where do I post the application form?")
    assert (query.kind, query.role) == ("where", "post")
    choice = choose(scored, [doc], query.kind, query.role, Thresholds(), ranker=ranker(keep_threshold=0.99))
    assert "P.O. Box 88" in choice.quoted[0].text, choice.quoted[0].text


def test_a_requirement_the_person_is_said_not_to_meet_says_no_whatever_tier_is_met() -> None:
    text = "65周岁以上且符合本市特困供养条件的老年人，乘坐渡轮时，船票予以全免。"
    doc, chunk = document("gz", text, "广州")
    chosen = sentences(doc, chunk, [0.9])

    def decided(question: str) -> str | None:
        return compose(understand(question), chosen, Verdicts(DocumentChunks([chunk]))).verdict

    assert decided("外公72岁，广州户籍，符合特困供养条件，坐渡轮免费吗？") == "yes"
    assert decided("外公72岁，广州户籍，不符合特困供养条件，坐渡轮免费吗？") == "no"


def test_when_a_figure_named_came_to_be_is_answered_by_the_sentence_giving_it() -> None:
    text = "自2019年1月1日起，违反规定者不予发给。自2017年1月1日起，津贴调整为每月3000元。"
    doc, chunk = document("tw", text, "台湾")
    scored = sentences(doc, chunk, [0.9, 0.5])
    query = understand("津贴从哪一年开始是每月3000元？")
    plain = choose(scored, [doc], query.kind, query.role, Thresholds(), ranker=ranker(keep_threshold=0.99))
    assert plain.quoted[0].text.startswith("自2019年")  # without the figure: the best-scored year
    named = choose(
        scored,
        [doc],
        query.kind,
        query.role,
        Thresholds(),
        ranker=ranker(keep_threshold=0.99),
        named=frozenset(figures(query.text)),
    )
    assert named.quoted[0].text.startswith("自2017年"), named.quoted[0].text


def test_how_often_leads_with_so_many_times_a_period_over_a_length_of_time() -> None:
    text = (
        "暂停发放后补办认证的，可补发暂停期间24个月内的待遇。"
        "领取待遇的人员应当每年至少进行一次资格认证。"
        "认证可以在手机上办理。"
    )
    doc, chunk = document("rz", text, "广州")
    scored = sentences(doc, chunk, [0.9, 0.6, 0.3])  # the length of time scores best
    query = understand("养老金资格认证多久做一次？")
    assert (query.kind, query.role) == ("duration", "often")
    chosen = choose(scored, [doc], query.kind, query.role, Thresholds(), ranker=ranker(0.99)).quoted
    assert "每年至少进行一次" in chosen[0].text, [c.text for c in chosen]
    # with no frequency stated, a length of time still answers
    rest = [s for s in scored if "每年" not in s.text]
    chosen = choose(rest, [doc], query.kind, query.role, Thresholds(), ranker=ranker(0.99)).quoted
    assert "24个月" in chosen[0].text


def test_an_english_question_word_meets_a_longer_word_it_opens() -> None:
    from assistant.answer.evidence import PARTIAL_CREDIT, _credit
    from assistant.text.segment import latin_words

    plain = "• replacement application: a replacement fee of $25"
    words = latin_words(plain)
    assert _credit("replace", words, plain) == PARTIAL_CREDIT  # 'replace' opens 'replacement'
    assert _credit("application", words, plain) == 1.0
    assert _credit("elder", latin_words("elderly farmers"), "elderly farmers") == 0.0  # too short to tell
    assert _credit("placement", words, plain) == 0.0  # inside a word, not opening it
    assert _credit("cost", words, plain) == 0.0


def test_the_year_something_began_leads_with_the_sentence_saying_it_began() -> None:
    text = (
        "本市在2020年进入中度老龄化社会，老年人口持续增加。"
        "为减轻家庭照顾负担，本市于2016年推出社区助餐服务计划。"
        "计划由各区民政部门负责落实。"
    )
    doc, chunk = document("zc", text, "广州")
    scored = sentences(doc, chunk, [0.9, 0.6, 0.3])  # the other year scores best
    query = understand("社区助餐服务计划最早在哪年推出？")
    assert (query.kind, query.role) == ("year", "began")
    chosen = choose(scored, [doc], query.kind, query.role, Thresholds(), ranker=ranker(0.99)).quoted
    assert "2016年推出" in chosen[0].text, [c.text for c in chosen]
    # no sentence saying it began: the best-scored year still answers
    rest = [s for s in scored if "推出" not in s.text]
    chosen = choose(rest, [doc], query.kind, query.role, Thresholds(), ranker=ranker(0.99)).quoted
    assert "2020年" in chosen[0].text
