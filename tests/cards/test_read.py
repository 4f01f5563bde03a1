"""Cards read at ingestion: what each benefit gives, to whom, cited to its sentence, never guessed."""

from __future__ import annotations

from pathlib import Path

from assistant.cards.guard import guard_card
from assistant.cards.read import benefit_names, read_cards

from .helpers import by_name, cards_of, documents

TIERS = """---
title: 某市老年人优待指南
region: 广州
---
公园优惠

本市收费公园，对满60周岁不满65周岁的老年人实行半票优惠，对65周岁以上的老年人实行免费。

高龄津贴

本市户籍的80周岁以上老年人，每人每月发放高龄津贴200元。

全市今年投入3270万元新建日间照料中心40家，已有1.75万名老人签约。
"""

ALLOWANCE = """---
title: Home Help Grant (Example City)
region: Singapore
---
Home Help Grant

A cash payout of $300 each month for families who look after seniors at home.

Who is eligible?

To qualify, the care recipient must:

• Be a Singapore Citizen or PR.
• Have a per-person monthly household income of $2,800 or less.
• Have moderate to severe disability.

How to apply

Apply online, or hand in the form at any Silver Generation office. Call the hotline 1800 650 6060 for help.
"""


def test_tiers_in_one_sentence_are_two_cards_each_with_its_own_age(tmp_path: Path) -> None:
    doc = documents(tmp_path, {"tiers.md": TIERS})["tiers"]
    cards = cards_of(doc)
    half = next(c for c in cards if any(g.value == 50 for g in c.gives))
    free = next(c for c in cards if any(g.what == "free" for g in c.gives) and c is not half)
    assert {(c.field, c.op, c.value) for c in half.conditions} >= {("age", ">=", 60), ("age", "<", 65)}
    assert ("age", ">=", 65) in {(c.field, c.op, c.value) for c in free.conditions}
    assert not any(c.op == "<" for c in free.conditions)
    for card in (half, free):  # every field cites the sentence it was read from, verbatim
        for field in (*card.conditions, *card.gives):
            assert doc.text[field.cite.start : field.cite.end] == field.cite.quote


def test_an_amount_with_its_currency_period_and_conditions(tmp_path: Path) -> None:
    cards = cards_of(documents(tmp_path, {"tiers.md": TIERS})["tiers"])
    allowance = by_name(cards, "高龄津贴")
    amount = next(g for g in allowance.gives if g.what == "amount")
    assert (amount.value, amount.currency, amount.period) == (200, "CNY", "month")
    keys = {(c.field, c.op, c.value) for c in allowance.conditions}
    assert ("age", ">=", 80) in keys and ("residence", "is", "household registration") in keys


def test_money_spent_building_and_people_counted_are_not_benefits(tmp_path: Path) -> None:
    cards = cards_of(documents(tmp_path, {"tiers.md": TIERS})["tiers"])
    values = {g.value for c in cards for g in c.gives}
    assert not values & {32_700_000, 17_500, 40}


def test_eligibility_list_ceilings_and_application(tmp_path: Path) -> None:
    doc = documents(tmp_path, {"grant.md": ALLOWANCE})["grant"]
    card = by_name(cards_of(doc), "Home Help Grant")
    assert card.kind == "cash"
    assert [(g.value, g.currency, g.period) for g in card.gives if g.what == "amount"] == [
        (300, "SGD", "month")
    ]
    keys = {(c.field, c.op) for c in card.conditions}
    assert {("income", "<="), ("care_need", "is"), ("residence", "is")} <= keys
    income = next(c for c in card.conditions if c.field == "income")
    assert (income.value, income.period, income.currency) == (2800, "month", "SGD")
    # "Citizen or PR": either status will do, but one must be held (living there is not enough)
    residence = next(c for c in card.conditions if c.field == "residence")
    assert residence.value == "registered"
    assert "or" in residence.text  # shown with both its alternatives, so the one met is seen
    assert any("1800 650 6060" in contact for contact in card.apply.contacts)
    assert card.apply.where and "online" in card.apply.where.lower()


def test_a_field_the_text_does_not_state_is_absent(tmp_path: Path) -> None:
    doc = documents(tmp_path, {"grant.md": ALLOWANCE})["grant"]
    card = by_name(cards_of(doc), "Home Help Grant")
    assert not any(c.field == "age" for c in card.conditions)
    assert card.effective is None and card.expires is None
    assert not any(c.field in ("assets", "contribution_years") for c in card.conditions)


