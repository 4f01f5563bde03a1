"""A small gazetteer of the places our documents and askers name, across scripts and English.

Used to fill a document's region, to meet 'Guilin' with '桂林' in search, and to read an asker's region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Place:
    key: str  # canonical English name
    names_hans: tuple[str, ...]
    names_hant: tuple[str, ...]
    names_en: tuple[str, ...]
    parent: str | None = None  # key of the province / country it lies in

    @property
    def all_names(self) -> tuple[str, ...]:
        return self.names_hans + self.names_hant + self.names_en


def _p(key: str, hans: str, hant: str = "", en: str = "", parent: str | None = None) -> Place:
    return Place(
        key,
        tuple(n for n in hans.split("|") if n),
        tuple(n for n in (hant or hans).split("|") if n),
        tuple(n for n in (en or key).split("|") if n),
        parent,
    )


PLACES: tuple[Place, ...] = (
    _p("Mainland China", "中国大陆|内地|中国", "中國大陸|內地|中國", "Mainland China|China|PRC"),
    _p("Hong Kong", "香港", "香港", "Hong Kong|HKSAR|Hongkonger|Hong Konger"),
    _p("Macao", "澳门", "澳門", "Macao|Macau|Macanese"),
    _p("Taiwan", "台湾|台湾省", "臺灣|台灣", "Taiwan|R.O.C.|ROC|Taiwanese"),
    _p("Singapore", "新加坡", "新加坡", "Singapore|Singaporean"),
    _p("Guangdong", "广东|广东省", "廣東|廣東省", "Guangdong", "Mainland China"),
    _p("Fujian", "福建|福建省", "福建|福建省", "Fujian", "Mainland China"),
    _p("Guangxi", "广西|自治区", "廣西|自治區", "Guangxi", "Mainland China"),
    _p("Henan", "河南|河南省", "河南|河南省", "Henan", "Mainland China"),
    _p("Beijing", "北京|北京市", "北京|北京市", "Beijing|Peking", "Mainland China"),
    _p("Shanghai", "上海|上海市", "上海|上海市", "Shanghai|Shanghainese", "Mainland China"),
    _p("Guangzhou", "广州|广州市|穗", "廣州|廣州市", "Guangzhou|Canton", "Guangdong"),
    _p("Shenzhen", "深圳|深圳市", "深圳|深圳市", "Shenzhen", "Guangdong"),
    _p("Yunfu", "云浮|云浮市", "雲浮|雲浮市", "Yunfu", "Guangdong"),
    _p("Guilin", "桂林|桂林市", "桂林|桂林市", "Guilin|Kweilin", "Guangxi"),
    _p("Nanning", "南宁|南宁市", "南寧|南寧市", "Nanning", "Guangxi"),
    _p("Shangqiu", "商丘|商丘市", "商丘|商丘市", "Shangqiu", "Henan"),
    _p(
        "Luoyang",
        "洛阳|洛阳市|洛龙区|西工区|老城区",
        "洛陽|洛陽市|洛龍區|西工區",
        "Luoyang|Luolong|Xigong",
        "Henan",
    ),
    _p("Taipei", "台北|台北市", "臺北|台北|臺北市", "Taipei", "Taiwan"),
    _p("Kaohsiung", "高雄|高雄市", "高雄|高雄市", "Kaohsiung", "Taiwan"),
    _p("Chongqing", "重庆|重庆市", "重慶|重慶市", "Chongqing", "Mainland China"),
    _p("Hangzhou", "杭州|杭州市", "杭州|杭州市", "Hangzhou", "Mainland China"),
    _p("Wuhan", "武汉|武汉市", "武漢|武漢市", "Wuhan", "Mainland China"),
    _p("Chengdu", "成都|成都市", "成都|成都市", "Chengdu", "Mainland China"),
    _p("Foshan", "佛山|佛山市", "佛山|佛山市", "Foshan", "Guangdong"),
    _p("Dongguan", "东莞|东莞市", "東莞|東莞市", "Dongguan", "Guangdong"),
    _p("Zhuhai", "珠海|珠海市", "珠海|珠海市", "Zhuhai", "Guangdong"),
    _p("Shantou", "汕头|汕头市", "汕頭|汕頭市", "Shantou", "Guangdong"),
    _p("Tianjin", "天津|天津市", "天津|天津市", "Tianjin", "Mainland China"),
    _p("Nanjing", "南京|南京市", "南京|南京市", "Nanjing", "Mainland China"),
    _p("Suzhou", "苏州|苏州市", "蘇州|蘇州市", "Suzhou", "Mainland China"),
    _p("Xiamen", "厦门|厦门市", "廈門|廈門市", "Xiamen", "Fujian"),
    _p("Fuzhou", "福州|福州市", "福州|福州市", "Fuzhou", "Fujian"),
    _p("Zhengzhou", "郑州|郑州市", "鄭州|鄭州市", "Zhengzhou", "Henan"),
    _p("Xi'an", "西安|西安市", "西安|西安市", "Xi'an|Xian", "Mainland China"),
    _p("Changsha", "长沙|长沙市", "長沙|長沙市", "Changsha", "Mainland China"),
    _p("Taichung", "台中|台中市", "臺中|台中|臺中市", "Taichung", "Taiwan"),
    _p("Tainan", "台南|台南市", "臺南|台南|臺南市", "Tainan", "Taiwan"),
    _p("New Taipei", "新北|新北市", "新北|新北市", "New Taipei", "Taiwan"),
    _p("Japan", "日本", "日本", "Japan"),
    _p("South Korea", "韩国|南韩", "韓國|南韓", "South Korea|Korea"),
    _p("Australia", "澳大利亚|澳洲", "澳大利亞|澳洲", "Australia"),
    _p("Canada", "加拿大", "加拿大", "Canada"),
    _p("Malaysia", "马来西亚", "馬來西亞", "Malaysia"),
    _p("Germany", "德国", "德國", "Germany"),
    _p("United Kingdom", "英国", "英國", "United Kingdom|UK|Britain"),
    _p("United States", "美国", "美國", "United States|USA|America"),
)


@lru_cache(maxsize=1)
def _name_pattern() -> tuple[re.Pattern[str], dict[str, Place]]:
    by_name: dict[str, Place] = {}
    for place in PLACES:
        for name in place.all_names:
            by_name.setdefault(name.casefold(), place)
    names = sorted(by_name, key=len, reverse=True)
    # English names must stand as words; Chinese names match anywhere.
    parts = [rf"\b{re.escape(n)}\b" if n.isascii() else re.escape(n) for n in names]
    return re.compile("|".join(parts), re.IGNORECASE), by_name


def find_places(text: str) -> list[tuple[Place, str]]:
    """Every place named in `text`, in order, with the name as written."""
    pattern, by_name = _name_pattern()
    found = []
    for match in pattern.finditer(text):
        name = match.group(0)
        if name == "穗" and not re.search(r"穗(好办|城|府)", text[match.start() : match.start() + 3]):
            continue
        found.append((by_name[name.casefold()], name))
    return found


def place_by_key(key: str) -> Place | None:
    return next((p for p in PLACES if p.key == key), None)


def lineage(key: str) -> list[str]:
    """The place and every place containing it, innermost first: Guilin -> Guangxi -> Mainland China."""
    chain: list[str] = []
    place = place_by_key(key)
    while place is not None and place.key not in chain:
        chain.append(place.key)
        place = place_by_key(place.parent) if place.parent else None
    return chain


def main_region(text: str) -> str | None:
    """The most specific place a document is about: the most named city, else province, else country."""
    counts: dict[str, int] = {}
    first_name: dict[str, str] = {}
    for place, name in find_places(text):
        counts[place.key] = counts.get(place.key, 0) + 1
        first_name.setdefault(place.key, _primary_name(place, name))
    if not counts:
        return None

    best = max(counts, key=lambda k: (counts[k] >= 2 or len(counts) == 1, len(lineage(k)), counts[k]))
    return first_name[best]


def _primary_name(place: Place, written: str) -> str:
    """The place's main name in the script it was written in ('Luolong' -> 'Luoyang', '桂林市' -> '桂林')."""
    if written.isascii():
        return place.names_en[0]
    if written in place.names_hant and written not in place.names_hans:
        return place.names_hant[0]
    return place.names_hans[0]
