"""Pure checks: eligibility conditions, place / year / benefit / answer-kind matching, the guard."""

from __future__ import annotations

from assistant.answer import checks
from assistant.answer.eligibility import check
from assistant.answer.guard import check_answer
from assistant.answer.session import InMemorySessionStore, Session
from assistant.query import understand
from assistant.text import asks, kinds
from assistant.text.conditions import conditions
from assistant.text.crosslingual import synonyms
from assistant.types import Citation, Document, Profile


def named(question: str) -> checks.Benefits:
    """The benefits a question names, as `understand` reads them."""
    return tuple((name, tuple(spellings)) for name, spellings in asks.named_benefits(question))


def doc(
    doc_id: str, text: str, region: str | None = None, title: str = "t", language: str = "zh-Hans"
) -> Document:
    return Document(doc_id, "p", title, text, text, language, region)  # type: ignore[arg-type]


def test_age_conditions_in_three_scripts() -> None:
    found = conditions("90歲以上老人享受每月6小時的入戶援助服務")
    assert [(c.kind, c.low, c.high) for c in found] == [("age", 90, None)]
    ranged = conditions("对满60周岁不满65周岁的老年人实行半票优惠，对65周岁以上的老年人实行免费")
    assert [(c.low, c.high) for c in ranged if c.kind == "age"] == [(60, 65), (65, None)]
    english = conditions("Hong Kong residents aged 65 or above are eligible to apply.")
    assert [(c.kind, c.low) for c in english] == [("age", 65), ("residence", None)]
    assert conditions("年滿六十五歲者")[0].low == 65


def test_age_spans_include_both_ends() -> None:
    """'80周岁—89周岁', '60至64周岁', 'aged 60 to 64': both ages are in the span; '百岁以上' is 100+.
    A span of years or a phone number is no age."""
    spans = conditions("向80周岁—89周岁和90周岁—99周岁的老人分别发放津贴")
    assert [(c.low, c.high) for c in spans if c.kind == "age"] == [(80, 90), (90, 100)]
    assert [(c.low, c.high) for c in conditions("60至64周岁的老人")] == [(60, 65)]
    assert [(c.low, c.high) for c in conditions("65-74歲長者")] == [(65, 75)]
    assert [(c.low, c.high) for c in conditions("Seniors aged 60 to 64 pay half")] == [(60, 65)]
    assert [(c.low, c.high) for c in conditions("between 60 and 64 years old")] == [(60, 65)]
    assert [(c.low, c.high) for c in conditions("百岁以上老人")] == [(100, None)]
    assert not conditions("2019-2021年的补贴") and not conditions("电话 12345-6789")
    assert check(conditions("80周岁—89周岁")[0], Profile(age=89), None)[0] == "met"
    assert check(conditions("80周岁—89周岁")[0], Profile(age=90), None)[0] == "not met"


def test_conditions_checked_against_the_profile() -> None:
    ninety = conditions("90歲以上老人")[0]
    assert check(ninety, Profile(age=92), None) == ("met", "92")
    assert check(ninety, Profile(age=72), None) == ("not met", "72")
    assert check(ninety, Profile(), None) == ("unknown", None)
    residence = conditions("Hong Kong residents")[0]
    assert check(residence, Profile(region="HK"), "Hong Kong")[0] == "met"
    assert check(residence, Profile(region="CN-440300"), "Hong Kong")[0] == "not met"  # Shenzhen


def test_place_checks_follow_the_gazetteer() -> None:
    guangzhou = doc("gz", "广州市老年人优待卡", "Guangzhou, Guangdong, Mainland China")

    def asked(question: str) -> tuple[str, ...]:
        return understand(question).places

    assert checks.missing_places(asked("广州的优待卡"), guangzhou) == []
    # a city inside the province asked
    assert checks.missing_places(asked("Guangdong concession card"), guangzhou) == []
    assert checks.missing_places(asked("北京的优待卡"), guangzhou) == ["CN-110000"]  # another city
    hong_kong = doc("hk", "Senior Citizen Card", "Hong Kong")
    assert checks.missing_places(asked("深圳有冇類似香港長者咭嘅卡"), hong_kong) == ["CN-440300"]
    assert checks.missing_places(asked("Can I get a free bus pass in London at 66?"), hong_kong) == [
        "GN-2643743"
    ]


def test_year_checks_ignore_the_askers_own_years() -> None:
    notice = doc("n", "2025年养老金领取资格认证", title="2025年通告")
    assert checks.missing_years(tuple(kinds.years_asked("广州2019年的养老金领取资格认证")), notice) == [
        "2019"
    ]
    assert checks.missing_years(tuple(kinds.years_asked("我爷爷1948年出生，1980年才入籍")), notice) == []
    # an amount is no year: '人均月收入2000新元', '$2000 a month'
    assert kinds.years_asked("家里人均月收入2000新元，可以领吗？") == set()
    assert kinds.years_asked("Her income is $2000 a month.") == set()
    assert kinds.years_asked("2019年的补贴标准") == {"2019"}


def test_named_benefit_must_be_in_the_document() -> None:
    beijing = doc("bj", "北京市居家养老服务条例 居家养老服务补贴", "Beijing")
    assert (
        checks.missing_benefit(named("想在北京给老人办一张养老助残卡，去哪里办？"), beijing, lambda t: [])
        == "养老助残卡"
    )
    assert (
        checks.missing_benefit(named("北京有没有补贴？"), beijing, lambda t: []) is None
    )  # a word, not a name
    sg = doc("sg", "Pioneer Generation Package", "Singapore", language="en")
    assert checks.missing_benefit(
        named("Can my aunt get the Merdeka Generation Package in Singapore?"), sg, lambda t: []
    )
    assert checks.missing_benefit(named("Pioneer Generation Package benefits"), sg, lambda t: []) is None
    hk = doc("hk", "Senior Citizen Card", "Hong Kong", language="en")
    assert (
        checks.missing_benefit(named("Do I renew my HK Senoir Citizen Card?"), hk, lambda t: []) is None
    )  # a typo