def test_news_without_a_benefit_reads_no_card(tmp_path: Path) -> None:
    news = "---\ntitle: 市长调研养老工作\nregion: 洛阳\n---\n市长一行来到社区，详细了解养老服务工作情况，要求各部门提供优质服务，推动养老事业发展。\n"
    assert cards_of(documents(tmp_path, {"news.md": news})["news"]) == []


def test_a_card_shown_to_get_something_else_does_not_name_the_benefit(tmp_path: Path) -> None:
    text = (
        "---\ntitle: 优待指南\nregion: 广州\n---\n办理公证优惠\n\n"
        "年满60周岁不满65周岁的老年人，持广州市老年人优待卡办理公证时，公证费予以减半。\n"
        "65周岁以上的老年人，持广州市老年人优待卡办理公证时，公证费予以全免。\n"
    )
    cards = cards_of(documents(tmp_path, {"notary.md": text})["notary"])
    assert not any(c.name == "广州市老年人优待卡" for c in cards)
    assert len([c for c in cards if c.name.startswith("办理公证优惠")]) == 2


def test_a_verb_of_giving_is_not_part_of_a_benefits_name() -> None:
    assert benefit_names("厦门给90周岁以上的老年人发放过节费500元") == ["过节费"]


def test_benefit_names_in_three_scripts() -> None:
    assert "Subsidy for Senior Citizens" in benefit_names("apply for the “Subsidy for Senior Citizens” now")
    assert any(
        name.endswith("特別照顧津貼") for name in benefit_names("請領中低收入老人特別照顧津貼之受照顧者")
    )
    assert any(name.endswith("高龄津贴") for name in benefit_names("每人每月发放高龄津贴200元"))
    # a scheme named with what it is on: what a name in another language can be matched by
    assert "Pilot Scheme on Home Care" in benefit_names(
        "the Pilot Scheme on Home Care and Support for Elders"
    )
    # an insurance bought for the elder, named as what was bought; a premium or a policyholder's office is not
    assert "某市长者平安意外险" in benefit_names("由区政府为其投保了某市长者平安意外险，保费全免。")
    assert not benefit_names("经与投保资料确认后，于其所属投保单位保险费计算表内减免之")


def test_the_guard_sets_aside_a_figure_its_sentence_does_not_state(tmp_path: Path) -> None:
    doc = documents(tmp_path, {"tiers.md": TIERS})["tiers"]
    card = by_name(cards_of(doc), "高龄津贴")
    wrong = card.with_(
        conditions=tuple(
            c.__class__(**{**c.__dict__, "value": 75}) if c.field == "age" else c for c in card.conditions
        )
    )
    guarded = guard_card(wrong, doc)
    assert not any(c.field == "age" for c in guarded.conditions)
    assert any("75" in note for note in guarded.review)
    assert guard_card(card, doc) == card  # what the machine read passes as it is


def test_cards_are_read_the_same_every_time(tmp_path: Path) -> None:
    doc = documents(tmp_path, {"grant.md": ALLOWANCE})["grant"]
    from assistant.ingest.chunk import chunk_document

    assert read_cards(doc, chunk_document(doc)) == read_cards(doc, chunk_document(doc))


REFUSALS = """---
title: 某市老人生活津貼發給辦法
region: 臺灣
---
第 2 條
年滿六十五歲之老人，每月發給本津貼新臺幣三千元。

第 3 條
有下列情形之一者，不予發給；已發給者，應予追回其已領之津貼：
一、已領取政府發放之其他生活補助者。
二、未依本辦法規定檢附文件者。

第 4 條
已領取本津貼者，仍符合下列規定者，不受前條第一款規定之限制：
一、年滿九十歲。
"""


def test_a_refusal_lists_cases_an_exemption_lists_none(tmp_path: Path) -> None:
    card = cards_of(documents(tmp_path, {"refusals.md": REFUSALS})["refusals"])[0]
    excluded = [c for c in card.conditions if c.op == "not"]
    assert [c.field for c in excluded] == ["benefit"]  # the other benefit, not the missing paperwork
    assert "其他生活補助" in excluded[0].text
    ages = {(c.op, c.value) for c in card.conditions if c.field == "age"}
    assert ages == {(">=", 65)}  # the exemption's 90 is not the benefit's condition


def test_a_laws_years_of_age_is_an_age_rule_quoted_as_written(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Farmers Allowance Act\nregion: Taiwan\n---\n"
        "Article 3\n\nThe allowance is for a citizen 65 years of age or older who has farmed for 15 years.\n\n"
        "Article 4\n\nThe allowance is NT$7,000 per month.\n"
    )
    doc = documents(tmp_path, {"act.md": text})["act"]
    card = cards_of(doc)[0]
    age = next(c for c in card.conditions if c.field == "age")
    assert (age.op, age.value) == (">=", 65)
    assert age.text == "65 years of age or older" and age.text in age.cite.quote


