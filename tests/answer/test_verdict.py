"""Verdicts (issue 14, first step): yes / no / depends from the cited conditions and what was stated."""

from __future__ import annotations

import pytest

from assistant.answer.ask import Assistant
from assistant.answer.eligibility import refuses, verdict
from assistant.text.asks import asks_combining, asks_verdict
from assistant.text.profile import parse_profile


def test_questions_asking_whether_someone_qualifies() -> None:
    for question in (
        "我妈妈不是澳门永久性居民，能申请敬老金吗？",
        "阿爸啲醫療券可唔可以轉俾阿媽用？",
        "中央政府會全額補助他的健保費嗎？",
        "My dad is 68. Will the central government pay his premium?",
        "Can two siblings both claim the allowance?",
        "Does my aunt qualify for the senior card?",
    ):
        assert asks_verdict(question), question
    for question in (
        "广州老年人优待卡怎么办理？",
        "How much is the Macao subsidy?",
        "雲浮養老服務熱線電話是多少？",
        # a 'qualification check' is a procedure, not a question whether one qualifies
        "Where does my aunt in Macao do the yearly pension qualification check?",
    ):
        assert not asks_verdict(question), question


def test_whether_one_pays_asks_for_a_verdict() -> None:
    from assistant.query import understand

    assert understand("我妈妈66岁，坐公交要钱吗？").asks_verdict
    assert understand("My mum is 70. Does she have to pay for the bus?").asks_verdict
    assert not understand("免费乘车卡在哪里办？").asks_verdict  # names a free pass, asks where


def test_verdict_from_conditions() -> None:
    # Age tiers are alternatives: 67 fails 'under 65' and meets '65 and over'.
    assert verdict([("age", "not met"), ("age", "met")], "65周岁以上的老年人实行免费")[0] == "yes"
    assert verdict([("age", "not met")], "年满七十岁者，由中央主管机关全额补助")[0] == "no"
    assert verdict([("age", "met"), ("means", "unknown")], "…") == ("depends", ["means"])
    assert verdict([], "…") == ("depends", [])
    # The answering rule refuses: 'cannot be transferred'.
    assert verdict([], "Vouchers cannot be transferred to another person.")[0] == "no"


def test_a_refusal_of_a_benefits_recipients_answers_only_a_question_on_combining() -> None:
    rule = "領取本津貼者，其受照顧者不得重複申請居家服務、重病住院看護補助及其他照顧服務補助。"
    assert refuses(rule)  # to one who receives the allowance and asks for more
    assert not refuses(rule, combining=False)  # not to one asking whether a care subsidy exists
    assert refuses("申請人不得同時領取高齡津貼。", combining=False)  # addressed to every applicant
    assert asks_combining("我爸领了特别照顾津贴，还可以申请居家服务吗？")
    assert asks_combining("If my dad gets the allowance, can he still use home services?")
    assert not asks_combining("台灣老人重病住院有冇看護補助？")


def test_not_a_resident_is_read() -> None:
    assert parse_profile("我妈妈不是澳门永久性居民，能申请敬老金吗？").resident is False
    assert parse_profile("My mum is not a permanent resident of Macao.").resident is False
    assert parse_profile("My dad isn't a permanent resident of Macau.").resident is False
    assert parse_profile("She doesn't have a local hukou.").resident is False
    assert parse_profile("我妈妈是澳门永久性居民").resident is True  # a status held is a fact stated


@pytest.fixture(scope="module")
def assistant(retriever) -> Assistant:
    return Assistant(retriever)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("我爸爸在台湾，68岁，是中低收入老人，中央政府会全额补助他的健保费吗？", "no"),
        ("我爸爸在台灣，68歲，是中低收入老人，中央政府會全額補助他的健保費嗎？", "no"),
        (
            "My dad in Taiwan is 68 and on the mid-to-low income elderly list. "
            "Will the central government pay his whole health insurance premium?",
            "no",
        ),
        (
            "My dad in Taiwan is 72 and on the mid-to-low income elderly list. "
            "Will the central government pay his whole health insurance premium?",
            "yes",
        ),
        ("我妈妈不是澳门永久性居民，能申请敬老金吗？", "no"),
    ],
)
def test_verdicts_on_the_real_index(assistant, question, expected) -> None:
    answer = assistant.ask(question)
    assert answer.answered
    assert answer.verdict == expected, answer.text
    assert answer.to_json()["verdict"] == expected