def test_answer_kinds() -> None:
    assert kinds.asked_kind("澳门敬老金一个人能拿多少钱？") == "amount"
    assert kinds.asked_kind("广州优待卡办不下来，可以打哪个电话？") == "phone"
    assert kinds.asked_kind("柳州的高龄老人一个月能有几个小时上门服务？") == "hours"
    assert kinds.asked_kind("長者咭要幾多歲先申請得？") == "age"  # an age, not an amount
    assert kinds.asked_kind("办老年证要准备哪些材料？") == "documents"
    assert kinds.asked_kind("攞長者卡要交咩文件？") == "documents"
    assert kinds.asked_kind("申請敬老金需要甚麼證件？") == "documents"
    assert kinds.asked_kind("What documents do I need to apply?") == "documents"
    assert kinds.asked_kind("办老年证要带什么样的相片？") == "documents"  # a photo is a paper to hand in
    assert kinds.asked_kind("What kind of photo does the form need?") == "documents"
    assert kinds.asked_kind("子女扣住佢啲證件唔俾，合唔合法？") is None  # papers named, none asked for
    assert kinds.asked_kind("換卡要俾咩相？") == "documents"  # Cantonese '相' is a photo
    assert kinds.asked_kind("老人有什么相关优惠？") is None  # '相关' is no photo
    assert kinds.states("amount", "每月發給照顧者本津貼新臺幣五千元。")
    assert not kinds.states("amount", "Photocopy of bank saving book (MOP)")


def test_papers_are_what_one_hands_in_not_the_policy_papers_a_page_cites() -> None:
    assert kinds.states("documents", "申请人须提交健康证明及其他文件。")
    assert kinds.states(
        "documents", "An elder unable to produce one of these valid identity documents may not apply."
    )
    assert kinds.states("documents", "2.《企业职工基本养老保险退休时间申请书》。")
    assert not kinds.states("documents", "近年来，市政府先后出台了《关于加快养老服务发展的意见》等文件。")
    assert not kinds.states("documents", "The documents set out the policy for the coming five years.")


def test_where_to_apply_is_asked_of_an_errand_and_stated_by_an_office_or_a_channel() -> None:
    assert kinds.asked_kind("老年证去哪里申领？") == "where"
    assert kinds.asked_kind("申請表可以寄去邊度？") == "where"  # Cantonese
    assert kinds.asked_kind("Where do we hand in the form?") == "where"
    assert kinds.asked_kind("哪里有养老院？") is None  # where something is, not where to apply
    assert kinds.asked_kind("评估办事处分别在哪些区域？") is None  # which districts
    assert kinds.states("where", "老年人可以通过居住地的街（镇）政务服务中心或者网络服务平台申领优待凭证。")
    assert kinds.states("where", "Send the form by post to the Social Security Field Unit.")
    assert kinds.states("where", "Ask a referring worker at a Medical Social Services Unit.")
    # an authority that decides is not where one goes; a centre named for what it does is not either
    assert not kinds.states("where", "由区老龄工作机构审核。")
    assert not kinds.states("where", "本市在社区建设日间照料中心，提供助餐服务。")


def test_which_year_is_answered_by_a_year_and_a_ticket_asked_for_is_a_fee() -> None:
    assert kinds.asked_kind("敬老金最早是哪年发放的？") == "year"
    assert kinds.asked_kind("敬老金係邊一年開始發嘅？") == "year"  # Cantonese
    assert kinds.asked_kind("In what year did the scheme start?") == "year"
    assert kinds.asked_kind("敬老金几年发一次？") == "duration"  # how many years, not which
    assert kinds.states("year", "In 2005, the Government began granting the subsidy.")
    assert kinds.states("year", "自中华民国一百零一年一月一日起调整。")
    assert not kinds.states("year", "每月发放一次。")
    assert kinds.asked_kind("老人去公园要门票吗？") == "fee"
    assert asks.fee_asked("老人去公园要门票吗？") == "pay"


def test_a_day_of_the_month_is_a_date_not_a_length_of_time() -> None:
    # '次月15日前' says by which day money arrives; '满10年' and '15个工作日' say how long.
    assert kinds.states("date", "审批通过后，补贴于次月15日前发放到本人账户。")
    assert not kinds.states("duration", "审批通过后，补贴于次月15日前发放到本人账户。")
    assert kinds.states("duration", "参保缴费满10年的，可以申请。")
    assert kinds.states("duration", "办结时限：15个工作日")
    # a year is a date too: '2019年以来' states no length of time
    assert not kinds.states("duration", "2019年以来，本区新建了日间照料中心。")
    assert kinds.states("date", "Payments reach the account by the 15th of each month.")
    # a start relative to an event says from when: '自核准之日当月起算', 'from the following month'
    assert kinds.states("date", "补助自核准之日当月起算。")
    assert kinds.states("date", "获批后，津贴于翌月开始发放。")
    assert kinds.states("date", "The allowance is paid from the following month.")
    assert not kinds.states("date", "补助按月发放给本人。")


def test_how_long_and_which_line_asked_in_other_words() -> None:
    assert kinds.asked_kind("申请补贴要交满多少年社保？") == "duration"
    assert kinds.asked_kind("How many working days does the review take?") == "duration"
    assert kinds.asked_kind("办理高龄津贴有问题，咨询电话是多少？") == "phone"
    assert kinds.asked_kind("What is the contact number for the scheme?") == "phone"
    assert kinds.asked_kind("要打什么疫苗？") is None


def test_guard_rejects_numbers_no_quote_holds() -> None:
    document = doc("g", "90歲以上老人享受每月6小時的入戶援助服務。")
    quote = Citation(
        1, "g", "t", None, "2019-12-23", "90歲以上老人享受每月6小時的入戶援助服務", "g#0", 0, 21, "zh-Hant"
    )
    ok = check_answer(
        "您父親92歲：90歲以上每月6小時 [1]（2019-12-23）", [quote], {"g": document}, "我父親92歲"
    )
    assert ok.ok, ok.problems
    bad = check_answer("每月8小時，熱線12349 [1]", [quote], {"g": document})
    assert not bad.ok and any("12349" in p for p in bad.problems)
    moved = Citation(
        1, "g", "t", None, None, "90歲以上老人享受每月6小時的入戶援助服務", "g#0", 1, 22, "zh-Hant"
    )
    assert not check_answer("x [1]", [moved], {"g": document}).ok  # offsets must hold the quote