RESPECTIVELY = """---
title: 某市老年人福利汇总
region: 厦门
---
高龄津贴

本市户籍的百岁以上老人，每人每月可领到1100元高龄津贴；此外，各区还向80周岁—89周岁和90周岁—99周岁的老人每人每月分别发放100元和200元高龄津贴。
"""


def test_ages_and_amounts_paired_respectively_are_one_tier_each(tmp_path: Path) -> None:
    """'分别' pairs the ages with the amounts in order: 80-89 gets 100, 90-99 gets 200 (both ends of a
    span included); '百岁以上' is 100 and over, and the guard lets the card show it."""
    doc = documents(tmp_path, {"allowance.md": RESPECTIVELY})["allowance"]
    cards = [guard_card(card, doc) for card in cards_of(doc)]
    tiers = {
        tuple(sorted((c.op, c.value) for c in card.conditions if c.field == "age")): [
            g.value for g in card.gives
        ]
        for card in cards
    }
    assert tiers[((">=", 100),)] == [1100]
    assert tiers[(("<", 90), (">=", 80))] == [100]
    assert tiers[(("<", 100), (">=", 90))] == [200]
    assert all(not card.review for card in cards), [card.review for card in cards]


REFERRING = """---
title: 某市老年人优待办法
region: 广州
---
第六条 年满60周岁不满65周岁的老年人持本市老年人优待凭证乘坐市内公共汽车和城市轨道交通，享受半价优惠。

65周岁以上老年人持本市老年人优待凭证免费享受前款优待。
"""


def test_a_tier_that_points_back_is_named_after_the_benefit_it_points_to(tmp_path: Path) -> None:
    """'免费享受前款优待' is no name a reader understands: the 65+ tier is named after the paragraph before
    it, and a benefit given on several ways of getting about as people name it: public transport."""
    doc = documents(tmp_path, {"concessions.md": REFERRING})["concessions"]
    names = [card.name for card in cards_of(doc)]
    free = next(card for card in cards_of(doc) if any(g.what == "free" for g in card.gives))
    assert free.name == "公共交通免费", names
    assert ("age", ">=", 65) in {(c.field, c.op, c.value) for c in free.conditions}
    half = next(card for card in cards_of(doc) if any(g.what == "discount" for g in card.gives))
    assert half.name == "公共交通半价优惠", names
    # one way of getting about, or a heading's own name, stays as written
    one = documents(tmp_path / "one", {"bus.md": REFERRING.replace("和城市轨道交通", "")})["bus"]
    assert all("公共交通" not in card.name for card in cards_of(one)), [c.name for c in cards_of(one)]
    named = documents(tmp_path / "named", {"named.md": NAMED_TRANSIT})["named"]
    assert [card.name for card in cards_of(named)] == ["公交和地铁免费乘坐"]


NAMED_TRANSIT = """---
title: 某市老年人福利汇总
region: 广州
---
公交和地铁免费乘坐

65周岁以上的本市户籍老人，均可免费乘坐公交汽车、地铁。
"""


ITEMS = """---
title: 老人醫療費用補助辦法
region: 台灣
---
第 5 條
清寒老人補助項目及基準如下：
一、住院膳食費，年滿八十歲者，由中央主管機關全額補助；未滿八十歲者，由地方主管機關訂定補助基準。
二、看護費用，以住院期間所生者為限。
"""


def test_an_item_of_a_benefits_list_of_items_is_named_by_what_it_pays_for(tmp_path: Path) -> None:
    """'X補助項目如下：一、住院膳食費，…全額補助': the item's card is X's subsidy of that item."""
    doc = documents(tmp_path, {"items.md": ITEMS})["items"]
    names = [card.name for card in cards_of(doc)]
    assert "清寒老人住院膳食費補助" in names, names
    card = by_name(cards_of(doc), "清寒老人住院膳食費補助")
    assert ("age", ">=", 80) in {(c.field, c.op, c.value) for c in card.conditions}


GROUPS = """---
title: 某市敬老卡
region: 台中
---
敬老卡

敬老卡的補助對象包括設籍本市且年滿65歲以上的老人、年滿55歲以上原住民，以及身心障礙者；持卡人每月享有1000點的免費額度，也能到國民運動中心運動。
"""


