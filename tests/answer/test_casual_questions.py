"""Casual questions a user asks (issue 12), each in simplified, traditional and English, on the real index."""

from __future__ import annotations

import pytest

from assistant.answer.ask import Assistant
from assistant.text.script import detect_script
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(retriever) -> Assistant:
    return Assistant(retriever)


def in_script(answer, lang: str) -> None:
    assert answer.lang == lang
    if lang != "en":
        # the answer's own words are in the asker's script (quotes of English pages stay English)
        own = answer.text.split("\n")[0]
        assert detect_script(own) in (lang, "en"), own


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("上海80岁老人每个月能领多少高龄津贴？", "zh-Hans"),
        ("上海80歲老人每個月能領多少高齡津貼？", "zh-Hant"),
        ("How much old-age allowance does an 80-year-old in Shanghai get each month?", "en"),
    ],
)
def test_shanghai_amount_finds_the_shanghai_regulation_and_says_no_amount(
    assistant, retriever, question, lang
):
    hits = retriever.search(question, k=5)
    assert "sh-elderly-rights-regulation" in [h.document.doc_id for h in hits]
    answer = assistant.ask(question)
    in_script(answer, lang)
    if lang != "en":
        assert "Shanghai" not in answer.text  # never '现有资料没有涉及Shanghai'
    if not answer.answered:
        # we do cover Shanghai: never 'they do not cover Shanghai' ('place'); 'the documents on Shanghai
        # do not answer this' ('place_weak') says we hold them
        assert answer.abstain_reason.split(":")[0] != "place", answer.text


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("云浮养老服务热线电话是多少？", "zh-Hans"),
        ("雲浮養老服務熱線電話是多少？", "zh-Hant"),
        ("What is the phone number for elderly services in Yunfu?", "en"),
    ],
)
def test_yunfu_phone_is_12349(assistant, question, lang):
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    in_script(answer, lang)
    assert "12349" in answer.text
    assert any(c.doc_id == SEEDS["003"] for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("我爸85岁住在澳门，有什么津贴可以领？", "zh-Hans"),
        ("我阿爸85歲住喺澳門，有咩津貼可以攞？", "zh-Hant"),
        ("My dad is 85 and lives in Macau. What allowance can he get?", "en"),
    ],
)
def test_macao_question_is_answered_from_the_macao_document(assistant, question, lang):
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    in_script(answer, lang)
    assert answer.citations and all(c.doc_id == "mo-senior-citizens-subsidy-en" for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "lang", "london"),
    [
        ("我66岁，在伦敦能免费坐公交吗？", "zh-Hans", "伦敦"),
        ("我66歲，在倫敦可以免費搭巴士嗎？", "zh-Hant", "倫敦"),
        ("Can I get a free bus pass in London at 66?", "en", "London"),
    ],
)
def test_a_foreign_city_abstains_naming_it_and_what_we_cover(assistant, question, lang, london):
    answer = assistant.ask(question)
    assert not answer.answered and answer.abstain_reason.startswith("place")
    in_script(answer, lang)
    assert london in answer.text
    covered = {"en": "Guangzhou", "zh-Hans": "广州", "zh-Hant": "廣州"}[lang]
    assert covered in answer.text  # the places we do have for bus passes
    assert not answer.citations or all("Guangzhou" not in c.title for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("北京市居家养老服务条例什么时候开始施行的？", "zh-Hans"),
        ("北京市居家養老服務條例什麼時候開始施行的？", "zh-Hant"),
        # English: the article that says 施行 ranks 26th for the English question, beyond the 15 passages
        # the answer weighs; the answer quotes the adoption date (issue 12 note, left open).
    ],
)
def test_when_a_regulation_starts_is_its_effective_date(assistant, question, lang):
    answer = assistant.ask(question)
    assert answer.answered
    in_script(answer, lang)
    first = answer.text.split("\n")[0]
    assert "2015年5月1日" in first, answer.text  # the date it took effect leads, not the day it was adopted


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("我父亲92岁，住在桂林，可以得到什么居家服务？", "zh-Hans"),
        ("我父親92歲，住在桂林，可以得到什麼居家服務？", "zh-Hant"),
        ("My father is 92 and lives in Guilin, what home care can he get?", "en"),
    ],
)
def test_guilin_92_leads_with_the_6_hours(assistant, question, lang):
    answer = assistant.ask(question)
    assert answer.answered
    in_script(answer, lang)
    lead = [line for line in answer.text.split("\n") if line.endswith("]")]
    assert "6" in lead[0] or "6" in lead[1], answer.text  # the eligibility line, then the 6 hours
    assert any("6小時" in c.quote for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("香港长者住院舍券要等多久才能拿到？", "zh-Hans"),
        ("香港長者住院舍券要等幾耐先攞到？", "zh-Hant"),
        ("How long does it take to get a residential care voucher for the elderly in Hong Kong?", "en"),
    ],
)
def test_how_long_for_a_voucher_we_do_not_hold_never_fails(assistant, question, lang):
    """It raised KeyError 'duration' (HTTP 500). We hold no document on the voucher: the English question
    abstains; the Chinese ones are answered from the Senior Citizen Card page, because a Chinese benefit
    name is not looked for in an English page (issue 12 note, left open)."""
    answer = assistant.ask(question)
    in_script(answer, lang)
    if lang == "en":
        assert not answer.answered, answer.text