def test_sessions_expire() -> None:
    now = [0.0]
    store = InMemorySessionStore(ttl=10, clock=lambda: now[0])
    store.put(Session("a", Profile(age=90)))
    assert store.get("a").profile.age == 90  # type: ignore[union-attr]
    now[0] = 11
    assert store.get("a") is None


def test_an_amount_of_another_kind_does_not_answer() -> None:
    # Rent is a charge; an allowance's amount does not answer it, nor does an income limit a payout.
    assert kinds.asked_kind("住澳門長者公寓，每個月要交幾多租金？") == "amount"
    assert kinds.asked_role("住澳門長者公寓，每個月要交幾多租金？") == "charge"
    assert kinds.asked_role("What are the monthly payouts at 65?") == "benefit"
    assert kinds.asked_role("長者醫療券每年有多少錢？") is None  # no role said: any amount may answer
    allowance = "申請經批准後，援助金於翌月開始發放，每月金額最高為澳門幣一百元。"
    assert checks.states_asked("amount", allowance, None)
    assert not checks.states_asked("amount", allowance, "charge")
    assert checks.states_asked("amount", allowance, "benefit")
    income = "Per-person monthly household income of $3,600 or less"
    assert not checks.states_asked("amount", income, "benefit")
    assert checks.states_asked("amount", income, "limit")
    # A sentence silent on the role takes it from the passage around it.
    extra = "此外，申請人如須加裝特別裝置，每月可另外獲發澳門幣二十元。"
    assert checks.states_asked("amount", extra, "charge")
    assert not checks.states_asked("amount", extra, "charge", context=allowance + extra)


def test_a_fines_sum_answers_only_a_question_about_fines() -> None:
    penalty = "擅自改变养老床位用途的，由民政部门责令改正，可以处5万元以上50万元以下罚款。"
    assert kinds.states_fines_only(penalty)
    assert kinds.states_fines_only("Offenders are liable to a fine of $10,000.")
    assert not kinds.states_fines_only(
        "每月发放护理补贴500元，违者依法处理罚款。"
    )  # the sum is the allowance
    assert not checks.states_asked("amount", penalty, None)
    assert not checks.states_asked("amount", penalty, "benefit")
    assert kinds.asked_role("护理院不按规定收费，最多罚几多钱？") == "fine"
    assert checks.states_asked("amount", penalty, "fine")
    assert not checks.states_asked("amount", "每月发放护理补贴500元。", "fine")
    # '领多少' asks what one receives: a charge's sum does not answer it.
    assert kinds.asked_role("失智老人每个月可以领多少？") == "benefit"
    assert not checks.states_asked("amount", "补领证件须缴付费用20元。", "benefit")


def test_is_there_a_fee_asks_whether_one_pays_not_how_much() -> None:
    assert kinds.asked_kind("Is there a fee for the day care centre?") == "fee"
    assert kinds.asked_kind("Is there any charge for replacing a lost card?") == "fee"
    assert kinds.asked_kind("What is the fee for the day care centre?") == "amount"


def test_how_many_years_one_pays_is_a_length_of_time() -> None:
    assert kinds.asked_kind("城乡居民养老保险最少要缴费几多年？") == "duration"
    assert kinds.asked_kind("护理服务要不要交费？") == "fee"


def test_ratios_asked_and_stated() -> None:
    assert kinds.asked_kind("院舍券嘅共同付款比率最多係幾多？") == "ratio"
    assert kinds.asked_kind("What's the required staff ratio in day care centres?") == "ratio"
    assert kinds.asked_kind("赡养老人的专项附加扣除每个月能扣多少？") == "amount"
    for stated in (
        "上限為面值的150%",
        "每照顧六人應置一人",
        "one carer for every six residents",
        "比例为1:6",
    ):
        assert kinds.states("ratio", stated), stated
    assert not kinds.states("ratio", "分成三类服务")


def test_a_scheme_named_in_plain_words_is_a_benefit() -> None:
    question = "Is the $2 public transport fare scheme open to my mother in Hong Kong?"
    assert asks.named_benefits(question) == [
        ("public transport fare scheme", ["public transport fare scheme"])
    ]
    card = doc(
        "hk", "The Senior Citizen Card scheme is open to residents aged 65.", "Hong Kong", language="en"
    )
    assert checks.missing_benefit(named(question), card, lambda _: []) == "public transport fare scheme"
    assert asks.named_benefits("Can I use the vouchers in Shenzhen?") == []
    # five words before the name's last, a place of two among them; a name starts after the last
    # possessive or article ('my mum get her Guangdong Scheme allowance' names the scheme's allowance)
    assert asks.named_benefits("Can a 64-year-old get the Hong Kong elderly health care voucher?") == [
        ("elderly health care voucher", ["elderly health care voucher"])
    ]
    assert asks.named_benefits("Can my mum get her Guangdong Scheme allowance paid to me?") == [
        ("Scheme allowance", ["Scheme allowance"])
    ]
    # what a name is measured by, or whose it is, is no part of it
    assert asks.named_benefits("What is the yearly value of Singapore's housing grant for seniors?") == [
        ("housing grant", ["housing grant"])
    ]
    assert asks.named_benefits("How big is the usual size of the travel subsidy?") == [
        ("travel subsidy", ["travel subsidy"])
    ]
    # a name in capitals saying whom it is for, whoever's it is
    assert asks.named_benefits("Has Hong Kong's Allowance for Frail Elders been raised?") == [
        ("Allowance for Frail Elders", ["Allowance for Frail Elders"])
    ]
    assert asks.named_benefits("Who runs the Careers Grant for Older Workers?") == [
        ("Careers Grant for Older Workers", ["Careers Grant for Older Workers"])
    ]


def test_the_generic_word_of_money_given_differs_between_a_question_and_its_page() -> None:
    page = doc("xm", "各区向八十周岁以上老人每人每月发放一百元敬老津贴。", "厦门")
    assert checks.missing_benefit(named("厦门的敬老补贴每月多少？"), page, lambda _: []) is None
    assert checks.missing_benefit(named("厦门的护理补贴每月多少？"), page, lambda _: []) == "护理补贴"