def test_groups_that_qualify_each_on_their_own_are_not_all_required(tmp_path: Path) -> None:
    """'…的老人、…原住民，以及身心障礙者' lists groups, not conditions one person must all meet: the card
    holds the first group's (the elders'); a '國民運動中心' is a sports centre, no citizenship."""
    doc = documents(tmp_path, {"card.md": GROUPS})["card"]
    (card,) = [c for c in cards_of(doc) if c.conditions]
    fields = {(c.field, c.op, c.value) for c in card.conditions}
    assert ("age", ">=", 65) in fields and ("residence", "is", "household registration") in fields
    assert not any(f in {"care_need"} or v == 55 or v == "citizen" for f, _, v in fields), fields


CAREGIVER = """---
title: 某縣特別照顧津貼發給辦法
region: 台灣
---
請領某縣特別照顧津貼（以下簡稱本津貼）之受照顧者應符合下列規定：

一、年滿六十五歲。

二、經評估為重度失能。

請領本津貼之照顧者並應符合下列規定：

一、年齡未滿六十五歲。

二、未從事全時工作。

本津貼每月發給新臺幣五千元。
"""


def test_a_list_under_a_lead_about_the_caregiver_sets_no_condition_of_the_elder(tmp_path: Path) -> None:
    cards = cards_of(documents(tmp_path, {"care.md": CAREGIVER})["care"])
    assert len(cards) == 1, [c.name for c in cards]  # no card named after the caregiver's list
    ages = {(c.op, c.value) for c in cards[0].conditions if c.field == "age"}
    assert ages == {(">=", 65)}  # the elder's age, not the caregiver's 'under 65'


def test_papers_that_prove_identity_and_rules_set_are_no_benefit_names() -> None:
    assert benefit_names("Showing a Valid Hong Kong Identity Card") == []
    assert benefit_names("持居住证办理") == []
    # what follows a verb of setting a rule is what the rule sets ('…订定补助基准'), not a name
    assert benefit_names("由地方主管機關依財政狀況訂定補助基準辦理之") == []
    assert benefit_names("中低收入老人補助項目及基準如下") == ["中低收入老人補助"]


PAPERS = """---
title: 某市养老金申领指南
region: 广州
---
一、办理流程

1.网上申请，填写申报信息。

2.社保经办机构审核。

三、所需材料

1.《基本养老保险待遇申报表》。

填报须知：申报表必须由申领人本人签名。

2.参保人的社会保障卡。

3.本人居民身份证复印件。

4.其他材料。
"""

PAPERS_NO_HEADING = """---
title: Old Age Grant
region: Macao
---
Anyone aged 65 may apply.

1. The application form, duly completed.
2. A photocopy of the applicant's Resident Identity Card.
3. A photocopy of the bank saving book.

1. Apply by post.
2. Apply in person.
"""


def test_where_a_document_lists_the_papers_to_bring(tmp_path: Path) -> None:
    from assistant.cards.read import papers_listed

    docs = documents(
        tmp_path,
        {"papers.md": PAPERS, "noheading.md": PAPERS_NO_HEADING, "care.md": CAREGIVER, "grant.md": ALLOWANCE},
    )
    under = docs["papers"]  # items under a heading naming papers, a note between them ignored
    assert [under.text[a:b] for a, b in papers_listed(under)] == [
        "1.《基本养老保险待遇申报表》。",
        "2.参保人的社会保障卡。",
        "3.本人居民身份证复印件。",
    ]
    items = docs["noheading"]  # a run of items each naming a paper, on a page without headings
    assert [items.text[a:b] for a, b in papers_listed(items)] == [
        "The application form, duly completed.",
        "A photocopy of the applicant's Resident Identity Card.",
        "A photocopy of the bank saving book.",
    ]
    assert papers_listed(docs["grant"]) == []  # no papers listed


def test_a_cards_papers_to_bring_are_the_items_of_a_list_without_a_heading(tmp_path: Path) -> None:
    (card,) = cards_of(documents(tmp_path, {"noheading.md": PAPERS_NO_HEADING})["noheading"])
    assert card.apply.documents == (
        "The application form, duly completed.",
        "A photocopy of the applicant's Resident Identity Card.",
        "A photocopy of the bank saving book.",
    )
    assert {c.quote for c in card.apply.cite} >= set(card.apply.documents)


KEY_REQUIREMENTS = """---
title: Care Support Grant
region: Singapore
---
Care Support Grant

A cash payout of $300 every month for families who look after seniors at home.

Key requirements

Singapore Citizen or PR

Per-person monthly household income of $2,500 or less

Eligibility

The care recipient has to be either a:

• Singapore Citizen

• PR

The care recipient has to satisfy the means test.
"""