def test_english_place_finds_the_chinese_document_and_the_reverse(retriever):
    english = retriever.search("home care services for the elderly in Guilin", k=3)
    assert english[0].document.doc_id == SEEDS["004"]
    chinese = retriever.search("澳门敬老金申请条件", k=3)
    assert chinese[0].document.doc_id == "mo-senior-citizens-subsidy-en"


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("在云浮申请居家养老服务要带哪些材料？", "zh-Hans"),
        ("雲浮申請居家養老服務要帶哪些材料？", "zh-Hant"),
    ],
)
def test_papers_asked_of_a_page_naming_none_abstains(assistant, question, lang):
    # The Yunfu page cites policy papers ('…等文件') but names none to bring, nor does any page of the
    # place; another scheme's list of papers is not the answer either.
    answer = assistant.ask(question)
    assert not answer.answered, answer.text
    assert answer.abstain_reason == "kind: documents"
    in_script(answer, lang)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("澳门敬老金申请要带什么证件？", "zh-Hans"),
        ("澳門敬老金申請要帶甚麼證件？", "zh-Hant"),
        ("Which papers do I bring to apply for the Macao senior citizens subsidy?", "en"),
    ],
)
def test_papers_asked_of_a_page_listing_them_are_listed(assistant, question, lang):
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    assert "Identity Card" in answer.text.split("[1]")[0] or "application form" in answer.text.split("[1]")[0]


def test_the_checklist_quotes_the_rule_in_the_askers_script(assistant):
    # The Guilin page is in traditional characters: the rule a simplified asker is checked against reads
    # '80岁以上', as the statements quoted below it do; the Guangzhou rules are simplified ('满60周岁'),
    # read in traditional characters by a traditional asker.
    for question, foreign in (
        ("我妈妈78岁住在桂林，能享受什么居家养老服务？", "歲"),
        ("我爸爸64歲，住廣州，坐巴士有冇優惠？", "满"),
    ):
        answer = assistant.ask(question)
        assert answer.answered, answer.text
        checked = [line for line in answer.text.split("\n") if "符合“" in line]
        assert checked, answer.text
        for line in checked:
            assert foreign not in line, line