def test_a_name_starts_after_what_is_done_with_it_and_after_how_much() -> None:
    assert [n for n, _ in asks.named_benefits("去街道办理敬老卡要排队吗？")] == ["敬老卡"]
    assert [n for n, _ in asks.named_benefits("失能老人每年有几多护理补贴？")] == ["护理补贴"]
    assert asks.named_benefits("我阿妈睇牙医有多少津贴？") == []  # an allowance asked of, none named


def test_a_scheme_named_after_its_place_keeps_the_place_in_its_name() -> None:
    # '广东计划' is Hong Kong's Guangdong Scheme: a Guangzhou pension notice naming 广东 does not hold it.
    assert asks.named_benefits("廣東計劃嘅申請表可唔可以網上遞交？") == [
        ("广东计划", ["计划", "东计划", "广东计划"])
    ]
    pension = doc("gz", "广东省社会保险公共服务平台，广州市社保经办窗口", "广州")
    assert (
        checks.missing_benefit(named("廣東計劃嘅申請表可唔可以網上遞交？"), pension, lambda _: [])
        == "广东计划"
    )
    # A named relief is a benefit too: '个税专项附加扣除'.
    farmers = doc("tw", "超過者，以扣除新臺幣四百萬元為限。", "台灣", language="zh-Hant")
    assert checks.missing_benefit(named("照顾父母的个税专项附加扣除一个月扣多少？"), farmers, lambda _: [])


def test_a_place_without_a_traditional_name_in_the_data_is_converted_not_left_in_english() -> None:
    from assistant.text.places import place_by_key

    fujian = place_by_key("CN-350000")
    assert fujian is not None and fujian.name("zh-Hant") == "福建" and fujian.name("en") == "Fujian"


def test_a_short_service_number_is_a_phone_line_when_named_one_before_or_after() -> None:
    for text in (
        "请拨打1957咨询",
        "1957長照專線",
        'the "1957" long-term care hotline gives advice',
        "call 1823",
    ):
        assert kinds.states("phone", text), text
    for text in (
        "2019年起开通热线",
        "2019 年 3 月 热线开通",
        "the year 2018 saw a new hotline",
        "in 2015, 300 called",
    ):
        assert not kinds.states("phone", text), text


def test_whether_one_pays_is_asked_as_a_fee_and_answered_by_free_or_a_charge() -> None:
    for question in (
        "辦這張卡收唔收錢？",
        "补办要不要交钱？",
        "Is the card free?",
        "Do I have to pay for the bus?",
    ):
        assert kinds.asked_kind(question) == "fee", question
    assert kinds.asked_kind("How much is the fee?") == "amount"  # an amount asked is an amount
    assert kinds.asked_kind("使唔使預先登記？") is None  # 'need to?' alone asks no fee
    for text in ("First application: free of charge", "办理时不收取费用", "每次收费10元"):
        assert kinds.states("fee", text), text
    assert not kinds.states("fee", "Apply online or by post.")
    assert "fee" in kinds.LEAD_ONLY  # it picks the lead, never a reason to abstain


def test_a_benefit_asked_in_one_language_is_found_by_meaning_in_the_other() -> None:
    """'家居看护津贴' asked of an English page that names the 'Home Caregiving Grant': the glossary knows
    '津贴' (so the name is checked) but not the name; the closest benefit name of the knowledge base, by
    meaning, is that page's, so the page names it. A name closer to another page's benefit, or close to
    none, stays missing: meaning finds names, it never makes one checkable."""
    import numpy as np

    from assistant.answer.documents import BenefitNames

    axes = {"home caregiving grant": 0, "家居看护津贴": 0, "pioneer generation package": 1, "高龄津贴": 2}

    def embed(texts: list[str]) -> np.ndarray:  # a tiny deterministic embedder: one axis a meaning
        rows = np.zeros((len(texts), 4))
        for i, text in enumerate(texts):
            rows[i, axes.get(text.lower(), 3)] = 1.0
        return rows

    names = BenefitNames(["Home Caregiving Grant", "Pioneer Generation Package"], embed)
    page = doc("hcg", "The Home Caregiving Grant is a monthly cash payout.", language="en")
    assert checks.missing_benefit(named("家居看护津贴每月多少钱？"), page, synonyms) == "家居看护津贴"
    assert checks.missing_benefit(named("家居看护津贴每月多少钱？"), page, synonyms, names.synonyms) is None
    assert "home caregiving grant" in names.synonyms("家居看护津贴")
    assert names.synonyms("高龄津贴") == synonyms("高龄津贴")  # close to no name: the glossary's alone
    assert names.synonyms("津贴") == synonyms("津贴")  # a generic word is no benefit's name
    other = doc("pg", "The Pioneer Generation Package helps seniors.", language="en")
    assert checks.missing_benefit(named("家居看护津贴每月多少钱？"), other, synonyms, names.synonyms)


def test_cantonese_question_words_ask_what_mandarin_ones_ask() -> None:
    assert (
        kinds.asked_kind("有問題可以打咩電話查詢？")
        == kinds.asked_kind("有问题可以打什么电话查询？")
        == "phone"
    )
    assert kinds.asked_kind("每個月有幾多錢？") == "amount"
    assert kinds.asked_kind("點數看病可以抵幾多錢？") == kinds.asked_kind("能抵多少？") == "amount"
    assert kinds.mandarin_question_words("边个部门负责？点样申请？") == "哪个部门负责？怎样申请？"


def test_a_question_on_the_age_a_rule_sets_asks_for_an_age() -> None:
    """'幾多歲先可以…', 'what age': the lead states an age; only the lead (no evidence feature, no refusal)."""
    assert kinds.asked_kind("要幾多歲先可以申請？") == kinds.asked_kind("What age can she apply?") == "age"
    assert kinds.asked_kind("要交几多年？") == "duration"
    assert kinds.states("age", "年满六十周岁的老年人") and kinds.states("age", "residents aged 65 or above")
    assert not kinds.states("age", "每月发放100元") and "age" in kinds.LEAD_ONLY


def test_the_subway_is_named_as_regulations_name_it() -> None:
    # Regulations write 城市轨道交通 where people say 'subway' or 'metro'.
    from assistant.text.crosslingual import synonyms

    for everyday in ("subway", "metro"):
        assert {"地铁", "轨道交通", "城市轨道交通"} <= set(synonyms(everyday)), everyday