def test_short_lines_under_key_requirements_are_conditions_and_one_status_of_a_choice(tmp_path: Path) -> None:
    (card,) = cards_of(documents(tmp_path, {"key.md": KEY_REQUIREMENTS})["key"])
    keys = {(c.field, c.op, c.value) for c in card.conditions}
    assert ("income", "<=", 2500) in keys  # a line of its own under 'Key requirements'
    assert ("income", "is", "low income") not in keys  # 'the means test' is that ceiling
    statuses = [c.value for c in card.conditions if c.field == "residence"]
    assert statuses == ["registered"]  # '• Singapore Citizen' is one side of 'Citizen or PR'


AT_A_GLANCE = """---
title: Carer Support Payout
region: Singapore
---
Carer Support Payout

A payout for families who look after a senior at home.

At a glance

$180 or $320 each month

Household income of $2,000 or less per person
"""


def test_a_sum_paid_each_month_on_a_short_line_of_its_own_is_a_gift_not_a_heading(tmp_path: Path) -> None:
    (card,) = cards_of(documents(tmp_path, {"glance.md": AT_A_GLANCE})["glance"])
    amounts = {(g.value, g.currency, g.period) for g in card.gives if g.what == "amount"}
    assert amounts == {(180, "SGD", "month"), (320, "SGD", "month")}
    assert 2000 not in {g.value for g in card.gives}  # a ceiling of income is a condition, not a gift


CHOICES = """---
title: 某市呼援服务特别援助
region: 澳门
---
符合以下三类条件的一般性援助金受益人，可申请呼援服务特别援助金，每月最高澳门币一百元：

(一) 已年满65岁或以上的独居长者；

(二) 长者本人年满65岁或以上，且与同样年满65岁的人同住；

(三) 其他经评估有特定需要的人士，比如自理能力不足的长期病患者。

有下列情形之一者，停止发给呼援服务特别援助金：

(一) 未满60岁；

(二) 已入住安老院舍。
"""


def test_items_each_a_way_in_keep_the_first_and_a_holder_of_another_benefit_is_a_status(
    tmp_path: Path,
) -> None:
    (card,) = cards_of(documents(tmp_path, {"choices.md": CHOICES})["choices"])
    assert "一般性援助金" not in card.name  # its recipients apply: a status, not what is given
    keys = {(c.field, c.op, c.value) for c in card.conditions}
    assert ("age", ">=", 65) in keys and ("income", "is", "low income") in keys
    assert ("care_need", "is", "care need") not in keys  # the third way in, not a condition of all
    assert ("other", "not", "已入住安老院舍") in keys  # each reason to stop paying still holds


PROVIDERS = """---
title: 某市养老服务条例
region: 上海
---
第十条 本市户籍的80周岁以上老年人，每人每月发放高龄津贴200元。

第十一条 从事社区养老服务设施运营的企业事业单位、社会组织应当遵守服务规范；符合规定条件的，享受相应的税费减免和建设补助等优惠政策。

第十二条 享受政府补贴或者政策优惠的养老服务企业事业单位没有履行相应义务的，由发放补贴的部门收回补贴。
"""


def test_what_a_provider_is_given_is_no_card_of_the_elder(tmp_path: Path) -> None:
    """A grant to those who run care homes and centres ('…运营的企业事业单位…享受…建设补助') is no benefit an
    elder is screened for; the elder's own allowance stays."""
    doc = documents(tmp_path, {"providers.md": PROVIDERS})["providers"]
    names = [card.name for card in cards_of(doc)]
    assert any("高龄津贴" in name for name in names), names
    assert len(names) == 1, names


NUMBERED = """---
title: 某市老年人优待规定
region: 天津
---
第五章 社会优待

第三十条 博物馆、图书馆等公共文化设施应当向老年人免费开放。

乘车须知

1、下列年满65周岁的老年人都能享受免费乘坐公共汽车的优待:具有本市户籍的老年人。

好消息来了，70岁以上老年人凭本市老年人优待卡或身份证，即可刷卡免费入园。
"""


def test_a_cards_name_is_never_its_numbering_nor_the_words_around_the_gift(tmp_path: Path) -> None:
    """'第五章 社会优待' is named '社会优待'; an item '1、下列…都能享受免费乘坐公共汽车的优待:…' is named by
    what is enjoyed; '…凭…优待卡或身份证，即可刷卡免费入园' by what one does, without '即可'."""
    doc = documents(tmp_path, {"numbered.md": NUMBERED})["numbered"]
    names = [card.name for card in cards_of(doc)]
    assert "社会优待" in names, names
    assert "免费乘坐公共汽车的优待" in names, names
    assert "刷卡免费入园" in names, names
    assert not any(name.startswith(("第", "1、", "即可", "，")) for name in names), names