@pytest.mark.parametrize(
    ("question", "mine", "other"),
    [
        ("My dad is 80 and lives in Taiwan, what can he get?", "Elderly Farmers", "老年農民"),
        ("我爸爸80岁，住在台湾，有什么补助？", "老年农民福利津贴", "Elderly Farmers"),
    ],
)
def test_a_benefit_two_documents_state_is_listed_once_in_the_askers_language(
    assistant, question, mine, other
):
    # The farmers' allowance act is held in Chinese and in English: one benefit, one line.
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    assert answer.text.count(mine) == 1 and other not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("北京嘅養老助殘卡點樣申請？", "養老助殘卡"),
        ("桂林長壽金每個月發幾多？", "長壽金"),  # an allowance named '…金' is a benefit's name too
    ],
)
def test_a_benefit_we_hold_no_page_on_is_named_back_in_the_askers_script(assistant, question, named):
    answer = assistant.ask(question)
    assert not answer.answered and answer.abstain_reason.startswith("benefit"), answer.text
    assert f"“{named}”" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("我有广州优待卡，去佛山玩可以用吗？", "佛山"),
        ("Does my Guangzhou concession card work in Foshan?", "Foshan"),
        (
            "香港嘅醫療券拎去深圳睇醫生用唔用得？",
            "深圳",
        ),  # the voucher's page is English; a Guangdong page misses it
    ],
)
def test_a_card_we_hold_asked_of_a_city_we_do_not_is_refused_for_the_city(assistant, question, city):
    # (a benefit a page about the asked place lacks stays the reason: see the test below)
    # Guangzhou's pages hold the card and miss the city; a Guangdong-wide page holds the city and
    # misses the card: the card is not what we lack.
    answer = assistant.ask(question)
    assert not answer.answered and answer.abstain_reason.startswith("place"), answer.text
    assert city in answer.text and "“" not in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "My mum is 68 and lives in Shanghai; does she get cheaper park tickets?",
        "我妈68岁，住在上海，买公园门票便宜吗？",
    ],
)
def test_an_age_another_places_rule_fits_does_not_make_the_asked_places_rule_a_near_miss(assistant, question):
    # Guangzhou's park rule states ages a 68-year-old meets, Shanghai's states none: what the age adds
    # is no evidence of which place's page answers better.
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    assert (
        answer.citations[0].doc_id == "sh-elderly-rights-regulation" and "公园" in answer.citations[0].quote
    )


@pytest.mark.parametrize("question", ["香港嘅中央輪候冊要點登記？", "香港中央轮候册怎么登记？"])
def test_the_central_waiting_list_asked_in_chinese_is_the_english_pages_not_another_schemes(
    assistant, question
):
    # '中央輪候冊' is a name the glossary gives in English: the Guangdong Scheme's application page,
    # which never names it, does not answer for it.
    answer = assistant.ask(question)
    assert answer.answered and answer.citations[0].doc_id == "hk-scnames-cwl-en", answer.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("我外公1947年出世，1982年入咗新加坡籍，佢係唔係建國一代？", "，是。"),
        ("我舅舅1953年生，係新加坡人，他是建国一代吗？", "不是"),
    ],
)
def test_whether_a_person_told_of_is_something_asks_a_verdict(assistant, question, said):
    # '…是建国一代吗？' of a person whose birth year is told: the rule's dates decide it, and the answer
    # echoes the question's verb.
    answer = assistant.ask(question)
    assert answer.answered and said in answer.text.split("\n")[0], answer.text
    assert answer.verdict == ("yes" if said == "，是。" else "no"), answer.text


def test_an_english_name_a_chinese_page_holds_by_its_glossary_name_is_found_as_the_document_check_finds_it(
    assistant,
):
    # The place is asked, so 'concession card' is the Guangzhou page's 优待卡 both when the page is
    # chosen and when its sentences are read for the age asked: no 'the age is not stated'.
    answer = assistant.ask("At what age does someone qualify for Guangzhou's concession card?")
    assert answer.answered, answer.text


def test_an_age_asked_of_a_page_that_states_none_is_not_answered(assistant):
    # The Guangdong Scheme's application page lists papers and a postal address, and no age.
    answer = assistant.ask("From what age can someone join the Guangdong Scheme?")
    assert not answer.answered and answer.abstain_reason == "kind: age", answer.text
    answered = assistant.ask("From what age can someone get Hong Kong's Senior Citizen Card?")
    assert answered.answered and "65" in answered.text.split("\n")[0], answered.text


def test_a_word_only_one_pages_title_uses_makes_a_short_question_ours(assistant):
    # Far from every passage by both cosines, but 'Pioneer' is the Pioneer Generation Package's word.
    answer = assistant.ask("Was my uncle, born 1952, a Pioneer?")
    assert answer.abstain_reason != "off topic", answer.text
    assert answer.answered and answer.citations[0].doc_id == "sg-pioneer-generation-en", answer.text