def test_a_notices_number_is_no_phone_number() -> None:
    assert not kinds.states("phone", "中华民国一百零二年七月十九日行政院院台规字第 1020141353 号公告")
    assert not kinds.states("phone", "内政部（89）台内社字第 8969348 号令")
    assert kinds.states("phone", "查询电话：2835 4000")
    assert kinds.states("phone", "联系人手机13912345678")
    assert kinds.states("phone", "热线：020-12345678")


def test_someone_asking_the_elder_for_money_asks_no_fee() -> None:
    from assistant.text.asks import fee_asked

    assert kinds.asked_kind("老人可以拒绝子女要钱吗？") is None
    assert fee_asked("老人可以拒绝子女要钱吗？") is None
    assert fee_asked("去公园要钱吗？") == "pay"  # the elder pays, or not


def test_whether_one_pays_in_everyday_words_is_a_fee_asked_with_a_verdict() -> None:
    from assistant.query import understand

    for question in (
        "办这张卡要钱吗？",
        "补办要花钱吗？",
        "补卡收钱吗？",
        "办证需要缴费吗？",
        "这张卡花不花钱？",
        "办理有没有费用？",
        "辦呢張卡要唔要費用？",
    ):
        query = understand(question)
        assert (query.kind, query.fee, query.asks_verdict) == ("fee", "pay", True), question
    free = understand("这张卡是免费的吗？")
    assert (free.kind, free.fee, free.asks_verdict) == ("fee", "free", True)
    for given in ("老人每个月能领到钱吗？", "政府会给钱吗？"):  # money one gets is no charge one pays
        assert understand(given).fee is None, given


def test_how_old_asked_bare_is_an_age_and_a_rule_not_a_size() -> None:
    from assistant.query import understand

    for question in ("这张卡多大可以办？", "幾大先可以攞呢張咭？", "我妈多大才能申请？"):
        query = understand(question)
        assert (query.kind, query.asks_rule) == ("age", True), question
    assert kinds.asked_kind("每人多大面积？") == "area"
    assert kinds.asked_kind("房间多大才够？") is None  # a size, not an age


def test_where_or_how_one_may_do_something_asks_no_verdict() -> None:
    from assistant.query import understand

    place = understand("Where can my aunt sign up for the meal scheme?")
    assert (place.kind, place.asks_verdict) == ("where", False)
    assert not understand("How can my uncle apply for the card?").asks_verdict
    for how in ("要怎样才能领到这笔补贴？", "點樣先可以攞到呢張咭？"):
        assert not understand(how).asks_verdict, how
    assert understand("几岁才能领这笔补贴？").asks_rule  # only from what age: the rule
    assert understand("When can she get help with her bills?").asks_verdict  # under what conditions
    assert understand("What care can he get at home?").asks_verdict  # what a person may get
    assert understand("Can my aunt get it if she lives alone?").asks_verdict


def test_english_ways_of_asking_whether_one_pays_and_how_soon() -> None:
    from assistant.query import understand

    for question in (
        "Does my uncle have to pay anything for the meals?",
        "Are there any charges for the visits?",
        "Is there a fee for the card?",
    ):
        query = understand(question)
        assert (query.kind, query.fee, query.asks_verdict) == ("fee", "pay", True), question
    assert kinds.asked_kind("How soon will the payment arrive?") == "duration"
    assert kinds.asked_kind("Does the office charge a fee for it?") == "fee"
    assert kinds.asked_kind("办这个要交手续费吗？") == "fee"
    assert kinds.states("fee", "银行应当减免异地取现手续费。")  # a fee waived states the charge
    assert kinds.asked_kind("Which office handles the forms?") == "who"


def test_a_ceiling_on_income_or_wealth_is_a_limit_asked_and_stated_by_a_figure_of_income() -> None:
    for question in (
        "这笔补贴的收入上限是多少？",
        "申請呢個津貼，資產限額係幾多？",
        "What is the asset limit for the grant?",
    ):
        assert kinds.asked_kind(question) == "limit", question
    assert kinds.asked_kind("How much of the flat's value is deducted in the asset test?") == "amount"
    for text in (
        "Monthly household income no higher than 150% of the median for the household's size",
        "个人所有土地及房屋价值，合计新台币五百万元以上。",
        "Per-person monthly household income of $2,800 or less",
    ):
        assert checks.states_asked("limit", text), text
    assert not checks.states_asked("limit", "每月发放高龄津贴200元。")  # a sum paid is no ceiling
    assert "limit" not in kinds.LEAD_ONLY  # nothing stating one: the documents do not say


def test_a_sum_taken_off_a_price_is_not_the_price_asked() -> None:
    assert kinds.asked_role("补办这张卡要交多少钱？") == "charge"
    assert not checks.states_asked("amount", "持卡看病，诊查费减收2元。", "charge")
    assert checks.states_asked("amount", "补办收费每张20元。", "charge")
    # what is taken off, asked: the sum off answers
    assert kinds.asked_role("How much off the clinic fee do seniors get?") is None
    assert checks.states_asked(
        "amount", "持卡看病，诊查费减收2元。", kinds.asked_role("看病费用能便宜多少？")
    )
    # points one gets beside a sum off: the sentence states what one gets
    assert not kinds.reductions_only("每月享有800点额度，可在诊所折抵30元。")


def test_a_notary_or_a_visa_is_no_benefit_card() -> None:
    # '证' ends a card's name ('优待证'), not a notarisation (公证) or a visa (签证)
    assert asks.named_benefits("我妈62岁，去公证处办公证要不要钱？") == []
    assert asks.named_benefits("老人办签证有优惠吗？") == []
    assert [n for n, _ in asks.named_benefits("广州老年人优待证怎么办？")] == ["老年人优待证"]


def test_how_much_a_period_asks_an_amount_and_how_many_of_something_does_not() -> None:
    assert kinds.asked_kind("照顧津貼每月多少？") == "amount"
    assert kinds.asked_kind("高龄津贴一个月有几多？") == "amount"
    assert kinds.asked_kind("每月多少小时上门服务？") == "hours"
    # points, not money: an amount of points, which only points answer
    assert kinds.asked_kind("積分卡每個月送幾多點？") == "amount"
    assert kinds.asked_role("積分卡每個月送幾多點？") == "points"
    assert kinds.asked_kind("一年多少次体检？") == "duration"  # how often, not an amount


