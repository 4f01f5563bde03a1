"""Numbers that decide eligibility: what a question says (income, savings, years, birth, citizenship) and
the limits a passage sets, in three scripts."""

from __future__ import annotations

import pytest

from assistant.answer.ask import Assistant
from assistant.text.limits import facts, limits
from assistant.text.profile import parse_profile


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("he makes about NT$600,000 a year renting out a shop", "income_year", 600_000),
        ("出租店面一年收入大約新台幣60萬", "income_year", 600_000),
        ("出租店面一年收入大约新台币六十万", "income_year", 600_000),
        ("我爸每個月收入三萬台幣", "income_year", 360_000),  # a month's income counted for a year
        ("两公婆存款大概八十万", "assets", 800_000),
        ("每月收入三万，存款二十万", "assets", 200_000),  # each sum goes with the word nearest it
        ("每月收入三万，存款二十万", "income_year", 360_000),
        ("My uncle gets NT$50,000 a month in rent.", "income_year", 600_000),
        ("我阿媽有HK$350,000 savings", "assets", 350_000),
        ("每月冇收入", "income_year", 0),
        ("家里人均月收入2000新元", "income_year", 24_000),  # a currency written after the sum
        ("Her income is 2000 SGD a month.", "income_year", 24_000),
        ("存款二十万港元", "assets", 200_000),
        ("我爸在广州交了14年社保", "years", 14),
        ("He has been insured in the farmers' health insurance for 20 years.", "years", 20),
        ("My mother farms in Taiwan, insured 17 years.", "years", 17),
        ("我爸爸1950年3月出生", "born", 1950),
        ("我阿公1946年出世，1988年先入新加坡籍", "citizen", 1988),
    ],
)
def test_facts_from_the_question(question: str, field: str, value: float) -> None:
    assert getattr(facts(question), field) == value
    assert getattr(parse_profile(question), field) == value


def test_limits_from_the_passage() -> None:
    intro = "有下列情形之一者，不予發給福利津貼："
    (income,) = limits("一、農業所得以外之個人綜合所得稅各類所得總額，合計新臺幣五十萬元以上。", intro)
    assert (income.kind, income.value, income.below) == ("income", 500_000, True)
    assert income.check(facts("一年收入大約新台幣60萬")) == "not met"
    assert income.check(facts("一年收入大約新台幣30萬")) == "met"
    assert income.check(facts("沒有提到收入")) is None
    # Without the refusal around it, '五十萬元以上' is no ceiling.
    assert limits("合計新臺幣五十萬元以上。") == []
    (english,) = limits(
        "Tax agencies inform the central Competent Authority that the individual's total taxable income "
        "other than from agriculture totaled in excess of NT$500,000 for the preceding fiscal year.",
        "the allowance shall not be issued",
    )
    assert english.check(facts("makes about NT$600,000 a year")) == "not met"
    (monthly,) = limits("Per-person monthly household income of $3,600 or less")
    assert monthly.value == 3_600 * 12 and monthly.check(facts("income of $3,000 a month")) == "met"
    (years,) = limits("（二）缴费年限条件：达到法定退休年龄时累计缴费满15年。")
    assert years.check(facts("交了14年社保")) == "not met" and years.check(facts("交了16年社保")) == "met"
    (born,) = limits("• Have a birth date on or before 31 December 1949, and")
    assert born.check(facts("1950年3月出生")) == "not met" and born.check(facts("1948年出生")) == "met"
    assert limits("参保人一年至少进行一次资格认证") == []  # once a year is no years rule


