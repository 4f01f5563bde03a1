from __future__ import annotations

import pytest

from assistant.query import place_name
from assistant.text.profile import chinese_number, parse_age, parse_profile


@pytest.mark.parametrize(
    ("question", "age", "region", "relation"),
    [
        ("我父親92歲，住在桂林，可以得到什麼居家服務？", 92, "Guilin", "father"),
        ("我阿媽八十五歲，獨居喺香港，可唔可以攞長者咭？", 85, "Hong Kong", "mother"),
        ("my 85-year-old father lives alone in Guilin", 85, "Guilin", "father"),
        ("My father is 92 and lives in Guilin, what home care can he get?", 92, "Guilin", "father"),
        ("那我妈妈呢？她72岁", 72, None, "mother"),
        ("桂林90岁以上老人有什么居家服务", None, "Guilin", None),  # a threshold asked about, not an age
        ("home care for people over 90 in Guilin", None, "Guilin", None),
        ("我今年67岁，住在台北", 67, "Taipei", "self"),
    ],
)
def test_profile_in_three_scripts(
    question: str, age: int | None, region: str | None, relation: str | None
) -> None:
    profile = parse_profile(question)
    place = place_name(profile.region, "en") if profile.region else None
    assert (profile.age, place, profile.relation) == (age, region, relation)


def test_living_alone_income_and_care_need() -> None:
    profile = parse_profile("My mum lives alone, has dementia and a low income")
    assert profile.living_alone and profile.care_need and profile.low_income
    assert parse_profile("我婆婆獨居，失能，家庭低收入").living_alone is True


def test_chinese_numbers() -> None:
    assert [chinese_number(t) for t in ("八十五", "九十", "六十五", "一百", "65")] == [85, 90, 65, 100, 65]
    assert chinese_number("很多") is None


def test_approximate_and_coming_ages() -> None:
    from assistant.text.profile import parse_age

    assert parse_age("My father turns 65 in November") == 65
    assert parse_age("90岁以上老人有什么服务") is None  # a threshold asked about, not an age


def test_one_number_parser_reads_chinese_numerals_for_ages_and_sums() -> None:
    from assistant.text.limits import _number
    from assistant.text.numbers import number_value

    assert (
        number_value("一百零五") == 105
        and number_value("三万") == 30000
        and number_value("1,200.5") == 1200.5
    )
    assert _number is number_value  # limits read sums with the same parser ages are read with
    assert chinese_number("百") == 100  # a unit alone is one of it ('百岁以上' is a rule for 100 and over)
    assert parse_age("百歲老人有咩津貼？") is None  # but '百歲老人' names centenarians, no one's age


def test_a_screen_question_stating_the_persons_registration_is_still_an_open_one() -> None:
    from assistant.query import asks_screen

    # a hukou, a residence permit or a citizenship is a fact of the person, not what is asked about
    assert asks_screen("我妈68岁，广州户口，有什么优惠？")
    assert asks_screen("My father is 70, a permanent resident. What help is there?")
    assert not asks_screen("桂林七星區的社區老年食堂有什麼服務？")  # asks about canteens
    # a grandparent named in Cantonese ('阿爺', '阿嫲') is the person, not a topic
    assert asks_screen("我阿爺72歲，住喺台灣，係中低收入，有咩補助？")
    assert asks_screen("阿嫲80歲住喺香港，有咩可以攞？")
    # a paper held, or being retired, is told of the person too
    assert asks_screen("外婆持有深圳居住证，今年71岁，有什么优待？")
    assert asks_screen("My uncle is 83, retired, and holds a Macao ID card. What help is there?")
    assert not asks_screen("What concession card can a 66 year old get?")  # asks about a card
    # 'what is she entitled to', 'what discounts', '有冇咩', '政府有什么…', a parent by marriage
    assert asks_screen("Grandma is 79 and lives in Macao. What is she entitled to?")
    assert asks_screen("My dad, 71, has just moved to Guilin. What discounts are there?")
    assert asks_screen("阿爺81歲，住喺澳門，有冇咩津貼？")
    assert asks_screen("外公90岁，住在桂林，政府有什么补助吗？")
    assert asks_screen("My mother-in-law is 77 and lives in Guangzhou. What can she claim?")


def test_an_age_set_off_by_commas_is_the_persons() -> None:
    assert parse_age("Grandma, 83, lives alone in Macao.") == 83
    assert parse_age("Tiers are set at ages 60, 65, 70 and 80.") is None


def test_a_parent_by_marriage_is_no_father() -> None:
    assert parse_profile("My father-in-law is 75. What help is there?").relation == "parent"
    assert parse_profile("我岳母七十岁").relation == "parent"


def test_an_identity_paper_held_is_a_status_not_a_benefit() -> None:
    from assistant.query import understand

    held = understand("爺爺持有澳門身份證，今年77歲，有咩可以攞？")
    assert held.benefits == () and held.profile.residence == "resident"
    english = understand("My aunt, 75, has a Hong Kong identity card. What benefits are there?")
    assert english.profile.residence == "resident" and english.profile.resident
    # a paper asked about is still named ('怎么办理' asks of it), and one to bring is no status
    assert understand("深圳居住证怎么办理？").benefits
    assert understand("办理优待卡要带身份证吗？").profile.residence is None


def test_assessed_as_suited_to_a_kind_of_care_is_a_care_need() -> None:
    assert parse_profile("我爸爸经评估适合接受日间照顾服务", []).care_need
    assert parse_profile("My mother was assessed as suitable for residential care.", []).care_need