def test_a_benefit_named_after_a_place_s_possessive_is_a_name() -> None:
    assert asks.named_benefits("How much is Taiwan's special care allowance each month?") == [
        ("special care allowance", ["special care allowance"])
    ]
    assert asks.named_benefits("Can my mum's pension be paid here?") == []


def test_a_verb_ends_no_benefit_s_name() -> None:
    # 'my dad claim Macao subsidy' names no 'dad claim subsidy' that no page could hold
    assert asks.named_benefits("Can my dad claim Macao subsidy for senior citizens?") == []
    assert asks.named_benefits("Can my father get his Guangdong Scheme allowance in Zhuhai?") == [
        ("Scheme allowance", ["Scheme allowance"])
    ]


def test_a_year_of_the_person_s_life_is_no_policy_year() -> None:
    question = "My grandfather was born in 1940 and became a Singapore citizen in 1980. Is he a Pioneer?"
    assert kinds.years_asked(question) == set()
    assert kinds.years_asked("She retired in 2015; what pension does she get in 2025?") == {"2025"}
    assert kinds.years_asked("Is a Singapore citizen eligible in 2025?") == {"2025"}  # no event of hers


def test_being_charged_asks_whether_one_pays() -> None:
    assert asks.fee_asked("Is a 72-year-old low-income elder in Taiwan charged NHI premiums?") == "pay"
    assert asks.fee_asked("Will my dad be charged for the ferry?") == "pay"
    assert asks.fee_asked("How much is charged for a nursing home bed?") is None


def test_a_benefit_s_name_starts_after_the_asker_and_their_verbs() -> None:
    named = lambda q: [n for n, _ in asks.named_benefits(q)]  # noqa: E731
    assert named("我爸退休证丢了") == ["退休证"]  # not '我爸退休证', named back to the asker
    assert named("领取护理补贴需要什么条件？") == ["护理补贴"]
    assert named("你好，我想问一下养老金怎么领") == ["养老金"]
    assert named("我爸拿到居住证了，可以办优待卡吗？") == ["居住证", "优待卡"]


def test_an_english_question_whether_it_is_free_asks_a_verdict() -> None:
    assert asks.asks_verdict("Do Guangzhou seniors aged 62 ride the bus for free?")
    assert asks.asks_verdict("Is the bus free?")
    assert not asks.asks_verdict("Which services are free of charge?")  # a list, not a yes or no


def test_who_is_bound_to_a_duty_asks_no_verdict() -> None:
    assert not asks.asks_verdict("哪些单位有义务为老年人设置优先窗口？")
    assert not asks.asks_verdict("什么人有责任赡养老人？")
    assert asks.asks_verdict("哪些人可以免费坐公交？")  # who may have it: the rule answers, 'yes'


def test_a_hyphenated_english_term_is_the_glossarys_term() -> None:
    from assistant.text.crosslingual import synonyms, translations

    assert "高龄津贴" in translations("can she get the old-age allowance?", True)
    assert "高龄津贴" in synonyms("old-age allowance")
    assert "长期照顾" in translations("long term care services", True)  # the glossary writes it hyphenated


def test_the_glossary_carries_everyday_care_words_across_languages() -> None:
    """Words of Hong Kong and Macao care ('安老院', '社署', '综援') and of means tests reach the other
    language's pages, and jieba keeps them whole."""
    from assistant.text.crosslingual import translations
    from assistant.text.segment import Segmenter

    assert "home for the elderly" in translations("阿爷想入安老院", False)
    assert "social welfare department" in translations("去社署登记", False)
    assert "comprehensive social security assistance" in translations("有综援可唔可以申请", False)
    assert "居住证" in translations("She has a residence permit", True)
    assert "joint account" in translations("可唔可以用联名户口收钱", False)
    assert "存款" in translations("What if her savings are above the limit?", True)
    assert "安老院" in Segmenter().tokens("想入安老院")


def test_who_to_call_how_often_and_a_year_range() -> None:
    """'Who do I call…' asks a phone number, 'how often' a length of time; a year range ('2021-2025') is
    no phone number, a hotline's eight digits are."""
    from assistant.text import kinds

    assert kinds.asked_kind("Who do I call about the senior card?") == "phone"
    assert kinds.asked_kind("What number should we dial for help?") == "phone"
    assert kinds.asked_kind("How often is the allowance raised?") == "duration"
    assert not kinds.states("phone", "From 2021-2025, members get an extra top-up.")
    assert kinds.states("phone", "Call the enquiry line 2345 6789.")


def test_what_papers_as_data_and_how_old_as_age() -> None:
    from assistant.text import kinds

    assert kinds.asked_kind("办理优待证要交什么资料？") == "documents"
    assert kinds.asked_kind("多大年龄可以申请？") == "age"


def test_cantonese_content_words_are_searched_in_a_pages_mandarin() -> None:
    """'睇', '揀', '搭', '攞' are written '看', '选', '乘坐', '领' by a Mainland page: searched for too."""
    from assistant.text.kinds import mandarin_words
    from assistant.text.script import to_simplified

    assert set(mandarin_words(to_simplified("阿爺想揀個監護人，搭巴士去睇醫生"))) >= {"选", "乘坐", "看"}
    assert mandarin_words("北京老人可以申请什么补贴") == []
    assert mandarin_words("入老人院要几多钱") == ["养老院"]