def test_what_a_card_gives_reads_as_the_clause_that_gives_it() -> None:
    """A screen lists '对65周岁以上的老年人实行免费', not a bare '免费'; a clause that runs long is cut back to
    the words read."""
    from assistant.cards.model import Cite, Give

    quote = "第十条 本市收费公园，对满60周岁不满65周岁的老年人实行半票优惠，对65周岁以上的老年人实行免费。"
    free = Give("free", "免费", Cite("c#0", quote, 0, len(quote)))
    assert free.words == "对65周岁以上的老年人实行免费"
    half = Give("discount", "半票", Cite("c#0", quote, 0, len(quote)))
    assert half.words == "对满60周岁不满65周岁的老年人实行半票优惠"
    listed = Give(
        "service", "定期免费体检", Cite("c#1", "（一）建立健康档案、定期免费体检等基本公共卫生服务；", 0, 26)
    )
    assert listed.words == "建立健康档案、定期免费体检等基本公共卫生服务"
    long = "凡年满六十五周岁" + "且" * 60 + "者免费乘车。"
    assert Give("free", "免费乘车", Cite("c#2", long, 0, len(long))).words == "免费乘车"


def test_who_pays_and_the_verb_of_getting_are_not_in_a_benefits_name() -> None:
    assert benefit_names("本市户籍老人可领取高龄津贴。") == ["高龄津贴"]
    assert benefit_names("已領取中低收入老人生活津貼者") == ["中低收入老人生活津貼"]
    assert benefit_names("冬季取暖补贴每户200元") == ["冬季取暖补贴"]  # a word that holds 取
    assert benefit_names("年滿七十歲者，由中央主管機關全額補助；") == []  # who pays, not a name


RESTATED = """---
title: 某市基本养老金申领
region: 广州
---
基本养老金申领

参保人累计缴费满15年，可以按月领取基本养老金，每月发放。

单位或个人应在申领人符合国家规定按月领取基本养老金条件当月申报领取基本养老金。
"""


def test_a_condition_restating_the_benefits_own_eligibility_is_not_one_to_check(tmp_path: Path) -> None:
    """'符合…领取基本养老金条件' on the basic pension's card is the card itself: nothing more to ask."""
    doc = documents(tmp_path, {"pension.md": RESTATED})["pension"]
    for card in cards_of(doc):
        assert not any("养老金条件" in (c.text or "") for c in card.conditions), card


SAID_AGAIN = """---
title: 某市老年人乘车优待
region: 天津
---
乘车优待

年满65周岁的本市户籍老年人享受免费乘坐公共汽车的优待。可以免费乘坐的是本市全程票价在2元以下的常规公共汽车线路。

照顾津贴

经评估为重度失能的老年人，每月发放照顾津贴500元，并由街道提供上门探访服务。
"""


def test_a_clause_saying_again_what_the_benefit_before_gives_is_no_card_and_a_sum_beats_a_vague_service(
    tmp_path: Path,
) -> None:
    """'可以免费乘坐的是…线路' says which buses the free ride before it covers: one card, not two; the allowance
    gives its 500 a month, not also 'provides visiting services'."""
    doc = documents(tmp_path, {"again.md": SAID_AGAIN})["again"]
    cards = cards_of(doc)
    free = [card for card in cards if any(g.what == "free" for g in card.gives)]
    assert len(free) == 1 and free[0].conditions, [card.name for card in cards]
    allowance = next(card for card in cards if any(g.what == "amount" for g in card.gives))
    assert [g.what for g in allowance.gives] == ["amount"], allowance.gives


ONE_SERVICE = """---
title: Referral to Day Care for Seniors
region: Macao
---
Referral to Day Care for Seniors

Where to apply

At the Social Service Centre serving the neighbourhood in which the applicant lives.

Who the service is for

Older people who are incapable of self-care and who require a day care service.
"""


def test_a_page_on_one_service_is_a_card_named_by_its_title(tmp_path: Path) -> None:
    """No sum, no age: a page whose title names one service and says whom it is for has that service's card,
    its condition the care need the page states."""
    doc = documents(tmp_path, {"referral.md": ONE_SERVICE})["referral"]
    card = by_name(cards_of(doc), "Referral to Day Care for Seniors")
    assert ("care_need", "is") in {(c.field, c.op) for c in card.conditions}