def test_a_follow_up_in_shared_characters_keeps_the_chats_script() -> None:
    from assistant.answer.session import Turn
    from assistant.query import understand

    first = "我爸爸是新加坡公民，算建國一代嗎？"
    follow_up = understand("佢1948年出世，1980年入籍", previous=Turn(first, first, ()))
    assert follow_up.follow_up and follow_up.script == "zh-Hant" and follow_up.asks_verdict
    assert follow_up.profile.born == 1948 and follow_up.profile.citizen == 1980


def test_is_it_free_is_answered_by_the_age_tier_met() -> None:
    from assistant.answer.eligibility import free_verdict
    from assistant.text.asks import fee_asked
    from assistant.types import Profile

    rule = "对满60周岁不满65周岁的老年人实行半票优惠，对65周岁以上的老年人实行免费。"

    def free(question: str, profile: Profile) -> str | None:
        return free_verdict(fee_asked(question), profile, [rule])

    assert free("Does she get in free?", Profile(age=63)) == "no"  # half price, not free
    assert free("坐地铁要不要钱？", Profile(age=66)) == "yes"  # qualifies for free: nothing to pay
    assert fee_asked("坐地铁要不要钱？") == "pay" and fee_asked("坐地铁免费吗？") == "free"
    assert fee_asked("使唔使預先登記？") is None  # 'need I?' about something else than paying
    assert free("使唔使俾全費？", Profile(age=64)) == "yes"  # full fare? no: half
    assert free("有什么优惠？", Profile(age=63)) is None  # not asked whether free
    assert free("坐地铁免费吗？", Profile()) is None  # no age, no tier


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("我妈妈63岁，在广州，用老年人优待卡坐地铁免费吗？", "no"),
        ("我阿媽63歲，喺廣州，用長者優待卡搭地鐵使唔使俾錢？", "no"),
        (
            "My mom is 63 and wants to use her Guangzhou senior card at Baiyun Mountain. Does she get in free?",
            "no",
        ),
        ("我爸爸66岁，广州户口，坐地铁要不要钱？", "yes"),
        ("My dad is 66 and has a Guangzhou hukou. Does he have to pay to ride the metro?", "yes"),
    ],
)
def test_free_or_reduced_on_the_real_index(assistant, question, expected) -> None:
    assert assistant.ask(question).verdict == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # 'do I have to pay?' for someone who rides free: no, nothing to pay (the verdict stays 'yes':
        # the person qualifies for the free tier)
        ("我爸爸66岁，广州户口，坐地铁要不要钱？", "按您说的情况，不用付费（免费）。"),
        (
            "My dad is 66 and has a Guangzhou hukou. Does he have to pay to ride the metro?",
            "From what you told me: no,",
        ),
        ("我阿媽63歲，喺廣州，用長者優待卡搭地鐵使唔使俾錢？", "按您説的情況，要付費，但有優惠。"),
        ("我妈妈66岁，在广州，用老年人优待卡坐地铁免费吗？", "按您说的情况，可以免费。"),
        ("我阿爺今年64歲，廣州戶口，搭地鐵使唔使俾全費？", "按您説的情況，不用付全費（有優惠）。"),
    ],
)
def test_a_fee_verdict_is_said_in_the_questions_own_terms(assistant, question, lead) -> None:
    answer = assistant.ask(question)
    assert answer.text.startswith(lead), answer.text


def test_a_rule_forbidding_what_the_asker_fears_is_good_news() -> None:
    from assistant.answer.eligibility import protects
    from assistant.text.asks import feared_words

    rule = "老年農民福利津貼及請領該津貼之權利，不得作為扣押、讓與、抵銷或供擔保之標的。"
    seized = feared_words("老農津貼會不會被法院扣押？")
    assert protects(rule, seized)  # 被法院扣押 fears 扣押, which the rule forbids
    assert not protects(
        "Vouchers cannot be transferred to another person.", feared_words("可唔可以轉俾阿媽用？")
    )
    assert verdict([], rule, seized)[0] == "yes"
    assert verdict([], "醫療券不得轉讓。", feared_words("可唔可以轉俾阿媽用？"))[0] == "no"
    assert asks_verdict("Is there any help for elderly people?") and asks_verdict(
        "係咪自己直接去社署登記就得？"
    )