def test_a_count_is_asked_with_a_measure_word_and_stated_with_that_of_what_is_counted() -> None:
    assert kinds.asked_kind("这家护理院一共能住多少人？") == "count"
    assert kinds.counted("这家护理院一共能住多少人？") == "people"
    assert kinds.counted("全區開咗幾多間長者飯堂？") == "places"  # Cantonese '幾多'
    assert kinds.counted("How many beds does each ward hold?") == "beds"
    assert kinds.counted("一个护工每天要照顾几个老人？") == "per"  # people per carer: a staffing ratio
    assert kinds.counted("有几张床位？住了几个老人？") is None  # two things counted
    # not a count: how long, an allowance, a family told of, 'which'
    assert kinds.asked_kind("审批要几个工作日？") == "duration"
    assert kinds.asked_kind("要等幾多個工作天？") == "duration"
    assert kinds.asked_kind("佢一年可以領幾多長者金？") == "amount"
    assert kinds.asked_kind("我有几个子女都在外地，可以申请吗？") != "count"
    assert kinds.asked_kind("哪几家银行可以办？") != "count"
    # stated by the measure word of what is counted, before or after its number
    assert kinds.states_count("每个单元服务人数不得超过十二人。", "people")
    assert kinds.states_count("全市居家养老的老人为12.5万。", "people")
    assert kinds.states_count("已建成长者饭堂86家。", "places")
    assert kinds.states_count("The department runs seven regional service offices.", "places")
    assert not kinds.states_count("平均每人应有十平方公尺以上。", "people")  # a floor area
    assert not kinds.states_count(
        "每照顾八人应置一人；未满八人者，以八人计。", "people"
    )  # staff, not those taken in
    assert kinds.states_count("每照顾八人应置一人；未满八人者，以八人计。", "per")
    assert not kinds.states_count("每一房间至多设三床。", "people")
    assert kinds.states_count("每一房间至多设三床。", "beds")


def test_an_age_states_no_length_of_time() -> None:
    assert not kinds.states("duration", "Residents aged 65 years or above may apply.")
    assert not kinds.states("duration", "Applicants must be 70 years old.")
    assert kinds.states("duration", "可提前2个月申请，每3周复查一次。")
    assert kinds.states("duration", "Contributions for 15 years are needed.")


def test_how_often_is_answered_by_a_frequency() -> None:
    assert kinds.asks_often("这笔钱多久发一次？") and kinds.asks_often("How often is it paid?")
    assert not kinds.asks_often("提前多久可以申请？")
    assert kinds.states_often("每逢重阳节发放慰问金。") and kinds.states_often("按月发放。")
    assert kinds.states_often("It is paid monthly.") and kinds.states_often("每两年复核一次。")
    assert not kinds.states_often("对年满七十岁的老人发放慰问金。")
    assert checks.states_asked("duration", "每逢重阳节发放慰问金。", "often")
    assert kinds.states_frequency("应当一年至少进行一次资格认证。") and kinds.states_frequency(
        "Renew it once a year."
    )
    assert not kinds.states_frequency("可补发24个月内的待遇。")
    assert not checks.states_asked("duration", "每逢重阳节发放慰问金。", None)


def test_an_age_asked_in_full_years_is_an_age() -> None:
    assert kinds.asked_kind("年满多少周岁才可以办卡？") == "age"  # '周岁' is no week
    assert kinds.asked_kind("要幾多周歲先可以申請？") == "age"
    assert kinds.asked_kind("批下来要等几周？") == "duration"


def test_how_long_since_is_answered_by_a_date() -> None:
    assert kinds.asks_since("这个条例实施多久了？") and kinds.asks_since("How long has the scheme run?")
    assert not kinds.asks_since("审批通常需要多久？")
    assert checks.states_asked("duration", "The scheme was launched on 1 January 2019.", "since")
    assert not checks.states_asked("duration", "The scheme was launched on 1 January 2019.", None)


def test_a_chinese_benefit_name_is_found_on_an_english_page_by_what_it_is_for() -> None:
    page = doc("sg", "Benefits include: • Outpatient Care Subsidies • MediSave Top-Ups", language="en")
    assert checks.missing_benefit(named("新加坡有什么门诊补贴？"), page, synonyms) is None
    rental = doc("hk", "The scheme does not cover rental costs.", language="en")
    assert (
        checks.missing_benefit(named("香港有没有牙科补贴？"), rental, synonyms) == "牙科补贴"
    )  # no typo match
    chinese = doc("gz", "老年人持优待卡在公立医院门诊就医……")
    assert checks.missing_benefit(named("广州有没有牙科补贴？"), chinese, synonyms) == "牙科补贴"


def test_public_money_spent_answers_only_what_was_spent() -> None:
    invested = "近三年共投入1200万元新建长者活动中心25家。"
    assert kinds.asked_role("这个区建活动中心一共投入了多少钱？") == "funding"
    assert checks.states_asked("amount", invested, "funding")
    assert not checks.states_asked("amount", invested, "benefit")
    assert not checks.states_asked("amount", invested, "charge")
    assert checks.states_asked("amount", invested, None)  # no role asked: any sum may answer
    # a payout named beside the budget it comes from is still a payout
    assert checks.states_asked("amount", "由财政拨付，每人每月发放护理补贴300元。", "benefit")


def test_points_a_card_carries_answer_only_a_question_on_points() -> None:
    assert kinds.asked_kind("敬老卡每個月有幾點？") == "amount"
    assert kinds.asked_role("敬老卡每個月有幾點？") == "points"
    assert kinds.asked_role("How many points does the card give each month?") == "points"
    assert kinds.asked_kind("中心每日幾點開門？") == "clock"  # a time of day, not points
    points = "持卡人每月享有800點的免費額度。"
    assert checks.states_asked("amount", points, "points")
    assert not checks.states_asked("amount", points, None)  # points are no sum of money
    assert not checks.states_asked("amount", "每趟可折抵新台幣30元。", "points")


def test_a_time_of_day_is_asked_and_stated_on_the_clock() -> None:
    assert kinds.asked_kind("社区食堂几点开门？") == "clock"
    assert kinds.asked_kind("办事处的办公时间是什么？") == "clock"
    assert kinds.asked_kind("What are the office hours of the centre?") == "clock"
    assert kinds.asked_kind("每个月有几个小时的上门服务？") == "hours"  # how many hours, not when
    assert kinds.asked_kind("申请有几点要注意？") is None  # a few points to mind
    assert kinds.states("clock", "服務時間為上午九時至下午五時。")
    assert kinds.states("clock", "Open from 9 a.m. to 5 p.m. on weekdays.")
    assert kinds.states("clock", "呼援中心提供24小时服务。")
    assert not kinds.states("clock", "Apply in person during office hours.")  # no time stated
    assert not kinds.states("clock", "每月提供6小时的上门服务。")