RULE_BOOK = """---
title: 某市老年人优待办法
region: 广州
---
第一条 年满60周岁，具有本市户籍的公民，享受本办法规定的优待。

第二条 本市各级人民政府应当在卫生保健、文体休闲等方面给予老年人优待。

第三条 年满60周岁不满65周岁的老年人持本市老年人优待凭证乘坐公共汽车，享受半价优惠。

第四条 公立医院对持本市老年人优待凭证的老年人应当减收普通门诊诊查费。

第五条 符合本市法律援助条件的老年人申请法律援助的，法律援助机构应当依法予以法律援助。

符合本市法律援助条件的老年人办理公证的，公证机构应当按照规定减免公证费。
"""


def test_on_a_rule_book_each_fee_cut_is_a_card_named_by_what_is_done(tmp_path: Path) -> None:
    doc = documents(tmp_path, {"book.md": RULE_BOOK})["book"]
    cards = cards_of(doc)
    clinic = by_name(cards, "诊查费")
    # not '公立医院…应当…': what is done, not who must do it; named as a benefit is, the fee then the cut
    assert clinic.name.startswith("普通门诊") and clinic.name.endswith("费减收")
    assert [g.what for g in clinic.gives] == ["discount"]
    assert {(c.field, c.value) for c in clinic.conditions} >= {
        ("age", 60),
        ("residence", "household registration"),
    }
    notary = by_name(cards, "公证费")
    assert notary.name.endswith("费减免") and not notary.name.startswith("减")
    assert any(c.field == "other" and "法律援助" in str(c.value) for c in notary.conditions)
    # the legal-aid condition is the notary cut's, not the whole book's; the book's general grant
    # ('在卫生保健…等方面给予老年人优待') is a principle, no card to screen for
    assert sorted(c.name for c in cards) == sorted(
        [clinic.name, notary.name, by_name(cards, "公共汽车").name]
    )


TIERED_ITEMS = """---
title: 老人保險費補助辦法
region: 臺灣
---
中低收入老人補助項目及基準如下：

一、全民健康保險之保險費，年滿七十歲者，由中央主管機關全額補助；未滿七十歲者，由地方主管機關依財政狀況訂定補助基準辦理之。
"""


def test_a_tier_giving_nothing_stated_lends_its_age_to_no_other_tier(tmp_path: Path) -> None:
    doc = documents(tmp_path, {"nhi.md": TIERED_ITEMS})["nhi"]
    card = next(c for c in cards_of(doc) if any(g.what == "free" for g in c.gives))
    ages = {(c.op, c.value) for c in card.conditions if c.field == "age"}
    assert ages == {(">=", 70)}  # not also '< 70', which no one could meet beside it


def test_a_condition_in_words_keeps_its_negation(tmp_path: Path) -> None:
    text = """---
title: 某区助餐补贴
region: 南京
---
不属于政府养老扶助对象、年满75周岁及以上的老年人，享受助餐补贴，早餐每餐0.5元。
"""
    card = cards_of(documents(tmp_path, {"meal.md": text})["meal"])[0]
    worded = [str(c.value) for c in card.conditions if c.field == "other"]
    assert worded == ["不属于政府养老扶助对象"]


def test_a_heading_s_gift_is_for_whom_the_sentence_under_it_names(tmp_path: Path) -> None:
    text = """---
title: 某市老年人福利汇总
region: 厦门
---
意外伤害险免费投保

辖区内60周岁以上的户籍老年人，由各区人民政府为其投保了老年人意外伤害保险。

公交免费乘坐

65周岁以上的本市户籍老人，还有70周岁以上的本省户籍老人，均可免费乘坐公交汽车。
"""
    cards = cards_of(documents(tmp_path, {"list.md": text})["list"])
    insured = by_name(cards, "意外伤害保险")  # named as what was bought, its gift the heading's
    assert [g.what for g in insured.gives] == ["free"]
    assert insured.gives[0].cite.quote == "意外伤害险免费投保"
    assert ("age", ">=", 60) in {(c.field, c.op, c.value) for c in insured.conditions}
    # a sentence giving something of its own keeps its own tiers, the heading's gift lent to none
    bus = [c for c in cards if "公交" in c.name]
    assert not any(
        {60, 65} & {c.value for c in card.conditions if c.field == "age"}
        and {70} & {c.value for c in card.conditions if c.field == "age"}
        for card in bus
    )