@pytest.fixture(scope="module")
def assistant(retriever) -> Assistant:
    return Assistant(retriever)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("我舅舅在台湾，70岁，务农几十年，出租店面一年收入大约新台币60万，可以领老农津贴吗？", "no"),
        ("我舅舅在台灣，70歲，務農幾十年，出租店面一年收入大約新台幣60萬，可以領老農津貼嗎？", "no"),
        (
            "My uncle in Taiwan is 70, farmed for decades, and earns about NT$600,000 a year from renting "
            "out a shop: can he get the elderly farmers allowance?",
            "no",
        ),
        ("我妈在广州只交了13年社保，到了退休年龄，能按月领养老金吗？", "no"),
        ("我爸在廣州交了16年社保，今年到退休年齡了，能按月領養老金嗎？", "yes"),
    ],
)
def test_a_stated_number_against_the_cited_limit(assistant, question, expected) -> None:
    answer = assistant.ask(question)
    assert answer.verdict == expected, answer.text
    # the limit that decides is quoted and cited
    assert any(c.quote for c in answer.citations)
    if expected == "no" and any(word in question for word in ("农", "農", "farmers")):
        assert any("50" in c.quote.replace(",", "") or "五十萬" in c.quote for c in answer.citations)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        ("我爸爸是新加坡公民，算建国一代吗？", "他1948年出生，1980年入籍", "yes"),
        ("我爸爸是新加坡公民，算建國一代嗎？", "佢1948年出世，1990年先入籍", "no"),
        ("My father is a Singapore citizen. Is he in the Pioneer Generation?", "He was born in 1950.", "no"),
    ],
)
def test_depends_asks_and_the_follow_up_decides(assistant, first, follow_up, expected) -> None:
    answer = assistant.ask(first)
    assert answer.verdict == "depends" and answer.missing, answer.text
    later = assistant.ask(follow_up, session_id=answer.session_id)
    assert later.verdict == expected, later.text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # an asset limit for one person (NT$5 million), failed and met, single and as a couple
        ("我爸70岁住台湾，务农，农保加保20年，自己名下土地和房屋值六百万台币，可以领老农津贴吗？", "no"),
        (
            "我爸70歲住台灣，務農，農保加保20年，每月冇收入，自己名下土地和房屋值三百萬台幣，可以領老農津貼嗎？",
            "yes",
        ),
        # the asset limit met, the income limit beside it not told: it depends on the income
        ("我爸70歲住台灣，務農，農保加保20年，自己名下土地和房屋值三百萬台幣，可以領老農津貼嗎？", "depends"),
        (
            "我爸媽兩公婆住台灣，都70歲，務農，農保加保20年，每月冇收入，兩個人名下土地和房屋一共值八百萬台幣，"
            "我爸可以領老農津貼嗎？",
            "yes",
        ),
        (
            "My dad is 70 and farms in Taiwan, insured 20 years; he owns land and a house worth NT$6 million. "
            "Can he get the elderly farmers allowance?",
            "no",
        ),
        (
            "My dad is 70 and farms in Taiwan, insured 20 years, no income; he and my mum own land and a house "
            "worth NT$8 million together as a couple. Can he get the elderly farmers allowance?",
            "yes",
        ),
        # a monthly income against a yearly limit (NT$500,000): 50,000 a month is 600,000 a year
        ("我舅舅在台灣，70歲，務農，農保加保20年，每個月租金收入五萬台幣，可以領老農津貼嗎？", "no"),
        ("我舅舅在台湾，70岁，务农，农保加保20年，每个月租金收入五万台币，可以领老农津贴吗？", "no"),
        (
            "My uncle in Taiwan is 70, a farmer insured for 20 years, and gets NT$50,000 a month in rent. "
            "Can he get the elderly farmers allowance?",
            "no",
        ),
        (
            "My uncle in Taiwan is 70, a farmer insured for 20 years, and gets NT$30,000 a month in rent; his "
            "land and house are worth NT$2 million. Can he get the elderly farmers allowance?",
            "yes",
        ),
        # an exclusion: another government living allowance already received, or asked for with it
        ("老农津贴和其他政府生活津贴可以一起领吗？", "no"),
        ("攞緊老農津貼，仲可唔可以同時攞其他政府生活津貼？", "no"),
        (
            "Can someone get the Taiwan elderly farmers allowance and another government living allowance "
            "at the same time?",
            "no",
        ),
        # 'just turned 65' meets 'aged 65 or above'
        ("My mum just turned sixty-five. Can she apply for the Hong Kong Senior Citizen Card?", "yes"),
        ("我妈妈刚满65岁，可以申请香港长者咭吗？", "yes"),
        ("我阿媽啱啱滿65歲，可唔可以申請香港長者咭？", "yes"),
    ],
)
def test_verdicts_on_assets_income_exclusions_and_age(assistant, question, expected) -> None:
    answer = assistant.ask(question)
    assert answer.verdict == expected, answer.text


def test_an_income_said_with_no_period_is_read_in_the_rules() -> None:
    from assistant.text.limits import limits
    from assistant.text.profile import parse_profile

    rule = limits("Per-person monthly household income of $2,800 or less", "")
    assert [limit.monthly for limit in rule] == [True]
    assert rule[0].check(parse_profile("Our income is $4,000 per person.")) == "not met"  # a month's
    assert rule[0].check(parse_profile("Our income is $2,000 per person.")) == "met"
    assert rule[0].check(parse_profile("Our income is $30,000 a year per person.")) == "met"  # 2,500 a month