def test_how_it_is_charged_is_answered_by_a_charge_or_its_being_free() -> None:
    assert kinds.asked_kind("体检的收费标准是什么？") == "fee"
    assert kinds.asked_kind("日间照料中心怎么收费？") == "fee"
    assert kinds.asked_kind("护理员工资是多少？") == "amount"
    assert kinds.asked_kind("护理员的工资待遇有什么要求？") is None
    assert kinds.asked_kind("高龄津贴大概有多少？") == "amount"
    assert kinds.asked_kind("高龄津贴有多少人领？") == "count"  # how many people, not how much


def test_leaving_a_duty_undone_is_asked_of_the_duty_and_a_rule_making_it_one_says_no() -> None:
    from assistant.answer.verdict import duty_on

    assert asks.left_undone("子女可以不照顾父母吗？") == "照顾"
    assert asks.left_undone("個仔可唔可以唔探望佢？") == "探望"
    assert asks.left_undone("Can a son refuse to support his mother?") == "support"
    assert asks.left_undone("能不能领取补贴？") is None  # whether one may, not whether one may not
    assert asks.left_undone("可以领取补贴吗？") is None
    assert duty_on("探望", "家庭成员应当经常探望老年人。")
    assert duty_on("养", "赡养人不得拒绝履行赡养义务。")  # '养' of '养父母', met by the duty's own word
    assert duty_on("support", "赡养人应当履行赡养义务。")  # through the glossary's Chinese
    assert not duty_on("办", "委托他人代办须提供代办人身份证。")  # an 'ought' near a character is no duty
    assert not duty_on("探望", "老年人有权拒绝子女的经济要求。")


def test_the_price_of_a_ride_or_an_entry_asks_its_fare_rule_not_any_sum() -> None:
    assert kinds.asked_kind("阿婆搭巴士要幾多錢？") == "fee"
    assert kinds.asked_kind("老人坐BRT要几多钱？") == "fee"
    assert kinds.asked_kind("How much is the ferry fare for seniors?") == "fee"
    assert kinds.asked_kind("长寿金每月多少钱？") == "amount"  # a payout's sum
    assert kinds.asked_kind("补办证件要多少钱？") == "amount"  # a charge for a paper, not a ride


def test_how_much_one_pays_asks_a_sum_not_whether_one_pays() -> None:
    from assistant.query import understand

    question = "How much can a care home ask the family to pay for extra services?"
    assert asks.fee_asked(question) is None
    assert not understand(question).asks_verdict
    assert asks.fee_asked("Do we have to pay for the extra services?") == "pay"


def test_an_english_benefit_named_by_what_it_is_for_is_held_by_a_chinese_page_using_that_term() -> None:
    from assistant.answer.checks import head_held

    page = doc("mo", "申请平安通呼援服务特别援助金，每月金额最高为澳门币一百元。", "澳门")
    assert head_held("personal alarm allowance", page)
    assert not head_held("personal alarm", page)  # no generic word to take off: the benefit check's
    assert not head_held("meal allowance", page)


def test_applying_online_is_asked_and_stated_by_a_channel_online() -> None:
    assert kinds.asks_online("張卡可唔可以喺網上申請？") and kinds.asks_online("Can my dad apply online?")
    assert kinds.asks_online("能不能用手机办？")
    assert not kinds.asks_online("要带什么证件去申请？")
    assert kinds.states_online("可在“穗好办”APP线上申领。") and kinds.states_online(
        "1. Online Application; or"
    )
    assert not kinds.states_online("请携带身份证到街道服务中心办理。")


def test_who_runs_a_service_is_a_kind_of_its_own() -> None:
    assert kinds.asked_kind("这个送餐服务由哪个机构负责？") == "who"
    assert kinds.asked_kind("Who operates the day care centre?") == "who"
    assert kinds.asked_kind("去哪个中心申请？") == "where"  # an office to go to, not a body in charge
    assert kinds.asked_kind("谁可以申请？") is None  # who qualifies is a rule, not a body
    assert checks.states_asked("who", "该服务交由街坊总会承办。")
    assert checks.states_asked("who", "The centre is operated by a charity.")
    assert not checks.states_asked("who", "申请人须填写申请表。")


def test_floor_area_storeys_web_addresses_and_shares_are_kinds() -> None:
    assert kinds.asked_kind("日照中心每位长者要有几平方的空间？") == "area"
    assert checks.states_asked("area", "寢室平均每人應有七平方公尺以上。")
    assert not checks.states_asked("area", "每一寢室不得超過四床。")
    assert kinds.asked_kind("Which floor is the day care centre allowed on?") == "storey"
    assert checks.states_asked("storey", "設立之樓層以地面樓層五樓為限。")
    assert kinds.asked_kind("申请表喺边个网站下载？") == "web"
    assert checks.states_asked("web", "Forms are on www.example.gov.hk.")
    assert not checks.states_asked("web", "Forms are at the district office.")
    assert kinds.asked_kind("What proportion of residents are over 65?") == "ratio"
    # two things asked, one a count: the count's rule comes first, the area's beside it
    assert kinds.asked_kind("每人多少面积？一次可以照顾几位长者？") == "count"


def test_what_follows_from_something_is_a_kind_of_its_own() -> None:
    assert kinds.asked_kind("张卡唔续期会点？") == "consequence"
    assert kinds.asked_kind("What happens if the card is not renewed?") == "consequence"
    assert kinds.asked_kind("会点样申请？") is None  # 'how will one apply', not what follows
    assert checks.states_asked("consequence", "逾期未续期的，优待功能暂停。")
    assert checks.states_asked("consequence", "The account will be suspended.")
    assert not checks.states_asked("consequence", "申请人须填写申请表。")


def test_everyday_ways_of_asking_read_as_their_kinds() -> None:
    assert kinds.asked_kind("啥时候开始实行的？") == "date"
    assert kinds.asked_kind("由哪家单位承办？") == "who"
    assert kinds.asked_kind("What day of the month is it paid?") == "date"
    assert kinds.asked_kind("一个月能领几百块？") == "amount"
    assert kinds.asked_kind("补贴一年给几回？") == "duration"
    assert kinds.asks_often("How many times a year is it paid?")