def test_on_a_rule_book_a_chapter_s_card_takes_no_condition_of_one_article(tmp_path: Path) -> None:
    text = """---
title: 某市老年人权益保障条例
region: 上海
---
## 第五章 社会优待

第四十条 公共文化设施应当向老年人免费或者优惠开放。

对高龄、失能等行动不便的老年人，可以上门立案。
"""
    cards = cards_of(documents(tmp_path, {"rights.md": text})["rights"])
    chapter = by_name(cards, "社会优待")
    assert chapter.gives and not any(c.field == "care_need" for c in chapter.conditions)


def test_a_rule_book_s_articles_share_no_eligibility_of_its_title(tmp_path: Path) -> None:
    text = """---
title: 某市居家养老服务条例
region: 北京
---
第一条 对具有照料护理需求的失能老年人进行评估，为其提供相应照料护理服务。

## 第五章 社会优待

第四十条 公共文化设施应当向老年人免费开放。
"""
    cards = cards_of(documents(tmp_path, {"care.md": text})["care"])
    chapter = by_name(cards, "社会优待")
    assert not any(c.field == "care_need" for c in chapter.conditions)  # the assessment's, not its


def test_an_item_in_a_list_of_services_sets_whom_that_service_is_for_not_the_whole_list(
    tmp_path: Path,
) -> None:
    text = """---
title: 某市在家照护服务条例
region: 北京
---
第十条 社区卫生服务机构应当为居住在家的老年人提供下列服务：
（一）建立健康档案，提供定期免费体检服务；
（二）为卧床老年人提供上门护理服务；
（三）为独居老年人提供关怀访视服务。
"""
    cards = cards_of(documents(tmp_path, {"home.md": text})["home"])
    card = by_name(cards, "照护服务")
    assert any(g.what == "free" for g in card.gives)
    # the second and third items are for whom they name; the check-up is for everyone living at home
    assert not any(c.field in ("care_need", "other") for c in card.conditions), card.conditions


def test_a_ceiling_of_150_percent_is_no_half_price(tmp_path: Path) -> None:
    page = "# 院舍照顾券\n\n年满65岁的长者可获发院舍券，入住院舍每月免费。\n\n长者可另外付费购买额外服务，上限为院舍券面值的150%。\n"
    cards = cards_of(documents(tmp_path, {"voucher.md": page})["voucher"])
    assert cards
    assert not any(g.what == "discount" and g.value == 50 for c in cards for g in c.gives)


def test_every_group_a_sentence_names_gets_what_it_gives(tmp_path: Path) -> None:
    page = (
        "# 敬老优待\n\n公园免费进入\n\n本市户籍、60周岁以上的老年人进入公园，可享受免费。\n\n渡轮免费乘坐\n\n"
        "66周岁以上的本市户籍老人及持本市居住证的老人，还有72周岁以上的本省户籍老人，均可免费乘坐渡轮。\n"
    )
    cards = cards_of(documents(tmp_path, {"ferry.md": page})["ferry"])
    base = by_name(cards, "渡轮免费乘坐")
    assert ("age", ">=", 66) in {(c.field, c.op, c.value) for c in base.conditions}
    assert any(g.what == "free" for g in base.gives)
    tier = next(c for c in cards if c is not base and any(c.value == 72 for c in c.conditions))
    assert "72" in tier.name and any(g.what == "free" for g in tier.gives)


def test_a_free_ride_named_as_the_concession_is_one_gift(tmp_path: Path) -> None:
    page = "# 乘车优待\n\n年满66周岁的老年人都能享受免费乘坐渡轮的优待。\n"
    cards = cards_of(documents(tmp_path, {"ride.md": page})["ride"])
    gives = {g.what for c in cards for g in c.gives}
    assert "free" in gives and "discount" not in gives


def test_assessed_as_suited_to_a_kind_of_care_is_a_care_condition(tmp_path: Path) -> None:
    page = "# 日间照顾券\n\n经评估为适合接受日间照顾服务的长者，可申请日间照顾券，每月免费使用。\n"
    cards = cards_of(documents(tmp_path, {"day.md": page})["day"])
    assert any(c.field == "care_need" for card in cards for c in card.conditions)


def test_an_account_opened_free_of_charge_is_no_gift(tmp_path: Path) -> None:
    page = (
        "# Day Care Vouchers\n\nResidents aged 70 or above may use the Day Care Vouchers.\n\n"
        "On first use, the centre will, free of charge, open a personal voucher account for the elder.\n"
    )
    cards = cards_of(documents(tmp_path, {"vouchers.md": page})["vouchers"])
    assert cards
    assert not any(g.what == "free" for c in cards for g in c.gives)