@pytest.mark.slow
@pytest.mark.parametrize("question", ["台湾老农津贴会不会被扣押？", "台灣老農津貼會不會被法院扣押？"])
def test_a_fear_answered_by_a_protecting_rule(assistant, question) -> None:
    answer = assistant.ask(question)
    assert answer.verdict == "yes" and answer.text.startswith(("按资料，不会", "按資料，不會")), answer.text


def test_a_status_asked_as_a_requirement_is_not_a_status_held() -> None:
    assert parse_profile("一定要係永久居民咩？").resident is None
    assert parse_profile("我爸爸是新加坡公民").resident is True
    assert parse_profile("My mum is a permanent resident of Macao.").resident is True


def test_living_in_a_city_does_not_meet_its_household_registration() -> None:
    """A rule for a city's household registration, permanent residents or citizens is not met by living
    there: it is asked for. Nor are alternatives ('户籍…和持有本市有效居住证件的', 'Citizen or PR'): one of
    them must be held, and a residence permit is one. The place one applies in ('户籍地或者居住地')
    requires only living there; a country's household registration is what living in it is taken to
    mean."""
    from assistant.answer.eligibility import check
    from assistant.text.conditions import conditions, residence_required

    assert residence_required("具有本市户籍的老年人")[0] == "household registration"
    alternatives = "户籍老年人和持有本市有效居住证件的常住外埠老年人，享受优待"
    assert residence_required(alternatives)[0] == "registered"
    (either,) = [c for c in conditions(alternatives) if c.kind == "residence"]
    assert (
        check(either, parse_profile("我妈妈70岁，住在广州"), "Guangzhou, Guangdong, Mainland China")[0]
        == "unknown"
    )
    assert (
        check(either, parse_profile("我妈妈70岁，有广州居住证"), "Guangzhou, Guangdong, Mainland China")[0]
        == "met"
    )
    assert (
        check(either, parse_profile("My aunt is 70 and has a Guangzhou residence permit"), "Guangzhou")[0]
        == "met"
    )
    assert residence_required("到市内户籍地或者居住地的街（镇）政务服务中心办理") is None
    assert residence_required("Singapore Citizens aged 65 and above")[0] == "citizen"
    # visitors among those it is for: anyone there ('…以及临时来津的外埠老年人')
    assert (
        residence_required("具有本市户籍的老年人，持有本市有效居住证的外埠老年人，以及临时来津的外埠老年人")
        is None
    )

    (rule,) = [c for c in conditions("具有本市户籍的老年人，享受免费乘车") if c.kind == "residence"]
    living = parse_profile("我妈妈70岁，住在广州")
    registered = parse_profile("我妈妈70岁，广州户籍")
    elsewhere = parse_profile("我妈妈70岁，住在天津")
    assert check(rule, living, "Guangzhou, Guangdong, Mainland China")[0] == "unknown"
    assert check(rule, registered, "Guangzhou, Guangdong, Mainland China")[0] == "met"
    assert check(rule, elsewhere, "Guangzhou, Guangdong, Mainland China")[0] == "not met"
    (national,) = [c for c in conditions("年滿六十五歲國民，在國內設有戶籍者") if c.kind == "residence"]
    assert check(national, parse_profile("我爸70歲，住台灣"), "Taiwan")[0] == "met"
    # Unknown, a status is asked for ('status'); a place of residence unknown is not.
    assert verdict([("age", "met"), ("status", "unknown")], "…") == ("depends", ["status"])
    assert verdict([("age", "met"), ("residence", "unknown")], "…")[0] == "yes"


def test_a_yes_where_nothing_of_the_person_was_told_is_the_rules(assistant) -> None:
    """'From what you told me' only where the asker told something of the person."""
    rule = assistant.ask("上海的老年人可以自己事先选定监护人吗？")
    assert rule.verdict == "yes" and rule.text.startswith("按资料，可以。"), rule.text
    told = assistant.ask("我妈妈70岁，是澳门永久性居民，可以申请敬老金吗？")
    assert told.verdict == "yes" and told.text.startswith("按您说的情况，可以。"), told.text