def test_a_benefit_the_asked_places_page_lacks_is_the_reason_though_another_place_holds_a_like_name(
    assistant,
):
    # A Taiwan page's '…生活津貼' is like the name asked; Hong Kong's own pages lack it: Hong Kong is
    # covered, the allowance is not.
    answer = assistant.ask("香港的长者生活补贴怎么申请？")
    assert not answer.answered and answer.abstain_reason.startswith("benefit"), answer.text
    assert "“长者生活补贴”" in answer.text, answer.text


@pytest.mark.parametrize("question", ["云浮有没有日间照料中心？", "雲浮有冇日間照料中心？"])
def test_a_short_everyday_question_on_a_place_we_hold_is_not_off_topic(assistant, question):
    # Far from every passage by USE's raw cosine, close by e5's: a question for us, not a refusal of topic.
    answer = assistant.ask(question)
    assert answer.abstain_reason != "off topic", answer.text
    assert answer.answered and any("日间照料" in c.quote or "日間照料" in c.quote for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # '年滿七十歲者，由中央主管機關全額補助': fully subsidised is nothing to pay, the age and the
        # subsidy in two clauses of one tier
        ("我阿嫲住台灣，佢70歲，係中低收入，健保費使唔使自己俾？", "不用付費"),
        ("我媽62歲住廣州，去公園使唔使買飛？", "要付費，但有優惠"),  # 60-64: half price
        (
            "我爸58岁住广州，去公园使唔使买票？",
            "要付费（您说的年龄不在免费或优惠的范围内）",
        ),  # no tier: full price
        ("My aunt is 57 and lives in Guangzhou. Is the park free for her?", "no, it is not free"),
    ],
)
def test_whether_one_pays_is_answered_by_the_tier_the_age_meets(assistant, question, said):
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    assert said in answer.text.split("\n")[0], answer.text


def test_a_benefit_named_after_a_possessive_is_looked_for_and_never_given_a_yes_from_another_scheme(
    assistant,
):
    # 'his health care vouchers' names a benefit as 'the … vouchers' does: a page on another scheme of the
    # place asked (the Guangdong Scheme, for Zhuhai) does not answer it, let alone with a 'yes'. The
    # vouchers' own page is Hong Kong's: what we lack is Zhuhai, not the vouchers.
    answer = assistant.ask("Can my father spend his health care vouchers at a clinic in Zhuhai?")
    assert answer.verdict != "yes", answer.text
    assert not answer.answered and answer.abstain_reason.startswith("place"), answer.text
    assert "Zhuhai" in answer.text and "“" not in answer.text, answer.text


def test_children_asking_the_elder_for_money_is_no_charge_to_pay(assistant):
    # '子女要钱' is the children asking for money, not 'does it cost money?': the rule that the elder may
    # refuse answers it, with a 'yes'.
    answer = assistant.ask("上海老人可以拒绝子女要钱吗？")
    assert answer.verdict == "yes", answer.text
    assert "有权拒绝" in answer.text.split("[1]")[0], answer.text


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("广州老年人优待证在哪里申领？", "zh-Hans"),
        ("廣州老年人優待證去邊度申請？", "zh-Hant"),
        ("Where do Guangzhou elders apply for the concession card?", "en"),
    ],
)
def test_where_to_apply_leads_with_the_office(assistant, question, lang):
    # 'where' leads with a sentence naming the service centre, not the card's two-year validity; an
    # English name of the card is found on the Chinese page by its glossary synonyms, the place
    # asked about telling Guangzhou's card from Hong Kong's.
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    lead = answer.text.split("[1]")[0]
    assert "政务服务中心" in lead or "政務服務中心" in lead, answer.text
    in_script(answer, lang)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("我妈64岁，可以用香港长者医疗券吗？", "zh-Hans"),
        ("Can a 64-year-old get the Hong Kong elderly health care voucher?", "en"),
    ],
)
def test_no_verdict_where_no_condition_is_read(assistant, question, lang):
    # The voucher page states no age; the Senior Citizen Card's 'aged 65 or above' is another benefit's
    # rule, and 'it depends' with no condition to show would point at nothing.
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    assert answer.verdict is None, answer.text
    assert "65" not in answer.text.split("\n")[0], answer.text
    in_script(answer, lang)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("长者卡丢了怎么办？", "zh-Hans"),
        ("長者咭唔見咗點算？", "zh-Hant"),
    ],
)
def test_a_question_naming_a_benefit_we_hold_is_not_off_topic(assistant, question, lang):
    # Far from every passage by both embedders (a lost card, in everyday words), but it names the Senior
    # Citizen Card, which a retrieved page holds: answered from that page, not refused as off topic.
    answer = assistant.ask(question)
    assert answer.abstain_reason != "off topic", answer.text
    assert answer.answered, answer.text
    assert answer.citations[0].doc_id == "hk-senior-citizen-card-en"
    in_script(answer, lang)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("北京失能老人有什么居家养老服务？", "zh-Hans"),
        ("上海的老年人优待有哪些？", "zh-Hans"),
        ("上海嘅長者有咩優待？", "zh-Hant"),
    ],
)
def test_a_page_s_heading_line_is_never_quoted_as_a_statement(assistant, question, lang):
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    assert not any(line.lstrip().startswith("#") for line in answer.text.split("\n")), answer.text
    in_script(answer, lang)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("新加坡建国一代配套的保健储蓄补贴每年多少？", "zh-Hans"),
        ("建國一代嘅保健儲蓄填補每年有幾多？", "zh-Hant"),
    ],
)
def test_a_scheme_s_official_chinese_name_finds_its_english_page(assistant, question, lang):
    # MediSave is 保健储蓄 in Singapore's own Chinese: the English page holding it answers, not refused
    answer = assistant.ask(question)
    assert answer.answered, answer.text
    assert answer.citations[0].doc_id == "sg-pioneer-generation-en"
    assert "$250" in answer.text.split("\n")[0], answer.text


@pytest.mark.parametrize(
    ("question", "lang", "place"),
    [
        (
            "My grandmother is 90 and lives alone in Beijing. Can she get home care subsidies?",
            "en",
            "Beijing",
        ),
        ("北京90歲獨居老人可以領居家養老補貼嗎？", "zh-Hant", "北京"),
    ],
)
def test_a_place_we_hold_a_page_on_is_never_said_to_be_uncovered(assistant, question, lang, place):
    # Another place's page answers far better (its '90岁以上' rule): the refusal may stand, but it says
    # the page on the place does not answer, never that the documents do not cover a place they list.
    answer = assistant.ask(question)
    if not answer.answered:
        assert "do not cover" not in answer.text and "沒有涉及" not in answer.text, answer.text
        assert place in answer.text, answer.text
    in_script(answer, lang)


@pytest.mark.parametrize(
    "question",
    [
        "桂林85岁老人每个月有几个小时上门服务？",
        "广州66岁老人去公园门票多少钱？",
        "我妈妈72岁，住在广州，看门诊有什么优惠？",
    ],
)
def test_a_question_asking_no_verdict_checks_only_the_ages_its_lead_states(assistant, question):
    import re

    answer = assistant.ask(question)
    assert answer.answered, answer.text
    lines = answer.text.split("\n")
    checked = [re.search(r"“([^”]+)”", line).group(1) for line in lines if "的条件 [" in line]
    lead = next(line for line in lines if re.search(r"\[1\]$", line) and "的条件" not in line)
    assert all(required in lead for required in checked), (checked, lead)


@pytest.mark.parametrize(
    "question",
    [
        "我妈66岁，广州户籍，去公园要钱吗？",
        "我爸62岁，广州户籍，坐公交车免费吗？",
        "桂林85岁老人有政府买单的上门服务吗？",
    ],
)
def test_the_checklist_checks_only_what_the_quoted_statements_state(assistant, question):
    import re

    answer = assistant.ask(question)
    assert answer.answered, answer.text
    lines = answer.text.split("\n")
    checked = [re.search(r"“([^”]+)”", line).group(1) for line in lines if "的条件 [" in line]
    quoted = " ".join(line for line in lines if re.search(r"\[\d+\]$", line) and "的条件" not in line)
    assert checked and all(required in quoted for required in checked), (checked, quoted)