def test_a_senior_citizen_is_no_citizenship() -> None:
    """'Senior citizen' names an elder: it states no citizenship ('a Singapore citizen' does)."""
    assert parse_profile("My father is 61. Can he get the senior citizen concession card?").residence is None
    assert parse_profile("My mum is a senior citizen").resident is None
    assert parse_profile("My mum is a Singapore citizen, 70").residence == "citizen"


def test_the_benefit_named_is_judged_by_its_own_card(assistant) -> None:
    """A 'yes' read from a quoted rule of another benefit (a notary discount beside the concession card)
    is checked against the card of the benefit the question names: its household registration is asked
    for when the asker only lives in the city, and met when stated."""
    living = assistant.ask("我爸爸61岁，住在广州，能办广州市老年人优待卡吗？")
    assert living.verdict == "depends", living.text
    assert "户籍" in living.text.split("\n")[0], living.text
    registered = assistant.ask("我爸爸61岁，是广州户籍，能办广州市老年人优待卡吗？")
    assert registered.verdict == "yes", registered.text


def test_a_yes_no_particle_asks_a_verdict() -> None:
    """'么', a closing '不' or '否', '可否', '有资格', '符合…条件吗' ask whether; '什么' and '怎么' do not."""
    for question in (
        "我外婆86岁，能享受上门服务么？",
        "我爸退休了，可以领养老金不？",
        "我母亲是台湾人，可否申请老农津贴？",
        "我妈妈65岁，有资格领高龄津贴吗？",
        "我奶奶住在北京，80岁，符合居家养老服务的条件吗？",
        "我阿嫲70歲，攞唔攞到敬老金？",  # a verb of getting asked 'V-not-V'
        "我爸70岁，领不领得到高龄津贴？",
    ):
        assert asks_verdict(question), question
    for question in (
        "北京老人能享受什么服务？",
        "可以怎么申请？",
        "广州老人可以去哪里办卡？",
        "居家服务包唔包食饭？",
    ):
        assert not asks_verdict(question), question


def test_a_refusal_of_listed_cases_or_a_group_is_no_flat_refusal() -> None:
    """'Refused to those in one of the following cases', a carve-out ('但…不适用之') and a group named by
    what it could not do and then granted something say no to nobody in particular."""
    assert not refuses("申请人有下列情形之一者，不予补助：")
    assert not refuses("但本办法施行前已领取补助之老人，不适用之。")
    assert not refuses("依旧办法不能申领补助者，得向主管机关申请补发。")
    assert refuses("申請人不得同時領取高齡津貼。")
    assert refuses("Vouchers cannot be transferred to another person.")


def test_a_place_presumed_is_no_yes_to_a_rule_that_grants_nothing(assistant) -> None:
    """Where the person lives is taken as met when the question names the place; that alone does not
    make a duty ('…must move out when the elder objects') a 'yes'."""
    answer = assistant.ask("In Shanghai, may my sister stay in our father's flat if he objects?")
    assert answer.answered, answer.text
    assert answer.verdict is None, answer.text


def test_another_documents_rule_decides_no_verdict(assistant) -> None:
    """A page quoted beside the answering one sets another benefit's terms: the Hong Kong scheme's page
    states no age, so a Guangzhou card's '年满60周岁' neither says yes nor shows in the checklist."""
    answer = assistant.ask("My aunt is 61. Does she qualify for the Guangdong Scheme?")
    assert answer.answered, answer.text
    assert answer.verdict != "yes", answer.text
    assert "meets “年满60周岁”" not in answer.text, answer.text


def test_an_a_not_a_free_asks_whether_it_is_free() -> None:
    """'免唔免費？', '免不免费？' ask whether it is free, as '免费吗？' does."""
    from assistant.query import understand

    for question in ("我阿嫲70歲，行山公園免唔免費？", "我奶奶70岁，进公园免不免费？"):
        asked = understand(question)
        assert asked.asks_verdict and asked.fee == "free", question


def test_a_permit_or_identity_card_not_held_is_no_residence() -> None:
    """'没有…居住证', '冇香港身份证', 'not a Macao resident', 'no residence permit' say the person is not
    a resident; '忘了带身份证' says nothing of it."""
    for question in (
        "我妈66岁，外省户口，没有广州居住证",
        "我阿爺冇香港身份證",
        "My aunt is 70 but not a Macao resident",
        "My uncle lives in Guangzhou with no residence permit",
    ):
        assert parse_profile(question).resident is False, question
    assert parse_profile("我爸看病忘了带身份证").resident is None
    assert parse_profile("我爸有广州居住证").residence == "resident"


def test_a_free_tier_is_no_ones_who_fails_the_residence_rule(assistant) -> None:
    """'Is it free?' at an age a free tier meets is still 'no' for one the rule's residence excludes."""
    answer = assistant.ask(
        "My uncle is 67 and lives in Guangzhou but has no residence permit. Does he ride buses free?"
    )
    assert answer.verdict == "no", answer.text


def test_a_benefit_the_person_already_gets_need_not_be_named_by_the_answering_page() -> None:
    """Named beside the benefit asked about, one the person already gets ('领了…', 'gets the…') is a fact
    of theirs; alone, it stays what the question is about."""
    from assistant.text.asks import named_benefits

    both = [name for name, _ in named_benefits("我爸领了高龄津贴，还可以申请特别照顾津贴吗？")]
    assert both == ["特别照顾津贴"], both
    english = [
        name
        for name, _ in named_benefits(
            "My mum gets the Old Age Allowance. Can she apply for the Caring Grant?"
        )
    ]
    assert english == ["Caring Grant"], english
    alone = [name for name, _ in named_benefits("我爸领了高龄津贴，要交税吗？")]
    assert alone == ["高龄津贴"], alone


def test_low_middle_income_and_free_for_someone() -> None:
    from assistant.query import understand

    assert parse_profile("My aunt in Taiwan is 71 and low-middle income").low_income
    assert parse_profile("My aunt is on a middle-to-low income").low_income
    asked = understand("My uncle is 70. Are museums free for him?")
    assert asked.asks_verdict and asked.fee == "free"


def test_a_refusal_next_to_the_words_asked_decides_however_it_scores(assistant) -> None:
    """A short refusing fragment ('joint account is not applicable') scores low as a sentence; right next
    to two of the question's words the answer lacks, it still decides the verdict and is quoted."""
    answer = assistant.ask(
        "My aunt lives in Zhongshan on the Guangdong Scheme. Can the money go into a joint account she shares with her son?"
    )
    assert answer.verdict == "no", answer.text
    assert "joint account is not applicable" in answer.text, answer.text


def test_a_page_asking_an_age_proved_but_setting_none_says_no_yes_to_an_age(assistant) -> None:
    """Where one lives is met, the person's age is told, and the answering page asks for proof of age but
    sets none: whether that age qualifies is nowhere said."""
    answer = assistant.ask("我阿姨59岁，香港永久居民，住在惠州，可以申请广东计划吗？")
    assert answer.answered, answer.text
    assert answer.verdict != "yes", answer.text


def test_care_already_received_is_a_fact_a_rule_may_exclude() -> None:
    """A hired carer or a home already lived in is a fact of the person; a carer wished for, denied or
    to be paid for is not."""
    from assistant.text.limits import limits

    for question in (
        "我外婆家里请了印佣，还可以申请吗？",
        "阿爺已經住咗入老人院，仲攞唔攞到？",
        "My aunt has a live-in helper. Does she still qualify?",
        "Can she keep it if she is living in a care home?",
    ):
        assert parse_profile(question).cared_for, question
    for question in (
        "我们没有请看护，可以申请吗？",
        "我妈想住进养老院，有补贴吗？",
        "这笔补助可以用来请看护吗？",
        "Is there a grant to hire a helper?",
    ):
        assert not parse_profile(question).cared_for, question
    rule = "二、未接受机构收容安置、居家服务、未雇用看护（佣）。"
    assert [limit.kind for limit in limits(rule, "")] == ["cared"]
    assert limits(rule, "")[0].check(parse_profile("外婆请了看护")) == "not met"
    assert limits(rule, "")[0].check(parse_profile("外婆七十岁")) is None


def test_care_already_received_says_no_to_a_benefit_for_those_cared_for_at_home(assistant) -> None:
    answer = assistant.ask(
        "我阿姨在台湾领中低收入老人生活津贴，家里已经请了外籍看护，还可以申请特别照顾津贴吗？"
    )
    assert answer.verdict == "no", answer.text


def test_an_age_tier_of_a_group_is_not_the_persons_unless_they_are_in_it() -> None:
    from assistant.answer.verdict import _tier_of_another_group
    from assistant.query import understand
    from assistant.text.conditions import conditions

    rule = "补助对象包括年满65岁以上的老人、年满55岁以上原住民，以及身心障碍者。"
    tiers = [c for c in conditions(rule) if c.kind == "age"]
    assert [c.low for c in tiers] == [65, 55]
    assert [
        _tier_of_another_group(c, rule, understand("我外公六十岁，可以办卡吗？").groups) for c in tiers
    ] == [False, True]
    assert not any(_tier_of_another_group(c, rule, understand("我外公58岁，是原住民").groups) for c in tiers)
    assert not any(
        _tier_of_another_group(c, rule, understand("My grandpa is 58 and indigenous.").groups) for c in tiers
    )


def test_a_carers_age_rule_is_not_the_elders(assistant) -> None:
    """'照顾者…年满十六岁，未满六十五岁' sets the carer's age: an 80-year-old cared for by a child of 50 does
    not fail it."""
    answer = assistant.ask(
        "我阿嬤80歲，台灣中低收入戶，重度失能，由我在家照顧，我50歲，沒有全職工作，可以領特別照顧津貼嗎？"
    )
    assert answer.answered, answer.text
    assert answer.verdict != "no", answer.text
    assert "不符合“未滿六十五歲”" not in answer.text, answer.text  # not checked against the elder


def test_a_degree_of_care_need_is_read_of_the_person_and_of_the_rule() -> None:
    from assistant.text.conditions import care_degrees_required

    assert [
        parse_profile(q).care_degree for q in ("我婆婆轻度失能", "阿爺係中度缺損", "Dad has severe dementia")
    ] == [
        1,
        2,
        3,
    ]
    assert parse_profile("我婆婆失能").care_degree is None  # a need, of no degree said
    assert care_degrees_required("失能程度经日常生活活动功能量表评估为重度以上") == (3, 3)
    assert care_degrees_required("照顾失智症中度以上之老人") == (2, 3)
    assert care_degrees_required("families caring for persons with moderate to severe disabilities") == (2, 3)
    assert care_degrees_required("assessed to have mild impairment") == (1, 1)
    assert care_degrees_required("情节严重的，依法追究；照顾老人") is None  # no need in that clause


def test_a_degree_of_need_below_the_rules_says_no(assistant) -> None:
    mild = assistant.ask("外婆七十八，住台湾，属中低收入，轻度失能，我在家照顾她，能申请特别照顾津贴吗？")
    assert mild.verdict == "no", mild.text
    severe = assistant.ask("外婆七十八，住台湾，属中低收入，重度失能，我在家照顾她，能申请特别照顾津贴吗？")
    assert severe.verdict != "no", severe.text


def test_a_year_of_the_persons_life_is_neither_asked_about_nor_asked_again(assistant) -> None:
    from assistant.text.kinds import years_asked

    question = "外公1946年出生，1991年才成为新加坡公民，他是不是建国一代？"
    assert years_asked(question) == set()
    assert parse_profile(question).citizen == 1991
    answer = assistant.ask(question)
    assert answer.answered and answer.verdict == "no", answer.text


def test_no_household_registration_fails_only_a_rule_that_asks_for_one() -> None:
    from assistant.answer.eligibility import check
    from assistant.text.conditions import conditions

    person = parse_profile("外公住在北京，但是没有北京户口")
    assert person.resident is False and person.status_denied == "household registration"
    # a non-permanent resident lives there: permanent residence is what is denied
    assert parse_profile("阿爷系澳门嘅非永久性居民").status_denied == "permanent resident"
    living = next(c for c in conditions("为居住在家的老年人提供服务") if c.kind == "residence")
    registered = next(c for c in conditions("本市户籍老年人可以申请") if c.kind == "residence")
    assert check(living, person, "Beijing, Mainland China")[0] == "met"
    assert check(registered, person, "Beijing, Mainland China")[0] == "not met"
    # living elsewhere, or no residence at all, fails a rule of living there
    assert (
        check(living, parse_profile("外公住在天津，没有北京户口"), "Beijing, Mainland China")[0] == "not met"
    )
    assert check(living, parse_profile("外婆不是香港居民"), "Hong Kong")[0] == "not met"


def test_the_place_of_a_status_held_is_told_from_the_place_lived_in() -> None:
    said = parse_profile("外婆系澳门永久性居民，长住珠海，今年73岁")
    assert said.status_region == "MO" and said.region != "MO"
    assert (
        parse_profile("My aunt, a Hong Kong permanent resident, has retired to Foshan.").status_region == "HK"
    )
    assert parse_profile("外婆住在珠海，今年73岁").status_region is None  # one place: nothing to tell apart
    assert parse_profile("外婆是广州户口，住在广州天河").status_region is None  # a place inside the other


def test_a_benefit_of_the_place_of_a_status_held_is_answered_there(assistant) -> None:
    macao = assistant.ask("外婆系澳门永久性居民，长住珠海，今年73岁，领唔领到敬老金？")
    assert macao.answered and macao.verdict == "yes", macao.text
    assert all(c.doc_id.startswith("mo-") for c in macao.citations[:1])
    # where they live has pages, but none that answers: the place of the status still does
    english = assistant.ask(
        "Grandpa, 74, is a Macao permanent resident who lives in Zhuhai. Can he get the subsidy?"
    )
    assert english.verdict == "yes" and english.citations[0].doc_id.startswith("mo-"), english.text
    # how a card is used where one lives is asked of that place, which no page covers
    card = assistant.ask("外公是香港人，长住深圳，长者咭在深圳坐公交能用吗？")
    assert not card.answered, card.text


def test_whether_it_is_free_gets_no_verdict_from_a_rule_that_names_no_price(assistant) -> None:
    answer = assistant.ask(
        "My uncle is a Hong Kong permanent resident living in Shenzhen. Is the ferry free for him?"
    )
    assert answer.verdict is None, answer.text


def test_a_chinese_yes_or_no_echoes_the_verb_it_was_asked_with(assistant) -> None:
    from assistant.answer.phrases import is_own_line
    from assistant.answer.verdict import verdict_text
    from assistant.text.asks import verdict_verb

    assert [
        verdict_verb(q)
        for q in ("条例有冇写明要送餐？", "补贴会停发吗？", "佢是不是会员？", "佢可唔可以申请？")
    ] == [
        "有",
        "会",
        "是",
        None,
    ]
    assert verdict_verb("Is there a rule on meals?") is None
    assert verdict_text("yes", (), "zh-Hant", "hk", told=False, verb="有") == "按資料，有。"
    assert verdict_text("no", (), "zh-Hans", "", verb="会") == "按资料，不会。"
    assert (
        verdict_text("no", (), "en", "", verb="会")
        == "According to the documents: no, this does not qualify."
    )
    assert is_own_line("按资料，没有。") and is_own_line("按您說的情況，會。")
    answer = assistant.ask("台灣老農津貼可唔可以俾人扣押？")
    assert answer.text.startswith("按資料，不會"), answer.text  # a fear answered: it cannot be seized


def test_a_permanent_resident_or_one_said_not_a_citizen_is_no_citizen(assistant) -> None:
    from assistant.text.conditions import residence_met

    pr = parse_profile("外婆系新加坡永久居民，唔系公民")
    assert pr.residence == "permanent resident" and pr.status_denied == "citizen" and pr.resident
    assert residence_met("citizen", pr) is False
    assert residence_met("registered", pr) is True  # 'Citizen or PR': either will do
    assert parse_profile("Grandpa is not a Singapore citizen.").status_denied == "citizen"
    answer = assistant.ask(
        "Grandma turned 80 this year and is a permanent resident of Singapore. Is she a Pioneer?"
    )
    assert answer.verdict == "no", answer.text


def test_a_place_the_person_was_in_before_is_not_asked_about(assistant) -> None:
    from assistant.query import understand

    assert understand("阿嫲以前一直住喺大陸，而家喺香港住咗一年，攞唔攞到長者咭？").places == ("HK",)
    assert understand("Grandpa used to live in Guangzhou; he has moved to Hong Kong.").places == ("HK",)
    assert understand("阿嫲住喺深圳，香港長者咭喺度用唔用得？").places == ("CN-440300",)  # no past: as before
    answer = assistant.ask("阿嫲68歲，以前一直住喺大陸，而家喺香港住咗一年，攞唔攞到長者咭？")
    assert answer.answered and answer.citations[0].doc_id == "hk-senior-citizen-card-en", answer.text
